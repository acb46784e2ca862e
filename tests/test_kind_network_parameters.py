"""Parameter counts checked against PyTorch's parameter shapes written out here (the arrays
each module registers), PyTorch itself when installed, and a numpy closed form for random
dense stacks; shapes against brute-force window counts; the typical mistakes, error carried
forward through the checker, the CLI's verdicts and a PDF."""

from __future__ import annotations

import json
import random
import textwrap
from math import prod

import numpy as np
import pytest
from click.testing import CliRunner

from solver.answers import Named, Undefined
from solver.check.answerfile import answers_from_text
from solver.check.checker import check_file
from solver.check.mistakes import mistakes
from solver.cli import cli
from solver.kinds import KINDS
from solver.kinds.network_parameters import NetworkLayer, NetworkParametersInputs, solve
from solver.render.pdf import available_engine
from solver.solving import solve_set
from solver.spec.load import load_text
from tests.conftest import checked_key, example_spec, spec_error

# -- PyTorch's parameters, as the shapes of the arrays each module registers -----------------


def positions(n: int, k: int, s: int, p: int) -> int:
    """Window starts 0, s, 2s, … while the window stays inside the padded input."""
    count, start = 0, 0
    while start + k <= n + 2 * p:
        count, start = count + 1, start + s
    return count


def torch_arrays(layer: dict, shape: tuple[int, ...]):
    """(the parameter arrays' shapes, the output shape) as torch.nn registers them."""
    kind = layer["type"]
    if kind == "dense":
        n = prod(shape) if len(shape) == 3 else shape[-1]
        arrays = [(layer["units"], n)] + ([(layer["units"],)] if layer.get("bias", True) else [])
        return arrays, (layer["units"],) if len(shape) != 2 else (shape[0], layer["units"])
    if kind in ("conv", "pool"):
        k, s = layer.get("kernel", layer.get("size")), layer.get("stride")
        s = s or (1 if kind == "conv" else k)
        p = layer.get("padding", 0)
        h, w = (positions(n, k, s, p) for n in shape[1:])
        if kind == "pool":
            return [], (shape[0], h, w)
        arrays = [(layer["filters"], shape[0], k, k)]
        return arrays + ([(layer["filters"],)] if layer.get("bias", True) else []), \
            (layer["filters"], h, w)
    if kind == "batchnorm":  # weight, bias; running_mean and running_var are buffers
        c = shape[0] if len(shape) == 3 else shape[-1]
        return [(c,), (c,)], shape
    if kind == "layernorm":
        normalised = shape if len(shape) == 3 else shape[-1:]
        return [normalised, normalised], shape
    if kind == "embedding":
        return [(layer["vocab"], layer["dim"])], (shape[0], layer["dim"])
    if kind == "attention":  # in_proj_weight, in_proj_bias, out_proj.weight, out_proj.bias
        d = shape[1]
        bias = layer.get("bias", True)
        return [(3 * d, d), (d, d)] + ([(3 * d,), (d,)] if bias else []), shape
    if kind == "flatten":
        return [], (prod(shape),)
    return [], shape


def torch_counts(input_shape, layers):
    counts, shapes, shape = [], [], tuple(input_shape)
    for layer in layers:
        arrays, shape = torch_arrays(layer, shape)
        counts.append(sum(np.zeros(array).size for array in arrays))
        shapes.append(shape)
    return counts, shapes


def inputs_of(input_shape, layers) -> NetworkParametersInputs:
    built = []
    for layer in layers:
        fields = {key: value for key, value in layer.items() if key != "type"}
        for key in ("kernel", "stride", "padding"):
            if key in fields:
                fields[key] = (fields[key], fields[key])
        if "size" in fields:
            fields["kernel"] = (fields.pop("size"),) * 2
            fields.setdefault("stride", fields["kernel"])
        if layer["type"] == "conv":
            fields.setdefault("stride", (1, 1))
        built.append(NetworkLayer(layer["type"], **fields))
    return NetworkParametersInputs(tuple(input_shape), tuple(built))


def items(input_shape, layers) -> dict:
    return dict(solve(inputs_of(input_shape, layers)).answer.items)


NETWORKS = {
    "cnn": ((3, 32, 32), [{"type": "conv", "filters": 16, "kernel": 3, "padding": 1},
                          {"type": "batchnorm"}, {"type": "activation"},
                          {"type": "pool", "size": 2}, {"type": "conv", "filters": 32,
                                                        "kernel": 5, "stride": 2},
                          {"type": "flatten"}, {"type": "dense", "units": 10}]),
    "cnn without biases": ((1, 28, 28), [{"type": "conv", "filters": 8, "kernel": 3,
                                          "bias": False},
                                         {"type": "pool", "size": 3, "stride": 2},
                                         {"type": "dense", "units": 5, "bias": False}]),
    "transformer block": ((12,), [{"type": "embedding", "vocab": 500, "dim": 32},
                                  {"type": "attention", "heads": 4}, {"type": "layernorm"},
                                  {"type": "dense", "units": 64}, {"type": "dropout"},
                                  {"type": "dense", "units": 32}, {"type": "layernorm"},
                                  {"type": "flatten"}, {"type": "dense", "units": 3}]),
    "attention without bias": ((5, 16), [{"type": "attention", "heads": 2, "bias": False},
                                         {"type": "batchnorm"}]),
    "mlp with batch norm": ((20,), [{"type": "dense", "units": 30}, {"type": "batchnorm"},
                                    {"type": "dense", "units": 1}]),
    "image layer norm": ((2, 4, 4), [{"type": "layernorm"}, {"type": "dense", "units": 2}]),
}


@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_counts_and_shapes_match_pytorchs_parameter_arrays(name):
    shape, layers = NETWORKS[name]
    counts, shapes = torch_counts(shape, layers)
    found = items(shape, layers)
    for i, (count, out) in enumerate(zip(counts, shapes, strict=True), start=1):
        assert found[f"params{i}"].value == count, f"layer {i}"
        assert tuple(found[f"layer{i}"].value) == out, f"layer {i}"
    assert found["parameters"].value == sum(counts)


@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_counts_match_torch_itself(name):
    torch = pytest.importorskip("torch")
    nn = torch.nn
    shape, layers = NETWORKS[name]
    total, current = 0, tuple(shape)
    for layer in layers:
        kind = layer["type"]
        if kind == "dense":
            n = prod(current) if len(current) == 3 else current[-1]
            module = nn.Linear(n, layer["units"], bias=layer.get("bias", True))
        elif kind == "conv":
            module = nn.Conv2d(current[0], layer["filters"], layer["kernel"],
                               stride=layer.get("stride", 1), padding=layer.get("padding", 0),
                               bias=layer.get("bias", True))
        elif kind == "batchnorm":
            module = (nn.BatchNorm2d if len(current) == 3 else nn.BatchNorm1d)(
                current[0] if len(current) == 3 else current[-1])
        elif kind == "layernorm":
            module = nn.LayerNorm(list(current) if len(current) == 3 else current[-1])
        elif kind == "embedding":
            module = nn.Embedding(layer["vocab"], layer["dim"])
        elif kind == "attention":
            module = nn.MultiheadAttention(current[1], layer["heads"],
                                           bias=layer.get("bias", True))
        else:
            module = nn.Identity()
        total += sum(p.numel() for p in module.parameters())
        _, current = torch_arrays(layer, current)
    assert items(shape, layers)["parameters"].value == total


def test_random_dense_stacks_match_the_closed_form():
    """Σ nₗ₋₁nₗ + nₗ, as one numpy expression over the layer sizes."""
    rng = random.Random("dense")
    for _ in range(40):
        sizes = np.array([rng.randint(1, 300) for _ in range(rng.randint(2, 7))])
        layers = [{"type": "dense", "units": int(n)} for n in sizes[1:]]
        found = items((int(sizes[0]),), layers)
        assert found["parameters"].value == int(sizes[:-1] @ sizes[1:] + sizes[1:].sum())
        assert found[f"layer{len(layers)}"].value[0] == sizes[-1]


def test_a_784_128_10_perceptron():
    found = items((784,), [{"type": "dense", "units": 128}, {"type": "activation"},
                           {"type": "dense", "units": 10}])
    assert (found["params1"].value, found["params3"].value, found["parameters"].value) == \
        (100480, 1290, 101770)


def test_a_window_too_large_or_heads_that_do_not_divide_break_the_network():
    answer = solve(inputs_of((1, 5, 5), [{"type": "conv", "filters": 2, "kernel": 7}])).answer
    assert isinstance(answer, Undefined) and "does not fit" in answer.reason
    answer = solve(inputs_of((4, 10), [{"type": "attention", "heads": 3}])).answer
    assert isinstance(answer, Undefined) and "3 heads do not divide" in answer.reason
    answer = solve(inputs_of((4, 10), [{"type": "attention", "heads": 2, "d_model": 8}])).answer
    assert isinstance(answer, Undefined) and "d_model = 8" in answer.reason


# -- typical mistakes ---------------------------------------------------------------------


def found_mistakes(shape, layers) -> dict:
    inputs = inputs_of(shape, layers)
    return {(m.code, m.name): m.answer.value
            for m in mistakes("network_parameters", inputs, solve(inputs))}


def test_each_mistake_gives_the_count_it_describes():
    shape, layers = NETWORKS["cnn"]
    found = found_mistakes(shape, layers)
    right = items(shape, layers)["parameters"].value
    # conv 1: 3·3·3·16 + 16, conv 2: 5·5·16·32 + 32; batch norm 2·16; dense 32·6·6·10 + 10
    assert found["forgot_bias", "parameters"] == right - 16 - 32 - 10
    assert found["forgot_input_channels", "params1"] == 3 * 3 * 16 + 16
    assert found["forgot_input_channels", "parameters"] == \
        right - 3 * 3 * 2 * 16 - 5 * 5 * 15 * 32
    assert found["batchnorm_running_stats", "params2"] == 64
    assert found["batchnorm_running_stats", "parameters"] == right + 32
    block = found_mistakes(*NETWORKS["transformer block"])
    # 4 heads on d = 32: each head's projections 32 × 32 gives 3·4·32² + 4·32·32 weights
    assert block["attention_full_heads", "params2"] == 4 * 4 * 32 * 32 + 3 * 4 * 32 + 32
    assert block["forgot_bias", "params2"] == 4 * 32 * 32


def test_mistakes_that_coincide_with_the_right_count_are_not_reported():
    found = found_mistakes(*NETWORKS["cnn without biases"])
    assert not any(code == "forgot_bias" for code, _ in found)
    # one input channel: k·k·C·F = k·k·F
    assert not any(code == "forgot_input_channels" for code, _ in found)
    assert not any(code == "batchnorm_running_stats" for code, _ in found)
    one_head = found_mistakes((3, 8), [{"type": "attention", "heads": 1}])
    assert not any(code == "attention_full_heads" for code, _ in one_head)
    assert any(code == "forgot_bias" for code, _ in one_head)


# -- the checker: verdicts, error carried forward ------------------------------------------

SPEC = """\
title: Parameters
problems:
  - id: p
    parts:
      - id: a
        kind: network_parameters
        ecf: true
        input: [3, 32, 32]
        layers:
          - {type: conv, filters: 16, kernel: 3, padding: 1}
          - {type: batchnorm}
          - {type: pool, size: 2}
          - {type: dense, units: 10}
"""
# 448 + 32 + 0 + (16·16·16·10 + 10) = 41450


@pytest.mark.parametrize("key, answer, status, diagnosis", [
    ("p.a.parameters", "41450", "correct", None),
    ("p.a.parameters", "41424", "incorrect", "forgot_bias"),
    ("p.a.parameters", "41162", "incorrect", "forgot_input_channels"),
    ("p.a.parameters", "41482", "incorrect", "batchnorm_running_stats"),
    ("p.a.layer3", "[16, 16, 16]", "correct", None),
])
def test_check_verdicts_through_the_cli(tmp_path, key, answer, status, diagnosis):
    spec = tmp_path / "params.yaml"
    spec.write_text(SPEC)
    part = checked_key(spec, key, answer)
    assert (part["status"], part["diagnosis"]) == (status, diagnosis)


def verdicts(answers: dict, ecf: bool = True) -> dict:
    spec = SPEC if ecf else SPEC.replace("ecf: true", "ecf: false")
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    solved = solve_set(load_text(spec, "t.yaml"))
    return {v.key: v for v in check_file(solved, sheet, only_answered=True).verdicts}


@pytest.mark.parametrize("earlier, key, later, source", [
    # a 3×3 conv without padding would give 16×30×30; the pool then gives 16×15×15
    ({"p.a.layer1": "[16, 30, 30]"}, "p.a.layer3", "[16, 15, 15]", "layer1"),
    # the dense layer from the student's 16×15×15: 3600·10 + 10
    ({"p.a.layer3": "[16, 15, 15]"}, "p.a.params4", "36010", "layer3"),
    # the total from the student's count of the conv layer
    ({"p.a.params1": "432"}, "p.a.parameters", str(432 + 32 + 40970), "params1"),
    ({"p.a.weights1": "144"}, "p.a.params1", "160", "weights1"),
])
def test_a_later_value_from_the_students_earlier_one_is_correct_by_ecf(earlier, key, later,
                                                                        source):
    verdict = verdicts(earlier | {key: later})[key]
    assert (verdict.status, verdict.decided_by) == ("correct", "ecf"), verdict.reason
    assert source in verdict.reason
    assert verdicts(earlier | {key: later}, ecf=False)[key].status == "incorrect"


def test_an_earlier_shape_of_the_wrong_rank_carries_nothing():
    verdict = verdicts({"p.a.layer1": "[30, 30]", "p.a.layer3": "[15, 15]"})["p.a.layer3"]
    assert verdict.status != "correct"


# -- the spec --------------------------------------------------------------------------------


def test_the_example_solves():
    spec = example_spec("network_parameters")
    part = spec.problems[0].parts[0]
    answer = KINDS["network_parameters"].solve(part.inputs).answer
    assert isinstance(answer, Named) and answer["parameters"].value == 448 + 32 + 40970


@pytest.mark.parametrize("fields, words", [
    ("input: [0, 4], layers: [{type: dense, units: 2}]", "positive whole"),
    ("input: [1, 2, 3, 4], layers: [{type: dense, units: 2}]", "expected n"),
    ("input: 10, layers: [{type: conv, filters: 2, kernel: 3}]", "needs an image"),
    ("input: [3, 8, 8], layers: [{type: attention, heads: 2}]", "needs a sequence"),
    ("input: [4, 8], layers: [{type: embedding, vocab: 5, dim: 2}]", "needs a vector"),
    ("input: 10, layers: [{type: linear, units: 2}]", "did you mean 'dense'"),
    ("input: 10, layers: [{type: dense}]", "missing 'units'"),
    ("input: 10, layers: [{type: dense, units: 2, filters: 3}]", "has no 'filters'"),
    ("input: [1, 8, 8], layers: [{type: conv, filters: 2, size: 3}]", "use 'kernel'"),
    ("input: 10, layers: [{type: dropout, p: 1.5}]", "drop rate"),
    ("input: 10, layers: []", "non-empty list"),
])
def test_spec_errors_name_the_field(fields, words):
    message = spec_error("network_parameters", fields)
    assert "field 'layers'" in message or "field 'input'" in message
    assert words in message, message


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_worked_set_compiles_to_pdf(tmp_path):
    spec = tmp_path / "params.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Parameter counts
        problems:
          - id: p
            parts:
              - id: a
                kind: network_parameters
                input: [3, 32, 32]
                layers:
                  - {type: conv, filters: 16, kernel: 3, padding: 1}
                  - {type: batchnorm}
                  - {type: relu}
                  - {type: pool, size: 3, stride: 2}
                  - {type: flatten}
                  - {type: dense, units: 10}
              - {id: b, kind: network_parameters, input: 784,
                 layers: [{type: dense, units: 128}, {type: dropout, p: 0.5},
                          {type: dense, units: 10}]}
              - {id: c, kind: network_parameters, input: 20,
                 layers: [{type: embedding, vocab: 1000, dim: 64}, {type: attention, heads: 8},
                          {type: layernorm}, {type: dense, units: 256}]}
              - {id: d, kind: network_parameters, input: [1, 5, 5],
                 layers: [{type: conv, filters: 2, kernel: 7}]}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "params.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("rules, words", [
    ({}, r"3 \cdot 3 \cdot 3 \cdot 16 = 432"),
    ({"input_channels": False}, r"3 \cdot 3 \cdot 16 = 144"),
    ({"batchnorm_buffers": True}, r"\gamma &: 32"),
    ({"full_heads": True}, r"3 \cdot 8 \cdot 16 + 16 \cdot 8 = 512"),
])
def test_every_rule_renders(rules, words):
    from dataclasses import replace

    from solver.kinds.network_parameters import Rules
    from solver.render.document import render

    spec = SPEC.replace("input: [3, 32, 32]", "input: [4, 8]").split("layers:")[0] + \
        "layers: [{type: attention, heads: 2}]\n" if rules.get("full_heads") else SPEC
    solved = solve_set(load_text(spec, "t.yaml"))
    problem = solved.problems[0]
    entry = problem.parts[0]
    entry = replace(entry, solved=solve(entry.part.inputs, rules=Rules(**rules)))
    changed = replace(solved, problems=(replace(problem, parts=(entry,)),))
    for fmt in ("latex", "markdown"):
        assert words in render(changed, fmt)
