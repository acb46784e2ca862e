"""Steps of dense neural networks: the forward pass, the loss, backpropagation of the
δ terms, parameter gradients and updates, activation Jacobians and loss gradients.

Notation: layer l computes z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾ (layout ``Wx``: W is outputs × inputs,
a sample is a column) or z⁽ˡ⁾ = a⁽ˡ⁻¹⁾W⁽ˡ⁾ + b⁽ˡ⁾ (layout ``xW``: W is inputs × outputs,
samples are rows), then a⁽ˡ⁾ = gₗ(z⁽ˡ⁾), with a⁽⁰⁾ = x (``solver.nn.network``). Step fields
hold matrices in the orientation the layout shows them (``Wx``: one column per sample;
``xW``: one row per sample), a 1×1 matrix as its number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from solver.nn.activations import Activation
from solver.nn.losses import Loss
from solver.steps.base import Step

Matrix = sympy.ImmutableMatrix


# -- forward pass ---------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class UnitForward(Step):
    """zₖ = Σⱼ wⱼₖ xⱼ + bₖ and aₖ = g(zₖ): one unit of one layer for one sample.

    ``indices`` name each weight as the spec's W indexes it (row, column), or by position
    for a flat weight; ``sample`` is 0 for a single sample; ``shown`` is g(z) unevaluated
    (None for softmax, whose value needs the whole vector z).
    """

    layer: int
    unit: int
    single: bool
    sample: int
    indices: tuple[tuple[int, ...], ...]
    weights: tuple[Any, ...]
    inputs: tuple[Any, ...]
    bias: Any
    pre: Any
    shown: Any
    post: Any
    activation: Activation


@dataclass(frozen=True, kw_only=True)
class LayerForward(Step):
    """Z⁽ˡ⁾ = W⁽ˡ⁾A⁽ˡ⁻¹⁾ + b⁽ˡ⁾ (``Wx``) or A⁽ˡ⁻¹⁾W⁽ˡ⁾ + b⁽ˡ⁾ (``xW``), the bias added to every
    sample; then A⁽ˡ⁾ = gₗ(Z⁽ˡ⁾) element-wise (softmax: per sample).

    ``units`` holds one UnitForward per unit and sample when there are few, else is empty
    and the template shows the matrix form.
    """

    layer: int
    layout: str
    batch: bool
    activation: Activation
    rule: Any
    weight: Any
    bias: Any
    inputs: Any
    product: Any
    pre: Any
    post: Any
    units: tuple[UnitForward, ...]


# -- loss -----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class LossValue(Step):
    """L = scale · Σ terms (see solver.nn.losses): ½Σ(ŷ − t)², Σ(ŷ − t)², (1/n)Σ(ŷ − t)²,
    −(1/n)Σ[t log ŷ + (1 − t) log(1 − ŷ)], or −Σₙ Σₖ tₙₖ log softmax(zₙ)ₖ.

    ``label`` is "" for the loss of the given parameters and "new" after an update;
    ``logits`` is True when cross_entropy applies softmax to the outputs itself.
    """

    loss: Loss
    label: str
    outputs: Any
    targets: Any
    probabilities: Any
    n: int
    terms: tuple[Any, ...]
    scale: Any
    value: Any
    undefined: str | None
    data: bool = False  # the data term of a loss with weight decay

    @property
    def show_terms(self) -> bool:
        return 0 < len(self.terms) <= 8


# -- backpropagation ------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class OutputDelta(Step):
    """δ⁽ᴸ⁾ = ∂L/∂z⁽ᴸ⁾ = ∂L/∂ŷ ⊙ g'(z⁽ᴸ⁾) for an element-wise g, or Jᵀ ∂L/∂ŷ per sample with
    the softmax Jacobian J; combined: softmax with cross-entropy gives s Σₖtₖ − t (s − t for
    one-hot t), sigmoid with bce gives (ŷ − t)/n since σ' = σ(1 − σ) cancels ∂L/∂ŷ's
    denominators.

    ``rule`` is "softmax_ce", "sigmoid_bce", "elementwise" or "jacobian"; ``kink`` is True
    when some z⁽ᴸ⁾ sits exactly at a ReLU kink, where g'(0) = ``kink_value``.
    """

    layer: int
    layout: str
    loss: Loss
    activation: Activation
    rule: str
    n: int
    several: bool
    outputs: Any
    targets: Any
    loss_gradient: Any
    derivative: Any
    jacobians: tuple[Matrix, ...]
    delta: Any
    one_hot: bool
    kink: bool
    kink_value: Any


@dataclass(frozen=True, kw_only=True)
class HiddenDelta(Step):
    """δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾) ⊙ gₗ'(z⁽ˡ⁾) (``Wx``) or (δ⁽ˡ⁺¹⁾ W⁽ˡ⁺¹⁾ᵀ) ⊙ gₗ'(z⁽ˡ⁾) (``xW``):
    the chain rule through z⁽ˡ⁺¹⁾ = W⁽ˡ⁺¹⁾a⁽ˡ⁾ + b, then through a⁽ˡ⁾ = gₗ(z⁽ˡ⁾); a softmax
    layer multiplies by its Jacobian per sample instead of ⊙ g'. ``kink`` is True when some
    z⁽ˡ⁾ sits exactly at a ReLU kink, where g'(0) = ``kink_value``.
    """

    layer: int
    layout: str
    activation: Activation
    weight: Any
    transpose: Any
    next_delta: Any
    back: Any
    derivative: Any
    jacobians: tuple[Matrix, ...]
    delta: Any
    kink: bool
    kink_value: Any


@dataclass(frozen=True, kw_only=True)
class ParameterGradient(Step):
    """∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾ A⁽ˡ⁻¹⁾ᵀ (``Wx``) or A⁽ˡ⁻¹⁾ᵀ δ⁽ˡ⁾ (``xW``), summing over the samples;
    ∂L/∂b⁽ˡ⁾ = Σₙ δₙ⁽ˡ⁾. Each gradient has the shape of its parameter.

    ``transposed`` is A⁽ˡ⁻¹⁾ᵀ as it enters the product; ``written_*`` are the gradients in
    the shape the spec wrote the parameters (a flat weight as a list, a scalar bias as a
    number); ``flat`` is True when a flat weight was used as a row (``Wx``), so that its
    written gradient is the column of the row's entries. With weight decay λ,
    ∂L/∂W⁽ˡ⁾ = ``data_weight_gradient`` + λ ``weight``.
    """

    layer: int
    layout: str
    batch: bool
    flat: bool
    delta: Any
    transposed: Any
    weight_gradient: Any
    written_weight_gradient: Any
    bias_gradient: Any
    written_bias_gradient: Any
    decay: Any = None
    data_weight_gradient: Any = None
    weight: Any = None


@dataclass(frozen=True, kw_only=True)
class ParameterUpdate(Step):
    """θ ← θ − η ∂L/∂θ: one gradient-descent step on a weight or bias."""

    layer: int
    name: str
    value: Any
    gradient: Any
    learning_rate: Any
    scaled: Any
    updated: Any


# -- activation Jacobians and loss gradients ------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ActivationRule(Step):
    """g(z) and its derivative g'(z) for a scalar z; the ReLU family's g'(0) is a convention
    (PyTorch's: the derivative from the left)."""

    activation: Activation
    variable: sympy.Symbol
    shown: Any
    formula: Any
    derivative: Any
    kink_value: Any
    derivative_shown: Any = None


@dataclass(frozen=True, kw_only=True)
class ActivationJacobian(Step):
    """aᵢ = g(zᵢ) depends on zᵢ alone, so ∂aᵢ/∂zⱼ = g'(zᵢ) if i = j and 0 otherwise."""

    activation: Activation
    variables: tuple[sympy.Symbol, ...]
    jacobian: Matrix
    shown: Any = None


@dataclass(frozen=True, kw_only=True)
class SoftmaxJacobian(Step):
    """sᵢ = e^{zᵢ}/Σₖe^{zₖ}: ∂sᵢ/∂zⱼ = sᵢ(δᵢⱼ − sⱼ), i.e. J = diag(s) − s sᵀ."""

    variables: tuple[sympy.Symbol, ...]
    softmax: tuple[Any, ...]
    jacobian: Matrix


@dataclass(frozen=True, kw_only=True)
class LossGradient(Step):
    """∂ℓ/∂ŷᵢ for ℓ summed over the entries: each entry's term depends on ŷᵢ alone."""

    loss: Loss
    size: int
    outputs: tuple[sympy.Symbol, ...]
    targets: tuple[sympy.Symbol, ...]
    value: Any
    gradient: Matrix
    shown: Any = None


@dataclass(frozen=True, kw_only=True)
class SoftmaxCrossEntropyGradient(Step):
    """E = −Σₖ tₖ log sₖ with s = softmax(z): ∂E/∂zᵢ = −Σₖ tₖ(δₖᵢ − sᵢ) = sᵢ Σₖ tₖ − tᵢ,
    which is sᵢ − tᵢ when Σₖ tₖ = 1 (one-hot t)."""

    size: int
    logits: tuple[sympy.Symbol, ...]
    targets: tuple[sympy.Symbol, ...]
    softmax: tuple[Any, ...]
    value: Any
    gradient: Matrix
    one_hot: Matrix


@dataclass(frozen=True, kw_only=True)
class SoftmaxCrossEntropyHessian(Step):
    """∂²E/∂zᵢ∂zⱼ = (Σₖ tₖ) pᵢ(δᵢⱼ − pⱼ) with p = softmax(z), from ∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ);
    for one-hot t, H = diag(p) − ppᵀ, positive semidefinite (vᵀHv = Σpᵢvᵢ² − (Σpᵢvᵢ)² is
    a variance), so E is convex in z."""

    size: int
    probabilities: tuple[sympy.Symbol, ...]
    general: Matrix
    one_hot: Matrix
