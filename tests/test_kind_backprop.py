"""Backpropagation checked against an independent numpy implementation and against central
finite differences of the loss; the USI assignment networks pinned exactly."""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy

from solver.answers import Named, Undefined
from solver.errors import SpecErrors
from solver.kinds import KINDS
from solver.render.document import render
from solver.solving import solve_set
from solver.steps.network import HiddenDelta, OutputDelta, ParameterGradient, ParameterUpdate
from tests.conftest import load, solve_only_part

R = sympy.Rational
M = sympy.ImmutableMatrix
RNG = np.random.default_rng(55)
H = 1e-6

USI_2024 = """
problems:
  - id: usi-2024
    parts:
      - id: backprop
        kind: backprop
        layout: Wx
        loss: half_sse
        inputs: [[0.2, -0.4, 0.1, 0.5], [0.8, 1.0, -0.1, 0.3], [-0.5, 0.9, 0.2, -0.8]]
        targets: [-0.5, 0.1, 0.8]
        layers:
          - {W: [[-0.6, 0.7, 0.9, -0.3], [0.4, 0.5, -1.0, 0.1]], b: [-0.4, -0.5], activation: relu}
          - {W: [0.2, 0.6], b: -0.7, activation: identity}
"""

USI_2023 = """
problems:
  - id: usi-2023
    parts:
      - id: backprop
        kind: backprop
        layout: xW
        loss: half_sse
        inputs: [[0.6, -1.0], [0.8, -1.0], [-0.4, 0.9], [0.2, 0.0]]
        targets: [-0.8, -0.1, 0.9, 0.7]
        layers:
          - {W: [[-0.8, -0.7, 0.6], [-1.0, 0.5, -1.0]], b: [-0.2, -1.0, -0.7], activation: relu}
          - {W: [0.1, -1.0, 0.5], b: -0.7, activation: identity}
"""


def _decimal(text):
    return sympy.Rational(text)


def _matrix(rows):
    return M([[_decimal(v) for v in row] for row in rows])


def test_usi_2024_network_exactly():
    part, solved = solve_only_part(USI_2024)
    answer = solved.answer
    assert isinstance(answer, Named)
    assert answer["loss"].value == R(2037, 2000)
    assert answer["b2"].value == _decimal("-2.04")
    assert answer["W2"].value == _matrix([["-1.2445"], ["-0.2385"]])
    assert answer["b1"].value == _matrix([["-0.262"], ["-0.318"]])
    assert answer["W1"].value == _matrix([["0.131", "-0.2358", "-0.0524", "0.2096"],
                                          ["-0.2544", "-0.318", "0.0318", "-0.0954"]])
    named = dict(solved.intermediates)
    assert named["yhat"].value == _matrix([["-0.7", "-0.43", "-0.51"]])
    assert list(dict(answer.items)) == ["loss", "W1", "b1", "W2", "b2"]
    assert part.decimal


def test_usi_2023_network_exactly():
    _, solved = solve_only_part(USI_2023)
    answer = solved.answer
    assert answer["loss"].value == _decimal("2.38554")
    assert answer["b2"].value == _decimal("-2.732")
    assert answer["W2"].value == _matrix([["0.1168"], ["0"], ["0.1536"]])
    assert answer["b1"].value == _matrix([["0.0268"], ["0"], ["0.134"]])
    assert answer["W1"].value == _matrix([["0.0122", "0", "0.061"], ["-0.0268", "0", "-0.134"]])


def test_usi_2024_chain_of_deltas():
    _, solved = solve_only_part(USI_2024)
    named = dict(solved.intermediates)
    assert named["delta2"].value == _matrix([["-0.2", "-0.53", "-1.31"]])
    assert named["delta1"].value == _matrix([["0", "0", "-0.262"], ["0", "-0.318", "0"]])
    kinds = [type(step).__name__ for step in solved.steps]
    assert kinds == ["LayerForward", "LayerForward", "LossValue", "OutputDelta",
                     "ParameterGradient", "HiddenDelta", "ParameterGradient"]
    assert list(named)[:6] == ["z1", "a1", "z2", "a2", "yhat", "loss"]


@pytest.mark.parametrize("text", [USI_2024, USI_2023])
def test_handout_parts_solve(text):
    part, _ = solve_only_part(text)
    KINDS["backprop"].solve(part.inputs)


def test_usi_2023_update_matches_numpy():
    text = USI_2023.replace("loss: half_sse", "loss: half_sse\n        learning_rate: 0.1")
    _, solved = solve_only_part(text)
    answer = solved.answer
    W1 = np.array([[-0.8, -0.7, 0.6], [-1.0, 0.5, -1.0]])
    b1 = np.array([-0.2, -1.0, -0.7])
    w2 = np.array([[0.1], [-1.0], [0.5]])
    b2 = -0.7
    X = np.array([[0.6, -1.0], [0.8, -1.0], [-0.4, 0.9], [0.2, 0.0]])
    t = np.array([[-0.8], [-0.1], [0.9], [0.7]])

    def loss(W1, b1, w2, b2):
        return 0.5 * np.sum((np.maximum(X @ W1 + b1, 0) @ w2 + b2 - t) ** 2)

    g = {name: _floats(answer[name].value) for name in ("W1", "b1", "W2", "b2")}
    new = (W1 - 0.1 * g["W1"], b1 - 0.1 * g["b1"].ravel(), w2 - 0.1 * g["W2"],
           b2 - 0.1 * float(g["b2"][0, 0]))
    assert np.allclose(_floats(answer["W1_new"].value), new[0])
    assert np.allclose(_floats(answer["b1_new"].value).ravel(), new[1])
    assert np.allclose(_floats(answer["W2_new"].value), new[2])
    assert float(answer["b2_new"].value) == pytest.approx(new[3])
    assert float(answer["loss_new"].value) == pytest.approx(loss(*new))
    assert float(answer["loss_new"].value) < float(answer["loss"].value)
    updates = [step for step in solved.steps if isinstance(step, ParameterUpdate)]
    assert [(u.layer, u.name) for u in updates] == [(1, "W"), (1, "b"), (2, "W"), (2, "b")]


# -- an independent numpy implementation ---------------------------------------------------

def _act(text):
    table = {
        "identity": (lambda z: z, lambda z: np.ones_like(z)),
        "relu": (lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(float)),
        "5 relu": (lambda z: 5 * np.maximum(z, 0.0), lambda z: 5 * (z > 0).astype(float)),
        "leaky_relu": (lambda z: np.where(z > 0, z, 0.01 * z),
                       lambda z: np.where(z > 0, 1.0, 0.01)),
        "leaky_relu(0.2)": (lambda z: np.where(z > 0, z, 0.2 * z),
                            lambda z: np.where(z > 0, 1.0, 0.2)),
        "sigmoid": (lambda z: 1 / (1 + np.exp(-z)),
                    lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
        "0.5 sigmoid": (lambda z: 0.5 / (1 + np.exp(-z)),
                        lambda z: 0.5 * np.exp(-z) / (1 + np.exp(-z)) ** 2),
        "tanh": (np.tanh, lambda z: 1 / np.cosh(z) ** 2),
        "softmax": (lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True), None),
    }
    return table[text]


def _log_softmax(z):
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _loss(name, Y, T, logits):
    n = Y.size
    if name == "half_sse":
        return 0.5 * np.sum((Y - T) ** 2)
    if name == "sse":
        return np.sum((Y - T) ** 2)
    if name == "mse":
        return np.sum((Y - T) ** 2) / n
    if name == "bce":
        return -np.sum(T * np.log(Y) + (1 - T) * np.log(1 - Y)) / n
    return -np.sum(T * _log_softmax(logits))


class NumpyNet:
    """Parameters in one orientation: M is inputs × outputs, b a vector (or None)."""

    def __init__(self, spec, loss):
        self.spec, self.loss = spec, loss
        self.M, self.b, self.acts = [], [], []
        for layer in spec["layers"]:
            W = np.array(layer["W"], dtype=float)
            if W.ndim == 0:
                M_ = W.reshape(1, 1)
            elif W.ndim == 1:
                M_ = W.reshape(-1, 1)
            else:
                M_ = W.T if spec["layout"] == "Wx" else W
            self.M.append(M_)
            self.b.append(None if "b" not in layer
                          else np.array(layer["b"], dtype=float).reshape(-1))
            self.acts.append(layer["activation"])
        x = np.array(spec["inputs"], dtype=float)
        self.X = x.reshape(1, -1) if x.ndim == 1 else x
        t = np.array(spec["targets"], dtype=float)
        outputs = self.M[-1].shape[1]
        self.T = t.reshape(-1, outputs) if t.ndim < 2 else t

    def forward(self, M=None, b=None):
        M, b = M or self.M, b or self.b
        A, pre, post = self.X, [], []
        for Mi, bi, act in zip(M, b, self.acts, strict=True):
            Z = A @ Mi + (0 if bi is None else bi)
            A = _act(act)[0](Z)
            pre.append(Z)
            post.append(A)
        return pre, post

    def logits(self, pre, post):
        return pre[-1] if self.acts[-1] == "softmax" else post[-1]

    def value(self, M=None, b=None):
        pre, post = self.forward(M, b)
        return _loss(self.loss, post[-1], self.T, self.logits(pre, post))

    def backward(self):
        pre, post = self.forward()
        Y, T, n = post[-1], self.T, post[-1].size
        if self.loss == "cross_entropy":
            logits = self.logits(pre, post)
            s = np.exp(_log_softmax(logits))
            upstream = s * T.sum(axis=1, keepdims=True) - T
            if self.acts[-1] == "softmax":
                delta = upstream
            else:
                delta = upstream * _act(self.acts[-1])[1](pre[-1])
        else:
            upstream = {"half_sse": Y - T, "sse": 2 * (Y - T), "mse": 2 * (Y - T) / n,
                        "bce": (-T / Y + (1 - T) / (1 - Y)) / n}[self.loss]
            delta = self._through(len(self.acts) - 1, upstream, pre, post)
        grads_M, grads_b, deltas = [None] * len(self.M), [None] * len(self.M), {}
        for index in range(len(self.M) - 1, -1, -1):
            deltas[index] = delta
            A = self.X if index == 0 else post[index - 1]
            grads_M[index] = A.T @ delta
            grads_b[index] = delta.sum(axis=0)
            if index:
                delta = self._through(index - 1, delta @ self.M[index].T, pre, post)
        return grads_M, grads_b, deltas

    def _through(self, index, upstream, pre, post):
        if self.acts[index] == "softmax":
            s = post[index]
            return np.stack([(np.diag(row) - np.outer(row, row)) @ up
                             for row, up in zip(s, upstream, strict=True)])
        return upstream * _act(self.acts[index])[1](pre[index])

    def finite_differences(self):
        grads_M, grads_b = [], []
        for i in range(len(self.M)):
            gM = np.zeros_like(self.M[i])
            for index in np.ndindex(*self.M[i].shape):
                plus = [m.copy() for m in self.M]
                minus = [m.copy() for m in self.M]
                plus[i][index] += H
                minus[i][index] -= H
                gM[index] = (self.value(M=plus) - self.value(M=minus)) / (2 * H)
            grads_M.append(gM)
            if self.b[i] is None:
                grads_b.append(None)
                continue
            gb = np.zeros_like(self.b[i])
            for k in range(gb.size):
                plus = [None if v is None else v.copy() for v in self.b]
                minus = [None if v is None else v.copy() for v in self.b]
                plus[i][k] += H
                minus[i][k] -= H
                gb[k] = (self.value(b=plus) - self.value(b=minus)) / (2 * H)
            grads_b.append(gb)
        return grads_M, grads_b

    def near_kink(self):
        pre, _ = self.forward()
        return any(act in ("relu", "5 relu", "leaky_relu", "leaky_relu(0.2)")
                   and np.min(np.abs(Z)) < 1e-4 for Z, act in zip(pre, self.acts, strict=True))


def _floats(value):
    if isinstance(value, sympy.MatrixBase):
        return np.array(value.evalf(30).tolist(), dtype=float)
    return np.array([[float(value)]])


def canonical_weight(value, layer, layout):
    """The answer's ∂L/∂W (shaped as written) as inputs × outputs."""
    array = _floats(value)
    written = np.array(layer["W"], dtype=float)
    if written.ndim < 2:
        return array.reshape(-1, 1)
    return array.T if layout == "Wx" else array


def _weights(rows, cols):
    return (RNG.integers(-15, 16, (rows, cols)) / 10).tolist()


def random_spec(layout, samples, sizes, acts, loss, flat_last=False, scalar_bias=False):
    layers = []
    for index, (n_in, n_out) in enumerate(zip(sizes, sizes[1:], strict=False)):
        last = index == len(sizes) - 2
        if last and flat_last and n_out == 1:
            W = _weights(1, n_in)[0]
        else:
            W = _weights(n_out, n_in) if layout == "Wx" else _weights(n_in, n_out)
        bias = (RNG.integers(-10, 11, n_out) / 10).tolist()
        layer = {"W": W, "b": bias[0] if scalar_bias and last and n_out == 1 else bias,
                 "activation": acts[index]}
        layers.append(layer)
    outputs = sizes[-1]
    X = (RNG.integers(-15, 16, (samples, sizes[0])) / 10).tolist()
    if loss == "cross_entropy":
        T = np.eye(outputs)[RNG.integers(0, outputs, samples)].tolist()
    elif loss == "bce":
        T = RNG.integers(0, 2, (samples, outputs)).astype(float).tolist()
    else:
        T = (RNG.integers(-10, 11, (samples, outputs)) / 10).tolist()
    if outputs == 1:
        T = [row[0] for row in T]
    return {"layout": layout, "inputs": X[0] if samples == 1 else X,
            "targets": T[0] if samples == 1 and outputs > 1 else T, "layers": layers,
            "loss": loss}


def _yaml(spec, **extra):
    fields = {"id": "a", "kind": "backprop", **{k: v for k, v in spec.items()}, **extra}
    return "problems:\n  - id: p\n    parts:\n      - " + json.dumps(fields) + "\n"


NETWORKS = [
    ("half_sse", [3, 4, 1], ["relu", "identity"], True, True),
    ("half_sse", [2, 3, 2], ["tanh", "sigmoid"], False, False),
    ("sse", [2, 2, 1], ["sigmoid", "identity"], True, False),
    ("mse", [3, 2, 2], ["leaky_relu(0.2)", "tanh"], False, False),
    ("mse", [2, 3, 2], ["relu", "softmax"], False, False),
    ("bce", [2, 3, 1], ["relu", "sigmoid"], True, True),
    ("bce", [2, 2, 2], ["tanh", "0.5 sigmoid"], False, False),
    ("cross_entropy", [2, 3, 3], ["relu", "softmax"], False, False),
    ("cross_entropy", [3, 2, 3], ["tanh", "identity"], False, False),
    ("half_sse", [2, 3, 2, 1], ["5 relu", "leaky_relu", "identity"], False, False),
    ("half_sse", [2, 3, 1], ["softmax", "identity"], False, False),
]
CASES = [(layout, samples, *network) for network in NETWORKS for layout in ("Wx", "xW")
         for samples in (1, 3)]


def _case_id(case):
    layout, samples, loss, _, acts, *_ = case
    return f"{loss}-{'-'.join(acts)}-{layout}-{samples}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_gradients_match_numpy_backprop_and_finite_differences(case):
    layout, samples, loss, sizes, acts, flat, scalar_bias = case
    spec = random_spec(layout, samples, sizes, acts, loss, flat, scalar_bias)
    _, solved = solve_only_part(_yaml(spec))
    reference = NumpyNet(spec, loss)
    answer = solved.answer
    assert isinstance(answer, Named)
    assert float(answer["loss"].value) == pytest.approx(reference.value(), rel=1e-10)
    grads_M, grads_b, deltas = reference.backward()
    check_fd = not reference.near_kink()
    fd_M, fd_b = reference.finite_differences() if check_fd else (None, None)
    named = dict(solved.intermediates)
    for index, layer in enumerate(spec["layers"]):
        number = index + 1
        exact_W = canonical_weight(answer[f"W{number}"].value, layer, layout)
        exact_b = _floats(answer[f"b{number}"].value).ravel()
        assert np.allclose(exact_W, grads_M[index], atol=1e-10)
        assert np.allclose(exact_b, grads_b[index], atol=1e-10)
        if check_fd:
            assert np.allclose(exact_W, fd_M[index], atol=1e-6)
            assert np.allclose(exact_b, fd_b[index], atol=1e-6)
        delta = _floats(named[f"delta{number}"].value)
        assert np.allclose(delta.T if layout == "Wx" else delta, deltas[index], atol=1e-10)


@pytest.mark.parametrize("layout", ["Wx", "xW"])
def test_gradients_keep_the_shapes_the_spec_wrote(layout):
    spec = random_spec(layout, 2, [3, 2, 1], ["relu", "identity"], "half_sse",
                       flat_last=True, scalar_bias=True)
    spec["layers"][0]["b"] = [spec["layers"][0]["b"]]  # a 1×2 row
    _, solved = solve_only_part(_yaml(spec))
    answer = solved.answer
    assert answer["W1"].value.shape == ((2, 3) if layout == "Wx" else (3, 2))
    assert answer["b1"].value.shape == (1, 2)
    assert answer["W2"].value.shape == (2, 1)          # a flat list: a column of 2
    assert not isinstance(answer["b2"].value, sympy.MatrixBase)


def test_softmax_cross_entropy_and_identity_logits_agree():
    """cross_entropy on a softmax output and on identity logits is the same function."""
    spec = random_spec("xW", 3, [2, 3, 3], ["relu", "softmax"], "cross_entropy")
    _, with_softmax = solve_only_part(_yaml(spec))
    spec["layers"][1]["activation"] = "identity"
    _, with_logits = solve_only_part(_yaml(spec))
    for name in ("W1", "b1", "W2", "b2"):
        difference = with_softmax.answer[name].value - with_logits.answer[name].value
        assert np.allclose(_floats(difference), 0, atol=1e-12)
    loss = with_softmax.answer["loss"].value - with_logits.answer["loss"].value
    assert abs(float(loss)) < 1e-12
    assert "p" in dict(with_logits.intermediates)
    output = next(step for step in with_softmax.steps if isinstance(step, OutputDelta))
    assert output.rule == "softmax_ce" and output.one_hot


def test_sigmoid_bce_combines_into_y_minus_t_over_n():
    spec = random_spec("Wx", 3, [2, 2, 1], ["relu", "sigmoid"], "bce")
    _, solved = solve_only_part(_yaml(spec))
    output = next(step for step in solved.steps if isinstance(step, OutputDelta))
    assert output.rule == "sigmoid_bce" and output.n == 3


def test_relu_kink_takes_derivative_zero_and_says_so():
    text = """
problems:
  - id: p
    parts:
      - id: a
        kind: backprop
        layout: xW
        loss: half_sse
        inputs: [1, 1]
        targets: 1
        layers:
          - {W: [[1, 2], [-1, 1]], b: [0, 0], activation: relu}
          - {W: [1, 1], b: 0, activation: identity}
"""
    _, solved = solve_only_part(text)
    hidden = next(step for step in solved.steps if isinstance(step, HiddenDelta))
    assert hidden.kink  # z1 = 1·1 + (−1)·1 = 0
    assert solved.answer["b1"].value == M([0, 2])  # δ = (ŷ − t)·w2 ⊙ (0, 1), ŷ = 3
    rendered = render(solve_set(load(text)), "markdown")
    assert "we take $g'(0) = 0$, the convention of PyTorch" in rendered


def test_bce_outside_its_domain_is_undefined_with_a_reason():
    text = """
problems:
  - id: p
    parts:
      - id: a
        kind: backprop
        layout: Wx
        loss: bce
        inputs: [1]
        targets: [1]
        layers:
          - {W: [[2]], b: [0], activation: identity}
"""
    _, solved = solve_only_part(text)
    assert isinstance(solved.answer, Undefined)
    assert "log(1 − ŷ)" in solved.answer.reason or "log ŷ" in solved.answer.reason
    assert "ŷ = 2" in solved.answer.reason


def test_parameter_gradient_steps_hold_the_sum_over_samples():
    _, solved = solve_only_part(USI_2024)
    grads = [step for step in solved.steps if isinstance(step, ParameterGradient)]
    assert [g.layer for g in grads] == [2, 1]
    assert grads[0].flat and grads[0].weight_gradient == _matrix([["-1.2445", "-0.2385"]])


def test_documents_render_in_both_formats():
    text = USI_2023.replace("loss: half_sse", "loss: half_sse\n        learning_rate: 0.1")
    solved = solve_set(load(text))
    for fmt in ("latex", "markdown"):
        document = render(solved, fmt)
        assert "2.38554" in document and r"\delta^{(1)}" in document
        assert r"W^{(1)}_{\text{new}}" in document


@pytest.mark.parametrize("fields, field, words", [
    ("targets: [1, 2], loss: half_sse", "targets", "expected 1×1 targets"),
    ("targets: [[1, 2]], loss: half_sse", "targets", "found a 1×2 matrix"),
    ("targets: 1, loss: hinge", "loss", "unknown loss 'hinge'"),
    ("targets: 1, loss: half_sse, learning_rate: -1", "learning_rate", "positive"),
    ("targets: 1, loss: half_sse, inputs: [1, 2, 3]", "layers", "the input has 3 features"),
])
def test_spec_errors_name_the_field_and_line(fields, field, words):
    base = {"layout": "Wx", "layers": "[{W: [[1, 1]], b: [0], activation: relu}]"}
    if "inputs:" not in fields:
        fields += ", inputs: [1, 2]"
    text = ("problems:\n  - id: p\n    parts:\n      - {id: a, kind: backprop, layout: "
            f"{base['layout']}, layers: {base['layers']}, {fields}}}\n")
    with pytest.raises(SpecErrors) as info:
        load(text)
    message = str(info.value)
    assert f"field '{field}'" in message and "t.yaml:4" in message and words in message


def test_targets_for_a_batch_of_multi_output_samples_are_rows():
    text = ("problems:\n  - id: p\n    parts:\n      - {id: a, kind: backprop, layout: Wx, "
            "layers: [{W: [[1, 0], [0, 1]], activation: identity}], loss: sse, "
            "inputs: [[1, 2], [3, 4], [5, 6]], targets: [[1, 2], [3, 4]]}\n")
    with pytest.raises(SpecErrors) as info:
        load(text)
    assert "expected 3×2 targets" in str(info.value)


def test_layers_without_bias_and_an_update_in_the_wx_layout():
    text = """
problems:
  - id: p
    parts:
      - id: a
        kind: backprop
        layout: Wx
        loss: mse
        learning_rate: 0.5
        inputs: [[1, 2], [-1, 0.5]]
        targets: [1, -1]
        layers:
          - {W: [[0.5, -1], [1, 1]], activation: tanh}
          - {W: [2, -1], activation: identity}
"""
    _, solved = solve_only_part(text)
    answer = solved.answer
    assert list(dict(answer.items)) == ["loss", "W1", "W2", "W1_new", "W2_new", "loss_new"]
    X = np.array([[1, 2], [-1, 0.5]])
    t = np.array([1, -1.0])
    W1, w2 = np.array([[0.5, -1], [1, 1]]), np.array([2, -1.0])

    def loss(W1, w2):
        return np.mean((np.tanh(X @ W1.T) @ w2 - t) ** 2)

    g1 = np.array([[(loss(W1 + H * e, w2) - loss(W1 - H * e, w2)) / (2 * H)
                    for e in np.eye(4)[2 * i:2 * i + 2].reshape(2, 2, 2)] for i in range(2)])
    g2 = np.array([(loss(W1, w2 + H * e) - loss(W1, w2 - H * e)) / (2 * H) for e in np.eye(2)])
    assert np.allclose(_floats(answer["W1"].value), g1, atol=1e-6)
    assert np.allclose(_floats(answer["W2"].value).ravel(), g2, atol=1e-6)
    new1, new2 = W1 - 0.5 * g1, w2 - 0.5 * g2
    assert np.allclose(_floats(answer["W1_new"].value), new1, atol=1e-6)
    assert _floats(answer["W2_new"].value).shape == (2, 1)
    assert np.allclose(_floats(answer["W2_new"].value).ravel(), new2, atol=1e-6)
    assert float(answer["loss_new"].value) == pytest.approx(loss(new1, new2), abs=1e-9)
