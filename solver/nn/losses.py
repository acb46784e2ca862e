"""The loss catalog: ``half_sse``, ``sse``, ``mse``, ``bce`` and ``cross_entropy``.

Outputs Y and targets T are matrices with one row per sample and one column per output;
n is the number of entries of Y (samples × outputs).

* half_sse  L = ½ Σ (y − t)²              ∂L/∂y = y − t
* sse       L = Σ (y − t)²                ∂L/∂y = 2(y − t)
* mse       L = (1/n) Σ (y − t)²          ∂L/∂y = (2/n)(y − t)
* bce       L = −(1/n) Σ [t log y + (1 − t) log(1 − y)]
                                          ∂L/∂y = (1/n)(−t/y + (1 − t)/(1 − y))
* cross_entropy on logits z, per sample −Σₖ tₖ log softmax(z)ₖ, summed over samples
                                          ∂L/∂zᵢ = softmaxᵢ(z) Σₖ tₖ − tᵢ

Everything is exact: the functions accept numbers and symbols alike.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import sympy

from solver.exact import sign_of
from solver.nn.activations import ActivationError, DifferenceOf, softmax

NAMES = ("half_sse", "sse", "mse", "bce", "cross_entropy")
ALIASES = {"ce": "cross_entropy", "crossentropy": "cross_entropy",
           "binary_cross_entropy": "bce", "softmax_cross_entropy": "cross_entropy"}
SQUARED = ("half_sse", "sse", "mse")


class LossError(ActivationError):
    """A loss name that is not in the catalog; ``hint`` suggests a fix."""


@dataclass(frozen=True)
class LossParts:
    """L = scale · Σ terms: the terms are y − t for the squared losses (squared in the sum),
    t log y + (1 − t) log(1 − y) per entry for bce, Σₖ tₖ log sₖ per sample for cross_entropy.
    """

    terms: tuple
    scale: sympy.Expr
    value: sympy.Expr


@dataclass(frozen=True)
class Loss:
    name: str

    @property
    def squared(self) -> bool:
        return self.name in SQUARED

    @property
    def on_logits(self) -> bool:
        """True for cross_entropy, which applies softmax to its input itself."""
        return self.name == "cross_entropy"

    def scale(self, n: int):
        """The constant in front of the sum for n entries."""
        return {"half_sse": sympy.Rational(1, 2), "sse": sympy.Integer(1),
                "mse": sympy.Rational(1, n), "bce": -sympy.Rational(1, n),
                "cross_entropy": sympy.Integer(-1)}[self.name]

    def gradient_factor(self, n: int):
        """c in ∂L/∂y = c (y − t) for the squared losses."""
        return {"half_sse": sympy.Integer(1), "sse": sympy.Integer(2),
                "mse": sympy.Rational(2, n)}[self.name]

    def domain_problem(self, Y: sympy.MatrixBase, T: sympy.MatrixBase) -> str | None:
        """Why the loss is undefined at these exact outputs, or None: bce needs every output
        strictly between 0 and 1 (it takes log ŷ and log(1 − ŷ), and its gradient divides by
        ŷ and 1 − ŷ)."""
        if self.name != "bce":
            return None
        for index, y in enumerate(Y):
            row, col = divmod(index, Y.cols)
            where = f"sample {row + 1}" + (f", output {col + 1}" if Y.cols > 1 else "")
            if sign_of(y) <= 0:
                return (f"bce needs outputs strictly between 0 and 1 (it takes log ŷ), but "
                        f"ŷ = {_plain(y)} ≤ 0 ({where})")
            if sign_of(1 - y) <= 0:
                return (f"bce needs outputs strictly between 0 and 1 (it takes log(1 − ŷ)), "
                        f"but ŷ = {_plain(y)} ≥ 1 ({where})")
        return None

    def evaluate(self, Y: sympy.MatrixBase, T: sympy.MatrixBase) -> LossParts:
        """The loss at outputs Y (logits for cross_entropy) and targets T, exactly."""
        n = Y.rows * Y.cols
        scale = self.scale(n)
        if self.squared:
            terms = tuple(y - t for y, t in zip(Y, T, strict=True))
            return LossParts(terms, scale, scale * sympy.Add(*(r**2 for r in terms)))
        if self.name == "bce":
            terms = tuple(_bce_term(y, t) for y, t in zip(Y, T, strict=True))
        else:
            terms = tuple(_cross_entropy_term(Y.row(i), T.row(i)) for i in range(Y.rows))
        return LossParts(terms, scale, scale * sympy.Add(*terms))

    def gradient(self, Y: sympy.MatrixBase, T: sympy.MatrixBase) -> sympy.ImmutableMatrix:
        """∂L/∂Y, the same shape as Y (∂L/∂z for cross_entropy on logits z)."""
        n = Y.rows * Y.cols
        if self.squared:
            c = self.gradient_factor(n)
            return sympy.ImmutableMatrix(Y.rows, Y.cols,
                                         lambda i, j: c * (Y[i, j] - T[i, j]))
        if self.name == "bce":
            k = sympy.Rational(1, n)
            return sympy.ImmutableMatrix(
                Y.rows, Y.cols,
                lambda i, j: k * (-T[i, j] / Y[i, j] + (1 - T[i, j]) / (1 - Y[i, j])))
        P = sympy.ImmutableMatrix([list(softmax(tuple(Y.row(i)))) for i in range(Y.rows)])
        return softmax_cross_entropy_gradient(P, T)


@dataclass(frozen=True)
class GradientShown:
    """∂L/∂Y as the handouts write it, factor · entries with the common factor collected:
    2(ŷ − t) for sse, (1/n)(ŷ − t)/(ŷ(1 − ŷ)) entry by entry for bce (display only; equal to
    :meth:`Loss.gradient`)."""

    factor: sympy.Expr
    entries: sympy.ImmutableMatrix


def gradient_shown(loss: Loss, Y: sympy.MatrixBase, T: sympy.MatrixBase) -> GradientShown:
    """The display form of ∂L/∂Y for the squared losses and bce (not for cross_entropy)."""
    n = Y.rows * Y.cols
    if loss.squared:
        return GradientShown(loss.gradient_factor(n), sympy.ImmutableMatrix(
            Y.rows, Y.cols, lambda i, j: DifferenceOf(Y[i, j], T[i, j])))
    if loss.name == "bce":
        return GradientShown(sympy.Rational(1, n), sympy.ImmutableMatrix(
            Y.rows, Y.cols, lambda i, j: sympy.Mul(
                DifferenceOf(Y[i, j], T[i, j]),
                sympy.Pow(Y[i, j] * (1 - Y[i, j]), -1, evaluate=False), evaluate=False)))
    raise ValueError("cross_entropy's gradient is shown by its own step")


def softmax_cross_entropy_gradient(P: sympy.MatrixBase, T: sympy.MatrixBase
                                   ) -> sympy.ImmutableMatrix:
    """∂L/∂zₙᵢ = pₙᵢ Σₖ tₙₖ − tₙᵢ for p = softmax(zₙ) (pₙᵢ − tₙᵢ for one-hot t)."""
    return sympy.ImmutableMatrix(P.rows, P.cols,
                                 lambda i, j: P[i, j] * sympy.Add(*T.row(i)) - T[i, j])


def probability_term(p, t):
    """Σₖ tₖ log pₖ for probabilities p (a softmax output: the same number as
    :func:`_cross_entropy_term` on its logits)."""
    return sympy.Add(*(tk * sympy.log(pk) for pk, tk in zip(p, t, strict=True) if tk != 0))


def cross_entropy_of_probabilities(P: sympy.MatrixBase, T: sympy.MatrixBase):
    """L = −Σₙ Σₖ tₙₖ log pₙₖ for probabilities P with a row per sample; None when some p
    with tₙₖ ≠ 0 is not positive (its log is undefined)."""
    if any(t != 0 and sign_of(p) <= 0 for p, t in zip(P, T, strict=True)):
        return None
    return -sympy.Add(*(probability_term(P.row(i), T.row(i)) for i in range(P.rows)))


def _bce_term(y, t):
    """t log y + (1 − t) log(1 − y), leaving out a term whose weight is exactly 0."""
    first = 0 if t == 0 else t * sympy.log(y)
    second = 0 if t == 1 else (1 - t) * sympy.log(1 - y)
    return first + second


def _cross_entropy_term(z, t):
    """Σₖ tₖ log softmax(z)ₖ with log softmax(z)ₖ = zₖ − log Σⱼ e^{zⱼ}."""
    log_total = sympy.log(sympy.Add(*(sympy.exp(zj) for zj in z)))
    return sympy.Add(*(tk * (zk - log_total) for zk, tk in zip(z, t, strict=True) if tk != 0))


def _plain(value) -> str:
    from solver.render.printing import plain

    return plain(value, decimal=True)


def parse(text: str) -> Loss:
    """Read a loss name; LossError names what is wrong and suggests a fix."""
    name = (text or "").strip().lower().replace("-", "_")
    name = ALIASES.get(name, name)
    if name not in NAMES:
        close = difflib.get_close_matches(name, NAMES, n=1, cutoff=0.6)
        raise LossError(f"unknown loss '{text}'", f"did you mean '{close[0]}'?" if close
                        else "known: " + ", ".join(NAMES))
    return Loss(name)
