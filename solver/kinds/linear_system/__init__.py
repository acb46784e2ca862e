"""Linear systems Ax = b: unique, none, or infinitely many solutions, by elimination.

The augmented matrix [A | b] is reduced row by row. A row that reduces to 0 = c with c ≠ 0
is a contradiction (no solution); a pivot in every column gives the unique solution, checked
by substituting it into Ax; otherwise each free column is a parameter and the solution is
x = x_p + t₁n₁ + … (x_p with the free variables 0, nᵢ spanning the null space of A). A and b
of mismatched sizes make Ax = b undefined. The steps name A and b as the problem does.
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind, Without
from solver.kinds.linear_system.mistakes import mistakes
from solver.kinds.linear_system.read import LinearSystem, read
from solver.kinds.linear_system.solve import solve

KIND = Kind(
    name="linear_system",
    summary="Solve Ax = b: the unique solution, 'no solution' with the contradiction, or "
            "the general solution x = x_p + t n when there are infinitely many.",
    fields=(Field("A", "coefficient matrix (rows), or a name from 'given'"),
            Field("b", "right-hand side vector, or a name from 'given'")),
    hint="a vector [x1, x2], 'no solution', 'undefined', or x = [p1, p2] + t [n1, n2]",
    mistakes=mistakes,
    carries=Without("no chain: the solution is the part's one value, computed from A and b "
                    "directly"),
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: d, kind: linear_system, A: [[3, 6], [2, 4]], b: [1, 2]}",
)

__all__ = ["KIND", "LinearSystem", "read", "solve"]
