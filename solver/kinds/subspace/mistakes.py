"""Typical mistakes in a subspace, each the kind's own solve with one rule changed: the
pivot columns of R taken for the column space, the rows of A kept for the row space, and
the nullity taken to be the rank. A mistaken basis that spans the right space anyway (the
rows of A always span the row space) is no mistake: only the items it changes count."""

from __future__ import annotations

import sympy

from solver.answers import Value
from solver.kinds.subspace.read import SubspaceInputs
from solver.kinds.subspace.rules import Rules
from solver.kinds.subspace.solve import solve

MISTAKES = (
    ("reduced_columns", Rules(column_basis="reduced"), ("column",),
     "you took the pivot columns of the reduced matrix R; the column space is spanned by the "
     "pivot columns of the original matrix (row operations change the columns)"),
    ("unreduced_rows", Rules(row_basis="original"), ("row",),
     "you kept every row of the original matrix, dependent ones too; the non-zero rows of "
     "the reduced form are a basis of the row space"),
    ("nullity_as_rank", Rules(nullity="rank"), ("null", "left_null"),
     "you gave the rank as the dimension of the null space; by rank–nullity "
     "dim N = number of columns − rank, the number of free variables"),
)


def mistakes(inputs, solved, found) -> None:
    """Pivot columns of R for C(A), the rows of A for R(A), and dim N(A) = rank A."""
    right = solved.answer["basis"]
    for code, rules, spaces, message in MISTAKES:
        if inputs.space not in spaces:
            continue
        items = solve(inputs, rules=rules).answer.items
        found.add_items(code, message, tuple(
            (name, item) for name, item in items
            if name != "basis" or not _same_space(item, right)))


def _same_space(first, second) -> bool:
    """Whether two bases span one space: joined, their span has the dimension of each."""
    if not (isinstance(first, Value) and isinstance(second, Value)):
        return False
    joined = sympy.ImmutableMatrix.hstack(first.value, second.value)
    dimension = solve(SubspaceInputs(joined)).answer["dimension"].value
    return dimension == first.value.cols == second.value.cols
