"""Batch normalisation checked by independent routes: a numpy forward pass, and central
finite differences of L = Σ ∂L/∂y · y for the backward pass; exact values where the roots
are readable, 40-digit decimals otherwise; the typical mistakes, error carried forward
through the checker, the checker's verdicts and the worked solution as a PDF."""

from __future__ import annotations

import json
import random
import textwrap

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from solver.answers import Undefined
from solver.check.answerfile import answers_from_text
from solver.check.checker import check_file
from solver.check.mistakes import mistakes
from solver.cli import cli
from solver.kinds import KINDS
from solver.kinds.batchnorm import BatchnormInputs, solve
from solver.render.pdf import available_engine
from solver.solving import solve_set
from solver.spec.load import load_text
from tests.conftest import example_spec, spec_error

M = sympy.ImmutableMatrix
R = sympy.Rational
EPS = R(1, 10**5)


def _array(value) -> np.ndarray:
    if not isinstance(value, sympy.MatrixBase):
        value = M([[value]])
    return np.array(value.evalf(30).tolist(), dtype=float)


def forward_numpy(x, gamma, beta, eps):
    mu = x.mean(axis=0)
    var = x.var(axis=0)  # numpy's default ddof=0: the biased variance
    xhat = (x - mu) / np.sqrt(var + eps)
    return mu, var, xhat, gamma * xhat + beta


def objective(x, gamma, beta, eps, dout):
    return float(np.sum(dout * forward_numpy(x, gamma, beta, eps)[3]))


def numeric_gradient(f, value, h=1e-6):
    grad = np.zeros_like(value)
    for index in np.ndindex(value.shape):
        plus, minus = value.copy(), value.copy()
        plus[index] += h
        minus[index] -= h
        grad[index] = (f(plus) - f(minus)) / (2 * h)
    return grad


def _random_batch(rng: random.Random, n: int, d: int, denominator: int = 1) -> M:
    """Entries with enough spread that no feature is constant."""
    while True:
        X = M(n, d, lambda i, j: R(rng.randint(-9, 9), denominator))
        if all(len(set(X.col(j))) > 1 for j in range(d)):
            return X


@pytest.mark.parametrize("eps", [0, EPS, R(1, 10)])
@pytest.mark.parametrize("seed", range(5))
def test_forward_matches_numpy(eps, seed):
    rng = random.Random(f"{eps}{seed}")
    n, d = rng.randint(2, 5), rng.randint(1, 3)
    X = _random_batch(rng, n, d)
    gamma = M(1, d, [R(rng.randint(1, 6), 2) for _ in range(d)])
    beta = M(1, d, [R(rng.randint(-4, 4), 4) for _ in range(d)])
    solved = solve(BatchnormInputs(X, gamma, beta, eps))
    mu, var, xhat, y = forward_numpy(_array(X), _array(gamma), _array(beta), float(eps))
    values = dict(solved.intermediates)
    assert np.allclose(_array(values["mean"].value).ravel(), mu)
    assert np.allclose(_array(values["variance"].value).ravel(), var)
    assert np.allclose(_array(values["normalised"].value).reshape(xhat.shape), xhat)
    assert np.allclose(_array(solved.answer["output"].value).reshape(y.shape), y)


@pytest.mark.parametrize("eps", [0, EPS])
@pytest.mark.parametrize("seed", range(6))
def test_backward_matches_finite_differences(eps, seed):
    rng = random.Random(f"b{eps}{seed}")
    n, d = rng.randint(2, 5), rng.randint(1, 3)
    X = _random_batch(rng, n, d, 2)
    gamma = M(1, d, [R(rng.randint(1, 6), 2) for _ in range(d)])
    beta = M(1, d, [R(rng.randint(-4, 4), 4) for _ in range(d)])
    dout = M(n, d, lambda i, j: R(rng.randint(-5, 5), 2))
    solved = solve(BatchnormInputs(X, gamma, beta, eps, dout))
    x, g, b, up = (_array(v) for v in (X, gamma, beta, dout))
    e = float(eps)
    grad_x = numeric_gradient(lambda v: objective(v, g, b, e, up), x)
    grad_gamma = numeric_gradient(lambda v: objective(x, v, b, e, up), g)
    grad_beta = numeric_gradient(lambda v: objective(x, g, v, e, up), b)
    answer = solved.answer
    assert np.allclose(_array(answer["grad_x"].value).reshape(x.shape), grad_x, atol=1e-5)
    assert np.allclose(_array(answer["grad_gamma"].value).ravel(), grad_gamma.ravel(),
                       atol=1e-5)
    assert np.allclose(_array(answer["grad_beta"].value).ravel(), grad_beta.ravel(),
                       atol=1e-5)


def test_exact_with_eps_zero_and_decimals_carried_otherwise():
    X = M([[1, 2], [3, 6], [5, 4]])
    exact = solve(BatchnormInputs(X, M([[1, 1]]), M([[0, 0]]), 0))
    xhat = dict(exact.intermediates)["normalised"].value
    assert xhat[0, 0] == -sympy.sqrt(6) / 2  # σ² = 8/3: √(8/3) = 2√6/3
    square = solve(BatchnormInputs(M([[1], [3]]), M([[1]]), M([[0]]), 0))
    assert dict(square.intermediates)["normalised"].value == M([-1, 1])
    carried = solve(BatchnormInputs(X, M([[1, 1]]), M([[0, 0]])))
    value = dict(carried.intermediates)["normalised"].value[0, 0]
    assert isinstance(value, sympy.Float) and value._prec > 100
    assert float(value) == pytest.approx(-2 / np.sqrt(8 / 3 + 1e-5))


def test_a_constant_feature_without_eps_is_undefined():
    solved = solve(BatchnormInputs(M([[1, 2], [1, 6]]), M([[1, 1]]), M([[0, 0]]), 0))
    assert isinstance(solved.answer, Undefined) and "feature 1" in solved.answer.reason
    # with ε > 0 it normalises to 0
    fine = solve(BatchnormInputs(M([[1, 2], [1, 6]]), M([[1, 1]]), M([[0, 0]]), EPS))
    assert fine.answer["output"].value[:, 0] == M([0, 0])


def _example_part():
    spec = example_spec("batchnorm")
    return spec.problems[0].parts[0]


def _found(inputs):
    return {(m.code, m.name): m.answer.value for m in mistakes("batchnorm", inputs,
                                                               solve(inputs))}


def test_mistakes_produce_the_expected_wrong_values():
    inputs = _example_part().inputs  # X = [[1, 2], [3, 6], [5, 4]], γ = (2, 1), β = (0, 1)
    found = _found(inputs)
    # divided by N − 1 = 2: σ² = 4, x̂ = (x − μ)/2
    assert found[("unbiased_variance", "output")] == M([[-2, 0], [0, 2], [2, 1]])
    # per example: rows (1, 2), (3, 6), (5, 4) each normalise to (−1, 1) or (1, −1)
    assert found[("wrong_axis", "output")] == M([[-2, 2], [-2, 2], [2, 0]])
    # the direct path alone: γ ∂L/∂y / √(8/3)
    assert found[("no_statistics_paths", "grad_x")] == M(
        [[2, 0], [0, 1], [-2, 2]]) * sympy.sqrt(6) / 4
    assert ("eps_outside_root", "output") not in found  # ε = 0: the same either way
    with_eps = _found(BatchnormInputs(inputs.inputs, inputs.gamma, inputs.beta, R(1, 10),
                                      inputs.upstream))
    scale = 1 / (sympy.sqrt(R(8, 3)) + R(1, 10))
    assert float(with_eps[("eps_outside_root", "output")][0, 0]) == pytest.approx(
        float(-4 * scale))


def test_mistakes_not_offered_without_a_backward_pass_or_with_one_feature():
    inputs = BatchnormInputs(M([[1], [3], [5]]), M([[1]]), M([[0]]), 0)
    codes = {code for code, _ in _found(inputs)}
    assert codes == {"unbiased_variance"}


# -- error carried forward ---------------------------------------------------------------

ECF_SPEC = """
problems:
  - id: p
    parts:
      - {id: a, kind: batchnorm, inputs: [[1, 2], [3, 6], [5, 4]], gamma: [2, 1],
         beta: [0, 1], eps: 0, backward: [[1, 0], [0, 1], [-1, 2]], ecf: true}
"""


def _verdicts(answers: dict, ecf: bool = True) -> dict:
    spec = ECF_SPEC if ecf else ECF_SPEC.replace("ecf: true", "ecf: false")
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    solved = solve_set(load_text(spec, "t.yaml"))
    return {v.key: v for v in check_file(solved, sheet, only_answered=True).verdicts}


# the student's x̂ (rows) is ±1 and 0 in place of ±√6/2
STUDENT_XHAT = {"p.a.normalised": [["-1", "-1"], ["0", "1"], ["1", "0"]]}


@pytest.mark.parametrize("earlier, key, later, unrelated", [
    # the student's variance (4, 4): x̂ = (x − μ)/2, y = γx̂ + β
    ({"p.a.variance": ["4", "4"]}, "p.a.output", [["-2", "0"], ["0", "2"], ["2", "1"]],
     [["-2", "0"], ["0", "2"], ["2", "2"]]),
    # from the student's mean (3, 3) the second feature has σ² = (1 + 9 + 1)/3 = 11/3 and
    # x̂ = (−1, 3, 1)/√(11/3)
    ({"p.a.mean": ["3", "3"]}, "p.a.output",
     [["-sqrt(6)", "1 - sqrt(33)/11"], ["0", "1 + 3 sqrt(33)/11"], ["sqrt(6)", "1 + sqrt(33)/11"]],
     [["-sqrt(6)", "1 - sqrt(33)/11"], ["0", "1 + 3 sqrt(33)/11"], ["sqrt(6)", "1"]]),
    # y = γx̂ + β from the student's x̂
    (STUDENT_XHAT, "p.a.output", [["-2", "0"], ["0", "2"], ["2", "1"]],
     [["-2", "0"], ["0", "2"], ["2", "3"]]),
    (STUDENT_XHAT, "p.a.grad_gamma", ["-2", "1"], ["-2", "2"]),
    # ∂L/∂x from their x̂ with the true σ² = 8/3: the sums are Σ∂L/∂x̂ = (0, 3) and
    # Σ∂L/∂x̂·x̂ = (−4, 1); (1/(3√(8/3)))(3 ∂L/∂x̂ − Σ − x̂ Σ·x̂)
    (STUDENT_XHAT, "p.a.grad_x",
     [["sqrt(6)/4 * (6 - 4)/3", "sqrt(6)/4 * (0 - 3 + 1)/3"],
      ["0", "sqrt(6)/4 * (3 - 3 - 1)/3"], ["sqrt(6)/4 * (-6 + 4)/3", "sqrt(6)/4 * 3/3"]],
     [["0", "0"], ["0", "0"], ["0", "0"]]),
])
def test_error_carried_forward(earlier, key, later, unrelated):
    verdict = _verdicts(earlier | {key: later})[key]
    assert (verdict.status, verdict.decided_by) == ("correct", "ecf"), verdict.reason
    assert _verdicts(earlier | {key: later}, ecf=False)[key].status == "incorrect"
    wrong = _verdicts(earlier | {key: unrelated})[key]
    assert wrong.status == "incorrect" and wrong.decided_by != "ecf", wrong.reason


@pytest.mark.parametrize("key, answer, status, diagnosis", [
    ("p.a.output", [["-sqrt(6)", "1 - sqrt(6)/2"], ["0", "1 + sqrt(6)/2"], ["sqrt(6)", "1"]],
     "correct", None),
    ("p.a.output", [["-2.44949", "-0.224745"], ["0", "2.22474"], ["2.44949", "1"]],
     "correct", None),
    ("p.a.output", [["-2", "0"], ["0", "2"], ["2", "1"]], "incorrect", "unbiased_variance"),
    ("p.a.grad_beta", ["0", "3"], "correct", None),
    ("p.a.grad_x", [["sqrt(6)/2", "0"], ["0", "sqrt(6)/4"], ["-sqrt(6)/2", "sqrt(6)/2"]],
     "incorrect", "no_statistics_paths"),
])
def test_check_verdicts_through_the_cli(tmp_path, key, answer, status, diagnosis):
    spec = tmp_path / "bn.yaml"
    spec.write_text(ECF_SPEC)
    sheet = tmp_path / "ada.json"
    sheet.write_text(json.dumps({"student": "ada", "answers": {key: answer}}))
    result = CliRunner().invoke(cli, ["check", str(spec), str(sheet), "--format", "json"])
    assert result.exit_code == 0, result.output
    part = next(p for p in json.loads(result.output)["parts"] if p["key"] == key)
    assert (part["status"], part["diagnosis"]) == (status, diagnosis), part


def test_decimals_are_shown_with_the_parts_digits(tmp_path):
    spec = tmp_path / "bn.yaml"
    spec.write_text(textwrap.dedent("""\
        title: t
        problems:
          - id: p
            parts:
              - {id: a, kind: batchnorm, inputs: [[1, 2], [3, 6], [5, 4]], digits: 4}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path), "--format",
                                      "json"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "bn.json").read_text()
    assert '"-1.225"' in text


@pytest.mark.parametrize("fields, field, words", [
    ("inputs: 3", "inputs", "a batch"),
    ("inputs: [[1, 2], [3, 4]], gamma: [1, 2, 3]", "gamma", "one entry per feature"),
    ("inputs: [[1, 2], [3, 4]], beta: [[1, 2], [3, 4]]", "beta", "one entry per feature"),
    ("inputs: [[1, 2], [3, 4]], eps: -1", "eps", "≥ 0"),
    ("inputs: [[1, 2], [3, 4]], backward: [[1, 2]]", "backward", "shape of the batch"),
])
def test_spec_errors_name_the_field(fields, field, words):
    message = spec_error("batchnorm", fields)
    assert f"field '{field}'" in message and words in message


def test_the_example_solves():
    solved = KINDS["batchnorm"].solve(_example_part().inputs)
    assert solved.answer["grad_beta"].value == M([0, 3])


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_worked_set_compiles_to_pdf(tmp_path):
    spec = tmp_path / "bn.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Batch normalisation
        problems:
          - id: bn
            parts:
              - {id: a, kind: batchnorm, inputs: [[1, 2], [3, 6], [5, 4]], gamma: [2, 1],
                 beta: [0, 1], eps: 0, backward: [[1, 0], [0, 1], [-1, 2]]}
              - {id: b, kind: batchnorm, inputs: [[0.5, -1.0], [1.5, 1.0], [1.0, 3.0]],
                 gamma: 0.5, beta: 0.1}
              - {id: c, kind: batchnorm, inputs: [[1, 2], [1, 6]], eps: 0}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "bn.pdf").read_bytes().startswith(b"%PDF")
    markdown = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path), "--format",
                                        "md"])
    assert markdown.exit_code == 0, markdown.output
    text = (tmp_path / "bn.md").read_text()
    assert r"\frac{2 \sqrt{6}}{3}" in text and "40-digit decimals" in text
