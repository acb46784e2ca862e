"""Reading an activation_derivative part: the activation and n, the number of entries of z."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.nn import activations
from solver.numbers import symbol
from solver.spec.reader import PartReader

MAX_SIZE = 10


@dataclass(frozen=True)
class ActivationDerivativeInputs:
    activation: activations.Activation
    size: int
    rule: sympy.Expr = None

    def __post_init__(self):
        if self.rule is None:  # g(z) for display
            object.__setattr__(self, "rule", self.activation.shown(symbol("z")))


def read_size(r: PartReader) -> int:
    if not r.has("size"):
        raise r.error(None, "missing field 'size'", f"a whole number from 1 to {MAX_SIZE}")
    return r.integer("size", default=1, minimum=1, maximum=MAX_SIZE)


def read(r: PartReader) -> ActivationDerivativeInputs:
    text = r.text("activation")
    if text is None:
        raise r.error(None, "missing field 'activation'", "e.g. relu, 5 relu, sigmoid, softmax")
    try:
        activation = activations.parse(text)
    except activations.ActivationError as error:
        raise r.error("activation", error.message, error.hint) from None
    r.decimal |= "." in text
    return ActivationDerivativeInputs(activation, read_size(r))
