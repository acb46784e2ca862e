"""A decimal number a student wrote, against the exact value: what each rule accepts.

The student's decimal d is the exact rational of the text, written with n significant
figures; v is the exact value, e = ⌊log₁₀|v|⌋ and e_d = ⌊log₁₀|d|⌋.

- ``sigfigs: m``: right when |d − v| ≤ ½·10^(e − m + 1), within half a unit of the m-th
  significant figure of v, however many figures d has (d is never rounded again).
- written figures (the part sets no tolerance, sigfigs or exact, and v has no short exact
  decimal: it is irrational, or a fraction such as 1/3 that never ends, or one that needs
  more than ``SHORT_FIGURES`` figures): right when n ≥ ``MIN_FIGURES`` and
  |d − v| < 10^(e_d − n + 1), less than one unit of d's own last written figure, so both
  rounding and truncation pass and d is held to the figures it gives; a decimal of
  more figures than the tolerance compares (a calculator's output) is also right within
  the tolerance.
- tolerance t: right when |d − v| ≤ t·|v| (≤ t when v = 0).

All of it is rational arithmetic; v is approximated to more digits than any figure
compared. The expected value is shown as the student would write it: rounded (half away
from zero) to the figures compared.

``decimal_rules`` applies the policy's rule to a number the student wrote: an exact decimal
equal to v is right (decided by "exact"); under ``exact`` (or no tolerance and no sigfigs)
any other is wrong, unless it equals v to 30 digits (then only a proof can tell); else the
rule decides (by "tolerance"). ``has_decimals`` and ``written_decimals`` read the decimals
of a student's text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import sympy

from solver.check.compare.policy import Comparison, Policy
from solver.check.compare.shown import SHORT_TEXT, show
from solver.plural import plural

Rational = sympy.Rational

MIN_FIGURES = 3  # fewest significant figures a decimal may give under the written-figures rule
SHORT_FIGURES = 6  # an exact decimal with at most this many figures is "short"
EXTRA_DIGITS = 12  # digits of v beyond the figures compared


_DECIMAL = re.compile(r"\d\.|\.\d")
_DECIMAL_NUMBER = re.compile(r"(?<![\w.])(\d*)\.(\d+)(?![\d.eE])")


def has_decimals(text: str | None) -> bool:
    """Whether the text writes a number with a decimal point (1.5, .5, 2.)."""
    return bool(_DECIMAL.search(text or ""))


def written_decimals(text: str | None) -> list[tuple[int, int]]:
    """(significant figures, decimal places) of each decimal number written in the text,
    trailing zeros counted as written: 0.2930 → (4, 4), 12.5 → (3, 1)."""
    return [(len((whole + fraction).lstrip("0")), len(fraction))
            for whole, fraction in _DECIMAL_NUMBER.findall(text or "")]


@dataclass(frozen=True)
class Judgement:
    """A decimal judged by one rule (a verdict decided by "tolerance")."""

    equal: bool
    reason: str


def approximation(expr, digits: int = 40) -> sympy.Rational | None:
    """The exact value of a rational, else a rational approximation to ``digits`` digits;
    None when expr is not a finite real number."""
    if expr.is_Rational:
        return expr
    return _approximation(expr, digits)


@lru_cache(maxsize=4096)
def _approximation(expr, digits: int) -> sympy.Rational | None:
    """``approximation`` of an expected value, worked out once."""
    try:
        value = expr.evalf(digits)
    except (TypeError, ValueError, ArithmeticError):
        return None
    if value.is_Rational:
        return value
    if isinstance(value, sympy.Float) and value.is_finite:
        return Rational(value)
    return None


def exponent10(value: sympy.Rational | Fraction) -> int:
    """e with 10^e ≤ value < 10^(e+1), for value > 0 (p/q in integers)."""
    p, q = (int(value.p), int(value.q)) if isinstance(value, sympy.Rational) else \
        (value.numerator, value.denominator)
    e = len(str(p)) - len(str(q))
    while _power_above(e, p, q):
        e -= 1
    while not _power_above(e + 1, p, q):
        e += 1
    return e


def _power_above(e: int, p: int, q: int) -> bool:
    """Whether 10^e > p/q (q > 0)."""
    return 10 ** e * q > p if e >= 0 else q > p * 10 ** -e


def round_significant(value: sympy.Rational, figures: int) -> sympy.Rational:
    """Round half away from zero to ``figures`` significant figures, exactly."""
    rounded = _rounded(_fraction(value), figures)
    return Rational(rounded.numerator, rounded.denominator)


def _fraction(value) -> Fraction:
    return Fraction(int(value.p), int(value.q))


def _rounded(value: Fraction, figures: int) -> Fraction:
    """``round_significant`` in Python fractions: ⌊|v|·10^s + ½⌋ / 10^s with
    s = figures − 1 − e, worked out in integers as ⌊(2·n·10^s + d) / 2d⌋ for |v| = n/d."""
    if value == 0:
        return Fraction(0)
    size = abs(value)
    shift = figures - 1 - exponent10(size)
    top, bottom = size.numerator, size.denominator
    if shift >= 0:
        rounded = Fraction((2 * top * 10 ** shift + bottom) // (2 * bottom), 10 ** shift)
    else:
        scaled = bottom * 10 ** -shift
        rounded = Fraction((2 * top + scaled) // (2 * scaled) * 10 ** -shift)
    return rounded if value > 0 else -rounded


def significant_text(value: sympy.Rational, figures: int) -> str:
    """The decimal text of ``value`` rounded to ``figures`` significant figures: 0.333."""
    rounded = _rounded(_fraction(value), figures)
    if rounded == 0:
        return "0"
    exponent = exponent10(abs(rounded))
    digits = str(int(abs(rounded) * Fraction(10) ** (figures - 1 - exponent)))
    if exponent >= figures - 1:
        text = digits + "0" * (exponent - figures + 1)
    elif exponent >= 0:
        text = digits[: exponent + 1] + "." + digits[exponent + 1:]
    else:
        text = "0." + "0" * (-exponent - 1) + digits
    return ("−" if rounded < 0 else "") + text


@lru_cache(maxsize=4096)
def _expected_text(want: sympy.Rational, figures: int) -> str:
    """``significant_text`` of an expected value, worked out once."""
    return significant_text(want, figures)


def terminating(value) -> bool:
    """Whether a rational has a finite decimal expansion: its denominator q is 2^a 5^b,
    that is q divides 10^n for n the bit length of q (a and b are both below it)."""
    if not value.is_Rational:
        return False
    q = int(value.q)
    return pow(10, q.bit_length(), q) == 0


def figures_of(value) -> int | None:
    """Significant figures of a terminating decimal written without trailing zeros
    (0.1310 → 3, 1200 → 2); None for other numbers."""
    if not terminating(value):
        return None
    if value == 0:
        return 1
    top, bottom = abs(int(value.p)), int(value.q)
    # the digits: |value| times the least power of 10 making it whole, 10^max(a, b) for
    # q = 2^a 5^b (p and q have no common factor)
    twos = (bottom & -bottom).bit_length() - 1
    fives = _fives(bottom >> twos)
    text = str(top * 10 ** max(twos, fives) // bottom).rstrip("0")
    return len(text)


def _fives(power: int) -> int:
    """b for a power 5^b (1 for b = 0)."""
    b = round(math.log(power, 5)) if power > 1 else 0
    while 5 ** b < power:
        b += 1
    while b and 5 ** b > power:
        b -= 1
    return b


def short_decimal(value) -> bool:
    """Whether ``value`` is a decimal of at most ``SHORT_FIGURES`` significant figures."""
    figures = figures_of(value)
    return figures is not None and figures <= SHORT_FIGURES


def _plural(n: int) -> str:
    return plural(n, "significant figure")


def by_sigfigs(want, got, figures: int, shown: str, target: str,
               written: int | None) -> Judgement:
    """Right when |got − want| ≤ ½ unit of the ``figures``-th significant figure of want."""
    text = _expected_text(want, figures)
    if want == 0:
        close = got == 0
    else:
        unit = Rational(10) ** (exponent10(abs(want)) - figures + 1)
        close = abs(got - want) * 2 <= unit
    if close:
        return Judgement(True, f"{shown} is {target} to {_plural(figures)}")
    note = f" ({written} given)" if written is not None and written < figures else ""
    return Judgement(False, f"{target} to {_plural(figures)} is {text}, got "
                     f"{shown}{note}")


def by_written_figures(want, got, written: int, shown: str, tolerance) -> Judgement:
    """Right when ``written`` ≥ MIN_FIGURES and |got − want| < one unit of got's last
    written figure, or (for the many figures of a calculator's output) when
    |got − want| ≤ tolerance·|want|."""
    if written < MIN_FIGURES:
        return Judgement(False, f"{shown} gives {_plural(written)}; give at "
                         f"least {MIN_FIGURES} (expected {_expected_text(want, MIN_FIGURES)} "
                         f"to {_plural(MIN_FIGURES)})")
    if got == 0:
        return Judgement(False, f"expected {_expected_text(want, written)} "
                         f"(to {_plural(written)}), got {shown}")
    error = abs(_fraction(got) - _fraction(want))  # in Python fractions: the same, faster
    if error < Fraction(10) ** (exponent10(abs(got)) - written + 1):
        return Judgement(True, f"{shown} is correct to the {_plural(written)} "
                         "you gave")
    if tolerance is not None and (error <= _fraction(tolerance) * abs(_fraction(want))
                                  if isinstance(tolerance, sympy.Rational)
                                  else abs(got - want) <= tolerance * abs(want)):
        return Judgement(True, f"{shown} is within the relative tolerance "
                         f"{_short(tolerance)} of the expected value")
    return Judgement(False, f"expected {_expected_text(want, written)} (to "
                     f"{_plural(written)}), got {shown}")


def by_tolerance(want, got, tolerance, shown: str, target: str) -> Judgement:
    """Right when |got − want| ≤ tolerance·|want| (≤ tolerance when want = 0)."""
    error = abs(got - want)
    relative = error / abs(want) if want else error
    size = _short(relative)
    kind = "relative " if want else ""
    if relative <= tolerance:
        return Judgement(True, f"{shown} is within the {kind}tolerance "
                         f"{_short(tolerance)} of {target} ({kind}error {size})")
    return Judgement(False, f"{shown} differs from {target} by {size}"
                     f"{' relative' if want else ''}, more than the tolerance "
                     f"{_short(tolerance)}")


def tolerance_figures(tolerance) -> int:
    """Significant figures a relative tolerance compares: 1e-6 → 7."""
    if tolerance <= 0:
        return 15
    return max(1, min(15, -exponent10(Rational(tolerance)) + 1))


def _short(value) -> str:
    """A rational as a short float text: 1e−6, 0.0039."""
    number = float(value)
    text = f"{number:.2g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text.replace("-", "−")


def decimal_rules(expected, student, policy: Policy,
                  significant: int | None) -> Comparison | None:
    """A number the student wrote in decimals (or an integer under sigfigs) judged by the
    policy's rule; None when a proof must decide (see the module docstring).
    ``significant``: the figures the student wrote, trailing zeros included."""
    written = significant if significant is not None else figures_of(student)
    digits = max(40, (written or 0) + EXTRA_DIGITS, (policy.sigfigs or 0) + EXTRA_DIGITS)
    want = approximation(expected, digits)
    got = approximation(student, 40)
    if want is None or got is None:
        return None
    shown = show(student, decimal=True)
    if significant is not None and student.is_Rational and \
            (figures_of(student) or 0) < significant:
        shown = significant_text(student, significant)  # 0.2930 as given
    exactly = expected.is_Rational and student.is_Rational
    if exactly and expected == student:
        return Comparison(True, "exact", f"{shown} is exactly {show(expected)}")
    if policy.exact or (policy.sigfigs is None and policy.tolerance is None):
        if not exactly and abs(want - got) <= _scale(want) * Rational(1, 10**30):
            return None  # equal to 30 digits: only a proof can tell
        return Comparison(False, "exact", f"{shown} is not exactly {_target(expected, want)}; "
                          "exact values are required")
    if policy.sigfigs is not None:
        judged = by_sigfigs(want, got, policy.sigfigs, shown, _target(expected, None),
                            significant)
    elif policy.written_figures and written is not None and not short_decimal(expected):
        judged = by_written_figures(want, got, written, shown, policy.tolerance)
    else:
        target = _target(expected, want, tolerance_figures(policy.tolerance))
        judged = by_tolerance(want, got, policy.tolerance, shown, target)
    return Comparison(judged.equal, "tolerance", judged.reason)


@lru_cache(maxsize=4096)
def _target(expected, approximate, figures: int = 7) -> str:
    """The expected value as a decimal answer is compared with: its exact form when short
    (with ≈ the decimal when that is not exact), else only the decimal."""
    exact = show(expected)
    if approximate is None:
        return exact if len(exact) <= SHORT_TEXT else "the expected value"
    if terminating(expected) and len(exact) <= SHORT_TEXT:
        return exact
    decimal = significant_text(approximate, figures)
    return f"{exact} ≈ {decimal}" if len(exact) <= SHORT_TEXT else \
        f"the expected value ≈ {decimal}"


def _scale(value) -> sympy.Rational:
    return max(abs(value), Rational(1, 10**30))
