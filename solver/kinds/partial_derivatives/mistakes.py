"""Typical mistakes in partial derivatives by the chain rule, each re-solved through the
kind's own solve with the one local derivative the mistake changes: an inner derivative
∂gⱼ/∂xᵢ dropped (taken as 1), a path through gⱼ left out (∂gⱼ/∂xᵢ taken as 0); then each
slip of a differentiation rule in f with every gⱼ written out, and the sign."""

from __future__ import annotations

import sympy

from solver.answers import Value
from solver.kinds.changes import negated
from solver.kinds.derivative.slips import slipped, slips
from solver.kinds.given import Given
from solver.kinds.partial_derivatives.solve import solve
from solver.render.printing import plain
from solver.steps.calculus import LocalDerivatives, MultivariableChainRule


def mistakes(inputs, solved, found) -> None:
    """∂f/∂xᵢ with an inner derivative ∂gⱼ/∂xᵢ dropped (re-solved with it taken as 1), with
    the path through gⱼ left out (∂gⱼ/∂xᵢ taken as 0), with a slip of one differentiation
    rule in f written out in x (the inner derivative of the chain rule dropped, the factor
    f'(g) of a nested function dropped, d/dx cos = +sin, d/dx tanh = 1 + tanh², the 2 of a
    square lost); and −∂f/∂xᵢ."""
    local = next(step for step in solved.steps if isinstance(step, LocalDerivatives))
    rules = [step for step in solved.steps if isinstance(step, MultivariableChainRule)]
    names = [str(g) for g in local.intermediates]
    for rule in rules:
        x = str(rule.variable)
        terms = [a * b for a, b in zip(local.outer, rule.inner, strict=True)]
        direct = rule.direct or 0
        for j, (outer, inner) in enumerate(zip(local.outer, rule.inner, strict=True)):
            if inner in (0, 1) or outer == 0:
                continue
            found.add("dropped_inner_derivative",
                      f"you dropped the inner derivative ∂{names[j]}/∂{x} = {plain(inner)} of "
                      f"the chain rule", _partial(inputs, f"d{names[j]}/d{x}", 1, x), x)
        paths = [j for j, term in enumerate(terms) if term != 0]
        if len(paths) + (direct != 0) > 1:
            for j in paths:
                found.add("missing_chain_term",
                          f"you left out the path through {names[j]}: the term "
                          f"∂f/∂{names[j]} · ∂{names[j]}/∂{x}",
                          _partial(inputs, f"d{names[j]}/d{x}", 0, x), x)
    composed = inputs.f.xreplace(dict(inputs.where))
    for slip in slips(composed, inputs.wrt):
        for x in inputs.wrt:
            wrong = slipped(composed, x, slip)
            found.add(slip.code, slip.message, None if wrong is None else Value(wrong), str(x))
    for name, item in solved.answer.items:
        found.add("sign_error", f"your ∂f/∂{name} has the wrong sign",
                  Value(negated(item.value)), name)


def _partial(inputs, name: str, value: int, x: str) -> Value:
    """∂f/∂x when the local derivative ``name`` is ``value``."""
    return solve(inputs, Given({name: sympy.Integer(value)})).answer[x]
