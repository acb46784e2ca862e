"""Convexity through the Hessian: H (f'' for one variable), its definiteness on the domain
for f (convex side) and −f (concave side), chords that show each failure, and the
verdict; ``given`` may supply the Hessian, from which the rest follows."""

from __future__ import annotations

import sympy

from solver.answers import Undefined, Value, Word
from solver.exact import tidy
from solver.kinds.convexity.chords import chord
from solver.kinds.convexity.definiteness import definiteness
from solver.kinds.convexity.read import ConvexityInputs
from solver.kinds.convexity.rules import TEXTBOOK, Rules
from solver.kinds.convexity.sign import sample_points
from solver.kinds.convexity.steps import (
    ConvexityConclusion,
    ConvexityHessian,
    ConvexitySecondDerivative,
)
from solver.kinds.convexity.verdicts import VERDICTS, Curvature
from solver.kinds.given import ANSWER, NOTHING, Given, NotCarried, expressions
from solver.render.printing import plain
from solver.steps import Solved

Matrix = sympy.ImmutableMatrix
DOMAIN_SAMPLES = 30


def solve(inputs: ConvexityInputs, given: Given = NOTHING, rules: Rules = TEXTBOOK) -> Solved:
    """The verdict; ``given`` may supply the Hessian (``hessian``: f'' for one variable)."""
    f, xs, box = inputs.f, inputs.wrt, inputs.box
    n = len(xs)
    outside = _outside(f, box)
    if outside is not None:
        return Solved((), Undefined(outside))
    gradient = Matrix([tidy(sympy.diff(f, x)) for x in xs])
    H = Matrix(n, n, lambda i, j: tidy(sympy.diff(gradient[i], xs[j])))
    shown = H[0, 0] if n == 1 else H
    taken = given.take("hessian", shown, read=lambda value: _symmetric(value, n))
    own = taken is shown
    H = Matrix([[taken]]) if n == 1 else taken
    if n == 1:
        first: list = [ConvexitySecondDerivative(f=f, variable=xs[0], first=gradient[0],
                                                 second=H[0, 0])]
    else:
        first = [ConvexityHessian(f=f, variables=xs, gradient=gradient, hessian=H,
                                  student=not own)]
    tested = definiteness(H, box, rules)
    steps = first + list(tested.steps)
    named = [("hessian", Value(taken))]
    for name, value in tested.named:
        given.take(name, value, after=("hessian",))
        named.append((name, Value(value)))
    curvature = Curvature(tested.convex.status, tested.concave.status)
    if own:
        steps += _chords(f, box, tested)
    basis = next((side.basis for side in (tested.convex, tested.concave)
                  if side.status == "strict"), "")
    steps.append(ConvexityConclusion(word=curvature.word if curvature.decided else "",
                                     convex=curvature.convex, concave=curvature.concave,
                                     basis=basis, one_variable=n == 1))
    if not curvature.decided:
        return Solved(tuple(steps), Undefined(_undecided(curvature, tested)), tuple(named))
    verdict = given.take(("verdict", ANSWER), curvature.word, after=("hessian",))
    return Solved(tuple(steps), Word(verdict, VERDICTS), tuple(named))


def _chords(f, box, tested) -> list:
    """Chords that show the verdict: for "neither", one whose midpoint lies above the graph
    (not convex) and one below it (not concave); for a side that holds but not strictly, a
    segment along which f is affine."""
    sides = (tested.convex, tested.concave)
    if all(side.status == "no" for side in sides):
        found = [chord(f, box, tested.convex.witness, "above"),
                 chord(f, box, tested.concave.witness, "below")]
    elif "no" in (side.status for side in sides):
        found = [chord(f, box, side.flat, "on") for side in sides if side.status == "yes"]
    else:
        found = []
    return [step for step in found if step is not None]


def _symmetric(value, n: int) -> Matrix:
    """A student's Hessian: an n×n symmetric matrix of expressions (f'' for one variable)."""
    matrix = expressions(value, (n, n))
    if any(sympy.simplify(matrix[i, j] - matrix[j, i]) != 0
           for i in range(n) for j in range(i + 1, n)):
        raise NotCarried
    return matrix[0, 0] if n == 1 else matrix


def _outside(f, box) -> str | None:
    """Why f is not defined on the whole domain, or None: a sample point where f is not a
    finite real number."""
    xs = [b.variable for b in box]
    for count, point in enumerate(sample_points(box)):
        if count >= DOMAIN_SAMPLES:
            break
        value = f.xreplace(dict(zip(xs, point, strict=True)))
        if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo, sympy.I) \
                or value.is_real is False or value.is_finite is False:
            where = ", ".join(f"{x} = {plain(v)}" for x, v in zip(xs, point, strict=True))
            return (f"f is not defined on the whole domain (not a finite real number at "
                    f"{where}); give a domain on which it is, e.g. 'x > 0'")
    return None


def _undecided(curvature: Curvature, tested) -> str:
    strictness = [side for side, status in (("convex", tested.convex), ("concave", tested.concave))
                  if status.status == "unknown" and status.basis == "strictness"]
    if strictness:
        return (f"f is {strictness[0]} on the domain (its Hessian is semidefinite there), but "
                f"whether strictly could not be decided exactly: the Hessian is singular on "
                f"a set that was not shown to hold no segment along which f is affine")
    sides = [name for name, status in (("convex", curvature.convex),
                                        ("concave", curvature.concave))
             if status == "unknown"]
    return (f"whether f is {' or '.join(sides)} could not be decided exactly: the signs of "
            f"the Hessian's minors on the domain were neither proven nor refuted at a point")
