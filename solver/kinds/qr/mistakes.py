"""Typical mistakes in A = QR, each the kind's own solve with one rule changed: in the
Gram–Schmidt process that gives Q, or in the product that gives R."""

from __future__ import annotations

from solver.answers import Named
from solver.kinds.gram_schmidt import Rules as GramSchmidtRules
from solver.kinds.qr.rules import Rules
from solver.kinds.qr.solve import solve

MISTAKES = (
    ("r_missing_transpose", Rules(product="QA"),
     "your R is QA; since Q^T Q = I, R = Q^T A (r_ij = q_i^T a_j)"),
    ("r_transpose_misplaced", Rules(product="QAt"),
     "your R is Q A^T; R = Q^T A (r_ij = q_i^T a_j)"),
    ("not_normalised", Rules(normalize=False),
     "the columns of your Q are orthogonal but not unit vectors: divide each u_k by its norm"),
    ("projected_onto_originals", Rules(gram_schmidt=GramSchmidtRules(onto_orthogonal=False)),
     "you subtracted the projections onto the original columns a_j; Gram-Schmidt projects "
     "onto the orthogonalised u_j found so far"),
    ("projection_sign", Rules(gram_schmidt=GramSchmidtRules(sign=1)),
     "you added the projections; u_k = a_k MINUS the projections of a_k onto u_1, ..., u_(k-1)"),
)


def mistakes(inputs, solved, found) -> None:
    """R = QA or QAᵀ instead of QᵀA, Q with un-normalised columns, and Gram–Schmidt with
    projections onto the original columns or with their sign flipped."""
    if not isinstance(solved.answer, Named):
        return
    for code, rules, message in MISTAKES:
        answer = solve(inputs, rules=rules).answer
        if not isinstance(answer, Named):
            continue
        items = [(name, item) for name, item in answer.items if item.value is not None]
        found.add_items(code, message, items)
