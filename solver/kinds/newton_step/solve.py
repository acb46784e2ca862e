"""Newton's method: θ⁽ᵏ⁺¹⁾ = θ⁽ᵏ⁾ + d with H(θ⁽ᵏ⁾) d = −∇f(θ⁽ᵏ⁾), from a start, every value
taken through ``given`` so that later iterates follow from a student's earlier ones."""

from __future__ import annotations

from functools import lru_cache

import sympy

from solver.answers import Undefined, Value
from solver.exact import sign_of
from solver.kinds.given import ANSWER, NOTHING, Given
from solver.kinds.gradient.solve import gradient_of
from solver.kinds.newton_step.direction import direction
from solver.kinds.newton_step.read import NewtonInputs
from solver.kinds.newton_step.rules import TEXTBOOK, Rules
from solver.kinds.newton_step.steps import (
    NewtonDerivatives,
    NewtonIteration,
    NewtonNotDescent,
    NewtonSingular,
    NewtonStationary,
    NewtonTable,
    NewtonUndefined,
)
from solver.kinds.newton_step.values import column, finite_real, reader, settle, shown
from solver.render.printing import SIGNIFICANT, plain
from solver.steps import Solved
from solver.steps.calculus import hessian_matrix
from solver.steps.optimization import leading_minors

Matrix = sympy.ImmutableMatrix


@lru_cache(maxsize=32)
def derivatives(f, variables) -> tuple[Matrix, Matrix]:
    """∇f and H by the gradient kind's rules (kept for the re-solves of a part)."""
    gradient = gradient_of(f, variables)
    return gradient.result, hessian_matrix(f, gradient).result


def solve(inputs: NewtonInputs, given: Given = NOTHING, rules: Rules = TEXTBOOK) -> Solved:
    """θ⁽¹⁾ … θ⁽ᵏ⁾; ``given`` may supply ``grad{k}``, ``hessian{k}``, ``d{k}`` and
    ``theta{k}`` (the last also as the answer)."""
    xs, n, one = inputs.variables, len(inputs.wrt), inputs.one
    gradient, hessian = derivatives(inputs.f, xs)
    steps: list = [NewtonDerivatives(f=inputs.f, variables=xs, gradient=gradient,
                                     hessian=hessian)]
    named: list[tuple[str, Value]] = []
    vector, square = reader((n, 1), one), reader((n, n), one)

    def at(expr, theta):
        return settle(expr.xreplace(dict(zip(xs, theta, strict=True))))

    def stop(step, reason: str) -> Solved:
        steps.append(step)
        return Solved(tuple(steps), Undefined(reason), tuple(named))

    theta = inputs.start
    loss = at(inputs.f, theta)
    named += [("theta0", Value(shown(theta, one))), ("loss0", Value(loss))]
    if not finite_real(loss):
        return stop(NewtonUndefined(index=0, theta=shown(theta, one), what="f"),
                    _undefined(0, theta, "f"))
    rows = [(0, shown(theta, one), loss)]
    for k in range(inputs.steps):
        g, H = at(gradient, theta), at(hessian, theta)
        for value, what in ((g, "gradient"), (H, "hessian")):
            if not finite_real(value):
                return stop(NewtonUndefined(index=k, theta=shown(theta, one), what=what),
                            _undefined(k, theta, what))
        g = column(given.take(f"grad{k}", shown(g, one), after=(f"theta{k}",), read=vector), n)
        H = Matrix(n, n, list(_entries(given.take(f"hessian{k}", shown(H, one),
                                                  after=(f"theta{k}",), read=square))))
        named += [(f"grad{k}", Value(shown(g, one))), (f"hessian{k}", Value(shown(H, one)))]
        if all(sign_of(entry) == 0 for entry in g):
            steps.append(NewtonStationary(index=k, theta=shown(theta, one)))
            named += [(f"theta{j}", Value(shown(theta, one)))
                      for j in range(k + 1, inputs.steps + 1)]
            break
        found = direction(H, g, rules)
        if found.step is None:
            return stop(NewtonSingular(index=k, theta=shown(theta, one), hessian=shown(H, one),
                                       det=found.det),
                        f"Newton's method stops at iterate {k}: at θ = {_plain(theta)} the "
                        f"Hessian is singular (det H = {_text(found.det)}), so H d = −∇f has no "
                        f"unique solution")
        d = column(given.take(f"d{k}", shown(settle(found.result), one),
                              after=(f"grad{k}", f"hessian{k}"), read=vector), n)
        named.append((f"d{k}", Value(shown(d, one))))
        slope = settle((g.T * d)[0, 0])
        if rules.check_descent and sign_of(slope) >= 0:
            minors = leading_minors(H)
            steps.append(NewtonIteration(index=k, theta=shown(theta, one),
                                         gradient=shown(g, one), hessian=shown(H, one),
                                         direction=found.step, d=shown(d, one), slope=slope,
                                         theta_next=None, loss_next=None))
            return stop(NewtonNotDescent(index=k, gradient=shown(g, one),
                                         direction=shown(d, one), slope=slope,
                                         minors=minors.minors, failing=minors.failing),
                        f"Newton's method stops at iterate {k}: at θ = {_plain(theta)} the "
                        f"Newton direction d = {_plain(d)} has ∇fᵀd = {_text(slope)} ≥ 0, so it "
                        f"is not a descent direction (H is not positive definite there)")
        last = k + 1 == inputs.steps
        theta_next = column(given.take((f"theta{k + 1}", ANSWER) if last else f"theta{k + 1}",
                                       shown(settle(theta + d), one),
                                       after=(f"theta{k}", f"d{k}"), read=vector), n)
        loss_next = at(inputs.f, theta_next)
        defined = finite_real(loss_next)
        steps.append(NewtonIteration(index=k, theta=shown(theta, one), gradient=shown(g, one),
                                     hessian=shown(H, one), direction=found.step,
                                     d=shown(d, one), slope=slope,
                                     theta_next=shown(theta_next, one),
                                     loss_next=loss_next if defined else None))
        named.append((f"theta{k + 1}", Value(shown(theta_next, one))))
        if not defined:
            return stop(NewtonUndefined(index=k + 1, theta=shown(theta_next, one), what="f"),
                        _undefined(k + 1, theta_next, "f"))
        named.append((f"loss{k + 1}", Value(loss_next)))
        theta = theta_next
        rows.append((k + 1, shown(theta, one), loss_next))
    steps.append(NewtonTable(rows=tuple(rows)))
    return Solved(tuple(steps), Value(shown(theta, one)), tuple(named))


def _entries(value):
    return value if isinstance(value, sympy.MatrixBase) else (value,)


_WHAT = {"f": "f", "gradient": "the gradient of f", "hessian": "the Hessian of f"}


def _undefined(k: int, theta, what: str) -> str:
    return (f"Newton's method stops at iterate {k}: {_WHAT[what]} is not defined at "
            f"θ = {_plain(theta)} (a division by zero or a value outside a function's domain)")


def _plain(theta) -> str:
    entries = [_text(entry) for entry in theta]
    return entries[0] if len(entries) == 1 else "(" + ", ".join(entries) + ")"


def _text(value) -> str:
    return plain(value, digits=SIGNIFICANT)
