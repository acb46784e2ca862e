"""L2 weight decay: L = L_data + (λ/2) Σₗ ‖W⁽ˡ⁾‖²_F over the weights (biases are not
decayed), so each weight gradient gains λW⁽ˡ⁾. This is the convention of PyTorch's
``SGD(weight_decay=λ)`` and of d2l; a course writing λ‖W‖² has twice our λ."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from solver.nn.network import Network
from solver.steps import Step


@dataclass(frozen=True, kw_only=True)
class WeightDecayLoss(Step):
    """L = L_data + (λ/2) Σₗ ‖W⁽ˡ⁾‖²: ``squares`` holds Σᵢⱼ (W⁽ˡ⁾ᵢⱼ)² per layer."""

    label: str
    decay: Any
    squares: tuple[Any, ...]
    data_loss: Any
    penalty: Any
    total: Any


def penalty(network: Network, decay) -> tuple[tuple, Any]:
    """(Σᵢⱼ (W⁽ˡ⁾ᵢⱼ)² per layer, (λ/2) Σₗ of them)."""
    squares = tuple(sum((w ** 2 for w in layer.matrix), sympy.Integer(0))
                    for layer in network.layers)
    return squares, network.settle(decay * sum(squares, sympy.Integer(0)) / 2)


def decayed_loss(network: Network, decay, data_loss, label: str = "") -> WeightDecayLoss:
    """The step adding the penalty of ``network``'s weights to ``data_loss``."""
    squares, value = penalty(network, decay)
    return WeightDecayLoss(label=label, decay=decay, squares=squares, data_loss=data_loss,
                           penalty=value, total=network.settle(data_loss + value))
