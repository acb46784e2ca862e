"""Gradients checked by central finite differences at random points."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from solver.answers import Undefined
from solver.errors import SpecErrors
from solver.kinds.gradient import ScalarFunction, solve
from solver.numbers import symbol
from tests.conftest import load, solve_only_part

x1, x2, x3 = symbol("x1"), symbol("x2"), symbol("x3")
RNG = np.random.default_rng(3)
M = sympy.ImmutableMatrix


def _numeric(expr, values):
    return float(sympy.N(sympy.sympify(expr).subs(values), 30))


def numeric_gradient(f, wrt, point, h=1e-6):
    values = dict(zip(wrt, point, strict=True))
    result = []
    for x in wrt:
        plus = _numeric(f, {**values, x: values[x] + h})
        minus = _numeric(f, {**values, x: values[x] - h})
        result.append((plus - minus) / (2 * h))
    return np.array(result)


def test_handout_gradient():
    answer = solve(ScalarFunction(sympy.sin(x1) + 2 * x2**2, (x1, x2))).answer.value
    assert answer == M([sympy.cos(x1), 4 * x2])


def test_handout_linear_function_gradient_is_v():
    answer = solve(ScalarFunction(3 * x1 - 2 * x2, (x1, x2))).answer.value
    assert answer == M([3, -2])


CASES = [
    (sympy.sin(x1) + 2 * x2**2, (x1, x2)),
    (x1**2 * x2 - sympy.exp(x1 * x2), (x1, x2)),
    (sympy.log(1 + x1**2 + x2**2) + x3 * sympy.cos(x1), (x1, x2, x3)),
    (sympy.sqrt(1 + x1**2) / (2 + sympy.sin(x2)), (x1, x2)),
    (x1**3, (x1,)),
]


@pytest.mark.parametrize(("f", "wrt"), CASES)
def test_gradient_matches_finite_differences(f, wrt):
    gradient = solve(ScalarFunction(f, wrt)).answer.value
    assert gradient.shape == (len(wrt), 1)
    for point in RNG.uniform(-1.5, 1.5, size=(4, len(wrt))):
        point = [float(p) for p in point]
        values = dict(zip(wrt, point, strict=True))
        computed = np.array([_numeric(entry, values) for entry in gradient])
        assert computed == pytest.approx(numeric_gradient(f, wrt, point), rel=1e-5, abs=1e-6)


def test_at_a_point_with_the_symbolic_gradient_as_intermediate():
    solved = solve(ScalarFunction(sympy.sin(x1) + 2 * x2**2, (x1, x2),
                                  at=(sympy.pi / 2, sympy.Integer(1))))
    assert solved.answer.value == M([0, 4])
    assert dict(solved.intermediates)["symbolic"].value == M([sympy.cos(x1), 4 * x2])


def test_point_from_a_given_vector():
    _, solved = solve_only_part("""
        problems:
          - id: p
            given:
              y: [-1, 0]
            parts:
              - {id: c, kind: gradient, f: sin(x1) + 2 x2^2, wrt: [x1, x2], at: y}
    """)
    assert solved.answer.value == M([sympy.cos(1), 0])


def test_constants():
    a = symbol("a")
    _, solved = solve_only_part("""
        problems:
          - id: p
            parts:
              - {id: c, kind: gradient, f: a x1^2 + x2, wrt: [x1, x2], constants: [a]}
    """)
    assert solved.answer.value == M([2 * a * x1, 1])


@pytest.mark.parametrize(("fields", "field", "words"), [
    ("f: x1 + x2, wrt: [x1, x2], at: [1, 2, 3]", "at", "expected 2 numbers"),
    ("f: x1 + x3, wrt: [x1, x2]", "f", "x3"),
    ("f: x1 + x2, wrt: [x1, x2], at: [[1, 2], [3, 4]]", "at", "column vector"),
])
def test_spec_errors_name_the_field_and_line(fields, field, words):
    with pytest.raises(SpecErrors) as caught:
        load(f"""
            problems:
              - id: p
                parts:
                  - {{id: a, kind: gradient, {fields}}}
        """)
    (error,) = caught.value.errors
    assert f"field '{field}'" in str(error)
    assert error.location.line == 5
    assert words in error.message


def test_handout_solves():
    inputs = ScalarFunction(sympy.sin(x1) + 2 * x2**2, (x1, x2))
    solve(inputs)
    solve(inputs)


@pytest.mark.parametrize(("f", "point"), [
    (sympy.log(x1) + x2, (0, 1)),
    (sympy.sqrt(x1) + x2, (-1, 1)),
    (1 / (x1 - x2), (2, 2)),
])
def test_gradient_outside_the_domain_is_undefined(f, point):
    answer = solve(ScalarFunction(f, (x1, x2), at=tuple(map(sympy.Integer, point)))).answer
    assert isinstance(answer, Undefined)
    assert "∇f is not defined at" in answer.reason
