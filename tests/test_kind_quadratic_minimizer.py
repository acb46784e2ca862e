"""Quadratic minimisers checked by Qθ = b, numerical positive definiteness and perturbations."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest
import sympy

from solver.answers import Undefined, Value
from solver.errors import SpecErrors
from solver.kinds.quadratic_minimizer import QuadraticMinimizerInputs, solve
from solver.spec.load import load_text
from solver.steps.optimization import LeadingMinorsTest, MinimiserSolve, QuadraticSpectrum


def load(text: str):
    return load_text(textwrap.dedent(text), "t.yaml")


M = sympy.ImmutableMatrix
R = sympy.Rational

CASES = [
    ([[2, 1], [1, 2]], [1, 1]),
    ([[10, 4], [4, 4]], [2, -6]),
    ([[R(1, 2), R(1, 10)], [R(1, 10), R(3, 10)]], [1, R(1, 5)]),
    ([[2, -1, 0], [-1, 2, -1], [0, -1, 2]], [1, 0, 1]),
    ([[4, 1, 0, 0], [1, 4, 1, 0], [0, 1, 4, 1], [0, 0, 1, 4]], [1, 2, 3, 4]),
    ([[3]], [6]),
]


def _floats(matrix) -> np.ndarray:
    return np.array(matrix.tolist(), dtype=float)


@pytest.mark.parametrize("Q, b", CASES)
def test_minimiser_solves_q_theta_equals_b_and_beats_its_neighbours(Q, b):
    Q, b = M(Q), M(b)
    solved = solve(QuadraticMinimizerInputs(Q, b))
    assert isinstance(solved.answer, Value)
    theta = solved.answer.value
    assert Q * theta == b
    Qf, bf, tf = _floats(Q), _floats(b).ravel(), _floats(theta).ravel()
    assert (np.linalg.eigvalsh(Qf) > 0).all()
    assert np.allclose(np.linalg.solve(Qf, bf), tf)

    def loss(v):
        return 0.5 * v @ Qf @ v - bf @ v

    minimum = dict(solved.intermediates)["minimum"].value
    assert np.isclose(float(minimum), loss(tf))
    rng = np.random.default_rng(2)
    for _ in range(20):
        assert loss(tf + rng.normal(scale=0.1, size=tf.size)) > loss(tf)


@pytest.mark.parametrize("Q, b", CASES)
def test_leading_minors_are_the_determinants_of_the_leading_blocks(Q, b):
    solved = solve(QuadraticMinimizerInputs(M(Q), M(b)))
    step = next(step for step in solved.steps if isinstance(step, LeadingMinorsTest))
    Qf = _floats(M(Q))
    for k, minor in enumerate(step.minors, start=1):
        assert np.isclose(float(minor), np.linalg.det(Qf[:k, :k]))
    assert step.positive_definite


def test_inverse_shown_for_small_q_only():
    small = solve(QuadraticMinimizerInputs(M([[2, 1], [1, 2]]), M([1, 1])))
    solve_step = next(step for step in small.steps if isinstance(step, MinimiserSolve))
    assert solve_step.inverse * M([[2, 1], [1, 2]]) == sympy.eye(2)
    assert small.answer.value == M([R(1, 3), R(1, 3)])
    assert dict(small.intermediates)["minimum"].value == R(-1, 3)
    large = solve(QuadraticMinimizerInputs(M(CASES[4][0]), M(CASES[4][1])))
    assert next(step for step in large.steps if isinstance(step, MinimiserSolve)).inverse is None


@pytest.mark.parametrize("Q, b, words, case", [
    ([[1, 2], [2, 1]], [1, 1], ["minor of order 2 is -3", "unbounded below"], "negative"),
    ([[0, 1], [1, 0]], [0, 1], ["minor of order 1 is 0", "unbounded below"], "negative"),
    ([[1, 1], [1, 1]], [1, 1], ["minor of order 2 is 0", "no unique minimiser"], "singular_flat"),
    ([[1, 1], [1, 1]], [1, 0], ["minor of order 2 is 0", "unbounded below"], "singular_unbounded"),
    ([[0, 0], [0, 1]], [0, 1], ["minor of order 1 is 0", "no unique minimiser"], "singular_flat"),
    ([[1, 0, 0, 0], [0, 2, 0, 0], [0, 0, -1, 0], [0, 0, 0, 1]], [1, 1, 1, 1],
     ["minor of order 3 is -2", "unbounded below"], "negative"),
])
def test_not_positive_definite(Q, b, words, case):
    solved = solve(QuadraticMinimizerInputs(M(Q), M(b)))
    assert isinstance(solved.answer, Undefined)
    for word in words:
        assert word in solved.answer.reason
    spectrum = solved.steps[-1]
    assert isinstance(spectrum, QuadraticSpectrum) and spectrum.case == case
    eigenvalues = np.linalg.eigvalsh(np.array(Q, dtype=float))
    assert spectrum.negative == int((eigenvalues < -1e-9).sum())
    assert spectrum.zero == int((abs(eigenvalues) <= 1e-9).sum())
    assert spectrum.positive == int((eigenvalues > 1e-9).sum())
    # L really has no minimiser when unbounded: it falls below −10⁶ somewhere
    if case != "singular_flat":
        Qf, bf = np.array(Q, dtype=float), np.array(b, dtype=float)
        values, vectors = np.linalg.eigh(Qf)
        direction = vectors[:, 0] if values[0] < -1e-9 else \
            np.sign(bf @ vectors[:, 0]) * vectors[:, 0]
        far = 1e4 * direction
        assert 0.5 * far @ Qf @ far - bf @ far < -1e3


def test_non_symmetric_q():
    solved = solve(QuadraticMinimizerInputs(M([[1, 2], [0, 1]]), M([1, 0])))
    assert isinstance(solved.answer, Undefined)
    assert "not symmetric" in solved.answer.reason


def test_solves():
    inputs = QuadraticMinimizerInputs(M([[2, 1], [1, 2]]), M([1, 1]))
    solve(inputs)
    solve(inputs)


def test_spec_load_with_given_and_decimals():
    part = load("""\
        problems:
          - id: p
            given:
              A: [[2, 1], [1, 2]]
            parts:
              - {id: a, kind: quadratic_minimizer, Q: A, b: [0.5, 0.5]}
        """).problems[0].parts[0]
    assert part.decimal
    assert solve(part.inputs).answer.value == M([R(1, 6), R(1, 6)])


@pytest.mark.parametrize("fields, field, words", [
    ("Q: [[1, 2]], b: [1]", "Q", "square"),
    ("Q: [[2, 1], [1, 2]], b: [1, 2, 3]", "b", "expected 2"),
    ("Q: [[2, 1], [1, 2]], b: [[1, 2]]", "b", "column vector"),
    ("Q: [[2, 1], [1, 2]], b: [1, y]", "b", "y"),
])
def test_spec_errors_name_the_field(fields, field, words):
    text = ("problems:\n  - id: p\n    parts:\n"
            f"      - {{id: a, kind: quadratic_minimizer, {fields}}}\n")
    with pytest.raises(SpecErrors) as info:
        load(text)
    message = str(info.value)
    assert f"field '{field}'" in message and "t.yaml:4" in message and words in message
