"""Two expressions compared at seeded random points of the domain.

Both sides are evaluated at up to ``MAX_POINTS`` points (points where either side is
undefined, infinite or not real are skipped and drawn again); one point differing beyond
1e-9 relative (confirmed at 30 digits) refutes the answer. Sampling is scale-aware: the
agreed point where the doubles differ most is evaluated again at 30 digits, and a
difference beyond 1e-20 relative that stays the same at 60 digits (rounding of cancelling
terms would shrink) refutes. When a power has a symbolic exponent, points made of 0, ±1,
±2, ±1/2 are tried too, since a negative base is real only at some exponents (a^(b c) and
(a^b)^c differ at a = −1, b = 2, c = 1/2).

Piecewise values and steps are compared almost everywhere: a point within 1e-9 of the
boundary of a condition or of a step is skipped and drawn again, so answers that differ
only on such a boundary are equal — ``5 step(z)``, ``5 if z >= 0 else 0`` and
``Piecewise((5, z > 0), (0, True))`` all are. A boundary that depends only on
integer-sampled symbols is not skipped: there it is not a set of measure zero. The kinks of
``|·|``, ``Max`` and ``Min`` are boundaries too, and sampling goes on (up to 24 agreeing
points) until the two sides agreed on both sides of every boundary that can be reached, so
``abs(z)`` is never taken for ``max(0, z)`` on positive points alone.

Two constants are compared at 30 digits; when they agree to 25, they still differ when
SymPy's evalf finds a nonzero value of their difference (exp(−exp(exp(3))) is invisible at
any fixed precision).
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from functools import lru_cache

import sympy

from solver.check.compare.compiler import (
    MP_DIGITS,
    edges,
    evalf_value,
    float_function,
    float_value,
    free,
    mp_value,
    on_edge,
    sides,
)
from solver.check.compare.counterexamples import (
    MP_FLOOR,
    clearest,
    counterexample,
    precise,
    relative,
)
from solver.check.compare.policy import (
    AGREEMENT,
    INTEGERS,
    Comparison,
    Policy,
    close,
    draw,
    in_domain,
)
from solver.check.compare.shown import approximately, fmt, show
from solver.plural import plural

FLOAT_FLOOR = 1e-12  # absolute slack for rounding in double precision
CONSTANT_AGREEMENT = 1e-25  # relative agreement of two constants evaluated at 30 digits
SCALE_AGREEMENT = 1e-20  # relative difference at 30 digits below which values agree
MAX_POINTS = 12
MIN_POINTS = 8  # agreement at this many points is accepted as equality
MAX_DRAWS = 48
POWER_VALUES = (0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5)
POWER_POINTS = 343


@dataclass(frozen=True)
class Agreement:
    """Sampling did not refute: the points where both sides agreed."""

    points: tuple
    loose: bool  # some point agreed only within the decimal tolerance
    expected_only: int  # points where only the expected side was defined
    constant: bool = False  # two numbers that agree to 25 digits


def by_sampling(expected, student, policy: Policy, decimals: bool) -> Comparison | Agreement:
    """A refutation at a sampled point, else the agreement found."""
    symbols = tuple(sorted(free(expected) | free(student), key=lambda s: (s.name, s.sort_key())))
    if not symbols:
        return _constants(expected, student)
    kinds = tuple(policy.kind_of(s) for s in symbols)
    rtol = policy.sampling_tolerance(decimals)
    rng = random.Random(policy.seed)
    agreed: list[tuple[float, ...]] = []
    loose = False
    expected_only = 0
    continuous = {s for s, kind in zip(symbols, kinds, strict=True) if kind not in INTEGERS}
    boundaries = tuple(edge for edge in dict.fromkeys(edges(expected) + edges(student))
                       if free(edge) & continuous)
    seen = [set() for _ in boundaries]  # the sides of each boundary where the two agreed
    suspect = (0.0, None)  # the agreed point with the largest difference in floats
    left, right = float_function(expected, symbols), float_function(student, symbols)
    for attempt in range(MAX_DRAWS):
        if len(agreed) >= MAX_POINTS and all(len(found) == 2 for found in seen):
            break
        if len(agreed) == 2 * MAX_POINTS:
            break
        point = draw(rng, kinds, attempt)
        where = sides(boundaries, symbols, point) if boundaries else ()
        if 0 in where:
            continue
        want = float_value(expected, symbols, point, left)
        got = float_value(student, symbols, point, right) if want is not None else None
        if want is None or got is None:
            expected_only += want is not None
            continue
        if not close(want, got, AGREEMENT, FLOAT_FLOOR):
            values = precise(expected, student, symbols, point)
            if values is None:
                continue
            if not close(*values, AGREEMENT, MP_FLOOR):
                if not (rtol > AGREEMENT and close(*values, rtol, rtol * 1e-3)):
                    if not policy.explain:
                        return Comparison(False, "numeric", "differs at a sampled point")
                    point, values = clearest(expected, student, symbols, kinds, boundaries,
                                             rng, attempt, point, values)
                    return counterexample(expected, student, symbols, kinds, point, values,
                                          agreed, boundaries)
                loose = True
        elif want != got and rtol == AGREEMENT:
            suspect = max(suspect, (relative(want, got), point), key=lambda pair: pair[0])
        agreed.append(point)
        for found, side in zip(seen, where, strict=True):
            if side is not None:
                found.add(side)
    if suspect[1] is not None:
        values = _differs_beyond_rounding(expected, student, symbols, suspect[1])
        if values is not None:
            return counterexample(expected, student, symbols, kinds, suspect[1], values,
                                  agreed, boundaries)
    if agreed and (_symbolic_powers(expected) or _symbolic_powers(student)):
        refuted = _by_power_points(expected, student, symbols, kinds, boundaries, rtol,
                                   agreed)
        if refuted is not None:
            return refuted
    names = tuple(s.name for s in symbols)
    named = tuple(tuple(zip(names, p, strict=True)) for p in agreed)
    if not agreed and expected_only:
        return Comparison(False, "numeric", f"undefined or not real at every sampled point "
                          f"where the expected value is defined ({plural(expected_only, 'point')})")
    return Agreement(named, loose, expected_only)


def _differs_beyond_rounding(expected, student, symbols, point):
    """The 30-digit values at ``point`` when the two differ by more than rounding: beyond
    SCALE_AGREEMENT relative at 30 digits, and by about as much again at 60 digits (a
    rounding error of cancelling terms shrinks as the precision grows; a real difference,
    however small beside the terms, does not)."""
    values = precise(expected, student, symbols, point)
    if values is None or close(*values, SCALE_AGREEMENT, MP_FLOOR):
        return None
    want, got = (evalf_value(e, symbols, point, 2 * MP_DIGITS) for e in (expected, student))
    if want is None or got is None:
        return None
    low, high = abs(values[0] - values[1]), abs(want - got)
    return values if abs(high - low) <= low / 2 else None


@lru_cache(maxsize=4096)
def _symbolic_powers(expr) -> bool:
    """Whether expr raises something to a power that depends on a symbol (a^b, 2^x)."""
    return isinstance(expr, sympy.Basic) and any(
        free(power.exp) for power in expr.atoms(sympy.Pow))


@lru_cache(maxsize=256)
def _power_points(kinds: tuple[str, ...]) -> tuple[tuple[float, ...], ...]:
    """Points made of 0, ±1, ±2, ±1/2 within each domain (at most POWER_POINTS)."""
    values = [in_domain(POWER_VALUES, kind) for kind in kinds]
    return tuple(itertools.islice(itertools.product(*values), POWER_POINTS))


def _by_power_points(expected, student, symbols, kinds, boundaries, rtol, agreed):
    """Powers with a symbolic exponent are real on a negative base only at some exponents
    ((−1)^2 = 1): a^(b c) and (a^b)^c agree wherever random points make both real, and
    differ at a = −1, b = 2, c = 1/2. Such points are tried; a difference refutes."""
    for point in _power_points(kinds):
        if boundaries and on_edge(boundaries, symbols, point):
            continue
        want = float_value(expected, symbols, point)
        got = float_value(student, symbols, point) if want is not None else None
        if want is None or got is None or close(want, got, max(rtol, AGREEMENT), FLOAT_FLOOR):
            continue
        values = precise(expected, student, symbols, point)
        if values is not None and not close(*values, max(rtol, AGREEMENT), MP_FLOOR):
            return counterexample(expected, student, symbols, kinds, point, values, agreed,
                                  boundaries)
    return None


def _constants(expected, student) -> Comparison | Agreement:
    """Two numbers without symbols, compared at 30 digits."""
    if _non_real(expected) or _non_real(student):
        return _complex_constants(expected, student)
    want, got = mp_value(expected, (), ()), mp_value(student, (), ())
    if want is None and got is None:
        return Comparison(None, "numeric", "neither value is a finite real number")
    if want is None:
        return Comparison(False, "numeric", f"expected {show(expected)}, which is not a "
                          f"finite real number; got {show(student)}")
    if got is None:
        return Comparison(False, "numeric", f"{show(student)} is not a finite real number; "
                          f"expected {show(expected)}")
    if close(want, got, CONSTANT_AGREEMENT, 1e-28):
        gap = _hidden_difference(expected, student)
        if gap is None:
            return Agreement((), False, 0, constant=True)
        size = str(sympy.N(gap, 3)).replace("E", "e").replace("-", "−")
        return Comparison(False, "numeric", f"expected {approximately(expected, want, 12)}, "
                          f"got {show(student)}: they differ by {size}")
    digits = 6
    while fmt(float(want), digits) == fmt(float(got), digits) and digits < 17:
        digits += 1
    return Comparison(False, "numeric", f"expected {approximately(expected, want, digits)}, "
                      f"got {approximately(student, got, digits)}")


def _non_real(value) -> bool:
    return isinstance(value, sympy.Expr) and bool(value.is_number) and value.is_real is False


def _complex_constants(expected, student) -> Comparison:
    """Two complex numbers: equal when their difference is 0 (real and imaginary parts
    compared at 30 digits, then exactly)."""
    difference = sympy.N(sympy.Add(expected, -student), 30)
    if not difference.is_number or difference.has(sympy.nan, sympy.zoo, sympy.oo):
        return Comparison(None, "numeric", "the complex values could not be compared")
    scale = max(abs(sympy.N(expected, 30)), 1)
    if abs(difference) < scale * sympy.Float("1e-25") \
            and sympy.simplify(sympy.expand_complex(expected - student)) == 0:
        return Comparison(True, "exact", "equal as complex numbers")
    return Comparison(False, "numeric", f"expected {show(expected)}, got {show(student)}")


def _hidden_difference(expected, student):
    """The difference of two constants that agree to 30 digits when it is not zero: a
    term such as exp(−exp(exp(3))) ≈ 10^(−229520860) is invisible at any fixed precision
    but survives in ``expected − student`` (SymPy cancels equal terms), whose value
    SymPy's evalf finds with growing precision (up to ``maxn`` digits) and reports with its
    accuracy. None when the difference is 0 or cannot be told from 0."""
    difference = expected - student
    if difference == 0:
        return None
    try:
        value = difference.evalf(15, maxn=MP_DIGITS + 10)
    except (TypeError, ValueError, ArithmeticError):
        return None
    if not isinstance(value, sympy.Float) or value == 0 or value._prec <= 1:
        return None
    return value
