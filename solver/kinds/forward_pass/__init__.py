"""The forward pass of a dense network: every layer's pre-activations z and activations a.

Layer l computes z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾ in the ``Wx`` layout (W is outputs × inputs, a sample
is a column) or z⁽ˡ⁾ = a⁽ˡ⁻¹⁾W⁽ˡ⁾ + b⁽ˡ⁾ in the ``xW`` layout (W is inputs × outputs, samples
are rows), the bias added to every sample, then a⁽ˡ⁾ = gₗ(z⁽ˡ⁾) element-wise (softmax per
sample), with a⁽⁰⁾ = x and ŷ = a⁽ᴸ⁾. The named values are ``z1``, ``a1``, …, ``zL`` and
``yhat`` (also ``aL``), each a matrix in the layout's orientation (a number for 1×1).
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.forward_pass.mistakes import mistakes
from solver.kinds.forward_pass.read import ForwardPassInputs, read
from solver.kinds.forward_pass.solve import solve

KIND = Kind(
    name="forward_pass",
    summary="The forward pass of a dense network: each layer's z = Wx + b (or xW + b) and "
            "a = g(z), unit by unit as in the handouts, or in matrix form for batches.",
    fields=(
        Field("layers", "a list of layers, each a mapping {W, b, activation}: W and b inline "
                        "or names from 'given'; b optional (no bias when left out), a list "
                        "with one entry per output, or a number for a one-output layer; a flat "
                        "list as W is the weight of a single-output layer (a 1×in row in Wx, "
                        "an in×1 column in xW); activation one of identity, relu, 5 relu "
                        "(scaled), leaky_relu, leaky_relu(0.2), sigmoid, tanh, softmax"),
        Field("input", "one sample as a flat list (or a number), or a batch as a list of "
                       "rows, one row per sample, in either layout"),
        Field("layout", "Wx (W is outputs × inputs, z = Wx + b with x a column) or xW (W is "
                        "inputs × outputs, z = xW + b with samples as rows)"),
    ),
    hint='a number, or a vector/matrix as the layout shows it',
    mistakes=mistakes,
    carries="zₗ = W⁽ˡ⁾aₗ₋₁ + b⁽ˡ⁾ (aₗ₋₁W⁽ˡ⁾ + b⁽ˡ⁾ in the xW layout) from the student's "
            "aₗ₋₁, and aₗ = gₗ(zₗ) from their zₗ, layer after layer (ŷ = a_L)",
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: forward_pass, layout: xW, input: [1, 3],
 layers: [{W: [[2, 1, 3], [2, -1, 1]], b: [1, 0, -1], activation: relu},
          {W: [3, 1, 2], b: 1, activation: identity}]}""",
)

__all__ = ["KIND", "ForwardPassInputs", "read", "solve"]
