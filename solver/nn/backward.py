"""Backpropagation through a dense network, one row per sample and weights as in × out.

δ⁽ˡ⁾ = ∂L/∂z⁽ˡ⁾. At the output, δ⁽ᴸ⁾ = ∂L/∂ŷ ⊙ g'(z⁽ᴸ⁾) for an element-wise g, or per sample
Jᵀ ∂L/∂ŷ with the softmax Jacobian J; two pairs cancel to a closed form: softmax with
cross-entropy gives p Σₖtₖ − t, sigmoid with bce gives (ŷ − t)/n. Below it,
δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾W⁽ˡ⁺¹⁾ᵀ) ⊙ gₗ'(z⁽ˡ⁾), and ∂L/∂W⁽ˡ⁾ = a⁽ˡ⁻¹⁾ᵀδ⁽ˡ⁾, ∂L/∂b⁽ˡ⁾ = Σₙ δₙ⁽ˡ⁾.
A gradient-descent step is θ − η ∂L/∂θ.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.nn.activations import Activation
from solver.nn.losses import Loss, softmax_cross_entropy_gradient
from solver.nn.network import Layer, row

Matrix = sympy.ImmutableMatrix


def _same(value):
    return value


@dataclass(frozen=True)
class Delta:
    """δ = ∂L/∂z with a row per sample and how it was found: ``rule`` is "softmax_ce",
    "sigmoid_bce", "elementwise" (``upstream`` ⊙ ``derivative``) or "jacobian" (Jᵀ
    ``upstream`` per sample, one J in ``jacobians`` per sample)."""

    delta: Matrix
    rule: str
    upstream: Matrix | None = None
    derivative: Matrix | None = None
    jacobians: tuple[Matrix, ...] = ()


def through_activation(g: Activation, Z: Matrix, A: Matrix, upstream: Matrix,
                       settle=_same) -> Delta:
    """δ = upstream ⊙ g'(Z) (g' from z, or from a = g(z) for σ and tanh), or per sample
    J(z)ᵀ upstream for softmax; ``settle`` is how the network carries the derivatives
    (``Network.settle``)."""
    if g.vector:
        jacobians = tuple(settle(g.jacobian(tuple(Z.row(i)), tuple(A.row(i))))
                          for i in range(Z.rows))
        delta = Matrix([list(J.T * upstream.row(i).T) for i, J in enumerate(jacobians)])
        return Delta(delta, "jacobian", upstream, None, jacobians)
    derivative = settle(Matrix(Z.rows, Z.cols, lambda i, j: g.derivative(Z[i, j], A[i, j])))
    delta = Matrix(Z.rows, Z.cols, lambda i, j: upstream[i, j] * derivative[i, j])
    return Delta(delta, "elementwise", upstream, derivative)


def output_delta(loss: Loss, g: Activation, Z: Matrix, Y: Matrix, T: Matrix,
                 P: Matrix | None = None, settle=_same) -> Delta:
    """δ⁽ᴸ⁾ = ∂L/∂z⁽ᴸ⁾ for outputs ŷ = g(Z) and targets T; ``P`` are the probabilities
    cross_entropy takes the log of (softmax of its logits), for cross_entropy."""
    if loss.on_logits and g.vector:
        return Delta(settle(softmax_cross_entropy_gradient(P, T)), "softmax_ce")
    if loss.name == "bce" and g.base == "sigmoid" and not g.scaled:
        return Delta(sigmoid_bce_delta(Y, T), "sigmoid_bce")
    upstream = softmax_cross_entropy_gradient(P, T) if loss.on_logits else loss.gradient(Y, T)
    return through_activation(g, Z, Y, settle(upstream), settle)


def sigmoid_bce_delta(Y: Matrix, T: Matrix) -> Matrix:
    """δᴸ = (ŷ − t)/n for a sigmoid output under bce over n entries."""
    n = Y.rows * Y.cols
    return Matrix(Y.rows, Y.cols, lambda i, j: (Y[i, j] - T[i, j]) / n)


def back_through_weight(above: Layer, delta: Matrix) -> Matrix:
    """∂L/∂a⁽ˡ⁾ = δ⁽ˡ⁺¹⁾W⁽ˡ⁺¹⁾ᵀ with W⁽ˡ⁺¹⁾ in × out."""
    return Matrix(delta * above.matrix.T)


def weight_gradient(A: Matrix, delta: Matrix) -> Matrix:
    """∂L/∂W⁽ˡ⁾ = a⁽ˡ⁻¹⁾ᵀ δ⁽ˡ⁾ (in × out), summed over the samples."""
    return Matrix(A.T * delta)


def bias_gradient(delta: Matrix) -> Matrix:
    """∂L/∂b⁽ˡ⁾ = Σₙ δₙ⁽ˡ⁾ (a 1 × out row)."""
    return row(sympy.Add(*delta.col(j)) for j in range(delta.cols))


def descended(value: Matrix, eta, gradient: Matrix) -> Matrix:
    """One gradient-descent step θ − η ∂L/∂θ."""
    return Matrix(value - eta * gradient)
