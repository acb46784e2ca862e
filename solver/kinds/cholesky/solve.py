"""A = LLᵀ worked column by column, under ``rules`` (the textbook's unless a typical mistake
changes one); a matrix that is not symmetric or not positive definite has no such L, and the
answer says why."""

from __future__ import annotations

import sympy

from solver.answers import Undefined, Value
from solver.exact import sign_of
from solver.kinds.cholesky.read import CholeskyInputs
from solver.kinds.cholesky.rules import TEXTBOOK, Rules
from solver.kinds.cholesky.steps import (
    CholeskyColumn,
    CholeskyDefiniteness,
    CholeskyFactor,
    CholeskySymmetryCheck,
    CholeskyTerm,
)
from solver.kinds.given import ANSWER, NOTHING, Given, NotCarried, number, numbers
from solver.render.printing import plain
from solver.steps import Solved
from solver.steps.optimization import leading_minors, symmetry_check


def entry_name(i: int, j: int) -> str:
    """The name of lᵢⱼ (indices from 0): l21 for the entry in row 2, column 1."""
    return f"l{i + 1}{j + 1}"


def solve(inputs: CholeskyInputs, given: Given = NOTHING, rules: Rules = TEXTBOOK) -> Solved:
    """L with A = LLᵀ; ``given`` may supply any entry lᵢⱼ (by its name ``l21``) and L."""
    A, name = inputs.matrix, inputs.name
    symmetry = CholeskySymmetryCheck(check=symmetry_check(A))
    if not symmetry.symmetric:
        i, j = next((i, j) for i in range(A.rows) for j in range(i)
                    if sign_of(A[i, j] - A[j, i]) != 0)
        return Solved((symmetry,), Undefined(
            f"{name} is not symmetric (its entry in row {i + 1}, column {j + 1} is "
            f"{plain(A[i, j])} but the one in row {j + 1}, column {i + 1} is {plain(A[j, i])}), "
            f"and LLᵀ is always symmetric, so {name} has no Cholesky factorisation"))
    definiteness = CholeskyDefiniteness(test=leading_minors(A))
    if not definiteness.positive_definite:
        k = definiteness.test.failing
        return Solved((symmetry, definiteness), Undefined(
            f"{name} is not positive definite: its leading principal minor of order {k} is "
            f"{plain(definiteness.test.minors[k - 1])}, not positive, so {name} has no "
            f"Cholesky factorisation LLᵀ with a positive diagonal"))
    L, columns, entries = _factor(A, given, rules)
    shown = sympy.ImmutableMatrix(L)
    factor = CholeskyFactor(factor=shown, product=(shown * shown.T).applyfunc(_tidy),
                            matrix=A)
    answer = shown.T if rules.transposed else shown
    answer = given.take(("L", ANSWER), answer, after=tuple(entries),
                        read=lambda value: numbers(value, A.shape))
    intermediates = tuple((entry, Value(value)) for entry, value in entries.items())
    check = (factor,) if A.rows > 1 else ()  # a 1×1 factor needs no multiplying back
    return Solved((symmetry, definiteness, *columns, *check), Value(answer), intermediates)


def _tidy(value):
    """An exact entry as it is shown: expanded, with a rational denominator (a square root
    of a rational is kept as SymPy writes it, 3√2/2)."""
    value = sympy.sympify(value)
    return value if value.is_Rational else sympy.radsimp(sympy.expand(value))


def _factor(A, given: Given, rules: Rules):
    """L column by column: lⱼⱼ = √(aⱼⱼ − Σₖ lⱼₖ²), lᵢⱼ = (aᵢⱼ − Σₖ lᵢₖlⱼₖ)/lⱼⱼ (k < j)."""
    n = A.rows
    L = sympy.zeros(n, n)
    entries: dict[str, object] = {}
    columns = []
    for j in range(n):
        earlier = [entry_name(j, k) for k in range(j)]
        factors = tuple((L[j, k], L[j, k]) for k in range(j))
        remainder = _tidy(A[j, j] - sum((a * b for a, b in factors), sympy.S.Zero))
        if sign_of(remainder) <= 0:  # only a student's values or a changed rule get here
            raise NotCarried
        value = _tidy(sympy.sqrt(remainder)) if rules.diagonal_root else remainder
        pivot = given.take(entry_name(j, j), value, after=earlier, read=number)
        if sign_of(pivot) == 0:
            raise NotCarried
        L[j, j] = entries[entry_name(j, j)] = pivot
        diagonal = CholeskyTerm(j, j, A[j, j], factors, remainder, None, pivot)
        divisor = _tidy(pivot ** rules.divisor_power)
        below = []
        for i in range(j + 1, n):
            factors = tuple((L[i, k], L[j, k]) for k in range(j))
            remainder = _tidy(A[i, j] - sum((a * b for a, b in factors), sympy.S.Zero))
            after = (*(entry_name(i, k) for k in range(j)), *earlier, entry_name(j, j))
            value = given.take(entry_name(i, j), _tidy(remainder / divisor), after=after,
                               read=number)
            L[i, j] = entries[entry_name(i, j)] = value
            below.append(CholeskyTerm(i, j, A[i, j], factors, remainder, divisor, value))
        columns.append(CholeskyColumn(index=j, diagonal=diagonal, below=tuple(below),
                                      root=rules.diagonal_root))
    ordered = {entry_name(i, j): entries[entry_name(i, j)] for i in range(n) for j in range(i + 1)}
    return L, columns, ordered
