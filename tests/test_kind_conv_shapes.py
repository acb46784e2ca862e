"""Conv/pool/dense stacks: shapes against brute-force window counts, parameters against the
sizes of the weight and bias arrays, spec errors located at the layer and line."""

from __future__ import annotations

import random
import textwrap

import numpy as np
import pytest
import sympy
from numpy.lib.stride_tricks import sliding_window_view

from solver.answers import Named, Undefined, Value
from solver.errors import SpecErrors
from solver.kinds import KINDS
from solver.kinds.conv_shapes import KIND, ConvShapesInputs, Layer, solve
from solver.render.document import render
from solver.render.json_out import answer_json
from solver.solving import solve_set
from solver.spec.load import load_text
from solver.steps.convolution import (
    ConvLayerShape,
    DenseLayerShape,
    PoolLayerShape,
    WindowCount,
    WindowTooLarge,
)

HANDOUT = """
problems:
  - id: cnn
    parts:
      - id: a
        kind: conv_shapes
        input: [32, 32, 3]
        layers:
          - {type: conv, size: 5, filters: 8}
          - {type: pool, size: 2, stride: 2}
          - {type: conv, size: 5, filters: 32}
          - {type: pool, size: 2, stride: 2}
          - {type: conv, size: 2, filters: 64}
        target: [4, 4, 64]
"""


def positions(n: int, k: int, s: int, p: int) -> int:
    """Window starts 0, s, 2s, … while the window stays inside the padded input."""
    count, start = 0, 0
    while start + k <= n + 2 * p:
        count += 1
        start += s
    return count


def conv_parameters(kh: int, kw: int, c_in: int, filters: int, bias: bool = True) -> int:
    arrays = [np.zeros((filters, c_in, kh, kw))] + ([np.zeros(filters)] if bias else [])
    return sum(array.size for array in arrays)


def dense_parameters(n: int, units: int, bias: bool = True) -> int:
    arrays = [np.zeros((units, n))] + ([np.zeros(units)] if bias else [])
    return sum(array.size for array in arrays)


def conv(size, filters, stride=1, padding=0, bias=True) -> Layer:
    return Layer("conv", _pair(size), _pair(stride), _pair(padding), filters=filters, bias=bias)


def pool(size, stride=None, padding=0) -> Layer:
    return Layer("pool", _pair(size), _pair(size if stride is None else stride), _pair(padding),
                 bias=False)


def dense(units, bias=True) -> Layer:
    return Layer("dense", units=units, bias=bias)


def _pair(value) -> tuple[int, int]:
    return tuple(value) if isinstance(value, list | tuple) else (value, value)


def run(shape, *layers, target=None):
    return solve(ConvShapesInputs(tuple(shape), tuple(layers), target))


def load(text: str):
    return load_text(textwrap.dedent(text), "t.yaml")


def shape_of(answer: Named, index: int) -> tuple[int, ...]:
    return tuple(int(n) for n in answer[f"layer{index}"].value)


def load_error(layers: str, extra: str = "") -> tuple[str, int]:
    """Load one conv_shapes part (layers start on line 7); return (message, line)."""
    text = ("problems:\n  - id: p\n    parts:\n      - id: a\n        kind: conv_shapes\n"
            "        input: [16, 16, 3]\n" + textwrap.indent(layers.strip("\n"), "        ")
            + "\n" + extra)
    with pytest.raises(SpecErrors) as caught:
        load_text(text, "t.yaml")
    (error,) = caught.value.errors
    assert "field '" in str(error.location)
    return str(error), error.location.line


# -- the handout ----------------------------------------------------------------------------

def test_handout_architecture_pinned():
    part = load(HANDOUT).problems[0].parts[0]
    solved = KINDS[part.kind].solve(part.inputs)
    answer = solved.answer
    assert isinstance(answer, Named)
    assert [shape_of(answer, i) for i in range(1, 6)] == [
        (28, 28, 8), (14, 14, 8), (10, 10, 32), (5, 5, 32), (4, 4, 64)]
    assert answer["layer1"] == Value(sympy.ImmutableMatrix([[28, 28, 8]]))
    assert answer["parameters"] == Value(sympy.Integer(15296))
    assert answer["reaches_target"] == Value(sympy.true)
    assert dict(solved.intermediates) == {
        "params1": Value(608), "params2": Value(0), "params3": Value(6432),
        "params4": Value(0), "params5": Value(8256)}
    assert [name for name, _ in answer.items][-2:] == ["parameters", "reaches_target"]


def test_handout_parameters_by_array_sizes():
    counts = [conv_parameters(5, 5, 3, 8), conv_parameters(5, 5, 8, 32),
              conv_parameters(2, 2, 32, 64)]
    assert counts == [608, 6432, 8256] and sum(counts) == 15296


def test_handout_formula_is_wrong_for_stride_two():
    """The printed (input − kernel + 1)/stride holds for stride 1 only; ours counts windows."""
    for n, k, s in [(28, 2, 2), (10, 2, 2), (32, 4, 4), (7, 3, 2), (9, 3, 3)]:
        count = run((n, n, 1), pool(k, s)).answer["layer1"].value[0]
        assert count == (n - k) // s + 1 == positions(n, k, s, 0)
        assert count != sympy.Rational(n - k + 1, s)
    for n, k in [(32, 5), (14, 5), (5, 2)]:
        count = run((n, n, 1), conv(k, 1)).answer["layer1"].value[0]
        assert count == n - k + 1 == positions(n, k, 1, 0)


def test_target_not_reached():
    answer = run((32, 32, 3), conv(5, 8), pool(2), target=(5, 5, 8)).answer
    assert answer["reaches_target"] == Value(sympy.false)
    assert shape_of(answer, 2) == (14, 14, 8)


# -- window counts against brute force ------------------------------------------------------

def test_random_output_sizes_match_window_positions():
    rng = random.Random(5400)
    checked = 0
    for _ in range(400):
        n = (rng.randint(1, 40), rng.randint(1, 40))
        k = (rng.randint(1, 12), rng.randint(1, 12))
        s = (rng.randint(1, 5), rng.randint(1, 5))
        p = (rng.randint(0, 4), rng.randint(0, 4))
        layer = conv(k, 3, s, p) if rng.random() < 0.5 else pool(k, s, p)
        solved = run((*n, 2), layer)
        expected = tuple(positions(*args) for args in zip(n, k, s, p, strict=True))
        if min(expected) == 0:
            assert isinstance(solved.answer, Undefined)
            assert isinstance(solved.steps[-1], WindowTooLarge)
            continue
        checked += 1
        channels = 3 if layer.type == "conv" else 2
        assert shape_of(solved.answer, 1) == (*expected, channels)
        step = solved.steps[0]
        for count, args in zip((step.height, step.width), zip(n, k, s, p, strict=True),
                               strict=True):
            n_, k_, s_, p_ = args
            assert count.uncovered == (n_ + 2 * p_ - k_) % s_
    assert checked > 250


def test_sizes_match_numpy_sliding_windows():
    rng = random.Random(11)
    for _ in range(100):
        n = (rng.randint(6, 30), rng.randint(6, 30))
        k = (rng.randint(1, 3), rng.randint(1, 6))
        s = (rng.randint(1, 4), rng.randint(1, 4))
        p = (rng.randint(0, 3), rng.randint(0, 3))
        padded = np.pad(np.zeros(n), ((p[0], p[0]), (p[1], p[1])))
        windows = sliding_window_view(padded, k)[::s[0], ::s[1]]
        answer = run((*n, 1), conv(list(k), 1, list(s), list(p))).answer
        assert shape_of(answer, 1) == (*windows.shape[:2], 1)


@pytest.mark.parametrize("n, k, s, p, out, uncovered", [
    (8, 3, 2, 0, 3, 1),
    (8, 3, 2, 1, 4, 1),
    (10, 3, 3, 0, 3, 1),
    (11, 4, 3, 0, 3, 1),
    (13, 2, 4, 0, 3, 3),
    (7, 3, 2, 0, 3, 0),
])
def test_non_divisible_stride_rounds_down_and_says_so(n, k, s, p, out, uncovered):
    step = run((n, n, 1), conv(k, 1, s, p)).steps[0]
    assert (step.height.result, step.height.uncovered) == (out, uncovered)
    assert out == positions(n, k, s, p)


@pytest.mark.parametrize("n, k, p", [(32, 3, 1), (32, 5, 2), (7, 7, 3), (28, 1, 0), (9, 3, 1)])
def test_same_style_padding_keeps_the_size(n, k, p):
    answer = run((n, n, 4), conv(k, 6, 1, p)).answer
    assert shape_of(answer, 1) == (n, n, 6) == (positions(n, k, 1, p),) * 2 + (6,)


def test_rectangular_kernel_and_same_style_padding():
    answer = run((20, 30, 3), conv([3, 5], 10, 1, [1, 2])).answer
    assert shape_of(answer, 1) == (20, 30, 10)
    assert answer["parameters"] == Value(conv_parameters(3, 5, 3, 10))
    answer = run((20, 30, 3), conv([3, 5], 10, [2, 1])).answer
    assert shape_of(answer, 1) == (positions(20, 3, 2, 0), positions(30, 5, 1, 0), 10)


# -- parameters against array sizes ---------------------------------------------------------

def test_random_conv_parameters_match_array_sizes():
    rng = random.Random(3)
    for _ in range(100):
        kh, kw, c, f = (rng.randint(1, 7), rng.randint(1, 7), rng.randint(1, 64),
                        rng.randint(1, 128))
        bias = rng.random() < 0.7
        solved = run((kh + 5, kw + 5, c), conv([kh, kw], f, bias=bias))
        assert solved.answer["parameters"] == Value(conv_parameters(kh, kw, c, f, bias))
        assert dict(solved.intermediates)["params1"] == Value(conv_parameters(kh, kw, c, f,
                                                                              bias))


def test_dense_after_conv_flattens():
    solved = run((28, 28, 1), conv(3, 4), pool(2), dense(10), dense(3, bias=False))
    answer = solved.answer
    assert shape_of(answer, 1) == (26, 26, 4)
    assert shape_of(answer, 2) == (13, 13, 4)
    assert shape_of(answer, 3) == (10,) and shape_of(answer, 4) == (3,)
    flat = solved.steps[2]
    assert isinstance(flat, DenseLayerShape) and flat.inputs == 13 * 13 * 4
    params = dict(solved.intermediates)
    assert params["params3"] == Value(dense_parameters(13 * 13 * 4, 10))
    assert params["params4"] == Value(dense_parameters(10, 3, bias=False))
    assert answer["parameters"] == Value(conv_parameters(3, 3, 1, 4)
                                         + dense_parameters(676, 10)
                                         + dense_parameters(10, 3, bias=False))


def test_dense_target_is_a_vector():
    answer = run((4, 4, 2), dense(5), target=(5,)).answer
    assert answer["reaches_target"] == Value(sympy.true)
    assert answer["parameters"] == Value(dense_parameters(32, 5))


def test_pool_keeps_channels_and_has_no_parameters():
    solved = run((9, 9, 7), pool(3, 2, 1))
    step = solved.steps[0]
    assert isinstance(step, PoolLayerShape)
    assert step.output_shape == (positions(9, 3, 2, 1),) * 2 + (7,)
    assert solved.answer["parameters"] == Value(0)


# -- a stack that breaks --------------------------------------------------------------------

def test_a_layer_that_does_not_fit_is_the_answer():
    solved = run((12, 12, 3), conv(5, 8), pool(2), conv(5, 16), dense(10))
    assert solved.answer == Undefined("layer 3 (conv 5×5) does not fit a 4×4 input")
    assert [type(step) for step in solved.steps] == [ConvLayerShape, PoolLayerShape,
                                                     WindowTooLarge]
    assert dict(solved.intermediates)["params1"] == Value(608)
    assert "params3" not in dict(solved.intermediates)


def test_padding_is_named_when_the_window_still_does_not_fit():
    solved = run((4, 4, 1), conv(7, 1, padding=1))
    assert solved.answer == Undefined("layer 1 (conv 7×7) does not fit a 4×4 input "
                                      "(padded to 6×6)")
    assert positions(4, 7, 1, 1) == 0


def test_a_pool_window_that_does_not_fit():
    solved = run((3, 8, 2), pool([4, 2]))
    assert isinstance(solved.answer, Undefined)
    assert "layer 1 (pool 4×2)" in solved.answer.reason
    assert solved.steps[0].window == (4, 2)


# -- loading --------------------------------------------------------------------------------

def test_loaded_spec_with_rectangles_bias_and_given():
    spec = load("""
        problems:
          - id: p
            given: {k: 3, X: [30, 20, 3]}
            parts:
              - id: a
                kind: conv_shapes
                input: X
                layers:
                  - {type: conv, size: [k, 5], filters: 4, stride: [2, 1], padding: [1, 2],
                     bias: false}
                  - {type: pool, size: 2}
                  - {type: dense, units: 10}
                target: [10]
    """)
    part = spec.problems[0].parts[0]
    layer = part.inputs.layers[0]
    assert (layer.size, layer.stride, layer.padding, layer.bias) == ((3, 5), (2, 1), (1, 2),
                                                                     False)
    assert part.inputs.layers[1].stride == (2, 2)
    answer = KINDS[part.kind].solve(part.inputs).answer
    h, w = positions(30, 3, 2, 1), positions(20, 5, 1, 2)
    assert shape_of(answer, 1) == (h, w, 4)
    assert answer["parameters"] == Value(conv_parameters(3, 5, 3, 4, bias=False)
                                         + dense_parameters((h // 2) * (w // 2) * 4, 10))
    assert answer["reaches_target"] == Value(sympy.true)


def test_kind_example_loads_and_solves():
    text = "problems:\n  - id: p\n    parts:\n      - " + KIND.example.replace("\n", "\n        ")
    part = load_text(text, "t.yaml").problems[0].parts[0]
    assert KINDS["conv_shapes"].solve(part.inputs).answer["parameters"] == Value(15296)


@pytest.mark.parametrize("layers, line, words", [
    ("layers:\n  - {type: conv, size: 3, filters: 4}\n  - {type: conv2d, size: 3, filters: 4}",
     9, ["layer 2", "unknown layer type 'conv2d'", "did you mean 'conv'?"]),
    ("layers:\n  - {type: fc, units: 4}", 8, ["layer 1", "'fc'", "did you mean 'dense'?"]),
    ("layers:\n  - {size: 3, filters: 4}", 8, ["layer 1", "missing 'type'"]),
    ("layers:\n  - {type: flatten}", 8, ["layer 1", "a dense layer flattens its input"]),
    ("layers:\n  - {type: pool, size: 2}\n  - {type: conv, size: 3}",
     9, ["layer 2", "missing 'filters'"]),
    ("layers:\n  - {type: dense}", 8, ["layer 1", "missing 'units'"]),
    ("layers:\n  - {type: conv, size: 0, filters: 4}",
     8, ["layer 1", "'size'", "positive whole number", "found 0"]),
    ("layers:\n  - {type: conv, size: [3, -1], filters: 4}", 8, ["layer 1", "'size'", "-1"]),
    ("layers:\n  - {type: conv, size: 3, filters: 2.5}", 8, ["layer 1", "'filters'", "2.5"]),
    ("layers:\n  - {type: conv, size: 3, filters: 4, stride: 0}", 8, ["layer 1", "'stride'"]),
    ("layers:\n  - {type: conv, size: 3, filters: 4, padding: -1}",
     8, ["layer 1", "'padding'", "≥ 0"]),
    ("layers:\n  - {type: conv, size: 3, filters: 4, padding: same}",
     8, ["layer 1", "'padding'", "'same'", "(k − 1)/2"]),
    ("layers:\n  - {type: conv, size: [3, 3, 3], filters: 4}", 8, ["layer 1", "[height, width]"]),
    ("layers:\n  - type: conv\n    size: 3\n    filters: 4\n    strid: 2",
     11, ["layer 1", "unknown key 'strid'", "did you mean 'stride'?"]),
    ("layers:\n  - {type: pool, size: 2, filters: 4}", 8, ["layer 1", "pool layer has no "
                                                          "'filters'"]),
    ("layers:\n  - {type: conv, size: 3, filters: 4, bias: no-bias}",
     8, ["layer 1", "'bias'", "true or false"]),
    ("layers:\n  - {type: pool, size: 2, padding: 2}", 8, ["layer 1", "at most half"]),
    ("layers:\n  - {type: dense, units: 4}\n  - {type: pool, size: 2}",
     9, ["layer 2", "layer 1 (dense) outputs a flat vector"]),
    ("layers: {type: conv}", 7, ["non-empty list of layers"]),
    ("layers:\n  - conv", 8, ["layer 1", "expected a mapping"]),
    ("layers:\n  - {type: dense, units: 4}\ntarget: [4, 4]", 9, ["'target'", "2 entries"]),
])
def test_spec_errors_name_the_layer_and_the_line(layers, line, words):
    message, found_line = load_error(layers)
    assert found_line == line, message
    assert f"t.yaml:{line}" in message
    for word in words:
        assert word in message


def test_input_must_be_three_positive_whole_numbers():
    text = HANDOUT.replace("input: [32, 32, 3]", "input: [32, 0, 3]")
    with pytest.raises(SpecErrors) as caught:
        load(text)
    assert "field 'input'" in str(caught.value) and "positive whole numbers" in str(caught.value)
    text = HANDOUT.replace("input: [32, 32, 3]", "input: [32, 32]")
    with pytest.raises(SpecErrors) as caught:
        load(text)
    assert "t.yaml:7" in str(caught.value) and "2 entries" in str(caught.value)


# -- output ---------------------------------------------------------------------------------

def test_json_answer_lists_shapes_and_total():
    answer = run((32, 32, 3), conv(5, 8), pool(2)).answer
    assert answer_json(answer) == {"layer1": [["28", "28", "8"]], "layer2": [["14", "14", "8"]],
                                   "parameters": "608"}


def test_rendered_steps_read_like_the_handout():
    spec = load(HANDOUT + """
      - id: b
        kind: conv_shapes
        input: [8, 8, 3]
        layers:
          - {type: conv, size: 3, filters: 4, stride: 2, padding: 1}
          - {type: pool, size: 2}
          - {type: conv, size: 5, filters: 2}
          - {type: dense, units: 10}
      - id: c
        kind: conv_shapes
        input: [5, 5, 32]
        layers: [{type: dense, units: 10}]
    """)
    solved = solve_set(spec)
    for fmt in ("latex", "markdown"):
        text = render(solved, fmt)
        assert r"(32 - 5 + 1) \times (32 - 5 + 1) \times 8 = 28 \times 28 \times 8" in text
        assert r"5 \cdot 5 \cdot 3 \cdot 8 + 8 = 608" in text
        assert r"\left(\frac{28 - 2}{2} + 1\right)" in text
        assert r"608 + 0 + 6432 + 0 + 8256 = 15296" in text
        assert "rounded down" in text and "PyTorch and Keras" in text
        assert r"\left\lfloor \frac{8 + 2 \cdot 1 - 3}{2} \right\rfloor + 1" in text
        assert "layer 3 (conv 5×5) does not fit a 2×2 input" in text
        assert r"5 \cdot 5 \cdot 32 = 800" in text and r"800 \cdot 10 + 10 = 8010" in text


def test_window_count_records_its_inputs():
    step = run((8, 8, 1), conv(3, 1, 2)).steps[0].height
    assert step == WindowCount(axis="height", size=8, window=3, stride=2, padding=0, span=5,
                               uncovered=1, result=3)
