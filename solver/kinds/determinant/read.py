"""Reading a determinant part: a square matrix of exact entries (symbolic ones when the
part names its ``constants``) and the method to show."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.spec.reader import NAME, PartReader, variables
from solver.spec.yamlsource import YSeq

METHODS = ("auto", "cofactor", "elimination")
COFACTOR_UP_TO = 3  # auto: cofactor expansion up to this size, elimination beyond
COFACTOR_AT_MOST = 4  # cofactor on request: a 5×5 expansion is 120 products, not a worked solution
LARGEST = 10  # a worked elimination shows n − 1 matrices of n × n entries


@dataclass(frozen=True)
class DeterminantInputs:
    """The matrix, what the problem calls it, and the method asked for (``auto``: cofactor
    expansion up to 3×3 and for symbolic entries, elimination beyond)."""

    matrix: sympy.ImmutableMatrix
    method: str = "auto"
    name: str = "A"

    @property
    def chosen(self) -> str:
        """The method the solution shows: ``single`` (1×1), ``cofactor`` or ``elimination``."""
        if self.matrix.rows == 1:
            return "single"
        if self.method == "auto":
            small = self.matrix.rows <= COFACTOR_UP_TO or bool(self.matrix.free_symbols)
            return "cofactor" if small else "elimination"
        return self.method


def read(r: PartReader) -> DeterminantInputs:
    matrix = _symbolic_matrix(r) if r.has("constants") else r.matrix("matrix")
    if not matrix.is_square:
        raise r.error("matrix", f"a determinant needs a square matrix, found "
                                f"{matrix.rows}×{matrix.cols}")
    if matrix.rows > LARGEST:
        raise r.error("matrix", f"a worked determinant is shown up to {LARGEST}×{LARGEST}, "
                                f"found {matrix.rows}×{matrix.cols}")
    method = r.choice("method", METHODS, "auto")
    if method == "cofactor" and matrix.rows > COFACTOR_AT_MOST:
        raise r.error("method", f"cofactor expansion is shown up to {COFACTOR_AT_MOST}×"
                                f"{COFACTOR_AT_MOST}, the matrix is {matrix.rows}×{matrix.cols}",
                      "use 'elimination' or 'auto'")
    if matrix.free_symbols and (method == "elimination" or matrix.rows > COFACTOR_AT_MOST):
        raise r.error("method", f"a matrix with symbolic entries is worked by cofactor "
                                f"expansion, up to {COFACTOR_AT_MOST}×{COFACTOR_AT_MOST}",
                      "use 'cofactor' or 'auto'" if matrix.rows <= COFACTOR_AT_MOST else None)
    source = r.source.get("matrix", "")
    name = source if source in r.given and NAME.fullmatch(source) else "A"
    return DeterminantInputs(matrix, method, name)


def _symbolic_matrix(r: PartReader) -> sympy.ImmutableMatrix:
    """The matrix by rows, each entry an expression in the part's ``constants``."""
    symbols = variables(r.names("constants"))
    node = r.get("matrix")
    if not (isinstance(node, YSeq) and node.items
            and all(isinstance(row, YSeq) and row.items for row in node.items)):
        raise r.error("matrix", "with constants, write the matrix by rows, e.g. [[a, b], [c, d]]")
    rows = [[r.expression_node("matrix", entry, symbols) for entry in row.items]
            for row in node.items]
    if len({len(row) for row in rows}) != 1:
        raise r.error("matrix", "rows of different lengths: "
                                + ", ".join(str(len(row)) for row in rows))
    if len(rows) > LARGEST or len(rows[0]) > LARGEST:
        raise r.error("matrix", f"a worked determinant is shown up to {LARGEST}×{LARGEST}")
    return sympy.ImmutableMatrix(rows)
