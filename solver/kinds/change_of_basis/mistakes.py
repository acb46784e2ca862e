"""Typical mistakes in a change of basis, each the kind's own solve with one rule changed."""

from __future__ import annotations

from solver.answers import Named
from solver.kinds.change_of_basis.rules import Rules
from solver.kinds.change_of_basis.solve import solve

MISTAKES = (
    ("transition_reversed", Rules(transition_reversed=True), "T",
     "your matrix goes the other way, from B- to C-coordinates (C⁻¹B; B itself for the "
     "standard basis): since x = B[x]_B, the coordinates are [x]_B = B⁻¹C[x]_C, so T = B⁻¹C"),
    ("conjugation_reversed", Rules(conjugation_reversed=True), "A_new",
     "you conjugated the wrong way round, BAB⁻¹: in the basis B the map is B⁻¹AB (B turns "
     "B-coordinates into standard ones, A acts, B⁻¹ turns the result back)"),
    ("coordinates_by_B", Rules(coordinates_by_B=True), "coords",
     "you multiplied v by B; B turns coordinates into the vector (v = B[v]_B), so the "
     "coordinates are [v]_B = B⁻¹v"),
)


def mistakes(inputs, solved, found) -> None:
    """T = C⁻¹B (the reverse transition; B instead of B⁻¹ for the standard basis),
    Ã = BAB⁻¹, and coordinates Bv instead of B⁻¹v."""
    if not isinstance(solved.answer, Named):
        return
    for code, rules, item, message in MISTAKES:
        wrong = solve(inputs, rules=rules).answer
        for name, answer in wrong.items:
            if name.startswith(item):
                found.add(code, message, answer, name)
