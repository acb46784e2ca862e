"""The norm, inner product, distance or angle the part asks for, worked under ``rules``
(the textbook's unless a typical mistake changes one)."""

from __future__ import annotations

from collections import Counter

import sympy

from solver.answers import Undefined, Value
from solver.kinds.eigen import EigenProblem
from solver.kinds.eigen import solve as eigen_solve
from solver.kinds.eigen.numeric import is_numeric, shown
from solver.kinds.given import ANSWER, NOTHING, Given, NotCarried, number, numbers
from solver.kinds.norm.read import NormInputs
from solver.kinds.norm.rules import TEXTBOOK, NormRules
from solver.kinds.norm.steps import (
    NormAbsoluteSum,
    NormAngle,
    NormDifference,
    NormInduced,
    NormInnerProduct,
    NormMaximum,
    NormRootOfSquares,
    NormSpectral,
)
from solver.render.printing import plain
from solver.steps import Solved
from solver.steps.inner_product import InnerProductCheck, inner_product_check


class _Work:
    """The steps and named values of one solve, with the student's values in ``given``."""

    def __init__(self, inputs: NormInputs, given: Given, rules: NormRules):
        self.inputs, self.given, self.rules = inputs, given, rules
        self.steps: list = []
        self.named: list = []

    def take(self, name, value, after=(), read=number):
        value = self.given.take(name, value, after=after, read=read)
        if isinstance(name, str):  # the answer, under (its own name, ANSWER), is not one
            self.named.append((name, Value(value)))
        return value

    def done(self, answer) -> Solved:
        return Solved(tuple(self.steps), answer, tuple(self.named))


def solve(inputs: NormInputs, given: Given = NOTHING, rules: NormRules = TEXTBOOK) -> Solved:
    """The value; ``given`` may supply the named values it is worked from (``sum_squares``,
    ``inner``, ``norm_x``, ``norm_y``, ``cos``, ``difference``, ``gram``, ``lambda_max``)."""
    work = _Work(inputs, given, rules)
    if inputs.gram is not None:
        check = inner_product_check(inputs.gram)
        work.steps.append(check)
        if not check.inner_product:
            return work.done(Undefined(_not_inner_reason(check)))
    x, which = inputs.x, inputs.which
    if which == "l1":
        entries = tuple(x)
        total = sum((abs(e) if rules.absolute else e for e in entries), sympy.S.Zero)
        work.steps.append(NormAbsoluteSum(label=inputs.name, entries=entries,
                                          absolute=rules.absolute, result=total))
        return work.done(Value(work.take(("norm", ANSWER), total)))
    if which == "linf":
        top = max(abs(e) for e in x)
        work.steps.append(NormMaximum(label=inputs.name, entries=tuple(x), result=top))
        return work.done(Value(work.take(("norm", ANSWER), top)))
    if which in ("l2", "frobenius", "induced"):
        return work.done(Value(_length(work, x, (inputs.name,), ("norm", ANSWER))))
    if which == "spectral":
        return work.done(_spectral(work))
    y = inputs.y
    if which == "inner":
        step = _inner(inputs, (inputs.name,), (inputs.other,), x, y)
        work.steps.append(step)
        return work.done(Value(work.take(("inner", ANSWER), step.result)))
    if which == "distance":
        difference = sympy.ImmutableMatrix(x - y)
        work.steps.append(NormDifference(left=inputs.name, right=inputs.other, x=x, y=y,
                                         result=difference))
        difference = work.take("difference", difference,
                               read=lambda value: numbers(value, x.shape))
        label = (inputs.name, inputs.other)
        return work.done(Value(_length(work, difference, label, ("distance", ANSWER),
                                       after=("difference",))))
    return work.done(_angle(work))


def _not_inner_reason(check: InnerProductCheck) -> str:
    if not check.symmetric:
        return ("M is not symmetric (it differs from its transpose), so xᵀMy is not an inner "
                "product: ⟨x, y⟩ = ⟨y, x⟩ fails")
    k = check.failing
    return (f"M is not positive definite: its leading principal minor of order {k} is "
            f"{plain(check.minors[k - 1])}, not positive, so xᵀMy is not an inner "
            f"product (some x ≠ 0 has xᵀMx ≤ 0)")


def _inner(inputs: NormInputs, left: tuple, right: tuple, x, y) -> NormInnerProduct:
    """⟨x, y⟩ = xᵀy, or xᵀMy."""
    gram = inputs.gram
    product = y if gram is None else sympy.ImmutableMatrix(gram * y)
    value = sympy.expand((x.T * product)[0])
    return NormInnerProduct(left=left, right=right, x=x, y=y, gram=gram,
                            product=product if gram is not None else None, result=value)


def _root(value, root: bool):
    """√value (the value itself under a rule that forgets the root); a student's negative
    value has no real root."""
    if not root:
        return value
    if value.is_negative:
        raise NotCarried
    return sympy.sqrt(value)


def _length(work: _Work, vector, label: tuple, name, after=()):
    """‖v‖: √(Σ vᵢ²) (Frobenius for a matrix), or √(vᵀMv) with a Gram matrix."""
    inputs, rules = work.inputs, work.rules
    if inputs.gram is None:
        entries = tuple(vector)
        total = sum((e**2 for e in entries), sympy.S.Zero)
        total = work.take("sum_squares", total, after=after)
        result = _root(total, rules.square_root)
        work.steps.append(NormRootOfSquares(label=label, entries=entries,
                                            frobenius=inputs.which == "frobenius",
                                            sum_squares=total, root=rules.square_root,
                                            result=result))
        return work.take(name, result, after=("sum_squares",))
    inner = _inner(inputs, label, label, vector, vector)
    value = work.take("inner", inner.result, after=after)
    result = _root(value, rules.square_root)
    work.steps.append(NormInduced(label=label, inner=inner, value=value,
                                  root=rules.square_root, result=result))
    return work.take(name, result, after=("inner",))


def _angle(work: _Work):
    """θ = arccos(⟨x, y⟩ / (‖x‖ ‖y‖))."""
    inputs, rules = work.inputs, work.rules
    x, y = inputs.x, inputs.y
    step = _inner(inputs, (inputs.name,), (inputs.other,), x, y)
    work.steps.append(step)
    inner = work.take("inner", step.result)
    norms = []
    for name, vector, label in (("norm_x", x, (inputs.name,)), ("norm_y", y, (inputs.other,))):
        if inputs.gram is None:
            own = sympy.sqrt(sum((e**2 for e in vector), sympy.S.Zero))
            work.steps.append(NormRootOfSquares(label=label, entries=tuple(vector),
                                                frobenius=False, sum_squares=own**2,
                                                root=True, result=own))
        else:
            quadratic = _inner(inputs, label, label, vector, vector)
            own = sympy.sqrt(quadratic.result)
            work.steps.append(NormInduced(label=label, inner=quadratic,
                                          value=quadratic.result, root=True, result=own))
        norms.append(work.take(name, own))
    if any(norm == 0 for norm in norms):
        if work.given:
            raise NotCarried
        zero = inputs.name if norms[0] == 0 else inputs.other
        return Undefined(f"{zero} is the zero vector: its length is 0 and the angle "
                         f"⟨x, y⟩ / (‖x‖‖y‖) is undefined")
    cos = work.take("cos", sympy.radsimp(inner / (norms[0] * norms[1])),
                    after=("inner", "norm_x", "norm_y"))
    if cos.is_number and abs(cos) > 1:
        raise NotCarried  # only a student's values can leave [−1, 1]
    theta = sympy.acos(cos) if rules.arccos else cos
    work.steps.append(NormAngle(left=inputs.name, right=inputs.other, inner=inner,
                                norm_x=norms[0], norm_y=norms[1], cos=cos,
                                arccos=rules.arccos, induced=inputs.gram is not None,
                                result=theta))
    return Value(work.take(("angle", ANSWER), theta, after=("cos",)))


def _spectral(work: _Work):
    """‖A‖₂ = √λ_max(AᵀA), the eigenvalues by the eigen kind."""
    A, rules = work.inputs.x, work.rules
    if rules.spectral_of == "entry":
        top = max(abs(e) for e in A)
        work.steps.append(NormMaximum(label=work.inputs.name, entries=tuple(A), result=top))
        return Value(top)
    if rules.spectral_of == "matrix" and not A.is_square:
        return None
    gram = sympy.ImmutableMatrix(A.T * A) if rules.spectral_of == "gram" else A
    gram = work.take("gram", gram, read=lambda value: numbers(value, gram.shape))
    eigen = eigen_solve(EigenProblem(gram))
    characteristic = eigen.steps[0]
    values = dict(eigen.intermediates)["eigenvalues"].value
    if not all(value.is_real for value in values):
        if work.given:  # a student's AᵀA that is not symmetric
            raise NotCarried
        return None  # only A itself (a changed rule) can have non-real eigenvalues
    counted = sorted(Counter(values).items(), key=lambda item: item[0].evalf(30), reverse=True)
    numeric = any(is_numeric(value) for value, _ in counted)
    lambda_max = work.take("lambda_max", counted[0][0], after=("gram",))
    if rules.square_root and lambda_max.is_negative:
        if work.given:
            raise NotCarried
        return None
    result = _root(lambda_max, rules.square_root)
    work.steps.append(NormSpectral(
        label=work.inputs.name, matrix=A, of=rules.spectral_of, gram=gram,
        shifted=characteristic.shifted, polynomial=characteristic.result,
        factored=characteristic.factored,
        eigenvalues=tuple((shown(v) if numeric else v, m) for v, m in counted),
        numeric=numeric, lambda_max=shown(lambda_max) if numeric else lambda_max,
        root=rules.square_root, result=shown(result) if is_numeric(result) else result))
    return Value(work.take(("norm", ANSWER), result, after=("lambda_max",)))
