"""The steps of a worked SVM loss: the scores s = Wx, each example's margins
max(0, sⱼ − s_y + Δ) and its loss, the loss over the batch, and the gradients with respect
to the scores and to W."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.steps.base import Step


@dataclass(frozen=True, kw_only=True)
class SvmScores(Step):
    """The scores of a linear classifier, s = Wx for each example (``Wx`` layout: W is
    classes × features) or s = xW (``xW``: W is features × classes); ``scores`` is shown
    with a column (``Wx``) or a row (``xW``) per example."""

    weight: Any
    samples: Any
    scores: Any
    layout: str
    batch: bool


@dataclass(frozen=True)
class SvmMarginTerm:
    """One class j ≠ y of an example: its score sⱼ, sⱼ − s_y + Δ and the margin (the term
    clamped at 0 by max(0, ·)); ``counted``: it enters the sum."""

    cls: int
    score: Any
    raw: Any
    value: Any
    counted: bool


@dataclass(frozen=True)
class SvmExample:
    """One example's margins and its loss Lᵢ = Σ_{j≠y} max(0, sⱼ − s_y + Δ)."""

    index: int
    label: int
    correct: Any  # s_y
    terms: tuple[SvmMarginTerm, ...]
    loss: Any


@dataclass(frozen=True, kw_only=True)
class SvmMargins(Step):
    """The multiclass SVM (Weston–Watkins, CS231n) loss of example i with correct class y:
    Lᵢ = Σ_{j≠y} max(0, sⱼ − s_y + Δ); the margin of the correct class is not a term (it
    would add Δ). ``clamped``: max(0, ·) is taken; ``margins`` holds every margin (0 at y)."""

    examples: tuple[SvmExample, ...]
    margin: Any
    first: int
    clamped: bool
    margins: Any
    detailed: bool


@dataclass(frozen=True)
class HingeExample:
    """One example of the binary hinge loss: label y = ±1, score s, Δ − ys and the loss."""

    index: int
    label: int
    score: Any
    raw: Any
    value: Any


@dataclass(frozen=True, kw_only=True)
class HingeMargins(Step):
    """The binary hinge loss of an example with label y ∈ {−1, +1} and score s:
    Lᵢ = max(0, Δ − y s) (Δ = 1 usually); 0 once ys ≥ Δ, the example classified with room."""

    examples: tuple[HingeExample, ...]
    margin: Any
    clamped: bool
    margins: Any


@dataclass(frozen=True, kw_only=True)
class SvmBatchLoss(Step):
    """L = (1/N) Σᵢ Lᵢ (``mean``) or Σᵢ Lᵢ (``sum``), plus λ‖W‖² = λ Σ W²ₖₗ when regularised."""

    losses: tuple[Any, ...]
    reduction: str
    data_loss: Any
    reg: Any
    squares: Any  # Σ W²
    reg_loss: Any
    loss: Any


@dataclass(frozen=True)
class SvmGradientRow:
    """One example's gradient of Lᵢ by the scores: 1 for each class with a positive
    margin, −(their count) at the correct class (binary: −y when the margin is positive)."""

    index: int
    label: int
    positive: tuple[int, ...]  # the classes with a positive margin (counted)
    count: int
    entries: tuple[Any, ...]


@dataclass(frozen=True, kw_only=True)
class SvmScoreGradient(Step):
    """∂Lᵢ/∂sⱼ = 1[mⱼ > 0] for j ≠ y and ∂Lᵢ/∂s_y = −Σ_{j≠y} 1[mⱼ > 0] (a margin of exactly
    0 counts 0: the subgradient CS231n takes); binary ∂Lᵢ/∂s = −y 1[m > 0]; ∂L/∂s divides
    by N for the mean. ``label_gradient``: the −count at y is there."""

    rows: tuple[SvmGradientRow, ...]
    binary: bool
    first: int
    reduction: str
    examples: int
    kink: bool  # a margin is exactly 0
    label_gradient: bool
    gradient: Any


@dataclass(frozen=True, kw_only=True)
class SvmWeightGradient(Step):
    """∂L/∂W = Σᵢ (∂L/∂sᵢ) xᵢᵀ (``Wx``: classes × features; in ``xW`` Xᵀ ∂L/∂S) since
    sᵢ = Wxᵢ; with the penalty λ‖W‖² also + 2λW."""

    layout: str
    samples: Any  # a row per example
    grad_rows: Any  # ∂L/∂S with a row per example
    product: Any  # Σᵢ (∂L/∂sᵢ) xᵢᵀ, shaped like W
    reg: Any
    reg_factor: Any
    weight: Any
    penalty: Any  # reg_factor · λ W, shaped like W (None without reg)
    gradient: Any
