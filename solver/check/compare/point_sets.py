"""Sets of critical points, integer-parameter families c(k) included: equal as sets.

Each family is sampled at k = −3..3 (each parameter; −1..1 beyond two parameters): every
sampled student point must be a critical point (it lies in some expected family, whose
integer k is solved for when the family is affine in k, else searched in −12..12), and
every sampled expected point must lie in some student family the same way. Isolated
rational points are compared exactly; an approximate key point (see
``approximate_points``) matches a decimal point within its written digits; a point that a
key not certified complete lacks is tested on the gradient itself.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from functools import cached_property, lru_cache

import sympy

from solver import answers as A
from solver.check.compare.approximate_points import could_be_critical, within_written_digits
from solver.check.compare.compiler import UNDEFINED, float_function, free, mp_value
from solver.check.compare.decimals import has_decimals
from solver.check.compare.policy import AGREEMENT, Comparison, Policy, close
from solver.check.compare.shown import fmt, show, show_vector
from solver.check.compare.spans import is_vector_like, vector
from solver.check.values import Points, Says
from solver.plural import plural

PARAMETER_WINDOW = range(-3, 4)  # integer parameters k sampled for point families
SEARCH_WINDOW = range(-12, 13)  # integer parameters searched when a family is not affine
MAX_SEARCH = 20_000  # most parameter tuples searched


def as_points(expected: A.PointSet, student) -> Points:
    """A single point written as a vector or a number reads as a set of one point."""
    if isinstance(student, Points):
        return student
    if isinstance(student, Says):
        return Points((), (), student.text)
    value = student.value
    coordinates = vector(value) if is_vector_like(value) else [sympy.sympify(value)]
    return Points((tuple(coordinates),), (), student.text)


class _PointFamily:
    """Points c(k) for integer parameters k (none for an isolated point)."""

    def __init__(self, coordinates: Sequence, parameters: Iterable):
        self.coordinates = tuple(sympy.sympify(c) for c in coordinates)
        found = set().union(*(free(c) for c in self.coordinates))
        self.parameters = tuple(sorted((p for p in parameters if p in found), key=str))
        self.names = tuple(p.name for p in self.parameters)
        self.others = tuple(sorted(found - set(self.parameters), key=str))
        self.exact = None
        if not self.parameters and all(c.is_Rational for c in self.coordinates):
            self.exact = self.coordinates
        self._tuple = sympy.Tuple(*self.coordinates)
        self.base = self.at((0,) * len(self.parameters))
        self.slopes = None  # coordinates = base + slopes · k when affine in k
        if self.parameters and not self.others:
            slopes = [[sympy.diff(c, k) for k in self.parameters] for c in self.coordinates]
            if all(not free(d) for row in slopes for d in row):
                self.slopes = [[float(mp_value(d, (), ()) or 0) for d in row]
                               for row in slopes]

    def at(self, ks: tuple) -> tuple[float, ...] | None:
        """c(k) in double precision; None when a coordinate is undefined or not real."""
        function = float_function(self._tuple, self.parameters)
        try:
            values = function(*ks) if function is not None else None
        except (NameError, *UNDEFINED):  # a function math lacks, or undefined at k
            values = None
        if values is None:
            values = [mp_value(c, self.parameters, ks) for c in self.coordinates]
        out = []
        for v in values:
            if v is None or isinstance(v, complex):
                return None
            try:
                v = float(v)
            except (TypeError, ValueError, OverflowError):
                return None
            if not math.isfinite(v):
                return None
            out.append(v)
        return tuple(out)

    @cached_property
    def sampled(self) -> tuple[tuple[tuple[int, ...], tuple[float, ...] | None], ...]:
        """(k, c(k)) for k in −3..3 per parameter (−1..1 beyond two parameters)."""
        window = PARAMETER_WINDOW if len(self.parameters) < 3 else range(-1, 2)
        return tuple((ks, self.at(ks))
                     for ks in itertools.product(window, repeat=len(self.parameters)))

    def contains(self, point, rtol: float, atol: float, exact=None) -> bool:
        """Whether point is c(k) for some integer k (exactly, for two rational points)."""
        if self.base is None and not self.parameters:
            return False
        if not self.parameters:
            if exact is not None and self.exact is not None:
                return exact == self.exact
            return _close_points(self.base, point, rtol, atol)
        if self.slopes is not None and self.base is not None:
            ks = self._solve(point)
            if ks is not None and _close_points(self.at(ks), point, rtol, atol):
                return True
            if len(self.parameters) == 1:
                return False
        combos = itertools.product(SEARCH_WINDOW, repeat=len(self.parameters))
        return any(_close_points(self.at(ks), point, rtol, atol)
                   for ks in itertools.islice(combos, MAX_SEARCH))

    def _solve(self, point) -> tuple[int, ...] | None:
        """The integer k with base + slopes·k nearest to point (least squares, rounded)."""
        if len(self.parameters) == 1:
            i = max(range(len(point)), key=lambda j: abs(self.slopes[j][0]))
            if self.slopes[i][0] == 0:
                return None
            ks = [(point[i] - self.base[i]) / self.slopes[i][0]]
        else:
            import numpy

            target = numpy.array(point) - numpy.array(self.base)
            ks, *_ = numpy.linalg.lstsq(numpy.array(self.slopes), target, rcond=None)
        rounded = tuple(int(round(k)) for k in ks)
        if any(abs(k - r) > 1e-3 for k, r in zip(ks, rounded, strict=True)):
            return None
        return rounded

    def describe(self, names: Sequence[str]) -> str:
        return ", ".join(f"{name} = {show(c)}"
                         for name, c in zip(names, self.coordinates, strict=True))


def _close_points(a, b, rtol: float, atol: float) -> bool:
    return a is not None and b is not None and len(a) == len(b) and all(
        close(x, y, rtol, atol) for x, y in zip(a, b, strict=True))


@lru_cache(maxsize=256)
def _expected_families(points: A.PointSet) -> tuple[_PointFamily, ...]:
    families = []
    for point in points.points:
        parameter = point.parameter
        parameters = () if parameter is None else tuple(parameter) \
            if isinstance(parameter, (tuple, sympy.Tuple)) else (parameter,)
        families.append(_point_family(tuple(point.coordinates), parameters))
    return tuple(families)


@lru_cache(maxsize=1024)
def _point_family(coordinates: tuple, parameters: tuple) -> _PointFamily:
    return _PointFamily(coordinates, parameters)


def compare_point_sets(expected: A.PointSet, student: Points, policy: Policy) -> Comparison:
    """Equal as sets, integer-parameter families included (see the module docstring)."""
    names = expected.variables
    wanted = _expected_families(expected)
    given = tuple(_point_family(tuple(p), tuple(student.parameters)) for p in student.points)
    for family in given:
        if len(family.coordinates) != len(names):
            return Comparison(False, "shape", f"a point has {len(names)} coordinates "
                              f"({', '.join(names)}); got {show_vector(family.coordinates)}")
        if family.others:
            return Comparison(False, "structure", f"the point "
                              f"{show_vector(family.coordinates)} depends on "
                              f"{', '.join(map(str, family.others))}, which is not an "
                              f"integer parameter")
    if any(family.others for family in wanted):
        return Comparison(None, "structure", "the expected points depend on a continuous "
                          "parameter")
    decimals = has_decimals(student.text)
    rtol = policy.sampling_tolerance(decimals)
    atol = rtol if decimals else AGREEMENT
    exact_ok = not decimals or policy.exact
    used: list = []
    approximate = [w for w, p in zip(wanted, expected.points, strict=True) if p.approximate]
    unlisted: list = []  # critical points a key that may be incomplete lacks
    for family in given:
        for ks, point in family.sampled:
            used.append(tuple(zip(family.names, ks, strict=True)))
            exact = family.exact if exact_ok else None
            if point is not None and (
                    any(w.contains(point, rtol, atol, exact) for w in wanted)
                    or any(within_written_digits(w.coordinates, family.coordinates)
                           for w in approximate if not family.parameters)):
                continue
            if point is not None and not expected.complete and not family.parameters and \
                    could_be_critical(expected.gradient, names, family.coordinates):
                unlisted.append(family)
                continue
            return Comparison(False, "numeric", _not_critical(family, ks, point, decimals),
                              tuple(dict.fromkeys(used)))
    for family in wanted:
        for ks, point in family.sampled:
            used.append(tuple(zip(family.names, ks, strict=True)))
            exact = family.exact if exact_ok else None
            if point is None or any(g.contains(point, rtol, atol, exact) for g in given) or (
                    family in approximate and any(
                        within_written_digits(family.coordinates, g.coordinates)
                        for g in given if not g.parameters)):
                continue
            return Comparison(False, "numeric", _missing(family, given, names, rtol, atol,
                                                         family in approximate),
                              tuple(dict.fromkeys(used)))
    count = len(wanted)
    how = "exact" if all(f.exact is not None for f in wanted + given) and exact_ok \
        else "tolerance" if (decimals or approximate) and not policy.exact else "numeric"
    extra = "" if not unlisted else "; the key may be incomplete and " + ", ".join(
        show_vector(f.coordinates, decimals) for f in unlisted) + " is also a critical point"
    return Comparison(True, how, f"the same critical points "
                      f"({plural(count, 'family or point', 'families or points')}){extra}",
                      tuple(dict.fromkeys(used)))


def _not_critical(family: _PointFamily, ks: tuple, point, decimals: bool = False) -> str:
    """Why a student's point or family is not critical, the point written as the student
    wrote it (decimals as decimals)."""
    if not family.parameters:
        return f"{show_vector(family.coordinates, decimals)} is not a critical point"
    at = ", ".join(f"{k} = {fmt(v, 6)}" for k, v in zip(family.names, ks, strict=True))
    shown = "(" + ", ".join(fmt(x, 4) for x in point) + ")" if point else "an undefined point"
    return (f"the family {show_vector(family.coordinates)} contains {shown} at {at}, "
            "which is not a critical point")


def _missing(family: _PointFamily, given, names, rtol: float, atol: float,
             approximate: bool = False) -> str:
    if approximate:
        near = A.approximately_shown(family.coordinates)
        return f"misses the critical point ≈ {show_vector(near)}"
    if not family.parameters:
        return f"misses the critical point {show_vector(family.coordinates)}"
    inside = sum(1 for g in given if not g.parameters and g.base is not None
                 and family.contains(g.base, rtol, atol))
    if inside:
        some = "one point" if inside == 1 else f"{inside} points"
        return f"lists {some} of the family {family.describe(names)}, not the whole family"
    return f"misses the family {family.describe(names)}"
