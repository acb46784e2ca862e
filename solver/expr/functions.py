"""The functions a scalar expression may call, each with the SymPy object it builds.

``FUNCTIONS`` is the whitelist, name → SymPy constructor; nothing else is ever called.

* ``log(x, b)`` is the logarithm of ``x`` to base ``b``; ``ln`` is ``log``.
* ``step(x)``, ``heaviside(x)`` and ``Heaviside(x)`` are ``Heaviside(x, 0)``: 1 for
  x > 0 and 0 for x ≤ 0, the convention the engine uses for the ReLU family's derivative
  at 0 (the comparison of answers does not depend on the value at 0, see
  :mod:`solver.check.compare`).
* ``max(a, b, ...)`` and ``min(...)`` (also ``Max``, ``Min`` as SymPy prints them) take
  2 to ``MAX_ARGUMENTS`` real arguments and are SymPy's ``Max`` and ``Min``, simplified
  only where it is cheap (:func:`extreme`); ``relu(x)`` (``ReLU``, ``Relu``) is
  ``Max(0, x)``, the engine's own ReLU.
* ``MATRIX_FUNCTIONS`` (``det``, ``trace``, ``rank``, ``norm``, ``transpose``) work on
  matrices only; ``CONSTANTS`` are ``pi`` and ``e``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType

import sympy


def step(x: sympy.Expr) -> sympy.Expr:
    """The unit step with step(0) = 0."""
    return sympy.Heaviside(x, 0)


def relu(x: sympy.Expr) -> sympy.Expr:
    """The rectified linear unit max(0, x)."""
    return sympy.Max(sympy.Integer(0), x)


def extreme(kind: type[sympy.Max] | type[sympy.Min], values: Iterable[sympy.Expr]
            ) -> sympy.Expr:
    """``Max(*values)`` or ``Min(*values)``, simplified only where it is cheap: nested ones
    of the same kind flattened, repeated values dropped, the numbers compared with each
    other. SymPy's own simplification compares every two symbolic arguments under the
    assumptions, which costs milliseconds per call; the value is the same."""
    flat: list[sympy.Expr] = []
    for value in values:
        flat.extend(value.args if isinstance(value, kind) else (value,))
    unique = list(dict.fromkeys(flat))
    numbers = [value for value in unique if value.is_number]
    others = [value for value in unique if not value.is_number]
    if len(numbers) > 1:
        best = kind(*numbers)
        numbers = list(best.args) if isinstance(best, kind) else [best]
    arguments = numbers + others
    if len(arguments) == 1:
        return arguments[0]
    return kind(*arguments, evaluate=False)


FUNCTIONS: Mapping[str, Callable[..., sympy.Expr]] = MappingProxyType(
    {
        "sin": sympy.sin,
        "cos": sympy.cos,
        "tan": sympy.tan,
        "asin": sympy.asin,
        "acos": sympy.acos,
        "atan": sympy.atan,
        "arcsin": sympy.asin,
        "arccos": sympy.acos,
        "arctan": sympy.atan,
        "sinh": sympy.sinh,
        "cosh": sympy.cosh,
        "tanh": sympy.tanh,
        "exp": sympy.exp,
        "log": sympy.log,
        "ln": sympy.log,
        "sqrt": sympy.sqrt,
        "abs": sympy.Abs,
        "step": step,
        "heaviside": step,
        "Heaviside": step,
        "max": sympy.Max,
        "min": sympy.Min,
        "Max": sympy.Max,
        "Min": sympy.Min,
        "relu": relu,
        "ReLU": relu,
        "Relu": relu,
    }
)
TWO_ARGUMENT_FUNCTIONS = frozenset({"log"})
MAX_ARGUMENTS = 16  # of max, min, Max and Min
EXTREMES: Mapping[str, tuple[type[sympy.Max] | type[sympy.Min], bool]] = MappingProxyType(
    {  # name → (Max or Min, whether 0 is one more argument)
        "max": (sympy.Max, False),
        "min": (sympy.Min, False),
        "Max": (sympy.Max, False),
        "Min": (sympy.Min, False),
        "relu": (sympy.Max, True),
        "ReLU": (sympy.Max, True),
        "Relu": (sympy.Max, True),
    }
)
MATRIX_FUNCTIONS = frozenset({"det", "trace", "rank", "norm", "transpose"})
CONSTANTS: Mapping[str, sympy.Expr] = MappingProxyType({"pi": sympy.pi, "e": sympy.E})
