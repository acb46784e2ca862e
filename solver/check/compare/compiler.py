"""Expressions as fast evaluators: nested closures in double precision or at 30 digits.

``compile`` turns a SymPy expression into closures over a point tuple, much cheaper to
build than ``lambdify``: +, ×, powers, the elementary functions, |·|, Max, Min, Heaviside
and Piecewise. A node it does not know is left to ``lambdify`` (math or mpmath), and an
object neither can evaluate (a CRootOf) to SymPy's ``evalf``.

A value is undefined at a point where evaluating it raises one of ``UNDEFINED`` (a math
domain error, 1/0, overflow, a complex number where a real one is needed, mpmath giving
up), or gives a complex, infinite or NaN number: ``float_value`` and ``mp_value`` return
None there. Any other exception is a bug and is raised.

``edges`` lists what is 0 on the boundaries of an expression's pieces (the conditions of
a Piecewise, steps, the kinks of |·|, Max and Min); ``sides`` tells on which side of each a
point lies.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import mpmath
import sympy
from mpmath.libmp import NoConvergence
from sympy.polys.polyerrors import PolynomialError

MP_DIGITS = 30  # digits of the confirming evaluation
EDGE = 1e-9  # a point this close (relative) to a piecewise boundary is not sampled

# what evaluating an expression raises where it is not defined
UNDEFINED = (ArithmeticError, ValueError, TypeError, NoConvergence)
# what SymPy's evalf raises besides: a function or an algebraic number it cannot evaluate
EVALF_FAILURES = UNDEFINED + (NotImplementedError, PolynomialError)
# what lambdify raises when it cannot print an expression: no printing rule, a constant
# its module lacks (zoo in mpmath), text that is not Python
LAMBDIFY_FAILURES = (NotImplementedError, KeyError, SyntaxError)


@lru_cache(maxsize=8192)
def free(expr) -> frozenset:
    """The free symbols of expr (none for anything that is not a SymPy object)."""
    return frozenset(expr.free_symbols) if isinstance(expr, sympy.Basic) else frozenset()


@dataclass(frozen=True)
class Kit:
    """The arithmetic a compiled evaluator uses: double precision or 30-digit mpmath."""

    number: Callable[[Any], Any]
    total: Callable[[list], Any]
    sqrt: Callable[[Any], Any]
    log: Callable[[Any], Any]
    functions: Mapping[Any, Callable[[Any], Any]]


def float_number(expr) -> float:
    """A constant in double precision: a rational correctly rounded by Python's integer
    division (what SymPy's ``float`` gives, through mpmath, some 40 times slower for the
    long rationals of decimals carried to 40 digits)."""
    if expr.is_Rational:
        try:
            return int(expr.p) / int(expr.q)
        except OverflowError:
            pass
    return float(expr)


def _mp_number(expr):
    with mpmath.workdps(MP_DIGITS + 10):
        if expr.is_Rational:
            return mpmath.mpf(int(expr.p)) / int(expr.q)
        return mpmath.mpf(str(sympy.N(expr, MP_DIGITS + 10)))


FLOAT = Kit(float_number, math.fsum, math.sqrt, math.log, {
    sympy.sin: math.sin, sympy.cos: math.cos, sympy.tan: math.tan, sympy.asin: math.asin,
    sympy.acos: math.acos, sympy.atan: math.atan, sympy.sinh: math.sinh,
    sympy.cosh: math.cosh, sympy.tanh: math.tanh, sympy.exp: math.exp, sympy.Abs: abs,
    sympy.asinh: math.asinh, sympy.acosh: math.acosh, sympy.atanh: math.atanh,
    sympy.erf: math.erf, sympy.gamma: math.gamma,
    sympy.factorial: lambda v: math.gamma(v + 1),
})
MPMATH = Kit(_mp_number, mpmath.fsum, mpmath.sqrt, mpmath.log, {
    sympy.sin: mpmath.sin, sympy.cos: mpmath.cos, sympy.tan: mpmath.tan,
    sympy.asin: mpmath.asin, sympy.acos: mpmath.acos, sympy.atan: mpmath.atan,
    sympy.sinh: mpmath.sinh, sympy.cosh: mpmath.cosh, sympy.tanh: mpmath.tanh,
    sympy.exp: mpmath.exp, sympy.Abs: abs, sympy.asinh: mpmath.asinh,
    sympy.acosh: mpmath.acosh, sympy.atanh: mpmath.atanh, sympy.erf: mpmath.erf,
    sympy.gamma: mpmath.gamma, sympy.factorial: mpmath.factorial,
})


class _Unsupported(Exception):
    """A node the closure compiler does not know (lambdify takes over)."""


_RELATIONS = {
    sympy.StrictGreaterThan: operator.gt, sympy.GreaterThan: operator.ge,
    sympy.StrictLessThan: operator.lt, sympy.LessThan: operator.le,
    sympy.Eq: operator.eq, sympy.Ne: operator.ne,
}
_EXTREMES = {sympy.Max: max, sympy.Min: min}  # builtin max and min order floats and mpf


def _compile_condition(condition, index: dict, kit: Kit) -> Callable[[tuple], bool]:
    """A Piecewise condition as a closure: comparisons, And, Or, Not, True, False."""
    if condition == sympy.true:
        return lambda p: True
    if condition == sympy.false:
        return lambda p: False
    relation = _RELATIONS.get(type(condition))
    if relation is not None:
        left, right = (_compile(arg, index, kit) for arg in condition.args)
        return lambda p: relation(left(p), right(p))
    if isinstance(condition, sympy.Not):
        inner = _compile_condition(condition.args[0], index, kit)
        return lambda p: not inner(p)
    if isinstance(condition, (sympy.And, sympy.Or)):
        parts = [_compile_condition(arg, index, kit) for arg in condition.args]
        combine = all if isinstance(condition, sympy.And) else any
        return lambda p: combine(part(p) for part in parts)
    raise _Unsupported(condition)


def _compile_piecewise(expr, index: dict, kit: Kit) -> Callable[[tuple], Any]:
    """The value of the first case whose condition holds; undefined when none does."""
    cases = [(_compile(value, index, kit), _compile_condition(condition, index, kit))
             for value, condition in expr.args]

    def piecewise(p):
        for value, holds in cases:
            if holds(p):
                return value(p)
        raise ValueError("no case of the piecewise value holds")
    return piecewise


def _compile_extreme(parts: list, pick: Callable) -> Callable[[tuple], Any]:
    """Max or Min of any number of arguments; undefined where one is not a real number."""
    def extreme(p):
        values = [f(p) for f in parts]
        for value in values:
            if isinstance(value, complex) or value != value:
                raise ValueError("not a real number")
        return pick(values)
    return extreme


def _compile_step(expr, index: dict, kit: Kit) -> Callable[[tuple], Any]:
    """Heaviside(x, h0): 1 for x > 0, 0 for x < 0, h0 at 0 (1/2 when not given)."""
    argument = _compile(expr.args[0], index, kit)
    at_zero = kit.number(expr.args[1] if len(expr.args) > 1 else sympy.S.Half)

    def step(p):
        value = argument(p)
        return 1 if value > 0 else 0 if value < 0 else at_zero
    return step


def _compile(expr, index: dict, kit: Kit) -> Callable[[tuple], Any]:
    """expr as nested closures over a point tuple.

    Undefined points raise (ValueError, ZeroDivisionError, OverflowError) or give complex
    numbers, which the callers read as "not defined here".
    """
    if expr.is_Symbol:
        if expr not in index:
            raise _Unsupported(expr)
        i = index[expr]
        return lambda p: p[i]
    if _is_number(expr):  # a constant subtree: √2, π/2, a CRootOf, …
        if expr.is_Number and not expr.is_finite:
            raise _Unsupported(expr)
        try:
            value = kit.number(expr)
        except (OverflowError, ValueError, TypeError):
            raise _Unsupported(expr) from None
        return lambda p: value
    if isinstance(expr, sympy.Piecewise):
        return _compile_piecewise(expr, index, kit)
    if isinstance(expr, sympy.Heaviside):
        return _compile_step(expr, index, kit)
    parts = [_compile(arg, index, kit) for arg in expr.args]
    pick = _EXTREMES.get(expr.func)
    if pick is not None:
        return _compile_extreme(parts, pick)
    if expr.is_Add:
        total = kit.total
        return lambda p: total([f(p) for f in parts])
    if expr.is_Mul:
        if len(parts) == 2:
            first, second = parts
            return lambda p: first(p) * second(p)

        def product(p):
            value = parts[0](p)
            for f in parts[1:]:
                value *= f(p)
            return value
        return product
    if expr.is_Pow:
        base, exponent = parts
        power = expr.exp
        if power == sympy.S.Half:
            sqrt = kit.sqrt
            return lambda p: sqrt(base(p))
        if power.is_Integer:
            n = int(power)
            return lambda p: base(p) ** n
        return lambda p: base(p) ** exponent(p)
    function = kit.functions.get(expr.func)
    if function is not None and len(parts) == 1:
        (argument,) = parts
        return lambda p: function(argument(p))
    if expr.func is sympy.log and len(parts) == 1:
        log = kit.log
        (argument,) = parts
        return lambda p: log(argument(p))
    raise _Unsupported(expr.func)


_ARGUMENTS_DECIDE = sympy.Expr.__dict__["is_number"]  # a number when all its arguments are


@lru_cache(maxsize=65536)
def _is_number(expr) -> bool:
    """``expr.is_number``, each subtree's worked out once: SymPy's walks the whole subtree
    at every node it is asked of, which is quadratic when compiling a large tree."""
    for cls in type(expr).__mro__:
        if "is_number" in cls.__dict__:
            if cls.__dict__["is_number"] is _ARGUMENTS_DECIDE:
                return all(_is_number(arg) for arg in expr.args)
            break
    return bool(expr.is_number)


def _evaluator(expr, symbols: tuple, kit: Kit, module: str) -> Callable | None:
    try:
        compiled = _compile(expr, {s: i for i, s in enumerate(symbols)}, kit)
        return lambda *point: compiled(point)
    except _Unsupported:
        pass
    try:
        return sympy.lambdify(symbols, expr, modules=module)
    except LAMBDIFY_FAILURES:  # an expression lambdify cannot print
        return None


@lru_cache(maxsize=8192)
def float_function(expr, symbols: tuple) -> Callable | None:
    """A double-precision evaluator of expr (closures, else lambdify with math)."""
    return _evaluator(expr, symbols, FLOAT, "math")


@lru_cache(maxsize=4096)
def _mp_function(expr, symbols: tuple) -> Callable | None:
    """A 30-digit evaluator of expr (closures, else lambdify with mpmath)."""
    return _evaluator(expr, symbols, MPMATH, "mpmath")


def float_value(expr, symbols: tuple, point: tuple, function=False) -> float | None:
    """expr at point in double precision; None when undefined, infinite or not real.
    ``function``: ``float_function(expr, symbols)`` when the caller has it already."""
    if function is False:
        function = float_function(expr, symbols)
    try:
        if function is None:
            raise NameError("no double-precision form")
        value = function(*point)
    except (NameError, TypeError):  # a function the math module lacks or refuses
        value = mp_value(expr, symbols, point)
    except UNDEFINED:
        return None
    if value is None or isinstance(value, complex):
        return None
    try:
        value = float(value)
    except (TypeError, OverflowError, ValueError):
        return None
    return value if math.isfinite(value) else None


def mp_value(expr, symbols: tuple, point: tuple):
    """expr at point with 30 digits (mpmath); None when undefined, infinite or not real."""
    function = _mp_function(expr, symbols)
    with mpmath.workdps(MP_DIGITS):
        try:
            if function is None:
                raise NameError("no mpmath form")
            value = function(*(mpmath.mpf(x) for x in point))
        except NameError:  # CRootOf and other objects mpmath does not know
            value = evalf_value(expr, symbols, point)
        except UNDEFINED:
            return None
        if value is None:
            return None
        if isinstance(value, mpmath.mpc):
            if value.imag != 0:
                return None
            value = value.real
        try:
            value = mpmath.mpf(value)
        except (TypeError, ValueError):
            return None
        return value if mpmath.isfinite(value) else None


def evalf_value(expr, symbols: tuple, point: tuple, digits: int = MP_DIGITS):
    """expr at point by SymPy's evalf to ``digits`` digits, as an mpmath number; None when
    undefined, infinite or not real."""
    try:
        values = {s: sympy.Float(x, digits) for s, x in zip(symbols, point, strict=True)}
        value = sympy.N(expr.xreplace(values), digits)
        if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
            return None
        real, imaginary = value.as_real_imag()
        if imaginary != 0 or not isinstance(real, sympy.Number):
            return None
        with mpmath.workdps(digits):
            return mpmath.mpf(str(sympy.Float(real, digits)))
    except EVALF_FAILURES:
        return None


@lru_cache(maxsize=4096)
def edges(expr) -> tuple:
    """What is 0 on a boundary of expr's pieces: lhs − rhs of each comparison in a
    Piecewise condition (inside And, Or and Not too), the argument of each Heaviside and of
    each |·| (its kink) and aᵢ − aⱼ for each two arguments of a Max or Min (its kinks)."""
    if not isinstance(expr, sympy.Basic) or not expr.has(sympy.Piecewise, sympy.Heaviside,
                                                         sympy.Max, sympy.Min, sympy.Abs):
        return ()
    found = [relation.lhs - relation.rhs
             for relation in expr.atoms(sympy.core.relational.Relational)]
    found += [kinked.args[0] for kinked in expr.atoms(sympy.Heaviside, sympy.Abs)]
    found += [first - second for extreme in expr.atoms(sympy.Max, sympy.Min)
              for first, second in itertools.combinations(extreme.args, 2)]
    return tuple(dict.fromkeys(found))


def on_edge(boundaries: tuple, symbols: tuple, point: tuple) -> bool:
    """Whether point is (within EDGE, relative to its size) on one of the boundaries."""
    return any(side == 0 for side in sides(boundaries, symbols, point))


def sides(boundaries: tuple, symbols: tuple, point: tuple) -> tuple[int | None, ...]:
    """For each boundary, the side point lies on: 1 or −1, 0 when it is on the boundary
    (within EDGE, relative to its size), None when the boundary is not defined there."""
    scale = 1 + max((abs(x) for x in point), default=0)
    found = []
    for edge in boundaries:
        value = float_value(edge, symbols, point)
        found.append(None if value is None else 0 if abs(value) <= EDGE * scale else
                     1 if value > 0 else -1)
    return tuple(found)
