"""The columns of U: uᵢ = Avᵢ / σᵢ for each non-zero σᵢ, then an orthonormal basis of the
null space of Aᵀ (the subspace kind's, made orthonormal by Gram–Schmidt) for the rest."""

from __future__ import annotations

import sympy

from solver.exact import sign_of
from solver.kinds.eigen.numeric import DIGITS, is_numeric, shown
from solver.kinds.subspace import SubspaceInputs
from solver.kinds.subspace import solve as subspace_solve
from solver.kinds.svd.right import orthonormal
from solver.kinds.svd.steps import SvdCompletion, SvdLeftVector, SvdLeftVectors

Matrix = sympy.ImmutableMatrix
ROUNDING = sympy.Float(10) ** -(DIGITS - 10)  # numeric entries closer than this are equal
SETTLED_DIGITS = 50  # an exact check's entry equal to a fraction to these digits is it


def left_vectors(name: str, A: Matrix, V: Matrix, sigmas: tuple) -> tuple:
    """(their step, u₁, …, u_r with uᵢ = Avᵢ / σᵢ for the non-zero σᵢ)."""
    rows, result = [], []
    for i, sigma in enumerate(sigmas, start=1):
        v = Matrix(V[:, i - 1])
        image = Matrix(A * v).applyfunc(tidy)
        u = Matrix(image / sigma).applyfunc(tidy)
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
    orthonormal_basis, result = orthonormal(vectors, rank + 1, normalise, letter="u")
    step = SvdCompletion(name=name, rank=rank, rows=A.rows, space=space.steps,
                         orthonormal=orthonormal_basis, result=result)
    return step, result


def settled(entry):
    """An entry of a check (UᵀU, UΣVᵀ) that equals a fraction of small denominator to
    ``SETTLED_DIGITS`` digits (numeric ones: to their working precision) as that fraction;
    others as ``tidy`` leaves them. Simplifying products of nested radicals exactly can take
    seconds where the check needs none."""
    if entry.is_Rational:
        return entry
    value = sympy.N(entry, SETTLED_DIGITS + 20)
    if value.is_Float:
        nearest = sympy.Rational(str(value)).limit_denominator(10 ** 6)
        bound = ROUNDING if entry.has(sympy.Float) else sympy.Float(10) ** -SETTLED_DIGITS
        if abs(value - nearest) < bound:
            return nearest
    return tidy(entry)


def tidy(entry):
    """An entry as it is shown: numeric ones as they are, exact ones with square roots
    denested and denominators rationalised; an entry with a nested root as ±√(its square)
    when that is shorter (the square of a column entry lies in the field of the
    eigenvalues, one root deep)."""
    if entry.has(sympy.Float):
        return sympy.expand(entry)
    if entry.is_Rational:
        return entry
    candidates = [sympy.radsimp(sympy.sqrtdenest(sympy.expand(entry)))]
    if any(power.exp == sympy.S.Half and not power.base.is_Rational
           for power in candidates[0].atoms(sympy.Pow)):
        square = sympy.factor_terms(sympy.radsimp(sympy.expand(entry ** 2)))
        candidates.append(sign_of(entry) * sympy.sqrtdenest(sympy.sqrt(square)))
    return min(candidates, key=sympy.count_ops)
