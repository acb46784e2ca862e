"""The rank-k approximation A_k = Σᵢ≤k σᵢuᵢvᵢᵀ and its error by Eckart–Young."""

from __future__ import annotations

import sympy

from solver.kinds.eigen.numeric import shown
from solver.kinds.svd.forms import tidy
from solver.kinds.svd.steps import SvdTruncation, SvdTruncationError

Matrix = sympy.ImmutableMatrix


def truncation(name: str, k: int, sigmas: tuple, roots: tuple, U: Matrix, V: Matrix,
               rank: int) -> tuple:
    """(its step, A_k) from the first k singular triples (``roots``: the σᵢ as √λᵢ, one
    nested root, for the products)."""
    terms, total = [], sympy.zeros(U.rows, V.rows)
    for i in range(min(k, len(sigmas))):
        u, v = Matrix(U[:, i]), Matrix(V[:, i])
        term = Matrix(roots[i] * u * v.T).applyfunc(tidy)
        terms.append((shown(sigmas[i]), shown(u), shown(v), shown(term)))
        total += term
    result = Matrix(total).applyfunc(tidy)
    step = SvdTruncation(name=name, rank=k, terms=tuple(terms), result=shown(result),
                         exact=k >= rank)
    return step, result


def truncation_error(name: str, k: int, sigmas: tuple, A: Matrix, A_k: Matrix,
                     start: int) -> tuple:
    """(its step, ‖A − A_k‖₂, ‖A − A_k‖_F): σ_start and √(σ_start² + … + σ_p²), with
    start = k + 1 (σ = 0 beyond p)."""
    remaining = tuple(sigmas[start - 1:])
    spectral = remaining[0] if remaining else sympy.Integer(0)
    squared = tidy(sum((sigma ** 2 for sigma in remaining), sympy.Integer(0)))
    frobenius = tidy(sympy.sqrt(squared))
    step = SvdTruncationError(name=name, rank=k, start=start,
                              remaining=tuple(shown(s) for s in remaining),
                              difference=shown(Matrix(A - A_k).applyfunc(tidy)),
                              spectral=shown(spectral), squared=shown(squared),
                              frobenius=shown(frobenius))
    return step, spectral, frobenius
