"""The columns of U: uᵢ = Avᵢ / σᵢ for each non-zero σᵢ, then an orthonormal basis of the
null space of Aᵀ (the subspace kind's, made orthonormal by Gram–Schmidt) for the rest."""

from __future__ import annotations

import sympy

from solver.kinds.eigen.numeric import is_numeric, shown
from solver.kinds.subspace import SubspaceInputs
from solver.kinds.subspace import solve as subspace_solve
from solver.kinds.svd.forms import tidy
from solver.kinds.svd.right import orthonormal
from solver.kinds.svd.steps import SvdCompletion, SvdLeftVector, SvdLeftVectors

Matrix = sympy.ImmutableMatrix


def left_vectors(name: str, A: Matrix, V: Matrix, sigmas: tuple, raw: Matrix,
                 roots: tuple) -> tuple:
    """(their step, u₁, …, u_r with uᵢ = Avᵢ / σᵢ for the non-zero σᵢ); ``raw`` is V with
    the same columns as z / ‖z‖ and ``roots`` the σᵢ as √λᵢ (not denested), for Avᵢ / σᵢ
    with one nested root per entry."""
    rows, result = [], []
    for i, (sigma, root) in enumerate(zip(sigmas, roots, strict=True), start=1):
        v = Matrix(V[:, i - 1])
        image = Matrix(A * raw[:, i - 1]).applyfunc(tidy)
        u = Matrix(image * sympy.radsimp(1 / root)).applyfunc(tidy)
        rows.append(SvdLeftVector(index=i, vector=shown(v), image=shown(image),
                                  sigma=shown(sigma), result=shown(u)))
        result.append(u)
    numeric = any(is_numeric(u) for u in result)
    return SvdLeftVectors(name=name, vectors=tuple(rows), numeric=numeric), tuple(result)


def completion(name: str, A: Matrix, rank: int, normalise: bool = True) -> tuple:
    """(its step, u_{r+1}, …, u_m): an orthonormal basis of N(Aᵀ), the orthogonal complement
    of the column space of A."""
    space = subspace_solve(SubspaceInputs(A, "left_null", name=name))
    basis = space.answer["basis"].value
    vectors = tuple(Matrix(basis[:, j]) for j in range(basis.cols))
    orthonormal_basis, result, _ = orthonormal(vectors, rank + 1, normalise, letter="u")
    step = SvdCompletion(name=name, rank=rank, rows=A.rows, space=space.steps,
                         orthonormal=orthonormal_basis, result=result)
    return step, result
