"""The steps of scaled dot-product attention: the projections (when X is given), the scores
QKᵀ, their scaling by √d_k, the mask, the row-wise softmax and the weighted sum of the
values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.steps.base import Step


@dataclass(frozen=True, kw_only=True)
class AttentionProjections(Step):
    """Q = X W_Q, K = X W_K, V = X W_V: each position (a row of X) is projected to its query,
    key and value."""

    X: Any
    W_Q: Any
    W_K: Any
    W_V: Any
    Q: Any
    K: Any
    V: Any


@dataclass(frozen=True, kw_only=True)
class AttentionScores(Step):
    """S = QKᵀ (n × m): sᵢⱼ = qᵢ · kⱼ, how well query i matches key j. (``transposed``
    False: the product QK a typical mistake takes.)"""

    Q: Any
    K: Any
    keys: Any  # Kᵀ (or K)
    transposed: bool
    scores: Any


@dataclass(frozen=True, kw_only=True)
class AttentionScaling(Step):
    """S/√d_k: dot products of d_k entries grow like √d_k, so dividing by it keeps the
    softmax out of its flat regions. (``by`` "d_k": divided by d_k, a typical mistake.)"""

    d_k: int
    by: str  # sqrt | d_k
    divisor: Any
    scores: Any
    scaled: Any


@dataclass(frozen=True, kw_only=True)
class AttentionMask(Step):
    """A masked pair (mask entry 0) gets the score −∞, so that e^{−∞} = 0 gives it no
    weight; a causal mask lets query i see keys 1, …, i only. (``first`` False: the
    weights are zeroed after the softmax, a typical mistake.)"""

    mask: Any
    causal: bool
    first: bool
    masked: Any


@dataclass(frozen=True, kw_only=True)
class AttentionSoftmaxRow(Step):
    """aᵢⱼ = e^{xᵢⱼ} / Σₖ e^{xᵢₖ}: each row's exponentials over their sum (a column's when
    ``line`` is column)."""

    line: str  # row | column
    index: int
    entries: tuple[Any, ...]
    exps: tuple[Any, ...]
    total: Any
    weights: tuple[Any, ...]
    zeroed: tuple[bool, ...]  # weights zeroed after the softmax by the mask


@dataclass(frozen=True, kw_only=True)
class AttentionSoftmax(Step):
    """A = softmax(S/√d_k) row by row: every query's weights are positive and sum to 1."""

    over: str  # rows | columns
    rows: tuple[AttentionSoftmaxRow, ...]
    weights: Any


@dataclass(frozen=True, kw_only=True)
class AttentionOutput(Step):
    """Output = A V (n × d_v): each query's output is the average of the values weighted by
    its row of A."""

    weights: Any
    V: Any
    output: Any


@dataclass(frozen=True, kw_only=True)
class AttentionRowMasked(Step):
    """A query whose every key is masked has only −∞ scores: Σ e^{−∞} = 0 and its softmax
    is 0/0, undefined."""

    line: str  # row | column
    index: int
