"""The columns of U: uᵢ = Avᵢ / σᵢ for each non-zero σᵢ, then an orthonormal basis of the
null space of Aᵀ (the subspace kind's, made orthonormal by Gram–Schmidt) for the rest."""

from __future__ import annotations

import sympy

from solver.kinds.eigen.numeric import shown
from solver.kinds.subspace import SubspaceInputs
from solver.kinds.subspace import solve as subspace_solve
from solver.kinds.svd.right import orthonormal
from solver.kinds.svd.steps import SvdCompletion, SvdLeftVector

Matrix = sympy.ImmutableMatrix


def left_vector(name: str, index: int, A: Matrix, v: Matrix, sigma) -> tuple:
    """(its step, uᵢ = Avᵢ / σᵢ)."""
    image = Matrix(A * v).applyfunc(tidy)
    u = Matrix(image / sigma).applyfunc(tidy)
    return SvdLeftVector(name=name, index=index, vector=shown(v), image=shown(image),
                         sigma=shown(sigma), result=shown(u)), u


def completion(name: str, A: Matrix, rank: int, normalise: bool = True) -> tuple:
    """(its step, u_{r+1}, …, u_m): an orthonormal basis of N(Aᵀ), the orthogonal complement
    of the column space of A."""
    space = subspace_solve(SubspaceInputs(A, "left_null", name=name))
    basis = space.answer["basis"].value
    vectors = tuple(Matrix(basis[:, j]) for j in range(basis.cols))
    process, normalised, result = orthonormal(vectors, rank + 1, normalise, letter="u")
    step = SvdCompletion(name=name, rank=rank, rows=A.rows, space=space.steps, process=process,
                         normalised=normalised, result=result)
    return step, result


def tidy(entry):
    """An entry as it is shown: numeric ones as they are, exact ones simplified with square
    roots denested and denominators rationalised."""
    if entry.has(sympy.Float):
        return sympy.expand(entry)
    if entry.is_Rational:
        return entry
    return sympy.radsimp(sympy.sqrtdenest(sympy.simplify(entry)))
