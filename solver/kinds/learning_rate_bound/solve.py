"""The learning-rate bound: H = ∇²f constant for a quadratic f, its eigenvalues, and
0 < η < 2/λ_max when every eigenvalue is positive; otherwise why no η converges."""

from __future__ import annotations

import sympy

from solver.answers import Interval, NoBound, Value
from solver.exact import rationalised, sign_of
from solver.kinds.given import ANSWER, NOTHING, Given, NotCarried, number, numbers
from solver.kinds.learning_rate_bound.read import LearningRateBoundInputs
from solver.render.printing import plain
from solver.steps import Solved
from solver.steps.optimization import (
    ETA,
    LAMBDA,
    ConstantHessian,
    HessianSpectrum,
    NoStepSize,
    StepSizeCondition,
    VariableHessian,
    characteristic,
    exact_real_roots,
)


def solve(inputs: LearningRateBoundInputs, given: Given = NOTHING) -> Solved:
    """The bound; ``given`` may supply the Hessian (``hessian``) and λ_max (``lambda_max``),
    from which the bound (``ANSWER``) follows."""
    xs, f = inputs.variables, inputs.f
    size = len(xs)
    computed = sympy.ImmutableMatrix(size, size, lambda i, j: sympy.diff(f, xs[i], xs[j]))
    hessian = given.take("hessian", computed, read=lambda value: numbers(value, (size, size)))
    degree = _degree(f, xs)
    # a student's Hessian is a matrix of numbers, a quadratic's: the bound follows from it
    if hessian is computed and (degree is None or degree > 2):
        depends = tuple(x for x in xs if hessian.has(x))
        step = VariableHessian(f=f, variables=xs, degree=degree, hessian=hessian,
                               depends_on=depends)
        if depends:
            reason = (f"f is not quadratic: its Hessian depends on "
                      f"{', '.join(str(x) for x in depends)}, so no single bound from "
                      f"eigenvalues exists")
        else:
            reason = (f"f is not a polynomial of degree at most 2 in "
                      f"{', '.join(inputs.wrt)}, so the eigenvalue bound for quadratics does "
                      f"not apply")
        return Solved((step,), NoBound(reason), (("hessian", Value(hessian)),))

    steps: list = [ConstantHessian(f=f, variables=xs, degree=degree, hessian=hessian)]
    named: list = [("hessian", Value(hessian))]
    poly = characteristic(hessian)
    eigenvalues = exact_real_roots(poly)
    if eigenvalues is None:
        return Solved(tuple(steps), NoBound(
            "the eigenvalues of the Hessian have no closed form that hwsolver can compare "
            "exactly"), tuple(named))
    steps.append(HessianSpectrum(matrix=hessian, variable=LAMBDA, polynomial=poly.as_expr(),
                                 factored=sympy.factor(poly.as_expr()),
                                 eigenvalues=eigenvalues))
    values = tuple(value for value, _ in eigenvalues)
    signs = [sign_of(value) for value in values]
    if min(signs) > 0:
        top = given.take("lambda_max", max(values, key=lambda value: value.evalf(60)),
                         after=("hessian",), read=_positive)
        bound = rationalised(2 / top)
        steps.append(StepSizeCondition(hessian=hessian, eigenvalues=values,
                                       factors=tuple(1 - ETA * value for value in values),
                                       bounds=tuple(rationalised(2 / value) for value in values),
                                       lambda_max=top, bound=bound))
        named.append(("lambda_max", Value(top)))
        answer = given.take(("eta", ANSWER), Interval("eta", sympy.Integer(0), bound),
                            after=("lambda_max",))
        return Solved(tuple(steps), answer, tuple(named))
    if given:  # a Hessian without a positive λ_max: no bound follows from it
        raise NotCarried

    step = _no_step_size(f, xs, hessian, values, signs)
    steps.append(step)
    return Solved(tuple(steps), NoBound(_reason(step)), tuple(named))


def _positive(value):
    """A student's λ_max: a positive number."""
    top = number(value)
    if sign_of(top) <= 0:
        raise NotCarried
    return top


def _degree(f, xs) -> int | None:
    """The total degree of f as a polynomial in xs, or None when f is not one."""
    try:
        return sympy.Poly(f, *xs).total_degree()
    except sympy.PolynomialError:
        return None


def _no_step_size(f, xs, hessian, values, signs) -> NoStepSize:
    origin = {x: sympy.Integer(0) for x in xs}
    linear = sympy.ImmutableMatrix([sympy.diff(f, x).xreplace(origin) for x in xs])
    positive = [value for value, sign in zip(values, signs, strict=True) if sign > 0]
    top = max(positive, key=lambda value: value.evalf(60)) if positive else None
    common = dict(hessian=hessian, linear=linear, positive_max=top,
                  settle_bound=rationalised(2 / top) if positive else None)
    if min(signs) < 0:
        eigenvalue = min(values, key=lambda value: value.evalf(60))
        vector = _unit_free((hessian - eigenvalue * sympy.eye(len(xs))).nullspace()[0])
        along = sympy.simplify((vector.T * linear)[0])
        return NoStepSize(eigenvalue=eigenvalue, eigenvector=vector, along=along,
                          factor=1 - ETA * eigenvalue, case="negative", **common)
    zero = sympy.Integer(0)
    null = [_unit_free(vector) for vector in hessian.nullspace()]
    for vector in null:
        along = sympy.simplify((vector.T * linear)[0])
        if sign_of(along) != 0:
            return NoStepSize(eigenvalue=zero, eigenvector=vector, along=along,
                              factor=sympy.Integer(1), case="zero_unbounded", **common)
    return NoStepSize(eigenvalue=zero, eigenvector=null[0], along=zero,
                      factor=sympy.Integer(1), case="zero_flat", **common)


def _unit_free(vector) -> sympy.ImmutableMatrix:
    """A null-space vector with its denominators cleared, e.g. (1/2, 1) → (1, 2)."""
    entries = [sympy.nsimplify(entry) if entry.is_Float else entry for entry in vector]
    denominators = [sympy.fraction(sympy.together(entry))[1] for entry in entries]
    scale = sympy.ilcm(1, *denominators) if all(d.is_Integer for d in denominators) else 1
    return sympy.ImmutableMatrix([sympy.simplify(entry * scale) for entry in entries])


def _vector_text(vector) -> str:
    return "(" + ", ".join(plain(entry) for entry in vector) + ")"


def _reason(step: NoStepSize) -> str:
    if step.case == "negative":
        return (f"the Hessian has the negative eigenvalue {plain(step.eigenvalue)}: f is "
                f"unbounded below, gradient descent diverges for every positive η from almost "
                f"every start")
    if step.case == "zero_unbounded":
        return (f"the Hessian has eigenvalue 0 and the gradient's constant term has a "
                f"component along its eigenvector {_vector_text(step.eigenvector)}: f "
                f"decreases without bound along that direction, so gradient descent diverges "
                f"for every positive η")
    tail = ""
    if step.positive_max is not None:
        tail = (f" (for η between 0 and {plain(step.settle_bound)} the iterates settle at a "
                f"minimiser that depends on the start)")
    return (f"the Hessian has eigenvalue 0: f is constant along its eigenvector "
            f"{_vector_text(step.eigenvector)}, so the minimiser is not unique and gradient "
            f"descent never shrinks the error along that direction (factor 1 − η·0 = 1); no η "
            f"gives convergence to one minimiser from every start{tail}")
