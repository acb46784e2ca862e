"""Jacobians (numerator layout) checked by finite differences of each component."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from solver.errors import SpecErrors
from solver.kinds.jacobian import VectorFunction, solve
from solver.numbers import symbol
from solver.steps.calculus import JacobianShape
from tests.conftest import load, solve_only_part

x1, x2, x3 = symbol("x1"), symbol("x2"), symbol("x3")
RNG = np.random.default_rng(13)
M = sympy.ImmutableMatrix
HANDOUT = VectorFunction((2 * x1**2 + 3 * x2 + 5, sympy.sin(x3) * sympy.exp(x1)), (x1, x2, x3))


def _numeric(expr, values):
    return float(sympy.N(sympy.sympify(expr).subs(values), 30))


def test_handout_jacobian_shape_is_2x3():
    solved = solve(HANDOUT)
    intermediates = dict(solved.intermediates)
    assert intermediates["rows"].value == 2 and intermediates["cols"].value == 3
    shape = solved.steps[0]
    assert isinstance(shape, JacobianShape) and (shape.m, shape.n) == (2, 3)
    assert solved.answer.value.shape == (2, 3)


def test_handout_jacobian_second_row_is_exp_sin_zero_exp_cos_not_the_printed_row():
    """The handout prints (−e^{x1}, 0, cos x3) as the second row; differentiating
    sin(x3) e^{x1} gives (e^{x1} sin x3, 0, e^{x1} cos x3)."""
    answer = solve(HANDOUT).answer.value
    e = sympy.exp(x1)
    assert answer.row(0) == M([[4 * x1, 3, 0]])
    assert answer.row(1) == M([[e * sympy.sin(x3), 0, e * sympy.cos(x3)]])
    assert answer.row(1) != M([[-e, 0, sympy.cos(x3)]])


CASES = [
    HANDOUT,
    VectorFunction((x1 * x2, x1 + x2, sympy.exp(x1 - x2)), (x1, x2)),
    VectorFunction((sympy.tanh(x1) * x2**2,), (x1, x2)),
    VectorFunction((sympy.atan(x1 / (1 + x2**2)), sympy.log(2 + sympy.sin(x1 * x2))), (x1, x2)),
]


@pytest.mark.parametrize("inputs", CASES)
def test_jacobian_matches_finite_differences(inputs):
    jacobian = solve(inputs).answer.value
    assert jacobian.shape == (len(inputs.f), len(inputs.wrt))
    h = 1e-6
    for point in RNG.uniform(-1.5, 1.5, size=(3, len(inputs.wrt))):
        values = dict(zip(inputs.wrt, (float(p) for p in point), strict=True))
        for i, fi in enumerate(inputs.f):
            for j, x in enumerate(inputs.wrt):
                plus = _numeric(fi, {**values, x: values[x] + h})
                minus = _numeric(fi, {**values, x: values[x] - h})
                assert _numeric(jacobian[i, j], values) == pytest.approx(
                    (plus - minus) / (2 * h), rel=1e-5, abs=1e-6)


def test_loaded_from_a_spec():
    _, solved = solve_only_part("""
        problems:
          - id: p
            parts:
              - {id: j, kind: jacobian, f: [2 x1^2 + 3 x2 + 5, sin(x3) e^x1], wrt: [x1, x2, x3]}
    """)
    assert solved.answer == solve(HANDOUT).answer


@pytest.mark.parametrize(("fields", "field"), [
    ("f: x1 + x2, wrt: [x1, x2]", "f"),
    ("f: [x1, y], wrt: [x1, x2]", "f"),
])
def test_spec_errors_name_the_field_and_line(fields, field):
    with pytest.raises(SpecErrors) as caught:
        load(f"""
            problems:
              - id: p
                parts:
                  - {{id: j, kind: jacobian, {fields}}}
        """)
    (error,) = caught.value.errors
    assert f"field '{field}'" in str(error) and error.location.line == 5


def test_handout_solves():
    solve(HANDOUT)
    solve(HANDOUT)
