"""Backpropagation through a dense network: the loss, the δ terms layer by layer, and the
gradient of the loss for every weight and bias (optionally one gradient-descent update).

With δ⁽ˡ⁾ = ∂L/∂z⁽ˡ⁾ and a row per sample: δ⁽ᴸ⁾ = ∂L/∂ŷ ⊙ g'(z⁽ᴸ⁾) (softmax: Jᵀ ∂L/∂ŷ per
sample; softmax with cross_entropy gives p Σₖtₖ − t, sigmoid with bce (ŷ − t)/n),
δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾W⁽ˡ⁺¹⁾ᵀ) ⊙ gₗ'(z⁽ˡ⁾) with W as inputs × outputs, ∂L/∂W⁽ˡ⁾ = a⁽ˡ⁻¹⁾ᵀδ⁽ˡ⁾ and
∂L/∂b⁽ˡ⁾ = Σₙ δₙ⁽ˡ⁾, each gradient reported in the shape its parameter was written in. With
a learning rate η, W ← W − η ∂L/∂W and b ← b − η ∂L/∂b, then the new outputs and loss. With weight
decay λ the loss is L_data + (λ/2) Σₗ ‖W⁽ˡ⁾‖² (named values ``data_loss`` and ``penalty``) and
each ∂L/∂W⁽ˡ⁾ gains λW⁽ˡ⁾. Cross-entropy targets may be class indices, read as one-hot rows.
The answer is ``loss``, ``W1``, ``b1``, … (and ``W1_new``, ``b1_new``, …, ``loss_new``); the
intermediate values are the forward values, ``p`` (cross_entropy on outputs that are not
a softmax), each ``delta{l}`` and ``yhat_new``.
"""

from __future__ import annotations

from solver.kinds.backprop.mistakes import mistakes
from solver.kinds.backprop.read import BackpropInputs, read
from solver.kinds.backprop.solve import solve
from solver.kinds.base import Field, Kind

KIND = Kind(
    name="backprop",
    summary="Backpropagation through a dense network: the loss, the δ terms from the output "
            "back, and ∂L/∂W, ∂L/∂b for every layer (shaped as written); optionally one "
            "gradient-descent update and the new loss.",
    fields=(
        Field("layers", "a list of layers {W, b, activation}, as for forward_pass (a flat "
                        "list as W is the weight of a single-output layer; b optional)"),
        Field("inputs", "one sample as a flat list, or a batch as rows (one row per sample)"),
        Field("targets", "the targets, one row per sample (a flat list: one per sample for a "
                         "single-output network, or the outputs of a single sample); with "
                         "cross_entropy also class indices 0 … K−1, one per sample "
                         "([2, 0, 1]), read as one-hot rows"),
        Field("loss", "half_sse ½Σ(y−t)², sse Σ(y−t)², mse (1/n)Σ(y−t)² over all n entries, "
                      "bce −(1/n)Σ[t log y + (1−t) log(1−y)], or cross_entropy −Σ t log "
                      "softmax(z) per sample, summed (softmax of the last layer's z when its "
                      "activation is softmax, else of its outputs)"),
        Field("layout", "Wx (W is outputs × inputs, samples are columns) or xW (W is inputs "
                        "× outputs, samples are rows)"),
        Field("learning_rate", "η > 0: also take one step W ← W − η ∂L/∂W and give the new "
                               "loss", required=False),
        Field("weight_decay", "λ ≥ 0: L2 weight decay, L = L_data + (λ/2) Σ‖W‖² over the "
                              "weights (not the biases), so ∂L/∂W gains λW (PyTorch's "
                              "weight_decay)", required=False),
    ),
    hint='a number, or a matrix shaped like the parameter',
    mistakes=mistakes,
    carries="the forward values as in forward_pass; the loss from the student's ŷ (from "
            "their p, the softmax of ŷ, when cross_entropy has one); δᴸ = ∂L/∂ŷ ⊙ g'(zᴸ) "
            "from their ŷ (p) and zᴸ; δˡ = (δˡ⁺¹W⁽ˡ⁺¹⁾ᵀ) ⊙ gₗ'(zˡ) from their δˡ⁺¹, zˡ and aˡ "
            "with the true weights; ∂L/∂W⁽ˡ⁾ = aˡ⁻¹ᵀδˡ from their δˡ and aˡ⁻¹, "
            "∂L/∂b⁽ˡ⁾ = Σₙ δₙˡ from their δˡ; W⁽ˡ⁾_new = W⁽ˡ⁾ − η ∂L/∂W⁽ˡ⁾ from their "
            "gradient, b⁽ˡ⁾_new likewise; ŷ_new from their new parameters and loss_new from "
            "their ŷ_new",
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: backprop, layout: Wx, loss: half_sse,
 inputs: [[0.2, -0.4, 0.1, 0.5], [0.8, 1.0, -0.1, 0.3], [-0.5, 0.9, 0.2, -0.8]],
 targets: [-0.5, 0.1, 0.8],
 layers: [{W: [[-0.6, 0.7, 0.9, -0.3], [0.4, 0.5, -1.0, 0.1]], b: [-0.4, -0.5],
           activation: relu},
          {W: [0.2, 0.6], b: -0.7, activation: identity}]}""",
)

__all__ = ["KIND", "BackpropInputs", "read", "solve"]
