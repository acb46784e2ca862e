"""Reading a conv_shapes part: the input shape, the layers (conv, pool, dense) and the
optional target shape and tiling rule."""

from __future__ import annotations

from dataclasses import dataclass

from solver.plural import plural
from solver.spec.reader import PartReader, did_you_mean
from solver.spec.yamlsource import YMap, YNode, YScalar, YSeq, node_kind

MAX_LAYERS = 100
LAYER_KEYS = {
    "conv": ("type", "size", "filters", "stride", "padding", "bias"),
    "pool": ("type", "size", "stride", "padding"),
    "dense": ("type", "units", "bias"),
}
SYNONYMS = {"fc": "dense", "linear": "dense", "fully_connected": "dense",
            "fullyconnected": "dense"}
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

    bias = read_bias(r, where, node)
    if kind.text == "dense":
        units = read_whole(r, f"{where}: 'units'", required("units"), 1)
        return Layer("dense", units=units, bias=bias)
    size = read_pair(r, f"{where}: 'size'", required("size"), 1)
    padding = read_pair(r, f"{where}: 'padding'", node.items["padding"], 0) \
        if "padding" in node.items else (0, 0)
    if kind.text == "conv":
        stride = read_pair(r, f"{where}: 'stride'", node.items["stride"], 1) \
            if "stride" in node.items else (1, 1)
        filters = read_whole(r, f"{where}: 'filters'", required("filters"), 1)
        return Layer("conv", size, stride, padding, filters=filters, bias=bias)
    stride = read_pair(r, f"{where}: 'stride'", node.items["stride"], 1) \
        if "stride" in node.items else size
    if any(2 * p > k for p, k in zip(padding, size, strict=True)):
        raise r.error("layers", f"{where}: 'padding' of a pool layer must be at most half its "
                                f"{shape_text(size)} window, found {pair_text(padding)}",
                      "PyTorch's rule: a window lying mostly in the padding pools nothing",
                      line=node.key_lines["padding"])
    return Layer("pool", size, stride, padding, bias=False)


def read_bias(r: PartReader, where: str, node: YMap) -> bool:
    value = node.items.get("bias")
    if value is None:
        return True
    if not (isinstance(value, YScalar) and value.type == "bool"):
        raise r.error("layers", f"{where}: 'bias' must be true or false, found "
                                f"{_shown(value)}", line=value.line)
    return value.text.lower() in ("true", "yes", "on")


def read_whole(r: PartReader, what: str, node: YNode, minimum: int, form: str = "") -> int:
    """A whole number ≥ minimum: written as a number or as the name of a given number."""
    if isinstance(node, YScalar) and (node.type in ("int", "float")
                                      or (node.type == "str" and node.text in r.given)):
        value = r.number_node("layers", node)
        if value.is_Integer and value >= minimum:
            return int(value)
    words = "a positive whole number" if minimum == 1 else f"a whole number ≥ {minimum}"
    raise r.error("layers", f"{what} must be {words}{form}, found {_shown(node)}",
                  line=node.line)


def read_pair(r: PartReader, what: str, node: YNode, minimum: int) -> tuple[int, int]:
    """A number for both dimensions, or [height, width]."""
    if isinstance(node, YSeq):
        if len(node.items) != 2:
            raise r.error("layers", f"{what} must be one number or [height, width], found "
                                    f"{plural(len(node.items), 'entry', 'entries')}",
                          line=node.line)
        return (read_whole(r, what, node.items[0], minimum),
                read_whole(r, what, node.items[1], minimum))
    if isinstance(node, YScalar) and node.type == "str" and node.text.lower() in ("same",
                                                                                   "valid"):
        raise r.error("layers", f"{what} must be a number, found '{node.text}'",
                      "'valid' is padding 0; 'same' with stride 1 and an odd k × k kernel is "
                      "padding (k − 1)/2, e.g. 1 for 3 × 3", line=node.line)
    value = read_whole(r, what, node, minimum, " or [height, width]")
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


def shape_text(pair: tuple[int, ...]) -> str:
    return "×".join(str(n) for n in pair)


def pair_text(pair: tuple[int, int]) -> str:
    return str(pair[0]) if pair[0] == pair[1] else f"[{pair[0]}, {pair[1]}]"
