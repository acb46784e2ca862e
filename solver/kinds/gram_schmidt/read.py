"""Reading a Gram–Schmidt part: a list of vectors of one length, an optional Gram matrix M
of the inner product ⟨x, y⟩ = xᵀMy, and whether to normalise."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.spec.reader import PartReader
from solver.spec.yamlsource import YSeq

LARGEST = 6  # vectors, and entries per vector, a worked process shows


@dataclass(frozen=True)
class GramSchmidtInputs:
    """The vectors (columns), M (None: the dot product), whether to normalise, and the
    letter the vectors are called by (v; a for the columns of a matrix)."""

    vectors: tuple[sympy.ImmutableMatrix, ...]
    inner: sympy.ImmutableMatrix | None = None
    normalize: bool = True
    letter: str = "v"


def read(r: PartReader) -> GramSchmidtInputs:
    node = r.get("vectors")
    if not (isinstance(node, YSeq) and node.items):
        raise r.error("vectors", "expected a list of vectors, e.g. [[1, 1, 0], [1, 0, 1]]")
    vectors = tuple(r.matrix_node("vectors", item, vector=True) for item in node.items)
    sizes = {vector.rows for vector in vectors}
    if len(sizes) != 1:
        raise r.error("vectors", "vectors of different lengths: "
                                 + ", ".join(str(vector.rows) for vector in vectors))
    size = sizes.pop()
    if len(vectors) > LARGEST or size > LARGEST:
        raise r.error("vectors", f"a worked Gram–Schmidt process is shown for up to {LARGEST} "
                                 f"vectors of up to {LARGEST} entries")
    inner = None
    if r.has("inner"):
        inner = r.matrix("inner")
        if inner.shape != (size, size):
            raise r.error("inner", f"the Gram matrix of an inner product on vectors of "
                                   f"{size} entries is {size}×{size}, found "
                                   f"{inner.rows}×{inner.cols}")
    return GramSchmidtInputs(vectors, inner, r.flag("normalize", True))
