"""Partial derivatives through intermediate functions, checked by differentiating the
composed function directly and by finite differences."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from solver.errors import SpecErrors
from solver.kinds.partial_derivatives import Composition, solve
from solver.numbers import symbol
from solver.steps.calculus import LocalDerivatives, MultivariableChainRule
from tests.conftest import load, solve_only_part

x1, x2, x3 = symbol("x1"), symbol("x2"), symbol("x3")
g1, g2 = symbol("g1"), symbol("g2")
RNG = np.random.default_rng(11)

HANDOUT = Composition(sympy.sin(g1) + g2**2,
                      ((g1, x1 * sympy.exp(x2)), (g2, x1 + x2**2)), (x1, x2))


def _composed(inputs: Composition):
    return inputs.f.xreplace(dict(inputs.where))


def _numeric(expr, values):
    return float(sympy.N(expr.subs(values), 30))


def test_handout_answers():
    answer = solve(HANDOUT).answer
    e = sympy.exp(x2)
    expected = {
        "x1": e * sympy.cos(x1 * e) + 2 * (x1 + x2**2),
        "x2": x1 * e * sympy.cos(x1 * e) + 4 * x2 * (x1 + x2**2),
    }
    for name, value in expected.items():
        assert sympy.expand(answer[name].value - value) == 0


def test_handout_local_derivatives_in_terms_of_g():
    solved = solve(HANDOUT)
    first = solved.steps[1]
    assert isinstance(solved.steps[0], LocalDerivatives)
    assert isinstance(first, MultivariableChainRule)
    assert first.in_terms_of_g == sympy.cos(g1) * sympy.exp(x2) + 2 * g2
    intermediates = dict(solved.intermediates)
    assert intermediates["df/dg1"].value == sympy.cos(g1)
    assert intermediates["df/dg2"].value == 2 * g2
    assert intermediates["dg1/dx1"].value == sympy.exp(x2)
    assert intermediates["dg1/dx2"].value == x1 * sympy.exp(x2)
    assert intermediates["dg2/dx2"].value == 2 * x2


CASES = [
    HANDOUT,
    Composition(g1 * g2 + x1, ((g1, x1 * x2), (g2, sympy.sin(x2 + x3))), (x1, x2, x3)),
    Composition(sympy.log(1 + g1**2) * x2, ((g1, x1**2 - x2),), (x1, x2)),
    Composition(sympy.exp(-g1) / (1 + g2**2), ((g1, x1 + 2 * x2), (g2, x1 * x2)), (x1, x2)),
]


@pytest.mark.parametrize("inputs", CASES)
def test_answers_match_the_composed_function(inputs):
    answer = solve(inputs).answer
    composed = _composed(inputs)
    for x in inputs.wrt:
        assert sympy.simplify(answer[str(x)].value - sympy.diff(composed, x)) == 0
        for point in RNG.uniform(-1.5, 1.5, size=(3, len(inputs.wrt))):
            values = dict(zip(inputs.wrt, (float(p) for p in point), strict=True))
            h = 1e-6
            plus = _numeric(composed, {**values, x: values[x] + h})
            minus = _numeric(composed, {**values, x: values[x] - h})
            assert _numeric(answer[str(x)].value, values) == pytest.approx(
                (plus - minus) / (2 * h), rel=1e-5, abs=1e-6)


def test_direct_dependence_is_an_extra_term():
    solved = solve(CASES[1])
    first = solved.steps[1]
    assert first.direct == 1
    assert dict(solved.intermediates)["df/dx1|g"].value == 1
    assert solved.steps[2].direct is None


def test_loaded_from_a_spec():
    _, solved = solve_only_part("""
        problems:
          - id: chain
            parts:
              - id: c
                kind: partial_derivatives
                f: sin(g1) + g2^2
                where: {g1: x1 e^x2, g2: x1 + x2^2}
                wrt: [x1, x2]
    """)
    expected = solve(HANDOUT).answer
    assert solved.answer == expected


@pytest.mark.parametrize(("fields", "field", "words"), [
    ("f: sin(g3), where: {g1: x1}", "f", "g3"),
    ("f: sin(g1), where: {g1: x1 + g2, g2: x1}", "where", "g2"),
    ("f: sin(g1), where: {x1: x2, g1: x1}", "where", "variable"),
])
def test_spec_errors_name_the_field_and_line(fields, field, words):
    with pytest.raises(SpecErrors) as caught:
        load(f"""
            problems:
              - id: p
                parts:
                  - {{id: a, kind: partial_derivatives, {fields}, wrt: [x1, x2]}}
        """)
    (error,) = caught.value.errors
    assert f"field '{field}'" in str(error)
    assert error.location.line == 5
    assert words in error.message


def test_handout_solves():
    solve(HANDOUT)
    solve(HANDOUT)
