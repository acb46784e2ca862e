"""Error carried forward: a later result recomputed from the student's own earlier values.

When a part sets ``ecf: true`` and a student's earlier value is wrong, a later answer that
follows correctly from it earns its credit. Each kind with a chain of values says how each
value follows from the ones before it; every value in a chain is the student's own where they
gave it, else worked out from the values before it, so a later value rests on the nearest
earlier values the student gave (on the engine's numbers where they gave none). A value of
the wrong shape, or one that is not a number where the chain needs a number, carries nothing.

- forward_pass: zₗ = W⁽ˡ⁾aₗ₋₁ + b⁽ˡ⁾ (aₗ₋₁W⁽ˡ⁾ + b⁽ˡ⁾ in the xW layout) from the student's
  aₗ₋₁, and aₗ = gₗ(zₗ) from their zₗ, layer after layer (ŷ = a_L);
- backprop: the forward values as in forward_pass; the loss from their ŷ (from their p, the
  softmax of ŷ, when cross_entropy has one); δᴸ = ∂L/∂ŷ ⊙ g'(zᴸ) from their ŷ (p) and zᴸ;
  δˡ = (δˡ⁺¹W⁽ˡ⁺¹⁾ᵀ) ⊙ gₗ'(zˡ) from their δˡ⁺¹ and zˡ, aˡ with the true weights;
  ∂L/∂W⁽ˡ⁾ = aˡ⁻¹ᵀδˡ from their δˡ and aˡ⁻¹, ∂L/∂b⁽ˡ⁾ = Σₙ δₙˡ from their δˡ;
  W⁽ˡ⁾_new = W⁽ˡ⁾ − η ∂L/∂W⁽ˡ⁾ from their gradient, b⁽ˡ⁾_new likewise; ŷ_new from their
  new parameters and loss_new from their ŷ_new;
- line_search_step: λ = gᵀg / gᵀQg from their gradient g, θₖ₊₁ = θₖ − λg from their λ and
  g, L(θₖ₊₁) from their θₖ₊₁;
- activation_derivative: J = diag(g'(zᵢ)) from their g'(z), J = diag(s) − s sᵀ from their
  softmax s;
- conv_shapes: each layer's output shape from their shape of the layer before it (the input
  for the first), the total parameter count from their per-layer counts (each from their
  input shape of that layer).

``carried`` gives the value in the form the engine shows it and the names of the student's
values it was computed from.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping

import sympy

from solver.answers import Named
from solver.exact import sign_of
from solver.kinds import KINDS
from solver.kinds.base import Without
from solver.kinds.conv_shapes import ConvShapesInputs
from solver.kinds.given import ANSWER, Given, NotCarried
from solver.nn.activations import Activation
from solver.nn.losses import softmax_cross_entropy_gradient
from solver.numbers import symbol
from solver.steps.network import (
    Network,
    activate,
    bias_gradient,
    compact,
    probability_term,
    run,
    sigmoid_bce_delta,
    through_activation,
    weight_gradient,
)

Matrix = sympy.ImmutableMatrix
_NAME = re.compile(r"([A-Za-z]+)(\d*)(_new)?")
_INDEXED = re.compile(r"([a-z]+)(\d+)")
_NOT_FINITE = (sympy.nan, sympy.zoo, sympy.oo, -sympy.oo)

_RECENT = 64


class CarryForward:
    """Error carried forward by re-solving: a part solved again with a student's earlier
    values supplied (``solver.kinds.given``), each re-solve kept for the checking run that
    owns this object (a class's repeated answers re-solve once)."""

    def __init__(self):
        self._recent: OrderedDict = OrderedDict()

    def carried(self, kind: str, inputs, name: str | None, earlier: Mapping[str, object]):
        """(the value ``name`` takes when computed from the student's ``earlier`` values,
        the names of the values it was computed from), or None when the kind carries
        nothing or the value rests on none of them. ``name`` is None for a part's single
        answer."""
        record = KINDS[kind]
        if isinstance(record.carries, Without):
            return _carried_by_chain(kind, inputs, name, earlier)
        target = ANSWER if name is None else name
        if not any(other != target for other in earlier):
            return None
        given = self._solved(record, inputs, earlier)
        return None if given is None else given.carried(target)

    def _solved(self, record, inputs, earlier: Mapping[str, object]) -> Given | None:
        key = (record.name, inputs, tuple(sorted((name, _hashable(value))
                                                 for name, value in earlier.items())))
        try:
            hash(key)
        except TypeError:  # inputs that hold a mapping are solved afresh
            return _solve_given(record, inputs, earlier)
        if key in self._recent:
            self._recent.move_to_end(key)
            return self._recent[key]
        given = self._recent[key] = _solve_given(record, inputs, earlier)
        while len(self._recent) > _RECENT:
            self._recent.popitem(last=False)
        return given


def _solve_given(record, inputs, earlier: Mapping[str, object]) -> Given | None:
    """The part solved with the student's values supplied; None when they cannot stand in
    for the engine's (the arithmetic of the kind fails on them)."""
    given = Given(earlier)
    try:
        record.solve(inputs, given)
    except (NotCarried, ArithmeticError, ValueError, TypeError):
        return None
    return given


def _carried_by_chain(kind: str, inputs, name: str | None, earlier: Mapping[str, object]):
    if kind not in _CHAINS:
        return None
    make, target_of = _CHAINS[kind]
    target = target_of(inputs, name)
    if target is None or not any(other != target for other in earlier):
        return None
    try:
        return _chain_for(make, inputs, earlier).result(target)
    except _NoCarry:
        return None


class _NoCarry(Exception):
    """The student's values do not determine the later one (the wrong shape, not a number,
    outside the loss's domain): nothing is carried."""


# -- a chain of named values ----------------------------------------------------------------


class _Chain:
    """Values by name: the student's own where they gave one (under the name or one of its
    ``aliases``), else derived from the values before it. Each value is worked out once,
    with the names of the student's values it rests on, so one chain serves every later
    answer of a part (a value never rests on a later one, so never on the answer checked)."""

    def __init__(self, earlier: Mapping[str, object],
                 aliases: Mapping[str, tuple[str, ...]] | None = None):
        self.earlier = earlier
        self.aliases = aliases or {}
        self._known: dict[str, tuple[object, tuple[str, ...]] | None] = {}
        self._used: list[list[str]] = []

    def value(self, name: str):
        if name not in self._known:
            self._used.append([])
            try:
                found = self._resolve(name)
            except _NoCarry:
                self._known[name] = None
                raise
            finally:
                used = self._used.pop()
            self._known[name] = (found, tuple(dict.fromkeys(used)))
        known = self._known[name]
        if known is None:
            raise _NoCarry
        if self._used:
            self._used[-1].extend(known[1])
        return known[0]

    def _resolve(self, name: str):
        for alias in self.aliases.get(name, (name,)):
            if alias in self.earlier:
                self._used[-1].append(alias)
                return self.read(name, self.earlier[alias])
        return self.derive(name)

    def result(self, target: str):
        """``target`` derived from the values before it (never from the student's own value
        of it) and the student's values it rests on; None when it rests on none."""
        self._used = [[]]
        value = self.derive(target)
        used = tuple(dict.fromkeys(self._used.pop()))
        return (self.shown(target, value), used) if used else None

    def read(self, name: str, value):
        """The student's value for ``name`` as the chain computes with it."""
        raise NotImplementedError

    def derive(self, name: str):
        raise NotImplementedError

    def shown(self, name: str, value):
        """A computed value in the form the engine gives it."""
        return value


_RECENT_CHAINS = 16
_local = threading.local()


def _chain_for(make: Callable, inputs, earlier: Mapping[str, object]) -> _Chain:
    """The chain of a part for a student's earlier values: the one made for the part's
    previous answer when the values are the same."""
    recent = getattr(_local, "chains", None)
    if recent is None:
        recent = _local.chains = OrderedDict()
    key = (make, id(inputs), tuple(sorted((name, _hashable(value))
                                          for name, value in earlier.items())))
    found = recent.get(key)
    if found is not None and found[0] is inputs:
        recent.move_to_end(key)
        return found[1]
    chain = make(inputs, earlier)
    recent[key] = (inputs, chain)
    while len(recent) > _RECENT_CHAINS:
        recent.popitem(last=False)
    return chain


def _hashable(value):
    return sympy.ImmutableMatrix(value) if isinstance(value, sympy.MatrixBase) else value


def _numbers(value) -> Matrix:
    """A scalar or matrix of finite real numbers as a matrix (a scalar as 1×1)."""
    if isinstance(value, sympy.Expr):
        value = Matrix([[value]])
    if not isinstance(value, sympy.MatrixBase) or not all(_is_number(e) for e in value):
        raise _NoCarry
    return Matrix(value)


def _is_number(entry) -> bool:
    return isinstance(entry, sympy.Expr) and bool(entry.is_number) \
        and not entry.has(*_NOT_FINITE) and entry.is_real is not False


def _number(value):
    """A finite real number (a 1×1 matrix as its entry)."""
    matrix = _numbers(value)
    if matrix.shape != (1, 1):
        raise _NoCarry
    return matrix[0, 0]


def _expressions(value, shape: tuple[int, int]) -> Matrix:
    """A matrix of expressions of the given shape (a scalar for 1×1)."""
    if isinstance(value, sympy.Expr):
        value = Matrix([[value]])
    if not isinstance(value, sympy.MatrixBase) or value.shape != shape \
            or not all(isinstance(e, sympy.Expr) and not e.has(*_NOT_FINITE) for e in value):
        raise _NoCarry
    return Matrix(value)


def _expression(value) -> sympy.Expr:
    """A scalar expression (a 1×1 matrix as its entry)."""
    return _expressions(value, (1, 1))[0, 0]


# -- dense networks: forward_pass and backprop ----------------------------------------------


class _Network(_Chain):
    """The values of a dense network, computed with one row per sample, weights as
    in × out and biases as 1 × out rows (as ``solver.steps.network`` computes them), read
    from and shown in the spec's layout. ŷ is stored as a{L}."""

    def __init__(self, inputs, earlier):
        self.network: Network = inputs.network
        self.layers = self.network.layers
        self.count = len(self.layers)
        self.X = inputs.samples
        self.T = getattr(inputs, "targets", None)
        self.loss = getattr(inputs, "loss", None)
        self.eta = getattr(inputs, "learning_rate", None)
        output = f"a{self.count}"
        super().__init__(earlier, {output: ("yhat", output)})

    def result(self, target: str):
        return super().result(f"a{self.count}" if target == "yhat" else target)

    # names
    def _parts(self, name: str) -> tuple[str, int, bool]:
        match = _NAME.fullmatch(name)
        if match is None:
            raise _NoCarry
        base, number, new = match.group(1), match.group(2), bool(match.group(3))
        if base == "yhat" and not new:
            return "a", self.count, False
        return base, int(number) if number else 0, new

    def _layer(self, number: int):
        if not 1 <= number <= self.count:
            raise _NoCarry
        return self.layers[number - 1]

    def _width(self, base: str, number: int) -> int:
        """The number of columns of a row-per-sample value."""
        if base in ("p", "yhat"):
            return self.layers[-1].outputs
        return self.X.cols if number == 0 else self._layer(number).outputs

    # reading and showing
    def read(self, name: str, value):
        base, number, new = self._parts(name)
        if base in ("z", "a", "delta", "p", "yhat"):
            return self._rows(value, (self.X.rows, self._width(base, number)))
        if base in ("W", "b"):
            return _unwritten(self._layer(number), _numbers(value), bias=base == "b")
        if base == "loss":
            return _number(value)
        raise _NoCarry

    def _rows(self, value, shape: tuple[int, int]) -> Matrix:
        """The student's matrix (as the layout shows it) with one row per sample."""
        matrix = _numbers(value)
        rows = matrix if self.network.layout == "xW" else matrix.T
        if rows.shape != shape:
            raise _NoCarry
        return Matrix(rows)

    def shown(self, name: str, value):
        base, number, _ = self._parts(name)
        if base in ("W", "b"):
            return self._layer(number).written(value, bias=base == "b")
        if base == "loss":
            return value
        return compact(self.network.show(value))

    # the links of the chain
    def derive(self, name: str):
        base, number, new = self._parts(name)
        if base == "a":
            return self.X if number == 0 else activate(self._layer(number).activation,
                                                       self.value(f"z{number}"))
        if base == "z":
            return _pre_activation(self._layer(number), self.network.layout,
                                   self.value(f"a{number - 1}"))
        if self.loss is None:
            raise _NoCarry
        derivations: dict[str, Callable] = {
            "p": lambda: _softmax(self.value(f"a{self.count}")),
            "loss": lambda: self._loss(new),
            "delta": lambda: self._delta(number),
            "W": lambda: self._new_weight(number) if new else weight_gradient(
                self.value(f"a{number - 1}"), self.value(f"delta{number}")),
            "b": lambda: self._new_bias(number) if new else bias_gradient(
                self.value(f"delta{number}")),
            "yhat": lambda: self._new_output(),
        }
        if base not in derivations:
            raise _NoCarry
        return derivations[base]()

    def _cross_entropy_probabilities(self) -> bool:
        """True when cross_entropy takes softmax of the outputs itself (the values p)."""
        return self.loss.on_logits and not self.layers[-1].activation.vector

    def _loss(self, new: bool):
        """L of the outputs ŷ (ŷ_new for loss_new), as in ``solver.nn.losses``."""
        outputs = self.value("yhat_new" if new else f"a{self.count}")
        if not self.loss.on_logits:
            if self.loss.domain_problem(outputs, self.T) is not None:
                raise _NoCarry
            return self.loss.evaluate(outputs, self.T).value
        if not self._cross_entropy_probabilities():
            return _cross_entropy(outputs, self.T)
        probabilities = _softmax(outputs) if new else self.value("p")
        return _cross_entropy(probabilities, self.T)

    def _delta(self, number: int):
        if number == self.count:
            return self._output_delta()
        self._layer(number)
        return _hidden_delta(self.layers[number], self.layers[number - 1].activation,
                             self.value(f"delta{number + 1}"), self.value(f"z{number}"),
                             self.value(f"a{number}"))

    def _output_delta(self):
        """δᴸ = ∂L/∂zᴸ by the rule the engine uses for this loss and output activation."""
        g, outputs = self.layers[-1].activation, self.value(f"a{self.count}")
        if self.loss.on_logits and g.vector:
            return softmax_cross_entropy_gradient(outputs, self.T)
        if self.loss.name == "bce" and g.base == "sigmoid" and not g.scaled:
            return sigmoid_bce_delta(outputs, self.T)
        if self.loss.on_logits:
            upstream = softmax_cross_entropy_gradient(self.value("p"), self.T)
        else:
            if self.loss.domain_problem(outputs, self.T) is not None:
                raise _NoCarry
            upstream = self.loss.gradient(outputs, self.T)
        return _through(g, self.value(f"z{self.count}"), outputs, upstream)

    def _new_weight(self, number: int):
        """W⁽ˡ⁾ − η ∂L/∂W⁽ˡ⁾ (in × out)."""
        return Matrix(self._layer(number).matrix - self.eta * self.value(f"W{number}"))

    def _new_bias(self, number: int):
        """b⁽ˡ⁾ − η ∂L/∂b⁽ˡ⁾ (a 1 × out row)."""
        layer = self._layer(number)
        if layer.bias is None:
            raise _NoCarry
        return Matrix(Matrix(1, len(layer.bias), layer.bias) - self.eta * self.value(f"b{number}"))

    def _new_output(self):
        """ŷ_new: the forward pass of the network with the new parameters."""
        layers = tuple(
            layer.with_parameters(self.value(f"W{number}_new"),
                                  None if layer.bias is None else self.value(f"b{number}_new"))
            for number, layer in enumerate(self.layers, start=1))
        return run(Network(layers, self.network.layout), self.X).output


def _unwritten(layer, value: Matrix, bias: bool) -> Matrix:
    """A weight (in × out) or bias (1 × out) from the shape the spec wrote it in: the
    inverse of ``Layer.written``."""
    rows, cols = (1, layer.outputs) if bias else (layer.inputs, layer.outputs)
    written = layer.written(sympy.zeros(rows, cols), bias=bias)
    shape = written.shape if isinstance(written, sympy.MatrixBase) else (1, 1)
    if value.shape != shape:
        raise _NoCarry
    if bias or layer.flat or not isinstance(written, sympy.MatrixBase):
        return Matrix(rows, cols, list(value))
    return value if layer.layout == "xW" else Matrix(value.T)


def _pre_activation(layer, layout: str, inputs: Matrix) -> Matrix:
    """z⁽ˡ⁾ = a⁽ˡ⁻¹⁾W⁽ˡ⁾ + b⁽ˡ⁾, the bias added to every sample (a row per sample)."""
    return run(Network((layer,), layout), inputs).pre[0]


def _softmax(Z: Matrix) -> Matrix:
    """p = softmax(z) per sample."""
    return activate(Activation("softmax"), Z)


def _cross_entropy(P: Matrix, T: Matrix):
    """L = −Σₙ Σₖ tₙₖ log pₙₖ for probabilities p (every p with tₙₖ ≠ 0 must be positive)."""
    if any(t != 0 and sign_of(p) <= 0 for p, t in zip(P, T, strict=True)):
        raise _NoCarry
    return -sympy.Add(*(probability_term(P.row(i), T.row(i)) for i in range(P.rows)))


def _through(g, Z: Matrix, A: Matrix, upstream: Matrix) -> Matrix:
    """δ = upstream ⊙ g'(z) (g' from z, or from a = g(z) for σ and tanh), or Jᵀ upstream per
    sample for softmax."""
    if Z.shape != A.shape or upstream.shape != Z.shape:
        raise _NoCarry
    return Matrix(through_activation(g, Z, A, upstream)[0])


def _hidden_delta(above, g, delta_above: Matrix, Z: Matrix, A: Matrix) -> Matrix:
    """δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾ W⁽ˡ⁺¹⁾ᵀ) ⊙ gₗ'(z⁽ˡ⁾) with W⁽ˡ⁺¹⁾ in × out (layout Wx: W⁽ˡ⁺¹⁾ᵀδ⁽ˡ⁺¹⁾)."""
    return _through(g, Z, A, Matrix(delta_above * above.matrix.T))



class _ActivationJacobian(_Chain):
    """g'(z) (or the softmax s for softmax) and the Jacobian ∂a/∂z built from it."""

    def __init__(self, inputs, earlier):
        self.g, self.size = inputs.activation, inputs.size
        self.zs = tuple(symbol(f"z{i}") for i in range(1, self.size + 1))
        super().__init__(earlier)

    def read(self, name: str, value):
        if name == "softmax":
            return _expressions(value, (self.size, 1))
        return _expression(value)

    def derive(self, name: str):
        if name == "softmax":
            return Matrix(self.size, 1, self.g.values(self.zs))
        if name == "derivative":
            return self.g.derivative_formula(symbol("z"))
        if name != "jacobian":
            raise _NoCarry
        if self.g.vector:
            return _softmax_jacobian(self.value("softmax"))
        return _diagonal_jacobian(self.value("derivative"), self.zs)


def _softmax_jacobian(s: Matrix) -> Matrix:
    """∂sᵢ/∂zⱼ = sᵢ(δᵢⱼ − sⱼ), i.e. J = diag(s) − s sᵀ."""
    return Matrix(s.rows, s.rows, lambda i, j: s[i] * (int(i == j) - s[j]))


def _diagonal_jacobian(derivative, zs) -> Matrix:
    """J = diag(g'(z₁), …, g'(zₙ)) for an element-wise g."""
    z = symbol("z")
    return Matrix(sympy.diag(*(derivative.xreplace({z: zi}) for zi in zs)))


# -- convolution shapes ----------------------------------------------------------------------


def _index(name: str, prefix: str) -> int | None:
    match = _INDEXED.fullmatch(name)
    return int(match.group(2)) if match and match.group(1) == prefix else None


class _ConvShapes(_Chain):
    """The output shape of each layer (``layer0`` is the input), each layer's parameter
    count from its input shape, and their total ``parameters``."""

    def __init__(self, inputs, earlier):
        self.inputs = inputs
        super().__init__(earlier)

    def _layer(self, number: int):
        if not 1 <= number <= len(self.inputs.layers):
            raise _NoCarry
        return self.inputs.layers[number - 1]

    def read(self, name: str, value):
        number = _index(name, "layer")
        if number is not None:
            length = 1 if self._layer(number).type == "dense" else 3
            shape = _numbers(value)
            if shape.shape != (1, length) or not all(e.is_Integer and e > 0 for e in shape):
                raise _NoCarry
            return tuple(int(entry) for entry in shape)
        count = _number(value)
        if not (count.is_Integer and count >= 0):
            raise _NoCarry
        return count

    def shown(self, name: str, value):
        return Matrix([list(value)]) if _index(name, "layer") is not None else value

    def derive(self, name: str):
        if name == "layer0":
            return self.inputs.input
        if name == "parameters":
            return sympy.Add(*(self.value(f"params{number}")
                               for number in range(1, len(self.inputs.layers) + 1)))
        for prefix, position in (("layer", 0), ("params", 1)):
            number = _index(name, prefix)
            if number is not None:
                return _one_layer(self.value(f"layer{number - 1}"), self._layer(number),
                                  self.inputs.tiling)[position]
        raise _NoCarry


def _one_layer(shape: tuple[int, ...], layer,
               tiling: str) -> tuple[tuple[int, ...], sympy.Integer]:
    """A layer's output shape and parameter count for an input of the given shape (the
    kind's own arithmetic on a stack of that one layer, under the part's tiling rule)."""
    solved = KINDS["conv_shapes"].solve(ConvShapesInputs(shape, (layer,), None, tiling))
    if not isinstance(solved.answer, Named):
        raise _NoCarry
    return tuple(int(n) for n in solved.answer["layer1"].value), \
        solved.answer["parameters"].value


def _shape_target(inputs, name: str | None) -> str | None:
    """The layer shapes and the parameter total (whether the target shape is reached is
    not something a student can write)."""
    if name is None or not (_index(name, "layer") or name == "parameters"):
        return None
    return name


def _named(inputs, name: str | None) -> str | None:
    return name




def _single_only(target: str) -> Callable:
    """The part's single answer, under the name ``target``."""
    return lambda inputs, name: target if name is None else None


# kind: (make the chain of a part from its inputs and a student's values, the name of the
# answer to check in that chain, or None when it has no chain)
_CHAINS: dict[str, tuple[Callable, Callable]] = {
    "forward_pass": (_Network, _named),
    "backprop": (_Network, _named),
    "activation_derivative": (_ActivationJacobian, _single_only("jacobian")),
    "conv_shapes": (_ConvShapes, _shape_target),
}
