"""Output shapes and parameter counts of a stack of conv, pool and dense layers.

Each conv or pool layer counts window positions per dimension,
out = ⌊(in + 2·padding − size)/stride⌋ + 1. When the stride does not divide
in + 2·padding − size the window does not tile the input: with ``tiling: floor`` (the
default) the count is rounded down as PyTorch and Keras do; with ``tiling: exact`` (the
CS231n rule) the layer is invalid. A conv layer has size_h·size_w·C_in·filters weights and
one bias per filter, a pool layer keeps the channels and has no parameters, a dense layer
flattens its input. The input is [height, width, channels], or [n] for a vector that only
dense layers take. A window larger than its padded input, or one that does not tile it
under ``exact``, ends the stack: the answer says where it breaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import prod

import sympy

from solver.answers import Answer, Named, Undefined, Value
from solver.kinds.base import Field, Kind, Without
from solver.plural import plural
from solver.spec.reader import PartReader, did_you_mean
from solver.spec.yamlsource import YMap, YNode, YScalar, YSeq, node_kind
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

MAX_LAYERS = 100
LAYER_KEYS = {
    "conv": ("type", "size", "filters", "stride", "padding", "bias"),
    "pool": ("type", "size", "stride", "padding"),
    "dense": ("type", "units", "bias"),
}
SYNONYMS = {"fc": "dense", "linear": "dense", "fully_connected": "dense",
            "fullyconnected": "dense"}
AXES = ("height", "width")
TILINGS = ("floor", "exact")


@dataclass(frozen=True)
class Layer:
    """One layer as written: conv and pool have size, stride, padding; dense has units."""

    type: str  # conv | pool | dense
    size: tuple[int, int] | None = None
    stride: tuple[int, int] | None = None
    padding: tuple[int, int] = (0, 0)
    filters: int | None = None
    units: int | None = None
    bias: bool = True


@dataclass(frozen=True)
class ConvShapesInputs:
    """The input shape, (H, W, C) or (n,) for a vector, the layers, an optional target,
    and what a window that does not tile its input means: ``floor`` or ``exact``."""

    input: tuple[int, ...]
    layers: tuple[Layer, ...]
    target: tuple[int, ...] | None
    tiling: str = "floor"


# -- reading --------------------------------------------------------------------------------

def read(r: PartReader) -> ConvShapesInputs:
    shape = _shape(r, "input", (3, 1), "[height, width, channels] (or [n] for a vector "
                                        "input to dense layers)")
    node = r.get("layers")
    if not isinstance(node, YSeq) or not node.items:
        raise r.error("layers", f"expected a non-empty list of layers, found {node_kind(node)}")
    if len(node.items) > MAX_LAYERS:
        raise r.error("layers", f"at most {MAX_LAYERS} layers, found {len(node.items)}")
    layers: list[Layer] = []
    for index, item in enumerate(node.items, start=1):
        layer = _layer(r, index, item)
        if layer.type != "dense" and layers and layers[-1].type == "dense":
            raise r.error("layers", f"layer {index}: a {layer.type} layer needs a "
                                    f"height × width × channels input, but layer {index - 1} "
                                    "(dense) outputs a flat vector", line=item.line)
        if layer.type != "dense" and not layers and len(shape) == 1:
            raise r.error("layers", f"layer {index}: a {layer.type} layer needs a "
                                    "height × width × channels input, but the input is a "
                                    f"vector of {shape[0]} entries",
                          "write the input as [height, width, channels], e.g. [28, 28, 1]",
                          line=item.line)
        layers.append(layer)
    target = None
    if r.has("target"):
        target = _shape(r, "target", (3, 1), "[height, width, channels] (or [units] after a "
                                             "dense layer)")
    return ConvShapesInputs(shape, tuple(layers), target, _tiling(r))


def _tiling(r: PartReader) -> str:
    text = r.text("tiling", "floor")
    if text not in TILINGS:
        raise r.error("tiling", f"expected floor or exact, found {text!r}",
                      did_you_mean(text.lower(), TILINGS)
                      or "floor: round the output size down (PyTorch, Keras); exact: a window "
                         "that does not tile its input is invalid (CS231n)")
    return text


def _layer(r: PartReader, index: int, node: YNode) -> Layer:
    where = f"layer {index}"
    if not isinstance(node, YMap):
        raise r.error("layers", f"{where}: expected a mapping such as {{type: conv, size: 3, "
                                f"filters: 16}}, found {node_kind(node)}", line=node.line)
    kind = node.items.get("type")
    if kind is None:
        raise r.error("layers", f"{where}: missing 'type' (conv, pool or dense)", line=node.line)
    if not isinstance(kind, YScalar):
        raise r.error("layers", f"{where}: 'type' must be conv, pool or dense, found "
                                f"{node_kind(kind)}", line=node.key_lines["type"])
    if kind.text not in LAYER_KEYS:
        hint = (f"did you mean '{SYNONYMS[kind.text.lower()]}'?"
                if kind.text.lower() in SYNONYMS else did_you_mean(kind.text, LAYER_KEYS))
        if kind.text.lower() == "flatten":
            hint = "leave it out: a dense layer flattens its input itself"
        raise r.error("layers", f"{where}: unknown layer type '{kind.text}'",
                      hint or "allowed: conv, pool, dense", line=node.key_lines["type"])
    allowed = LAYER_KEYS[kind.text]
    for key in node.items:
        if key in allowed:
            continue
        line = node.key_lines[key]
        if any(key in keys for keys in LAYER_KEYS.values()):
            raise r.error("layers", f"{where}: a {kind.text} layer has no '{key}'",
                          "allowed: " + ", ".join(allowed), line=line)
        raise r.error("layers", f"{where}: unknown key '{key}'",
                      did_you_mean(key, allowed) or "allowed: " + ", ".join(allowed), line=line)

    def required(key: str) -> YNode:
        value = node.items.get(key)
        if value is None or (isinstance(value, YScalar) and value.type == "null"):
            what = {"size": "the window size", "filters": "the number of filters",
                    "units": "the number of units"}[key]
            raise r.error("layers", f"{where}: missing '{key}' (a {kind.text} layer needs "
                                    f"{what})", line=node.line)
        return value

    bias = _bias(r, where, node)
    if kind.text == "dense":
        units = _whole(r, f"{where}: 'units'", required("units"), 1)
        return Layer("dense", units=units, bias=bias)
    size = _pair(r, f"{where}: 'size'", required("size"), 1)
    padding = _pair(r, f"{where}: 'padding'", node.items["padding"], 0) \
        if "padding" in node.items else (0, 0)
    if kind.text == "conv":
        stride = _pair(r, f"{where}: 'stride'", node.items["stride"], 1) \
            if "stride" in node.items else (1, 1)
        filters = _whole(r, f"{where}: 'filters'", required("filters"), 1)
        return Layer("conv", size, stride, padding, filters=filters, bias=bias)
    stride = _pair(r, f"{where}: 'stride'", node.items["stride"], 1) \
        if "stride" in node.items else size
    if any(2 * p > k for p, k in zip(padding, size, strict=True)):
        raise r.error("layers", f"{where}: 'padding' of a pool layer must be at most half its "
                                f"{_by(size)} window, found {_listed(padding)}",
                      "PyTorch's rule: a window lying mostly in the padding pools nothing",
                      line=node.key_lines["padding"])
    return Layer("pool", size, stride, padding, bias=False)


def _bias(r: PartReader, where: str, node: YMap) -> bool:
    value = node.items.get("bias")
    if value is None:
        return True
    if not (isinstance(value, YScalar) and value.type == "bool"):
        raise r.error("layers", f"{where}: 'bias' must be true or false, found "
                                f"{_shown(value)}", line=value.line)
    return value.text.lower() in ("true", "yes", "on")


def _whole(r: PartReader, what: str, node: YNode, minimum: int, form: str = "") -> int:
    """A whole number ≥ minimum: written as a number or as the name of a given number."""
    if isinstance(node, YScalar) and (node.type in ("int", "float")
                                      or (node.type == "str" and node.text in r.given)):
        value = r.number_node("layers", node)
        if value.is_Integer and value >= minimum:
            return int(value)
    words = "a positive whole number" if minimum == 1 else f"a whole number ≥ {minimum}"
    raise r.error("layers", f"{what} must be {words}{form}, found {_shown(node)}",
                  line=node.line)


def _pair(r: PartReader, what: str, node: YNode, minimum: int) -> tuple[int, int]:
    """A number for both dimensions, or [height, width]."""
    if isinstance(node, YSeq):
        if len(node.items) != 2:
            raise r.error("layers", f"{what} must be one number or [height, width], found "
                                    f"{plural(len(node.items), 'entry', 'entries')}",
                          line=node.line)
        return (_whole(r, what, node.items[0], minimum), _whole(r, what, node.items[1], minimum))
    if isinstance(node, YScalar) and node.type == "str" and node.text.lower() in ("same",
                                                                                   "valid"):
        raise r.error("layers", f"{what} must be a number, found '{node.text}'",
                      "'valid' is padding 0; 'same' with stride 1 and an odd k × k kernel is "
                      "padding (k − 1)/2, e.g. 1 for 3 × 3", line=node.line)
    value = _whole(r, what, node, minimum, " or [height, width]")
    return (value, value)


def _shape(r: PartReader, field: str, lengths: tuple[int, ...], form: str) -> tuple[int, ...]:
    node = r.get(field)
    if isinstance(node, YScalar) and node.type != "str":
        raise r.error(field, f"expected {form}, found {_shown(node)}")
    matrix = r.matrix_node(field, node)
    if matrix.rows != 1 and matrix.cols != 1:
        raise r.error(field, f"expected {form}, found a {matrix.rows}×{matrix.cols} matrix")
    entries = tuple(matrix)
    if len(entries) not in lengths:
        raise r.error(field, f"expected {form}, found "
                             f"{plural(len(entries), 'entry', 'entries')}")
    for entry in entries:
        if not (entry.is_Integer and entry >= 1):
            raise r.error(field, f"entries must be positive whole numbers, found {entry}")
    return tuple(int(entry) for entry in entries)


def _shown(node: YNode) -> str:
    if isinstance(node, YScalar):
        return repr(node.text) if node.type == "str" else node.text or "nothing"
    return node_kind(node)


def _by(pair: tuple[int, ...]) -> str:
    return "×".join(str(n) for n in pair)


def _listed(pair: tuple[int, int]) -> str:
    return str(pair[0]) if pair[0] == pair[1] else f"[{pair[0]}, {pair[1]}]"


# -- solving --------------------------------------------------------------------------------

def solve(inputs: ConvShapesInputs) -> Solved:
    shape: tuple[int, ...] = inputs.input
    steps: list[Step] = []
    shapes: list[tuple[str, Answer]] = []
    counts: list[tuple[str, Answer]] = []
    for index, layer in enumerate(inputs.layers, start=1):
        if layer.type == "dense":
            step = _dense(index, layer, shape)
        else:
            windows = tuple(_window(axis, n, k, s, p) for axis, n, k, s, p in zip(
                AXES, shape[:2], layer.size, layer.stride, layer.padding, strict=True))
            if any(window.result < 1 for window in windows):
                padded = tuple(n + 2 * p for n, p in zip(shape[:2], layer.padding, strict=True))
                steps.append(WindowTooLarge(index=index, layer=layer.type, input_shape=shape,
                                            window=layer.size, padding=layer.padding,
                                            padded=padded))
                reason = (f"layer {index} ({layer.type} {_by(layer.size)}) does not fit a "
                          f"{_by(shape[:2])} input")
                if any(layer.padding):
                    reason += f" (padded to {_by(padded)})"
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
        shape = step.output_shape
        shapes.append((f"layer{index}", Value(sympy.ImmutableMatrix([list(shape)]))))
        counts.append((f"params{index}", Value(step.parameters)))
    total = sympy.Integer(sum(int(count.value) for _, count in counts))
    steps.append(StackParameterTotal(counts=tuple(count.value for _, count in counts),
                                     result=total))
    results = shapes + [("parameters", Value(total))]
    if inputs.target is not None:
        reached = sympy.true if shape == inputs.target else sympy.false
        steps.append(TargetShapeCheck(output_shape=shape, target=inputs.target, result=reached))
        results.append(("reaches_target", Value(reached)))
    return Solved(tuple(steps), Named(tuple(results)), tuple(counts))


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
    return (f"layer {index} ({layer.type} {_by(layer.size)}, stride {_listed(layer.stride)}) "
            f"does not tile its {_by(shape[:2])} input: {where}")


def _window(axis: str, n: int, k: int, s: int, p: int) -> WindowCount:
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


KIND = Kind(
    name="conv_shapes",
    summary="Output shape and learnable parameter count of every layer of a conv/pool/dense "
            "stack (or of dense layers on a vector), the total, whether it reaches a target "
            "shape; a window that does not fit, or does not tile its input under tiling: "
            "exact, is an answer saying where the stack breaks.",
    fields=(Field("input", "input shape [height, width, channels], or [n] for a vector input "
                           "(dense layers only)"),
            Field("layers", "list of {type: conv, size, filters, stride: 1, padding: 0, "
                            "bias: true}, {type: pool, size, stride: size, padding: 0} or "
                            "{type: dense, units, bias: true}; size, stride and padding are a "
                            "number or [height, width]"),
            Field("target", "shape the stack should reach, [height, width, channels] "
                            "(or [units] after a dense layer)", required=False),
            Field("tiling", "when the stride does not divide n + 2·padding − size: floor "
                            "(default; round down and drop the last rows, as PyTorch and "
                            "Keras) or exact (the layer is invalid, as CS231n)",
                  required=False)),
    hint="a shape [H, W, C] or [n], a count, or 'undefined' (a stack that breaks)",
    mistakes=Without("TODO"),
    carries=Without("TODO"),
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: conv_shapes, input: [32, 32, 3], target: [4, 4, 64], layers: [
    {type: conv, size: 5, filters: 8}, {type: pool, size: 2, stride: 2},
    {type: conv, size: 5, filters: 32}, {type: pool, size: 2},
    {type: conv, size: 2, filters: 64}]}""",
)
