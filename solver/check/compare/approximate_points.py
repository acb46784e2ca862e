"""Critical points known only approximately, and points a possibly incomplete key lacks.

An approximate key point (no closed form; carried at 40 digits) matches a student's
decimal point when every coordinate lies within one unit of the student's own last written
digit of it (so rounding and truncation both pass), the coordinate being written to at
least ``MIN_FIGURES`` significant figures.

When the key is not certified complete, a student's point missing from it is tested on
∇f itself: an exact point is critical when ∇f is exactly 0 there; a decimal one when
Newton's method on ∇f = 0 from it, at ``DIGITS`` digits, settles on a critical point
within the student's written precision.
"""

from __future__ import annotations

from collections.abc import Sequence

import mpmath
import sympy

from solver.check.compare.decimals import MIN_FIGURES, figures_of

MAX_DECIMALS = 30
DIGITS = 30
NEWTON_STEPS = 40


def written_unit(value) -> sympy.Rational | None:
    """One unit in the last decimal place of a terminating decimal written with at least
    MIN_FIGURES significant figures (0.7689 → 1/10000); None for anything else."""
    value = sympy.sympify(value)
    if not value.is_Rational or value == 0:
        return None
    for places in range(MAX_DECIMALS + 1):
        scaled = value * 10**places
        if scaled.is_Integer:
            if figures_of(value) < MIN_FIGURES:
                return None
            return sympy.Rational(1, 10**places)
    return None


def within_written_digits(key: Sequence, student: Sequence) -> bool:
    """Every student coordinate is a decimal within one unit of its last digit of the key,
    or a number (such as 0) that the key's coordinate equals to 12 digits."""
    if len(key) != len(student):
        return False
    for exact, written in zip(key, student, strict=True):
        written = sympy.sympify(written)
        difference = abs(sympy.Float(exact, DIGITS) - written)
        unit = written_unit(written)
        if unit is None:
            if not written.is_number or difference > 1e-12 * max(1, abs(written)):
                return False
        elif difference > unit * (1 + 1e-9):
            return False
    return True


def could_be_critical(gradient: Sequence, names: Sequence[str], point: Sequence) -> bool:
    """Whether ∇f vanishes at the point (exact coordinates) or at a point within the
    student's written precision of it (decimals, found by Newton's method)."""
    symbols = {s.name: s for g in gradient for s in sympy.sympify(g).free_symbols}
    unknowns = [symbols.get(name, sympy.Symbol(name)) for name in names]
    point = [sympy.sympify(c) for c in point]
    if len(point) != len(unknowns) or not all(c.is_Rational for c in point):
        return False
    units = [written_unit(c) for c in point]
    at = dict(zip(unknowns, point, strict=True))
    if all(u is None for u in units):
        return all(sympy.sympify(g).xreplace(at) == 0 for g in gradient)
    functions = sympy.lambdify(unknowns, list(gradient), modules="mpmath")
    jacobian = sympy.lambdify(unknowns, sympy.Matrix(list(gradient)).jacobian(unknowns)
                              .tolist(), modules="mpmath")
    with mpmath.workdps(DIGITS):
        start = mpmath.matrix([mpmath.mpf(c.p) / c.q for c in point])
        x = start
        try:
            for _ in range(NEWTON_STEPS):
                step = mpmath.lu_solve(mpmath.matrix(jacobian(*x)), mpmath.matrix(functions(*x)))
                x = x - step
                if mpmath.norm(step) < mpmath.mpf(10) ** (5 - DIGITS) * max(1, mpmath.norm(x)):
                    break
        except (ZeroDivisionError, OverflowError):
            return False
        if mpmath.norm(mpmath.matrix(functions(*x))) > mpmath.mpf(10) ** (10 - DIGITS):
            return False
        tolerance = [u if u is not None else sympy.Rational(1, 10**12) for u in units]
        return all(abs(x[i] - start[i]) <= mpmath.mpf(t.p) / t.q * (1 + 1e-9)
                   for i, t in enumerate(tolerance))
