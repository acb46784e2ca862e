"""A change of basis, worked under ``rules`` (the textbook's unless a typical mistake
changes one): B⁻¹ by the inverse kind, T = B⁻¹C, Ã = B⁻¹AB and [v]_B = B⁻¹v. Vectors that
are not a basis give an answer saying which one depends on the ones before it."""

from __future__ import annotations

import sympy

from solver.answers import Named, Undefined, Value
from solver.elimination import forward
from solver.exact import tidy_exact
from solver.kinds.change_of_basis.read import ChangeOfBasisInputs
from solver.kinds.change_of_basis.rules import TEXTBOOK, Rules
from solver.kinds.change_of_basis.steps import (
    BasisCoordinates,
    BasisDependent,
    BasisInverse,
    MapInNewBasis,
    TransitionMatrix,
)
from solver.kinds.given import NOTHING, Given, numbers
from solver.kinds.inverse import InverseInputs
from solver.kinds.inverse import solve as invert
from solver.steps import Solved

Matrix = sympy.ImmutableMatrix


def _tidy(matrix) -> Matrix:
    return Matrix(matrix).applyfunc(tidy_exact)


def solve(inputs: ChangeOfBasisInputs, given: Given = NOTHING, rules: Rules = TEXTBOOK) -> Solved:
    """T, Ã and the coordinates; ``given`` may supply B_inv (all three are then worked from
    it), T, A_new and coords1, coords2, …"""
    B, C, n = inputs.B, inputs.C, inputs.size
    for field, basis in (("to", B), ("from", C)):
        if basis is not None and (refused := _not_a_basis(field, basis)) is not None:
            return refused
    inverses = _inverse_inputs(B, "B")
    inverted = invert(inverses)
    worked = BasisInverse(inverses=inverses, worked=inverted.steps,
                          result=inverted.answer.value)
    square = _reader((n, n))
    inverse = given.take("B_inv", worked.result, read=square)
    steps: list = [worked]
    items: list = []
    if rules.transition_reversed:  # C⁻¹B: from B- to C-coordinates
        left = sympy.eye(n) if C is None else invert(_inverse_inputs(C, "C")).answer.value
        computed = _tidy(left * B)
        used = Matrix(left)
    else:
        computed = _tidy(inverse if C is None else inverse * C)
        used = inverse
    T = given.take("T", computed, after=("B_inv",), read=square)
    steps.append(TransitionMatrix(B=B, C=C, inverse=used, result=T, check=_tidy(B * T),
                                  expected=Matrix(sympy.eye(n) if C is None else C),
                                  reversed=rules.transition_reversed))
    items.append(("T", Value(T)))
    if inputs.A is not None:
        A = inputs.A
        if rules.conjugation_reversed:  # B A B⁻¹
            inner = _tidy(A * inverse)
            computed = _tidy(B * inner)
        else:
            inner = _tidy(A * B)
            computed = _tidy(inverse * inner)
        A_new = given.take("A_new", computed, after=("B_inv",), read=square)
        steps.append(MapInNewBasis(A=A, B=B, inverse=inverse, inner=inner, result=A_new,
                                   trace=tidy_exact(A.trace()), det=tidy_exact(A.det()),
                                   reversed=rules.conjugation_reversed))
        items.append(("A_new", Value(A_new)))
    for index, vector in enumerate(inputs.vectors, start=1):
        name = f"coords{index}"
        factor = B if rules.coordinates_by_B else inverse
        coords = given.take(name, _tidy(factor * vector), after=("B_inv",),
                            read=_reader((n, 1)))
        steps.append(BasisCoordinates(index=index, vector=vector, inverse=factor, result=coords,
                                      check=_tidy(B * coords), by_B=rules.coordinates_by_B))
        items.append((name, Value(coords)))
    return Solved(tuple(steps), Named(tuple(items)), (("B_inv", Value(inverse)),))


def _not_a_basis(field: str, basis: Matrix) -> Solved | None:
    """None for a basis; else the answer naming the first vector that depends on the ones
    before it (the first column without a pivot), with B's singularity worked."""
    echelon = forward(basis)
    column = next((j for j in range(basis.cols) if j not in echelon.pivots), None)
    if column is None:
        return None
    letter = "b" if field == "to" else "c"
    name = "B" if field == "to" else "C"
    inverses = _inverse_inputs(basis, name)
    step = BasisDependent(field=field, inverses=inverses, worked=invert(inverses).steps,
                          column=column)
    earlier = ", ".join(f"{letter}{j + 1}" for j in range(column))
    reason = (f"{letter}{column + 1} is a linear combination of {earlier}" if column
              else f"{letter}1 is the zero vector")
    which = "new" if field == "to" else "old"
    return Solved((step,), Undefined(f"the {which} basis vectors are linearly dependent "
                                     f"({reason}): {name} is singular and not a basis"))


def _inverse_inputs(matrix: Matrix, name: str) -> InverseInputs:
    return InverseInputs(matrix, "auto", name)


def _reader(shape: tuple[int, int]):
    """A student's matrix of the given shape."""
    def read(value):
        return numbers(value, shape)
    return read
