"""Reading a subspace part: a spanning set (``vectors``) or a matrix with the space asked for
(``space``), whether the orthogonal complement is asked too, and the vectors to test."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.spec.reader import NAME, PartReader
from solver.spec.yamlsource import YScalar

SPACES = ("column", "null", "row", "left_null")


@dataclass(frozen=True)
class SubspaceInputs:
    """The matrix A and which of its four spaces is asked for; a spanning set v₁, …, vₖ is
    the column space of A = (v₁ ⋯ vₖ). ``members`` are the vectors to test (columns)."""

    matrix: sympy.ImmutableMatrix
    space: str = "column"
    complement: bool = False
    members: tuple[sympy.ImmutableMatrix, ...] = ()
    spanning: bool = False  # given as vectors v₁, …, vₖ rather than a matrix
    name: str = "A"

    @property
    def ambient(self) -> int:
        """n of ℝⁿ, where the space lives: the rows of A for the column and left null space,
        the columns for the null and row space."""
        return self.matrix.rows if self.space in ("column", "left_null") else self.matrix.cols


def read(r: PartReader) -> SubspaceInputs:
    if r.has("vectors") == r.has("matrix"):
        raise r.error("vectors" if r.has("vectors") else "matrix",
                      "give either 'vectors' (a spanning set) or 'matrix' with 'space'")
    if r.has("vectors"):
        if "space" in r.node.items:
            raise r.error("space", "a spanning set is its span; 'space' belongs with 'matrix'")
        vectors = r.matrix("vectors")
        matrix = sympy.ImmutableMatrix(vectors if vectors.cols == 1 else vectors.T)
        space, spanning, name = "column", True, "A"
    else:
        matrix = r.matrix("matrix")
        space = _space(r)
        if space not in SPACES:
            raise r.error("space", f"unknown space {space!r}: expected one of "
                                   f"{', '.join(SPACES)}")
        source = r.source.get("matrix", "")
        name = source if source in r.given and NAME.fullmatch(source) else "A"
        spanning = False
    inputs = SubspaceInputs(matrix, space, r.flag("complement"), (), spanning, name)
    if r.has("member"):
        member = r.matrix("member")
        vectors = (member,) if member.cols == 1 else tuple(
            sympy.ImmutableMatrix(member.row(i).T) for i in range(member.rows))
        wrong = [v.rows for v in vectors if v.rows != inputs.ambient]
        if wrong:
            raise r.error("member", f"the space lies in R^{inputs.ambient}, but a vector to "
                                    f"test has {wrong[0]} entries",
                          "a list of vectors, e.g. [[1, 2, 3], [0, 1, 0]]")
        inputs = SubspaceInputs(matrix, space, inputs.complement, vectors, spanning, name)
    return inputs


def _space(r: PartReader) -> str:
    """The space asked for; ``space: null`` is YAML's null token, read as written."""
    node = r.node.items.get("space")
    if isinstance(node, YScalar) and node.type == "null" and not node.quoted:
        if node.text == "null":
            return "null"
        raise r.error("space", f"expected one of {', '.join(SPACES)}, found {node.text!r}",
                      line=node.line)
    return r.text("space", "column")
