"""AᵀA, its eigenvalues (the eigen kind's) and an orthonormal basis of each eigenspace
(Gram–Schmidt, the gram_schmidt kind's): the columns of V."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.kinds.eigen import EigenProblem
from solver.kinds.eigen import solve as eigen_solve
from solver.kinds.eigen.numeric import DIGITS, FIGURES, is_numeric, shown
from solver.kinds.given import Given, NotCarried, expressions
from solver.kinds.gram_schmidt import GramSchmidtInputs
from solver.kinds.gram_schmidt import solve as gram_schmidt
from solver.kinds.gram_schmidt.steps import GramSchmidtNormalise, GramSchmidtOrthogonalise
from solver.kinds.svd.forms import tidy
from solver.kinds.svd.steps import (
    SvdGramEigenvalues,
    SvdOrthonormalBasis,
    SvdOrthonormalRow,
    SvdRightVectors,
)
from solver.steps.eigen_numeric import NumericEigenvalues
from solver.steps.linalg import CharacteristicPolynomial

Matrix = sympy.ImmutableMatrix
LAMBDA = sympy.Symbol("lambda")


@dataclass(frozen=True)
class Eigenspace:
    """One eigenvalue of AᵀA with its multiplicity and its eigenvectors as the eigen kind
    found them."""

    value: object
    multiplicity: int
    basis: tuple[Matrix, ...]


@dataclass(frozen=True)
class GramSpectrum:
    """The eigen kind's work on AᵀA: p(λ), its roots with multiplicity (largest first) and
    the eigenspaces, with the step that shows the roots."""

    polynomial: object
    values: tuple  # λ₁ ≥ … ≥ λₙ, with multiplicity
    spaces: tuple[Eigenspace, ...]
    step: SvdGramEigenvalues


def spectrum(gram: Matrix) -> GramSpectrum:
    """The eigenvalues and eigenspaces of AᵀA, from the eigen kind."""
    worked = eigen_solve(EigenProblem(gram))
    characteristic = next(s for s in worked.steps if isinstance(s, CharacteristicPolynomial))
    listed = next((s for s in worked.steps if isinstance(s, NumericEigenvalues)), None)
    items = dict(worked.answer.items)
    values = tuple(dict(worked.intermediates)["eigenvalues"].value)
    spaces = []
    for i in range(1, sum(1 for name in items if name.startswith("lambda")) + 1):
        value, vectors = items[f"lambda{i}"].value, items[f"v{i}"].value
        spaces.append(Eigenspace(value, values.count(value),
                                 tuple(Matrix(vectors[:, j]) for j in range(vectors.cols))))
    roots = tuple((shown(space.value), space.multiplicity) for space in spaces)
    step = SvdGramEigenvalues(
        shifted=characteristic.shifted, polynomial=characteristic.result,
        factored=characteristic.factored, roots=roots,
        factors=listed.factors if listed is not None else (),
        digits=DIGITS if listed is not None else 0, figures=FIGURES if listed is not None else 0)
    return GramSpectrum(characteristic.result, values, tuple(spaces), step)


def carried_eigenvalues(gram: Matrix, polynomial, size: int) -> tuple:
    """λ₁ ≥ … ≥ λₙ from a student's AᵀA or p(λ): the roots of p(λ) (through the eigen
    kind), or the eigenvalues of their AᵀA when p(λ) is the engine's from it."""
    values = Given({"polynomial": polynomial})
    eigen_solve(EigenProblem(gram), values)
    found = values.carried("eigenvalues")
    if found is None:
        raise NotCarried
    return decreasing(read_eigenvalues(found[0], size))


def gram_polynomial(gram: Matrix):
    """p(λ) = det(AᵀA − λI) of a student's AᵀA, from the eigen kind."""
    return dict(eigen_solve(EigenProblem(gram)).intermediates)["polynomial"].value


def orthonormal_columns(spaces: tuple[Eigenspace, ...], shifted_of, normalise: bool):
    """For each eigenspace its step (null space, then an orthonormal basis) and the columns
    of V it gives, numbered from 1 in the order of the eigenvalues: as shown, and as
    z / ‖z‖ (``orthonormal``)."""
    steps, columns, raw = [], [], []
    for space in spaces:
        first = len(columns) + 1
        step, result, quotients = orthonormal(space.basis, first, normalise)
        steps.append(SvdRightVectors(
            value=shown(space.value), shifted=shown(shifted_of(space.value)),
            basis=tuple(shown(w) for w in space.basis), first=first, orthonormal=step,
            result=tuple(shown(v) for v in result), numeric=is_numeric(space.value)))
        columns.extend(result)
        raw.extend(quotients)
    return tuple(steps), tuple(columns), tuple(raw)


def orthonormal(basis: tuple[Matrix, ...], first: int, normalise: bool = True,
                letter: str = "v") -> tuple:
    """An orthonormal basis of the span of ``basis`` by Gram–Schmidt (the gram_schmidt
    kind): its step, the vectors as shown (orthogonal only, when not normalising), and the
    same vectors as zₖ / ‖zₖ‖, each column's entries over one root, for the products
    computed from them (Avᵢ: one root per entry, where the shown forms have several)."""
    worked = gram_schmidt(GramSchmidtInputs(tuple(basis), normalize=normalise, letter="w"))
    result = tuple(Matrix(item.value).applyfunc(tidy) for _, item in worked.answer.items)
    norms = {step.index: step for step in worked.steps if isinstance(step, GramSchmidtNormalise)}
    rows, quotients = [], []
    orthogonal = [step for step in worked.steps if isinstance(step, GramSchmidtOrthogonalise)]
    for step, vector in zip(orthogonal, result, strict=True):
        norm = norms.get(step.index)
        quotients.append(step.result if norm is None else Matrix(step.result / norm.norm))
        rows.append(SvdOrthonormalRow(
            index=step.index, vector=shown(step.vector), terms=step.terms,
            orthogonal=shown(step.result), squared=None if norm is None else shown(norm.squared),
            norm=None if norm is None else shown(norm.norm), result=shown(vector)))
    return (SvdOrthonormalBasis(letter=letter, first=first, rows=tuple(rows)), result,
            tuple(quotients))


def read_eigenvalues(value, size: int) -> tuple:
    """A student's eigenvalues of AᵀA: ``size`` real numbers, none negative."""
    values = expressions(value, (size, 1))
    if not all(entry.is_number and entry.is_real is not False for entry in values):
        raise NotCarried
    if any(sympy.N(entry, 30) < 0 for entry in values):
        raise NotCarried  # σ = √λ needs λ ≥ 0
    return tuple(values)


def decreasing(values) -> tuple:
    return tuple(sorted(values, key=lambda value: sympy.N(value, 30), reverse=True))
