"""Reading a change-of-basis part: the new basis B (``to``), an optional old basis C
(``from``, default the standard basis), an optional map A and vectors, all in standard
coordinates."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.spec.reader import PartReader
from solver.spec.yamlsource import YScalar, YSeq

LARGEST = 5  # a worked B⁻¹ by Gauss–Jordan shows an n × 2n matrix after each batch


@dataclass(frozen=True)
class ChangeOfBasisInputs:
    """B (the new basis vectors as its columns), C (the old basis; None: the standard
    basis), A (the map in standard coordinates; None: none asked) and the vectors."""

    B: sympy.ImmutableMatrix
    C: sympy.ImmutableMatrix | None = None
    A: sympy.ImmutableMatrix | None = None
    vectors: tuple[sympy.ImmutableMatrix, ...] = ()

    @property
    def size(self) -> int:
        return self.B.rows


def read(r: PartReader) -> ChangeOfBasisInputs:
    B = _basis(r, "to")
    n = B.rows
    C = _basis(r, "from") if r.has("from") else None
    if C is not None and C.shape != B.shape:
        raise r.error("from", f"the old basis has {C.cols} vectors of {C.rows} entries, the "
                              f"new one {n} of {n}: both must be bases of the same space")
    A = None
    if r.has("map"):
        A = r.matrix("map")
        if A.shape != (n, n):
            raise r.error("map", f"a linear map of a space of dimension {n} has an {n}×{n} "
                                 f"matrix, found {A.rows}×{A.cols}")
    vectors: tuple[sympy.ImmutableMatrix, ...] = ()
    if r.has("vectors"):
        node = r.get("vectors")
        items = node.items if isinstance(node, YSeq) else []
        if not items:
            raise r.error("vectors", "expected a list of vectors, e.g. [[1, 2], [3, 0]]")
        vectors = tuple(r.matrix_node("vectors", item, vector=True) for item in items)
        for vector in vectors:
            if vector.rows != n:
                raise r.error("vectors", f"a vector of {vector.rows} entries: the basis "
                                         f"vectors have {n}")
    if A is None and not vectors and C is None:
        raise r.error(None, "nothing asked: give 'map' (a matrix to write in the new basis), "
                            "'vectors' (whose coordinates to find) or 'from' (an old basis)")
    return ChangeOfBasisInputs(B, C, A, vectors)


def _basis(r: PartReader, field: str) -> sympy.ImmutableMatrix:
    """A basis as a matrix whose columns are its vectors, or a list of given vectors."""
    node = r.get(field)
    if isinstance(node, YSeq) and node.items and all(
            isinstance(item, YScalar) and item.type == "str" for item in node.items):
        columns = [r.matrix_node(field, item, vector=True) for item in node.items]
        if len({column.rows for column in columns}) != 1:
            raise r.error(field, "basis vectors of different lengths")
        basis = sympy.ImmutableMatrix.hstack(*columns)
    else:
        basis = r.matrix(field)
    if not basis.is_square:
        raise r.error(field, f"{basis.cols} vectors of {basis.rows} entries are not a basis: "
                             f"a basis of a space of dimension {basis.rows} has {basis.rows} "
                             f"vectors (the matrix must be square)",
                      "write the basis vectors as the columns of the matrix")
    if basis.rows > LARGEST:
        raise r.error(field, f"a worked change of basis is shown up to dimension {LARGEST}")
    return basis
