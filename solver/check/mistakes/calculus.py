"""Mistakes in derivatives, gradients, partial derivatives, Hessians, Jacobians and
critical points.

A slip is one wrong rule at one place of f: the inner derivative of the chain rule
dropped, the factor f'(g) of a nested function dropped, d/dx cos = +sin, d/dx tanh =
1 + tanh², or the 2 of a square lost. Each slip is re-differentiated exactly: f with the
slipping subexpression replaced by an unknown function h(x), differentiated, and h'
replaced by the slip's rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import sympy

from solver.answers import PointSet, Value
from solver.check.mistakes.core import Candidates
from solver.exact import tidy
from solver.kinds.changes import negated
from solver.render.printing import plain
from solver.steps.calculus import LocalDerivatives, MultivariableChainRule

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


def _slipped_vector(f, xs, slip: Slip, correct):
    """The gradient of f with one slip; entries the slip does not reach stay correct."""
    entries = []
    for x, right in zip(xs, correct, strict=True):
        wrong = slipped(f, x, slip)
        entries.append(right if wrong is None else wrong)
    return entries


# -- the kinds ------------------------------------------------------------------------------


def derivative(inputs, solved, found: Candidates):
    if not isinstance(solved.answer, Value):
        return
    for slip in slips(inputs.f, (inputs.wrt,)):
        found.add(slip.code, slip.message, _value(slipped(inputs.f, inputs.wrt, slip)))
    found.add("sign_error", "your derivative has the wrong sign",
              Value(negated(solved.answer.value)))


def _value(value):
    return None if value is None else Value(value)


def gradient(inputs, solved, found: Candidates):
    if not isinstance(solved.answer, Value):
        return
    symbolic = dict(solved.intermediates).get("symbolic", solved.answer).value
    point = None if inputs.at is None else dict(zip(inputs.wrt, inputs.at, strict=True))
    for slip in slips(inputs.f, inputs.wrt):
        entries = _slipped_vector(inputs.f, inputs.wrt, slip, symbolic)
        found.add(slip.code, slip.message, _at(entries, point))
    found.add("sign_error", "your gradient has the wrong sign",
              Value(negated(solved.answer.value)))


def _at(entries, point):
    if point is not None:
        entries = [sympy.sympify(entry).subs(point) for entry in entries]
        if any(entry.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) for entry in entries):
            return None
    return Value(sympy.ImmutableMatrix(entries))


def partial_derivatives(inputs, solved, found: Candidates):
    local = next(step for step in solved.steps if isinstance(step, LocalDerivatives))
    rules = [step for step in solved.steps if isinstance(step, MultivariableChainRule)]
    substitution = dict(inputs.where)
    names = [str(g) for g in local.intermediates]
    for rule in rules:
        x = str(rule.variable)
        terms = [a * b for a, b in zip(local.outer, rule.inner, strict=True)]
        direct = rule.direct or 0
        for j, (outer, inner) in enumerate(zip(local.outer, rule.inner, strict=True)):
            if inner in (0, 1) or outer == 0:
                continue
            wrong = sympy.Add(*terms[:j], outer, *terms[j + 1:]) + direct
            found.add("dropped_inner_derivative",
                      f"you dropped the inner derivative ∂{names[j]}/∂{x} = {plain(inner)} of "
                      f"the chain rule", _in_x(wrong, substitution), x)
        paths = [j for j, term in enumerate(terms) if term != 0]
        if len(paths) + (direct != 0) > 1:
            for j in paths:
                wrong = sympy.Add(*terms[:j], *terms[j + 1:]) + direct
                found.add("missing_chain_term",
                          f"you left out the path through {names[j]}: the term "
                          f"∂f/∂{names[j]} · ∂{names[j]}/∂{x}", _in_x(wrong, substitution), x)
    composed = inputs.f.xreplace(substitution)
    for slip in slips(composed, inputs.wrt):
        for x in inputs.wrt:
            found.add(slip.code, slip.message, _value(slipped(composed, x, slip)), str(x))
    for name, item in solved.answer.items:
        found.add("sign_error", f"your ∂f/∂{name} has the wrong sign",
                  Value(negated(item.value)), name)


def _in_x(expr, substitution):
    return Value(expr.xreplace(substitution))


def hessian(inputs, solved, found: Candidates):
    if isinstance(solved.answer, Value):
        found.add("sign_error", "your Hessian has the wrong sign",
                  Value(negated(solved.answer.value)))


def jacobian(inputs, solved, found: Candidates):
    matrix = solved.answer.value
    found.add("jacobian_transposed",
              "your Jacobian is the transpose: rows should be the functions, columns the "
              "variables", Value(sympy.ImmutableMatrix(matrix.T)))
    for slip in [s for fi in inputs.f for s in slips(fi, inputs.wrt)][:MAX_SLIPS]:
        rows = []
        for fi, row in zip(inputs.f, matrix.tolist(), strict=True):
            rows.append(_slipped_vector(fi, inputs.wrt, slip, row) if fi.has(slip.node)
                        else row)
        found.add(slip.code, slip.message, Value(sympy.ImmutableMatrix(rows)))
    found.add("sign_error", "your Jacobian has the wrong sign", Value(negated(matrix)))


_SWAP = {"minimum": "maximum", "maximum": "minimum"}


def critical_points(inputs, solved, found: Candidates):
    answer = solved.answer
    if not isinstance(answer, PointSet) or not any(p.classification in _SWAP
                                                   for p in answer.points):
        return
    points = tuple(replace(p, classification=_SWAP.get(p.classification, p.classification))
                   for p in answer.points)
    found.add("classification_swapped",
              "you swapped minimum and maximum: a positive definite Hessian (all eigenvalues "
              "positive) means a minimum, a negative definite one a maximum",
              replace(answer, points=points))


KINDS = {
    "derivative": derivative,
    "gradient": gradient,
    "partial_derivatives": partial_derivatives,
    "hessian": hessian,
    "jacobian": jacobian,
    "critical_points": critical_points,
}
