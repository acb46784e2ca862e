"""Error carried forward: with ``ecf: true``, a later answer that follows correctly from the
student's own wrong earlier value is correct (decided_by "ecf"); without it, or when it does
not follow, or when the earlier value has the wrong shape, it is not.

The carried values are worked out here independently: backpropagation in numpy (one row per
sample, weights in × out, every value replaced by the student's where they gave it), the
other chains with numpy or by hand.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from fractions import Fraction
from functools import cache

import numpy as np
import pytest

from solver.check.answerfile import answers_from_text
from solver.check.checker import check_file
from solver.solving import solve_set
from solver.spec.load import load_text

# -- helpers --------------------------------------------------------------------------------


@cache
def _solved(spec: str):
    return solve_set(load_text(spec, "t.yaml"))


def _verdicts(spec: str, answers: dict, ecf: bool = True) -> dict:
    """Every verdict for an answer sheet, keyed by answer key."""
    if not ecf:
        spec = spec.replace("ecf: true", "ecf: false")
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    return {v.key: v for v in check_file(_solved(spec), sheet, only_answered=True).verdicts}


def _number(x: float) -> str:
    return f"{float(x):.15g}"


def _text(matrix: np.ndarray):
    """A matrix as an answer: a number for 1×1, else a list of rows."""
    matrix = np.atleast_2d(matrix)
    if matrix.size == 1:
        return _number(matrix.item())
    return [[_number(x) for x in row] for row in matrix]


# -- backpropagation in numpy ---------------------------------------------------------------


def _softmax(Z: np.ndarray) -> np.ndarray:
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def _activate(g: str, Z: np.ndarray) -> np.ndarray:
    return {"identity": lambda: Z, "relu": lambda: np.maximum(Z, 0),
            "sigmoid": lambda: 1 / (1 + np.exp(-Z)), "tanh": lambda: np.tanh(Z),
            "softmax": lambda: _softmax(Z)}[g]()


def _back_through(g: str, Z: np.ndarray, A: np.ndarray, upstream: np.ndarray) -> np.ndarray:
    """upstream ⊙ g'(z), with σ' = a(1 − a) and tanh' = 1 − a²; softmax by its Jacobian."""
    if g == "softmax":
        return np.stack([J @ u for J, u in
                         ((np.diag(a) - np.outer(a, a), u) for a, u in zip(A, upstream,
                                                                           strict=True))])
    derivative = {"identity": lambda: np.ones_like(Z), "relu": lambda: (Z > 0) * 1.0,
                  "sigmoid": lambda: A * (1 - A), "tanh": lambda: 1 - A**2}[g]()
    return upstream * derivative


def _loss(loss: str, Y: np.ndarray, T: np.ndarray, P: np.ndarray | None) -> float:
    if loss == "half_sse":
        return 0.5 * np.sum((Y - T) ** 2)
    if loss == "mse":
        return np.mean((Y - T) ** 2)
    if loss == "bce":
        return -np.mean(T * np.log(Y) + (1 - T) * np.log(1 - Y))
    return -np.sum(T * np.log(P))


def _output_gradient(loss: str, Y: np.ndarray, T: np.ndarray, P) -> np.ndarray:
    """∂L/∂ŷ (for cross_entropy on the outputs: p Σt − t with p = softmax(ŷ))."""
    if loss == "half_sse":
        return Y - T
    if loss == "mse":
        return 2 * (Y - T) / Y.size
    if loss == "bce":
        return (-T / Y + (1 - T) / (1 - Y)) / Y.size
    return P * T.sum(axis=1, keepdims=True) - T


def numpy_backprop(net: dict, given: dict) -> dict:
    """Every value of backprop, each replaced by ``given[name]`` (rows) when present."""
    layers, X, T = net["rows"], net["X"], net["T"]
    loss, eta, count = net["loss"], net["eta"], len(net["rows"])
    values: dict = {}

    def put(name, value):
        values[name] = np.array(given.get(name, value), dtype=float)
        return values[name]

    def forward(parameters, record: bool):
        A = X
        for number, (W, b, g) in enumerate(parameters, start=1):
            Z = A @ W + (0 if b is None else b)
            if record:
                Z = put(f"z{number}", Z)
            A = put(f"a{number}", _activate(g, Z)) if record else _activate(g, Z)
        return A

    def loss_of(Y, P):
        if loss == "cross_entropy" and layers[-1][2] == "softmax":
            return _loss(loss, Y, T, Y)
        return _loss(loss, Y, T, P)

    Y = forward(layers, True)
    P = put("p", _softmax(Y)) if loss == "cross_entropy" and layers[-1][2] != "softmax" \
        else None
    values["loss"] = loss_of(Y, P)
    g_out = layers[-1][2]
    if loss == "cross_entropy" and g_out == "softmax":
        delta = Y * T.sum(axis=1, keepdims=True) - T
    elif loss == "bce" and g_out == "sigmoid":
        delta = (Y - T) / Y.size
    else:
        delta = _back_through(g_out, values[f"z{count}"], Y, _output_gradient(loss, Y, T, P))
    put(f"delta{count}", delta)
    for number in range(count - 1, 0, -1):
        back = values[f"delta{number + 1}"] @ layers[number][0].T
        put(f"delta{number}", _back_through(layers[number - 1][2], values[f"z{number}"],
                                            values[f"a{number}"], back))
    for number, (_, b, _) in enumerate(layers, start=1):
        inputs = X if number == 1 else values[f"a{number - 1}"]
        put(f"W{number}", inputs.T @ values[f"delta{number}"])
        if b is not None:
            put(f"b{number}", values[f"delta{number}"].sum(axis=0, keepdims=True))
    if eta is not None:
        new = []
        for number, (W, b, g) in enumerate(layers, start=1):
            W_new = put(f"W{number}_new", W - eta * values[f"W{number}"])
            b_new = None if b is None else put(f"b{number}_new", b - eta * values[f"b{number}"])
            new.append((W_new, b_new, g))
        Y_new = put("yhat_new", forward(new, False))
        values["loss_new"] = loss_of(Y_new, _softmax(Y_new))
    return values


def network(layout: str, loss: str, inputs, targets, layers: list[dict], eta=None) -> dict:
    """A backprop part (spec text) and its numbers in rows: W in × out, b a 1 × out row."""
    rows = []
    for layer in layers:
        W = np.array(layer["W"], dtype=float)
        if W.ndim == 1:
            W = W.reshape(-1, 1)
        elif layout == "Wx":
            W = W.T
        b = None if layer.get("b") is None else np.atleast_2d(np.array(layer["b"], float))
        rows.append((W, b, layer["activation"]))
    X = np.atleast_2d(np.array(inputs, dtype=float))
    part = {"id": "a", "kind": "backprop", "layout": layout, "loss": loss, "inputs": inputs,
            "targets": targets, "layers": layers}
    if eta is not None:
        part["learning_rate"] = eta
    text = "problems:\n  - id: n\n    parts:\n      - " + json.dumps(part) + "\n"
    text = text.replace('"id": "a",', '"id": "a", ecf: true,')
    return {"spec": text, "layout": layout, "loss": loss, "rows": rows, "X": X,
            "T": np.array(targets, dtype=float), "layers": layers,
            "eta": None if eta is None else float(Fraction(eta))}


def shown(net: dict, name: str, value: np.ndarray):
    """A value as the student writes it in the spec's layout and shapes."""
    base, digits, _ = re.fullmatch(r"([A-Za-z]+)(\d*)(_new)?", name).groups()
    number = int(digits or 0)
    if base in ("W", "b"):
        layer = net["layers"][number - 1]
        written = layer["W"] if base == "W" else layer["b"]
        if not isinstance(written, list):
            return _number(value.item())
        if not isinstance(written[0], list):
            return [_number(x) for x in value.ravel()]
        return _text(value if net["layout"] == "xW" else value.T)
    if name in ("loss", "loss_new"):
        return _number(value)
    return _text(value if net["layout"] == "xW" else value.T)


def graded(net: dict) -> list[str]:
    names = ["loss"]
    for number, layer in enumerate(net["layers"], start=1):
        names += [f"W{number}"] + ([f"b{number}"] if layer.get("b") is not None else [])
    if net["eta"] is not None:
        names += [f"{name}_new" for name in names if name != "loss"] + ["loss_new"]
    return names


NETS = {
    "Wx relu-identity, flat W, scalar b": network(
        "Wx", "half_sse", [1, 2], [[1]],
        [{"W": [[1, -1], [2, 1]], "b": [0, 1], "activation": "relu"},
         {"W": [1, 2], "b": 1, "activation": "identity"}], eta="1/2"),
    "xW batch relu-tanh, mse, a layer without bias": network(
        "xW", "mse", [[1, 0.5], [0.5, -1]], [[0, 1], [1, 0]],
        [{"W": [[1, 0.5], [-0.5, 1]], "activation": "relu"},
         {"W": [[1, -0.5], [0.5, 1]], "b": [0.1, -0.2], "activation": "tanh"}],
        eta="0.1"),
    "Wx batch relu-softmax, cross_entropy": network(
        "Wx", "cross_entropy", [[1, 2], [2, -1]], [[1, 0, 0], [0, 0, 1]],
        [{"W": [[1, 0.5], [-0.5, 1], [0.25, 0.25]], "b": [0.5, 0, -0.5], "activation": "relu"},
         {"W": [[1, -1, 0.5], [0.5, 1, -1], [-1, 0.5, 1]], "b": [0, 0.5, 0],
          "activation": "softmax"}], eta="1/4"),
    "xW sigmoid-identity, cross_entropy on the outputs (p)": network(
        "xW", "cross_entropy", [1, -1], [[0, 1]],
        [{"W": [[0.5, -1], [1, 0.5]], "b": [0, 0.5], "activation": "sigmoid"},
         {"W": [[1, -1], [0.5, 2]], "b": [0.25, 0], "activation": "identity"}], eta="1/2"),
    "Wx batch relu-sigmoid, bce": network(
        "Wx", "bce", [[1, 0.5], [-1, 2]], [[1], [0]],
        [{"W": [[1, -1], [0.5, 0.5]], "b": [0.25, 0], "activation": "relu"},
         {"W": [1, -1], "b": 0, "activation": "sigmoid"}], eta="1/2"),
    "xW three layers relu-relu-identity": network(
        "xW", "half_sse", [[1, 2], [0.5, -1]], [[1], [-1]],
        [{"W": [[1, 0.5], [0.5, 1]], "b": [0, 0.5], "activation": "relu"},
         {"W": [[1, -1], [0.5, 1]], "b": [0.5, 0.25], "activation": "relu"},
         {"W": [[1], [-0.5]], "b": [0], "activation": "identity"}], eta="1/4"),
}

# (net, the earlier value the student gets wrong)
MISTAKES = [
    ("Wx relu-identity, flat W, scalar b", "a1"),
    ("Wx relu-identity, flat W, scalar b", "yhat"),
    ("Wx relu-identity, flat W, scalar b", "delta2"),
    ("Wx relu-identity, flat W, scalar b", "W2"),
    ("xW batch relu-tanh, mse, a layer without bias", "a1"),
    ("xW batch relu-tanh, mse, a layer without bias", "z2"),
    ("xW batch relu-tanh, mse, a layer without bias", "delta1"),
    ("Wx batch relu-softmax, cross_entropy", "yhat"),
    ("Wx batch relu-softmax, cross_entropy", "delta2"),
    ("Wx batch relu-softmax, cross_entropy", "b2"),
    ("xW sigmoid-identity, cross_entropy on the outputs (p)", "p"),
    ("xW sigmoid-identity, cross_entropy on the outputs (p)", "a1"),
    ("Wx batch relu-sigmoid, bce", "yhat"),
    ("Wx batch relu-sigmoid, bce", "W1_new"),
    ("xW three layers relu-relu-identity", "a1"),
    ("xW three layers relu-relu-identity", "delta3"),
    ("xW three layers relu-relu-identity", "delta2"),
]


def _wrong(value: np.ndarray) -> np.ndarray:
    """A student's wrong value: every entry moved (probabilities stay in (0, 1))."""
    return 0.8 * value + 0.05


def _student(net: dict, mistake: str) -> tuple[dict, dict, dict]:
    """(the answers of a student who gets ``mistake`` wrong and everything after it right
    from it, the student's values, the true values)."""
    truth = numpy_backprop(net, {})
    count = len(net["rows"])
    name = f"a{count}" if mistake == "yhat" else mistake
    theirs = numpy_backprop(net, {name: _wrong(truth[name])})
    answers = {f"n.a.{mistake}": shown(net, mistake, theirs[name])}
    answers |= {f"n.a.{key}": shown(net, key, theirs[key]) for key in graded(net)}
    return answers, theirs, truth


def _changed(theirs: dict, truth: dict, key: str) -> bool:
    return not np.allclose(theirs[key], truth[key], rtol=1e-9, atol=1e-12)


# -- backprop -------------------------------------------------------------------------------


@pytest.mark.parametrize("net, mistake", MISTAKES)
def test_backprop_credits_every_later_value_that_follows_from_a_wrong_one(net, mistake):
    spec = NETS[net]
    answers, theirs, truth = _student(spec, mistake)
    verdicts = _verdicts(spec["spec"], answers)
    assert verdicts[f"n.a.{mistake}"].status == "incorrect"
    carried = [key for key in graded(spec) if key != mistake and _changed(theirs, truth, key)]
    assert carried, "the mistake changes some later value"
    for key in graded(spec):
        if key == mistake:
            continue
        verdict = verdicts[f"n.a.{key}"]
        assert verdict.status == "correct", (key, verdict.reason)
        assert (verdict.decided_by == "ecf") == (key in carried), (key, verdict.reason)
    for key in carried:
        reason = verdicts[f"n.a.{key}"].reason
        assert "error carried forward" in reason and "correct from your own" in reason


@pytest.mark.parametrize("net, mistake", MISTAKES[::4])
def test_backprop_without_ecf_marks_the_carried_values_wrong(net, mistake):
    spec = NETS[net]
    answers, theirs, truth = _student(spec, mistake)
    verdicts = _verdicts(spec["spec"], answers, ecf=False)
    for key in graded(spec):
        expected = "incorrect" if key == mistake or _changed(theirs, truth, key) else "correct"
        assert verdicts[f"n.a.{key}"].status == expected, key


def test_backprop_reason_names_the_wrong_value_used():
    spec = NETS["Wx relu-identity, flat W, scalar b"]
    answers, _, _ = _student(spec, "a1")
    verdicts = _verdicts(spec["spec"], answers)
    # a1 = (0, 5) written as (0.05, 4.05): ŷ = 0.05 + 8.1 + 1 = 9.15, L = ½(8.15)²
    assert answers["n.a.loss"] == _number(0.5 * 8.15**2)
    assert verdicts["n.a.loss"].reason == ("correct from your own a1 (error carried forward; "
                                           "a1 itself is wrong)")


@pytest.mark.parametrize("net, mistake", [
    ("Wx relu-identity, flat W, scalar b", "a1"),
    ("Wx batch relu-softmax, cross_entropy", "delta2"),
    ("xW three layers relu-relu-identity", "W2"),
])
def test_backprop_later_value_wrong_even_from_the_students_own_is_incorrect(net, mistake):
    spec = NETS[net]
    answers, theirs, _ = _student(spec, mistake)
    key = "W2_new" if mistake == "W2" else "W1"
    answers[f"n.a.{key}"] = shown(spec, key, theirs[key] + 1)
    verdict = _verdicts(spec["spec"], answers)[f"n.a.{key}"]
    assert verdict.status == "incorrect" and verdict.decided_by != "ecf"


@pytest.mark.parametrize("net, mistake, bad, later", [
    ("Wx relu-identity, flat W, scalar b", "a1", ["1", "5", "2"], "loss"),
    ("Wx relu-identity, flat W, scalar b", "a1", [["1", "5"]], "W2"),
    ("Wx relu-identity, flat W, scalar b", "W2", [["1", "2"], ["3", "4"]], "W2_new"),
    ("xW batch relu-tanh, mse, a layer without bias", "delta1", [["1", "2"]], "W1"),
    ("Wx batch relu-softmax, cross_entropy", "yhat", "0.5", "loss"),
    ("xW sigmoid-identity, cross_entropy on the outputs (p)", "p", ["x", "1"], "loss"),
])
def test_backprop_earlier_value_of_the_wrong_shape_carries_nothing(net, mistake, bad, later):
    spec = NETS[net]
    right_shape, theirs, truth = _student(spec, mistake)
    assert _changed(theirs, truth, later)
    answers = {f"n.a.{mistake}": bad, f"n.a.{later}": right_shape[f"n.a.{later}"]}
    assert _verdicts(spec["spec"], answers)[f"n.a.{later}"].status == "incorrect"


def test_backprop_output_outside_the_loss_domain_carries_nothing():
    spec = NETS["Wx batch relu-sigmoid, bce"]
    answers = {"n.a.yhat": [["1.5", "0.5"]], "n.a.loss": "1"}
    assert _verdicts(spec["spec"], answers)["n.a.loss"].status == "incorrect"


def test_forward_pass_yhat_from_the_students_own_z():
    spec = """
problems:
  - id: net
    parts:
      - id: a
        kind: forward_pass
        layout: xW
        input: [1, 3]
        ecf: true
        layers:
          - {W: [[2, 1, 3], [2, -1, 1]], b: [1, 0, -1], activation: relu}
          - {W: [3, 1, 2], b: 1, activation: identity}
"""
    # z1 = (9, -2, 5); with the student's (9, 2, 5): a1 = (9, 2, 5), ŷ = 27 + 2 + 10 + 1
    verdicts = _verdicts(spec, {"net.a.z1": ["9", "2", "5"], "net.a.a1": ["9", "2", "5"],
                                "net.a.yhat": "40"})
    assert verdicts["net.a.a1"].status == "correct" and verdicts["net.a.a1"].decided_by == "ecf"
    assert verdicts["net.a.yhat"].decided_by == "ecf"
    assert verdicts["net.a.yhat"].reason.startswith("correct from your own a1 ")
    assert _verdicts(spec, {"net.a.z1": ["9", "2", "5"], "net.a.a1": ["9", "2", "5"],
                            "net.a.yhat": "40"}, ecf=False)["net.a.yhat"].status == "incorrect"


# -- the other chains -----------------------------------------------------------------------

KINDS_SPEC = """
problems:
  - id: k
    parts:
      - {id: lr, kind: learning_rate_bound, f: "5*x^2 + 4*x*y + 2*y^2", wrt: [x, y], ecf: true}
      - {id: ls, kind: line_search_step, Q: [[2, 0], [0, 4]], b: [2, 4], at: [0, 0], ecf: true}
      - {id: g, kind: gradient, f: x1^2 x2, wrt: [x1, x2], at: [1, 2], ecf: true}
      - {id: h, kind: hessian, f: x1^3 x2, wrt: [x1, x2], at: [1, 2], ecf: true}
      - {id: hs, kind: hessian, f: x1^3 x2, wrt: [x1, x2], ecf: true}
      - {id: pd, kind: partial_derivatives, f: sin(g1) + g2^2 + x1,
         where: {g1: x1 e^x2, g2: x1 + x2^2}, wrt: [x1, x2], ecf: true}
      - {id: ad, kind: activation_derivative, activation: sigmoid, size: 2, ecf: true}
      - {id: sm, kind: activation_derivative, activation: softmax, size: 2, ecf: true}
      - {id: e, kind: eigen, matrix: [[5, 2], [2, 2]], ecf: true}
      - {id: mg, kind: matrix_gradient, f: v^T A v, wrt: A, shapes: {A: [2, 2], v: [2, 1]},
         ecf: true}
      - id: c
        kind: conv_shapes
        input: [32, 32, 3]
        ecf: true
        layers:
          - {type: conv, size: 3, filters: 16}
          - {type: pool, size: 2, stride: 2}
          - {type: dense, units: 10}
"""


def _bound_from(hessian: list[list[float]]) -> str:
    return f"0 < eta < {_number(2 / max(np.linalg.eigvalsh(np.array(hessian))))}"


def _line_search_from(gradient: list[float]) -> tuple[float, np.ndarray]:
    Q, g = np.array([[2.0, 0], [0, 4]]), np.array(gradient)
    step = g @ g / (g @ Q @ g)
    return step, np.zeros(2) - step * g


_STEP, _THETA = _line_search_from([-2, -2])
S1 = "exp(z1)/(exp(z1) + exp(z2))"

# (key, the student's earlier answers, their later answer that follows from them,
#  the name the reason gives, a later answer that does not follow)
CHAINS = [
    ("k.lr", {"k.lr.hessian": [["10", "4"], ["4", "6"]]}, _bound_from([[10, 4], [4, 6]]),
     "hessian", "0 < eta < 1/6.5"),
    ("k.lr", {"k.lr.lambda_max": "10"}, "0 < eta < 1/5", "lambda_max", "0 < eta < 1/10"),
    ("k.ls.step", {"k.ls.gradient": ["-2", "-2"]}, _number(_STEP), "gradient", "1/4"),
    ("k.ls.theta", {"k.ls.gradient": ["-2", "-2"]}, [_number(x) for x in _THETA], "gradient",
     ["1", "1"]),
    ("k.ls.theta", {"k.ls.step": "1/2"}, ["1", "2"], "step", ["1", "1"]),
    # ∇f = (2 x1 x2, x1²); the student's (2 x1 x2, 2 x1) at (1, 2) is (4, 2)
    ("k.g", {"k.g.symbolic": ["2 x1 x2", "2 x1"]}, ["4", "2"], "symbolic", ["4", "3"]),
    # ∇f = (3x1²x2, x1³); from the student's (3x1²x2, x1²): H = [[6x1x2, 3x1²], [2x1, 0]]
    ("k.h", {"k.h.gradient": ["3 x1^2 x2", "x1^2"]}, [["12", "3"], ["2", "0"]], "gradient",
     [["12", "3"], ["3", "3"]]),
    ("k.h", {"k.h.symbolic": [["6 x1 x2", "3 x1^2"], ["3 x1^2", "x1"]]},
     [["12", "3"], ["3", "1"]], "symbolic", [["12", "3"], ["3", "2"]]),
    ("k.hs", {"k.hs.gradient": ["3 x1^2 x2", "x1^2"]},
     [["6 x1 x2", "3 x1^2"], ["2 x1", "0"]], "gradient", [["6 x1 x2", "3 x1^2"], ["0", "0"]]),
    # ∂f/∂x1 = cos(g1) e^x2 + 2 g2 + 1; with the student's ∂f/∂g1 = −cos(g1)
    ("k.pd.x1", {"k.pd.df/dg1": "-cos(g1)"}, "-cos(x1 e^x2) e^x2 + 2(x1 + x2^2) + 1",
     "df/dg1", "-cos(x1 e^x2) e^x2 + 2(x1 + x2^2)"),
    ("k.pd.x1", {"k.pd.df/dx1|g": "2"}, "cos(x1 e^x2) e^x2 + 2(x1 + x2^2) + 2", "df/dx1|g",
     "cos(x1 e^x2) e^x2 + 2(x1 + x2^2)"),
    ("k.pd.x2", {"k.pd.dg2/dx2": "x2"}, "x1 e^x2 cos(x1 e^x2) + 2 x2 (x1 + x2^2)", "dg2/dx2",
     "x1 e^x2 cos(x1 e^x2) + 3 x2 (x1 + x2^2)"),
    ("k.ad", {"k.ad.derivative": "1/(1 + exp(-z))"},
     [["1/(1 + exp(-z1))", "0"], ["0", "1/(1 + exp(-z2))"]], "derivative",
     [["1/(1 + exp(-z1))", "0"], ["0", "1/(1 + exp(-z1))"]]),
    # the student's softmax (s1, s1): J = diag(s) − s sᵀ = s1 [[1 − s1, −s1], [−s1, 1 − s1]]
    ("k.sm", {"k.sm.softmax": [S1, S1]},
     [[f"{S1} (1 - {S1})", f"-({S1})^2"], [f"-({S1})^2", f"{S1} (1 - {S1})"]], "softmax",
     [[f"{S1} (1 - {S1})", f"-({S1})^2"], [f"-({S1})^2", f"{S1}"]]),
    # λ² − 7λ + 10 = (λ − 5)(λ − 2)
    ("k.e.lambda1", {"k.e.polynomial": "lambda^2 - 7 lambda + 10"}, "5", "polynomial", "2"),
    ("k.e.lambda2", {"k.e.polynomial": "lambda^2 - 7 lambda + 10"}, "2", "polynomial", "3"),
    ("k.e.lambda1", {"k.e.eigenvalues": ["3", "7"]}, "7", "eigenvalues", "3"),
    # vᵀAv = Σ Aᵢⱼvᵢvⱼ; the student's sum leaves out A_22 v_2², so its ∂/∂A_22 is 0
    ("k.mg.gradient", {"k.mg.f_entries": "A_11 v_1^2 + A_12 v_1 v_2 + A_21 v_1 v_2"},
     [["v_1^2", "v_1 v_2"], ["v_1 v_2", "0"]], "f_entries",
     [["v_1^2", "v_1 v_2"], ["v_1 v_2", "1"]]),
    # conv 3×3 on 32×32×3 gives 30×30×16; from the student's 32×32×16 the pool gives 16×16×16
    ("k.c.layer2", {"k.c.layer1": ["32", "32", "16"]}, ["16", "16", "16"], "layer1",
     ["14", "14", "16"]),
    # 448 + 0 + (16·16·16·10 + 10) from the student's 16×16×16 before the dense layer
    ("k.c.parameters", {"k.c.layer2": ["16", "16", "16"]}, str(448 + 16**3 * 10 + 10),
     "layer2", "36459"),
    ("k.c.parameters", {"k.c.params3": "36000"}, str(448 + 36000), "params3", "36459"),
]


@pytest.mark.parametrize("key, earlier, later, source, unrelated", CHAINS)
def test_chain_credits_a_later_answer_that_follows_from_a_wrong_earlier_one(
        key, earlier, later, source, unrelated):
    verdict = _verdicts(KINDS_SPEC, earlier | {key: later})[key]
    assert (verdict.status, verdict.decided_by) == ("correct", "ecf"), verdict.reason
    assert f"correct from your own {source} " in verdict.reason
    assert _verdicts(KINDS_SPEC, earlier | {key: later}, ecf=False)[key].status == "incorrect"
    wrong = _verdicts(KINDS_SPEC, earlier | {key: unrelated})[key]
    assert wrong.status == "incorrect" and wrong.decided_by != "ecf", wrong.reason


@pytest.mark.parametrize("key, earlier, later", [
    ("k.lr", {"k.lr.hessian": [["10", "4", "0"], ["4", "6", "0"]]},
     _bound_from([[10, 4], [4, 6]])),
    ("k.lr", {"k.lr.hessian": [["1", "0"], ["0", "-2"]]}, "0 < eta < 2"),
    ("k.ls.step", {"k.ls.gradient": ["-2", "-2", "1"]}, _number(_STEP)),
    ("k.ls.step", {"k.ls.gradient": ["0", "0"]}, "0"),
    ("k.g", {"k.g.symbolic": [["2 x1 x2", "2 x1"]]}, ["4", "2"]),
    ("k.h", {"k.h.symbolic": ["6 x1 x2", "3 x1^2"]}, [["12", "3"], ["3", "2"]]),
    ("k.pd.x1", {"k.pd.df/dg1": ["1", "2"]}, "1"),
    ("k.sm", {"k.sm.softmax": [S1, S1, S1]}, [["1", "0"], ["0", "1"]]),
    ("k.e.lambda1", {"k.e.polynomial": "lambda^3 - 7 lambda + 10"}, "5"),
    ("k.e.lambda1", {"k.e.polynomial": "x1 lambda - 1"}, "5"),
    ("k.e.lambda1", {"k.e.eigenvalues": ["7"]}, "7"),
    ("k.mg.gradient", {"k.mg.f_entries": ["A_11", "A_12"]}, [["1", "0"], ["0", "0"]]),
    ("k.c.layer2", {"k.c.layer1": ["32", "32"]}, ["16", "16", "16"]),
    ("k.c.layer2", {"k.c.layer1": ["32.5", "32", "16"]}, ["16", "16", "16"]),
    ("k.c.layer2", {"k.c.layer1": ["1", "1", "16"]}, ["1", "1", "16"]),
])
def test_chain_from_an_earlier_value_of_the_wrong_shape_or_kind_carries_nothing(key, earlier,
                                                                                   later):
    verdict = _verdicts(KINDS_SPEC, earlier | {key: later})[key]
    assert verdict.status != "correct" and verdict.decided_by != "ecf", verdict.reason


def test_chain_from_a_right_earlier_value_is_not_called_carried():
    verdict = _verdicts(KINDS_SPEC, {"k.ls.gradient": ["-2", "-4"], "k.ls.step": "1/4"})
    assert verdict["k.ls.step"].status == "incorrect"


def test_two_wrong_sources_are_both_named():
    answers = {"k.ls.gradient": ["-2", "-2"], "k.ls.step": "1/2", "k.ls.theta": ["1", "1"]}
    verdict = _verdicts(KINDS_SPEC, answers)["k.ls.theta"]
    assert verdict.decided_by == "ecf"
    assert "step and gradient are wrong" in verdict.reason


def test_a_carried_credit_is_worked_out_once_and_passes_between_runs(monkeypatch):
    """The same answers to a part give the same change, from memory or from another
    process's run; other answers to the part are worked out afresh."""
    from solver.check import checker
    from solver.check.checker import CheckRun, expected_keys

    answers = {"k.ls.gradient": ["-2", "-2"], "k.ls.step": "1/2", "k.ls.theta": ["1", "1"]}
    solved = _solved(KINDS_SPEC)

    sheet = _sheet
    worked = []
    original = checker._carried_change
    monkeypatch.setattr(checker, "_carried_change",
                        lambda *args: worked.append(args[0].key) or original(*args))
    first, second = CheckRun(), CheckRun()
    for run in (first, second):
        run.share(e.entry for e in expected_keys(solved))
    one = check_file(solved, sheet(answers, "ada"), True, first).verdicts
    assert worked.count("k.ls.theta") == 1
    again = check_file(solved, sheet(answers, "bob"), True, first).verdicts
    assert again == one and worked.count("k.ls.theta") == 1
    second.learn(first.learned())
    elsewhere = check_file(solved, sheet(answers, "cy"), True, second).verdicts
    assert elsewhere == one and worked.count("k.ls.theta") == 1
    check_file(solved, sheet(answers | {"k.ls.step": "1/3"}, "dee"), True, second)
    assert worked.count("k.ls.theta") == 2
    assert {v.key: v for v in one}["k.ls.theta"].decided_by == "ecf"


def _sheet(answers: dict, student: str):
    return answers_from_text(json.dumps({"student": student, "answers": answers}),
                             f"{student}.yaml", student)


def test_a_re_solve_passes_between_runs_and_serves_the_same_values_written_otherwise(
        monkeypatch):
    """A part re-solved from a student's values in one process is not re-solved in another
    that learned it, even where the answers are written otherwise (the same values)."""
    from solver.check import carry
    from solver.check.checker import CheckRun, expected_keys

    solves = []
    original = carry._solve_given
    monkeypatch.setattr(carry, "_solve_given",
                        lambda *args: solves.append(args[0].name) or original(*args))
    solved = _solved(KINDS_SPEC)
    first, second, third = CheckRun(), CheckRun(), CheckRun()
    for run in (first, second, third):
        run.share(e.entry for e in expected_keys(solved))
    answers = {"k.ls.gradient": ["-2", "-2"], "k.ls.step": "1/2", "k.ls.theta": ["1", "1"]}
    one = {v.key: v for v in check_file(solved, _sheet(answers, "ada"), True, first).verdicts}
    assert one["k.ls.theta"].decided_by == "ecf" and solves
    before = len(solves)
    second.learn(first.learned())
    otherwise = answers | {"k.ls.step": "2/4", "k.ls.gradient": ["-4/2", "-2"]}
    two = {v.key: v for v in check_file(solved, _sheet(otherwise, "bob"), True,
                                        second).verdicts}
    assert len(solves) == before
    assert (two["k.ls.theta"].decided_by, two["k.ls.theta"].score) == \
        (one["k.ls.theta"].decided_by, one["k.ls.theta"].score)
    check_file(solved, _sheet(otherwise, "cy"), True, third)  # learned nothing: re-solves
    assert len(solves) > before


# -- the command line -----------------------------------------------------------------------


def test_check_command_reports_ecf_in_json(tmp_path):
    net = NETS["Wx relu-identity, flat W, scalar b"]
    answers, _, _ = _student(net, "a1")
    spec = tmp_path / "set.yaml"
    spec.write_text(net["spec"])
    sheet = tmp_path / "ada.yaml"
    sheet.write_text(json.dumps({"student": "ada", "answers": answers}))
    result = subprocess.run([sys.executable, "-m", "solver", "check", str(spec), str(sheet),
                             "--format", "json"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    parts = {part["key"]: part for part in json.loads(result.stdout)["parts"]}
    assert parts["n.a.loss"]["status"] == "correct"
    assert parts["n.a.loss"]["decided_by"] == "ecf"
    assert "a1" in parts["n.a.loss"]["reason"]
    assert parts["n.a.a1"]["status"] == "incorrect"
