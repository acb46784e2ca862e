"""A dense network and its forward pass.

Layer l computes z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾ (layout ``Wx``: W is outputs × inputs, a sample is
a column) or z⁽ˡ⁾ = a⁽ˡ⁻¹⁾W⁽ˡ⁾ + b⁽ˡ⁾ (layout ``xW``: W is inputs × outputs, samples are
rows), then a⁽ˡ⁾ = gₗ(z⁽ˡ⁾), with a⁽⁰⁾ = x. The math is done in one orientation, a row per
sample and every weight as inputs × outputs (``Layer.matrix``); ``Network.show`` turns a
result round to the layout's orientation.

A ``numeric`` network (decimal inputs) carries every value that stops being rational (a
sigmoid, tanh, softmax or log of decimals) as a Float of ``CARRIED_DIGITS`` digits, so the
layers after it compute with numbers, not nested exact expressions; rational values stay
exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from solver.nn.activations import Activation
from solver.numbers import symbol

Matrix = sympy.ImmutableMatrix
CARRIED_DIGITS = 40  # digits of the Floats a numeric network carries


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

    @property
    def bias_row(self) -> Matrix:
        """The bias as a 1 × out row."""
        return row(self.bias)

    def written(self, matrix: Matrix, bias: bool = False):
        """A gradient (in×out weight or 1×out bias) reshaped as the spec wrote the parameter."""
        target = self.written_bias if bias else self.written_weight
        if not isinstance(target, sympy.MatrixBase):
            return matrix[0, 0]
        if bias or self.flat:
            return Matrix(target.rows, target.cols, list(matrix))
        return matrix if self.layout == "xW" else matrix.T

    def unwritten(self, value: Matrix, bias: bool = False) -> Matrix | None:
        """A weight (in × out) or bias (1 × out) from the shape the spec wrote it in, the
        inverse of :meth:`written`; None when ``value`` does not have that shape."""
        rows, cols = (1, self.outputs) if bias else (self.inputs, self.outputs)
        written = self.written(sympy.zeros(rows, cols), bias=bias)
        shape = written.shape if isinstance(written, sympy.MatrixBase) else (1, 1)
        if value.shape != shape:
            return None
        if bias or self.flat or not isinstance(written, sympy.MatrixBase):
            return Matrix(rows, cols, list(value))
        return value if self.layout == "xW" else Matrix(value.T)

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

    def rows(self, shown) -> Matrix:
        """A value shown in the layout as a matrix with one row per sample: the inverse of
        :meth:`show`."""
        matrix = shown if isinstance(shown, sympy.MatrixBase) else Matrix([[shown]])
        return Matrix(matrix if self.layout == "xW" else matrix.T)


@dataclass(frozen=True)
class Pass:
    """A forward pass, one row per sample: ``pre[l]`` = Z⁽ˡ⁺¹⁾, ``post[l]`` = A⁽ˡ⁺¹⁾."""

    pre: tuple[Matrix, ...]
    post: tuple[Matrix, ...]

    @property
    def output(self) -> Matrix:
        return self.post[-1]


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


def row(values) -> Matrix:
    """Values as a 1 × n row."""
    values = tuple(values)
    return Matrix(1, len(values), values)


def activate(activation: Activation, Z: Matrix) -> Matrix:
    """A = g(Z), one row per sample."""
    return Matrix([list(activation.values(tuple(Z.row(i)))) for i in range(Z.rows)])


def pre_activation(layer: Layer, A: Matrix) -> Matrix:
    """Z = A W + b with W in × out, the bias added to every sample (a row per sample)."""
    Z = A * layer.matrix
    if layer.bias is not None:
        Z = Z + Matrix(Z.rows, Z.cols, lambda i, j, b=layer.bias: b[j])
    return Matrix(Z)


def run(network: Network, X: Matrix) -> Pass:
    """The forward pass, one row per sample."""
    pre, post, A = [], [], X
    for layer in network.layers:
        Z = pre_activation(layer, A)
        A = network.settle(activate(layer.activation, Z))
        pre.append(Z)
        post.append(A)
    return Pass(tuple(pre), tuple(post))


def logits_of(network: Network, Z: Matrix, Y: Matrix) -> Matrix:
    """What cross_entropy applies softmax to: z⁽ᴸ⁾ under a softmax output, else ŷ = a⁽ᴸ⁾."""
    return Z if network.layers[-1].activation.vector else Y
