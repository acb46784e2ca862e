"""A network's values passed through ``given``: each value is taken in the form the answers
show it and computed with as a matrix with a row per sample."""

from __future__ import annotations

import sympy

from solver.kinds.given import NOTHING, Given, NotCarried, numbers
from solver.nn.network import Layer, Network

Matrix = sympy.ImmutableMatrix


class Taken:
    """A network's values taken through ``given``: each is taken as the answers show it
    (the layout's orientation, a parameter in the shape the spec wrote it) and computed
    with as a matrix with a row per sample (a weight as in × out, a bias as a 1 × out row)."""

    def __init__(self, network: Network, given: Given = NOTHING):
        self.network = network
        self.given = given
        self.supplied: set[str] = set()  # the values that are the student's own

    def _supplied(self, name: str | tuple[str, ...], own: bool) -> None:
        if not own:
            self.supplied.add(name if isinstance(name, str) else name[0])

    def rows(self, name: str | tuple[str, ...], rows: Matrix, after=()) -> Matrix:
        """A value with a row per sample, shown in the layout."""
        if not self.given:
            return rows
        shown = self.network.show(rows)
        taken = self.given.take(name, shown, after=after,
                                read=lambda value: self.network.show(self._rows(value, rows.shape)))
        self._supplied(name, taken is shown)
        return rows if taken is shown else self.network.rows(taken)

    def parameter(self, name: str, layer: Layer, value: Matrix, bias: bool = False,
                  after=()) -> Matrix:
        """A weight (in × out) or bias (1 × out) of ``layer``, shown as the spec wrote it."""
        if not self.given:
            return value
        shown = layer.written(value, bias=bias)
        taken = self.given.take(
            name, shown, after=after,
            read=lambda given: layer.written(_unwritten(layer, given, bias), bias=bias))
        self._supplied(name, taken is shown)
        return value if taken is shown else _unwritten(layer, taken, bias)

    def _rows(self, value, shape: tuple[int, int]) -> Matrix:
        rows = self.network.rows(numbers(value))
        if rows.shape != shape:
            raise NotCarried
        return rows


def _unwritten(layer: Layer, value, bias: bool) -> Matrix:
    found = layer.unwritten(numbers(value), bias=bias)
    if found is None:
        raise NotCarried
    return found
