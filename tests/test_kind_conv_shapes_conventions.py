"""conv_shapes conventions: windows that do not tile their input (``tiling: floor`` rounds
down, ``tiling: exact`` makes the stack invalid) and dense stacks on a vector input, checked
against window positions counted with explicit loops and parameter counts of numpy arrays."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import textwrap
from itertools import pairwise

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from solver.answers import Named, Undefined, Value
from solver.check.answerfile import answers_from_text
from solver.check.checker import check_answer, check_file, expected_keys
from solver.cli import cli
from solver.errors import SpecErrors
from solver.kinds.conv_shapes import ConvShapesInputs, Layer, solve
from solver.render.document import render
from solver.solving import solve_set
from solver.spec.load import load_text
from solver.steps.convolution import (
    ConvLayerShape,
    DenseLayerShape,
    WindowDoesNotTile,
)
from tests.conftest import load

SPEC = """
title: Conventions for convolution shapes
problems:
  - id: cnn
    title: Stacks that do not tile
    parts:
      - id: floor
        kind: conv_shapes
        input: [8, 8, 3]
        layers:
          - {type: conv, size: 3, filters: 4, stride: 2}
          - {type: pool, size: 2, stride: [2, 1], padding: [1, 0]}
          - {type: dense, units: 10}
      - id: exact
        kind: conv_shapes
        tiling: exact
        input: [8, 8, 3]
        layers:
          - {type: conv, size: 3, filters: 4}
          - {type: conv, size: 3, filters: 4, stride: 2}
          - {type: dense, units: 10}
      - id: exact-ok
        kind: conv_shapes
        tiling: exact
        input: [9, 9, 3]
        layers:
          - {type: conv, size: 3, filters: 4, stride: 2}
          - {type: pool, size: [2, 3], stride: [2, 1], padding: [1, 0]}
  - id: mlp
    title: A plain MLP
    parts:
      - id: a
        kind: conv_shapes
        input: [784]
        layers:
          - {type: dense, units: 128}
          - {type: dense, units: 10}
        target: [10]
"""


def windows_by_loop(n: int, k: int, s: int, p: int) -> tuple[int, int]:
    """(window positions, rows of the padded input after the last window), by walking the
    window along the padded input one stride at a time."""
    count, start, end = 0, 0, 0
    while start + k <= n + 2 * p:
        count, end = count + 1, start + k
        start += s
    return count, n + 2 * p - end


def windows_by_numpy(n: tuple[int, int], k: tuple[int, int], s: tuple[int, int],
                     p: tuple[int, int]) -> tuple[int, int]:
    """Output height and width: one mark per window position on a padded array."""
    padded = np.zeros((n[0] + 2 * p[0], n[1] + 2 * p[1]))
    marks = np.zeros_like(padded, dtype=int)
    for i in range(0, padded.shape[0] - k[0] + 1, s[0]):
        for j in range(0, padded.shape[1] - k[1] + 1, s[1]):
            marks[i, j] = 1
    return int(marks.any(axis=1).sum()), int(marks.any(axis=0).sum())


def dense_parameters(n: int, units: int) -> int:
    return np.zeros((units, n)).size + np.zeros(units).size


def conv(size, filters, stride=(1, 1), padding=(0, 0)) -> Layer:
    return Layer("conv", tuple(size), tuple(stride), tuple(padding), filters=filters)


def pool(size, stride, padding=(0, 0)) -> Layer:
    return Layer("pool", tuple(size), tuple(stride), tuple(padding), bias=False)


def dense(units: int) -> Layer:
    return Layer("dense", units=units)


def run(shape, *layers, tiling="floor", target=None):
    return solve(ConvShapesInputs(tuple(shape), tuple(layers), target, tiling))


def shape_of(answer: Named, index: int) -> tuple[int, ...]:
    return tuple(int(n) for n in answer[f"layer{index}"].value)


def random_layer(rng: random.Random):
    n = (rng.randint(1, 30), rng.randint(1, 30))
    k = (rng.randint(1, 7), rng.randint(1, 7))
    s = (rng.randint(1, 4), rng.randint(1, 4))
    p = (rng.randint(0, 2), rng.randint(0, 2))
    if rng.random() < 0.5:
        return n, k, s, p, conv(k, 3, s, p)
    p = tuple(min(pi, ki // 2) for pi, ki in zip(p, k, strict=True))
    return n, k, s, p, pool(k, s, p)


# -- windows that do not tile ---------------------------------------------------------------

def test_floor_rounds_down_and_records_the_rows_left_over():
    rng = random.Random(231)
    untiled = 0
    for _ in range(500):
        n, k, s, p, layer = random_layer(rng)
        counted = [windows_by_loop(*args) for args in zip(n, k, s, p, strict=True)]
        solved = run((*n, 2), layer)
        if min(count for count, _ in counted) == 0:
            assert isinstance(solved.answer, Undefined)
            continue
        step = solved.steps[0]
        assert shape_of(solved.answer, 1)[:2] == tuple(c for c, _ in counted) \
            == windows_by_numpy(n, k, s, p)
        assert (step.height.uncovered, step.width.uncovered) == tuple(r for _, r in counted)
        untiled += any(r for _, r in counted)
    assert untiled > 150


def test_exact_rejects_exactly_the_layers_that_do_not_tile():
    rng = random.Random(5)
    rejected = accepted = 0
    for _ in range(500):
        n, k, s, p, layer = random_layer(rng)
        counted = [windows_by_loop(*args) for args in zip(n, k, s, p, strict=True)]
        if min(count for count, _ in counted) == 0:
            continue
        solved = run((*n, 2), layer, tiling="exact")
        if any(left for _, left in counted):
            rejected += 1
            assert isinstance(solved.answer, Undefined)
            assert solved.answer.reason.startswith(f"layer 1 ({layer.type} ")
            assert "does not tile" in solved.answer.reason
            (step,) = solved.steps
            assert isinstance(step, WindowDoesNotTile)
            assert [c.uncovered for c in step.counts] == [left for _, left in counted if left]
        else:
            accepted += 1
            assert shape_of(solved.answer, 1)[:2] == tuple(c for c, _ in counted)
            assert solved.answer == run((*n, 2), layer).answer
    assert rejected > 150 and accepted > 50


def test_exact_names_the_layer_where_the_stack_breaks():
    solved = run((8, 8, 3), conv((3, 3), 4), conv((3, 3), 4, (2, 2)), dense(10),
                 tiling="exact")
    assert solved.answer == Undefined(
        "layer 2 (conv 3×3, stride 2) does not tile its 6×6 input: 6 − 3 = 3 is not a "
        "multiple of the stride 2 in both dimensions")
    assert [type(step) for step in solved.steps] == [ConvLayerShape, WindowDoesNotTile]
    values = dict(solved.intermediates)
    assert values["layer1"] == Value(sympy.ImmutableMatrix([[6, 6, 4]]))
    assert values["params1"] == Value(3 * 3 * 3 * 4 + 4)
    assert "params2" not in values and "layer2" not in values
    floor = run((8, 8, 3), conv((3, 3), 4), conv((3, 3), 4, (2, 2)), dense(10))
    assert shape_of(floor.answer, 2) == (windows_by_loop(6, 3, 2, 0)[0],) * 2 + (4,)


def test_exact_reason_names_each_dimension_and_the_padding():
    solved = run((8, 9, 1), pool((3, 2), (2, 2), (1, 0)), tiling="exact")
    assert windows_by_loop(8, 3, 2, 1)[1] == 1 and windows_by_loop(9, 2, 2, 0)[1] == 1
    assert solved.answer.reason == (
        "layer 1 (pool 3×2, stride 2) does not tile its 8×9 input: 8 + 2·1 − 3 = 7 is not "
        "a multiple of the stride 2 along the height; 9 − 2 = 7 is not a multiple of the "
        "stride 2 along the width")
    only_width = run((9, 8, 1), conv((3, 3), 1, (2, 3)), tiling="exact")
    assert windows_by_loop(9, 3, 2, 0)[1] == 0 and windows_by_loop(8, 3, 3, 0)[1] == 2
    assert only_width.answer.reason.endswith("8 − 3 = 5 is not a multiple of the stride 3 "
                                             "along the width")


def test_a_window_too_large_is_reported_before_tiling():
    solved = run((4, 4, 1), conv((5, 5), 1, (2, 2)), tiling="exact")
    assert "does not fit" in solved.answer.reason


# -- a vector input -------------------------------------------------------------------------

def test_mlp_parameters_from_a_vector_input():
    solved = run((784,), dense(128), dense(10), target=(10,))
    answer = solved.answer
    assert shape_of(answer, 1) == (128,) and shape_of(answer, 2) == (10,)
    first, second = dense_parameters(784, 128), dense_parameters(128, 10)
    assert (first, second) == (784 * 128 + 128, 128 * 10 + 10) == (100480, 1290)
    assert dict(solved.intermediates) == {"params1": Value(first), "params2": Value(second)}
    assert answer["parameters"] == Value(101770) == Value(first + second)
    assert answer["reaches_target"] == Value(sympy.true)
    assert isinstance(solved.steps[0], DenseLayerShape) and solved.steps[0].inputs == 784


def test_vector_input_matches_the_same_stack_on_a_one_by_one_image():
    for n, units in [(784, (128, 10)), (3, (5,)), (100, (1, 1, 7))]:
        vector = run((n,), *(dense(u) for u in units)).answer["parameters"]
        image = run((1, 1, n), *(dense(u) for u in units)).answer["parameters"]
        widths = (n, *units)
        assert vector == image == Value(sum(dense_parameters(a, b)
                                            for a, b in pairwise(widths)))


# -- loading --------------------------------------------------------------------------------

def test_loaded_spec_reads_tiling_and_the_vector_input():
    spec = load(SPEC)
    floor, exact, _ = (part.inputs for part in spec.problems[0].parts)
    assert (floor.tiling, exact.tiling) == ("floor", "exact")
    (mlp,) = (part.inputs for part in spec.problems[1].parts)
    assert mlp.input == (784,) and mlp.target == (10,)


def spec_error(extra: str, layers: str = "[{type: dense, units: 4}]", shape: str = "[784]"):
    text = ("problems:\n  - id: p\n    parts:\n      - id: a\n        kind: conv_shapes\n"
            f"        input: {shape}\n        layers:\n"
            + textwrap.indent(layers, "          ") + "\n" + extra)
    with pytest.raises(SpecErrors) as caught:
        load_text(text, "t.yaml")
    (error,) = caught.value.errors
    return str(error), error.location.line


@pytest.mark.parametrize("extra, layers, shape, line, words", [
    ("        tiling: round\n", "- {type: dense, units: 4}", "[784]", 9,
     ["field 'tiling'", "expected floor or exact, found 'round'", "PyTorch", "CS231n"]),
    ("        tiling: Exact\n", "- {type: dense, units: 4}", "[784]", 9,
     ["did you mean 'exact'?"]),
    ("", "- {type: dense, units: 4}\n- {type: pool, size: 2}", "[8, 8, 3]", 9,
     ["layer 2", "(dense) outputs a flat vector"]),
    ("", "- {type: conv, size: 3, filters: 4}", "[784]", 8,
     ["layer 1", "a conv layer needs a height × width × channels input",
      "the input is a vector of 784 entries", "[28, 28, 1]"]),
    ("", "- {type: pool, size: 2}\n- {type: dense, units: 4}", "[16]", 8,
     ["layer 1", "a pool layer", "vector of 16 entries"]),
    ("", "- {type: dense, units: 4}", "[28, 28]", 6, ["field 'input'", "2 entries", "[n]"]),
])
def test_spec_errors_name_the_field_and_the_line(extra, layers, shape, line, words):
    message, found = spec_error(extra, layers, shape)
    assert found == line, message
    assert f"t.yaml:{line}" in message
    for word in words:
        assert word in message


def test_kinds_lists_the_tiling_field():
    result = CliRunner().invoke(cli, ["kinds", "conv_shapes"])
    assert result.exit_code == 0
    assert "tiling (optional): when the stride does not divide" in result.output
    assert "floor" in result.output and "exact" in result.output
    assert "[n] for a vector input" in result.output


# -- checking -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def solved_spec():
    return solve_set(load(SPEC))


def keys(solved) -> dict:
    return {expected.key: expected for expected in expected_keys(solved)}


@pytest.mark.parametrize("key, answer, status", [
    ("mlp.a.layer1", [128], "correct"),
    ("mlp.a.layer1", "[128]", "correct"),
    ("mlp.a.layer2", [10], "correct"),
    ("mlp.a.parameters", "101770", "correct"),
    ("mlp.a.parameters", "101632", "incorrect"),  # no biases: 784·128 + 128·10
    ("mlp.a.params1", "100480", "correct"),
    ("mlp.a.params2", "1290", "correct"),
    ("cnn.exact", "undefined", "correct"),
    ("cnn.exact", "invalid", "correct"),
    ("cnn.exact", "does not exist", "correct"),
    ("cnn.exact.layer1", [6, 6, 4], "correct"),
    ("cnn.exact.params1", "112", "correct"),
    ("cnn.floor.layer1", [3, 3, 4], "correct"),
    ("cnn.floor.layer1", [3.5, 3.5, 4], "incorrect"),
    ("cnn.floor.layer2", [2, 2, 4], "correct"),
    ("cnn.floor.parameters", str(112 + 16 * 10 + 10), "correct"),
    ("cnn.exact-ok.layer2", [3, 2, 4], "correct"),
])
def test_checker_accepts_the_right_answers(solved_spec, key, answer, status):
    verdict = check_answer(keys(solved_spec)[key], answer)
    assert verdict.status == status, verdict.reason


def test_mlp_without_biases_is_diagnosed(solved_spec):
    verdict = check_answer(keys(solved_spec)["mlp.a.parameters"], str(784 * 128 + 128 * 10))
    assert (verdict.status, verdict.diagnosis) == ("incorrect", "forgot_bias")


def test_a_shape_for_an_invalid_stack_is_wrong_and_told_why(solved_spec):
    verdict = check_answer(keys(solved_spec)["cnn.exact"], [2, 2, 4])
    assert verdict.status == "incorrect"
    assert "layer 2 (conv 3×3, stride 2) does not tile" in verdict.reason


def test_the_expected_shapes_follow_the_loop_counts():
    assert windows_by_loop(8, 3, 2, 0) == (3, 1)
    assert windows_by_loop(3, 2, 2, 1) == (2, 1) and windows_by_loop(3, 2, 1, 0) == (2, 0)
    assert windows_by_loop(9, 3, 2, 0) == (4, 0)
    assert windows_by_loop(4, 2, 2, 1) == (3, 0) and windows_by_loop(4, 3, 1, 0) == (2, 0)


ECF_SPEC = """
problems:
  - id: k
    parts:
      - id: c
        kind: conv_shapes
        input: [11, 11, 3]
        ecf: true
        tiling: TILING
        layers:
          - {type: conv, size: 3, filters: 4}
          - {type: conv, size: 3, filters: 2, stride: 2}
"""


@pytest.mark.parametrize("tiling, earlier, later, status", [
    # from the student's 12×12: (12 − 3)/2 does not tile; floor gives 5, the truth is 4
    ("floor", [12, 12, 4], [5, 5, 2], "correct"),
    ("exact", [12, 12, 4], [5, 5, 2], "incorrect"),
    # from the student's 13×13: (13 − 3)/2 + 1 = 6 tiles under both rules
    ("exact", [13, 13, 4], [6, 6, 2], "correct"),
])
def test_error_carried_forward_follows_the_tiling_rule(tiling, earlier, later, status):
    assert windows_by_loop(12, 3, 2, 0) == (5, 1) and windows_by_loop(13, 3, 2, 0) == (6, 0)
    assert windows_by_loop(9, 3, 2, 0)[0] == 4
    solved = solve_set(load(ECF_SPEC.replace("TILING", tiling)))
    sheet = answers_from_text(json.dumps({"answers": {"k.c.layer1": earlier,
                                                      "k.c.layer2": later}}), "a.json", "ada")
    verdicts = {v.key: v for v in check_file(solved, sheet, only_answered=True).verdicts}
    assert verdicts["k.c.layer2"].status == status, verdicts["k.c.layer2"].reason


# -- documents ------------------------------------------------------------------------------

def test_rendered_solutions_state_the_convention(solved_spec):
    for fmt in ("latex", "markdown"):
        text = " ".join(render(solved_spec, fmt).split())
        assert "so the window does not tile the input" in text
        assert "as PyTorch and Keras do" in text
        assert "CS231n calls such hyper-parameters invalid" in text
        assert "the windows start at $0, 2, 4$" in text
        assert "round the output size down, as PyTorch and Keras do" in text
        assert "A window must tile its input" in text
        assert "the stack breaks at layer 2" in text
        assert r"6 - 3 &= 3 = 1 \cdot 2 + 1" in text
        assert "An input vector of $784$ entries" in text
        assert r"784 \cdot 128 + 128 = 100480" in text
        assert r"100480 + 1290 = 101770" in text


def test_a_stack_that_tiles_states_no_convention():
    solved = solve_set(load(SPEC.replace("stride: 2}", "stride: 1}")))
    text = render(solved, "markdown")
    floor_part = text.split("### (b)")[0]  # parts floor, exact, exact-ok are lettered (a)-(c)
    assert "round the output size down" not in text and "does not tile" not in floor_part


@pytest.mark.tex
@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no TeX engine")
def test_the_pdf_shows_both_conventions_and_the_mlp(tmp_path):
    spec = tmp_path / "conv.yaml"
    spec.write_text(SPEC)
    done = subprocess.run([sys.executable, "-m", "solver", "solve", str(spec), "-o",
                           str(tmp_path)], capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    text = subprocess.run(["pdftotext", str(tmp_path / "conv.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())
    assert "so the window does not tile the input" in text
    assert "CS231n calls such hyper-parameters invalid" in text
    assert "These hyper-parameters are invalid: the stack breaks at layer 2" in text
    assert "does not tile its 6×6 input" in text
    assert "An input vector of 784 entries" in text
    assert "100480 + 1290 = 101770" in text
