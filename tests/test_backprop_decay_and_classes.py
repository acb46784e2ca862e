"""backprop with L2 weight decay (checked by finite differences of the decayed loss) and
with class-index targets (the same answer as one-hot rows)."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from solver.check.mistakes import mistakes
from solver.render.document import render
from solver.solving import solve_set
from tests.conftest import load, solve_only_part, spec_error
from tests.test_kind_backprop import NumpyNet, _floats, _yaml, canonical_weight, random_spec

DECAY = 0.3


class DecayedNet(NumpyNet):
    """L = L_data + (λ/2) Σ ‖M‖², biases not decayed."""

    def value(self, M=None, b=None):
        weights = M or self.M
        return super().value(M, b) + DECAY / 2 * sum(float(np.sum(m ** 2)) for m in weights)


CASES = [("Wx", 3, [2, 3, 2], ["tanh", "sigmoid"], "half_sse"),
         ("xW", 2, [3, 2, 3], ["relu", "softmax"], "cross_entropy"),
         ("Wx", 1, [2, 2, 1], ["sigmoid", "identity"], "mse")]


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case[-1]}-{case[0]}")
def test_weight_decay_matches_finite_differences_of_the_decayed_loss(case):
    layout, samples, sizes, acts, loss = case
    spec = random_spec(layout, samples, sizes, acts, loss)
    _, solved = solve_only_part(_yaml(spec, weight_decay=DECAY, learning_rate=0.1))
    reference = DecayedNet(spec, loss)
    answer, named = solved.answer, dict(solved.intermediates)
    assert float(answer["loss"].value) == pytest.approx(reference.value(), rel=1e-10)
    assert float(named["penalty"].value) == pytest.approx(
        DECAY / 2 * sum(float(np.sum(m ** 2)) for m in reference.M), rel=1e-12)
    grads, _, _ = NumpyNet.backward(reference)
    differences, bias_differences = reference.finite_differences()
    for index, layer in enumerate(spec["layers"]):
        exact = canonical_weight(answer[f"W{index + 1}"].value, layer, layout)
        assert np.allclose(exact, grads[index] + DECAY * reference.M[index], atol=1e-10)
        if not reference.near_kink():
            assert np.allclose(exact, differences[index], atol=1e-6)
            assert np.allclose(_floats(answer[f"b{index + 1}"].value).ravel(),
                               bias_differences[index], atol=1e-6)
    stepped = [m - 0.1 * (g + DECAY * m) for m, g in zip(reference.M, grads, strict=True)]
    new_bias = [b - 0.1 * g for b, g in zip(reference.b, NumpyNet.backward(reference)[1],
                                            strict=True)]
    assert float(answer["loss_new"].value) == pytest.approx(
        reference.value(M=stepped, b=new_bias), rel=1e-9)


def test_leaving_the_decay_out_of_the_gradient_is_named():
    spec = random_spec("Wx", 2, [2, 2, 1], ["tanh", "identity"], "half_sse")
    part, solved = solve_only_part(_yaml(spec, weight_decay=DECAY))
    found = mistakes(part.kind, part.inputs, solved)
    undecayed = solve_only_part(_yaml(spec))[1].answer
    codes = {(m.code, m.name) for m in found}
    assert ("weight_decay_left_out", "W1") in codes
    named = next(m for m in found if m.code == "weight_decay_left_out" and m.name == "W2")
    assert named.answer.value == undecayed["W2"].value
    _, plain = solve_only_part(_yaml(spec))
    part = solve_only_part(_yaml(spec))[0]
    assert not any(m.code == "weight_decay_left_out"
                   for m in mistakes(part.kind, part.inputs, plain))


@pytest.mark.parametrize("layout", ["Wx", "xW"])
def test_class_indices_are_one_hot_rows(layout):
    spec = random_spec(layout, 3, [2, 3, 3], ["relu", "identity"], "cross_entropy")
    classes = [int(np.argmax(row)) for row in spec["targets"]]
    indexed = copy.deepcopy(spec)
    indexed["targets"] = classes
    one_hot = solve_only_part(_yaml(spec))
    by_index = solve_only_part(_yaml(indexed))
    assert by_index[1].answer == one_hot[1].answer
    assert by_index[0].inputs.class_indices == tuple(classes)
    reference = NumpyNet(spec, "cross_entropy")
    assert float(by_index[1].answer["loss"].value) == pytest.approx(reference.value(),
                                                                    rel=1e-10)


def test_one_sample_class_index():
    spec = random_spec("Wx", 1, [2, 3], ["identity"], "cross_entropy")
    label = int(np.argmax(spec["targets"]))
    _, one_hot = solve_only_part(_yaml(spec))
    spec["targets"] = label
    _, solved = solve_only_part(_yaml(spec))
    assert solved.answer == one_hot.answer


def test_class_index_out_of_range_and_negative_decay_are_refused():
    layers = "layout: Wx, layers: [{W: [[1, 0], [0, 1], [1, 1]], activation: identity}]"
    text = spec_error("backprop", f"loss: cross_entropy, inputs: [[1, 2], [0, 1]], "
                                  f"targets: [3, 0], {layers}")
    assert "targets" in text and "from 0 to 2" in text
    text = spec_error("backprop", f"loss: cross_entropy, inputs: [[1, 2], [0, 1]], "
                                  f"targets: [2, 0], weight_decay: -1, {layers}")
    assert "weight_decay" in text and "λ ≥ 0" in text


def test_decay_renders_its_step():
    spec = random_spec("Wx", 2, [2, 2, 1], ["tanh", "identity"], "half_sse")
    document = render(solve_set(load(_yaml(spec, weight_decay=DECAY))), "latex")
    assert r"\lambda W^{(1)}" in document and "biases are not decayed" in document
