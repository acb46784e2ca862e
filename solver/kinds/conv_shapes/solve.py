"""Output shapes and parameter counts layer by layer: out = ⌊(in + 2·padding − size)/stride⌋
+ 1 per dimension, size_h·size_w·C_in·filters weights and one bias per filter for conv, no
parameters for pool, in·units weights and one bias per unit for dense."""

from __future__ import annotations

from math import prod

import sympy

from solver.answers import Answer, Named, Undefined, Value
from solver.kinds.conv_shapes.read import ConvShapesInputs, Layer, pair_text, shape_text
from solver.kinds.given import NOTHING, Given, NotCarried, number, numbers
from solver.steps import Solved, Step
from solver.steps.convolution import (
    ConvLayerShape,
    DenseLayerShape,
    PoolLayerShape,
    StackParameterTotal,
    TargetShapeCheck,
    WindowCount,
    WindowDoesNotTile,
    WindowTooLarge,
)

Matrix = sympy.ImmutableMatrix
AXES = ("height", "width")


def solve(inputs: ConvShapesInputs, given: Given = NOTHING) -> Solved:
    """The shapes and counts; ``given`` may supply any layer{i}, params{i} and the total
    ``parameters``."""
    shape: tuple[int, ...] = inputs.input
    steps: list[Step] = []
    shapes: list[tuple[str, Answer]] = []
    counts: list[tuple[str, Answer]] = []
    for index, layer in enumerate(inputs.layers, start=1):
        if layer.type == "dense":
            step = _dense(index, layer, shape)
        else:
            windows = tuple(window(axis, n, k, s, p) for axis, n, k, s, p in zip(
                AXES, shape[:2], layer.size, layer.stride, layer.padding, strict=True))
            if any(window.result < 1 for window in windows):
                padded = tuple(n + 2 * p for n, p in zip(shape[:2], layer.padding, strict=True))
                steps.append(WindowTooLarge(index=index, layer=layer.type, input_shape=shape,
                                            window=layer.size, padding=layer.padding,
                                            padded=padded))
                reason = (f"layer {index} ({layer.type} {shape_text(layer.size)}) does not "
                          f"fit a {shape_text(shape[:2])} input")
                if any(layer.padding):
                    reason += f" (padded to {shape_text(padded)})"
                return Solved(tuple(steps), Undefined(reason), tuple(shapes + counts))
            untiled = tuple(window for window in windows if window.uncovered)
            if inputs.tiling == "exact" and untiled:
                steps.append(WindowDoesNotTile(index=index, layer=layer.type,
                                               input_shape=shape, window=layer.size,
                                               stride=layer.stride, counts=untiled))
                return Solved(tuple(steps), Undefined(_untiled_reason(index, layer, shape,
                                                                      untiled)),
                              tuple(shapes + counts))
            step = _conv(index, layer, shape, windows) if layer.type == "conv" \
                else _pool(index, shape, windows)
        steps.append(step)
        before = (f"layer{index - 1}",) if index > 1 else ()
        own = Matrix([list(step.output_shape)])
        shown = given.take(f"layer{index}", own, after=before,
                           read=lambda value, layer=layer: _shape(value, layer))
        shape = step.output_shape if shown is own else tuple(int(n) for n in shown)
        shapes.append((f"layer{index}", Value(shown)))
        count = given.take(f"params{index}", step.parameters, after=before, read=_count)
        counts.append((f"params{index}", Value(count)))
    total = given.take("parameters", sympy.Integer(sum(int(count.value) for _, count in counts)),
                       after=tuple(name for name, _ in counts))
    steps.append(StackParameterTotal(counts=tuple(count.value for _, count in counts),
                                     result=total))
    results = shapes + [("parameters", Value(total))]
    if inputs.target is not None:
        reached = sympy.true if shape == inputs.target else sympy.false
        steps.append(TargetShapeCheck(output_shape=shape, target=inputs.target, result=reached))
        results.append(("reaches_target", Value(reached)))
    return Solved(tuple(steps), Named(tuple(results)), tuple(counts))


def _shape(value, layer: Layer) -> Matrix:
    """A student's output shape of ``layer``: [H, W, C], or [n] for a dense layer."""
    shape = numbers(value)
    length = 1 if layer.type == "dense" else 3
    if shape.shape != (1, length) or not all(entry.is_Integer and entry > 0 for entry in shape):
        raise NotCarried
    return shape


def _count(value) -> sympy.Integer:
    """A student's parameter count: a whole number ≥ 0."""
    count = number(value)
    if not (count.is_Integer and count >= 0):
        raise NotCarried
    return count


def _untiled_reason(index: int, layer: Layer, shape: tuple[int, ...],
                    untiled: tuple[WindowCount, ...]) -> str:
    """Which layer breaks the stack, and along which dimensions s ∤ n + 2p − k."""

    def span(window: WindowCount) -> str:
        padding = f" + 2·{window.padding}" if window.padding else ""
        return (f"{window.size}{padding} − {window.window} = {window.span} is not a multiple "
                f"of the stride {window.stride}")

    texts = [span(window) for window in untiled]
    if len(untiled) == 2 and texts[0] == texts[1]:
        where = texts[0] + " in both dimensions"
    else:
        where = "; ".join(f"{text} along the {window.axis}"
                          for text, window in zip(texts, untiled, strict=True))
    return (f"layer {index} ({layer.type} {shape_text(layer.size)}, stride "
            f"{pair_text(layer.stride)}) does not tile its {shape_text(shape[:2])} input: "
            f"{where}")


def window(axis: str, n: int, k: int, s: int, p: int) -> WindowCount:
    span = n + 2 * p - k
    return WindowCount(axis=axis, size=n, window=k, stride=s, padding=p, span=span,
                       uncovered=span % s if span >= 0 else 0, result=span // s + 1)


def _conv(index: int, layer: Layer, shape: tuple[int, ...],
          windows: tuple[WindowCount, ...]) -> ConvLayerShape:
    height, width = windows
    weights = sympy.Integer(layer.size[0] * layer.size[1] * shape[2] * layer.filters)
    biases = sympy.Integer(layer.filters if layer.bias else 0)
    return ConvLayerShape(index=index, input_shape=shape, height=height, width=width,
                          filters=layer.filters, bias=layer.bias,
                          output_shape=(height.result, width.result, layer.filters),
                          weights=weights, biases=biases, parameters=weights + biases)


def _pool(index: int, shape: tuple[int, ...], windows: tuple[WindowCount, ...]) -> PoolLayerShape:
    height, width = windows
    return PoolLayerShape(index=index, input_shape=shape, height=height, width=width,
                          output_shape=(height.result, width.result, shape[2]),
                          parameters=sympy.Integer(0))


def _dense(index: int, layer: Layer, shape: tuple[int, ...]) -> DenseLayerShape:
    n = prod(shape)
    weights = sympy.Integer(n * layer.units)
    biases = sympy.Integer(layer.units if layer.bias else 0)
    return DenseLayerShape(index=index, input_shape=shape, inputs=n, units=layer.units,
                           bias=layer.bias, output_shape=(layer.units,), weights=weights,
                           biases=biases, parameters=weights + biases)
