"""Steps of optimisation: gradient descent, step-size bounds and quadratic minimisation.

The quadratic model throughout is L(θ) = ½ θᵀQθ − bᵀθ with Q symmetric, whose gradient is
Qθ − b and whose Hessian is Q. The builders at the end (``symmetry_check``,
``leading_minors``, ``spectrum``) compute the checks shared by several kinds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from solver.exact import sign_of
from solver.steps.base import Step

LAMBDA = sympy.Symbol("lambda")
ETA = sympy.Symbol("eta", positive=True)


# -- gradient descent ---------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class DescentGradient(Step):
    """∇f = (∂f/∂x₁, …, ∂f/∂xₙ)ᵀ: differentiate f by each variable, the others held fixed."""

    f: Any
    variables: tuple[sympy.Symbol, ...]
    gradient: sympy.ImmutableMatrix


@dataclass(frozen=True, kw_only=True)
class DescentIteration(Step):
    """θₖ₊₁ = θₖ − η ∇f(θₖ): step against the gradient, then evaluate f at the new point."""

    index: int
    theta: Any
    gradient: Any
    loss: Any
    learning_rate: Any
    scaled: Any
    theta_next: Any
    loss_next: Any

    @property
    def vector(self) -> bool:
        """True for several variables (θ a column), False for one (θ a number)."""
        return isinstance(self.theta, sympy.MatrixBase)

    @property
    def wrap(self) -> bool:
        """True when a scalar gradient or η times it is a sum or starts with a minus sign."""
        return not self.vector and any(
            value.is_Add or value.could_extract_minus_sign()
            for value in map(sympy.sympify, (self.gradient, self.scaled)))


@dataclass(frozen=True, kw_only=True)
class DescentStopped(Step):
    """An update needs f and ∇f finite and real at θₖ; outside their domain the iteration stops.

    ``part`` is "loss" or "gradient"; ``cause`` is one of "division_by_zero", "log_zero",
    "log_negative", "root_negative", "not_real", "infinite".
    """

    index: int
    theta: Any
    part: str
    expression: Any
    value: Any
    argument: Any
    cause: str


@dataclass(frozen=True, kw_only=True)
class DescentTooLarge(Step):
    """Exact iterates of a non-quadratic f can grow without bound in size; the run stops at θₖ."""

    index: int
    limit_digits: int


# -- learning-rate bound ------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ConstantHessian(Step):
    """H_ij = ∂²f/∂x_i∂x_j; a polynomial of total degree ≤ 2 has constant second derivatives."""

    f: Any
    variables: tuple[sympy.Symbol, ...]
    degree: int
    hessian: sympy.ImmutableMatrix


@dataclass(frozen=True, kw_only=True)
class VariableHessian(Step):
    """H_ij = ∂²f/∂x_i∂x_j; if H changes with θ, no single set of eigenvalues bounds η.

    ``degree`` is the total degree of f when f is a polynomial, else None.
    """

    f: Any
    variables: tuple[sympy.Symbol, ...]
    degree: int | None
    hessian: sympy.ImmutableMatrix
    depends_on: tuple[sympy.Symbol, ...]


@dataclass(frozen=True, kw_only=True)
class HessianSpectrum(Step):
    """The eigenvalues of H are the roots of det(H − λI) = 0."""

    matrix: sympy.ImmutableMatrix
    variable: sympy.Symbol
    polynomial: Any
    factored: Any
    eigenvalues: tuple[tuple[Any, int], ...]


@dataclass(frozen=True, kw_only=True)
class StepSizeCondition(Step):
    """With eₖ = θₖ − θ*, eₖ₊₁ = (I − ηH)eₖ; every eₖ → 0 iff |1 − ηλᵢ| < 1 for all i,
    i.e. iff 0 < η < 2/λ_max (H positive definite).

    ``factors`` are the 1 − ηλᵢ in the symbol η, ``bounds`` the 2/λᵢ, both per eigenvalue.
    """

    hessian: sympy.ImmutableMatrix
    eigenvalues: tuple[Any, ...]
    factors: tuple[Any, ...]
    bounds: tuple[Any, ...]
    lambda_max: Any
    bound: Any


@dataclass(frozen=True, kw_only=True)
class NoStepSize(Step):
    """An eigenvalue λ ≤ 0 of H gives the factor 1 − ηλ ≥ 1 for every η > 0: the error along
    its eigenvector v never shrinks.

    ``case`` is "negative" (f unbounded below), "zero_unbounded" (λ = 0 and the linear term
    c = ∇f(0) has vᵀc ≠ 0: f is linear and unbounded along v) or "zero_flat" (λ = 0 and c lies
    in the range of H: f is constant along v, the minimisers are not unique). ``factor`` is
    1 − ηλ in the symbol η; ``positive_max`` is the largest positive eigenvalue and
    ``settle_bound`` = 2/positive_max, both None when no eigenvalue is positive.
    """

    hessian: sympy.ImmutableMatrix
    eigenvalue: Any
    eigenvector: sympy.ImmutableMatrix
    factor: Any
    linear: sympy.ImmutableMatrix
    along: Any
    positive_max: Any
    settle_bound: Any
    case: str


# -- quadratic L(θ) = ½ θᵀQθ − bᵀθ ---------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class QuadraticFormSymmetry(Step):
    """∇(½θᵀQθ) = Qθ needs Q = Qᵀ (otherwise it is ½(Q + Qᵀ)θ)."""

    matrix: sympy.ImmutableMatrix
    transpose: sympy.ImmutableMatrix
    symmetric: bool


@dataclass(frozen=True, kw_only=True)
class LeadingMinorsTest(Step):
    """Sylvester's criterion: a symmetric Q is positive definite iff every leading principal
    minor Δₖ = det(Q[1..k, 1..k]) is > 0.

    ``signs`` holds each minor's sign (−1, 0, 1); ``failing`` is the size k of the first minor
    that is not positive, or None.
    """

    matrix: sympy.ImmutableMatrix
    blocks: tuple[sympy.ImmutableMatrix, ...]
    minors: tuple[Any, ...]
    signs: tuple[int, ...]
    failing: int | None

    @property
    def positive_definite(self) -> bool:
        return self.failing is None


@dataclass(frozen=True, kw_only=True)
class QuadraticSpectrum(Step):
    """The eigenvalues of a symmetric Q are real; their signs decide whether
    L(θ) = ½θᵀQθ − bᵀθ has a minimiser: one λ < 0 makes L unbounded below; λ = 0 with none
    negative gives either a flat valley of minimisers (b in the range of Q) or no minimum.

    ``eigenvalues`` holds (value, multiplicity) pairs when they were computed exactly, else
    is empty; ``negative``, ``zero`` and ``positive`` count eigenvalues with multiplicity.
    ``case`` is "negative", "singular_unbounded" or "singular_flat".
    """

    matrix: sympy.ImmutableMatrix
    variable: sympy.Symbol
    polynomial: Any
    eigenvalues: tuple[tuple[Any, int], ...]
    negative: int
    zero: int
    positive: int
    b_in_range: bool
    case: str


@dataclass(frozen=True, kw_only=True)
class StationaryCondition(Step):
    """∇L(θ) = Qθ − b for L(θ) = ½θᵀQθ − bᵀθ (Q symmetric); ∇L(θ) = 0 ⇔ Qθ = b."""

    Q: sympy.ImmutableMatrix
    b: sympy.ImmutableMatrix


@dataclass(frozen=True, kw_only=True)
class MinimiserSolve(Step):
    """θ* = Q⁻¹b, with Q⁻¹ = adj(Q)/det(Q) shown for n ≤ 3 (``inverse`` is None when the
    system Qθ = b is solved by elimination instead)."""

    Q: sympy.ImmutableMatrix
    b: sympy.ImmutableMatrix
    determinant: Any
    adjugate: sympy.ImmutableMatrix | None
    inverse: sympy.ImmutableMatrix | None
    solution: sympy.ImmutableMatrix


@dataclass(frozen=True, kw_only=True)
class QuadraticMinimumValue(Step):
    """L(θ*) = ½θ*ᵀQθ* − bᵀθ* = ½bᵀθ* − bᵀθ* = −½ bᵀθ* = −½ bᵀQ⁻¹b, since Qθ* = b."""

    b: sympy.ImmutableMatrix
    theta: sympy.ImmutableMatrix
    product: Any
    value: Any


@dataclass(frozen=True, kw_only=True)
class QuadraticGradient(Step):
    """g = ∇L(θₖ) = Qθₖ − b."""

    Q: sympy.ImmutableMatrix
    b: sympy.ImmutableMatrix
    theta: sympy.ImmutableMatrix
    product: sympy.ImmutableMatrix
    gradient: sympy.ImmutableMatrix


@dataclass(frozen=True, kw_only=True)
class AtStationaryPoint(Step):
    """g = ∇L(θₖ) = 0 and Q is positive definite: θₖ is already the minimiser, no step moves."""

    theta: sympy.ImmutableMatrix


@dataclass(frozen=True, kw_only=True)
class ExactLineSearch(Step):
    """φ(λ) = L(θₖ − λg) = L(θₖ) − λ gᵀg + ½λ² gᵀQg, so φ'(λ) = −gᵀg + λ gᵀQg = 0 gives
    λ = gᵀg / gᵀQg, a minimum since φ''(λ) = gᵀQg > 0."""

    gradient: sympy.ImmutableMatrix
    Q: sympy.ImmutableMatrix
    gg: Any
    gQg: Any
    step: Any


@dataclass(frozen=True, kw_only=True)
class LineSearchUpdate(Step):
    """θₖ₊₁ = θₖ − λg."""

    theta: sympy.ImmutableMatrix
    step: Any
    gradient: sympy.ImmutableMatrix
    theta_next: sympy.ImmutableMatrix


@dataclass(frozen=True, kw_only=True)
class QuadraticLossValue(Step):
    """L(θ) = ½θᵀQθ − bᵀθ at a point; ``label`` names the point ("k" or "k+1")."""

    label: str
    theta: sympy.ImmutableMatrix
    quadratic: Any
    linear: Any
    value: Any


@dataclass(frozen=True, kw_only=True)
class LineSearchDecrease(Step):
    """L(θₖ₊₁) = L(θₖ) − ½ (gᵀg)² / gᵀQg < L(θₖ) whenever g ≠ 0."""

    before: Any
    after: Any
    decrease: Any


# -- builders shared by the kinds ---------------------------------------------------------


def symmetry_check(matrix: sympy.ImmutableMatrix) -> QuadraticFormSymmetry:
    transpose = matrix.T
    symmetric = all(sign_of(entry) == 0 for entry in (matrix - transpose))
    return QuadraticFormSymmetry(matrix=matrix, transpose=transpose, symmetric=symmetric)


def leading_minors(matrix: sympy.ImmutableMatrix) -> LeadingMinorsTest:
    blocks, minors, signs = [], [], []
    for k in range(1, matrix.rows + 1):
        block = matrix[:k, :k]
        minor = block.det(method="bareiss")
        if not minor.is_Rational:
            minor = sympy.simplify(minor)
        blocks.append(sympy.ImmutableMatrix(block))
        minors.append(minor)
        signs.append(sign_of(minor))
    failing = next((k for k, sign in enumerate(signs, start=1) if sign <= 0), None)
    return LeadingMinorsTest(matrix=matrix, blocks=tuple(blocks), minors=tuple(minors),
                             signs=tuple(signs), failing=failing)


def characteristic(matrix: sympy.ImmutableMatrix) -> sympy.Poly:
    """det(M − λI) as a polynomial in λ (the sign makes its leading coefficient (−1)ⁿ)."""
    poly = matrix.charpoly(LAMBDA)  # det(λI − M)
    return sympy.Poly((-1) ** matrix.rows * poly.as_expr(), LAMBDA)


def exact_real_roots(poly: sympy.Poly) -> tuple[tuple[Any, int], ...] | None:
    """The real roots of a real-rooted polynomial with multiplicities, ascending; None if
    they could not be found exactly."""
    try:
        found = poly.real_roots(multiple=False)
    except (sympy.PolynomialError, NotImplementedError, sympy.DomainError):
        found = None
    if found is None or sum(m for _, m in found) != poly.degree():
        roots = sympy.roots(poly)
        if sum(roots.values()) != poly.degree() or any(
                sympy.im(root.expand(complex=True)).simplify() != 0 for root in roots):
            return None
        found = sorted(((sympy.simplify(r), m) for r, m in roots.items()),
                       key=lambda item: item[0].evalf(60))
    return tuple((root, int(m)) for root, m in found)


def sign_counts(poly: sympy.Poly) -> tuple[int, int, int]:
    """(negative, zero, positive) root counts of a real-rooted polynomial, by Descartes' rule
    of signs, which is exact when every root is real (as for a symmetric matrix)."""
    coefficients = list(reversed(poly.all_coeffs()))  # constant term first
    zero = next(i for i, c in enumerate(coefficients) if sign_of(c) != 0)
    rest = coefficients[zero:]
    signs = [sign_of(c) for c in rest]
    positive = _changes(signs)
    negative = _changes([s * (-1) ** i for i, s in enumerate(signs)])
    return negative, zero, positive


def _changes(signs: list[int]) -> int:
    nonzero = [s for s in signs if s != 0]
    return sum(1 for a, b in zip(nonzero, nonzero[1:], strict=False) if a != b)
