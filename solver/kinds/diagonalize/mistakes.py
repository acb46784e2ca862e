"""Typical mistakes in a diagonalisation, each the kind's own solve with one rule changed.

P is answered up to a basis of each eigenspace, so a mistaken P counts only when it is no
right P under that comparison (Pᵀ or P⁻¹ of some P are themselves a right P)."""

from __future__ import annotations

from solver.answers import Named, Value
from solver.check.unordered import compare_unordered
from solver.check.values import Written
from solver.kinds.diagonalize.rules import Rules
from solver.kinds.diagonalize.solve import solve

ORDER = ("the eigenvalues on the diagonal of D are not in the order of the eigenvectors in P: "
         "the i-th diagonal entry of D must be the eigenvalue of the i-th column of P")

RULES = (
    ("order_mismatched", Rules(reversed_order="D"), ORDER),
    ("order_mismatched", Rules(reversed_order="P"), ORDER),
    ("eigenvectors_as_rows", Rules(columns=False),
     "you wrote the eigenvectors as the rows of P (that is P^T); they are its columns, "
     "so that AP = PD"),
    ("inverse_as_P", Rules(inverse=True),
     "you gave P^-1 as P (A = P^-1 D P confused with A = P D P^-1): P has the eigenvectors "
     "as its columns"),
)


def mistakes(inputs, solved, found) -> None:
    """D or the columns of P in an order that does not match the other, the eigenvectors as
    the rows of P (Pᵀ), and P⁻¹ given as P (A = P⁻¹DP)."""
    if not isinstance(solved.answer, Named):
        return
    right = solved.answer["P"]
    for code, rules, message in RULES:
        items = solve(inputs, rules=rules).answer.items
        found.add_items(code, message, tuple(
            (name, item) for name, item in items
            if name != "P" or not _a_right_P(item, right)))


def _a_right_P(item, right: Value) -> bool:
    """Whether a mistaken P is a right P all the same (each block a basis of its eigenspace,
    orthonormal where asked), by the checker's comparison of the answer."""
    return isinstance(item, Value) and compare_unordered(
        right, Written(item.value, "")).equal is True
