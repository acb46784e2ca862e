"""Typical mistakes in eigenvalues: each λᵢ with the wrong sign (an eigenvalue of −A)."""

from __future__ import annotations

from solver.answers import Value
from solver.kinds.changes import negated


def mistakes(inputs, solved, found) -> None:
    """−λᵢ for each eigenvalue (an eigenvalue of −A)."""
    for name, item in solved.answer.items:
        if name.startswith("lambda"):
            found.add("sign_error",
                      "your eigenvalue has the wrong sign (it is an eigenvalue of −A): the "
                      "eigenvalues are the roots of det(A − λI) = 0",
                      Value(negated(item.value)), name)
