"""Reading a dense network: the ``layout``, the ``layers`` list (every shape checked against
the layer before it) and the samples (one as a flat list, a batch as rows); the readers the
network kinds share."""

from __future__ import annotations

from dataclasses import dataclass, replace

import sympy

from solver.nn import activations
from solver.nn.network import Layer, Network
from solver.plural import plural
from solver.render.printing import SIGNIFICANT
from solver.spec.reader import PartReader, did_you_mean
from solver.spec.yamlsource import YMap, YNode, YScalar, YSeq, node_kind

Matrix = sympy.ImmutableMatrix
LAYOUTS = ("Wx", "xW")
LAYER_FIELDS = ("W", "b", "activation")
KEY_HINTS = {"w": "W", "weight": "W", "weights": "W", "bias": "b", "biases": "b",
             "act": "activation", "g": "activation", "activations": "activation"}
MAX_LAYERS = 10
LAYOUT_HINT = ("Wx: W is outputs × inputs and z = Wx + b with x a column; "
               "xW: W is inputs × outputs and z = xW + b with samples as rows")


@dataclass(frozen=True)
class ForwardPassInputs:
    network: Network
    samples: Matrix
    shown_input: Matrix

    @property
    def layout(self) -> str:
        return self.network.layout

    @property
    def batch(self) -> bool:
        return self.samples.rows > 1


def read_layout(r: PartReader) -> str:
    if not r.has("layout"):
        raise r.error(None, "missing field 'layout'", LAYOUT_HINT)
    text = r.text("layout")
    if text not in LAYOUTS:
        close = next((name for name in LAYOUTS if name.lower() == text.lower()), None)
        raise r.error("layout", f"expected Wx or xW, found {text!r}",
                      f"did you mean '{close}'?" if close else LAYOUT_HINT)
    return text


def read_block(r: PartReader, field: str, node: YNode):
    """A number, a flat list or a matrix of rows (inline or a given name).

    Returns (value, form) with form "scalar", "flat" (the value is a column) or "matrix".
    """
    if isinstance(node, YScalar) and node.type == "str" and node.text in r.given:
        given = r.given[node.text]
        if isinstance(given.value, sympy.MatrixBase):
            matrix = r.matrix_node(field, node)
            return matrix, "matrix" if given.text.startswith("[[") else "flat"
        return r.number_node(field, node), "scalar"
    if isinstance(node, YScalar):
        return r.number_node(field, node), "scalar"
    if isinstance(node, YSeq):
        matrix = r.matrix_node(field, node)
        flat = not any(isinstance(item, YSeq) for item in node.items)
        return matrix, "flat" if flat else "matrix"
    raise r.error(field, f"expected a number or a list, found {node_kind(node)}",
                  line=node.line)


def read_samples(r: PartReader, field: str) -> Matrix:
    """The samples as rows: one sample as a flat list (or a number), a batch as rows."""
    value, form = read_block(r, field, r.get(field))
    if form == "scalar":
        return Matrix([[value]])
    return value.T if form == "flat" else value


def _line(node: YNode) -> int:
    return node.line


def read_network(r: PartReader, layout: str, features: int) -> Network:
    """The ``layers`` list, every shape checked against the layer before it."""
    node = r.get("layers")
    if not isinstance(node, YSeq) or not node.items:
        raise r.error("layers", f"expected a list of layers (each a mapping with W, b and "
                                f"activation), found {node_kind(node)}")
    if len(node.items) > MAX_LAYERS:
        raise r.error("layers", f"at most {MAX_LAYERS} layers, found {len(node.items)}")
    layers: list[Layer] = []
    previous = features
    for number, item in enumerate(node.items, start=1):
        source = ("the input has" if number == 1 else f"layer {number - 1} has")
        noun = "feature" if number == 1 else "output"
        layer = _read_layer(r, item, number, layout, previous, source, noun)
        layers.append(layer)
        previous = layer.outputs
    return Network(tuple(layers), layout)


def _read_layer(r: PartReader, item: YNode, number: int, layout: str, expected: int,
                source: str, noun: str) -> Layer:
    where = f"layer {number}"
    if not isinstance(item, YMap):
        raise r.error("layers", f"{where} must be a mapping with W, b and activation, found "
                                f"{node_kind(item)}", line=_line(item))
    for key in item.items:
        if key not in LAYER_FIELDS:
            close = KEY_HINTS.get(key.lower()) or next(
                (name for name in LAYER_FIELDS if name.lower() == key.lower()), None)
            hint = f"did you mean '{close}'?" if close else did_you_mean(key, LAYER_FIELDS)
            raise r.error("layers", f"{where}: unknown key '{key}'",
                          hint or "allowed: W, b, activation",
                          line=item.key_lines[key])
    for key in ("W", "activation"):
        if key not in item.items:
            raise r.error("layers", f"{where}: missing '{key}'", line=item.line)
    # activation
    act_node = item.items["activation"]
    if not (isinstance(act_node, YScalar) and act_node.type == "str"):
        raise r.error("layers", f"{where}, activation: expected a name such as relu, found "
                                f"{node_kind(act_node)}", line=_line(act_node))
    try:
        activation = activations.parse(act_node.text)
    except activations.ActivationError as error:
        raise r.error("layers", f"{where}, activation: {error.message}", error.hint,
                      line=act_node.line) from None
    r.decimal |= "." in act_node.text
    # weight
    w_node = item.items["W"]
    written_weight, form = read_block(r, "layers", w_node)
    flat = form == "flat"
    if form == "scalar":
        weight = Matrix([[written_weight]])
    elif flat:
        weight = written_weight if layout == "xW" else written_weight.T
    else:
        weight = written_weight
    fan_in = weight.rows if layout == "xW" else weight.cols
    if fan_in != expected:
        if flat:
            message = (f"{where}, W is a flat list of {plural(written_weight.rows, 'weight')} "
                       f"(the weight of a single-output layer) but {source} "
                       f"{plural(expected, noun)}")
            hint = "write a matrix as a list of rows"
        else:
            axes = "outputs × inputs" if layout == "Wx" else "inputs × outputs"
            message = (f"{where}, W is {weight.rows}×{weight.cols} ({axes} in the {layout} "
                       f"layout) but {source} {plural(expected, noun)}")
            other = weight.cols if layout == "xW" else weight.rows
            hint = (f"is the layout {'Wx' if layout == 'xW' else 'xW'}?" if other == expected
                    else None)
        raise r.error("layers", message, hint, line=_line(w_node))
    outputs = weight.cols if layout == "xW" else weight.rows
    # bias
    bias = written_bias = None
    if "b" in item.items and not (isinstance(item.items["b"], YScalar)
                                  and item.items["b"].type == "null"):
        b_node = item.items["b"]
        written_bias, form = read_block(r, "layers", b_node)
        if form == "scalar":
            if outputs != 1:
                raise r.error("layers", f"{where}, b is a single number but W gives {outputs} "
                                        f"outputs", "write one bias per output as a list",
                              line=_line(b_node))
            bias = (written_bias,)
        else:
            if min(written_bias.shape) != 1:
                raise r.error("layers", f"{where}, b is a {written_bias.rows}×"
                                        f"{written_bias.cols} matrix, expected a list with one "
                                        f"bias per output", line=_line(b_node))
            bias = tuple(written_bias)
            if len(bias) != outputs:
                raise r.error("layers", f"{where}, b has {plural(len(bias), 'entry', 'entries')}"
                                        f" but W gives {plural(outputs, 'output')}",
                              line=_line(b_node))
    return Layer.build(weight, bias, activation, written_weight, written_bias, flat, layout)


def numeric_network(r: PartReader, network: Network) -> Network:
    """A network read from decimal inputs carries its irrational values (sigmoid, tanh,
    softmax, log of decimals) as Floats, shown at the part's ``digits`` (6 by default)."""
    if not r.decimal:
        return network
    if r.digits is None:
        r.digits = SIGNIFICANT
    return replace(network, numeric=True)


def read(r: PartReader) -> ForwardPassInputs:
    layout = read_layout(r)
    samples = read_samples(r, "input")
    network = numeric_network(r, read_network(r, layout, samples.cols))
    return ForwardPassInputs(network, samples, network.show(samples))
