"""The learnable parameters and output shapes of a network's layers, counted as PyTorch
counts them.

The input is a vector of n features, a sequence [T, d] of T positions with d features, or
an image [C, H, W]. Per layer:

- dense, units u: n·u weights + u biases (an image is flattened to n = C·H·W first; on a
  sequence the layer acts on each position with the same weights, T × u out);
- conv, F filters of k_h × k_w, stride s, padding p: F × H_out × W_out with
  H_out = ⌊(H + 2p − k_h)/s⌋ + 1 (W_out alike), k_h·k_w·C·F weights + F biases;
- pool: C × H_out × W_out by the same count, no parameters;
- batchnorm: γ and β per feature (n, C channels, or d), 2·features; the running mean and
  variance are 2·features buffers, not parameters (PyTorch's ``parameters()`` leaves them
  out);
- layernorm: γ and β per normalised entry (n, d, or C·H·W);
- embedding, vocab V, dim d: V·d weights, no bias; T token indices (input T) give T × d;
- attention, h heads on T × d (d_model = d): W_Q, W_K, W_V are d × d together over the
  heads (each head d × d/h) and W_O is d × d, 4d² weights + 4d biases; out T × d;
- flatten: one vector of all entries; dropout and activations: the same shape, nothing
  learned.

The total is the sum over the layers. A window that does not fit its input, or heads that
do not divide d, is an answer saying where the network breaks. The named values are
``layer1``, ``layer2``, … (output shapes), ``weights1``, ``biases1``, ``params1``, … and
``parameters`` (the total).
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.network_parameters.mistakes import mistakes
from solver.kinds.network_parameters.read import NetworkLayer, NetworkParametersInputs, read
from solver.kinds.network_parameters.rules import PYTORCH, Rules
from solver.kinds.network_parameters.solve import solve

KIND = Kind(
    name="network_parameters",
    summary="Learnable parameters (weights and biases) and output shape of every layer of a "
            "network — dense, conv, pool, batch/layer norm, embedding, multi-head attention, "
            "flatten, dropout, activations — and the total, as PyTorch counts them.",
    fields=(
        Field("input", "the input size: n for a vector, [T, d] for a sequence of T positions "
                       "with d features (or T token indices before an embedding: input T), "
                       "[C, H, W] for an image"),
        Field("layers", "list of {type: dense, units, bias: true}, {type: conv, filters, "
                        "kernel, stride: 1, padding: 0, bias: true}, {type: pool, size, "
                        "stride: size, padding: 0}, {type: batchnorm}, {type: layernorm}, "
                        "{type: embedding, vocab, dim}, {type: attention, heads, d_model, "
                        "bias: true}, {type: flatten}, {type: dropout, p}, {type: relu} (or "
                        "any activation); kernel, size, stride and padding are a number or "
                        "[height, width]"),
    ),
    hint="a shape [n], [T, d] or [C, H, W], a count, or 'undefined' (a network that breaks)",
    mistakes=mistakes,
    carries="each layer's output shape from the student's shape of the layer before it, "
            "its weights and biases from their input shape of that layer, its parameter "
            "count from their weights and biases, the total from their per-layer counts",
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: network_parameters, input: [3, 32, 32], layers: [
    {type: conv, filters: 16, kernel: 3, padding: 1}, {type: batchnorm}, {type: relu},
    {type: pool, size: 2}, {type: flatten}, {type: dense, units: 10}]}""",
)

__all__ = ["KIND", "PYTORCH", "NetworkLayer", "NetworkParametersInputs", "Rules", "read",
           "solve"]
