"""Mistakes in matrix gradients."""

from __future__ import annotations

import sympy

from solver.answers import Named, Value
from solver.check.mistakes.core import Candidates, same_value
from solver.kinds.changes import named_values, negated, scaled
from solver.kinds.matrix_gradient import entry_matrix

Matrix = sympy.ImmutableMatrix


def matrix_gradient(inputs, solved, found: Candidates):
    if not isinstance(solved.answer, Named):
        return
    items = named_values(solved.answer)
    gradient, closed = items["gradient"], items.get("closed_form")
    shapes = {name: (rows, cols) for name, rows, cols in inputs.shapes}
    entries = entry_matrix(inputs.wrt, *shapes[inputs.wrt]).free_symbols

    def add(code, message, wrong, transform):
        if same_value(wrong, gradient):
            return
        found.add(code, message, Value(wrong), "gradient")
        if closed is not None:
            found.add(code, message, Value(transform(closed)), "closed_form")

    if gradient.shape != (1, 1):
        if 1 in gradient.shape:
            message = (f"your gradient is the transpose of the expected one: ∂f/∂{inputs.wrt} "
                       f"has the shape of {inputs.wrt} ({gradient.rows}×{gradient.cols})")
        else:
            message = ("your gradient is the transpose of the expected one: in denominator "
                       f"layout ∂f/∂{inputs.wrt} has the shape of {inputs.wrt}, entry (i, j) "
                       f"being ∂f/∂{inputs.wrt}_ij")
        add("transposed", message, Matrix(gradient.T), lambda c: c.T)
    if gradient.free_symbols & entries:
        add("missing_factor_2", "your gradient is missing the factor 2 from the square",
            scaled(gradient, sympy.Rational(1, 2)), lambda c: c / 2)
    add("sign_error", "your gradient has the wrong sign", negated(gradient), lambda c: -c)


KINDS = {
    "matrix_gradient": matrix_gradient,
}
