"""Typical mistakes in an SVM loss, each the kind's own solve with one rule or input
changed: the correct class's margin counted, the −count at the correct class forgotten,
the batch summed instead of averaged (or the reverse), margins without max(0, ·), and the
penalty's gradient λW for 2λW."""

from __future__ import annotations

from dataclasses import replace

from solver.kinds.svm_loss.rules import TEXTBOOK, Rules
from solver.kinds.svm_loss.solve import solve


def mistakes(inputs, solved, found) -> None:
    """The correct class's margin Δ counted in Lᵢ, the −count at the correct class left out
    of ∂Lᵢ/∂s, the batch summed instead of averaged (or averaged instead of summed), margins
    without max(0, ·), and λW for the penalty's gradient 2λW."""

    def items(changed=inputs, rules=TEXTBOOK):
        return solve(changed, rules=rules).answer.items

    if not inputs.binary:
        found.add_items("label_margin_counted",
                        "you counted the correct class's own margin s_y − s_y + Δ = Δ in the "
                        "sum: Lᵢ sums over j ≠ yᵢ only, so each example's loss is Δ too large",
                        items(rules=Rules(label_term=True)))
        found.add_items("label_gradient_missing",
                        "your gradient has no −count at the correct class: every positive "
                        "margin sⱼ − s_y + Δ also depends on s_y, so ∂Lᵢ/∂s_y is minus the "
                        "number of positive margins",
                        items(rules=Rules(label_gradient=False)))
    if inputs.examples > 1:
        other = "sum" if inputs.reduction == "mean" else "mean"
        message = (f"you summed over the {inputs.examples} examples; the loss is their "
                   f"average, L = (1/N) Σ Lᵢ, and so is its gradient"
                   if other == "sum" else
                   f"you averaged over the {inputs.examples} examples; this loss is their sum "
                   f"Σ Lᵢ, and so is its gradient")
        found.add_items("batch_sum" if other == "sum" else "batch_mean", message,
                        items(replace(inputs, reduction=other)))
    found.add_items("no_max",
                    "your margins are not clamped at 0: a class scored well below the correct "
                    "one adds nothing, max(0, ·), and passes no gradient",
                    items(rules=Rules(clamped=False)))
    if inputs.reg is not None and inputs.reg != 0:
        found.add_items("reg_gradient_half",
                        "the gradient of the penalty λ‖W‖² is 2λW, not λW",
                        items(rules=Rules(reg_factor=1)))
