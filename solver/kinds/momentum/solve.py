"""A run of SGD with momentum, Nesterov, Adagrad, RMSprop or Adam from torch.optim, exactly
where readable: per iteration the gradient, the method's state, the update, the iterate
and the loss, every value taken through ``given``."""

from __future__ import annotations

from functools import lru_cache

import sympy

from solver.answers import Undefined, Value
from solver.kinds.given import ANSWER, NOTHING, Given
from solver.kinds.gradient.solve import gradient_of
from solver.kinds.momentum.read import MomentumInputs
from solver.kinds.momentum.rules import TEXTBOOK, Rules
from solver.kinds.momentum.steps import (
    AdagradIteration,
    AdamIteration,
    MomentumIteration,
    OptimizerRule,
    OptimizerTable,
    OptimizerUndefined,
    RMSpropIteration,
)
from solver.kinds.momentum.update import STATE, iterate
from solver.kinds.newton_step.values import as_decimal, column, finite_real, reader, settle, shown
from solver.render.printing import SIGNIFICANT, plain
from solver.steps import Solved
from solver.steps.optimization import DescentGradient

Matrix = sympy.ImmutableMatrix
STEP = {"momentum": MomentumIteration, "nesterov": MomentumIteration,
        "adagrad": AdagradIteration, "rmsprop": RMSpropIteration, "adam": AdamIteration}
NAMES = {"momentum": "SGD with momentum", "nesterov": "SGD with Nesterov momentum",
         "adagrad": "Adagrad", "rmsprop": "RMSprop", "adam": "Adam"}


@lru_cache(maxsize=32)
def gradient(f, variables) -> Matrix:
    """∇f by the gradient kind's rules (kept for the re-solves of a part)."""
    return gradient_of(f, variables).result


def solve(inputs: MomentumInputs, given: Given = NOTHING, rules: Rules = TEXTBOOK) -> Solved:
    """θ⁽¹⁾ … θ⁽ᵀ⁾; ``given`` may supply ``grad{t}``, the state (``v{t}``, ``G{t}``,
    ``s{t}``, ``m{t}``, ``mhat{t}``, ``vhat{t}``), ``update{t}`` and ``theta{t}``."""
    xs, n, one = inputs.variables, len(inputs.wrt), inputs.one
    nabla = gradient(inputs.f, xs)
    steps: list = [DescentGradient(f=inputs.f, variables=xs, gradient=nabla),
                   OptimizerRule(method=inputs.method)]
    named: list[tuple[str, Value]] = []
    vector = reader((n, 1), one)
    carry = as_decimal if inputs.adaptive else settle

    def take(name, value: Matrix, after: tuple[str, ...]) -> Matrix:
        value = column(given.take(name, shown(value, one), after=after, read=vector), n)
        named.append((name[0] if isinstance(name, tuple) else name, Value(shown(value, one))))
        return value

    def at(expr, theta):
        return settle(expr.xreplace(dict(zip(xs, theta, strict=True))))

    def stop(index: int, theta, what: str) -> Solved:
        steps.append(OptimizerUndefined(index=index, theta=shown(theta, one), what=what))
        return Solved(tuple(steps), Undefined(_reason(inputs, index, theta, what)), tuple(named))

    theta = inputs.start
    loss = at(inputs.f, theta)
    named += [("theta0", Value(shown(theta, one))), ("loss0", Value(loss))]
    if not finite_real(loss):
        return stop(0, theta, "f")
    state = {name: sympy.zeros(n, 1) for name in STATE[inputs.method]}
    rows: list = []
    for t in range(1, inputs.steps + 1):
        g = at(nabla, theta)
        if not finite_real(g):
            return stop(t, theta, "gradient")
        g = take(f"grad{t}", g, (f"theta{t - 1}",))
        updated = iterate(inputs, rules, t, g, state, take)
        if updated.update is None:
            root = updated.values["root"]
            return stop(t, theta, "root" if not finite_real(root) else "zero")
        name = (f"theta{t}", ANSWER) if t == inputs.steps else f"theta{t}"
        theta_next = take(name, carry(theta - updated.update), (f"theta{t - 1}", f"update{t}"))
        loss_next = at(inputs.f, theta_next)
        defined = finite_real(loss_next)
        values = {key: shown(value, one) if isinstance(value, sympy.MatrixBase) else value
                  for key, value in updated.values.items()}
        record = STEP[inputs.method](
            index=t, theta=shown(theta, one), gradient=shown(g, one),
            update=shown(updated.update, one), theta_next=shown(theta_next, one),
            loss_next=loss_next if defined else None, **values)
        steps.append(record)
        rows.append(record)
        if not defined:
            return stop(t, theta_next, "f")
        named.append((f"loss{t}", Value(loss_next)))
        theta, state = theta_next, updated.state
    steps.append(OptimizerTable(method=inputs.method, start=shown(inputs.start, one),
                                loss0=named[1][1].value, rows=tuple(rows)))
    return Solved(tuple(steps), Value(shown(theta, one)), tuple(named))


_WHAT = {"f": "f is not a finite real number",
         "gradient": "the gradient of f is not a finite real number",
         "root": "the square root of the accumulated squared gradients is not real",
         "zero": "a gradient entry and its accumulated squares are 0 and ε = 0, so the "
                 "update is 0/0"}


def _reason(inputs: MomentumInputs, index: int, theta, what: str) -> str:
    where = [plain(entry, decimal=True, digits=SIGNIFICANT) for entry in theta]
    point = where[0] if len(where) == 1 else "(" + ", ".join(where) + ")"
    return f"{NAMES[inputs.method]} stops at iterate {index}: at θ = {point}, {_WHAT[what]}"
