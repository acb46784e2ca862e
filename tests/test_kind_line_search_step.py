"""Exact line search checked on φ(λ) = L(θₖ − λg): φ'(λ) = 0 exactly, φ'' > 0, L decreases."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest
import sympy

from solver.answers import Named, Undefined, Value
from solver.errors import SpecErrors
from solver.kinds.line_search_step import LineSearchStepInputs, solve
from solver.spec.load import load_text
from solver.steps.optimization import AtStationaryPoint


def load(text: str):
    return load_text(textwrap.dedent(text), "t.yaml")


M = sympy.ImmutableMatrix
R = sympy.Rational

CASES = [
    ([[2, 0], [0, 4]], [2, 4], [0, 0]),
    ([[4, 1], [1, 3]], [1, 2], [2, 1]),
    ([[2, -1, 0], [-1, 2, -1], [0, -1, 2]], [1, 0, 1], [3, -2, 5]),
    ([[R(1, 2), R(1, 10)], [R(1, 10), R(3, 10)]], [R(1, 5), 1], [1, 1]),
    ([[5]], [3], [7]),
]


def _loss(Q, b, theta):
    return (theta.T * Q * theta)[0] / 2 - (b.T * theta)[0]


@pytest.mark.parametrize("Q, b, at", CASES)
def test_step_minimises_the_loss_along_the_gradient(Q, b, at):
    Q, b, at = M(Q), M(b), M(at)
    solved = solve(LineSearchStepInputs(Q, b, at))
    assert isinstance(solved.answer, Named)
    step, theta = solved.answer["step"].value, solved.answer["theta"].value
    g = Q * at - b                                  # ∇L(θₖ) for symmetric Q
    lam = sympy.Symbol("lam")
    phi = _loss(Q, b, at - lam * g)
    assert sympy.diff(phi, lam).subs(lam, step) == 0
    assert sympy.diff(phi, lam, 2).subs(lam, step) > 0
    assert theta == at - step * g
    assert _loss(Q, b, theta) < _loss(Q, b, at)
    named = dict(solved.intermediates)
    assert named["loss_before"].value == _loss(Q, b, at)
    assert named["loss_after"].value == _loss(Q, b, theta)
    # the same step by floats
    Qf = np.array(Q.tolist(), dtype=float)
    bf, af = (np.array(list(m), dtype=float) for m in (b, at))
    gf = Qf @ af - bf
    lf = (gf @ gf) / (gf @ Qf @ gf)
    assert np.isclose(float(step), lf)
    assert np.allclose(np.array(list(theta), dtype=float), af - lf * gf)


def test_handout_style_example():
    solved = solve(LineSearchStepInputs(M([[2, 0], [0, 4]]), M([2, 4]), M([0, 0])))
    assert solved.answer["step"].value == R(5, 18)
    assert solved.answer["theta"].value == M([R(5, 9), R(10, 9)])


def test_already_at_the_minimiser():
    Q, b = M([[2, 0], [0, 4]]), M([2, 4])
    solved = solve(LineSearchStepInputs(Q, b, M([1, 1])))
    assert isinstance(solved.answer, Value)
    assert solved.answer.value == M([1, 1])
    assert any(isinstance(step, AtStationaryPoint) for step in solved.steps)


@pytest.mark.parametrize("Q, words", [
    ([[2, 0], [0, -4]], ["not positive definite", "minor of order 2 is -8"]),
    ([[0, 1], [1, 0]], ["not positive definite", "minor of order 1 is 0"]),
    ([[1, 2], [0, 1]], ["not symmetric"]),
])
def test_q_must_be_symmetric_positive_definite(Q, words):
    solved = solve(LineSearchStepInputs(M(Q), M([1, 1]), M([1, 1])))
    assert isinstance(solved.answer, Undefined)
    for word in words:
        assert word in solved.answer.reason
    Qn = np.array(Q, dtype=float)
    assert not (np.allclose(Qn, Qn.T) and (np.linalg.eigvalsh(Qn) > 0).all())


def test_spec_load():
    part = load("""\
        problems:
          - id: p
            given:
              Q: [[2, 0], [0, 4]]
            parts:
              - {id: a, kind: line_search_step, Q: Q, b: [2, 4], at: [0, 0]}
        """).problems[0].parts[0]
    assert solve(part.inputs).answer["step"].value == R(5, 18)


@pytest.mark.parametrize("fields, field, words", [
    ("Q: [[1, 2, 3], [4, 5, 6]], b: [1, 2], at: [0, 0]", "Q", "square"),
    ("Q: [[2, 0], [0, 4]], b: [1, 2, 3], at: [0, 0]", "b", "expected 2"),
    ("Q: [[2, 0], [0, 4]], b: [1, 2], at: [0]", "at", "expected 2"),
])
def test_spec_errors_name_the_field(fields, field, words):
    text = ("problems:\n  - id: p\n    parts:\n"
            f"      - {{id: a, kind: line_search_step, {fields}}}\n")
    with pytest.raises(SpecErrors) as info:
        load(text)
    message = str(info.value)
    assert f"field '{field}'" in message and "t.yaml:4" in message and words in message
