"""The steps of a Lagrange-multiplier solution: the Lagrangian, the stationarity system,
its cases, the candidates with f at each, whether the extremes exist, and the extremes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from solver.answers import approximately_shown
from solver.steps.base import Step


@dataclass(frozen=True, kw_only=True)
class LagrangianFunction(Step):
    """L = f − Σ λᵢ(gᵢ − cᵢ), one multiplier per constraint gᵢ = cᵢ (μⱼ for an
    inequality gⱼ ≤ cⱼ or gⱼ ≥ cⱼ). ``sign`` is −1 (the other convention, +1, only flips
    the multipliers' signs)."""

    f: sympy.Expr
    constraints: tuple[Any, ...]
    multipliers: tuple[sympy.Symbol, ...]
    sign: int
    result: sympy.Expr


@dataclass(frozen=True, kw_only=True)
class LagrangeConditions(Step):
    """At an extremum (where the constraints' gradients are independent) ∂L/∂xⱼ = 0 for
    every variable, ∇f = Σ λᵢ∇gᵢ, and every equality holds; an inequality adds
    complementary slackness μⱼ(gⱼ − cⱼ) = 0 and feasibility."""

    variables: tuple[sympy.Symbol, ...]
    partials: tuple[sympy.Expr, ...]
    equalities: tuple[Any, ...]
    inequalities: tuple[tuple[sympy.Symbol, Any], ...]


@dataclass(frozen=True, kw_only=True)
class LagrangeCaseSplit(Step):
    """A product is zero exactly when one of its factors is (ab = 0 ⇔ a = 0 or b = 0);
    complementary slackness μ(g − c) = 0 splits into μ = 0 (inactive) or g = c (active).
    ``cases`` holds each case's equations as (left, right) pairs."""

    equation: sympy.Expr | None
    cases: tuple[tuple[tuple[sympy.Expr, sympy.Expr], ...], ...]
    slackness: bool


@dataclass(frozen=True, kw_only=True)
class CandidateCheck:
    """A solution of one case: its variables and multipliers, and for an inequality
    problem whether it is feasible and which extremum the multipliers' signs allow."""

    point: tuple[sympy.Expr, ...]
    multipliers: tuple[sympy.Expr, ...]
    approximate: bool
    feasible: bool = True
    violated: Any = None  # the first inequality the point breaks
    role: str = "both"  # both | max | min | neither

    @property
    def shown(self) -> tuple[tuple, tuple]:
        """(point, multipliers) as printed: approximate ones to 6 significant figures."""
        if not self.approximate:
            return self.point, self.multipliers
        return approximately_shown(self.point), approximately_shown(self.multipliers)


@dataclass(frozen=True, kw_only=True)
class LagrangeCase(Step):
    """One case: the stationarity system with the case's equations, solved for every real
    solution (the critical-points search: factors, eliminations, polynomial systems).
    Multipliers that enter linearly are eliminated first: ∇f = Σλᵢ∇gᵢ needs the matrix
    [∇f | ∇g₁ … ∇gₖ] to have rank ≤ k, so its (k+1)-minors vanish (``minors``)."""

    number: int
    condition: tuple[tuple[sympy.Expr, sympy.Expr], ...]
    variables: tuple[sympy.Symbol, ...]
    multipliers: tuple[sympy.Symbol, ...]
    solutions: tuple[CandidateCheck, ...]
    solved: bool = True
    reason: str = ""
    orientation: tuple[int, ...] = ()  # +1 for ≤, −1 for ≥, per inequality
    eliminated: tuple[sympy.Symbol, ...] = ()  # multipliers eliminated before solving
    minors: tuple[sympy.Expr, ...] = ()  # the stationarity equations without them (= 0)
    expressed: tuple[tuple[sympy.Symbol, sympy.Expr], ...] = ()  # xⱼ = hⱼ(λ), then g(h(λ)) = c


@dataclass(frozen=True, kw_only=True)
class LagrangeSingularPoints(Step):
    """Lagrange's condition holds at an extremum only where ∇g ≠ 0: the points of the
    constraint with ∇g = 0 are candidates as well."""

    constraint: Any
    gradient: sympy.ImmutableMatrix
    variables: tuple[sympy.Symbol, ...]
    points: tuple[tuple[sympy.Expr, ...], ...]
    solved: bool = True


@dataclass(frozen=True, kw_only=True)
class LagrangeCandidates(Step):
    """f at every candidate: the largest value is the maximum and the smallest the minimum,
    when they exist. ``rows``: (point, multipliers or (), f value, role, approximate)."""

    f: sympy.Expr
    variables: tuple[sympy.Symbol, ...]
    multipliers: tuple[sympy.Symbol, ...]
    rows: tuple[tuple[Any, ...], ...]
    from_student: bool = False


@dataclass(frozen=True, kw_only=True)
class LagrangeExistence(Step):
    """Whether f has a maximum and a minimum on the set. A closed bounded set (compact):
    both exist (extreme value theorem). An affine set x = x₀ + Nt: f(x₀ + Nt) = φ(t), whose
    leading part decides. f → +∞ as ‖x‖ → ∞ (a definite quadratic): a minimum exists on
    the closed set. Else the candidates' values are only constrained-stationary values.

    ``argument``: compact | point | affine | curve | coercive | none; ``verdicts``:
    (goal, attained | unbounded | undecided) pairs; ``reasons`` the words for each."""

    argument: str
    verdicts: tuple[tuple[str, str], ...]
    reasons: tuple[tuple[str, str], ...]
    constraint: Any = None
    parameters: tuple[sympy.Symbol, ...] = ()
    parametrisation: tuple[sympy.Expr, ...] = ()
    variables: tuple[sympy.Symbol, ...] = ()
    restricted: sympy.Expr | None = None
    quadratic: sympy.Expr | None = None
    approaches: tuple[tuple[str, str], ...] = ()  # (goal, "x → ∞") where f → ±∞
    cut: bool = False  # the constraint is bounded on the affine set of the linear ones


@dataclass(frozen=True, kw_only=True)
class LagrangeExtremum(Step):
    """The maximum (minimum) of f on the set: the largest (smallest) candidate value, at
    every candidate attaining it, when it exists (shown to 6 significant figures when
    ``approximate``)."""

    goal: str
    verdict: str
    value: Any
    points: tuple[tuple[sympy.Expr, ...], ...]
    reason: str = ""
    approximate: bool = False
