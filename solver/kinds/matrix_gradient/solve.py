"""∂f/∂X: f written out in the entries, differentiated by each entry of X (in X's shape),
the generic partial ∂f/∂Xᵢⱼ in index notation when f has one, and a closed form from the
catalogue when one matches."""

from __future__ import annotations

from functools import partial

import sympy

from solver.answers import Named, Value
from solver.exact import tidy
from solver.kinds.given import NOTHING, Given, expression
from solver.kinds.matrix_gradient.closed_forms import closed_form_search
from solver.kinds.matrix_gradient.evaluate import entry_values, evaluate
from solver.kinds.matrix_gradient.factors import factored_search, inverted, scalar_factors
from solver.kinds.matrix_gradient.index_algebra import index_partial
from solver.kinds.matrix_gradient.read import MatrixFunction, names_in_order
from solver.steps import Solved
from solver.steps.affine_parts import affine_parts
from solver.steps.matrix_calculus import (
    ClosedFormMatch,
    EntrywiseFunction,
    EntrywiseGradient,
    GradientLayout,
)

MAX_SHOWN_TERMS = 24
MAX_SHOWN_OPERATIONS = 200
LINE_WIDTH = 110
MAX_TIDY_OPERATIONS = 80


def solve(inputs: MatrixFunction, given: Given = NOTHING) -> Solved:
    """The gradient; ``given`` may supply f written out in the entries (``f_entries``).
    With a student's values only the gradient is worked out from them (the search for a
    closed form is not carried), so the solve stops there."""
    shapes = {name: (rows, cols) for name, rows, cols in inputs.shapes}
    values = entry_values(inputs)
    entries = {name: values[name] for name in shapes}
    f = evaluate(inputs.f, values)
    symbols = _symbols(entries)
    polynomial = f.is_polynomial(*symbols)
    shown = len(sympy.Add.make_args(f)) <= MAX_SHOWN_TERMS \
        and sympy.count_ops(f) <= MAX_SHOWN_OPERATIONS
    expanded = sympy.expand(f) if polynomial and shown else None
    if expanded == f or (expanded is not None
                         and len(sympy.Add.make_args(expanded)) > MAX_SHOWN_TERMS):
        expanded = None
    scalar = EntrywiseFunction(
        function=inputs.f, matrices=tuple((name, entries[name]) for name, _, _ in inputs.shapes),
        result=f, lines=_lines(_ordered_terms(f)) if shown else (), expanded=expanded,
        expanded_lines=_lines(_ordered_terms(expanded)) if expanded is not None else (),
        shown=shown)
    in_entries = expanded if expanded is not None else f
    written = given.take("f_entries", in_entries, read=expression)
    variable = entries[inputs.wrt]
    if written is in_entries:
        gradient = _gradient(f, variable, polynomial)
    else:
        gradient = _gradient(written, variable, written.is_polynomial(*symbols))
    given.take("gradient", gradient, after=("f_entries",))
    if given:
        return Solved((scalar,), Named((("gradient", Value(gradient)),)))
    steps = [scalar]
    generic = index_partial(inputs.f, shapes, dict(inputs.constants), inputs.wrt, entries,
                            gradient)
    if generic is not None:
        steps.append(generic)
    steps.append(EntrywiseGradient(variable=inputs.wrt, entries=tuple(
        tuple(row) for row in variable.tolist()), result=gradient))
    search = partial(closed_form_search, inputs.wrt, names_in_order(inputs.f), shapes,
                     entries, residuals=affine_parts(inputs.f, shapes, values),
                     inverses=inverted(inputs.f, shapes))
    closed = search(gradient)
    if not isinstance(closed, ClosedFormMatch):
        closed = factored_search(search, scalar_factors(inputs.f, f, shapes, entries),
                                 gradient) or closed
    steps.append(closed)
    rows, cols = shapes[inputs.wrt]
    steps.append(GradientLayout(variable=inputs.wrt, rows=rows, cols=cols))
    items = [("gradient", Value(gradient))]
    if isinstance(closed, ClosedFormMatch):
        items.append(("closed_form", Value(closed.expression)))
    intermediates = [("f_entries", Value(in_entries))]
    if generic is not None:
        intermediates.append(("partial", Value(generic.result)))
    return Solved(tuple(steps), Named(tuple(items)), tuple(intermediates))


def _gradient(f, variable: sympy.ImmutableMatrix, polynomial: bool) -> sympy.ImmutableMatrix:
    """(∂f/∂X)ᵢⱼ = ∂f/∂Xᵢⱼ, in the shape of X."""
    return sympy.ImmutableMatrix(variable.rows, variable.cols, [
        _tidy(sympy.diff(f, entry), polynomial) for entry in variable])


def _ordered_terms(expr: sympy.Expr) -> tuple[sympy.Expr, ...]:
    return tuple(expr.as_ordered_terms()) if isinstance(expr, sympy.Add) else (expr,)


def _lines(terms) -> tuple[tuple[sympy.Expr, ...], ...]:
    """Summands grouped into lines of about LINE_WIDTH characters of plain text."""
    lines: list[list[sympy.Expr]] = []
    width = LINE_WIDTH
    for term in terms:
        size = len(str(term)) + 3
        if width + size > LINE_WIDTH:
            lines.append([])
            width = 0
        lines[-1].append(term)
        width += size
    return tuple(tuple(line) for line in lines)


def _symbols(entries) -> list[sympy.Symbol]:
    return sorted({s for matrix in entries.values() for s in matrix.free_symbols}, key=str)


def _tidy(expr: sympy.Expr, polynomial: bool) -> sympy.Expr:
    """A short form of a partial: common factors pulled out of it as it comes or of its
    expansion, whichever is shorter (a long partial is kept as it comes)."""
    if sympy.count_ops(expr) > MAX_TIDY_OPERATIONS:
        return expr
    if not polynomial:
        return tidy(expr)
    candidates = (sympy.factor_terms(expr), sympy.factor_terms(sympy.expand(expr)))
    return min(candidates, key=sympy.count_ops)
