"""A = UΣVᵀ from AᵀA: its eigenvalues λᵢ and orthonormal eigenvectors (V), σᵢ = √λᵢ in
decreasing order (Σ), uᵢ = Avᵢ/σᵢ completed by an orthonormal basis of N(Aᵀ) (U); and, for
a rank k, A_k = Σᵢ≤k σᵢuᵢvᵢᵀ with its Eckart–Young error."""

from __future__ import annotations

import sympy

from solver.answers import Named, Value
from solver.kinds.eigen.numeric import is_numeric, shown
from solver.kinds.eigen.solve import read_polynomial
from solver.kinds.given import NOTHING, Given, number, numbers
from solver.kinds.svd.forms import settled, tidy
from solver.kinds.svd.left import completion, left_vectors
from solver.kinds.svd.read import SvdInputs
from solver.kinds.svd.right import (
    carried_eigenvalues,
    decreasing,
    gram_polynomial,
    orthonormal_columns,
    read_eigenvalues,
    spectrum,
)
from solver.kinds.svd.rules import TEXTBOOK, Rules
from solver.kinds.svd.steps import SvdFactorisation, SvdGramMatrix, SvdSingularValues
from solver.kinds.svd.truncation import truncation, truncation_error
from solver.steps import Solved

Matrix = sympy.ImmutableMatrix


def solve(inputs: SvdInputs, given: Given = NOTHING, rules: Rules = TEXTBOOK) -> Solved:
    """σ₁, …, σ_p, U, Σ and V (and A_k with its errors for a rank k); ``given`` may supply
    AᵀA (``AtA``), p(λ) (``polynomial``) and the eigenvalues of AᵀA (``eigenvalues``), from
    which the σᵢ and Σ follow; U follows from V and the σᵢ, A_k and its errors from the σᵢ,
    U and V."""
    A, name = inputs.matrix, inputs.name
    m, n = A.shape
    p = inputs.size
    ours = Matrix(A.T * A)
    steps: list = [SvdGramMatrix(name=name, matrix=A, transpose=Matrix(A.T), result=ours,
                                 wide=m < n)]
    worked = spectrum(ours)
    steps.append(worked.step)

    # the eigenvalues of AᵀA: the student's own, or from their AᵀA or p(λ)
    gram = given.take("AtA", ours, read=lambda value: numbers(value, (n, n)))
    polynomial = given.take("polynomial", worked.polynomial if gram is ours
                            else gram_polynomial(gram), after=("AtA",),
                            read=lambda value: read_polynomial(value, n))
    computed = worked.values if polynomial is worked.polynomial \
        else carried_eigenvalues(gram, polynomial, n)
    values = decreasing(given.take("eigenvalues", Matrix(computed), after=("polynomial",),
                                   read=lambda value: Matrix(read_eigenvalues(value, n))))

    # V: an orthonormal basis of each eigenspace, in the order of the singular values
    spaces, columns, raw = orthonormal_columns(
        worked.spaces, lambda value: Matrix(ours - value * sympy.eye(n)), rules.normalise)
    steps.extend(spaces)
    order = list(range(n)) if rules.decreasing else [*reversed(range(p)), *range(p, n)]
    V = Matrix.hstack(*(columns[j] for j in order))
    blocks_V = _blocks([worked.values[j] for j in order])
    computed_V = V
    V = given.take("V", V, read=lambda value: numbers(value, (n, n)))
    raw = Matrix.hstack(*(raw[j] for j in order)) if V is computed_V else V

    # Σ: σᵢ = √λᵢ
    names = tuple(f"sigma{i}" for i in range(1, p + 1))
    used = tuple(values[j] for j in order[:p])
    roots = tuple(sympy.sqrt(value) if rules.square_root else value for value in used)
    own = tuple(tidy(root) for root in roots)
    sigmas = tuple(given.take(sigma, value, after=("eigenvalues",), read=number)
                   for sigma, value in zip(names, own, strict=True))
    roots = tuple(root if sigma is value else sigma
                  for root, value, sigma in zip(roots, own, sigmas, strict=True))
    rank = sum(1 for value in worked.values[:p] if value != 0)
    Sigma = Matrix(m, n, lambda i, j: sigmas[i] if i == j else 0)
    steps.append(SvdSingularValues(values=tuple(shown(v) for v in used),
                                   singular=tuple(shown(s) for s in sigmas), rank=rank,
                                   Sigma=shown(Sigma), numeric=is_numeric(Sigma)))
    Sigma = given.take("Sigma", Sigma, after=names, read=lambda value: numbers(value, (m, n)))

    # U: uᵢ = Avᵢ/σᵢ, then an orthonormal basis of N(Aᵀ); a student's σ's of another rank
    # leave U to the engine's σ's (it has no such columns)
    usable = sum(1 for sigma in sigmas if sigma != 0) == rank
    left_roots = roots[:rank] if usable else \
        tuple(sympy.sqrt(worked.values[j]) for j in order[:rank])
    left = []
    if rank:
        step, found = left_vectors(name, A, V, sigmas[:rank] if usable else
                                   tuple(tidy(root) for root in left_roots), raw, left_roots)
        steps.append(step)
        left.extend(found)
    if rank < m:
        step, rest = completion(name, A, rank, rules.normalise)
        steps.append(step)
        left.extend(rest)
    U = given.take("U", Matrix.hstack(*left), after=("V", *(names[:rank] if usable else ())),
                   read=lambda value: numbers(value, (m, m)))
    blocks_U = (*_blocks(sigmas[:rank]), *((m - rank,) if rank < m else ()))
    steps.append(_factorisation(name, U, Sigma, V))

    items = [*((sigma, Value(value)) for sigma, value in zip(names, sigmas, strict=True)),
             ("U", Value(U, "columns", blocks_U, orthonormal=True)), ("Sigma", Value(Sigma)),
             ("V", Value(V, "columns", blocks_V, orthonormal=True))]
    if inputs.rank is not None:
        items.extend(_approximation(inputs, given, rules, steps, (sigmas, roots), U, V, rank))
    intermediates = (("AtA", Value(ours)), ("polynomial", Value(worked.polynomial)),
                     ("eigenvalues", Value(Matrix(worked.values), "multiset")))
    return Solved(tuple(steps), Named(tuple(items)), intermediates)


def _approximation(inputs: SvdInputs, given: Given, rules: Rules, steps: list, singular, U, V,
                   rank: int) -> list:
    """A_k and ‖A − A_k‖₂, ‖A − A_k‖_F, with their steps; ``singular`` is the σᵢ as shown
    and as √λᵢ (not denested)."""
    k, name, A = inputs.rank, inputs.name, inputs.matrix
    sigmas, roots = singular
    names = tuple(f"sigma{i}" for i in range(1, len(sigmas) + 1))
    step, A_k = truncation(name, k, sigmas, roots, U, V, rank)
    steps.append(step)
    A_k = given.take("A_k", A_k, after=(*names[:k], "U", "V"),
                     read=lambda value: numbers(value, A.shape))
    start = k + rules.error_index
    step, spectral, frobenius = truncation_error(name, k, sigmas, A, A_k, start)
    steps.append(step)
    spectral = given.take("error_2", spectral, after=names[start - 1:start], read=number)
    frobenius = given.take("error_F", frobenius, after=names[start - 1:], read=number)
    return [("A_k", Value(A_k)), ("error_2", Value(spectral)), ("error_F", Value(frobenius))]


def _factorisation(name: str, U, Sigma, V) -> SvdFactorisation:
    def exact(matrix):
        return Matrix(matrix).applyfunc(lambda entry: settled(sympy.expand(entry)))

    return SvdFactorisation(name=name, U=shown(U), Sigma=shown(Sigma), V=shown(V),
                            product=shown(exact(U * Sigma * V.T)), UtU=shown(exact(U.T * U)),
                            VtV=shown(exact(V.T * V)),
                            numeric=any(is_numeric(M) for M in (U, Sigma, V)))


def _blocks(values) -> tuple[int, ...]:
    """The sizes of the runs of equal consecutive values."""
    sizes: list[int] = []
    for i, value in enumerate(values):
        if i and value == values[i - 1]:
            sizes[-1] += 1
        else:
            sizes.append(1)
    return tuple(sizes)
