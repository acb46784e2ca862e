"""Typical mistakes in critical points: minimum and maximum swapped in the
second-derivative test."""

from __future__ import annotations

from dataclasses import replace

from solver.answers import PointSet

_SWAP = {"minimum": "maximum", "maximum": "minimum"}


def mistakes(inputs, solved, found) -> None:
    """Minimum and maximum swapped: the same points with every minimum called a maximum
    and every maximum a minimum."""
    answer = solved.answer
    if not isinstance(answer, PointSet) or not any(p.classification in _SWAP
                                                   for p in answer.points):
        return
    points = tuple(replace(p, classification=_SWAP.get(p.classification, p.classification))
                   for p in answer.points)
    found.add("classification_swapped",
              "you swapped minimum and maximum: a positive definite Hessian (all eigenvalues "
              "positive) means a minimum, a negative definite one a maximum",
              replace(answer, points=points))
