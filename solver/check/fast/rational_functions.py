"""A matrix of rational functions written out, compared entry by entry on syntax trees.

Against an answer that is a matrix (more than one entry) of rational functions with
rational coefficients, a student's list of rows (or flat list, a column), or a text the
reader reads as a matrix literal (``[[2/y, -2x/y^2], ...]``, a LaTeX matrix), is read as
syntax trees (``trees``). The full path reads every entry into SymPy and compares it with
``compare_scalars``: an entry equal as a rational function is "exact", and a wrong one is
refuted by sampling with a counterexample. Here every entry is told equal or not by the
identity test on its tree, and only the first wrong entry, whose counterexample the
verdict shows, is read into SymPy and compared by ``compare_scalars`` itself; the verdict
on the matrix is then put together by ``entry_verdicts``, as the full path does.

A typical mistake whose answer is a matrix of rational functions is recognised the same
way (``same_as``). Anything else — an entry the identity test cannot tell, a decimal, a
function, a name that is not one of the problem's symbols, a mistake of another kind —
is left to the full path (None).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sympy

from solver import answers as A
from solver.check import identity
from solver.check.compare.matrices import entry_verdicts
from solver.check.compare.policy import Comparison, Policy
from solver.check.compare.scalars import compare_scalars
from solver.check.fast.trees import Entry, Outside, compare_entry, written_entries
from solver.check.read.text import Refused
from solver.expr import ExprError

_SAME = Comparison(True, "exact", "equal")
_DIFFERENT = Comparison(False, "exact", "differs")  # stands for a wrong entry after the first

_NOT_READ = (Outside, Refused, ExprError, RecursionError, ZeroDivisionError)


@dataclass(frozen=True)
class RationalMatrix:
    """The comparison of a student's matrix with the answer, and its entries (oriented
    as the answer is) for telling the typical mistakes."""

    comparison: Comparison
    shape: tuple[int, int]
    entries: tuple[Entry, ...]
    names: Mapping[str, Any]
    seed: int

    def same_as(self, answer: A.Answer) -> bool | None:
        """Whether the full path finds the student's matrix equal to ``answer`` (a typical
        mistake's); None when the full path must tell."""
        if not isinstance(answer, A.Value) or answer.match != "equal":
            return None
        value = answer.value
        if not isinstance(value, sympy.MatrixBase) or 0 in value.shape:
            return None
        if value.shape != self.shape:
            return False  # a 1×1 matrix, taken as its entry, is another shape too
        try:
            for want, entry in zip(value, self.entries, strict=True):
                equal = compare_entry(want, entry, self.names, self.seed)
                if equal is not True:
                    return equal
        except _NOT_READ:
            return None
        return True


def rational_matrix(answer: A.Answer, raw: Any, names: Mapping[str, Any],
                    policy: Policy) -> RationalMatrix | None:
    """The student's matrix compared with a matrix of rational functions (see the module
    docstring); None for any other answer."""
    if not isinstance(raw, list | tuple | str) or policy.sigfigs is not None or policy.prove:
        return None
    if not isinstance(answer, A.Value) or answer.match != "equal":
        return None
    shape = _rational_shape(answer.value)
    if shape is None:
        return None
    rows, cols = shape
    try:
        written, entries = written_entries(raw, names)
        if rows == 1 and cols > 1 and written == (cols, 1):
            written = (1, cols)  # a column written for a row vector: its transpose
        if written != (rows, cols):
            return None
        verdicts: dict[tuple[int, int], Comparison] = {}
        for index, (want, entry) in enumerate(zip(answer.value, entries, strict=True)):
            equal = compare_entry(want, entry, names, policy.seed)
            if equal is None:
                return None
            if equal or any(verdict.equal is False for verdict in verdicts.values()):
                verdicts[index // cols, index % cols] = _SAME if equal else _DIFFERENT
                continue
            refuted = compare_scalars(want, entry.value(names), policy, False, None)
            if refuted.equal is not False:
                return None
            verdicts[index // cols, index % cols] = refuted
    except _NOT_READ:
        return None
    return RationalMatrix(entry_verdicts(verdicts, cols, policy), (rows, cols),
                          tuple(entries), names, policy.seed)


def _rational_shape(value) -> tuple[int, int] | None:
    """The shape of a matrix of more than one entry, each a rational function."""
    try:
        return _shape_of_rational(value)
    except TypeError:  # a mutable matrix
        return None


@lru_cache(maxsize=1024)
def _shape_of_rational(value) -> tuple[int, int] | None:
    if not isinstance(value, sympy.MatrixBase) or value.rows * value.cols < 2:
        return None
    if any(identity.degree_bound(entry) is None for entry in value):
        return None
    return value.rows, value.cols
