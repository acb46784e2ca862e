"""The multiclass SVM loss (CS231n, Weston–Watkins) and the binary hinge loss, with their
gradients.

For an example with scores s (one per class) and correct class y, each other class j has
the margin max(0, sⱼ − s_y + Δ) (Δ = 1 by default) and the example's loss is their sum
Lᵢ = Σ_{j≠y} max(0, sⱼ − s_y + Δ). Over a batch of N examples L = (1/N) Σᵢ Lᵢ
(``reduction: sum``: Σᵢ Lᵢ), plus λ‖W‖² = λ Σ W²ₖₗ with ``reg: λ``. The gradient by the
scores is ∂Lᵢ/∂sⱼ = 1[sⱼ − s_y + Δ > 0] for j ≠ y and ∂Lᵢ/∂s_y = −(the number of positive
margins); a margin of exactly 0 counts 0 (the subgradient CS231n's code takes). With
scores sᵢ = Wxᵢ (``layout: Wx``, the CS231n notes: W is classes × features, x a column;
``layout: xW``, the CS231n assignment: W is features × classes, X has a row per example and
S = XW), ∂L/∂W = Σᵢ (∂L/∂sᵢ) xᵢᵀ (in xW, Xᵀ ∂L/∂S), + 2λW. The binary hinge loss
(``loss: hinge``, labels ±1, one score per example) is Lᵢ = max(0, Δ − yᵢsᵢ), with
∂Lᵢ/∂sᵢ = −yᵢ when the margin is positive. Arithmetic is exact. The answer is ``loss`` and
``grad_scores`` (given scores) or ``grad_W`` (given W and x); the intermediate values are
``scores`` (from W), ``margins`` (each example's, 0 at its correct class), ``losses`` (per
example, for a batch) and ``grad_scores``. Values per example are shown as the scores are:
a column for one example or in the Wx layout, a row per example otherwise.
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.svm_loss.mistakes import mistakes
from solver.kinds.svm_loss.read import SvmInputs, read
from solver.kinds.svm_loss.rules import TEXTBOOK, Rules
from solver.kinds.svm_loss.solve import solve

KIND = Kind(
    name="svm_loss",
    summary="The multiclass SVM loss Σ_{j≠y} max(0, sⱼ − s_y + Δ) (or the binary hinge "
            "max(0, 1 − ys)) averaged over a batch, and its gradient by the scores or by W.",
    fields=(
        Field("scores", "the class scores: one example as a flat list, a batch as rows (one "
                        "row per example); for loss: hinge one score per example", required=False),
        Field("W", "instead of scores: the weights, classes × features in the Wx layout (s = "
                   "Wx), features × classes in xW (s = xW); a flat list for loss: hinge",
              required=False),
        Field("x", "with W: one example as a flat list, or a batch as rows", required=False),
        Field("labels", "the correct class of each example, counted from 0 (see first_class); "
                        "+1 or −1 for loss: hinge; 'label' for a single example"),
        Field("label", "the correct class of a single example (the same as labels)",
              required=False),
        Field("margin", "Δ ≥ 0, 1 by default", required=False),
        Field("loss", "multiclass (default) or hinge (binary, labels ±1)", required=False),
        Field("reduction", "mean (default: L = (1/N) Σ Lᵢ) or sum", required=False),
        Field("reg", "λ ≥ 0 with W: the loss also has λ‖W‖² (gradient 2λW)", required=False),
        Field("layout", "Wx (default: W is classes × features, s = Wx, as the CS231n notes) "
                        "or xW (W is features × classes, S = XW, as the CS231n assignment)",
              required=False),
        Field("first_class", "the number of the first class: 0 (default, as CS231n and "
                             "numpy) or 1", required=False),
    ),
    hint="a number, or a vector/matrix shaped like the scores (grad_W like W)",
    mistakes=mistakes,
    carries="Lᵢ and L from the student's margins; ∂L/∂s from their margins (1 where a "
            "margin is positive, −count at the correct class); ∂L/∂W from their ∂L/∂s; the "
            "margins from their scores",
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: svm_loss, labels: [0, 1, 2],
 scores: [[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]]}""",
)

__all__ = ["KIND", "TEXTBOOK", "Rules", "SvmInputs", "read", "solve"]
