"""Forward passes checked against an independent numpy forward pass; the IN5400 handout
network pinned exactly; spec errors located."""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy

from solver.errors import SpecErrors
from solver.kinds import KINDS
from solver.render.document import render
from solver.solving import solve_set
from solver.steps.network import LayerForward, UnitForward
from tests.conftest import load, solve_only_part

RNG = np.random.default_rng(8)

HANDOUT = """
problems:
  - id: in5400
    parts:
      - id: a
        kind: forward_pass
        layout: xW
        input: [1, 3]
        layers:
          - {{W: [[2, 1, 3], [2, -1, 1]], b: [1, 0, -1], activation: {first}}}
          - {{W: [3, 1, 2], b: 1, activation: identity}}
"""


# -- an independent numpy forward pass ----------------------------------------------------

def _activation(text):
    table = {
        "identity": lambda z: z,
        "relu": lambda z: np.maximum(z, 0.0),
        "5 relu": lambda z: 5 * np.maximum(z, 0.0),
        "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z),
        "leaky_relu(0.2)": lambda z: np.where(z > 0, z, 0.2 * z),
        "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
        "tanh": np.tanh,
        "softmax": lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True),
    }
    return table[text]


def numpy_forward(spec):
    """(Z, A) per layer with one row per sample, from the spec as written."""
    x = np.array(spec["input"], dtype=float)
    A = x.reshape(1, -1) if x.ndim == 1 else x
    pre, post = [], []
    for layer in spec["layers"]:
        W = np.array(layer["W"], dtype=float)
        if W.ndim == 1:
            M = W.reshape(-1, 1)  # a single-output weight: w·a either way
        else:
            M = W.T if spec["layout"] == "Wx" else W
        Z = A @ M
        if "b" in layer:
            Z = Z + np.array(layer["b"], dtype=float).reshape(1, -1)
        A = _activation(layer["activation"])(Z)
        pre.append(Z)
        post.append(A)
    return pre, post


def _yaml(spec, kind="forward_pass", **extra):
    fields = {"id": "a", "kind": kind, "layout": spec["layout"], **extra,
              "layers": spec["layers"]}
    fields["input" if kind == "forward_pass" else "inputs"] = spec["input"]
    return "problems:\n  - id: p\n    parts:\n      - " + json.dumps(fields) + "\n"


def as_rows(value, layout):
    """An answer entry (layout orientation, 1×1 as a number) with one row per sample."""
    if isinstance(value, sympy.MatrixBase):
        array = np.array(value.evalf(30).tolist(), dtype=float)
        return array.T if layout == "Wx" else array
    return np.array([[float(value)]])


def _weights(rows, cols):
    return (RNG.integers(-12, 13, (rows, cols)) / 10).tolist()


def random_spec(layout, samples, sizes, activations, flat_last=False, scalar_bias=False,
                no_bias=()):
    layers = []
    for index, (n_in, n_out) in enumerate(zip(sizes, sizes[1:], strict=False)):
        last = index == len(sizes) - 2
        if last and flat_last and n_out == 1:
            W = _weights(1, n_in)[0]
        elif layout == "Wx":
            W = _weights(n_out, n_in)
        else:
            W = _weights(n_in, n_out)
        layer = {"W": W, "activation": activations[index]}
        if index not in no_bias:
            bias = (RNG.integers(-10, 11, n_out) / 10).tolist()
            layer["b"] = bias[0] if scalar_bias and last and n_out == 1 else bias
        layers.append(layer)
    inputs = (RNG.integers(-15, 16, (samples, sizes[0])) / 10).tolist()
    return {"layout": layout, "input": inputs[0] if samples == 1 else inputs, "layers": layers}


CASES = []
for layout in ("Wx", "xW"):
    for samples in (1, 3):
        CASES += [
            (layout, samples, [2, 3, 1], ["relu", "identity"], True, True, ()),
            (layout, samples, [3, 4, 2], ["tanh", "sigmoid"], False, False, ()),
            (layout, samples, [2, 2, 3], ["leaky_relu(0.2)", "softmax"], False, False, (1,)),
            (layout, samples, [4, 3, 2, 1], ["5 relu", "leaky_relu", "identity"], True, False,
             (0,)),
        ]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[1]}-{'-'.join(c[3])}")
def test_forward_pass_matches_numpy(case):
    layout, samples, sizes, acts, flat, scalar_bias, no_bias = case
    spec = random_spec(layout, samples, sizes, acts, flat, scalar_bias, no_bias)
    part, solved = solve_only_part(_yaml(spec))
    pre, post = numpy_forward(spec)
    named = dict(solved.answer.items)
    count = len(spec["layers"])
    for number in range(1, count + 1):
        assert np.allclose(as_rows(named[f"z{number}"].value, layout), pre[number - 1],
                           atol=1e-12)
        name = "yhat" if number == count else f"a{number}"
        assert np.allclose(as_rows(named[name].value, layout), post[number - 1], atol=1e-12)
    assert list(named) == [f"{p}{n}" for n in range(1, count) for p in "za"] + \
        [f"z{count}", "yhat"]


def test_handout_identity_network_gives_a1_9_minus2_5_and_36():
    _, solved = solve_only_part(HANDOUT.format(first="identity"))
    named = dict(solved.answer.items)
    assert named["a1"].value == sympy.ImmutableMatrix([[9, -2, 5]])
    assert named["yhat"].value == 36


def test_handout_relu_network_gives_a1_9_0_5_and_38():
    _, solved = solve_only_part(HANDOUT.format(first="relu"))
    named = dict(solved.answer.items)
    assert named["z1"].value == sympy.ImmutableMatrix([[9, -2, 5]])
    assert named["a1"].value == sympy.ImmutableMatrix([[9, 0, 5]])
    assert named["z2"].value == 38 and named["yhat"].value == 38


def test_handout_unit_lines_hold_the_products_as_in_the_handout():
    """a₁ = g(w₁₁x₁ + w₂₁x₂ + b₁) = g(9): weights w₁₁ = 2, w₂₁ = 2 (j input, k unit)."""
    _, solved = solve_only_part(HANDOUT.format(first="relu"))
    first = solved.steps[0]
    assert isinstance(first, LayerForward) and len(first.units) == 3
    unit = first.units[0]
    assert isinstance(unit, UnitForward)
    assert unit.indices == ((1, 1), (2, 1))
    assert unit.weights == (2, 2) and unit.inputs == (1, 3) and unit.bias == 1
    assert (unit.pre, unit.post) == (9, 9)
    second = first.units[1]
    assert (second.pre, second.post) == (-2, 0)
    output = solved.steps[1].units[0]
    assert output.indices == ((1,), (2,), (3,)) and output.single


def test_same_network_in_the_other_layout_gives_the_same_numbers():
    text = HANDOUT.format(first="relu").replace("layout: xW", "layout: Wx").replace(
        "[[2, 1, 3], [2, -1, 1]]", "[[2, 2], [1, -1], [3, 1]]")
    _, solved = solve_only_part(text)
    named = dict(solved.answer.items)
    assert named["a1"].value == sympy.ImmutableMatrix([9, 0, 5])
    assert named["yhat"].value == 38


def test_large_batches_switch_to_matrix_form():
    spec = random_spec("xW", 4, [2, 3, 1], ["relu", "identity"], True)
    _, solved = solve_only_part(_yaml(spec))
    first, second = solved.steps
    assert first.units == ()           # 4 samples × 3 units: matrix form
    assert len(second.units) == 4      # 4 samples × 1 unit: unit lines


def test_given_names_and_a_scalar_weight():
    part, solved = solve_only_part("""
        problems:
          - id: p
            given:
              W1: [[1, 2], [3, 4]]
              b1: [1, -1]
              w2: [1, 1]
            parts:
              - id: a
                kind: forward_pass
                layout: Wx
                input: [1, 1]
                layers:
                  - {W: W1, b: b1, activation: relu}
                  - {W: w2, b: 0.5, activation: identity}
                  - {W: 2, activation: identity}
        """)
    assert part.inputs.network.layers[1].flat
    named = dict(solved.answer.items)
    assert named["a1"].value == sympy.ImmutableMatrix([4, 6])
    assert named["a2"].value == sympy.Rational(21, 2)
    assert named["yhat"].value == 21
    assert part.decimal


def test_handout_part_solves():
    part, _ = solve_only_part(HANDOUT.format(first="relu"))
    solve = KINDS["forward_pass"].solve
    solve(part.inputs)


def test_documents_render_in_both_formats():
    spec = load(HANDOUT.format(first="relu"))
    solved = solve_set(spec)
    for fmt in ("latex", "markdown"):
        text = render(solved, fmt)
        assert "w^{(1)}_{11} x_{1}" in text and r"\operatorname{relu}\left(9\right) = 9" in text


LAYER_ERRORS = [
    ("layout: xW, input: [1, 3], layers: [{W: [[2, 1, 3], [2, -1, 1]], b: [1, 0, -1], "
     "activation: relu}, {W: [[3], [1]], activation: identity}]",
     "layer 2, W is 2×1 (inputs × outputs in the xW layout) but layer 1 has 3 outputs"),
    ("layout: Wx, input: [1, 3], layers: [{W: [[2, 1, 3], [2, -1, 1]], activation: relu}]",
     "layer 1, W is 2×3 (outputs × inputs in the Wx layout) but the input has 2 features"),
    ("layout: Wx, input: [1, 3], layers: [{W: [[2, 1, 3], [2, -1, 1]], activation: relu}]",
     "is the layout xW?"),
    ("layout: xW, input: [1, 3], layers: [{W: [[2, 1, 3], [2, -1, 1]], b: [1, 0], "
     "activation: relu}]", "layer 1, b has 2 entries but W gives 3 outputs"),
    ("layout: xW, input: [1, 3], layers: [{W: [[2, 1, 3], [2, -1, 1]], b: 1, "
     "activation: relu}]", "layer 1, b is a single number but W gives 3 outputs"),
    ("layout: xW, input: [1, 3], layers: [{W: [[2, 1, 3], [2, -1, 1]], activation: relu}, "
     "{W: [1, 2], activation: identity}]",
     "layer 2, W is a flat list of 2 weights (the weight of a single-output layer) but "
     "layer 1 has 3 outputs"),
    ("layout: xW, input: [1, 3], layers: [{W: [[2], [1]], bias: [1], activation: relu}]",
     "layer 1: unknown key 'bias' (did you mean 'b'?)"),
    ("layout: xW, input: [1, 3], layers: [{W: [[2], [1]], activation: rleu}]",
     "layer 1, activation: unknown activation 'rleu' (did you mean 'relu'?)"),
    ("layout: xW, input: [1, 3], layers: [{W: [[2], [1]]}]", "layer 1: missing 'activation'"),
    ("layout: xW, input: [1, 3], layers: [[1, 2]]", "layer 1 must be a mapping"),
    ("layout: xW, input: [1, 3], layers: []", "expected a list of layers"),
    ("layout: xW, input: [1, 3], layers: [{W: V, activation: relu}]", "'V'"),
]


@pytest.mark.parametrize("fields, words", LAYER_ERRORS)
def test_layer_errors_name_the_layer_the_field_and_the_line(fields, words):
    text = f"problems:\n  - id: p\n    parts:\n      - {{id: a, kind: forward_pass, {fields}}}\n"
    with pytest.raises(SpecErrors) as info:
        load(text)
    message = str(info.value)
    assert "field 'layers'" in message and "t.yaml:4" in message
    assert words in message


def test_a_layer_error_points_at_the_line_of_the_weight():
    text = """\
problems:
  - id: p
    parts:
      - id: a
        kind: forward_pass
        layout: xW
        input: [1, 3]
        layers:
          - W: [[2, 1, 3], [2, -1, 1]]
            activation: relu
          - W: [[3], [1]]
            activation: identity
"""
    with pytest.raises(SpecErrors) as info:
        load(text)
    assert "t.yaml:11" in str(info.value) and "layer 2, W is 2×1" in str(info.value)


@pytest.mark.parametrize("fields, field, words", [
    ("input: [1, 3], layers: [{W: [[1], [1]], activation: relu}]", None,
     "missing field 'layout'"),
    ("layout: wx, input: [1, 3], layers: [{W: [[1, 1]], activation: relu}]", "layout",
     "did you mean 'Wx'?"),
    ("layout: Wx, input: {a: 1}, layers: [{W: [[1, 1]], activation: relu}]", "input",
     "expected a number or a list"),
])
def test_other_spec_errors(fields, field, words):
    text = f"problems:\n  - id: p\n    parts:\n      - {{id: a, kind: forward_pass, {fields}}}\n"
    with pytest.raises(SpecErrors) as info:
        load(text)
    message = str(info.value)
    assert words in message and "t.yaml:4" in message
    if field:
        assert f"field '{field}'" in message
