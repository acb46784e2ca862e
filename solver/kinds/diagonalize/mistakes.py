"""Typical mistakes in a diagonalisation, each the kind's own solve with one rule changed.

P is answered up to a basis of each eigenspace; a mistaken P that is a right P all the same
(Pᵀ or P⁻¹ of some P can be) is dropped by the collector, which compares as the checker
does."""

from __future__ import annotations

from solver.answers import Named
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
    for code, rules, message in RULES:
        found.add_items(code, message, solve(inputs, rules=rules).answer.items)
