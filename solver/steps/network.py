"""Steps of dense neural networks: the forward pass, the loss, backpropagation of the
δ terms, parameter gradients and updates, activation Jacobians and loss gradients.

Notation: layer l computes z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾ (layout ``Wx``: W is outputs × inputs,
a sample is a column) or z⁽ˡ⁾ = a⁽ˡ⁻¹⁾W⁽ˡ⁾ + b⁽ˡ⁾ (layout ``xW``: W is inputs × outputs,
samples are rows), then a⁽ˡ⁾ = gₗ(z⁽ˡ⁾), with a⁽⁰⁾ = x. Step fields hold matrices in the
orientation the layout shows them (``Wx``: one column per sample; ``xW``: one row per
sample), a 1×1 matrix as its number. The builders at the end compute in one orientation
(a row per sample, the weight as inputs × outputs) and turn the results round for display.

A ``numeric`` network (decimal inputs) carries every value that stops being rational (a
sigmoid, tanh, softmax or log of decimals) as a Float of ``CARRIED_DIGITS`` digits, so the
layers after it compute with numbers, not nested exact expressions; rational values stay
exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from solver.exact import sign_of
from solver.nn.activations import Activation
from solver.nn.losses import Loss
from solver.numbers import symbol
from solver.steps.base import Step

Matrix = sympy.ImmutableMatrix
UNIT_LINES = 6
CARRIED_DIGITS = 40  # digits of the Floats a numeric network carries


# -- the network ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Layer:
    """A dense layer: the weight and bias as the spec wrote them and as the layout uses them.

    ``weight`` is out × in (``Wx``) or in × out (``xW``); a flat list (``flat``) is the weight
    of a single-output layer, used as a 1 × in row (``Wx``) or an in × 1 column (``xW``).
    ``matrix`` is the weight as in × out in either layout. ``bias`` holds one entry per
    output, or is None when the layer has no bias; ``shown_bias`` is it as a column (``Wx``)
    or a row (``xW``). ``written_weight``/``written_bias`` keep the spec's shapes (a flat
    list as a column, a scalar bias as a number) so gradients can be reported in them.
    ``rule`` is gₗ(z) for display.
    """

    weight: Matrix
    matrix: Matrix
    bias: tuple | None
    shown_bias: Matrix | None
    activation: Activation
    rule: Any
    written_weight: Any
    written_bias: Any
    flat: bool
    layout: str

    @classmethod
    def build(cls, weight: Matrix, bias, activation: Activation, written_weight,
              written_bias, flat: bool, layout: str) -> Layer:
        bias = None if bias is None else tuple(bias)
        shown_bias = None
        if bias is not None:
            shown_bias = Matrix(1, len(bias), bias) if layout == "xW" \
                else Matrix(len(bias), 1, bias)
            if not isinstance(written_bias, sympy.MatrixBase):
                shown_bias = written_bias
        return cls(weight=weight, matrix=weight if layout == "xW" else weight.T, bias=bias,
                   shown_bias=shown_bias, activation=activation,
                   rule=activation.shown(symbol("z")), written_weight=written_weight,
                   written_bias=written_bias, flat=flat, layout=layout)

    @property
    def inputs(self) -> int:
        return self.matrix.rows

    @property
    def outputs(self) -> int:
        return self.matrix.cols

    def written(self, matrix: Matrix, bias: bool = False):
        """A gradient (in×out weight or 1×out bias) reshaped as the spec wrote the parameter."""
        target = self.written_bias if bias else self.written_weight
        if not isinstance(target, sympy.MatrixBase):
            return matrix[0, 0]
        if bias or self.flat:
            return Matrix(target.rows, target.cols, list(matrix))
        return matrix if self.layout == "xW" else matrix.T

    def with_parameters(self, matrix: Matrix, bias_row: Matrix | None) -> Layer:
        """The same layer with new parameters (in×out matrix, 1×out bias row)."""
        return Layer.build(matrix if self.layout == "xW" else matrix.T,
                           None if bias_row is None else tuple(bias_row), self.activation,
                           self.written(matrix),
                           None if bias_row is None else self.written(bias_row, bias=True),
                           self.flat, self.layout)


@dataclass(frozen=True)
class Network:
    """Dense layers in order; ``numeric``: irrational values are carried as Floats."""

    layers: tuple[Layer, ...]
    layout: str
    numeric: bool = False

    def settle(self, value):
        """A value as this network carries it: in a numeric network every number that is
        not rational (e^{-0.3775}, tanh(0.2)) becomes a Float of ``CARRIED_DIGITS`` digits."""
        return carried(value) if self.numeric else value

    def show(self, rows: Matrix):
        """A matrix with one row per sample, as the layout shows it (1×1 as a number)."""
        return compact(rows if self.layout == "xW" else rows.T)


@dataclass(frozen=True)
class Pass:
    """A forward pass, one row per sample: ``pre[l]`` = Z⁽ˡ⁺¹⁾, ``post[l]`` = A⁽ˡ⁺¹⁾."""

    pre: tuple[Matrix, ...]
    post: tuple[Matrix, ...]

    @property
    def output(self) -> Matrix:
        return self.post[-1]


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
    written gradient is the column of the row's entries.
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


# -- builders -------------------------------------------------------------------------------


def compact(value):
    """A 1×1 matrix as its one entry (how a single number is shown), anything else as is."""
    if isinstance(value, sympy.MatrixBase) and value.shape == (1, 1):
        return value[0, 0]
    return value


def carried(value):
    """An exact irrational number (or each such entry of a matrix) as a Float of
    ``CARRIED_DIGITS`` digits; rationals, Floats and symbolic expressions as they are."""
    if isinstance(value, sympy.MatrixBase):
        return value.applyfunc(carried)
    if isinstance(value, sympy.Expr) and not (value.is_Rational or value.is_Float) \
            and value.is_number:
        return value.evalf(CARRIED_DIGITS)
    return value


def _row(values) -> Matrix:
    values = tuple(values)
    return Matrix(1, len(values), values)


def activate(activation: Activation, Z: Matrix) -> Matrix:
    """A = g(Z), one row per sample."""
    return Matrix([list(activation.values(tuple(Z.row(i)))) for i in range(Z.rows)])


def _has_kink(activation: Activation, Z: Matrix) -> bool:
    return activation.kinked and any(sign_of(z) == 0 for z in Z)


def run(network: Network, X: Matrix) -> Pass:
    """The forward pass, one row per sample."""
    pre, post, A = [], [], X
    for layer in network.layers:
        Z = A * layer.matrix
        if layer.bias is not None:
            Z = Z + Matrix(Z.rows, Z.cols, lambda i, j, b=layer.bias: b[j])
        A = network.settle(activate(layer.activation, Z))
        pre.append(Matrix(Z))
        post.append(A)
    return Pass(tuple(pre), tuple(post))


def forward_steps(network: Network, X: Matrix, result: Pass) -> tuple[LayerForward, ...]:
    """One LayerForward per layer, with per-unit lines when a layer has few units."""
    steps, A = [], X
    batch = X.rows > 1
    for number, (layer, Z, post) in enumerate(
            zip(network.layers, result.pre, result.post, strict=True), start=1):
        product = A * layer.matrix
        units: tuple[UnitForward, ...] = ()
        if Z.rows * Z.cols <= UNIT_LINES and layer.inputs <= UNIT_LINES:
            units = tuple(_unit(number, layer, A, Z, post, n, k, batch)
                          for n in range(Z.rows) for k in range(Z.cols))
        steps.append(LayerForward(
            layer=number, layout=network.layout, batch=batch, activation=layer.activation,
            rule=layer.rule, weight=compact(layer.weight), bias=layer.shown_bias,
            inputs=network.show(A),
            product=network.show(product), pre=network.show(Z), post=network.show(post),
            units=units))
        A = post
    return tuple(steps)


def _unit(number, layer: Layer, A, Z, post, n, k, batch) -> UnitForward:
    if layer.flat:
        indices = tuple((j + 1,) for j in range(layer.inputs))
    elif layer.layout == "xW":
        indices = tuple((j + 1, k + 1) for j in range(layer.inputs))
    else:
        indices = tuple((k + 1, j + 1) for j in range(layer.inputs))
    activation = layer.activation
    return UnitForward(
        layer=number, unit=k + 1, single=layer.outputs == 1, sample=n + 1 if batch else 0,
        indices=indices,
        weights=tuple(layer.matrix.col(k)), inputs=tuple(A.row(n)),
        bias=None if layer.bias is None else layer.bias[k], pre=Z[n, k],
        shown=None if activation.vector else activation.shown(Z[n, k]), post=post[n, k],
        activation=activation)


def logits_of(network: Network, result: Pass) -> Matrix:
    """What cross_entropy applies softmax to: z⁽ᴸ⁾ under a softmax output, else a⁽ᴸ⁾."""
    if network.layers[-1].activation.vector:
        return result.pre[-1]
    return result.output


def loss_value(network: Network, loss: Loss, result: Pass, T: Matrix,
               label: str = "") -> LossValue:
    """The loss of a forward pass; ``undefined`` says why when bce leaves its domain."""
    Y = result.output
    n = Y.rows * Y.cols
    probabilities = None
    if loss.on_logits:
        logits = logits_of(network, result)
        if not network.layers[-1].activation.vector:
            probabilities = network.show(network.settle(activate(Activation("softmax"),
                                                                 logits)))
        parts = loss.evaluate(logits, T)
    else:
        problem = loss.domain_problem(Y, T)
        if problem is not None:
            return LossValue(loss=loss, label=label, outputs=network.show(Y),
                             targets=network.show(T), probabilities=None, n=n, terms=(),
                             scale=loss.scale(n), value=None, undefined=problem)
        parts = loss.evaluate(Y, T)
    if network.layers[-1].activation.vector and loss.on_logits:
        terms = tuple(probability_term(result.output.row(i), T.row(i))
                      for i in range(T.rows))
    else:
        terms = parts.terms
    return LossValue(loss=loss, label=label, outputs=network.show(Y), targets=network.show(T),
                     probabilities=probabilities, n=n,
                     terms=tuple(network.settle(term) for term in terms), scale=parts.scale,
                     value=network.settle(parts.value), undefined=None)


def probability_term(y, t):
    """Σₖ tₖ log ŷₖ for a softmax output ŷ (the same number as on the logits)."""
    return sympy.Add(*(tk * sympy.log(yk) for yk, tk in zip(y, t, strict=True) if tk != 0))


@dataclass(frozen=True)
class Backward:
    """The backward pass: the steps in reading order, δ⁽ˡ⁾ (a row per sample) per layer,
    and the gradients as in×out weight and 1×out bias rows."""

    steps: tuple[Step, ...]
    deltas: tuple[Matrix, ...]
    weight_gradients: tuple[Matrix, ...]
    bias_gradients: tuple[Matrix | None, ...]


def backward(network: Network, loss: Loss, X: Matrix, T: Matrix, result: Pass) -> Backward:
    """Backpropagate from the output δ to every layer's weight and bias gradients."""
    layers = network.layers
    count = len(layers)
    deltas: list[Matrix | None] = [None] * count
    weights: list[Matrix | None] = [None] * count
    biases: list[Matrix | None] = [None] * count
    output, delta = _output_delta(network, loss, T, result)
    steps: list[Step] = [output]
    deltas[-1] = delta
    for index in range(count - 1, -1, -1):
        layer = layers[index]
        A = X if index == 0 else result.post[index - 1]
        weights[index] = weight_gradient(A, delta)
        biases[index] = None if layer.bias is None else bias_gradient(delta)
        steps.append(ParameterGradient(
            layer=index + 1, layout=network.layout, batch=X.rows > 1,
            flat=layer.flat and network.layout == "Wx", delta=network.show(delta),
            transposed=compact(A.T if network.layout == "xW" else A),
            weight_gradient=compact(weights[index] if network.layout == "xW"
                                    else weights[index].T),
            written_weight_gradient=layer.written(weights[index]),
            bias_gradient=None if biases[index] is None else network.show(biases[index]),
            written_bias_gradient=None if biases[index] is None
            else layer.written(biases[index], bias=True)))
        if index == 0:
            break
        hidden, delta = _hidden_delta(network, index, delta, result)
        steps.append(hidden)
        deltas[index - 1] = delta
    return Backward(tuple(steps), tuple(deltas), tuple(weights), tuple(biases))


def _output_delta(network: Network, loss: Loss, T: Matrix, result: Pass):
    """The OutputDelta step and δ⁽ᴸ⁾ with a row per sample."""
    layer = network.layers[-1]
    g = layer.activation
    Z, Y = result.pre[-1], result.output
    n = Y.rows * Y.cols
    one_hot = all(sympy.Add(*T.row(i)) == 1 for i in range(T.rows))
    loss_gradient = derivative = None
    jacobians: tuple[Matrix, ...] = ()
    if loss.on_logits and g.vector:
        rule = "softmax_ce"
        delta = network.settle(loss.gradient(Z, T))
    elif loss.name == "bce" and g.base == "sigmoid" and not g.scaled:
        rule = "sigmoid_bce"
        delta = sigmoid_bce_delta(Y, T)
    else:
        loss_gradient = network.settle(
            loss.gradient(Y if not loss.on_logits else logits_of(network, result), T))
        delta, derivative, jacobians, rule = through_activation(g, Z, Y, loss_gradient,
                                                                network.settle)
    kink = rule == "elementwise" and _has_kink(g, Z)
    step = OutputDelta(
        layer=len(network.layers), layout=network.layout, loss=loss, activation=g, rule=rule,
        n=n, several=n > 1, outputs=network.show(Y), targets=network.show(T),
        loss_gradient=None if loss_gradient is None else network.show(loss_gradient),
        derivative=None if derivative is None else network.show(derivative),
        jacobians=jacobians, delta=network.show(delta), one_hot=one_hot, kink=kink,
        kink_value=g.kink_derivative if kink else None)
    return step, Matrix(delta)


def weight_gradient(A: Matrix, delta: Matrix) -> Matrix:
    """∂L/∂W⁽ˡ⁾ = a⁽ˡ⁻¹⁾ᵀ δ⁽ˡ⁾ (in × out), summed over the samples."""
    return Matrix(A.T * delta)


def bias_gradient(delta: Matrix) -> Matrix:
    """∂L/∂b⁽ˡ⁾ = Σₙ δₙ⁽ˡ⁾ (a 1 × out row)."""
    return _row(sympy.Add(*delta.col(j)) for j in range(delta.cols))


def sigmoid_bce_delta(Y: Matrix, T: Matrix) -> Matrix:
    """δᴸ = (ŷ − t)/n for a sigmoid output under bce over n entries."""
    n = Y.rows * Y.cols
    return Matrix(Y.rows, Y.cols, lambda i, j: (Y[i, j] - T[i, j]) / n)


def through_activation(g: Activation, Z: Matrix, A: Matrix, upstream: Matrix,
                       settle=lambda value: value):
    """δ = upstream ⊙ g'(Z), or per sample J(z)ᵀ upstream for softmax; ``settle`` is how
    the network carries the derivatives (Network.settle)."""
    if g.vector:
        jacobians = tuple(settle(g.jacobian(tuple(Z.row(i)), tuple(A.row(i))))
                          for i in range(Z.rows))
        delta = Matrix([list(J.T * upstream.row(i).T) for i, J in enumerate(jacobians)])
        return delta, None, jacobians, "jacobian"
    derivative = settle(Matrix(Z.rows, Z.cols, lambda i, j: g.derivative(Z[i, j], A[i, j])))
    delta = Matrix(Z.rows, Z.cols, lambda i, j: upstream[i, j] * derivative[i, j])
    return delta, derivative, (), "elementwise"


def _hidden_delta(network: Network, index: int, delta: Matrix, result: Pass):
    """The HiddenDelta step for layer ``index`` (0-based) from the δ of the layer above it,
    and the new δ with a row per sample."""
    above = network.layers[index]
    layer = network.layers[index - 1]
    back = delta * above.matrix.T
    Z, A = result.pre[index - 1], result.post[index - 1]
    new, derivative, jacobians, _ = through_activation(layer.activation, Z, A, back,
                                                       network.settle)
    kink = not layer.activation.vector and _has_kink(layer.activation, Z)
    step = HiddenDelta(
        layer=index, layout=network.layout, activation=layer.activation,
        weight=compact(above.weight), transpose=compact(above.weight.T),
        next_delta=network.show(delta), back=network.show(back),
        derivative=None if derivative is None else network.show(derivative),
        jacobians=jacobians, delta=network.show(new), kink=kink,
        kink_value=layer.activation.kink_derivative if kink else None)
    return step, Matrix(new)


def update(network: Network, backward_pass: Backward, eta) -> tuple[Network, tuple]:
    """One gradient-descent step on every parameter; the new network and its steps."""
    layers, steps = [], []
    for number, (layer, dW, db) in enumerate(zip(
            network.layers, backward_pass.weight_gradients, backward_pass.bias_gradients,
            strict=True), start=1):
        matrix = layer.matrix - eta * dW
        bias = None if db is None else _row(layer.bias) - eta * db
        new = layer.with_parameters(Matrix(matrix), None if bias is None else Matrix(bias))
        gradient = layer.written(dW)
        steps.append(ParameterUpdate(layer=number, name="W", value=layer.written_weight,
                                     gradient=gradient, learning_rate=eta,
                                     scaled=_times(eta, gradient),
                                     updated=new.written_weight))
        if db is not None:
            gradient = layer.written(db, bias=True)
            steps.append(ParameterUpdate(layer=number, name="b", value=layer.written_bias,
                                         gradient=gradient, learning_rate=eta,
                                         scaled=_times(eta, gradient),
                                         updated=new.written_bias))
        layers.append(new)
    return Network(tuple(layers), network.layout, network.numeric), tuple(steps)


def _times(eta, value):
    return Matrix(value * eta) if isinstance(value, sympy.MatrixBase) else eta * value
