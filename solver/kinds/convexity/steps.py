"""The steps of a convexity test: the Hessian (f'' for one variable), its definiteness on the
domain (eigenvalues of a constant Hessian, principal minors as inequalities on the domain),
chords that show a failure, and the verdict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.steps.base import Step


@dataclass(frozen=True, kw_only=True)
class ConvexitySecondDerivative(Step):
    """For one variable, f is convex on an interval iff f'' ≥ 0 there: differentiate twice."""

    f: Any
    variable: Any
    first: Any
    second: Any


@dataclass(frozen=True, kw_only=True)
class ConvexityHessian(Step):
    """H_ij = ∂²f/∂x_i∂x_j; f is convex on a convex open set iff H is positive semidefinite
    at every point of it (concave iff negative semidefinite)."""

    f: Any
    variables: tuple[Any, ...]
    gradient: Any
    hessian: Any
    student: bool = False


@dataclass(frozen=True, kw_only=True)
class ConvexityEigenvalues(Step):
    """A constant symmetric H: its eigenvalues (roots of det(H − λI), all real) decide its
    definiteness; when they are not readable their signs are counted by Descartes' rule of
    signs on the characteristic polynomial, exact for a real-rooted one.
    ``counts`` is (negative, zero, positive) with multiplicity."""

    matrix: Any
    polynomial: Any
    factored: Any
    eigenvalues: tuple[tuple[Any, int], ...] | None
    counts: tuple[int, int, int]


@dataclass(frozen=True)
class MinorOnDomain:
    """A principal minor det H[S, S] of the rows and columns S (from 1), and what is known
    of its sign on the domain: ``proven`` (positive, nonnegative, zero, nonpositive,
    negative or None), a point where it is negative or positive."""

    rows: tuple[int, ...]
    block: Any
    value: Any
    proven: str | None
    negative_at: tuple | None
    positive_at: tuple | None


@dataclass(frozen=True, kw_only=True)
class ConvexityMinors(Step):
    """Sylvester's criterion on the domain: H ≻ 0 at every point iff every leading principal
    minor Δₖ > 0 there (H ≺ 0 iff (−1)ᵏΔₖ > 0); H ⪰ 0 iff every principal minor, not only
    the leading ones, is ≥ 0. ``which`` is "leading" or "principal"; ``only_first`` marks a
    test that read the first minor alone."""

    matrix: Any
    variables: tuple[Any, ...]
    minors: tuple[MinorOnDomain, ...]
    which: str
    only_first: bool = False


@dataclass(frozen=True, kw_only=True)
class SecondDerivativeSign(Step):
    """The sign of f'' on the domain, as an inequality in the variable: f'' ≥ 0 everywhere
    means convex, and f'' > 0 except at isolated points means strictly convex (x⁴: f'' = 12x²
    vanishes only at 0, yet every chord lies strictly above the graph)."""

    second: Any
    variable: Any
    proven: str | None
    zeros: tuple[Any, ...] | None
    negative_at: Any
    positive_at: Any


@dataclass(frozen=True, kw_only=True)
class ChordComparison(Step):
    """The definition at t = ½: f is convex iff f((a + b)/2) ≤ (f(a) + f(b))/2 for all a, b.
    ``relation`` says where the graph's midpoint lies against the chord: "above" (so f is
    not convex), "below" (not concave) or "on" (f is affine along the segment, so not
    strictly convex or concave)."""

    variables: tuple[Any, ...]
    a: tuple[Any, ...]
    b: tuple[Any, ...]
    midpoint: tuple[Any, ...]
    fa: Any
    fb: Any
    fm: Any
    chord: Any
    relation: str


@dataclass(frozen=True, kw_only=True)
class ConvexityConclusion(Step):
    """The verdict from the tests of H (convex side) and of −H (concave side): each side is
    "strict", "yes", "no" or "unknown"; ``basis`` says what settled strictness: "definite"
    (H ≻ 0), "isolated" (f'' ≥ 0 vanishing at isolated points only), "separable" (a sum of
    one-variable strictly convex terms), "finite_singular" (H ≻ 0 off finitely many points),
    "singular" (H singular everywhere: f is affine along a segment), or ""."""

    word: str
    convex: str
    concave: str
    basis: str
    one_variable: bool
