"""Solution sets of a linear system with infinitely many solutions, x = p + t₁v₁ + … + tᵣvᵣ.

The student's family x = q + s₁d₁ + … (or one vector with parameters in it, split into q
and the derivatives in each parameter) is the same set when the directions span the same
null space — rank D = r and rank [V | D] = r — and q solves the system: q − p lies in the
span of the vᵢ. All rank tests are exact.
"""

from __future__ import annotations

import sympy

from solver import answers as A
from solver.check.compare.policy import Comparison
from solver.check.compare.shown import show_vector
from solver.check.compare.spans import in_span, rank, vector
from solver.check.values import Family
from solver.plural import plural


def minus(a: list, b: list) -> list:
    """a − b entry by entry."""
    return [x - y for x, y in zip(a, b, strict=True)]


def compare_families(expected: A.InfinitelyMany, student: Family) -> Comparison:
    """Equal when the student's particular solution solves the same system and the
    directions span the same null space (rank tests, exact)."""
    particular = vector(expected.particular)
    basis = [vector(b) for b in expected.basis]
    n, r = len(particular), len(basis)
    mine = vector(student.particular)
    directions = [vector(d) for d in student.directions]
    parameters = tuple(student.parameters)
    if parameters and any(v.has(*parameters) for v in mine):
        # x = p + t·d written as one vector: split off the parameters
        directions += [[sympy.diff(v, t) for v in mine] for t in parameters]
        mine = [v.xreplace(dict.fromkeys(parameters, 0)) for v in mine]
    if len(mine) != n or any(len(d) != n for d in directions):
        return Comparison(False, "shape", f"expected vectors with {plural(n, 'entry', 'entries')}")
    general = show_family(expected)
    found, joint = rank(directions), rank(basis + directions)
    if joint > r:
        outside = next(d for d in directions if rank(basis + [d]) > r)
        return Comparison(False, "exact", f"the direction {show_vector(outside)} is not in "
                          f"the null space; the solutions are {general}")
    if found < r:
        return Comparison(False, "exact", f"the directions span {found} dimension"
                          f"{'s' if found != 1 else ''}, but the solutions have {r} free "
                          f"parameter{'s' if r != 1 else ''}: {general}")
    if not in_span(basis, minus(mine, particular)):
        return Comparison(False, "exact", f"{show_vector(mine)} does not solve the system; "
                          f"the solutions are {general}")
    return Comparison(True, "exact", "the same solution set")


def show_family(answer: A.InfinitelyMany) -> str:
    """(p) + t·(v) + …"""
    terms = [show_vector(vector(answer.particular))]
    terms += [f"{t}·{show_vector(vector(b))}"
              for t, b in zip(answer.parameters, answer.basis, strict=True)]
    return " + ".join(terms)
