"""Shapes and parameter counts layer by layer (PyTorch's conventions): dense n·units +
units, conv k_h·k_w·C·F + F with ⌊(n + 2p − k)/s⌋ + 1 positions per dimension, batch norm
2·features (running statistics are buffers), layer norm 2·features, embedding vocab·d,
attention 4d² + 4d, pool, flatten, dropout and activations none; then the total."""

from __future__ import annotations

from math import prod

import sympy

from solver.answers import Named, Undefined, Value
from solver.kinds.conv_shapes.solve import window
from solver.kinds.given import NOTHING, Given, NotCarried, number, numbers
from solver.kinds.network_parameters.read import NetworkLayer, NetworkParametersInputs
from solver.kinds.network_parameters.rules import PYTORCH, Rules
from solver.kinds.network_parameters.steps import (
    CountAttention,
    CountConv,
    CountDense,
    CountEmbedding,
    CountHeadsDoNotDivide,
    CountNoParameters,
    CountNorm,
    CountPool,
    CountReshape,
    CountWindowTooLarge,
)
from solver.steps import Solved, Step
from solver.steps.convolution import StackParameterTotal

Matrix = sympy.ImmutableMatrix
Integer = sympy.Integer
AXES = ("height", "width")


def solve(inputs: NetworkParametersInputs, given: Given = NOTHING,
          rules: Rules = PYTORCH) -> Solved:
    """The shapes and counts; ``given`` may supply any layer{i} (output shape), weights{i},
    biases{i}, params{i} and the total ``parameters``."""
    shape = inputs.input
    steps: list[Step] = []
    shapes: list[tuple[str, Value]] = []
    counts: list[tuple[str, Value]] = []
    parts: list[tuple[str, Value]] = []
    for index, layer in enumerate(inputs.layers, start=1):
        step = _layer(index, layer, shape, rules)
        steps.append(step)
        if isinstance(step, (CountWindowTooLarge, CountHeadsDoNotDivide)):
            return Solved(tuple(steps), Undefined(_broken(step)), tuple(shapes + counts + parts))
        before = (f"layer{index - 1}",) if index > 1 else ()
        own = Matrix([list(step.output_shape)])
        shown = given.take(f"layer{index}", own, after=before,
                           read=lambda value, own=own: _shape(value, own.cols))
        shape = step.output_shape if shown is own else tuple(int(n) for n in shown)
        shapes.append((f"layer{index}", Value(shown)))
        if hasattr(step, "weights"):
            weights = given.take(f"weights{index}", step.weights, after=before, read=_count)
            biases = given.take(f"biases{index}", step.biases, after=before, read=_count)
            parts += [(f"weights{index}", Value(weights)), (f"biases{index}", Value(biases))]
            count = given.take(f"params{index}", weights + biases,
                               after=(f"weights{index}", f"biases{index}"), read=_count)
        else:
            count = given.take(f"params{index}", step.parameters, read=_count)
        counts.append((f"params{index}", Value(count)))
    total = given.take("parameters", Integer(sum(int(count.value) for _, count in counts)),
                       after=tuple(name for name, _ in counts))
    steps.append(StackParameterTotal(counts=tuple(count.value for _, count in counts),
                                     result=total))
    per_layer = tuple(item for pair in zip(shapes, counts, strict=True) for item in pair)
    answer = Named(per_layer + (("parameters", Value(total)),))
    return Solved(tuple(steps), answer, tuple(parts))


def _shape(value, length: int) -> Matrix:
    """A student's output shape: a row of ``length`` positive whole numbers."""
    shape = numbers(value)
    if len(shape) != length or not all(entry.is_Integer and entry > 0 for entry in shape):
        raise NotCarried
    return Matrix([list(shape)])


def _count(value) -> sympy.Integer:
    """A student's count: a whole number ≥ 0."""
    count = number(value)
    if not (count.is_Integer and count >= 0):
        raise NotCarried
    return count


def _broken(step) -> str:
    if isinstance(step, CountWindowTooLarge):
        return (f"layer {step.index} ({step.layer} {step.window[0]}×{step.window[1]}) does "
                f"not fit its {step.input_shape[1]}×{step.input_shape[2]} input")
    if step.d_model is not None and step.d_model != step.width:
        return (f"layer {step.index} (attention with d_model = {step.d_model}) gets "
                f"{step.width} features per position")
    return (f"layer {step.index}: {step.heads} heads do not divide the {step.width} features "
            f"per position")


def _layer(index: int, layer: NetworkLayer, shape: tuple[int, ...], rules: Rules) -> Step:
    kind = layer.type
    if kind == "dense":
        return _dense(index, layer, shape)
    if kind in ("conv", "pool"):
        return _windowed(index, layer, shape, rules)
    if kind in ("batchnorm", "layernorm"):
        return _norm(index, kind, shape, rules)
    if kind == "embedding":
        weights = Integer(layer.vocab * layer.dim)
        return CountEmbedding(index=index, input_shape=shape, vocab=layer.vocab,
                              dim=layer.dim, output_shape=(shape[0], layer.dim),
                              weights=weights, biases=Integer(0), parameters=weights)
    if kind == "attention":
        return _attention(index, layer, shape, rules)
    if kind == "flatten":
        return CountReshape(index=index, input_shape=shape, output_shape=(prod(shape),),
                            parameters=Integer(0))
    return CountNoParameters(index=index, layer=kind, name=layer.name, input_shape=shape,
                             output_shape=shape, parameters=Integer(0))


def _dense(index: int, layer: NetworkLayer, shape: tuple[int, ...]) -> CountDense:
    flattened = len(shape) == 3
    n = prod(shape) if flattened else shape[-1]
    out = (layer.units,) if len(shape) != 2 else (shape[0], layer.units)
    weights = Integer(n * layer.units)
    biases = Integer(layer.units if layer.bias else 0)
    return CountDense(index=index, input_shape=shape, flattened=flattened, inputs=n,
                      units=layer.units, bias=layer.bias, output_shape=out, weights=weights,
                      biases=biases, parameters=weights + biases)


def _windowed(index: int, layer: NetworkLayer, shape: tuple[int, ...], rules: Rules) -> Step:
    channels, *spatial = shape
    height, width = (window(axis, n, k, s, p) for axis, n, k, s, p in zip(
        AXES, spatial, layer.kernel, layer.stride, layer.padding, strict=True))
    if height.result < 1 or width.result < 1:
        padded = tuple(n + 2 * p for n, p in zip(spatial, layer.padding, strict=True))
        return CountWindowTooLarge(index=index, layer=layer.type, input_shape=shape,
                                   window=layer.kernel, padded=padded)
    if layer.type == "pool":
        return CountPool(index=index, input_shape=shape, height=height, width=width,
                         output_shape=(channels, height.result, width.result),
                         parameters=Integer(0))
    spans = channels if rules.input_channels else 1
    weights = Integer(layer.kernel[0] * layer.kernel[1] * spans * layer.filters)
    biases = Integer(layer.filters if layer.bias else 0)
    return CountConv(index=index, input_shape=shape, height=height, width=width,
                     filters=layer.filters, bias=layer.bias, channels=rules.input_channels,
                     output_shape=(layer.filters, height.result, width.result),
                     weights=weights, biases=biases, parameters=weights + biases)


def _norm(index: int, kind: str, shape: tuple[int, ...], rules: Rules) -> CountNorm:
    if kind == "batchnorm":
        features = shape[0] if len(shape) == 3 else shape[-1]
    else:
        features = prod(shape) if len(shape) == 3 else shape[-1]
    buffers = Integer(2 * features if kind == "batchnorm" else 0)
    counted = rules.batchnorm_buffers and kind == "batchnorm"
    gamma = beta = Integer(features)
    if counted:  # the running mean with γ, the running variance with β
        gamma, beta = gamma + features, beta + features
    return CountNorm(index=index, norm=kind, input_shape=shape, features=features,
                     buffers=buffers, buffers_counted=counted, output_shape=shape,
                     weights=gamma, biases=beta, parameters=gamma + beta)


def _attention(index: int, layer: NetworkLayer, shape: tuple[int, ...],
               rules: Rules) -> Step:
    d, h = shape[1], layer.heads
    if d % h or (layer.d_model is not None and layer.d_model != d):
        return CountHeadsDoNotDivide(index=index, input_shape=shape, heads=h, width=d,
                                     d_model=layer.d_model)
    head = d if rules.full_heads else d // h
    projection = Integer(d * h * head)
    output = Integer(h * head * d)
    weights = 3 * projection + output
    biases = Integer(3 * h * head + d if layer.bias else 0)
    return CountAttention(index=index, input_shape=shape, heads=h, width=d, head_width=head,
                          bias=layer.bias, output_shape=shape, projection=projection,
                          output_projection=output, weights=weights, biases=biases,
                          parameters=weights + biases)
