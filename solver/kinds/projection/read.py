"""Reading a projection part: the vectors spanning U (a list of vectors, a given vector, or
a given matrix whose columns span U), the point x, the optional Gram matrix M of the inner
product, and whether the projection matrix is asked for."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.plural import plural
from solver.spec.reader import PartReader
from solver.spec.yamlsource import YScalar, YSeq

MOST_VECTORS = 8  # a worked reduction shows a matrix with one column per vector


@dataclass(frozen=True)
class ProjectionInputs:
    """``vectors`` span U (each a column, possibly dependent); ``point`` is x; ``inner`` is
    the Gram matrix M of ⟨u, v⟩ = uᵀMv (None: the dot product); ``matrix``: also give P."""

    vectors: tuple[sympy.ImmutableMatrix, ...]
    point: sympy.ImmutableMatrix
    inner: sympy.ImmutableMatrix | None = None
    matrix: bool = False

    @property
    def spanning(self) -> sympy.ImmutableMatrix:
        """The vectors side by side, one column each."""
        return sympy.ImmutableMatrix.hstack(*self.vectors)

    @property
    def gram(self) -> sympy.ImmutableMatrix:
        """M, the identity when no inner product is given."""
        size = self.point.rows
        return self.inner if self.inner is not None else sympy.ImmutableMatrix.eye(size)


def read(r: PartReader) -> ProjectionInputs:
    point = r.matrix("point", vector=True)
    vectors = _vectors(r)
    size = point.rows
    for number, vector in enumerate(vectors, start=1):
        if vector.rows != size:
            raise r.error("onto", f"vector {number} has {plural(vector.rows, 'entry', 'entries')}"
                                  f", the point has {size}")
    if all(entry == 0 for vector in vectors for entry in vector):
        raise r.error("onto", "the vectors span only the zero vector",
                      "give at least one non-zero vector")
    inner = None
    if r.has("inner"):
        inner = r.matrix("inner")
        if inner.shape != (size, size):
            raise r.error("inner", f"the Gram matrix must be {size}×{size} for vectors with "
                                   f"{size} entries, found {inner.rows}×{inner.cols}")
    return ProjectionInputs(vectors, point, inner, r.flag("matrix"))


def _vectors(r: PartReader) -> tuple[sympy.ImmutableMatrix, ...]:
    """A flat list is one vector; a list of lists (or of given vectors) is one vector each;
    a given matrix spans U by its columns."""
    node = r.get("onto")
    if isinstance(node, YSeq) and node.items and all(
            isinstance(item, YSeq) or _given_vector(r, item) for item in node.items):
        vectors = tuple(r.matrix_node("onto", item, vector=True) for item in node.items)
    else:
        matrix = r.matrix_node("onto", node)
        vectors = tuple(sympy.ImmutableMatrix(matrix.col(j)) for j in range(matrix.cols))
    if len(vectors) > MOST_VECTORS:
        raise r.error("onto", f"at most {MOST_VECTORS} spanning vectors are worked, "
                              f"found {len(vectors)}")
    return vectors


def _given_vector(r: PartReader, item) -> bool:
    """A name from ``given`` that holds a vector or matrix (not a number)."""
    return isinstance(item, YScalar) and item.text in r.given \
        and isinstance(r.given_value(item.text), sympy.MatrixBase)
