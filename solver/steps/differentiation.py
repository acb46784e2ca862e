"""Differentiation as a tree of rules: ``derivative_steps(f, x)`` returns the root rule.

Every rule stores the expression it differentiates, the variable, its child rules and
its own result, so the derivative is the root's ``result``. A composition f(g(x)) is a
``ChainRule`` whose substitution variables (u, v, w, …) are named outermost first; a
chain of chains reads as one chain: u = sin v, v = x², df/dx = df/du du/dv dv/dx.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import sympy

from solver.numbers import symbol
from solver.steps.base import Step

SUBSTITUTION_NAMES = ("u", "v", "w", "s", "t", "r", "p", "q")


@dataclass(frozen=True, kw_only=True)
class DerivativeRule(Step):
    """d/dx f = result: the derivative of ``expr`` with respect to ``variable``.

    ``partial`` marks a partial derivative (the other variables held constant).
    """

    expr: sympy.Expr
    variable: sympy.Symbol
    result: sympy.Expr
    partial: bool = False


@dataclass(frozen=True, kw_only=True)
class ConstantRule(DerivativeRule):
    """d/dx c = 0 when c does not depend on x."""


@dataclass(frozen=True, kw_only=True)
class IdentityRule(DerivativeRule):
    """d/dx x = 1."""


@dataclass(frozen=True, kw_only=True)
class PowerRule(DerivativeRule):
    """d/dx xⁿ = n xⁿ⁻¹ for an exponent n that does not depend on x."""

    exponent: sympy.Expr


@dataclass(frozen=True, kw_only=True)
class ExponentialRule(DerivativeRule):
    """d/dx aˣ = aˣ ln a for a base a that does not depend on x."""

    base: sympy.Expr


@dataclass(frozen=True, kw_only=True)
class ExpRule(DerivativeRule):
    """d/dx eˣ = eˣ."""


@dataclass(frozen=True, kw_only=True)
class LogRule(DerivativeRule):
    """d/dx ln x = 1/x."""


@dataclass(frozen=True, kw_only=True)
class SinRule(DerivativeRule):
    """d/dx sin x = cos x."""


@dataclass(frozen=True, kw_only=True)
class CosRule(DerivativeRule):
    """d/dx cos x = −sin x."""


@dataclass(frozen=True, kw_only=True)
class TanRule(DerivativeRule):
    """d/dx tan x = 1 + tan² x = 1/cos² x."""


@dataclass(frozen=True, kw_only=True)
class SinhRule(DerivativeRule):
    """d/dx sinh x = cosh x."""


@dataclass(frozen=True, kw_only=True)
class CoshRule(DerivativeRule):
    """d/dx cosh x = sinh x."""


@dataclass(frozen=True, kw_only=True)
class TanhRule(DerivativeRule):
    """d/dx tanh x = 1 − tanh² x."""


@dataclass(frozen=True, kw_only=True)
class AsinRule(DerivativeRule):
    """d/dx arcsin x = 1/√(1 − x²)."""


@dataclass(frozen=True, kw_only=True)
class AcosRule(DerivativeRule):
    """d/dx arccos x = −1/√(1 − x²)."""


@dataclass(frozen=True, kw_only=True)
class AtanRule(DerivativeRule):
    """d/dx arctan x = 1/(1 + x²)."""


@dataclass(frozen=True, kw_only=True)
class AbsRule(DerivativeRule):
    """d/dx |x| = x/|x| = sign(x) for x ≠ 0 (|x| has no derivative at 0)."""


@dataclass(frozen=True, kw_only=True)
class TableRule(DerivativeRule):
    """d/dx f(x) = f'(x) read from a table of derivatives when no rule above names f."""


@dataclass(frozen=True, kw_only=True)
class SumRule(DerivativeRule):
    """d/dx (f₁ + … + fₙ) = f₁' + … + fₙ'."""

    substeps: tuple[DerivativeRule, ...]


@dataclass(frozen=True, kw_only=True)
class ConstantMultipleRule(DerivativeRule):
    """d/dx (c f) = c f' for a factor c that does not depend on x."""

    constant: sympy.Expr
    other: sympy.Expr
    substep: DerivativeRule


@dataclass(frozen=True, kw_only=True)
class ProductRule(DerivativeRule):
    """d/dx (f₁ f₂ ⋯ fₙ) = Σᵢ fᵢ' ∏_{j≠i} fⱼ; for two factors (fg)' = f'g + fg'."""

    factors: tuple[sympy.Expr, ...]
    substeps: tuple[DerivativeRule, ...]

    @property
    def terms(self) -> tuple[tuple[sympy.Expr, ...], ...]:
        """Term i of the sum as its factors: f₁ ⋯ fᵢ' ⋯ fₙ."""
        return tuple(tuple(step.result if j == i else factor
                           for j, factor in enumerate(self.factors))
                     for i, step in enumerate(self.substeps))


@dataclass(frozen=True, kw_only=True)
class QuotientRule(DerivativeRule):
    """d/dx (f/g) = (f'g − fg')/g²."""

    numerator: sympy.Expr
    denominator: sympy.Expr
    numerator_step: DerivativeRule
    denominator_step: DerivativeRule


@dataclass(frozen=True, kw_only=True)
class ChainRule(DerivativeRule):
    """d/dx f(g(x)) = f'(g(x)) g'(x): with u = g(x), df/dx = df/du · du/dx."""

    u: sympy.Symbol
    inner: sympy.Expr
    outer: sympy.Expr
    outer_step: DerivativeRule
    inner_step: DerivativeRule

    @property
    def chain(self) -> tuple[ChainRule, ...]:
        """This rule and the chain rules nested as inner steps, outermost first."""
        links = [self]
        while isinstance(links[-1].inner_step, ChainRule):
            links.append(links[-1].inner_step)
        return tuple(links)

    @property
    def substitutions(self) -> tuple[tuple[sympy.Symbol, sympy.Expr], ...]:
        """(u, g) pairs of the flattened chain: u = sin v, v = x²."""
        links = self.chain
        return tuple((link.u, links[i + 1].outer if i + 1 < len(links) else link.inner)
                     for i, link in enumerate(links))

    @property
    def local_derivatives(self) -> tuple[sympy.Expr, ...]:
        """df/du, du/dv, …, dw/dx of the flattened chain, each in its own variable."""
        links = self.chain
        return tuple(link.outer_step.result for link in links) + (links[-1].inner_step.result,)


@dataclass(frozen=True, kw_only=True)
class RewriteRule(DerivativeRule):
    """f = g ⇒ f' = g'; here f(x)^g(x) = e^{g(x) ln f(x)}."""

    rewritten: sympy.Expr
    substep: DerivativeRule


_ELEMENTARY: dict[type, type[DerivativeRule]] = {
    sympy.exp: ExpRule,
    sympy.log: LogRule,
    sympy.sin: SinRule,
    sympy.cos: CosRule,
    sympy.tan: TanRule,
    sympy.sinh: SinhRule,
    sympy.cosh: CoshRule,
    sympy.tanh: TanhRule,
    sympy.asin: AsinRule,
    sympy.acos: AcosRule,
    sympy.atan: AtanRule,
    sympy.Abs: AbsRule,
}


def _elementary_derivative(function: type, x: sympy.Symbol) -> sympy.Expr:
    table = {
        sympy.exp: sympy.exp(x),
        sympy.log: 1 / x,
        sympy.sin: sympy.cos(x),
        sympy.cos: -sympy.sin(x),
        sympy.tan: 1 + sympy.tan(x) ** 2,
        sympy.sinh: sympy.cosh(x),
        sympy.cosh: sympy.sinh(x),
        sympy.tanh: 1 - sympy.tanh(x) ** 2,
        sympy.asin: 1 / sympy.sqrt(1 - x**2),
        sympy.acos: -1 / sympy.sqrt(1 - x**2),
        sympy.atan: 1 / (1 + x**2),
        sympy.Abs: sympy.sign(x),
    }
    return table[function]


def _substitution_names(expr: sympy.Expr, x: sympy.Symbol) -> Iterator[sympy.Symbol]:
    taken = {str(s) for s in expr.free_symbols} | {str(x)}
    candidates = list(SUBSTITUTION_NAMES)
    candidates += [f"{name}{i}" for i in range(1, 100) for name in SUBSTITUTION_NAMES]
    for name in candidates:
        if name not in taken:
            yield symbol(name)


class _Builder:
    """Builds the rule tree top-down so substitution variables are named outermost first."""

    def __init__(self, expr: sympy.Expr, x: sympy.Symbol, partial: bool):
        self.x = x
        self.partial = partial
        self.names = _substitution_names(expr, x)

    def rule(self, cls, expr, x=None, **extra) -> DerivativeRule:
        x = self.x if x is None else x
        return cls(expr=expr, variable=x, partial=self.partial, **extra)

    def steps(self, expr: sympy.Expr) -> DerivativeRule:
        x = self.x
        if x not in expr.free_symbols:
            return self.rule(ConstantRule, expr, result=sympy.S.Zero)
        if expr == x:
            return self.rule(IdentityRule, expr, result=sympy.S.One)
        if expr.is_Add:
            substeps = tuple(self.steps(term) for term in expr.as_ordered_terms())
            return self.rule(SumRule, expr, substeps=substeps,
                             result=sympy.Add(*(step.result for step in substeps)))
        if expr.is_Mul:
            return self.product(expr)
        if expr.is_Pow:
            return self.power(expr)
        if isinstance(expr, sympy.Function) and len(expr.args) == 1:
            return self.function(expr)
        return self.rule(TableRule, expr, result=sympy.diff(expr, x))

    def product(self, expr: sympy.Mul) -> DerivativeRule:
        x = self.x
        constant, other = expr.as_independent(x, as_Add=False)
        if constant != 1:
            substep = self.steps(other)
            return self.rule(ConstantMultipleRule, expr, constant=constant, other=other,
                             substep=substep, result=constant * substep.result)
        factors = other.as_ordered_factors()
        below = [f for f in factors if f.is_Pow and f.exp.is_number and f.exp.is_negative]
        above = [f for f in factors if f not in below]
        if below and above:
            numerator = sympy.Mul(*above)
            denominator = sympy.Mul(*(1 / f for f in below))
            top, bottom = self.steps(numerator), self.steps(denominator)
            result = (top.result * denominator - numerator * bottom.result) / denominator**2
            return self.rule(QuotientRule, expr, numerator=numerator, denominator=denominator,
                             numerator_step=top, denominator_step=bottom, result=result)
        substeps = tuple(self.steps(f) for f in factors)
        result = sympy.Add(*(
            sympy.Mul(*(step.result if j == i else f for j, f in enumerate(factors)))
            for i, step in enumerate(substeps)))
        return self.rule(ProductRule, expr, factors=tuple(factors), substeps=substeps,
                         result=result)

    def power(self, expr: sympy.Pow) -> DerivativeRule:
        x = self.x
        base, exponent = expr.base, expr.exp
        if x not in exponent.free_symbols:
            if base == x:
                return self.rule(PowerRule, expr, exponent=exponent,
                                 result=exponent * x ** (exponent - 1))
            return self.chain(expr, base, lambda u: u**exponent)
        if x not in base.free_symbols:
            if exponent == x:
                return self.rule(ExponentialRule, expr, base=base,
                                 result=expr * sympy.log(base))
            return self.chain(expr, exponent, lambda u: base**u)
        rewritten = sympy.exp(exponent * sympy.log(base))
        substep = self.steps(rewritten)
        return self.rule(RewriteRule, expr, rewritten=rewritten, substep=substep,
                         result=substep.result.subs(rewritten, expr))

    def function(self, expr: sympy.Function) -> DerivativeRule:
        x = self.x
        (argument,) = expr.args
        kind = _ELEMENTARY.get(expr.func)
        if kind is None:
            return self.rule(TableRule, expr, result=sympy.diff(expr, x))
        if argument == x:
            return self.rule(kind, expr, result=_elementary_derivative(expr.func, x))
        return self.chain(expr, argument, expr.func)

    def chain(self, expr, inner, outer_of) -> ChainRule:
        u = next(self.names)
        outer = outer_of(u)
        outer_step = _Builder(outer, u, self.partial).steps(outer)
        inner_step = self.steps(inner)
        result = outer_step.result.subs(u, inner) * inner_step.result
        return self.rule(ChainRule, expr, u=u, inner=inner, outer=outer, outer_step=outer_step,
                         inner_step=inner_step, result=result)


def derivative_steps(expr: sympy.Expr, x: sympy.Symbol, partial: bool = False) -> DerivativeRule:
    """The rule tree of d/dx expr (∂/∂x when ``partial``); the derivative is its ``result``."""
    return _Builder(expr, x, partial).steps(sympy.sympify(expr))
