"""Typical mistakes in a matrix gradient, as the exact change each makes to the gradient
and to its closed form C: the transpose (numerator layout), the factor 2 of a square lost,
and the sign."""

from __future__ import annotations

import sympy

from solver.answers import Named, Value
from solver.kinds.changes import named_values, negated, scaled
from solver.numbers import entry_matrix


def mistakes(inputs, solved, found) -> None:
    """∂f/∂X and its closed form C transposed (when X is not 1×1), halved (when the
    gradient still holds entries of X, as from a square), and negated; a change that leaves
    the gradient as it is gives no candidate."""
    if not isinstance(solved.answer, Named):
        return
    items = named_values(solved.answer)
    gradient, closed = items["gradient"], items.get("closed_form")
    shapes = {name: (rows, cols) for name, rows, cols in inputs.shapes}
    entries = entry_matrix(inputs.wrt, *shapes[inputs.wrt]).free_symbols

    def add(code, message, wrong, transform):
        if _unchanged(wrong, gradient):
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
        add("transposed", message, sympy.ImmutableMatrix(gradient.T), lambda c: c.T)
    if gradient.free_symbols & entries:
        add("missing_factor_2", "your gradient is missing the factor 2 from the square",
            scaled(gradient, sympy.Rational(1, 2)), lambda c: c / 2)
    add("sign_error", "your gradient has the wrong sign", negated(gradient), lambda c: -c)


def _unchanged(wrong, gradient) -> bool:
    """The changed gradient equals the gradient, entry by entry identically in the entries
    (the kind's own test of a closed form)."""
    return wrong.shape == gradient.shape and all(
        sympy.expand(a - b) == 0 for a, b in zip(wrong, gradient, strict=True))
