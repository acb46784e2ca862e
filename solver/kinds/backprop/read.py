"""Reading a backprop part: the network and samples as for forward_pass, the targets (a row
per sample), the loss and an optional learning rate η > 0."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from solver.kinds.forward_pass.read import (
    numeric_network,
    read_block,
    read_layout,
    read_network,
    read_samples,
)
from solver.nn import losses
from solver.nn.network import Network
from solver.render.printing import plain
from solver.spec.reader import PartReader

Matrix = sympy.ImmutableMatrix


@dataclass(frozen=True)
class BackpropInputs:
    network: Network
    samples: Matrix
    targets: Matrix
    loss: losses.Loss
    learning_rate: Any = None
    shown_input: Matrix | None = None
    shown_targets: Matrix | None = None

    @property
    def layout(self) -> str:
        return self.network.layout

    @property
    def batch(self) -> bool:
        return self.samples.rows > 1


def read_targets(r: PartReader, field: str, samples: int, outputs: int) -> Matrix:
    """Targets as an N×K matrix: rows per sample; a flat list is one target per sample for a
    single-output network, or the K targets of a single sample."""
    node = r.get(field)
    value, form = read_block(r, field, node)
    expected = (f"expected {samples}×{outputs} targets (one row per sample, one column per "
                f"output)")
    if form == "scalar":
        if samples == 1 and outputs == 1:
            return Matrix([[value]])
        raise r.error(field, f"{expected}, found a single number")
    if form == "flat":
        count = value.rows
        if outputs == 1 and count == samples:
            return Matrix(value)
        if samples == 1 and count == outputs:
            return Matrix(value.T)
        raise r.error(field, f"{expected}, found a flat list of {count}")
    if value.shape != (samples, outputs):
        hint = ("targets are rows, one per sample: transpose it"
                if value.shape == (outputs, samples) else None)
        raise r.error(field, f"{expected}, found a {value.rows}×{value.cols} matrix", hint)
    return value


def read(r: PartReader) -> BackpropInputs:
    layout = read_layout(r)
    samples = read_samples(r, "inputs")
    network = read_network(r, layout, samples.cols)
    text = r.text("loss")
    if text is None:
        raise r.error(None, "missing field 'loss'", "one of " + ", ".join(losses.NAMES))
    try:
        loss = losses.parse(text)
    except losses.LossError as error:
        raise r.error("loss", error.message, error.hint) from None
    targets = read_targets(r, "targets", samples.rows, network.layers[-1].outputs)
    eta = None
    if r.has("learning_rate"):
        eta = r.number("learning_rate")
        if sympy.sympify(eta).is_positive is not True:
            raise r.error("learning_rate", f"must be a positive number, found {plain(eta)}")
    network = numeric_network(r, network)
    return BackpropInputs(network, samples, targets, loss, eta, network.show(samples),
                          network.show(targets))
