"""The forward pass: z⁽ˡ⁾ = a⁽ˡ⁻¹⁾W⁽ˡ⁾ + b⁽ˡ⁾ and a⁽ˡ⁾ = gₗ(z⁽ˡ⁾) layer by layer (ŷ = a⁽ᴸ⁾),
every value taken through ``given`` as the layout shows it."""

from __future__ import annotations

import sympy

from solver.answers import Named, Value
from solver.kinds.forward_pass.read import ForwardPassInputs
from solver.kinds.forward_pass.steps import forward_steps
from solver.kinds.forward_pass.taken import Taken
from solver.kinds.given import NOTHING, Given
from solver.nn.network import Network, Pass, activate, pre_activation
from solver.steps import Solved

Matrix = sympy.ImmutableMatrix


def output_names(network: Network) -> tuple[str, str]:
    """The names of a⁽ᴸ⁾: ``yhat`` first, then ``a{L}``."""
    return "yhat", f"a{len(network.layers)}"


def forward(network: Network, X: Matrix, taken: Taken) -> Pass:
    """z⁽ˡ⁾ from a⁽ˡ⁻¹⁾ and a⁽ˡ⁾ from z⁽ˡ⁾, layer by layer (a⁽⁰⁾ = x)."""
    pre, post, A = [], [], X
    count = len(network.layers)
    for number, layer in enumerate(network.layers, start=1):
        Z = taken.rows(f"z{number}", pre_activation(layer, A),
                       after=(f"a{number - 1}",) if number > 1 else ())
        A = taken.rows(output_names(network) if number == count else f"a{number}",
                       network.settle(activate(layer.activation, Z)), after=(f"z{number}",))
        pre.append(Z)
        post.append(A)
    return Pass(tuple(pre), tuple(post))


def forward_values(network: Network, result: Pass) -> list[tuple[str, Value]]:
    """z1, a1, …, zL, yhat as the layout shows them."""
    named: list[tuple[str, Value]] = []
    count = len(network.layers)
    for number, (Z, A) in enumerate(zip(result.pre, result.post, strict=True), start=1):
        named.append((f"z{number}", Value(network.show(Z))))
        name = "yhat" if number == count else f"a{number}"
        named.append((name, Value(network.show(A))))
    return named


def solve(inputs: ForwardPassInputs, given: Given = NOTHING) -> Solved:
    """The forward pass; ``given`` may supply any z{l}, a{l} and yhat."""
    network = inputs.network
    result = forward(network, inputs.samples, Taken(network, given))
    steps = forward_steps(network, inputs.samples, result)
    named = forward_values(network, result)
    extra = (f"a{len(network.layers)}", Value(network.show(result.output)))
    return Solved(steps, Named(tuple(named)), (extra,))
