"""Closed forms with a scalar factor or an inverse: the matrices f inverts or takes the
determinant of (their inverses join the catalogue: ∇ log det X = X⁻ᵀ), and a scalar factor
shared by every entry of the gradient, divided out before the search and put back in front:
f itself when f is an exponential (∇ₓ e^{−½(x−μ)ᵀS⁻¹(x−μ)} = f·S⁻¹(μ − x)), or det M
(∇ det X = det X · X⁻ᵀ)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import sympy

from solver.expr import nodes as ast
from solver.kinds.matrix_gradient.evaluate import IDENTITY
from solver.numbers import symbol
from solver.steps.matrix_calculus import ClosedFormMatch

THE_FUNCTION = symbol("f")  # the scalar factor "f itself" in a closed form


def inverted(tree: ast.Node, shapes: dict[str, tuple[int, int]]) -> tuple[str, ...]:
    """The square matrices of f raised to a negative power or inside det( ), in order."""
    found: list[str] = []
    for node in ast.walk(tree):
        name = None
        if isinstance(node, ast.Pow) and isinstance(node.base, ast.Name) and \
                isinstance(node.exponent, ast.Neg):
            name = node.base.id
        elif isinstance(node, ast.Call) and node.func == "det" and len(node.args) == 1 and \
                isinstance(node.args[0], ast.Name):
            name = node.args[0].id
        if name in shapes and name != IDENTITY and shapes[name][0] == shapes[name][1] > 1 \
                and name not in found:
            found.append(name)
    return tuple(found)


def scalar_factors(tree: ast.Node, f, shapes, entries) -> list[tuple]:
    """(shown factor, its value in the entries): f itself for an exponential f, det M for
    each det( ) of a matrix name."""
    factors = []
    if f.has(sympy.exp):
        factors.append((THE_FUNCTION, f))
    for name in inverted(tree, shapes):
        det = sympy.factor(entries[name].det())
        factors.append((sympy.Determinant(sympy.MatrixSymbol(name, *shapes[name])), det))
    return factors


def factored_search(search: Callable, factors: list[tuple],
                    gradient: sympy.ImmutableMatrix) -> ClosedFormMatch | None:
    """The first closed form of gradient / s, with s put back in front."""
    for shown, value in factors:
        reduced = sympy.ImmutableMatrix(gradient.applyfunc(
            lambda entry, value=value: sympy.factor(sympy.powsimp(entry / value))))
        if any(entry.has(sympy.exp, sympy.log) for entry in reduced):
            continue
        found = search(reduced, move_sign=False)  # −f S⁻¹(x − μ), as courses write it
        if isinstance(found, ClosedFormMatch):
            inner = found.expression
            args = inner.args if isinstance(inner, sympy.MatMul) else (inner,)
            numbers = [a for a in args if a.is_number]
            matrices = [a for a in args if not a.is_number]
            return replace(found, expression=sympy.MatMul(*numbers, shown, *matrices),
                           inner=found.expression, factor=shown, factor_value=value)
    return None
