"""Slips in differentiating: one wrong rule at one place of f.

A slip is the inner derivative of the chain rule dropped, the factor f'(g) of a nested
function dropped, d/dx cos = +sin, d/dx tanh = 1 + tanh², or the 2 of a square lost. Each
slip is re-differentiated exactly: f with the slipping subexpression replaced by an unknown
function h(x), differentiated, and h' replaced by the slip's rule. The kinds that
differentiate (derivative, gradient, partial derivatives, Jacobian) share these slips.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy

from solver.exact import tidy
from solver.render.printing import plain

MAX_SLIPS = 10
_SLIP = sympy.Function("slip", real=True)
_U = sympy.Dummy("u", real=True)


@dataclass(frozen=True)
class Slip:
    """``local(x)`` is d(node)/dx as the mistake computes it."""

    code: str
    message: str
    node: sympy.Expr
    local: Callable[[sympy.Symbol], sympy.Expr]


def _outer(node) -> sympy.Expr:
    """F'(g) for node = F(g) (a one-argument function or a constant power of g)."""
    if isinstance(node, sympy.Pow):
        return tidy(node.exp * node.base ** (node.exp - 1))
    return node.func(_U).diff(_U).xreplace({_U: node.args[0]})


def _name(node) -> str:
    return "the power" if isinstance(node, sympy.Pow) else node.func.__name__


def _composite(node, xs) -> bool:
    if isinstance(node, sympy.Pow):
        return not (node.exp.free_symbols & xs) and bool(node.base.free_symbols & xs)
    return isinstance(node, sympy.Function) and len(node.args) == 1 \
        and bool(node.args[0].free_symbols & xs)


def slips(f, variables) -> list[Slip]:
    """The slips possible in f, outermost chain-rule sites first."""
    xs = set(variables)
    if not isinstance(f, sympy.Expr):
        return []
    sites = []
    for node in sympy.preorder_traversal(f):
        if _composite(node, xs) and node not in sites:
            sites.append(node)
    nested = set()
    for node in sites:
        inner = node.base if isinstance(node, sympy.Pow) else node.args[0]
        nested.update(n for n in sympy.preorder_traversal(inner) if n in sites)
    one = len(xs) == 1
    (x0,) = tuple(xs) if one else (None,)
    dropped, middle, cosines, squares = [], [], [], []
    for node in sites:
        inner = node.base if isinstance(node, sympy.Pow) else node.args[0]
        try:
            outer = _outer(node)
        except (TypeError, ValueError, AttributeError, NotImplementedError):
            continue
        if inner not in xs:
            if one:
                what = (f"the factor {plain(tidy(sympy.diff(inner, x0)))} from "
                        f"{plain(inner)}")
            else:
                what = f"the derivative of the inner function {plain(inner)}"
            dropped.append(Slip(
                "dropped_inner_derivative",
                f"you dropped the inner derivative of the chain rule ({what} in "
                f"{plain(node)})",
                node, lambda x, outer=outer: outer))
            if node in nested and not isinstance(node, sympy.Pow) and outer != 1:
                middle.append(Slip(
                    "dropped_inner_derivative",
                    f"you dropped the factor {plain(outer)} of the chain rule (the derivative "
                    f"of {_name(node)} at {plain(inner)})",
                    node, lambda x, inner=inner: sympy.diff(inner, x)))
        if isinstance(node, sympy.cos):
            cosines.append(Slip(
                "sign_error",
                f"you used d/dx cos x = sin x in {plain(node)}; the derivative of cos is -sin",
                node, lambda x, inner=inner: sympy.sin(inner) * sympy.diff(inner, x)))
        if isinstance(node, sympy.tanh):
            cosines.append(Slip(
                "sign_error",
                f"you used d/dx tanh x = 1 + tanh²x in {plain(node)}; the derivative of tanh "
                f"is 1 - tanh²x",
                node, lambda x, inner=inner: (1 + sympy.tanh(inner) ** 2) * sympy.diff(inner, x)))
        if isinstance(node, sympy.Pow) and node.exp == 2:
            squares.append(Slip(
                "missing_factor_2",
                f"your derivative of {plain(node)} is missing the factor 2 from the square: "
                f"d(u^2) = 2u du",
                node, lambda x, inner=inner: inner * sympy.diff(inner, x)))
    return (dropped + middle + cosines + squares)[:MAX_SLIPS]


def slipped(f, x, slip: Slip):
    """df/dx with the slip's rule at its node, or None when the node does not hold x."""
    if not slip.node.has(x):
        return None
    h = _SLIP(x)
    derivative = sympy.diff(f.xreplace({slip.node: h}), x)
    derivative = derivative.xreplace({sympy.Derivative(h, x): slip.local(x)})
    derivative = derivative.xreplace({h: slip.node})
    if derivative.has(sympy.Derivative, sympy.Subs, _SLIP):
        return None
    return derivative


def slipped_vector(f, xs, slip: Slip, correct) -> list:
    """The partials of f by xs with one slip; entries the slip does not reach stay
    ``correct``."""
    entries = []
    for x, right in zip(xs, correct, strict=True):
        wrong = slipped(f, x, slip)
        entries.append(right if wrong is None else wrong)
    return entries
