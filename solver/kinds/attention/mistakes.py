"""Typical mistakes in scaled dot-product attention, each the kind's own solve with the
scaling left out or one rule changed."""

from __future__ import annotations

from dataclasses import replace

from solver.answers import Named
from solver.kinds.attention.rules import Rules
from solver.kinds.attention.solve import solve
from solver.kinds.attention.steps import AttentionScores


def mistakes(inputs, solved, found) -> None:
    """No scaling by √d_k; scaling by d_k; softmax down the columns; QK for QKᵀ (when the
    shapes allow it); the mask applied after the softmax."""
    if not isinstance(solved.answer, Named):
        return
    if inputs.scaled:
        _add(found, "not_scaled", "divide the scores by √d_k before the softmax: "
                                  "softmax(QKᵀ/√d_k)", solve(replace(inputs, scaled=False)))
        _add(found, "scaled_by_d_k", "the scores are divided by √d_k, not by d_k",
             solve(inputs, rules=Rules(divisor="d_k")))
    _add(found, "softmax_over_columns", "the softmax runs along each row: every query's "
                                        "weights over the keys sum to 1",
         solve(inputs, rules=Rules(over="columns")))
    scores = next(step for step in solved.steps if isinstance(step, AttentionScores))
    if scores.K.rows == scores.K.cols:
        _add(found, "keys_not_transposed", "the scores are QKᵀ, each query dotted with each "
                                           "key (a row of K), not QK",
             solve(inputs, rules=Rules(transpose_keys=False)))
    if inputs.mask is not None:
        _add(found, "mask_after_softmax", "the mask sets masked scores to −∞ before the "
                                          "softmax, so that the remaining weights still sum "
                                          "to 1; zeroing weights after it leaves rows that "
                                          "do not", solve(inputs, rules=Rules(mask_first=False)))


def _add(found, code: str, message: str, mistaken) -> None:
    if isinstance(mistaken.answer, Named):
        found.add_items(code, message, mistaken.answer.items)
