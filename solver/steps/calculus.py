"""Steps of multivariable calculus: partial derivatives, gradients, Hessians, Jacobians,
the multivariable chain rule, and critical points with their classification.

The builders (``partial_derivative``, ``gradient_vector``, ``hessian_matrix``) are shared
by several kinds; each partial derivative carries its own rule tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import sympy

from solver.exact import tidy
from solver.steps.base import Step
from solver.steps.differentiation import DerivativeRule, derivative_steps


@dataclass(frozen=True, kw_only=True)
class TidyDerivative(Step):
    """f' = g: the derivative rewritten in a shorter equal form."""

    expr: sympy.Expr
    result: sympy.Expr


@dataclass(frozen=True, kw_only=True)
class InTermsOfActivation(Step):
    """f' written through f itself when f is an activation: σ' = σ(1 − σ), tanh' = 1 − tanh²."""

    function: sympy.Expr
    variable: sympy.Symbol
    derivative: sympy.Expr
    shown: Any
    result: sympy.Expr


@dataclass(frozen=True, kw_only=True)
class PartialDerivative(Step):
    """∂f/∂xᵢ: differentiate f by xᵢ with every other variable held constant."""

    function: sympy.Expr
    variable: sympy.Symbol
    rule: DerivativeRule
    result: sympy.Expr


@dataclass(frozen=True, kw_only=True)
class GradientVector(Step):
    """∇f = (∂f/∂x₁, …, ∂f/∂xₙ)ᵀ, a column vector."""

    result_symbol: ClassVar[str | None] = r"\nabla f"

    function: sympy.Expr
    variables: tuple[sympy.Symbol, ...]
    partials: tuple[PartialDerivative, ...]
    result: sympy.ImmutableMatrix


@dataclass(frozen=True, kw_only=True)
class HessianMatrix(Step):
    """Hᵢⱼ = ∂²f/∂xᵢ∂xⱼ: row i is the gradient of ∂f/∂xᵢ (symmetric for smooth f)."""

    result_symbol: ClassVar[str | None] = r"H"

    function: sympy.Expr
    variables: tuple[sympy.Symbol, ...]
    gradient: sympy.ImmutableMatrix
    result: sympy.ImmutableMatrix


@dataclass(frozen=True, kw_only=True)
class EvaluateAtPoint(Step):
    """F(a): substitute xᵢ = aᵢ into every entry of F."""

    expr: Any
    variables: tuple[sympy.Symbol, ...]
    point: tuple[sympy.Expr, ...]
    result: Any
    name: str


@dataclass(frozen=True, kw_only=True)
class JacobianShape(Step):
    """f: ℝⁿ → ℝᵐ has an m×n Jacobian: one row per component fᵢ, one column per xⱼ."""

    functions: tuple[sympy.Expr, ...]
    variables: tuple[sympy.Symbol, ...]
    m: int
    n: int


@dataclass(frozen=True, kw_only=True)
class JacobianMatrix(Step):
    """Jᵢⱼ = ∂fᵢ/∂xⱼ (numerator layout): row i is the gradient of fᵢ, transposed."""

    result_symbol: ClassVar[str | None] = r"J_f"

    functions: tuple[sympy.Expr, ...]
    variables: tuple[sympy.Symbol, ...]
    result: sympy.ImmutableMatrix


@dataclass(frozen=True, kw_only=True)
class LocalDerivatives(Step):
    """The local derivatives of f(g₁, …, gₘ, x): ∂f/∂gⱼ in terms of g, and ∂gⱼ/∂xᵢ."""

    function: sympy.Expr
    intermediates: tuple[sympy.Symbol, ...]
    definitions: tuple[sympy.Expr, ...]
    variables: tuple[sympy.Symbol, ...]
    outer: tuple[sympy.Expr, ...]
    inner: tuple[tuple[sympy.Expr, ...], ...]


@dataclass(frozen=True, kw_only=True)
class MultivariableChainRule(Step):
    """∂f/∂xᵢ = Σⱼ ∂f/∂gⱼ · ∂gⱼ/∂xᵢ (+ ∂f/∂xᵢ with g held fixed when f names xᵢ itself).

    ``direct`` is None when f does not depend on xᵢ directly.
    """

    function: sympy.Expr
    variable: sympy.Symbol
    intermediates: tuple[sympy.Symbol, ...]
    outer: tuple[sympy.Expr, ...]
    inner: tuple[sympy.Expr, ...]
    direct: sympy.Expr | None
    in_terms_of_g: sympy.Expr
    result: sympy.Expr


@dataclass(frozen=True, kw_only=True)
class GradientEquations(Step):
    """Critical points solve ∇f = 0: one equation ∂f/∂xᵢ = 0 per variable."""

    equations: tuple[sympy.Expr, ...]
    variables: tuple[sympy.Symbol, ...]


@dataclass(frozen=True, kw_only=True)
class CriticalSolutions(Step):
    """The real solutions of ∇f = 0, periodic families written with integer parameters.

    ``solved`` is False when the system could not be solved exactly; ``reason`` says why
    there are no points (or why the list is unknown).
    """

    equations: tuple[sympy.Expr, ...]
    variables: tuple[sympy.Symbol, ...]
    points: tuple[tuple[sympy.Expr, ...], ...]
    parameters: tuple[tuple[sympy.Symbol, ...], ...]
    solved: bool
    reason: str = ""
    approximate: tuple[bool, ...] = ()
    gaps: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class CriticalElimination(Step):
    """A lex Gröbner basis reduces a polynomial system to one equation g(y) = 0 in its last
    variable; the real roots of g are isolated exactly and evaluated numerically, the other
    unknowns follow by back-substitution, and Newton's method polishes each point.

    ``roots`` and ``points`` are shown rounded; ``certified`` says the real roots of g
    give every real solution (shape position). When two solutions share a coordinate, the
    eliminated variable is a new unknown y = ``separating``, a linear form in the others.
    """

    equations: tuple[sympy.Expr, ...]
    variables: tuple[sympy.Symbol, ...]
    variable: sympy.Symbol
    eliminant: sympy.Expr
    lines: tuple[tuple[sympy.Expr, ...], ...]
    roots: tuple[sympy.Expr, ...]
    points: tuple[tuple[sympy.Expr, ...], ...]
    certified: bool
    separating: sympy.Expr | None = None


@dataclass(frozen=True, kw_only=True)
class ParitySplit(Step):
    """A family a + kp whose Hessian depends on the parity of k splits into
    k = 2j (a + 2jp) and k = 2j + 1 (a + p + 2jp), renamed back to k."""

    coordinates: tuple[sympy.Expr, ...]
    parameter: sympy.Symbol
    even: tuple[sympy.Expr, ...]
    odd: tuple[sympy.Expr, ...]


@dataclass(frozen=True, kw_only=True)
class ParityMerge(Step):
    """k even and k odd give critical points of the same type, so the whole family
    a + kp has that type."""

    coordinates: tuple[sympy.Expr, ...]
    parameter: sympy.Symbol
    classification: str


@dataclass(frozen=True, kw_only=True)
class CriticalPointType(Step):
    """Second-derivative test: H(a) positive definite ⇒ minimum, negative definite ⇒
    maximum, eigenvalues of both signs ⇒ saddle, otherwise (singular) inconclusive.

    Definiteness is read off the eigenvalues when they are exact and short, else off the
    leading principal minors (Sylvester's criterion).
    """

    coordinates: tuple[sympy.Expr, ...]
    parameters: tuple[sympy.Symbol, ...]
    hessian: sympy.ImmutableMatrix
    eigenvalues: tuple[sympy.Expr, ...]
    minors: tuple[sympy.Expr, ...]
    classification: str
    approximate: bool = False


# -- builders -----------------------------------------------------------------------------


def partial_derivative(function: sympy.Expr, variable: sympy.Symbol) -> PartialDerivative:
    rule = derivative_steps(function, variable, partial=True)
    return PartialDerivative(function=function, variable=variable, rule=rule,
                             result=tidy(rule.result))


def gradient_vector(function: sympy.Expr, variables) -> GradientVector:
    partials = tuple(partial_derivative(function, x) for x in variables)
    return GradientVector(function=function, variables=tuple(variables), partials=partials,
                          result=sympy.ImmutableMatrix([p.result for p in partials]))


def hessian_matrix(function: sympy.Expr, gradient: GradientVector) -> HessianMatrix:
    variables = gradient.variables
    rows = [[tidy(sympy.diff(entry, x)) for x in variables] for entry in gradient.result]
    return HessianMatrix(function=function, variables=variables, gradient=gradient.result,
                         result=sympy.ImmutableMatrix(rows))


def evaluate_at(expr, variables, point, name: str) -> EvaluateAtPoint:
    """``name`` says what is evaluated: "gradient" or "hessian"."""
    values = dict(zip(variables, point, strict=True))
    if isinstance(expr, sympy.MatrixBase):
        result = sympy.ImmutableMatrix(expr.applyfunc(lambda entry: entry.subs(values)))
    else:
        result = sympy.sympify(expr).subs(values)
    return EvaluateAtPoint(expr=expr, variables=tuple(variables), point=tuple(point),
                           result=result, name=name)
