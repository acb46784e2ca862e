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
    weight_decay: Any = None
    class_indices: tuple[int, ...] | None = None

    @property
    def layout(self) -> str:
        return self.network.layout

    @property
    def batch(self) -> bool:
        return self.samples.rows > 1


def class_indices(value: Matrix, form: str, samples: int, outputs: int) -> tuple | None:
    """Targets written as class indices, one whole number 0 … K−1 per sample (``[2, 0,
    1]``), where a flat list or number cannot be read as one-hot rows; None otherwise."""
    if outputs < 2 or form not in ("scalar", "flat"):
        return None
    entries = [value] if form == "scalar" else list(value)
    if len(entries) != samples or (samples == 1 and len(entries) == outputs):
        return None
    if not all(sympy.sympify(e).is_Integer and 0 <= e < outputs for e in entries):
        return None
    return tuple(int(e) for e in entries)


def one_hot(indices: tuple[int, ...], outputs: int) -> Matrix:
    """Row n is the unit vector of class indices[n]."""
    return Matrix(len(indices), outputs, lambda n, k: int(k == indices[n]))


def read_targets(r: PartReader, field: str, samples: int, outputs: int,
                 indices: bool = False) -> tuple[Matrix, tuple[int, ...] | None]:
    """Targets as an N×K matrix: rows per sample; a flat list is one target per sample for a
    single-output network, or the K targets of a single sample; with ``indices`` (a
    cross-entropy loss) also a class index 0 … K−1 per sample, as one-hot rows (returned
    with the indices)."""
    node = r.get(field)
    value, form = read_block(r, field, node)
    found = class_indices(value, form, samples, outputs) if indices else None
    if found is not None:
        return one_hot(found, outputs), found
    count = 1 if form == "scalar" else value.rows if form == "flat" else 0
    if indices and count == samples and not (samples == 1 and count == outputs):
        raise r.error(field, f"class indices must be whole numbers from 0 to {outputs - 1} "
                             f"(one per sample; the network has {outputs} outputs)")
    return _target_rows(r, field, value, form, samples, outputs), None


def _target_rows(r: PartReader, field: str, value, form: str, samples: int,
                 outputs: int) -> Matrix:
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
    outputs = network.layers[-1].outputs
    targets, indices = read_targets(r, "targets", samples.rows, outputs,
                                    indices=loss.on_logits)
    decay = None
    if r.has("weight_decay"):
        decay = r.number("weight_decay")
        if sympy.sympify(decay).is_nonnegative is not True:
            raise r.error("weight_decay", f"must be a number λ ≥ 0, found {plain(decay)}")
    eta = None
    if r.has("learning_rate"):
        eta = r.number("learning_rate")
        if sympy.sympify(eta).is_positive is not True:
            raise r.error("learning_rate", f"must be a positive number, found {plain(eta)}")
    network = numeric_network(r, network)
    return BackpropInputs(network, samples, targets, loss, eta, network.show(samples),
                          network.show(targets), decay or None, indices)
