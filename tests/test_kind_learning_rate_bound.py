"""Learning-rate bounds checked by running numpy gradient descent just inside and outside."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest
import sympy

from solver.answers import Interval, NoBound
from solver.errors import SpecErrors
from solver.kinds.learning_rate_bound import LearningRateBoundInputs, solve
from solver.numbers import symbol
from solver.spec.load import load_text
from solver.steps.optimization import NoStepSize, VariableHessian


def load(text: str):
    return load_text(textwrap.dedent(text), "t.yaml")


R = sympy.Rational


def _inputs(text, wrt):
    names = {name: symbol(name) for name in wrt}
    return LearningRateBoundInputs(sympy.sympify(text.replace("^", "**"), locals=names),
                                   tuple(wrt))


# (f, wrt, ∇f by hand, expected bound)
BOUNDED = [
    ("5*x^2", ["x"], lambda v: np.array([10 * v[0]]), R(1, 5)),
    ("5*x^2 + 4*x*y + 2*y^2", ["x", "y"],
     lambda v: np.array([10 * v[0] + 4 * v[1], 4 * v[0] + 4 * v[1]]), R(1, 6)),
    ("(x - 1)^2 + 2*(y + 3)^2 + x*y", ["x", "y"],
     lambda v: np.array([2 * (v[0] - 1) + v[1], 4 * (v[1] + 3) + v[0]]),
     2 / (3 + sympy.sqrt(2))),
    ("x^2 + x*y + y^2 + y*z + z^2 - 3*z", ["x", "y", "z"],
     lambda v: np.array([2 * v[0] + v[1], v[0] + 2 * v[1] + v[2], v[1] + 2 * v[2] - 3]),
     2 - sympy.sqrt(2)),
    ("2*x^2 + 2*x*y + y^2 + y*z + z^2", ["x", "y", "z"],
     lambda v: np.array([4 * v[0] + 2 * v[1], 2 * v[0] + 2 * v[1] + v[2], v[1] + 2 * v[2]]),
     None),
]


def _run(grad, eta, start, iterations=2000):
    theta = np.array(start, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(iterations):
            theta = theta - eta * grad(theta)
            if not np.all(np.isfinite(theta)) or np.linalg.norm(theta) > 1e12:
                return theta, False
    return theta, np.linalg.norm(grad(theta)) < 1e-8


@pytest.mark.parametrize("case", BOUNDED, ids=[case[0] for case in BOUNDED])
def test_bound_separates_convergence_from_divergence(case):
    text, wrt, grad, expected = case
    solved = solve(_inputs(text, wrt))
    answer = solved.answer
    assert isinstance(answer, Interval) and answer.variable == "eta" and answer.lower == 0
    if expected is not None:
        assert sympy.simplify(answer.upper - expected) == 0
    bound = float(answer.upper)
    rng = np.random.default_rng(11)
    for _ in range(3):
        start = rng.uniform(-2, 2, len(wrt))
        assert _run(grad, 0.99 * bound, start)[1]
        assert not _run(grad, 1.01 * bound, start)[1]


@pytest.mark.parametrize("case", BOUNDED, ids=[case[0] for case in BOUNDED])
def test_hessian_matches_finite_differences_and_numpy_eigenvalues(case):
    text, wrt, grad, _ = case
    solved = solve(_inputs(text, wrt))
    hessian = np.array(dict(solved.intermediates)["hessian"].value.tolist(), dtype=float)
    point, h, n = np.random.default_rng(3).uniform(-1, 1, len(wrt)), 1e-4, len(wrt)
    numeric = np.array([(grad(point + h * e) - grad(point - h * e)) / (2 * h)
                        for e in np.eye(n)]).T
    assert np.allclose(hessian, numeric, atol=1e-6)
    top = float(dict(solved.intermediates)["lambda_max"].value)
    assert np.isclose(top, np.linalg.eigvalsh(numeric).max())
    assert np.isclose(float(solved.answer.upper), 2 / np.linalg.eigvalsh(numeric).max())


def test_handout_two_by_two():
    solved = solve(_inputs("5*x^2 + 4*x*y + 2*y^2", ["x", "y"]))
    named = dict(solved.intermediates)
    assert named["hessian"].value == sympy.ImmutableMatrix([[10, 4], [4, 4]])
    assert named["lambda_max"].value == 12
    assert solved.answer.upper == R(1, 6)
    assert {value for value, _ in solved.steps[1].eigenvalues} == {2, 12}


# (f, wrt, ∇f by hand, words the reason must contain, case)
UNBOUNDED = [
    ("x^2 - y^2", ["x", "y"], lambda v: np.array([2 * v[0], -2 * v[1]]),
     ["negative eigenvalue -2", "unbounded below"], "negative"),
    ("x^2 + y", ["x", "y"], lambda v: np.array([2 * v[0], 1.0]),
     ["eigenvalue 0", "diverges"], "zero_unbounded"),
    ("(x + y)^2 + x + y", ["x", "y"], lambda v: np.full(2, 2 * (v[0] + v[1]) + 1),
     ["eigenvalue 0", "not unique"], "zero_flat"),
]


@pytest.mark.parametrize("case", UNBOUNDED, ids=[case[0] for case in UNBOUNDED])
def test_no_bound_when_an_eigenvalue_is_not_positive(case):
    text, wrt, grad, words, kind = case
    solved = solve(_inputs(text, wrt))
    assert isinstance(solved.answer, NoBound)
    for word in words:
        assert word in solved.answer.reason
    step = solved.steps[-1]
    assert isinstance(step, NoStepSize) and step.case == kind
    rng = np.random.default_rng(5)
    starts = [rng.uniform(-2, 2, len(wrt)) for _ in range(2)]
    if kind == "zero_flat":
        # converges for small η, but to a minimiser that depends on the start
        limits = [_run(grad, 0.1, start)[0] for start in starts]
        assert all(np.linalg.norm(grad(limit)) < 1e-8 for limit in limits)
        assert not np.allclose(limits[0], limits[1])
    else:
        for eta in (1e-3, 0.1, 0.5):
            assert not _run(grad, eta, starts[0], 20000)[1]


@pytest.mark.parametrize("text, wrt, words", [
    ("x^4 + y^2", ["x", "y"], "its Hessian depends on x"),
    ("exp(x)", ["x"], "its Hessian depends on x"),
    ("x^2*y", ["x", "y"], "its Hessian depends on x, y"),
])
def test_not_quadratic(text, wrt, words):
    solved = solve(_inputs(text, wrt))
    assert isinstance(solved.answer, NoBound)
    assert "not quadratic" in solved.answer.reason and words in solved.answer.reason
    assert isinstance(solved.steps[0], VariableHessian)


def test_handout_parts_solve():
    for text, wrt in (("5*x^2", ["x"]), ("5*x^2 + 4*x*y + 2*y^2", ["x", "y"])):
        inputs = _inputs(text, wrt)
        solve(inputs)
        solve(inputs)


def test_spec_load_and_errors():
    part = load("""\
        problems:
          - id: p
            parts:
              - {id: a, kind: learning_rate_bound, f: 5*x^2 + 4*x*y + 2*y^2, wrt: [x, y]}
        """).problems[0].parts[0]
    assert solve(part.inputs).answer.upper == R(1, 6)
    with pytest.raises(SpecErrors) as info:
        load("""\
            problems:
              - id: p
                parts:
                  - id: a
                    kind: learning_rate_bound
                    f: a*x^2
                    wrt: x
            """)
    assert "field 'f'" in str(info.value) and "t.yaml:6" in str(info.value)
