"""The steps of a Taylor polynomial: the derivatives at the point, then the polynomial term
by term; for several variables f(a), ∇f(a) and H(a) (shared gradient and Hessian steps), the
partial derivatives of higher orders, and the sum by orders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from solver.steps.base import Step


@dataclass(frozen=True)
class TaylorDerivativeRow:
    """f⁽ᵏ⁾(x) and its value f⁽ᵏ⁾(a) (``defined`` False when it has none there)."""

    order: int
    derivative: Any
    value: Any
    defined: bool = True


@dataclass(frozen=True, kw_only=True)
class TaylorDerivativeTable(Step):
    """f, f′, f″, … up to f⁽ⁿ⁾: each row differentiates the one before it, then x = a is
    substituted."""

    function: Any
    variable: sympy.Symbol
    point: Any
    rows: tuple[TaylorDerivativeRow, ...]


@dataclass(frozen=True)
class TaylorTerm:
    """One term f⁽ᵏ⁾(a)/k! · (x − a)ᵏ of one variable, or a term of the sum of several: the
    derivative's value, what it is divided by, the coefficient, the factor (x − a)ᵏ, and
    the term printed with its sign in front of ``size`` = |coefficient| (``product`` is
    size · factor as SymPy writes it, x³/3)."""

    order: int
    value: Any
    divisor: int
    coefficient: Any
    factor: Any
    size: Any
    product: Any
    negative: bool
    value_size: Any  # |value|: the term is printed as ± value_size / divisor · factor
    multiplicity: int = 1  # k!/α!: a mixed term of the quadratic form counts Hᵢⱼ and Hⱼᵢ

    @property
    def vanishes(self) -> bool:
        return self.coefficient == 0

    @property
    def compact(self) -> bool:
        """size · factor reads as one fraction (x³/3, not 2x − 2 for 2(x − 1))."""
        return bool(self.size.is_Rational) and not self.factor.is_Add

    @property
    def product_kept(self) -> bool:
        """size · factor stays a product (a number times a sum is multiplied out)."""
        return not (self.size.is_Number and self.factor.is_Add)


@dataclass(frozen=True, kw_only=True)
class TaylorSum(Step):
    """Tₙ(x) = Σₖ₌₀ⁿ f⁽ᵏ⁾(a)/k! · (x − a)ᵏ: each derivative at a divided by k!, times the
    k-th power of x − a."""

    variable: sympy.Symbol
    point: Any
    order: int
    terms: tuple[TaylorTerm, ...]
    result: Any

    @property
    def shown_terms(self) -> tuple[TaylorTerm, ...]:
        return tuple(term for term in self.terms if not term.vanishes)

    @property
    def shift(self):
        """x − a."""
        return self.variable - self.point


@dataclass(frozen=True, kw_only=True)
class TaylorPointValue(Step):
    """f(a): substitute the point into f."""

    function: Any
    variables: tuple[sympy.Symbol, ...]
    point: tuple[Any, ...]
    result: Any


@dataclass(frozen=True)
class TaylorPartialRow:
    """D^αf (``alpha`` counts the derivatives by each variable), its named value and its
    value at a."""

    alpha: tuple[int, ...]
    name: str
    derivative: Any
    value: Any


@dataclass(frozen=True, kw_only=True)
class TaylorHigherPartials(Step):
    """The partial derivatives of one order k ≥ 3, one per multi-index α with |α| = k
    (mixed partials of a smooth f do not depend on the order of differentiation), each
    evaluated at a."""

    variables: tuple[sympy.Symbol, ...]
    point: tuple[Any, ...]
    order: int
    rows: tuple[TaylorPartialRow, ...]


@dataclass(frozen=True, kw_only=True)
class TaylorMultivariate(Step):
    """Tₙ(x) = f(a) + ∇f(a)ᵀ(x − a) + ½ (x − a)ᵀH(a)(x − a) + … (stopping at order n),
    the term of order k being (1/k!) Σ over ordered indices, so D^αf(a) (x − a)^α counts
    k!/α! times: ½ Hᵢᵢ(a)(xᵢ − aᵢ)² and, since Hᵢⱼ = Hⱼᵢ, Hᵢⱼ(a)(xᵢ − aᵢ)(xⱼ − aⱼ)."""

    variables: tuple[sympy.Symbol, ...]
    point: tuple[Any, ...]
    order: int
    value: Any
    gradient: Any
    hessian: Any
    displacement: Any
    terms: tuple[TaylorTerm, ...]
    result: Any

    @property
    def shown_terms(self) -> tuple[TaylorTerm, ...]:
        return tuple(term for term in self.terms if not term.vanishes)

    def of_order(self, order: int) -> tuple[TaylorTerm, ...]:
        """The terms of one order whose value is not 0."""
        return tuple(term for term in self.terms if term.order == order and term.value != 0)
