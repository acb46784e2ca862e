"""Typical mistakes in counting parameters, each re-solved through the kind's own solve:
the biases left out (every layer without bias), and conv weights counted without the
input channels (each conv layer's count size_h·size_w·filters plus its biases)."""

from __future__ import annotations

from dataclasses import replace

from solver.answers import Named
from solver.kinds.conv_shapes.solve import solve
from solver.kinds.given import Given
from solver.steps.convolution import ConvLayerShape


def mistakes(inputs, solved, found) -> None:
    if not isinstance(solved.answer, Named):
        return
    unbiased = replace(inputs, layers=tuple(replace(layer, bias=False)
                                            for layer in inputs.layers))
    found.add("forgot_bias",
              "you left out the biases: each filter of a conv layer and each unit of a dense "
              "layer has one", solve(unbiased).answer["parameters"], "parameters")
    counts = {f"params{step.index}": step.weights // step.input_shape[2] + step.biases
              for step in solved.steps if isinstance(step, ConvLayerShape)}
    found.add("forgot_input_channels",
              "each filter spans all input channels: a conv layer has "
              "size × size × C_in × filters weights",
              solve(inputs, Given(counts)).answer["parameters"], "parameters")
