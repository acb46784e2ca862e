"""A = LU (or PA = LU) by elimination under ``rules`` (the textbook's unless a typical
mistake changes one); ``given`` may supply a student's P, L and U."""

from __future__ import annotations

import sympy

from solver.answers import Named, Undefined, Value
from solver.kinds.given import NOTHING, Given, NotCarried, numbers
from solver.kinds.lu.elimination import Factored, eliminate
from solver.kinds.lu.read import LuInputs
from solver.kinds.lu.rules import TEXTBOOK, Rules
from solver.kinds.lu.steps import LuFactors, LuZeroPivot
from solver.steps import Solved

Matrix = sympy.ImmutableMatrix


def solve(inputs: LuInputs, given: Given = NOTHING, rules: Rules = TEXTBOOK) -> Solved:
    """P (partial pivoting), L and U; with a student's P, L and U from the elimination of
    their PA; with their L, U's rows from their multipliers."""
    A, n, partial = inputs.matrix, inputs.matrix.rows, inputs.pivoting == "partial"
    worked = eliminate(A, inputs.pivoting, rules)
    if worked.zero_pivot is not None:
        return Solved(worked.columns + (worked.zero_pivot,),
                      Undefined(zero_pivot_reason(worked.zero_pivot)))
    base, P, after = worked, worked.P, ()
    if partial:
        P = given.take("P", worked.P, read=lambda value: permutation(value, n))
        if P != worked.P:
            base = _from_rows(Matrix(P * A), rules)
        after = ("P",)
    L = given.take("L", base.L, after=after, read=lambda value: lower(value, n))
    U = base.U if L == base.L else eliminate(Matrix(P * A), "none", rules, multipliers=L).U
    U = given.take("U", U, after=after + ("L",), read=lambda value: numbers(value, (n, n)))
    factors = LuFactors(P=P if partial else None, L=L, U=U, product=Matrix(L * U))
    items = (("P", Value(P)),) if partial else ()
    answer = Named(items + (("L", Value(L)), ("U", Value(U))))
    return Solved(worked.columns + (factors,), answer)


def _from_rows(PA: Matrix, rules: Rules) -> Factored:
    """L and U of a student's PA, without further swaps."""
    worked = eliminate(PA, "none", rules)
    if worked.zero_pivot is not None:
        raise NotCarried
    return worked


def zero_pivot_reason(stop: LuZeroPivot) -> str:
    k = stop.column + 1
    i, entry = stop.below[0]
    return (f"no LU factorisation without row exchanges: the pivot in row {k}, column {k} is "
            f"0 while the entry below it in row {i + 1} is {entry}; with partial pivoting "
            f"(a row swap first) PA = LU exists")


def permutation(value, n: int) -> Matrix:
    """A student's P: an n×n permutation matrix."""
    P = numbers(value, (n, n))
    if any(entry not in (0, 1) for entry in P) \
            or any(sum(P.row(i)) != 1 or sum(P.col(i)) != 1 for i in range(n)):
        raise NotCarried
    return P


def lower(value, n: int) -> Matrix:
    """A student's L: n×n and lower triangular (its multipliers below the diagonal)."""
    L = numbers(value, (n, n))
    if any(L[i, j] != 0 for i in range(n) for j in range(i + 1, n)):
        raise NotCarried
    return L
