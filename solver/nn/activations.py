"""The activation catalog: a spec such as ``relu``, ``5 relu``, ``leaky_relu(0.2)``,
``sigmoid``, ``tanh``, ``identity`` or ``softmax`` read into an :class:`Activation`.

An activation gives its value g(z) and derivative g'(z) at exact numbers (the network
kinds) and in closed form at a symbol (the Jacobian kind). Conventions:

* ReLU at its kink: g'(0) = 0, as PyTorch does (the derivative does not exist there);
  a scaled ReLU c·relu has g'(z) = c for z > 0 and 0 for z ≤ 0.
* Leaky ReLU with slope α: g(z) = z for z > 0, αz otherwise; g'(0) = α (PyTorch).
* softmax is vector-valued: sᵢ = e^{zᵢ} / Σⱼ e^{zⱼ}, with Jacobian ∂sᵢ/∂zⱼ = sᵢ(δᵢⱼ − sⱼ).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy
from sympy.printing.precedence import PRECEDENCE

from solver.exact import sign_of

BASES = ("identity", "relu", "leaky_relu", "sigmoid", "tanh", "softmax")
ALIASES = {"linear": "identity", "logistic": "sigmoid", "leakyrelu": "leaky_relu"}
DEFAULT_SLOPE = sympy.Rational(1, 100)
MAX_SCALE_DIGITS = 30

_NUMBER = r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:\s*/\s*[0-9]+)?"
_SPEC = re.compile(
    rf"\s*(?:(?P<scale>{_NUMBER})\s*\*?\s*)?(?P<name>[A-Za-z][A-Za-z0-9_\-]*)"
    rf"\s*(?:\(\s*(?P<argument>[^()]*?)\s*\))?\s*")


class ActivationError(ValueError):
    """An activation spec that is not in the catalog; ``hint`` suggests a fix."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


# -- display-only functions: g(z) as the handouts write it, never evaluated -----------------


class _Shown(sympy.Function):
    """An activation applied to an argument, kept unevaluated for display."""

    tex = ""
    word = ""

    @classmethod
    def eval(cls, *args):
        return None

    def _argument(self, printer) -> str:
        return printer._print(self.args[0])

    def _latex(self, printer, **kwargs) -> str:
        return f"{self.tex}\\left({self._argument(printer)}\\right)"

    def _sympystr(self, printer, **kwargs) -> str:
        return f"{self.word}({printer._print(self.args[0])})"


class ReluOf(_Shown):
    tex = r"\operatorname{relu}"
    word = "relu"


class SigmoidOf(_Shown):
    tex = r"\sigma"
    word = "sigmoid"


class TanhOf(_Shown):
    tex = r"\tanh"
    word = "tanh"


class SoftmaxOf(_Shown):
    tex = r"\operatorname{softmax}"
    word = "softmax"


class LeakyReluOf(_Shown):
    """leaky_relu_α(z); the second argument is the slope α."""

    word = "leaky_relu"

    def _latex(self, printer, **kwargs) -> str:
        return (f"\\operatorname{{leaky\\_relu}}_{{{printer._print(self.args[1])}}}"
                f"\\left({self._argument(printer)}\\right)")

    def _sympystr(self, printer, **kwargs) -> str:
        return f"leaky_relu({printer._print(self.args[0])}, {printer._print(self.args[1])})"


class IndicatorOf(_Shown):
    """𝟙[condition]: 1 where the condition holds, 0 elsewhere (display only)."""

    word = "indicator"

    def _latex(self, printer, **kwargs) -> str:
        return f"\\mathbf{{1}}\\left[{printer._print(self.args[0])}\\right]"


class DiagonalOf(_Shown):
    """diag(d₁, …, dₙ): the n×n matrix with d on its diagonal (display only)."""

    word = "diag"

    def _latex(self, printer, **kwargs) -> str:
        entries = ", ".join(printer._print(arg) for arg in self.args)
        return f"\\operatorname{{diag}}\\left({entries}\\right)"

    def _sympystr(self, printer, **kwargs) -> str:
        return f"diag({', '.join(printer._print(arg) for arg in self.args)})"


class SigmoidSlopeOf(_Shown):
    """σ(z)(1 − σ(z)), the sigmoid's derivative as the handouts write it (display only)."""

    word = "sigmoid_slope"

    def _latex(self, printer, **kwargs) -> str:
        s = f"\\sigma\\left({self._argument(printer)}\\right)"
        return f"{s}\\left(1 - {s}\\right)"


class ScaledOf(_Shown):
    """c·x for a number c and a display form x, printed in that order with a dot."""

    word = "scaled"

    def _latex(self, printer, **kwargs) -> str:
        shown = printer.parenthesize(self.args[1], PRECEDENCE["Mul"])
        return f"{printer._print(self.args[0])} \\cdot {shown}"

    def _sympystr(self, printer, **kwargs) -> str:
        return f"{printer._print(self.args[0])}*{printer._print(self.args[1])}"


class DifferenceOf(_Shown):
    """a − b printed in that order (ŷ₁ − t₁, not −t₁ + ŷ₁; display only)."""

    word = "difference"

    def _latex(self, printer, **kwargs) -> str:
        first = printer._print(self.args[0])
        return f"{first} - {printer.parenthesize(self.args[1], PRECEDENCE['Add'], strict=True)}"

    def _sympystr(self, printer, **kwargs) -> str:
        return f"{printer._print(self.args[0])} - {printer._print(self.args[1])}"


class SumOf(_Shown):
    """a + b printed in that order (display only)."""

    word = "sum"

    def _latex(self, printer, **kwargs) -> str:
        return f"{printer._print(self.args[0])} + {printer._print(self.args[1])}"

    def _sympystr(self, printer, **kwargs) -> str:
        return f"{printer._print(self.args[0])} + {printer._print(self.args[1])}"


def _scaled(scale, shown):
    return shown if scale == 1 else ScaledOf(scale, shown)


# -- the catalog ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Activation:
    """g(z) = scale · base(z); ``slope`` is the leaky ReLU's α (None for other bases)."""

    base: str
    scale: Any = sympy.Integer(1)
    slope: Any = None

    @property
    def vector(self) -> bool:
        """True for softmax, whose value depends on the whole vector z."""
        return self.base == "softmax"

    @property
    def kinked(self) -> bool:
        """True for the ReLU family, whose derivative at 0 is a convention."""
        return self.base in ("relu", "leaky_relu")

    @property
    def identity(self) -> bool:
        return self.base == "identity" and self.scale == 1

    @property
    def scaled(self) -> bool:
        return self.scale != 1

    @property
    def value_is_call(self) -> bool:
        """True when the exact value at a number is printed as the call itself (tanh(2))."""
        return self.base == "tanh"

    @property
    def kink_derivative(self):
        """g'(0) under the convention: 0 for ReLU, scale·α for leaky ReLU."""
        if self.base == "relu":
            return sympy.Integer(0)
        if self.base == "leaky_relu":
            return self.scale * self.slope
        return None

    @property
    def text(self) -> str:
        """The canonical spec text, e.g. ``5 relu`` or ``leaky_relu(0.2)``."""
        base = self.base
        if self.base == "leaky_relu" and self.slope != DEFAULT_SLOPE:
            base = f"leaky_relu({_number_text(self.slope)})"
        return base if self.scale == 1 else f"{_number_text(self.scale)} {base}"

    # -- display --------------------------------------------------------------------------
    def shown(self, z):
        """g(z) kept unevaluated for display: relu(9), 5·relu(9), σ(z), z for identity."""
        call = {
            "identity": lambda: z,
            "relu": lambda: ReluOf(z),
            "leaky_relu": lambda: LeakyReluOf(z, self.slope),
            "sigmoid": lambda: SigmoidOf(z),
            "tanh": lambda: TanhOf(z),
            "softmax": lambda: SoftmaxOf(z),
        }[self.base]()
        return call if self.scale == 1 else sympy.Mul(self.scale, call, evaluate=False)

    # -- exact numbers --------------------------------------------------------------------
    def value(self, z):
        """g(z) at an exact number z (element-wise activations only)."""
        z = sympy.sympify(z)
        if self.base == "identity":
            result = z
        elif self.base == "relu":
            result = z if sign_of(z) > 0 else sympy.Integer(0)
        elif self.base == "leaky_relu":
            result = z if sign_of(z) > 0 else self.slope * z
        elif self.base == "sigmoid":
            result = _sigmoid(z)
        elif self.base == "tanh":
            result = sympy.tanh(z)
        else:
            raise ValueError("softmax is vector-valued: use values()")
        return self.scale * result

    def derivative(self, z, value=None):
        """g'(z) at an exact number z; ``value`` = g(z) saves recomputing σ or tanh."""
        z = sympy.sympify(z)
        if self.base == "identity":
            result = sympy.Integer(1)
        elif self.base == "relu":
            result = sympy.Integer(1 if sign_of(z) > 0 else 0)
        elif self.base == "leaky_relu":
            result = sympy.Integer(1) if sign_of(z) > 0 else self.slope
        elif self.base == "sigmoid":
            s = _sigmoid(z) if value is None else value / self.scale
            result = s * (1 - s)
        elif self.base == "tanh":
            t = sympy.tanh(z) if value is None else value / self.scale
            result = 1 - t**2
        else:
            raise ValueError("softmax has a full Jacobian: use jacobian()")
        return self.scale * result

    def values(self, zs) -> tuple:
        """g applied to a vector z: element-wise, or softmax of the whole vector."""
        zs = tuple(sympy.sympify(z) for z in zs)
        if not self.vector:
            return tuple(self.value(z) for z in zs)
        return softmax(zs)

    def jacobian(self, zs, values=None) -> sympy.ImmutableMatrix:
        """∂a/∂z at a vector z: diagonal for element-wise g, sᵢ(δᵢⱼ − sⱼ) for softmax."""
        zs = tuple(sympy.sympify(z) for z in zs)
        values = self.values(zs) if values is None else tuple(values)
        if self.vector:
            return softmax_jacobian(values)
        diagonal = [self.derivative(z, a) for z, a in zip(zs, values, strict=True)]
        return sympy.ImmutableMatrix(sympy.diag(*diagonal))

    # -- closed forms in a symbol ---------------------------------------------------------
    def formula(self, z):
        """g(z) in closed form at a symbol: max(0, z), 1/(1 + e^{−z}), tanh(z), …"""
        if self.base == "identity":
            result = z
        elif self.base == "relu":
            result = sympy.Max(0, z)
        elif self.base == "leaky_relu":
            result = sympy.Piecewise((z, z > 0), (self.slope * z, True))
        elif self.base == "sigmoid":
            result = 1 / (1 + sympy.exp(-z))
        elif self.base == "tanh":
            result = sympy.tanh(z)
        else:
            raise ValueError("softmax is vector-valued: use softmax()")
        return self.scale * result

    def derivative_formula(self, z):
        """g'(z) in closed form at a symbol, with the ReLU family's value at 0 as stated."""
        if self.base == "identity":
            return self.scale
        if self.base == "relu":
            return sympy.Piecewise((self.scale, z > 0), (0, True))
        if self.base == "leaky_relu":
            return sympy.Piecewise((self.scale, z > 0), (self.scale * self.slope, True))
        if self.base == "sigmoid":
            return self.scale * sympy.exp(-z) / (1 + sympy.exp(-z)) ** 2
        if self.base == "tanh":
            return self.scale * (1 - sympy.tanh(z) ** 2)
        raise ValueError("softmax has a full Jacobian: use jacobian()")

    def derivative_shown(self, z):
        """g'(z) as the handouts write it, equal to :meth:`derivative_formula` (display only):
        c·𝟙[z > 0] for c·relu, c·𝟙[z > 0] + cα·𝟙[z ≤ 0] for c·leaky_relu_α,
        c·σ(z)(1 − σ(z)) for sigmoid, c·(1 − tanh²(z)) for tanh."""
        if self.base == "relu":
            return _scaled(self.scale, IndicatorOf(sympy.StrictGreaterThan(z, 0)))
        if self.base == "leaky_relu":
            return SumOf(_scaled(self.scale, IndicatorOf(sympy.StrictGreaterThan(z, 0))),
                         _scaled(self.scale * self.slope, IndicatorOf(sympy.LessThan(z, 0))))
        if self.base == "sigmoid":
            return _scaled(self.scale, SigmoidSlopeOf(z))
        if self.base == "tanh":
            return _scaled(self.scale, 1 - sympy.tanh(z) ** 2)
        return self.derivative_formula(z)

    def jacobian_shown(self, zs):
        """∂a/∂z of an element-wise g as the handouts write it (display only): diag(g'(zᵢ))
        for the ReLU family, whose entries are indicators; the diagonal matrix otherwise."""
        entries = [self.derivative_shown(z) for z in zs]
        if self.kinked:
            return DiagonalOf(*entries)
        return sympy.ImmutableMatrix(len(zs), len(zs),
                                     lambda i, j: entries[i] if i == j else 0)


def _sigmoid(z):
    return 1 / (1 + sympy.exp(-z))


def softmax(zs) -> tuple:
    """sᵢ = e^{zᵢ} / Σⱼ e^{zⱼ}, exact."""
    exps = [sympy.exp(z) for z in zs]
    total = sympy.Add(*exps)
    return tuple(e / total for e in exps)


def softmax_jacobian(s, total=1) -> sympy.ImmutableMatrix:
    """∂sᵢ/∂zⱼ = sᵢ(δᵢⱼ − sⱼ), i.e. J = diag(s) − s sᵀ, for the softmax s. With ``total``
    given, ``s`` are the exponentials e^{zᵢ} and ``total`` their sum S, and J is written over
    the common denominator S²: e^{zᵢ}(δᵢⱼS − e^{zⱼ})/S²."""
    n = len(s)
    return sympy.ImmutableMatrix(n, n, lambda i, j: s[i] * (int(i == j) * total - s[j])
                                 / total**2)


def _number_text(value) -> str:
    from solver.render.printing import plain

    return plain(value, decimal=True)


def _exact(text: str):
    """A positive number from a spec: 5, 0.2, .5 or 1/2."""
    if len(text) > MAX_SCALE_DIGITS:
        raise ActivationError(f"number too long: {text[:20]}...")
    top, _, bottom = (piece.strip() for piece in text.partition("/"))
    value = Fraction(top) / (Fraction(bottom) if bottom else 1)
    return sympy.Rational(value.numerator, value.denominator)


def parse(text: str) -> Activation:
    """Read an activation spec; ActivationError names what is wrong and suggests a fix."""
    match = _SPEC.fullmatch(text or "")
    if not match:
        raise ActivationError(f"cannot read the activation {text!r}",
                              "write a name such as relu, optionally scaled (5 relu) or with a "
                              "slope (leaky_relu(0.2))")
    name = match["name"].lower().replace("-", "_")
    name = ALIASES.get(name, name)
    if name not in BASES:
        close = difflib.get_close_matches(name, BASES + tuple(ALIASES), n=1, cutoff=0.6)
        raise ActivationError(f"unknown activation '{match['name']}'",
                              f"did you mean '{ALIASES.get(close[0], close[0])}'?" if close
                              else "known: " + ", ".join(BASES))
    try:
        scale = _exact(match["scale"]) if match["scale"] else sympy.Integer(1)
    except ZeroDivisionError:
        raise ActivationError(f"the scale in {text!r} divides by zero") from None
    if scale <= 0:
        raise ActivationError(f"the scale in {text!r} must be a positive number")
    if name == "softmax" and scale != 1:
        raise ActivationError("softmax cannot be scaled: its outputs are probabilities")
    slope = None
    if match["argument"] is not None:
        if name != "leaky_relu":
            raise ActivationError(f"'{name}' takes no parameter",
                                  "only leaky_relu has one, its slope: leaky_relu(0.2)")
        if not re.fullmatch(_NUMBER, match["argument"]):
            raise ActivationError(f"the slope in {text!r} must be a number, e.g. "
                                  f"leaky_relu(0.2)")
        try:
            slope = _exact(match["argument"])
        except ZeroDivisionError:
            raise ActivationError(f"the slope in {text!r} divides by zero") from None
        if slope <= 0:
            raise ActivationError(f"the slope in {text!r} must be positive")
    elif name == "leaky_relu":
        slope = DEFAULT_SLOPE
    return Activation(name, scale, slope)
