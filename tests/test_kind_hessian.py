"""Hessians checked by finite differences of the function, and for symmetry."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from solver.answers import Undefined
from solver.errors import SpecErrors
from solver.kinds.gradient import ScalarFunction
from solver.kinds.hessian import solve
from solver.numbers import symbol
from tests.conftest import load, solve_only_part

x1, x2, x3 = symbol("x1"), symbol("x2"), symbol("x3")
RNG = np.random.default_rng(5)
M = sympy.ImmutableMatrix


def _numeric(expr, values):
    return float(sympy.N(sympy.sympify(expr).subs(values), 30))


def numeric_hessian(f, wrt, point, h=1e-4):
    """Second central differences of f itself."""
    base = dict(zip(wrt, point, strict=True))
    n = len(wrt)
    result = np.zeros((n, n))
    for i, xi in enumerate(wrt):
        for j, xj in enumerate(wrt):
            total = 0.0
            for si, sj in ((1, 1), (1, -1), (-1, 1), (-1, -1)):
                values = dict(base)
                values[xi] = values[xi] + si * h
                values[xj] = values[xj] + sj * h
                total += si * sj * _numeric(f, values)
            result[i, j] = total / (4 * h * h)
    return result


def test_handout_hessian():
    answer = solve(ScalarFunction(sympy.sin(x1) + 2 * x2**2, (x1, x2))).answer.value
    assert answer == M([[-sympy.sin(x1), 0], [0, 4]])


def test_handout_hessian_at_the_critical_point():
    solved = solve(ScalarFunction(sympy.sin(x1) + 2 * x2**2, (x1, x2),
                                  at=(sympy.pi / 2, sympy.Integer(0))))
    assert solved.answer.value == M([[-1, 0], [0, 4]])
    intermediates = dict(solved.intermediates)
    assert intermediates["symbolic"].value == M([[-sympy.sin(x1), 0], [0, 4]])
    assert intermediates["gradient"].value == M([sympy.cos(x1), 4 * x2])


CASES = [
    (sympy.sin(x1) + 2 * x2**2, (x1, x2)),
    (x1**2 * x2**3 - sympy.exp(x1 * x2), (x1, x2)),
    (sympy.log(1 + x1**2 + x2**2) + x3 * sympy.cos(x1), (x1, x2, x3)),
    (x1**4, (x1,)),
]


@pytest.mark.parametrize(("f", "wrt"), CASES)
def test_hessian_matches_finite_differences_and_is_symmetric(f, wrt):
    hessian = solve(ScalarFunction(f, wrt)).answer.value
    assert hessian.shape == (len(wrt), len(wrt))
    assert sympy.simplify(hessian - hessian.T) == sympy.zeros(len(wrt))
    for point in RNG.uniform(-1.2, 1.2, size=(3, len(wrt))):
        point = [float(p) for p in point]
        values = dict(zip(wrt, point, strict=True))
        computed = np.array([[_numeric(e, values) for e in row] for row in hessian.tolist()])
        np.testing.assert_allclose(computed, numeric_hessian(f, wrt, point), rtol=1e-4,
                                   atol=1e-4)


def test_loaded_from_a_spec():
    _, solved = solve_only_part("""
        problems:
          - id: p
            parts:
              - {id: h, kind: hessian, f: x1^2 x2 + x2^3, wrt: [x1, x2], at: [1, 2]}
    """)
    assert solved.answer.value == M([[4, 2], [2, 12]])


def test_point_of_the_wrong_length_is_a_spec_error():
    with pytest.raises(SpecErrors) as caught:
        load("""
            problems:
              - id: p
                parts:
                  - {id: h, kind: hessian, f: x1 x2, wrt: [x1, x2], at: [1]}
        """)
    (error,) = caught.value.errors
    assert "field 'at'" in str(error) and error.location.line == 5


def test_handout_solves():
    inputs = ScalarFunction(sympy.sin(x1) + 2 * x2**2, (x1, x2))
    solve(inputs)
    solve(inputs)


def test_hessian_at_a_singular_point_is_undefined():
    answer = solve(ScalarFunction(sympy.sqrt(x1) + x2, (x1, x2),
                                  at=(sympy.Integer(0), sympy.Integer(1)))).answer
    assert isinstance(answer, Undefined) and answer.reason.startswith("H is not defined")
