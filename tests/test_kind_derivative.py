"""The derivative kind: answers checked against sympy.diff and finite differences."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from solver.errors import SpecErrors
from solver.kinds.derivative import DerivativeInputs, solve
from solver.numbers import symbol
from solver.steps.calculus import TidyDerivative
from solver.steps.differentiation import ChainRule
from tests.conftest import load, solve_only_part

x, a = symbol("x"), symbol("a")
RNG = np.random.default_rng(7)


def _value(expr, point):
    return float(sympy.N(expr.subs({x: point, a: sympy.Rational(5, 4)}), 30))


def _finite_difference(expr, point, h=1e-6):
    return (_value(expr, point + h) - _value(expr, point - h)) / (2 * h)


@pytest.mark.parametrize(("f", "expected"), [
    (sympy.sin(x**2), 2 * x * sympy.cos(x**2)),
    (sympy.exp(sympy.sin(x**2)), 2 * x * sympy.exp(sympy.sin(x**2)) * sympy.cos(x**2)),
])
def test_handout_chain_rule_answers_exactly(f, expected):
    assert solve(DerivativeInputs(f, x)).answer.value == expected


@pytest.mark.parametrize(("f", "interval"), [
    (sympy.sin(x**2), (-2, 2)),
    (sympy.exp(sympy.sin(x**2)), (-2, 2)),
    (x**3 * sympy.log(x), (0.5, 3)),
    (sympy.sin(x) / (1 + x**2), (-2, 2)),
    (1 / (1 + sympy.exp(-x)), (-3, 3)),
    (sympy.tanh(x) ** 2 - sympy.atan(x**2), (-2, 2)),
    (sympy.sqrt(x) * sympy.exp(-x / 2), (0.5, 3)),
    (a * x**3 + sympy.exp(a * x), (-1, 1)),
])
def test_answer_equals_sympy_diff_and_finite_differences(f, interval):
    answer = solve(DerivativeInputs(f, x, (a,))).answer.value
    assert sympy.simplify(answer - sympy.diff(f, x)) == 0
    for point in RNG.uniform(*interval, size=4):
        point = float(point)
        assert _value(answer, point) == pytest.approx(_finite_difference(f, point), rel=1e-5,
                                                      abs=1e-6)


def test_steps_are_the_rule_tree_then_a_shorter_form():
    solved = solve(DerivativeInputs(x * sympy.exp(-x), x))
    assert len(solved.steps) == 2
    assert isinstance(solved.steps[1], TidyDerivative)
    assert solved.steps[1].expr == solved.steps[0].result
    assert solved.answer.value == (1 - x) * sympy.exp(-x)


def test_no_rewriting_step_when_the_rules_give_the_short_form():
    solved = solve(DerivativeInputs(sympy.sin(x**2), x))
    assert len(solved.steps) == 1
    assert isinstance(solved.steps[0], ChainRule)


def test_loaded_from_a_spec():
    part, solved = solve_only_part("""
        problems:
          - id: chain
            parts:
              - {id: b, kind: derivative, f: e^(sin(x^2)), wrt: x}
    """)
    assert part.kind == "derivative"
    assert solved.answer.value == 2 * x * sympy.exp(sympy.sin(x**2)) * sympy.cos(x**2)


def test_constants_are_symbolic():
    _, solved = solve_only_part("""
        problems:
          - id: p
            parts:
              - {id: a, kind: derivative, f: a x^3 + b, wrt: x, constants: [a, b]}
    """)
    assert solved.answer.value == 3 * a * x**2


def _error(yaml_text):
    with pytest.raises(SpecErrors) as caught:
        load(yaml_text)
    (error,) = caught.value.errors
    return error


@pytest.mark.parametrize(("part", "field", "words"), [
    ("{id: a, kind: derivative, f: x^2, wrt: [x, y]}", "wrt", "one variable"),
    ("{id: a, kind: derivative, f: a x^2, wrt: x}", "f", "a"),
    ("{id: a, kind: derivative, f: x^2, wrt: x, constants: [x]}", "constants", "variable"),
])
def test_spec_errors_name_the_field_and_line(part, field, words):
    error = _error(f"""
        problems:
          - id: p
            parts:
              - {part}
    """)
    assert f"field '{field}'" in str(error)
    assert error.location.line == 5
    assert words in error.message


def test_handout_inputs_solve():
    inputs = [DerivativeInputs(sympy.sin(x**2), x),
              DerivativeInputs(sympy.exp(sympy.sin(x**2)), x)]
    for item in inputs:
        solve(item)
    for item in inputs:
        solve(item)
