"""∇f = (∂f/∂x₁, …, ∂f/∂xₙ)ᵀ, each partial by the differentiation rules, and its value at
the point when one is given."""

from __future__ import annotations

from functools import lru_cache

import sympy

from solver.answers import Undefined, Value
from solver.kinds.given import ANSWER, NOTHING, Given, expressions
from solver.kinds.gradient.read import ScalarFunction
from solver.render.printing import plain
from solver.steps import Solved
from solver.steps.calculus import GradientVector, evaluate_at, gradient_vector


def solve(inputs: ScalarFunction, given: Given = NOTHING) -> Solved:
    """∇f, and ∇f(a); ``given`` may supply the symbolic ∇f (``symbolic``)."""
    gradient = gradient_of(inputs.f, inputs.wrt)
    if inputs.at is None:
        return Solved((gradient,), Value(gradient.result))
    symbolic = given.take("symbolic", gradient.result,
                          read=lambda value: expressions(value, (len(inputs.wrt), 1)))
    value = evaluate_at(symbolic, inputs.wrt, inputs.at, "gradient")
    answer = value_or_undefined(value.result, "∇f", inputs.at)
    if isinstance(answer, Value):
        given.take(ANSWER, answer.value, after=("symbolic",))
    return Solved((gradient, value), answer, (("symbolic", Value(symbolic)),))


@lru_cache(maxsize=32)
def gradient_of(f, wrt) -> GradientVector:
    """∇f by the rules of differentiation (kept for the re-solves of a part with a
    student's values, which share it)."""
    return gradient_vector(f, wrt)


def value_or_undefined(result, name: str, point):
    """The value at the point, or Undefined when an entry is infinite, undefined or not
    real there."""
    if any(entry.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) or entry.is_real is False
           for entry in result):
        where = ", ".join(plain(c) for c in point)
        return Undefined(f"{name} is not defined at ({where}): an entry divides by zero or "
                         f"leaves the domain of a function")
    return Value(result)
