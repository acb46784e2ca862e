"""The SVM loss checked by independent routes: CS231n's vectorised numpy SVM loss and
gradient, central finite differences of the loss (away from the kinks of max(0, ·)), and a
numpy hinge loss; the typical mistakes, error carried forward through the checker, the
checker's verdicts and the worked solution as a PDF."""

from __future__ import annotations

import json
import random
import textwrap

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from solver.check.answerfile import answers_from_text
from solver.check.checker import check_file
from solver.check.mistakes import mistakes
from solver.cli import cli
from solver.kinds import KINDS
from solver.kinds.svm_loss import SvmInputs, solve
from solver.render.pdf import available_engine
from solver.solving import solve_set
from solver.spec.load import load_text
from tests.conftest import example_spec, load, spec_error

M = sympy.ImmutableMatrix
R = sympy.Rational


def _array(matrix) -> np.ndarray:
    if not isinstance(matrix, sympy.MatrixBase):
        matrix = M([[matrix]])
    return np.array(matrix.tolist(), dtype=float)


# -- numpy, as CS231n's assignment writes it (X: N×D, W: D×C, S = XW) ---------------------


def svm_loss_vectorized(W, X, y, reg, delta=1.0, mean=True):
    """CS231n's vectorised multiclass SVM loss and dW (W: D×C, X: N×D)."""
    n = X.shape[0]
    scores = X @ W
    correct = scores[np.arange(n), y][:, None]
    margins = np.maximum(0, scores - correct + delta)
    margins[np.arange(n), y] = 0
    scale = 1 / n if mean else 1
    loss = margins.sum() * scale + reg * np.sum(W * W)
    indicator = (margins > 0).astype(float)
    indicator[np.arange(n), y] = -indicator.sum(axis=1)
    dW = X.T @ indicator * scale + 2 * reg * W
    return loss, dW, indicator * scale


def hinge_numpy(s, y, delta=1.0):
    margins = np.maximum(0, delta - y * s)
    return margins.mean(), np.where(margins > 0, -y, 0) / len(s)


def _random_rational(rng: random.Random, denominator: int = 4):
    return R(rng.randint(-12, 12), denominator)


def _inputs_from_weight(W: M, X: M, labels, layout="xW", reg=None, reduction="mean"):
    """Inputs with W as written in ``layout`` (Wx: classes × features)."""
    weight = W if layout == "xW" else M(W.T)
    return SvmInputs(None, weight, W, X, tuple(labels), sympy.Integer(1), "multiclass",
                     reduction, reg, layout, 0, layout == "Wx")


@pytest.mark.parametrize("layout", ["xW", "Wx"])
@pytest.mark.parametrize("seed", range(6))
def test_matches_the_vectorised_numpy_loss_and_gradient(layout, seed):
    rng = random.Random(f"{layout}{seed}")
    n, d, c = rng.randint(1, 4), rng.randint(1, 3), rng.randint(2, 4)
    X = M(n, d, lambda i, j: _random_rational(rng))
    W_dc = M(d, c, lambda i, j: _random_rational(rng))
    labels = [rng.randrange(c) for _ in range(n)]
    reg = R(rng.randint(0, 3), 10)
    written = W_dc if layout == "xW" else M(W_dc.T)
    solved = solve(_inputs_from_weight(written, X, labels, layout, reg))
    loss, dW, _ = svm_loss_vectorized(_array(W_dc), _array(X), np.array(labels), float(reg))
    assert solved.answer["loss"].value.is_Rational
    assert float(solved.answer["loss"].value) == pytest.approx(loss, abs=1e-12)
    grad = _array(solved.answer["grad_W"].value)
    assert np.allclose(grad if layout == "xW" else grad.T, dW, atol=1e-12)


@pytest.mark.parametrize("seed", range(8))
def test_the_gradient_matches_finite_differences_of_the_loss(seed):
    rng = random.Random(seed)
    n, d, c = rng.randint(1, 3), rng.randint(1, 3), rng.randint(2, 4)
    X = M(n, d, lambda i, j: _random_rational(rng, 7))
    W = M(d, c, lambda i, j: _random_rational(rng, 7))
    labels = np.array([rng.randrange(c) for _ in range(n)])
    scores = _array(X) @ _array(W)
    raw = scores - scores[np.arange(n), labels][:, None] + 1
    raw[np.arange(n), labels] = 1
    if np.min(np.abs(raw)) < 1e-3:
        pytest.skip("a margin at a kink of max(0, ·)")
    solved = solve(_inputs_from_weight(W, X, labels, "xW", R(1, 5)))
    h, base = 1e-6, _array(W)
    numeric = np.zeros_like(base)
    for index in np.ndindex(base.shape):
        plus, minus = base.copy(), base.copy()
        plus[index] += h
        minus[index] -= h
        numeric[index] = (svm_loss_vectorized(plus, _array(X), labels, 0.2)[0]
                          - svm_loss_vectorized(minus, _array(X), labels, 0.2)[0]) / (2 * h)
    assert np.allclose(_array(solved.answer["grad_W"].value), numeric, atol=1e-6)


@pytest.mark.parametrize("seed", range(6))
def test_the_score_gradient_matches_finite_differences(seed):
    rng = random.Random(f"s{seed}")
    n, c = rng.randint(1, 4), rng.randint(2, 5)
    S = M(n, c, lambda i, j: _random_rational(rng, 3))
    labels = [rng.randrange(c) for _ in range(n)]
    inputs = SvmInputs(S, None, None, None, tuple(labels), columns=n == 1)
    solved = solve(inputs)
    identity = np.eye(c)
    loss, _, grad = svm_loss_vectorized(identity, _array(S), np.array(labels), 0.0)
    assert float(solved.answer["loss"].value) == pytest.approx(loss)
    shown = _array(solved.answer["grad_scores"].value)
    assert np.allclose(shown.T if n == 1 else shown, grad)


def test_the_binary_hinge_loss_matches_numpy():
    rng = random.Random("hinge")
    for _ in range(6):
        n = rng.randint(1, 5)
        s = [_random_rational(rng, 3) for _ in range(n)]
        y = [rng.choice([-1, 1]) for _ in range(n)]
        solved = solve(SvmInputs(M(n, 1, s), None, None, None, tuple(y), loss="hinge"))
        loss, grad = hinge_numpy(_array(M(s)).ravel(), np.array(y, dtype=float))
        assert float(solved.answer["loss"].value) == pytest.approx(loss)
        assert np.allclose(_array(solved.answer["grad_scores"].value).ravel(), grad)


def test_the_cs231n_worked_example():
    """CS231n's three examples: losses 2.9, 0 and 12.9, average 5.27 (79/15)."""
    solved = _example()
    assert solved.answer["loss"].value == R(79, 15)
    values = dict(solved.intermediates)
    assert values["losses"].value == M([R(29, 10), 0, R(129, 10)])
    assert values["margins"].value == M([[0, R(29, 10), 0], [0, 0, 0], [R(63, 10), R(66, 10), 0]])
    assert solved.answer["grad_scores"].value == M([[-1, 1, 0], [0, 0, 0], [1, 1, -2]]) / 3


def _example_part():
    spec = example_spec("svm_loss")
    return spec.problems[0].parts[0]


def _example():
    return KINDS["svm_loss"].solve(_example_part().inputs)


def _found(inputs):
    return {(m.code, m.name): m.answer.value for m in mistakes("svm_loss", inputs,
                                                               solve(inputs))}


def test_mistakes_produce_the_expected_wrong_values():
    found = _found(_example_part().inputs)
    assert found[("label_margin_counted", "loss")] == R(79, 15) + 1  # Δ per example
    assert ("label_margin_counted", "grad_scores") not in found  # the Δ term has no gradient
    assert found[("label_gradient_missing", "grad_scores")] == M([[0, 1, 0], [0, 0, 0],
                                                                  [1, 1, 0]]) / 3
    assert ("label_gradient_missing", "loss") not in found
    assert found[("batch_sum", "loss")] == R(79, 5)
    assert found[("batch_sum", "grad_scores")] == M([[-1, 1, 0], [0, 0, 0], [1, 1, -2]])
    # without max(0, ·): (1.9 − 3.9) + (−2.6 − 1.9) + (6.3 + 6.6), over 3
    assert found[("no_max", "loss")] == R(37, 15)


def test_mistakes_that_coincide_with_the_right_answer_are_not_offered():
    # one example, every margin positive: no batch to average, nothing for max to clamp
    one = SvmInputs(M([[1, 2, 3]]), None, None, None, (0,), columns=True)
    codes = {code for code, _ in _found(one)}
    assert "batch_sum" not in codes and "no_max" not in codes
    assert {"label_margin_counted", "label_gradient_missing"} <= codes
    # no positive margin: the −count is 0 either way
    clear = SvmInputs(M([[5, 1, 0]]), None, None, None, (0,), columns=True)
    assert ("label_gradient_missing", "grad_scores") not in _found(clear)


def test_the_penalty_gradient_mistake_and_sum_reduction():
    W, X = M([[1, 2, 0], [0, -1, 1]]), M([[2, 1], [1, 1]])
    inputs = _inputs_from_weight(W, X, [1, 0], "xW", R(1, 2), "sum")
    solved = solve(inputs)
    found = _found(inputs)
    right = solved.answer["grad_W"].value
    assert found[("reg_gradient_half", "grad_W")] == M(right - W / 2)
    assert ("batch_mean", "loss") in found and ("batch_sum", "loss") not in found


# -- error carried forward ---------------------------------------------------------------

ECF_SPEC = """
problems:
  - id: p
    parts:
      - {id: a, kind: svm_loss, scores: [[3, 5, -1], [1, 4, 2]], labels: [0, 1], ecf: true}
      - {id: b, kind: svm_loss, W: [[1, 0], [0, 1], [1, 1]], x: [[2, 1], [1, 3]],
         labels: [0, 2], ecf: true}
"""


def _verdicts(answers: dict, ecf: bool = True) -> dict:
    spec = ECF_SPEC if ecf else ECF_SPEC.replace("ecf: true", "ecf: false")
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    solved = solve_set(load_text(spec, "t.yaml"))
    return {v.key: v for v in check_file(solved, sheet, only_answered=True).verdicts}


# the right margins of (a) are [[0, 3, 0], [0, 0, 0]]: loss 3/2; the student's include a
# wrong 1 for class 2 of example 2
WRONG_MARGINS = {"p.a.margins": [["0", "3", "0"], ["0", "0", "1"]]}


@pytest.mark.parametrize("earlier, key, later, unrelated", [
    (WRONG_MARGINS, "p.a.loss", "2", "7/4"),
    (WRONG_MARGINS, "p.a.grad_scores", [["-1/2", "1/2", "0"], ["0", "-1/2", "1/2"]],
     [["-1/2", "1/2", "0"], ["0", "1/2", "1/2"]]),
    ({"p.a.losses": ["3", "2"]}, "p.a.loss", "5/2", "3"),
    # (b): the right scores have a column per example, (2, 1, 3) and (1, 3, 4); from the
    # student's (2, 1, 0) no margin is positive: loss 0 (1 from the right scores)
    ({"p.b.scores": [["2", "1"], ["1", "3"], ["0", "4"]]}, "p.b.loss", "0", "1/2"),
    # (b): scores Wx = [[2, 1, 3], [1, 3, 4]]; from the student's ∂L/∂s (a column per
    # example) ∂L/∂W = G X
    ({"p.b.grad_scores": [["-1", "0"], ["0", "0"], ["1", "0"]]}, "p.b.grad_W",
     [["-2", "-1"], ["0", "0"], ["2", "1"]], [["0", "0"], ["0", "0"], ["0", "0"]]),
])
def test_error_carried_forward(earlier, key, later, unrelated):
    verdict = _verdicts(earlier | {key: later})[key]
    assert (verdict.status, verdict.decided_by) == ("correct", "ecf"), verdict.reason
    assert _verdicts(earlier | {key: later}, ecf=False)[key].status == "incorrect"
    wrong = _verdicts(earlier | {key: unrelated})[key]
    assert wrong.status == "incorrect" and wrong.decided_by != "ecf", wrong.reason


# -- the checker through the command line ---------------------------------------------------


@pytest.mark.parametrize("key, answer, status, diagnosis", [
    ("p.a.loss", "79/15", "correct", None),
    ("p.a.loss", "5.26667", "correct", None),
    ("p.a.loss", "94/15", "incorrect", "label_margin_counted"),
    ("p.a.loss", "15.8", "incorrect", "batch_sum"),
    ("p.a.grad_scores", [["0", "1/3", "0"], ["0", "0", "0"], ["1/3", "1/3", "0"]],
     "incorrect", "label_gradient_missing"),
])
def test_check_verdicts_through_the_cli(tmp_path, key, answer, status, diagnosis):
    spec = tmp_path / "svm.yaml"
    spec.write_text(textwrap.dedent(f"""\
        title: SVM
        problems:
          - id: p
            parts:
              - {KINDS["svm_loss"].example}
        """).replace("\n scores", "\n                 scores"))
    sheet = tmp_path / "ada.json"
    sheet.write_text(json.dumps({"student": "ada", "answers": {key: answer}}))
    result = CliRunner().invoke(cli, ["check", str(spec), str(sheet), "--format", "json"])
    assert result.exit_code == 0, result.output
    part = next(p for p in json.loads(result.output)["parts"] if p["key"] == key)
    assert (part["status"], part["diagnosis"]) == (status, diagnosis), part


# -- reading ----------------------------------------------------------------------------


def test_layouts_labels_from_one_and_a_single_label():
    spec = load("""\
    title: t
    problems:
      - id: p
        parts:
          - {id: a, kind: svm_loss, layout: xW, W: [[1, 2, 0], [0, -1, 1]], x: [2, 1],
             label: 1, first_class: 1}
          - {id: b, kind: svm_loss, W: [[1, 0], [2, -1], [0, 1]], x: [2, 1], labels: 0}
          - {id: c, kind: svm_loss, loss: hinge, W: [1, -1], x: [[1, 2], [2, 0]],
             labels: [1, -1], reg: 0.5}
    """)
    first, second, third = (KINDS["svm_loss"].solve(part.inputs)
                            for part in spec.problems[0].parts)
    # s = xW = (2, 3, 1), y = class 1 (the first): margins 2 and 0
    assert first.answer["loss"].value == 2
    assert first.answer["grad_W"].value == M([[-2, 2, 0], [-1, 1, 0]])
    # the same classifier written classes × features: the same loss, ∂L/∂W transposed
    assert second.answer["loss"].value == 2
    assert second.answer["grad_W"].value == M([[-2, -1], [2, 1], [0, 0]])
    # s = (−1, 2): margins 2 and 3, average 5/2, plus ½‖w‖² = 1
    assert third.answer["loss"].value == R(7, 2)


@pytest.mark.parametrize("fields, field, words", [
    ("scores: [1, 2, 3], labels: [0, 1]", "labels", "one label per example"),
    ("scores: [1, 2, 3], labels: 3", "labels", "not a class"),
    ("scores: [1, 2, 3], labels: 1.5", "labels", "whole numbers"),
    ("scores: [1, 2, 3], labels: 0, margin: -1", "margin", "≥ 0"),
    ("scores: [1, 2, 3], labels: 0, loss: svm", "loss", "unknown loss"),
    ("scores: [1, 2, 3], labels: 0, reg: 0.1", "reg", "goes with W"),
    ("scores: [1, -1], labels: [1, 0], loss: hinge", "labels", "+1 and -1"),
    ("W: [[1, 2], [3, 4]], x: [1, 2, 3], labels: 0", "W", "features"),
    ("W: [1, 2], x: [1, 2], labels: 0", "W", "flat list"),
    ("scores: [1, 2, 3], label: 0, labels: 0", "labels", "not both"),
])
def test_spec_errors_name_the_field(fields, field, words):
    message = spec_error("svm_loss", fields)
    assert f"field '{field}'" in message and words in message


def test_scores_or_weights_are_required():
    assert "either 'scores' or 'W'" in spec_error("svm_loss", "labels: 0")


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_worked_set_compiles_to_pdf(tmp_path):
    spec = tmp_path / "svm.yaml"
    spec.write_text(textwrap.dedent("""\
        title: SVM losses
        problems:
          - id: svm
            parts:
              - {id: a, kind: svm_loss, scores: [[3.2, 5.1, -1.7], [1.3, 4.9, 2.0],
                                                 [2.2, 2.5, -3.1]], labels: [0, 1, 2]}
              - {id: b, kind: svm_loss, W: [[1, 2, 0], [0, -1, 1], [2, 0, -1]],
                 x: [[1, 0, 2], [0, 1, 1]], labels: [1, 2], reg: 1/10}
              - {id: c, kind: svm_loss, loss: hinge, scores: [0.5, -2, 1.5, -0.3],
                 labels: [1, -1, -1, 1]}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "svm.pdf").read_bytes().startswith(b"%PDF")
    markdown = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path), "--format",
                                        "md"])
    assert markdown.exit_code == 0, markdown.output
    text = (tmp_path / "svm.md").read_text()
    assert r"L &= \frac{79}{15}" in text and "kink" in text
