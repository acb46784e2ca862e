"""The Gram–Schmidt process: uₖ = vₖ − Σⱼ<ₖ (⟨vₖ, uⱼ⟩ / ⟨uⱼ, uⱼ⟩) uⱼ, then qₖ = uₖ / ‖uₖ‖,
under ⟨x, y⟩ = xᵀMy once M is shown to be symmetric positive definite."""

from __future__ import annotations

import sympy

from solver.answers import Named, Undefined, Value
from solver.exact import sign_of, tidy_exact
from solver.kinds.given import NOTHING, Given, numbers
from solver.kinds.gram_schmidt.read import GramSchmidtInputs
from solver.kinds.gram_schmidt.rules import TEXTBOOK, Rules
from solver.kinds.gram_schmidt.steps import (
    GramSchmidtNormalise,
    GramSchmidtOrthogonalise,
    ProjectionTerm,
)
from solver.render.printing import plain
from solver.steps import Solved
from solver.steps.inner_product import InnerProductCheck, inner_product_check

Matrix = sympy.ImmutableMatrix


def solve(inputs: GramSchmidtInputs, given: Given = NOTHING, rules: Rules = TEXTBOOK) -> Solved:
    """u1, u2, … (orthogonal) and, when normalising, q1, q2, … (orthonormal); ``given`` may
    supply any uₖ and qₖ: uₖ follows from the earlier ones, qₖ from uₖ."""
    steps: list = []
    M = inputs.inner
    if M is not None:
        check = inner_product_check(M)
        steps.append(check)
        if not check.inner_product:
            return Solved(tuple(steps), Undefined(not_inner_product_reason(check)))
    size = inputs.vectors[0].rows
    gram = sympy.eye(size) if M is None else M

    def inner(x, y):
        return tidy_exact((x.T * gram * y)[0])

    def vector(value):
        return numbers(value, (size, 1))

    letter = inputs.letter
    kept: list[tuple[int, Matrix]] = []  # (j, the direction of uⱼ), for the later projections
    earlier: list[str] = []
    orthogonal, orthonormal = [], []
    for k, v in enumerate(inputs.vectors, start=1):
        onto = kept if rules.onto_orthogonal else \
            [(j, w) for j, w in enumerate(inputs.vectors[:k - 1], start=1)]
        terms, total = [], v
        for j, direction in onto:
            numerator, denominator = inner(v, direction), inner(direction, direction)
            coefficient = tidy_exact(numerator / denominator)
            terms.append(ProjectionTerm(j, numerator, denominator, coefficient, direction))
            total = total + rules.sign * coefficient * direction
        u = given.take(f"u{k}", Matrix(total).applyfunc(tidy_exact), after=tuple(earlier),
                       read=vector)
        dependent = all(sign_of(entry) == 0 for entry in u)
        steps.append(GramSchmidtOrthogonalise(index=k, letter=letter, vector=v,
                                              terms=tuple(terms), result=u, dependent=dependent,
                                              weighted=M is not None))
        orthogonal.append((f"u{k}", Value(u)))
        earlier.append(f"u{k}")
        if dependent:
            if inputs.normalize:
                orthonormal.append((f"q{k}", Undefined(dependent_reason(k, letter))))
            continue
        direction = u
        if inputs.normalize:
            squared = inner(u, u)
            norm = tidy_exact(sympy.sqrt(squared))
            computed = Matrix(u / norm).applyfunc(tidy_exact)
            q = given.take(f"q{k}", computed, after=(f"u{k}",), read=vector)
            if q is not computed:  # the student's qₖ: the direction their uₖ₊₁ projects onto
                direction = q
            steps.append(GramSchmidtNormalise(index=k, vector=u, squared=squared, norm=norm,
                                              scale=_scale(norm), result=computed,
                                              weighted=M is not None))
            orthonormal.append((f"q{k}", Value(q)))
            earlier.append(f"q{k}")
        kept.append((k, direction))
    if inputs.normalize:
        return Solved(tuple(steps), Named(tuple(orthonormal)), tuple(orthogonal))
    return Solved(tuple(steps), Named(tuple(orthogonal)))


def _scale(norm):
    """1/‖u‖ as shown beside u: None (written 1/‖u‖) for a whole number or the root of one."""
    if norm.is_Integer or (norm.is_Pow and norm.exp == sympy.S.Half and norm.base.is_Integer):
        return None
    return tidy_exact(1 / norm)


def not_inner_product_reason(check: InnerProductCheck) -> str:
    if not check.symmetric:
        return ("M is not symmetric, so <x, y> = x^T M y is not an inner product "
                "(<x, y> and <y, x> differ): Gram-Schmidt needs an inner product")
    k = check.failing
    return (f"M is not positive definite: its leading principal minor of order {k} is "
            f"{plain(check.minors[k - 1])}, not positive, so <x, y> = x^T M y is not an inner "
            f"product (some non-zero x has <x, x> <= 0): Gram-Schmidt needs an inner product")


def dependent_reason(k: int, letter: str) -> str:
    if k == 1:
        return (f"{letter}1 is the zero vector: it spans nothing and cannot be normalised, so "
                f"it is dropped")
    before = ", ".join(f"{letter}{j}" for j in range(1, k))
    relation = f"a multiple of {before}" if k == 2 else \
        f"a linear combination of {before} (it lies in their span)"
    return (f"u{k} = 0: {letter}{k} is {relation}, so it adds no new direction and there is "
            f"no q{k}; it is dropped, and the other q's are an orthonormal basis of the span "
            f"of all the vectors")
