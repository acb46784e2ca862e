"""Sigmoid and tanh networks of decimal inputs: values carried as 40-digit Floats and shown
as decimals at the part's ``digits``; checked against an independent numpy implementation,
against mpmath at 50 digits, and against the figures Matt Mazur's walkthrough publishes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import mpmath
import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from solver.check.checker import check_answer, expected_keys
from solver.check.mistakes import mistakes
from solver.cli import cli
from solver.errors import SpecErrors
from solver.render.document import render
from solver.solving import solve_set
from solver.spec.load import load_spec
from tests.conftest import load, solve_only_part

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "networks"
MAZUR = FIXTURES / "mazur-walkthrough.yaml"
BATCH = FIXTURES / "tanh-sigmoid-batch6.yaml"

# The figures the walkthrough prints (mattmazur.com, "A Step by Step Backpropagation Example").
PUBLISHED = {"out_h1": "0.593269992", "out_h2": "0.596884378", "out_o1": "0.75136507",
             "out_o2": "0.772928465", "E_total": "0.298371109", "dE/dw5": "0.082167041",
             "w5+": "0.35891648", "w1+": "0.149780716"}


def _floats(value) -> np.ndarray:
    if isinstance(value, sympy.MatrixBase):
        return np.array([[float(entry) for entry in row] for row in value.tolist()])
    return np.array([[float(value)]])


# -- an independent implementation ----------------------------------------------------------


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


ACTIVATIONS = {"sigmoid": (_sigmoid, lambda a: a * (1 - a)),
               "tanh": (np.tanh, lambda a: 1 - a**2)}


def numpy_backprop(X, T, weights, biases, activations, loss, eta):
    """Rows are samples, weights in × out. Returns the forward values, the loss, the
    gradients, the updated parameters and the new loss."""

    def forward(weights, biases):
        outs, A = [], X
        for W, b, name in zip(weights, biases, activations, strict=True):
            A = ACTIVATIONS[name][0](A @ W + b)
            outs.append(A)
        return outs

    def loss_of(Y):
        if loss == "half_sse":
            return 0.5 * np.sum((Y - T) ** 2)
        return -np.mean(T * np.log(Y) + (1 - T) * np.log(1 - Y))

    outs = forward(weights, biases)
    Y = outs[-1]
    upstream = Y - T if loss == "half_sse" else (Y - T) / (Y * (1 - Y)) / Y.size
    dWs, dbs = [], []
    delta = upstream * ACTIVATIONS[activations[-1]][1](Y)
    for index in range(len(weights) - 1, -1, -1):
        A = X if index == 0 else outs[index - 1]
        dWs.insert(0, A.T @ delta)
        dbs.insert(0, delta.sum(axis=0))
        if index:
            delta = (delta @ weights[index].T) * ACTIVATIONS[activations[index - 1]][1](A)
    new_weights = [W - eta * dW for W, dW in zip(weights, dWs, strict=True)]
    new_biases = [b - eta * db for b, db in zip(biases, dbs, strict=True)]
    return {"outs": outs, "loss": loss_of(Y), "dW": dWs, "db": dbs, "W_new": new_weights,
            "b_new": new_biases, "loss_new": loss_of(forward(new_weights, new_biases)[-1])}


MAZUR_REFERENCE = numpy_backprop(
    X=np.array([[0.05, 0.10]]), T=np.array([[0.01, 0.99]]),
    weights=[np.array([[0.15, 0.20], [0.25, 0.30]]).T, np.array([[0.40, 0.45], [0.50, 0.55]]).T],
    biases=[np.array([0.35, 0.35]), np.array([0.60, 0.60])],
    activations=["sigmoid", "sigmoid"], loss="half_sse", eta=0.5)

BATCH_REFERENCE = numpy_backprop(
    X=np.array([[0.5, -1.2, 0.3], [1.1, 0.4, -0.7], [-0.6, 0.9, 0.2], [0.0, -0.3, 1.4],
                [0.8, 0.8, -0.5], [-1.0, 0.1, 0.6]]),
    T=np.array([[1.0], [0.0], [1.0], [0.0], [1.0], [0.0]]),
    weights=[np.array([[0.2, -0.5, 0.1, 0.4], [0.7, 0.3, -0.2, -0.6], [-0.4, 0.8, 0.5, 0.1]]),
             np.array([[0.3, -0.7, 0.2], [0.6, 0.1, -0.4], [-0.5, 0.4, 0.9], [0.2, -0.3, 0.1]]),
             np.array([[0.8], [-0.6], [0.5]])],
    biases=[np.array([0.1, -0.2, 0.05, 0.0]), np.array([0.0, 0.1, -0.1]), np.array([0.2])],
    activations=["tanh", "tanh", "sigmoid"], loss="bce", eta=0.1)


def _solved(path: Path):
    solved = solve_set(load_spec(path))
    return solved, solved.problems[0].parts[0]


# -- the walkthrough ------------------------------------------------------------------------


def test_mazur_walkthrough_matches_numpy():
    _, entry = _solved(MAZUR)
    answer, values = entry.solved.answer, dict(entry.solved.intermediates)
    ref = MAZUR_REFERENCE
    assert float(answer["loss"].value) == pytest.approx(ref["loss"], rel=1e-12)
    assert float(answer["loss_new"].value) == pytest.approx(ref["loss_new"], rel=1e-12)
    for number in (1, 2):  # Wx: the spec's W is out × in, numpy's in × out
        i = number - 1
        assert np.allclose(_floats(answer[f"W{number}"].value), ref["dW"][i].T, rtol=1e-12)
        assert np.allclose(_floats(answer[f"b{number}"].value).ravel(), ref["db"][i])
        assert np.allclose(_floats(answer[f"W{number}_new"].value), ref["W_new"][i].T)
        assert np.allclose(_floats(answer[f"b{number}_new"].value).ravel(), ref["b_new"][i])
        assert np.allclose(_floats(values[f"a{number}"].value).ravel(), ref["outs"][i].ravel(),
                           rtol=1e-12)


def test_mazur_values_carry_at_least_30_digits():
    """out_o1 recomputed with mpmath at 50 digits agrees with the carried Float to 1e-30."""
    mpmath.mp.dps = 50
    sigmoid = lambda z: 1 / (1 + mpmath.exp(-z))  # noqa: E731
    d = mpmath.mpf
    h1 = sigmoid(d("0.15") * d("0.05") + d("0.20") * d("0.10") + d("0.35"))
    h2 = sigmoid(d("0.25") * d("0.05") + d("0.30") * d("0.10") + d("0.35"))
    o1 = sigmoid(d("0.40") * h1 + d("0.45") * h2 + d("0.60"))
    _, entry = _solved(MAZUR)
    carried = entry.solved.answer["W2"].value[0, 0]  # ∂E/∂w5 = (o1 − t1) o1 (1 − o1) h1
    expected = (o1 - d("0.01")) * o1 * (1 - o1) * h1
    assert isinstance(carried, sympy.Float)
    assert abs(mpmath.mpf(carried._mpf_) - expected) < d(10) ** -30


def test_mazur_json_answers_are_short_decimals_with_the_published_figures():
    result = CliRunner().invoke(cli, ["solve", str(MAZUR), "--format", "json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)["problems"][0]["parts"][0]["answer"]
    assert answer["loss"] == PUBLISHED["E_total"]
    assert answer["W1_new"][0][0] == PUBLISHED["w1+"]
    assert answer["W2_new"][0][0] == PUBLISHED["w5+"] + "0"  # 9 figures, the last one 0
    assert float(answer["W2"][0][0]) == pytest.approx(float(PUBLISHED["dE/dw5"]), abs=5e-10)
    strings = re.findall(r'"([^"]*)"', json.dumps(answer))
    numbers = [text for text in strings if re.fullmatch(r"-?[0-9.]+", text)]
    assert numbers and max(len(text) for text in numbers) <= 14


@pytest.mark.tex
@pytest.mark.skipif(not (shutil.which("pdflatex") and shutil.which("pdftotext")
                         and shutil.which("pdfinfo")), reason="needs pdflatex and poppler")
def test_mazur_pdf_fits_its_pages_and_shows_the_published_figures(tmp_path):
    solved, _ = _solved(MAZUR)
    (tmp_path / "mazur.tex").write_text(render(solved, "latex"), encoding="utf-8")
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "mazur.tex"],
                   cwd=tmp_path, capture_output=True, timeout=120, check=True,
                   stdin=subprocess.DEVNULL)
    log = (tmp_path / "mazur.log").read_text(errors="replace")
    overfull = [float(points) for points in re.findall(r"Overfull \\hbox \(([0-9.]+)pt", log)]
    assert max(overfull, default=0) <= 10
    info = subprocess.run(["pdfinfo", "mazur.pdf"], cwd=tmp_path, capture_output=True,
                          text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) <= 6
    text = subprocess.run(["pdftotext", "mazur.pdf", "-"], cwd=tmp_path, capture_output=True,
                          text=True, check=True).stdout
    for name, figure in PUBLISHED.items():
        if name == "dE/dw5":  # printed to 9 decimal places; ours has 9 significant figures
            assert "0.0821670406" in text
        else:
            assert figure in text, name


# -- the batch network ----------------------------------------------------------------------


def test_batch_network_solves_in_seconds_and_matches_numpy():
    start = time.perf_counter()
    solved, entry = _solved(BATCH)
    assert time.perf_counter() - start < 10
    answer, values = entry.solved.answer, dict(entry.solved.intermediates)
    ref = BATCH_REFERENCE
    assert float(answer["loss"].value) == pytest.approx(ref["loss"], rel=1e-12)
    assert float(answer["loss_new"].value) == pytest.approx(ref["loss_new"], rel=1e-12)
    for number in (1, 2, 3):  # xW: the spec's W is in × out like numpy's
        i = number - 1
        assert np.allclose(_floats(answer[f"W{number}"].value), ref["dW"][i], rtol=1e-10,
                           atol=1e-15)
        assert np.allclose(_floats(answer[f"b{number}"].value).ravel(), ref["db"][i])
        assert np.allclose(_floats(answer[f"W{number}_new"].value), ref["W_new"][i])
        assert np.allclose(_floats(answer[f"b{number}_new"].value).ravel(), ref["b_new"][i])
        assert np.allclose(_floats(values[f"a{number}"].value), ref["outs"][i], rtol=1e-12)
    start = time.perf_counter()
    markdown = render(solved, "markdown")
    assert time.perf_counter() - start < 10
    assert "0.68202" in markdown  # the loss at 6 significant figures


def test_batch_network_typical_mistakes_take_well_under_a_second_each():
    _, entry = _solved(BATCH)
    start = time.perf_counter()
    found = mistakes(entry.part.kind, entry.part.inputs, entry.solved)
    assert found and time.perf_counter() - start < 5


# -- checking a student's decimals ----------------------------------------------------------


@pytest.mark.parametrize(("path", "key", "figure", "status"), [
    (MAZUR, "loss", "0.2984", "correct"),
    (MAZUR, "loss", "0.2983", "correct"),           # truncated, within its last figure
    (MAZUR, "loss", "0.2985", "incorrect"),
    (MAZUR, "b1_new", [["0.3456"], ["0.3450"]], "correct"),
    (MAZUR, "b1_new", [["0.3456"], ["0.3462"]], "incorrect"),
    (BATCH, "loss", f"{BATCH_REFERENCE['loss']:.4g}", "correct"),
    (BATCH, "loss", f"{BATCH_REFERENCE['loss'] * 1.01:.4g}", "incorrect"),
    (BATCH, "loss_new", f"{BATCH_REFERENCE['loss_new']:.6g}", "correct"),
])
def test_decimal_answers_are_judged_against_the_carried_value(path, key, figure, status):
    solved, _ = _solved(path)
    expected = {item.name: item for item in expected_keys(solved)}[key]
    assert check_answer(expected, figure).status == status


# -- what stays exact, and the digits field -------------------------------------------------


def _network(extra: str = "", inputs: str = "[0.5, -0.25]", activation: str = "sigmoid"):
    return f"""
{extra}problems:
  - id: p
    parts:
      - id: a
        kind: forward_pass
        layout: Wx
        input: {inputs}
        layers:
          - {{W: [[1, 2], [3, 4]], b: [0, 1], activation: {activation}}}
"""


def _entries(value) -> list:
    return list(value) if isinstance(value, sympy.MatrixBase) else [value]


def test_relu_network_of_decimals_stays_exact():
    part, solved = solve_only_part(_network(activation="relu"))
    for _, value in solved.intermediates:
        assert all(entry.is_Rational for entry in _entries(value.value))
    assert part.digits == 6


def test_sigmoid_of_exact_inputs_keeps_its_closed_form():
    part, solved = solve_only_part(_network(inputs="[1, 0]"))
    outputs = _entries(dict(solved.intermediates)["a1"].value)
    assert not any(entry.has(sympy.Float) for entry in outputs)
    assert outputs[0] == 1 / (1 + sympy.exp(-1))
    assert part.digits is None


def test_sigmoid_of_decimals_is_a_decimal_at_six_figures_by_default():
    part, solved = solve_only_part(_network())
    value = _entries(dict(solved.intermediates)["a1"].value)[0]  # σ(0.5 − 0.5) = σ(0)
    assert value == sympy.Rational(1, 2) or float(value) == 0.5
    spec = load(_network())
    text = render(solve_set(spec), "markdown")
    second = 1 / (1 + np.exp(-(3 * 0.5 - 4 * 0.25 + 1)))  # σ(1.5) = 0.817574476…
    assert f"{second:.6g}" in text and f"{second:.9g}" not in text


@pytest.mark.parametrize(("extra", "expected"), [
    ("digits: 4\n", 4),
    ("", 6),
])
def test_digits_is_inherited_from_the_set(extra, expected):
    spec = load(_network(extra))
    assert spec.problems[0].parts[0].digits == expected


def test_digits_of_a_part_wins_over_its_problem_and_set():
    spec = load("""
digits: 4
problems:
  - id: p
    digits: 5
    parts:
      - {id: a, kind: forward_pass, layout: Wx, input: [0.5, 0.1], digits: 8,
         layers: [{W: [[1, 2]], activation: tanh}]}
      - {id: b, kind: forward_pass, layout: Wx, input: [0.5, 0.1],
         layers: [{W: [[1, 2]], activation: tanh}]}
""")
    assert [part.digits for part in spec.problems[0].parts] == [8, 5]
    text = render(solve_set(spec), "markdown")
    assert str(sympy.Float(np.tanh(0.7), 8)).rstrip("0")[:10] in text  # 0.60436778


@pytest.mark.parametrize("value", ["0", "31", "six", "[6]", "2.5"])
def test_a_bad_digits_value_is_a_located_error(value):
    with pytest.raises(SpecErrors) as error:
        load(_network(f"digits: {value}\n"))
    message = str(error.value)
    assert "digits" in message and "t.yaml:2" in message


@pytest.mark.parametrize("path", [MAZUR, BATCH], ids=["mazur", "batch"])
def test_every_json_answer_given_back_is_correct(path):
    """The decimals the JSON shows keep their trailing zeros (−0.200000, not −0.2), so each
    is judged correct to the figures it gives."""
    result = CliRunner().invoke(cli, ["solve", str(path), "--format", "json"])
    answer = json.loads(result.output)["problems"][0]["parts"][0]["answer"]
    solved, _ = _solved(path)
    keys = {item.name: item for item in expected_keys(solved)}
    verdicts = {name: check_answer(keys[name], value).status for name, value in answer.items()}
    assert set(verdicts.values()) == {"correct"}, verdicts


@pytest.mark.parametrize(("text", "digits", "shown"), [
    ("-0.2000001", 6, "-0.200000"),
    ("0.75136507", 9, "0.751365070"),
    ("0.000001234567", 6, "0.00000123457"),
    ("123456789.5", 6, "123457000"),
])
def test_a_float_is_shown_with_every_figure(text, digits, shown):
    from solver.render.printing import float_text, latex, plain

    value = sympy.Float(text, 40)
    assert float_text(value, digits) == shown
    assert plain(value, True, digits) == shown and latex(value, True, digits) == shown


def test_an_exact_sigmoid_keeps_its_closed_form_with_its_decimal_beside_it():
    text = render(solve_set(load(_network(inputs="[1, 0]"))), "latex")
    sigma_one = 1 / (1 + np.exp(-1.0))  # σ(1) = 0.731058578…
    assert f"\\frac{{1}}{{e^{{-1}} + 1}} \\approx {sigma_one:.6f}" in text


def test_a_tanh_unit_of_decimals_shows_its_value():
    text = render(solve_set(load(_network(activation="tanh"))), "latex")
    assert f"\\tanh\\left(1.5\\right) = {np.tanh(1.5):.6f}" in text  # z₂ = 1.5 − 1 + 1


def test_an_exact_tanh_unit_keeps_its_closed_form_with_its_decimal():
    text = render(solve_set(load(_network(inputs="[1, 0]", activation="tanh"))), "latex")
    assert f"\\approx {np.tanh(1.0):.6f}" in text and f"\\approx {np.tanh(4.0):.6f}" in text
