"""Reading a network_parameters part: the input size (n for a vector, [T, d] for a sequence,
[C, H, W] for an image) and the layers, each checked against the rank of what reaches it."""

from __future__ import annotations

from dataclasses import dataclass

from solver.kinds.conv_shapes.read import read_bias, read_pair, read_whole
from solver.spec.reader import PartReader, did_you_mean
from solver.spec.yamlsource import YMap, YNode, YScalar, YSeq, node_kind

MAX_LAYERS = 100
ACTIVATIONS = ("relu", "leaky_relu", "sigmoid", "tanh", "softmax", "gelu", "identity")
LAYER_KEYS = {
    "dense": ("type", "units", "bias"),
    "conv": ("type", "filters", "kernel", "stride", "padding", "bias"),
    "pool": ("type", "size", "stride", "padding"),
    "batchnorm": ("type",),
    "layernorm": ("type",),
    "embedding": ("type", "vocab", "dim"),
    "attention": ("type", "heads", "d_model", "bias"),
    "flatten": ("type",),
    "dropout": ("type", "p"),
    "activation": ("type", "name"),
}
SYNONYMS = {"fc": "dense", "linear": "dense", "fully_connected": "dense", "conv2d": "conv",
            "maxpool": "pool", "avgpool": "pool", "max_pool": "pool", "batch_norm": "batchnorm",
            "bn": "batchnorm", "layer_norm": "layernorm", "ln": "layernorm",
            "multihead_attention": "attention", "mha": "attention", "self_attention": "attention"}
RANK_WORDS = {1: "a vector", 2: "a sequence [T, d]", 3: "an image [C, H, W]"}
NEEDS = {"conv": (3,), "pool": (3,), "embedding": (1,), "attention": (2,)}


@dataclass(frozen=True)
class NetworkLayer:
    """One layer as written; only the fields of its type are set. ``name`` is an activation
    layer's function or a dropout layer's rate as written."""

    type: str
    units: int | None = None
    filters: int | None = None
    kernel: tuple[int, int] | None = None
    stride: tuple[int, int] | None = None
    padding: tuple[int, int] = (0, 0)
    vocab: int | None = None
    dim: int | None = None
    heads: int | None = None
    d_model: int | None = None
    bias: bool = True
    name: str = ""


@dataclass(frozen=True)
class NetworkParametersInputs:
    """The input shape, (n,), (T, d) or (C, H, W), and the layers in order."""

    input: tuple[int, ...]
    layers: tuple[NetworkLayer, ...]


def read(r: PartReader) -> NetworkParametersInputs:
    shape = _input(r)
    node = r.get("layers")
    if not isinstance(node, YSeq) or not node.items:
        raise r.error("layers", f"expected a non-empty list of layers, found {node_kind(node)}")
    if len(node.items) > MAX_LAYERS:
        raise r.error("layers", f"at most {MAX_LAYERS} layers, found {len(node.items)}")
    layers, rank = [], len(shape)
    for index, item in enumerate(node.items, start=1):
        layer = _layer(r, index, item)
        if layer.type in NEEDS and rank not in NEEDS[layer.type]:
            raise r.error("layers", f"layer {index}: a {layer.type} layer needs "
                                    f"{RANK_WORDS[NEEDS[layer.type][0]]}, but "
                                    f"{'the input' if index == 1 else f'layer {index - 1}'} "
                                    f"gives {RANK_WORDS[rank]}", _rank_hint(layer.type),
                          line=item.line)
        rank = output_rank(layer.type, rank)
        layers.append(layer)
    return NetworkParametersInputs(shape, tuple(layers))


def output_rank(kind: str, rank: int) -> int:
    """The rank a layer gives: flatten (and dense on an image) a vector, embedding a
    sequence, the rest the rank it gets."""
    if kind == "flatten" or (kind == "dense" and rank == 3):
        return 1
    return 2 if kind == "embedding" else rank


def _rank_hint(kind: str) -> str:
    return {"conv": "write the input as [channels, height, width], e.g. [3, 32, 32]",
            "pool": "write the input as [channels, height, width], e.g. [3, 32, 32]",
            "embedding": "an embedding takes a sequence of T token indices: input: T",
            "attention": "attention takes T positions of d features: input: [T, d], or an "
                         "embedding before it"}[kind]


def _input(r: PartReader) -> tuple[int, ...]:
    form = "n (a vector), [T, d] (a sequence) or [C, H, W] (an image)"
    node = r.get("input")
    items = node.items if isinstance(node, YSeq) else (node,)
    if not items or len(items) > 3 or any(not isinstance(item, YScalar) for item in items):
        raise r.error("input", f"expected {form}, found {node_kind(node)}")
    values = []
    for item in items:
        value = r.number_node("input", item)
        if not (value.is_Integer and value >= 1):
            raise r.error("input", f"expected {form} of positive whole numbers, found "
                                   f"{item.text!r}", line=item.line)
        values.append(int(value))
    return tuple(values)


def _layer(r: PartReader, index: int, node: YNode) -> NetworkLayer:
    where = f"layer {index}"
    if not isinstance(node, YMap):
        raise r.error("layers", f"{where}: expected a mapping such as {{type: dense, units: "
                                f"10}}, found {node_kind(node)}", line=node.line)
    kind_node = node.items.get("type")
    if not isinstance(kind_node, YScalar) or kind_node.type != "str":
        raise r.error("layers", f"{where}: 'type' must be one of "
                                + ", ".join(LAYER_KEYS), line=node.line)
    kind = kind_node.text.lower()
    if kind in ACTIVATIONS:
        kind, name = "activation", kind
    else:
        name = ""
    if kind not in LAYER_KEYS:
        hint = (f"did you mean '{SYNONYMS[kind]}'?" if kind in SYNONYMS
                else did_you_mean(kind, LAYER_KEYS) or "allowed: " + ", ".join(LAYER_KEYS))
        raise r.error("layers", f"{where}: unknown layer type '{kind_node.text}'", hint,
                      line=kind_node.line)
    allowed = LAYER_KEYS[kind]
    for key in node.items:
        if key not in allowed:
            hint = "use 'kernel'" if (key, kind) == ("size", "conv") else \
                "use 'size'" if (key, kind) == ("kernel", "pool") else \
                did_you_mean(key, allowed) or "allowed: " + ", ".join(allowed)
            raise r.error("layers", f"{where}: a {kind} layer has no '{key}'", hint,
                          line=node.key_lines[key])

    def whole(key: str, what: str) -> int:
        value = node.items.get(key)
        if value is None or (isinstance(value, YScalar) and value.type == "null"):
            raise r.error("layers", f"{where}: missing '{key}' (a {kind} layer needs {what})",
                          line=node.line)
        return read_whole(r, f"{where}: '{key}'", value, 1)

    def pair(key: str, default: tuple[int, int], minimum: int) -> tuple[int, int]:
        value = node.items.get(key)
        return default if value is None else read_pair(r, f"{where}: '{key}'", value, minimum)

    if kind == "dense":
        return NetworkLayer("dense", units=whole("units", "the number of units"),
                            bias=read_bias(r, where, node))
    if kind == "conv":
        filters = whole("filters", "the number of filters")
        if "kernel" not in node.items:
            raise r.error("layers", f"{where}: missing 'kernel' (a conv layer needs the "
                                    f"kernel size)", line=node.line)
        kernel = pair("kernel", (1, 1), 1)
        return NetworkLayer("conv", filters=filters, kernel=kernel,
                            stride=pair("stride", (1, 1), 1), padding=pair("padding", (0, 0), 0),
                            bias=read_bias(r, where, node))
    if kind == "pool":
        if "size" not in node.items:
            raise r.error("layers", f"{where}: missing 'size' (a pool layer needs the window "
                                    f"size)", line=node.line)
        size = pair("size", (1, 1), 1)
        padding = pair("padding", (0, 0), 0)
        if any(2 * p > k for p, k in zip(padding, size, strict=True)):
            raise r.error("layers", f"{where}: 'padding' of a pool layer must be at most half "
                                    f"its window", line=node.key_lines["padding"])
        return NetworkLayer("pool", kernel=size, stride=pair("stride", size, 1),
                            padding=padding, bias=False)
    if kind == "embedding":
        return NetworkLayer("embedding", vocab=whole("vocab", "the vocabulary size"),
                            dim=whole("dim", "the embedding dimension"), bias=False)
    if kind == "attention":
        d_model = whole("d_model", "the model width") if "d_model" in node.items else None
        return NetworkLayer("attention", heads=whole("heads", "the number of heads"),
                            d_model=d_model, bias=read_bias(r, where, node))
    if kind == "dropout" and "p" in node.items:
        rate = r.number_node("layers", node.items["p"])
        if not 0 <= rate < 1:
            raise r.error("layers", f"{where}: 'p' is a drop rate in [0, 1), found {rate}",
                          line=node.key_lines["p"])
        name = node.items["p"].text
    if kind == "activation":
        value = node.items.get("name")
        if value is not None:
            if not (isinstance(value, YScalar) and value.text.lower() in ACTIVATIONS):
                raise r.error("layers", f"{where}: 'name' must be one of "
                                        + ", ".join(ACTIVATIONS), line=value.line)
            name = value.text.lower()
    return NetworkLayer(kind, bias=False, name=name)
