"""The changes typical mistakes make to a value: a sign, a factor."""

from __future__ import annotations

import sympy

from solver.answers import Named, Value


def negated(value):
    """−value for a scalar or a matrix."""
    if isinstance(value, sympy.MatrixBase):
        return sympy.ImmutableMatrix(-value)
    return -value


def scaled(value, factor):
    """factor · value for a scalar or a matrix."""
    if isinstance(value, sympy.MatrixBase):
        return sympy.ImmutableMatrix(value * factor)
    return factor * value


def named_values(answer: Named) -> dict:
    """The named items of an answer that are values, as {name: value}."""
    return {name: item.value for name, item in answer.items if isinstance(item, Value)}
