"""Whether a student's answer equals the engine's, and why.

``compare(expected, student, policy)`` tries strategies from cheap to expensive and stops
at the first that decides:

1. structure — the kind of answer: a special outcome (no solution, undefined, no bound,
   no points) against a value or another outcome; a family, a range or a point set
   against the wrong kind of answer.
2. shape — matrices and vectors must have the same shape; a 1×1 matrix is its entry.
3. exact — two numbers are compared exactly. A number the student wrote in decimals is
   judged by the policy (rules in ``decimals``): within the relative ``tolerance``, or
   within half a unit of the ``sigfigs``-th significant figure of the exact value (an
   integer too: 1170 for 1174.34 at 3), or (``exact``) only when exactly equal; with
   ``written_figures`` (a part that sets none of these), a decimal for a value with no
   short exact decimal (π/4, e^(−1/2), 1/3) is right when it gives at least
   3 significant figures and lies within one unit of its own last written figure of the
   exact value (0.1086 and 0.1087 for 0.108643…, not 0.1 nor 0.1088).
   Rational functions with rational coefficients (both sides built from symbols,
   rationals, +, × and integer powers, within size guards) are decided exactly here too,
   by evaluation modulo a 61-bit prime at seeded random points (see ``identity``): a
   constant term off by 1 beside terms of size 10^13 is seen. Decimals judged by a
   tolerance are left to sampling.
4. numeric — expressions are evaluated at up to 12 seeded random points of the domain
   (points where either side is undefined, infinite or not real are skipped and drawn
   again); one point differing beyond 1e-9 relative (confirmed at 30 digits) refutes
   the answer and gives a counterexample, shown at the simplest point made of 0, ±1, ±2
   (within the domain) where the two differ by at least 0.1 %, else at the sampled point
   where they differ most. Sampling is scale-aware: the agreed point where the doubles
   differ most is evaluated again at 30 digits, and a difference beyond 1e-20 relative that
   stays the same at 60 digits (rounding of cancelling terms would shrink) refutes. When a
   power has a symbolic exponent, points made of 0, ±1, ±2, ±1/2 are tried too, since a
   negative base is real only at some exponents (a^(b c) and (a^b)^c differ at a = −1,
   b = 2, c = 1/2). Two constants that agree to 30 digits differ when SymPy's evalf finds
   a nonzero value of their difference (exp(−exp(exp(3))) is invisible at any fixed
   precision). Piecewise values and steps are compared
   almost everywhere: a point within 1e-9 of the boundary of a condition (where
   ``lhs − rhs`` of a comparison in a ``Piecewise`` is 0) or of a step (where the argument
   of ``Heaviside`` is 0) is skipped and drawn again, so answers that differ only on such
   a boundary are equal — ``5 step(z)`` (``Heaviside(z, 0)``), ``5 if z >= 0 else 0`` and
   ``Piecewise((5, z > 0), (0, True))`` all are, whatever their value at z = 0. A
   boundary that depends only on integer-sampled symbols is not skipped: there it is not
   a set of measure zero. The kinks of ``|·|``, ``Max`` and ``Min`` are boundaries too,
   and sampling goes on (up to 24 agreeing points) until the two sides agreed on both
   sides of every boundary that can be reached, so ``abs(z)`` is never taken for
   ``max(0, z)`` on positive points alone. Agreement at 8 or more points is accepted as
   equality (``decided_by="numeric"``): a symbolic proof costs 10–1000 times more than
   sampling, and the checker has to keep up with thousands of answers per second.
5. symbolic — ``simplify(a − b) == 0`` or ``(a − b).equals(0)`` under the domain's
   assumptions, run in a forked child under a hard time limit (see ``limits``). It runs
   when sampling found fewer than 8 points where both sides are defined, or for every
   agreement when ``Policy.prove`` is set; when the proof fails or times out, agreement
   at 8 or more points still counts as equal (``numeric``), fewer leaves the answer
   undecided (``equal=None``).

Matrices are compared entry by entry; linear-system families, ranges and critical-point
sets have their own rules (``_compare_families``, ``_compare_ranges``,
``_compare_point_sets``). ``same_direction`` and ``same_span`` compare eigenvectors and
eigenspaces up to a non-zero scale.

Every random draw comes from ``random.Random(policy.seed)``: the same seed gives the same
points and the same verdict in every process.
"""

from __future__ import annotations

import itertools
import math
import operator
import random
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import mpmath
import sympy
from sympy.matrices.expressions import MatrixExpr
from sympy.polys.matrices import DomainMatrix

from solver import answers as A
from solver.check import decimals as D
from solver.check import identity
from solver.check.approximate_points import could_be_critical, within_written_digits
from solver.check.values import Family, Points, Range, Says, StudentValue, Written
from solver.plural import plural
from solver.render.printing import plain
from solver.time_limits import run_with_time_limit

Rational = sympy.Rational

DEFAULT_TOLERANCE = sympy.Rational(1, 10**6)
AGREEMENT = 1e-9  # relative difference below which two sampled values agree
FLOAT_FLOOR = 1e-12  # absolute slack for rounding in double precision
MP_DIGITS = 30  # digits of the confirming evaluation
MP_FLOOR = 1e-20  # absolute slack at 30 digits
CONSTANT_AGREEMENT = 1e-25  # relative agreement of two constants evaluated at 30 digits
MAX_POINTS = 12
MIN_POINTS = 8
MAX_DRAWS = 48
PARAMETER_WINDOW = range(-3, 4)  # integer parameters k sampled for point families
SEARCH_WINDOW = range(-12, 13)  # integer parameters searched when a family is not affine
DOMAINS = ("real", "positive", "nonnegative", "integer")
_RANGES = {
    "real": ((-3.0, 3.0), (0.1, 3.0), (-10.0, 10.0)),
    "positive": ((0.1, 3.0), (0.5, 10.0)),
    "nonnegative": ((0.0, 3.0), (0.0, 10.0)),
}
_INTEGERS = {"integer": (-5, 5), "positive_integer": (1, 6), "nonnegative_integer": (0, 6)}
_ASSUMPTIONS = {"real": {"real": True}, "positive": {"positive": True},
                "nonnegative": {"nonnegative": True}, "integer": {"integer": True}}
# from weakest to strongest evidence for an equal verdict
_STRENGTH = ("numeric", "tolerance", "symbolic", "exact", "shape", "structure")
_STATUS_WORDS = {
    "value": "a value", "undefined": "undefined", "no_solution": "no solution",
    "no_bound": "no admissible bound", "none": "no points", "infinitely_many":
    "infinitely many solutions", "interval": "a range", "points": "a set of points",
    "family": "a family of solutions", "range": "a range",
}


@dataclass(frozen=True)
class Policy:
    """How strictly answers are compared.

    ``tolerance`` is relative (absolute when the expected value is 0) and applies to
    numbers the student wrote in decimals; ``sigfigs`` instead demands the decimal (or
    integer) lie within half a unit of that significant figure of the expected value;
    ``exact``, or no tolerance and no sigfigs, rejects any decimal that is not exactly
    equal. ``written_figures`` (what a part that sets none of these gets) judges a decimal
    number by the figures it gives when the expected value has no short exact decimal
    (see ``decimals``); the tolerance still applies to other values and to expressions.
    ``domain`` maps symbols (or their names) to real, positive, nonnegative or integer
    for sampling; other symbols follow their own assumptions (real by default).
    ``partial_entries`` reports the fraction of right matrix entries. ``seed`` drives
    every random draw. ``prove`` confirms numeric agreement by a symbolic proof attempt
    limited to ``proof_seconds``.
    """

    tolerance: sympy.Rational | None = DEFAULT_TOLERANCE
    sigfigs: int | None = None
    exact: bool = False
    written_figures: bool = False
    domain: Mapping[Any, str] = field(default_factory=dict)
    partial_entries: bool = False
    seed: int = 0
    prove: bool = False
    proof_seconds: float = 2.0

    def __post_init__(self):
        for kind in self.domain.values():
            if kind not in DOMAINS:
                raise ValueError(f"unknown domain {kind!r}: expected one of {DOMAINS}")
        if self.sigfigs is not None and self.sigfigs < 1:
            raise ValueError("sigfigs must be at least 1")

    @cached_property
    def _domain_by_name(self) -> dict[str, str]:
        return {getattr(key, "name", str(key)): kind for key, kind in self.domain.items()}

    def kind_of(self, symbol: sympy.Symbol) -> str:
        """The sampling domain of a symbol: the policy's word, else its assumptions.

        Integer symbols sample integers, positive or nonnegative ones when assumed so.
        """
        kind = self._domain_by_name.get(symbol.name)
        if kind is None:
            kind = ("integer" if symbol.is_integer else "positive" if symbol.is_positive
                    else "nonnegative" if symbol.is_nonnegative else "real")
        if kind == "integer":
            if symbol.is_positive:
                return "positive_integer"
            return "nonnegative_integer" if symbol.is_nonnegative else "integer"
        if kind in ("positive", "nonnegative") and symbol.is_integer:
            return f"{kind}_integer"
        return kind

    def sampling_tolerance(self, decimals: bool) -> float:
        """Relative agreement demanded of sampled values; looser for decimal answers."""
        if not decimals or self.exact:
            return AGREEMENT
        if self.sigfigs is not None:
            return max(AGREEMENT, 0.5 * 10.0 ** (1 - self.sigfigs))
        if self.tolerance is not None:
            return max(AGREEMENT, float(self.tolerance))
        return AGREEMENT


DEFAULT_POLICY = Policy()


@dataclass(frozen=True)
class Comparison:
    """A verdict: ``equal`` is None when no strategy could decide.

    ``points`` are the sample points used, each a tuple of (name, value) pairs (integer
    parameters for point families, matrices as text for closed forms);
    ``wrong_entries`` holds 0-based (row, column) pairs; ``entry_score`` is the fraction of
    right entries when shapes agree and the policy asks for per-entry credit;
    ``counterexample`` is {"at": {name: value}, "expected": …, "got": …} (plus "entry" for
    a matrix). A Comparison has no truth value: test ``.equal``.
    """

    equal: bool | None
    decided_by: str
    reason: str
    points: tuple = ()
    wrong_entries: tuple[tuple[int, int], ...] = ()
    entry_score: sympy.Rational | None = None
    counterexample: dict | None = None

    def __bool__(self):
        raise TypeError("a Comparison has no truth value: use .equal")


# -- entry point ---------------------------------------------------------------------------


def compare(expected: A.Answer, student: StudentValue,
            policy: Policy = DEFAULT_POLICY) -> Comparison:
    """Compare one engine answer with one student answer (see the module docstring)."""
    if isinstance(expected, A.Named):
        raise TypeError("named answers are compared name by name")
    verdict = _by_structure(expected, student)
    if verdict is not None:
        return verdict
    if isinstance(expected, A.PointSet):
        return _compare_point_sets(expected, _as_points(expected, student), policy)
    if isinstance(expected, A.InfinitelyMany):
        return _compare_families(expected, student)
    if isinstance(expected, A.Interval):
        return _compare_ranges(expected, student, policy)
    if isinstance(student, Family):
        student = Written(student.particular, student.text)
    return compare_values(expected.value, student.value, policy, student.decimals,
                          student.significant)


def compare_values(expected: Any, student: Any, policy: Policy = DEFAULT_POLICY,
                   decimals: bool = False, significant=None) -> Comparison:
    """Compare two scalars, vectors or matrices (shape, then exact, numeric, symbolic);
    ``significant``: the figures the student wrote (a tuple, row by row, for a matrix)."""
    expected, student = _normal(expected), _normal(student)
    if _is_boolean(expected) or _is_boolean(student):
        same = _is_boolean(expected) and _is_boolean(student) and bool(expected) == bool(student)
        return Comparison(same, "exact", "equal" if same else
                          f"expected {_show(expected)}, got {_show(student)}")
    if _is_matrix_expression(expected) or _is_matrix_expression(student):
        return _compare_matrix_expressions(expected, student, policy)
    verdict = _by_shape(expected, student)
    if verdict is not None:
        return verdict
    if isinstance(expected, sympy.MatrixBase):
        return _compare_entries(expected, student, policy, decimals, significant)
    return _compare_scalars(expected, student, policy, decimals,
                            None if isinstance(significant, tuple) else significant)


# -- 1. structure --------------------------------------------------------------------------


def _status(answer) -> str:
    if isinstance(answer, A.PointSet):
        return "points" if answer.points else "none"
    if isinstance(answer, Says):
        return answer.status
    if isinstance(answer, Written):
        return "value"
    if isinstance(answer, Family):
        return "family"
    if isinstance(answer, Range):
        return "range"
    if isinstance(answer, Points):
        return "points" if answer.points else "none"
    return answer.status


def _by_structure(expected, student) -> Comparison | None:
    """Decide when the kinds of answer differ; None when the values must be compared."""
    want, got = _status(expected), _status(student)
    if isinstance(expected, A.PointSet) and not expected.points and _unsolved(expected):
        return Comparison(None, "structure", f"the engine has no answer: {expected.reason}")
    if want in ("undefined", "no_solution", "no_bound", "none"):
        if want == got:
            return Comparison(True, "structure", f"both say {_STATUS_WORDS[want]}")
        why = f": {expected.reason}" if getattr(expected, "reason", "") else ""
        return Comparison(False, "structure",
                          f"expected {_STATUS_WORDS[want]}{why}; got {_word(got)}")
    if isinstance(student, Says):
        if want == got == "infinitely_many":
            return Comparison(False, "structure", "there are infinitely many solutions, but "
                              "give the family, e.g. x = p + t v")
        return Comparison(False, "structure",
                          f"expected {_STATUS_WORDS[want]}, got {_word(got)}")
    compatible = {
        "value": ("value", "family"),
        "infinitely_many": ("family", "value"),
        "interval": ("range",),
        "points": ("points", "none", "value"),
    }
    if got not in compatible.get(want, ()):
        return Comparison(False, "structure",
                          f"expected {_STATUS_WORDS[want]}, got {_word(got)}")
    if want == "value" and got == "family" and student.directions:
        return Comparison(False, "structure", "the solution is unique: "
                          f"{_show(expected.value)}; a family with parameters was given")
    if want == "infinitely_many" and got == "value":
        return _one_solution_of_many(expected, student)
    return None


def _word(status: str) -> str:
    return _STATUS_WORDS.get(status, repr(status))


def _unsolved(points: A.PointSet) -> bool:
    return points.unsolved


def _one_solution_of_many(expected: A.InfinitelyMany, student: Written) -> Comparison:
    particular = _column(expected.particular)
    vector = _column(student.value) if _is_vector_like(student.value) else None
    general = _show_family(expected)
    if vector is None or len(vector) != len(particular):
        return Comparison(False, "structure", f"there are infinitely many solutions: {general}")
    solves = _in_span([_column(b) for b in expected.basis], _minus(vector, particular))
    if solves:
        return Comparison(False, "structure", f"{_show_vector(vector)} is one solution, but "
                          f"there are infinitely many: {general}")
    return Comparison(False, "structure", f"{_show_vector(vector)} is not a solution; there "
                      f"are infinitely many: {general}")


# -- 2. shape ------------------------------------------------------------------------------


def _normal(value):
    """SymPy form: sequences become column matrices, 1×1 matrices their entry."""
    if isinstance(value, (list, tuple, sympy.Tuple)):
        value = sympy.ImmutableMatrix([sympy.sympify(v) for v in value])
    elif isinstance(value, (bool, sympy.logic.boolalg.BooleanAtom)):
        return value
    elif not isinstance(value, sympy.Basic):
        value = sympy.sympify(value)
    if isinstance(value, sympy.MatrixBase) and not isinstance(value, sympy.ImmutableMatrix):
        value = sympy.ImmutableMatrix(value)
    if isinstance(value, sympy.MatrixBase) and value.shape == (1, 1):
        return value[0, 0]
    return value


def _is_boolean(value) -> bool:
    return isinstance(value, (bool, sympy.logic.boolalg.BooleanAtom))


def _shape_text(value) -> str:
    if isinstance(value, (sympy.MatrixBase, MatrixExpr)):
        rows, cols = value.shape
        return f"a {rows}×{cols} {'vector' if cols == 1 else 'matrix'}"
    return "a scalar"


def _by_shape(expected, student) -> Comparison | None:
    e_shape = expected.shape if isinstance(expected, sympy.MatrixBase) else None
    s_shape = student.shape if isinstance(student, sympy.MatrixBase) else None
    if e_shape == s_shape:
        return None
    return Comparison(False, "shape",
                      f"expected {_shape_text(expected)}, got {_shape_text(student)}")


# -- matrices ------------------------------------------------------------------------------


def _compare_entries(expected: sympy.MatrixBase, student: sympy.MatrixBase, policy: Policy,
                     decimals: bool, significant=None) -> Comparison:
    """Entry by entry; ``significant`` holds the figures written in each entry (row by row),
    so −0.200000 gives 6 figures."""
    rows, cols = expected.shape
    figures = significant if isinstance(significant, tuple) and \
        len(significant) == rows * cols else (None,) * (rows * cols)
    verdicts = {(i, j): _compare_scalars(expected[i, j], student[i, j], policy, decimals,
                                         figures[i * cols + j])
                for i in range(rows) for j in range(cols)}
    wrong = tuple(key for key, verdict in verdicts.items() if verdict.equal is False)
    unknown = tuple(key for key, verdict in verdicts.items() if verdict.equal is None)
    right = len(verdicts) - len(wrong) - len(unknown)
    score = sympy.Rational(right, len(verdicts)) if policy.partial_entries else None
    points = tuple(dict.fromkeys(p for verdict in verdicts.values() for p in verdict.points))
    vector = cols == 1

    def where(key) -> str:
        return f"entry {key[0] + 1}" if vector else f"entry ({key[0] + 1}, {key[1] + 1})"

    if wrong:
        first = verdicts[wrong[0]]
        count = "1 entry differs" if len(wrong) == 1 else \
            f"{len(wrong)} of {len(verdicts)} entries differ"
        example = None if first.counterexample is None else \
            {**first.counterexample, "entry": wrong[0]}
        return Comparison(False, first.decided_by, f"{count}: {where(wrong[0])}: {first.reason}",
                          points, wrong, score, example)
    if unknown:
        return Comparison(None, verdicts[unknown[0]].decided_by,
                          f"{where(unknown[0])}: {verdicts[unknown[0]].reason}", points, (),
                          score)
    decided = min((v.decided_by for v in verdicts.values()), key=_STRENGTH.index)
    return Comparison(True, decided, f"all {len(verdicts)} entries agree ({decided})", points,
                      (), score)


def _is_matrix_expression(value) -> bool:
    return isinstance(value, MatrixExpr) and not isinstance(value, sympy.MatrixBase)


def _compare_matrix_expressions(expected, student, policy: Policy) -> Comparison:
    """Closed forms such as 2 A x: substitute seeded random integer matrices, compare exactly.

    Six assignments with entries in −9..9 refute a wrong polynomial closed form with
    overwhelming probability (a non-zero polynomial vanishes on few grid points).
    """
    shapes = [getattr(v, "shape", (1, 1)) for v in (expected, student)]
    if shapes[0] != shapes[1]:
        return Comparison(False, "shape", f"expected {_shape_text(expected)}, got "
                          f"{_shape_text(student)}")
    matrices: dict[str, sympy.MatrixSymbol] = {}
    for value in (expected, student):
        for m in sorted(_atoms(value, sympy.MatrixSymbol), key=str):
            known = matrices.setdefault(m.name, m)
            if known.shape != m.shape:
                return Comparison(False, "shape", f"{m.name} is {known.shape[0]}×"
                                  f"{known.shape[1]}, not {m.shape[0]}×{m.shape[1]}")
    scalars = sorted({s for value in (expected, student) for s in _scalar_symbols(value)},
                     key=str)
    if any(isinstance(v, sympy.MatrixBase) and v.free_symbols for v in (expected, student)):
        return Comparison(None, "structure", "a closed form is compared only with a closed "
                          "form or with numbers")
    rng = random.Random(policy.seed)
    used = 0
    points = []
    for _ in range(3 * MIN_POINTS):
        if used == 6:
            break
        values: dict = {}
        for name in sorted(matrices):
            m = matrices[name]
            values[m] = sympy.ImmutableMatrix(*m.shape, [rng.randint(-9, 9)
                                                         for _ in range(m.shape[0] * m.shape[1])])
        for s in scalars:
            values[s] = sympy.Integer(rng.randint(-9, 9))
        try:
            left, right = (_explicit(v, values) for v in (expected, student))
        except (ValueError, ArithmeticError, TypeError):  # a singular inverse, 1/0
            continue
        used += 1
        point = tuple((str(k), _show(v)) for k, v in values.items())
        points.append(point)
        if left != right:
            shown = ", ".join(f"{name} = {text}" for name, text in point)
            return Comparison(False, "numeric", f"differs at {shown}: expected {_show(left)}, "
                              f"got {_show(right)}", tuple(points),
                              counterexample={"at": dict(point), "expected": _show(left),
                                              "got": _show(right)})
    if used < 3:
        return Comparison(None, "numeric", "too few assignments where both sides are defined",
                          tuple(points))
    return Comparison(True, "numeric", f"agree for {used} random integer matrices",
                      tuple(points))


def _atoms(value, kind) -> set:
    return set(value.atoms(kind)) if isinstance(value, sympy.Basic) else set()


def _scalar_symbols(value) -> set:
    return {s for s in _atoms(value, sympy.Symbol) if not isinstance(s, sympy.MatrixSymbol)}


def _explicit(value, values: dict):
    value = value.xreplace(values)
    if isinstance(value, MatrixExpr):
        value = value.doit()
        value = sympy.ImmutableMatrix(value.as_explicit()) if isinstance(value, MatrixExpr) \
            else value
    value = _normal(value)
    if isinstance(value, sympy.MatrixBase):
        return value.applyfunc(sympy.expand)
    return sympy.expand(value)


# -- scalars: 3. exact, 4. numeric, 5. symbolic ----------------------------------------------


def _compare_scalars(expected, student, policy: Policy, decimals: bool,
                     significant: int | None) -> Comparison:
    expected, student = _unify_symbols(expected, student)
    if expected == student and not decimals:
        return Comparison(True, "exact", "equal: identical expressions")
    verdict = _by_exact(expected, student, policy, decimals, significant)
    if verdict is not None:
        return verdict
    identical = _by_identity(expected, student, policy, decimals)
    if identical is True and not policy.prove:
        return Comparison(True, "exact", "equal as rational functions")
    sampled = _by_sampling(expected, student, policy, decimals)
    if isinstance(sampled, Comparison):
        return sampled
    if identical is False:
        return _exact_counterexample(expected, student, policy, decimals)
    return _by_proof(expected, student, policy, sampled)


def _by_identity(expected, student, policy: Policy, decimals: bool) -> bool | None:
    """Rational functions with rational coefficients, decided exactly (see ``identity``);
    None for other answers, and for decimals judged by a tolerance."""
    if decimals and not policy.exact:
        return None
    if not (_free(expected) or _free(student)) or not identity.applies(expected, student):
        return None
    return identity.identical(expected, student, _sorted_symbols(expected, student),
                              policy.seed)


def _sorted_symbols(expected, student) -> tuple:
    return tuple(sorted(_free(expected) | _free(student), key=lambda s: (s.name, s.sort_key())))


def _exact_counterexample(expected, student, policy: Policy, decimals: bool) -> Comparison:
    """Two rational functions that differ where sampling saw them agree (terms far larger
    than their difference): exact values at the simplest point where they differ."""
    symbols = _sorted_symbols(expected, student)
    kinds = tuple(policy.kind_of(s) for s in symbols)
    for point in _simple_points(kinds):
        ints = tuple(int(v) for v in point)
        want = identity.exact_value(expected, symbols, ints)
        got = identity.exact_value(student, symbols, ints)
        if want is None or got is None or want == got:
            continue
        at = {s.name: v for s, v in zip(symbols, ints, strict=True)}
        where = ", ".join(f"{name} = {_fmt(v, 6)}" for name, v in at.items())
        shown = [_show(Rational(v.numerator, v.denominator), decimals) for v in (want, got)]
        return Comparison(False, "exact", f"differs at {where}: expected {shown[0]}, got "
                          f"{shown[1]}", (tuple(at.items()),),
                          counterexample={"at": at, "expected": shown[0], "got": shown[1]})
    return Comparison(False, "exact", "the difference is not the zero rational function")


@lru_cache(maxsize=8192)
def _free(expr) -> frozenset:
    return frozenset(expr.free_symbols) if isinstance(expr, sympy.Basic) else frozenset()


def _unify_symbols(expected, student):
    """Read the student's symbols as the engine's symbols of the same name."""
    mine, theirs = _free(expected), _free(student)
    if not mine or not theirs or theirs <= mine:
        return expected, student
    by_name = {s.name: s for s in mine}
    swap = {s: by_name[s.name] for s in theirs if s.name in by_name and by_name[s.name] != s}
    return expected, (student.xreplace(swap) if swap else student)


def _by_exact(expected, student, policy: Policy, decimals: bool,
              significant: int | None) -> Comparison | None:
    """Two numbers without symbols: exactly, or by the policy when written in decimals."""
    if _free(expected) or _free(student):
        return None
    if decimals or (policy.sigfigs is not None and student.is_Integer and expected != student):
        return _decimal_rules(expected, student, policy, significant)  # 1170 is 3 figures too
    if expected.is_Rational and student.is_Rational:
        if expected == student:
            return Comparison(True, "exact", "equal")
        return Comparison(False, "exact", f"expected {_show(expected)}, got {_show(student)}")
    return None


def _decimal_rules(expected, student, policy: Policy, significant: int | None):
    written = significant if significant is not None else D.figures_of(student)
    digits = max(40, (written or 0) + D.EXTRA_DIGITS, (policy.sigfigs or 0) + D.EXTRA_DIGITS)
    want = D.approximation(expected, digits)
    got = D.approximation(student, 40)
    if want is None or got is None:
        return None
    shown = _show(student, decimal=True)
    if significant is not None and student.is_Rational and \
            (D.figures_of(student) or 0) < significant:
        shown = D.significant_text(student, significant)  # 0.2930 as given
    exactly = expected.is_Rational and student.is_Rational
    if exactly and expected == student:
        return Comparison(True, "exact", f"{shown} is exactly {_show(expected)}")
    if policy.exact or (policy.sigfigs is None and policy.tolerance is None):
        if not exactly and abs(want - got) <= _scale(want) * Rational(1, 10**30):
            return None  # equal to 30 digits: only a proof can tell
        return Comparison(False, "exact", f"{shown} is not exactly {_target(expected, want)}; "
                          "exact values are required")
    if policy.sigfigs is not None:
        judged = D.by_sigfigs(want, got, policy.sigfigs, shown, _target(expected, None),
                              significant)
    elif policy.written_figures and written is not None and not D.short_decimal(expected):
        judged = D.by_written_figures(want, got, written, shown, policy.tolerance)
    else:
        target = _target(expected, want, D.tolerance_figures(policy.tolerance))
        judged = D.by_tolerance(want, got, policy.tolerance, shown, target)
    return Comparison(judged.equal, "tolerance", judged.reason)


SHORT_TEXT = 24  # longest exact expression shown beside a decimal answer


def _target(expected, approximate, figures: int = 7) -> str:
    """The expected value as a decimal answer is compared with: its exact form when short
    (with ≈ the decimal when that is not exact), else only the decimal."""
    exact = _show(expected)
    if approximate is None:
        return exact if len(exact) <= SHORT_TEXT else "the expected value"
    if D.terminating(expected) and len(exact) <= SHORT_TEXT:
        return exact
    decimal = D.significant_text(approximate, figures)
    return f"{exact} ≈ {decimal}" if len(exact) <= SHORT_TEXT else \
        f"the expected value ≈ {decimal}"


def _scale(value) -> sympy.Rational:
    return max(abs(value), Rational(1, 10**30))


# -- 4. numeric sampling ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Agreement:
    """Sampling did not refute: the points where both sides agreed."""

    points: tuple
    loose: bool  # some point agreed only within the decimal tolerance
    expected_only: int  # points where only the expected side was defined
    constant: bool = False  # two numbers that agree to 25 digits


@dataclass(frozen=True)
class _Kit:
    """The arithmetic a compiled evaluator uses: double precision or 30-digit mpmath."""

    number: Callable[[Any], Any]
    total: Callable[[list], Any]
    sqrt: Callable[[Any], Any]
    log: Callable[[Any], Any]
    functions: Mapping[Any, Callable[[Any], Any]]


def _mp_number(expr):
    with mpmath.workdps(MP_DIGITS + 10):
        if expr.is_Rational:
            return mpmath.mpf(int(expr.p)) / int(expr.q)
        return mpmath.mpf(str(sympy.N(expr, MP_DIGITS + 10)))


_FLOAT = _Kit(float, math.fsum, math.sqrt, math.log, {
    sympy.sin: math.sin, sympy.cos: math.cos, sympy.tan: math.tan, sympy.asin: math.asin,
    sympy.acos: math.acos, sympy.atan: math.atan, sympy.sinh: math.sinh,
    sympy.cosh: math.cosh, sympy.tanh: math.tanh, sympy.exp: math.exp, sympy.Abs: abs,
    sympy.asinh: math.asinh, sympy.acosh: math.acosh, sympy.atanh: math.atanh,
    sympy.erf: math.erf, sympy.gamma: math.gamma,
    sympy.factorial: lambda v: math.gamma(v + 1),
})
_MPMATH = _Kit(_mp_number, mpmath.fsum, mpmath.sqrt, mpmath.log, {
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
EDGE = 1e-9  # a point this close (relative) to a piecewise boundary is not sampled


def _compile_condition(condition, index: dict, kit: _Kit) -> Callable[[tuple], bool]:
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


def _compile_piecewise(expr, index: dict, kit: _Kit) -> Callable[[tuple], Any]:
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


_EXTREMES = {sympy.Max: max, sympy.Min: min}  # builtin max and min order floats and mpf


def _compile_step(expr, index: dict, kit: _Kit) -> Callable[[tuple], Any]:
    """Heaviside(x, h0): 1 for x > 0, 0 for x < 0, h0 at 0 (1/2 when not given)."""
    argument = _compile(expr.args[0], index, kit)
    at_zero = kit.number(expr.args[1] if len(expr.args) > 1 else sympy.S.Half)

    def step(p):
        value = argument(p)
        return 1 if value > 0 else 0 if value < 0 else at_zero
    return step


@lru_cache(maxsize=4096)
def _edges(expr) -> tuple:
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


def _on_edge(edges: tuple, symbols: tuple, point: tuple) -> bool:
    """Whether point is (within EDGE, relative to its size) on one of the boundaries."""
    return any(side == 0 for side in _sides(edges, symbols, point))


def _sides(edges: tuple, symbols: tuple, point: tuple) -> tuple[int | None, ...]:
    """For each boundary, the side point lies on: 1 or −1, 0 when it is on the boundary
    (within EDGE, relative to its size), None when the boundary is not defined there."""
    scale = 1 + max((abs(x) for x in point), default=0)
    sides = []
    for edge in edges:
        value = _float_value(edge, symbols, point)
        sides.append(None if value is None else 0 if abs(value) <= EDGE * scale else
                     1 if value > 0 else -1)
    return tuple(sides)


def _compile(expr, index: dict, kit: _Kit) -> Callable[[tuple], Any]:
    """expr as nested closures over a point tuple; much cheaper to build than lambdify.

    Undefined points raise (ValueError, ZeroDivisionError, OverflowError) or give complex
    numbers, which the callers read as "not defined here".
    """
    if expr.is_Symbol:
        if expr not in index:
            raise _Unsupported(expr)
        i = index[expr]
        return lambda p: p[i]
    if expr.is_number:  # a constant subtree: √2, π/2, a CRootOf, …
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


def _evaluator(expr, symbols: tuple, kit: _Kit, module: str) -> Callable | None:
    try:
        compiled = _compile(expr, {s: i for i, s in enumerate(symbols)}, kit)
        return lambda *point: compiled(point)
    except _Unsupported:
        pass
    try:
        return sympy.lambdify(symbols, expr, modules=module)
    except Exception:  # noqa: BLE001 — an expression lambdify cannot print
        return None


@lru_cache(maxsize=8192)
def _float_function(expr, symbols: tuple) -> Callable | None:
    """A double-precision evaluator of expr (closures, else lambdify with math)."""
    return _evaluator(expr, symbols, _FLOAT, "math")


@lru_cache(maxsize=4096)
def _mp_function(expr, symbols: tuple) -> Callable | None:
    """A 30-digit evaluator of expr (closures, else lambdify with mpmath)."""
    return _evaluator(expr, symbols, _MPMATH, "mpmath")


def _float_value(expr, symbols: tuple, point: tuple, function=False) -> float | None:
    """expr at point in double precision; None when undefined, infinite or not real.
    ``function``: ``_float_function(expr, symbols)`` when the caller has it already."""
    if function is False:
        function = _float_function(expr, symbols)
    try:
        if function is None:
            raise NameError("no double-precision form")
        value = function(*point)
    except (NameError, TypeError):  # a function the math module lacks or refuses
        value = _mp_value(expr, symbols, point)
    except Exception:  # noqa: BLE001 — domain errors, division by zero, overflow
        return None
    if value is None or isinstance(value, complex):
        return None
    try:
        value = float(value)
    except (TypeError, OverflowError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _mp_value(expr, symbols: tuple, point: tuple):
    """expr at point with 30 digits (mpmath); None when undefined, infinite or not real."""
    function = _mp_function(expr, symbols)
    with mpmath.workdps(MP_DIGITS):
        try:
            if function is None:
                raise NameError("no mpmath form")
            value = function(*(mpmath.mpf(x) for x in point))
        except NameError:  # CRootOf and other objects mpmath does not know
            value = _evalf_value(expr, symbols, point)
        except Exception:  # noqa: BLE001 — domain errors, division by zero, overflow
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


def _evalf_value(expr, symbols: tuple, point: tuple, digits: int = MP_DIGITS):
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
    except Exception:  # noqa: BLE001
        return None


def _close(a, b, rtol: float, atol: float) -> bool:
    return abs(a - b) <= rtol * max(abs(a), abs(b)) + atol


def _draw(rng: random.Random, kinds: tuple[str, ...], attempt: int) -> tuple[float, ...]:
    point = []
    for kind in kinds:
        if kind in _INTEGERS:
            point.append(float(rng.randint(*_INTEGERS[kind])))
        else:
            ranges = _RANGES[kind]
            point.append(rng.uniform(*ranges[attempt % len(ranges)]))
    return tuple(point)


def _by_sampling(expected, student, policy: Policy, decimals: bool) -> Comparison | _Agreement:
    symbols = tuple(sorted(_free(expected) | _free(student), key=lambda s: (s.name, s.sort_key())))
    if not symbols:
        return _constants(expected, student)
    kinds = tuple(policy.kind_of(s) for s in symbols)
    rtol = policy.sampling_tolerance(decimals)
    rng = random.Random(policy.seed)
    agreed: list[tuple[float, ...]] = []
    loose = False
    expected_only = 0
    continuous = {s for s, kind in zip(symbols, kinds, strict=True) if kind not in _INTEGERS}
    edges = tuple(edge for edge in dict.fromkeys(_edges(expected) + _edges(student))
                  if _free(edge) & continuous)
    seen = [set() for _ in edges]  # the sides of each boundary where the two agreed
    suspect = (0.0, None)  # the agreed point with the largest difference in floats
    left, right = _float_function(expected, symbols), _float_function(student, symbols)
    for attempt in range(MAX_DRAWS):
        if len(agreed) >= MAX_POINTS and all(len(sides) == 2 for sides in seen):
            break
        if len(agreed) == 2 * MAX_POINTS:
            break
        point = _draw(rng, kinds, attempt)
        sides = _sides(edges, symbols, point) if edges else ()
        if 0 in sides:
            continue
        want = _float_value(expected, symbols, point, left)
        got = _float_value(student, symbols, point, right) if want is not None else None
        if want is None or got is None:
            expected_only += want is not None
            continue
        if not _close(want, got, AGREEMENT, FLOAT_FLOOR):
            precise = _precise(expected, student, symbols, point)
            if precise is None:
                continue
            if not _close(*precise, AGREEMENT, MP_FLOOR):
                if not (rtol > AGREEMENT and _close(*precise, rtol, rtol * 1e-3)):
                    point, precise = _clearest(expected, student, symbols, kinds, edges, rng,
                                               attempt, point, precise)
                    return _counterexample(expected, student, symbols, kinds, point, precise,
                                           agreed, edges)
                loose = True
        elif want != got and rtol == AGREEMENT:
            suspect = max(suspect, (_relative(want, got), point), key=lambda pair: pair[0])
        agreed.append(point)
        for found, side in zip(seen, sides, strict=True):
            if side is not None:
                found.add(side)
    if suspect[1] is not None:
        precise = _differs_beyond_rounding(expected, student, symbols, suspect[1])
        if precise is not None:
            return _counterexample(expected, student, symbols, kinds, suspect[1], precise,
                                   agreed, edges)
    if agreed and (_symbolic_powers(expected) or _symbolic_powers(student)):
        refuted = _by_power_points(expected, student, symbols, kinds, edges, rtol, agreed)
        if refuted is not None:
            return refuted
    names = tuple(s.name for s in symbols)
    named = tuple(tuple(zip(names, p, strict=True)) for p in agreed)
    if not agreed and expected_only:
        return Comparison(False, "numeric", f"undefined or not real at every sampled point "
                          f"where the expected value is defined ({plural(expected_only, 'point')})")
    return _Agreement(named, loose, expected_only)


def _precise(expected, student, symbols, point):
    want = _mp_value(expected, symbols, point)
    got = _mp_value(student, symbols, point) if want is not None else None
    return None if got is None else (want, got)


SCALE_AGREEMENT = 1e-20  # relative difference at 30 digits below which values agree
POWER_VALUES = (0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5)
POWER_POINTS = 343


def _differs_beyond_rounding(expected, student, symbols, point):
    """The 30-digit values at ``point`` when the two differ by more than rounding: beyond
    SCALE_AGREEMENT relative at 30 digits, and by about as much again at 60 digits (a
    rounding error of cancelling terms shrinks as the precision grows; a real difference,
    however small beside the terms, does not)."""
    precise = _precise(expected, student, symbols, point)
    if precise is None or _close(*precise, SCALE_AGREEMENT, MP_FLOOR):
        return None
    want, got = (_evalf_value(e, symbols, point, 2 * MP_DIGITS) for e in (expected, student))
    if want is None or got is None:
        return None
    low, high = abs(precise[0] - precise[1]), abs(want - got)
    return precise if abs(high - low) <= low / 2 else None


@lru_cache(maxsize=4096)
def _symbolic_powers(expr) -> bool:
    """Whether expr raises something to a power that depends on a symbol (a^b, 2^x)."""
    return isinstance(expr, sympy.Basic) and any(
        _free(power.exp) for power in expr.atoms(sympy.Pow))


@lru_cache(maxsize=256)
def _power_points(kinds: tuple[str, ...]) -> tuple[tuple[float, ...], ...]:
    """Points made of 0, ±1, ±2, ±1/2 within each domain (at most POWER_POINTS)."""
    values = [_in_domain(POWER_VALUES, kind) for kind in kinds]
    return tuple(itertools.islice(itertools.product(*values), POWER_POINTS))


def _in_domain(candidates: tuple[float, ...], kind: str) -> list[float]:
    """The candidate values a symbol of this kind may take (integers within the range
    sampled for an integer kind)."""
    low, high = _INTEGERS.get(kind, (None, None))
    return [v for v in candidates
            if (kind not in ("positive", "positive_integer") or v > 0)
            and (kind not in ("nonnegative", "nonnegative_integer") or v >= 0)
            and (low is None or (low <= v <= high and v == int(v)))]


def _by_power_points(expected, student, symbols, kinds, edges, rtol, agreed):
    """Powers with a symbolic exponent are real on a negative base only at some exponents
    ((−1)^2 = 1): a^(b c) and (a^b)^c agree wherever random points make both real, and
    differ at a = −1, b = 2, c = 1/2. Such points are tried; a difference refutes."""
    for point in _power_points(kinds):
        if edges and _on_edge(edges, symbols, point):
            continue
        want = _float_value(expected, symbols, point)
        got = _float_value(student, symbols, point) if want is not None else None
        if want is None or got is None or _close(want, got, max(rtol, AGREEMENT), FLOAT_FLOOR):
            continue
        precise = _precise(expected, student, symbols, point)
        if precise is not None and not _close(*precise, max(rtol, AGREEMENT), MP_FLOOR):
            return _counterexample(expected, student, symbols, kinds, point, precise, agreed,
                                   edges)
    return None


SIMPLE_VALUES = (0.0, 1.0, -1.0, 2.0, -2.0)
SIMPLE_POINTS = 25  # most simple points tried for a counterexample
CLEAR = 1e-3  # relative difference a counterexample should show
MORE_DRAWS = 8  # random points drawn after the first refutation, to find a clearer one


def _relative(want: float, got: float) -> float:
    scale = max(abs(want), abs(got))
    return abs(want - got) / scale if scale else 0.0


@lru_cache(maxsize=256)
def _simple_points(kinds: tuple[str, ...]) -> tuple[tuple[float, ...], ...]:
    """Points built from 0, ±1, ±2 within each symbol's domain, simplest first, those
    with distinct coordinates before the others."""
    values = [_in_domain(SIMPLE_VALUES, kind) for kind in kinds]
    if any(not allowed for allowed in values):
        return ()
    # at most two coordinates away from the simplest point (the product grows as 5^n)
    base = tuple(allowed[0] for allowed in values)
    candidates = {base}
    for changed in itertools.chain.from_iterable(
            itertools.combinations(range(len(kinds)), r) for r in (1, 2)):
        for chosen in itertools.product(*(values[i][1:] for i in changed)):
            point = list(base)
            for i, v in zip(changed, chosen, strict=True):
                point[i] = v
            candidates.add(tuple(point))
        if len(candidates) > 8 * SIMPLE_POINTS:
            break
    # distinct coordinates first: at x = y an answer with x and y swapped looks right
    points = sorted(candidates, key=lambda p: (len(set(p)) < len(p), sum(abs(v) for v in p),
                                               tuple(SIMPLE_VALUES.index(v) for v in p)))
    return tuple(points[:SIMPLE_POINTS])


def _clearest(expected, student, symbols, kinds, edges, rng, attempt, point, values):
    """Where to show a refutation found at ``point``: the simplest point made of 0, ±1, ±2
    where the relative difference is at least CLEAR, else the point with the largest
    relative difference among ``point`` and a few more random draws."""
    left, right = _float_function(expected, symbols), _float_function(student, symbols)

    def differences(candidates):
        for candidate in candidates:
            if edges and _on_edge(edges, symbols, candidate):
                continue
            want = _float_value(expected, symbols, candidate, left)
            got = _float_value(student, symbols, candidate, right) if want is not None \
                else None
            if want is not None and got is not None:
                yield _relative(want, got), candidate

    simple = next((pair for pair in differences(_simple_points(kinds)) if pair[0] >= CLEAR),
                  None)
    if simple is not None:
        best = simple
    else:
        first = float(_relative(*(float(v) for v in values)))
        if first >= CLEAR:
            return point, values
        more = [_draw(rng, kinds, attempt + 1 + i) for i in range(MORE_DRAWS)]
        best = max(differences(more), default=(first, point), key=lambda pair: pair[0])
        if best[0] <= first:
            return point, values
    precise = _precise(expected, student, symbols, best[1])
    if precise is None or _close(*precise, AGREEMENT, MP_FLOOR):
        return point, values
    return best[1], precise


def _counterexample(expected, student, symbols, kinds, point, values, agreed,
                    edges: tuple = ()) -> Comparison:
    """A refutation at ``point``, reported at a rounder nearby point when that still refutes
    (and is not on a piecewise boundary)."""
    for digits in (2, 3, 4):
        if all(x in SIMPLE_VALUES for x in point):
            break
        rounder = tuple(x if k in _INTEGERS else round(x, digits)
                        for x, k in zip(point, kinds, strict=True))
        if any(x <= 0 for x, k in zip(rounder, kinds, strict=True) if k == "positive") or \
                any(x < 0 for x, k in zip(rounder, kinds, strict=True) if k == "nonnegative"):
            continue
        if edges and _on_edge(edges, symbols, rounder):
            continue
        precise = _precise(expected, student, symbols, rounder)
        if precise is not None and not _close(*precise, AGREEMENT, MP_FLOOR):
            point, values = rounder, precise
            break
    want, got = (float(v) for v in values)
    at = {s.name: (int(x) if k in _INTEGERS else x)
          for s, x, k in zip(symbols, point, kinds, strict=True)}
    digits = 3
    while _fmt(want, digits) == _fmt(got, digits) and digits < 17:
        digits += 1
    where = ", ".join(f"{name} = {_fmt(x, 6)}" for name, x in at.items())
    reason = f"differs at {where}: expected {_fmt(want, digits)}, got {_fmt(got, digits)}"
    names = tuple(s.name for s in symbols)
    used = tuple(tuple(zip(names, p, strict=True)) for p in agreed + [point])
    return Comparison(False, "numeric", reason, used,
                      counterexample={"at": at, "expected": want, "got": got})


def _constants(expected, student) -> Comparison | _Agreement:
    """Two numbers without symbols, compared at 30 digits."""
    want, got = _mp_value(expected, (), ()), _mp_value(student, (), ())
    if want is None and got is None:
        return Comparison(None, "numeric", "neither value is a finite real number")
    if want is None:
        return Comparison(False, "numeric", f"expected {_show(expected)}, which is not a "
                          f"finite real number; got {_show(student)}")
    if got is None:
        return Comparison(False, "numeric", f"{_show(student)} is not a finite real number; "
                          f"expected {_show(expected)}")
    if _close(want, got, CONSTANT_AGREEMENT, 1e-28):
        gap = _hidden_difference(expected, student)
        if gap is None:
            return _Agreement((), False, 0, constant=True)
        size = str(sympy.N(gap, 3)).replace("E", "e").replace("-", "−")
        return Comparison(False, "numeric", f"expected {_approximately(expected, want, 12)}, "
                          f"got {_show(student)}: they differ by {size}")
    digits = 6
    while _fmt(float(want), digits) == _fmt(float(got), digits) and digits < 17:
        digits += 1
    return Comparison(False, "numeric", f"expected {_approximately(expected, want, digits)}, "
                      f"got {_approximately(student, got, digits)}")


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


def _approximately(value, number, digits: int) -> str:
    """``sqrt(2) ≈ 1.41421``; a long exact form is left out: ``≈ 1.41421``."""
    exact = _show(value)
    decimal = _fmt(float(number), digits)
    return f"{exact} ≈ {decimal}" if len(exact) <= SHORT_TEXT else f"≈ {decimal}"


# -- 5. symbolic proof ---------------------------------------------------------------------


def _proves_zero(difference) -> bool:
    """True when SymPy shows ``difference`` is identically zero."""
    if sympy.simplify(difference) == 0:
        return True
    return difference.equals(0) is True


@lru_cache(maxsize=1024)
def _proof(difference, seconds: float) -> tuple[str, Any]:
    return run_with_time_limit(_proves_zero, (difference,), seconds)


def _by_proof(expected, student, policy: Policy, agreement: _Agreement) -> Comparison:
    constant = agreement.constant
    enough = constant or len(agreement.points) >= MIN_POINTS
    numeric = "tolerance" if agreement.loose else "numeric"
    if constant:
        sampled = "agree to 25 digits"
    else:
        sampled = f"agree at {plural(len(agreement.points), 'random point')}"
    if enough and not policy.prove:
        return Comparison(True, numeric, sampled, agreement.points)
    difference = _with_domain(expected - student, policy)
    status, proved = _proof(difference, policy.proof_seconds)
    if status == "ok" and proved:
        return Comparison(True, "symbolic", "the difference simplifies to 0", agreement.points)
    failed = {"ok": "no proof found", "timeout": "the proof timed out",
              "error": "the proof failed"}[status]
    if enough:
        return Comparison(True, numeric, f"{sampled} ({failed})", agreement.points)
    return Comparison(None, "symbolic", f"undecided: only "
                      f"{plural(len(agreement.points), 'sampled point')} where both sides are "
                      f"defined, and {failed}", agreement.points)


def _with_domain(expr, policy: Policy):
    """expr with each symbol replaced by one of the same name with the domain's assumptions."""
    swap = {}
    for s in _free(expr):
        kind = policy.kind_of(s)
        assumptions = dict(_ASSUMPTIONS.get(kind.replace("_integer", ""), {}))
        if kind.endswith("integer"):
            assumptions["integer"] = True
        swap[s] = sympy.Symbol(s.name, **assumptions)
    return expr.xreplace(swap)


# -- eigenvectors and spaces --------------------------------------------------------------


def _vector(value) -> list:
    """The entries of a vector (a matrix with one row or column, or a sequence)."""
    return [sympy.sympify(v) for v in value]


def _columns(value) -> list[list]:
    if isinstance(value, sympy.MatrixBase):
        return [list(value.col(j)) for j in range(value.cols)]
    return [_vector(v) for v in value]


def same_direction(expected_vector, student_vector, policy: Policy = DEFAULT_POLICY,
                   decimals: bool = False) -> Comparison:
    """Whether the student's vector is a non-zero multiple of the expected one.

    Exact answers: the student's vector is c·v with c = s_i / v_i at the largest entry
    v_i, each s_j v_i = s_i v_j compared like scalars. Decimals (unless ``policy.exact``):
    the angle between the vectors must be within the policy's relative tolerance.
    """
    want, got = _vector(expected_vector), _vector(student_vector)
    if len(want) != len(got):
        return Comparison(False, "shape", "expected a vector with "
                          f"{plural(len(want), 'entry', 'entries')}, got {len(got)}")
    if all(v == 0 for v in got):
        return Comparison(False, "exact", "the zero vector is not an eigenvector")
    if decimals and not policy.exact:
        return _angle(want, got, policy)
    sizes = [abs(_mp_value(v, (), ()) or 0) if not _free(v) else 1 for v in want]
    pivot = max(range(len(want)), key=lambda i: (sizes[i], -i))
    if want[pivot] == 0:
        raise ValueError("the expected vector is zero")
    if got[pivot] == 0:
        return Comparison(False, "exact", f"{_show_vector(got)} is not a multiple of "
                          f"{_show_vector(want)}")
    decided = "exact"
    for j in range(len(want)):
        if j == pivot:
            continue
        verdict = _compare_scalars(want[pivot] * got[j], want[j] * got[pivot], policy,
                                   False, None)
        if verdict.equal is not True:
            if verdict.equal is None:
                return Comparison(None, verdict.decided_by, verdict.reason)
            return Comparison(False, verdict.decided_by, f"{_show_vector(got)} is not a "
                              f"multiple of {_show_vector(want)}")
        decided = min(decided, verdict.decided_by, key=_STRENGTH.index)
    factor = got[pivot] / want[pivot]
    return Comparison(True, decided, f"{_show_vector(got)} = {_show(factor)} × "
                      f"{_show_vector(want)}")


def _angle(want: list, got: list, policy: Policy) -> Comparison:
    a = [_mp_value(v, (), ()) for v in want]
    b = [_mp_value(v, (), ()) for v in got]
    if any(v is None for v in a + b):
        return Comparison(None, "numeric", "an entry is not a finite real number")
    with mpmath.workdps(MP_DIGITS):
        dot = mpmath.fsum(x * y for x, y in zip(a, b, strict=True))
        norms = mpmath.sqrt(mpmath.fsum(x * x for x in a) * mpmath.fsum(y * y for y in b))
        sine = float(mpmath.sqrt(max(mpmath.mpf(0), 1 - (dot / norms) ** 2)))
    limit = policy.sampling_tolerance(True)
    if sine <= limit:
        return Comparison(True, "tolerance", f"{_show_vector(got, True)} is parallel to "
                          f"{_show_vector(want)} within the tolerance")
    return Comparison(False, "tolerance", f"{_show_vector(got, True)} is not parallel to "
                      f"{_show_vector(want)} (sine of the angle {_fmt(sine, 2)})")


def same_span(expected_columns, student_columns, policy: Policy = DEFAULT_POLICY,
              decimals: bool = False) -> Comparison:
    """Whether the student's vectors span the same space as the expected basis.

    Rank tests: rank S = rank E = rank [E | S]. Exact for rational entries; other
    entries are tested for zero at 30 digits; decimals use a relative tolerance.
    """
    want, got = _columns(expected_columns), _columns(student_columns)
    size = {len(v) for v in want + got}
    if len(size) > 1:
        return Comparison(False, "shape", "the vectors have different numbers of entries")
    if len(want) == 1 and len(got) == 1:
        return same_direction(want[0], got[0], policy, decimals)
    tolerance = policy.sampling_tolerance(True) if decimals and not policy.exact else None
    r = _rank(want, tolerance)
    mine, joint = _rank(got, tolerance), _rank(want + got, tolerance)
    decided = "exact" if tolerance is None and all(v.is_Rational for c in want + got
                                                    for v in c) else \
        "tolerance" if tolerance is not None else "numeric"
    if mine == r == joint:
        return Comparison(True, decided, f"the vectors span the same {r}-dimensional space")
    if joint > r:
        outside = next(c for c in got if _rank(want + [c], tolerance) > r)
        return Comparison(False, decided, f"{_show_vector(outside)} is not in the span of "
                          f"{', '.join(_show_vector(c) for c in want)}")
    return Comparison(False, decided, f"the vectors span only {mine} of {r} dimensions")


def _rank(columns: list[list], tolerance: float | None = None) -> int:
    if not columns:
        return 0
    matrix = sympy.Matrix(columns).T
    if tolerance is not None:
        import numpy

        values = numpy.array([[float(_mp_value(v, (), ()) or 0) for v in row]
                              for row in matrix.tolist()])
        singular = numpy.linalg.svd(values, compute_uv=False)
        return int((singular > tolerance * max(singular.max(), 1e-300)).sum())
    if all(v.is_Rational for v in matrix):
        return DomainMatrix.from_Matrix(matrix).convert_to(sympy.QQ).rank()
    return matrix.rank(iszerofunc=_is_zero)


def _is_zero(value) -> bool | None:
    value = sympy.sympify(value)
    if value.is_Rational:
        return value == 0
    if _free(value):
        verdict = _compare_scalars(value, sympy.Integer(0), DEFAULT_POLICY, False, None)
        return verdict.equal
    number = _mp_value(value, (), ())
    return None if number is None else abs(number) < 1e-25


def _in_span(basis: list[list], vector: list) -> bool:
    return _rank(basis + [vector]) == _rank(basis)


# -- linear-system families ----------------------------------------------------------------


def _column(value) -> list:
    return _vector(value)


def _is_vector_like(value) -> bool:
    return isinstance(value, (sympy.MatrixBase, list, tuple, sympy.Tuple)) and (
        not isinstance(value, sympy.MatrixBase) or 1 in value.shape)


def _minus(a: list, b: list) -> list:
    return [x - y for x, y in zip(a, b, strict=True)]


def _compare_families(expected: A.InfinitelyMany, student: Family) -> Comparison:
    """Equal when the student's particular solution solves the same system and the
    directions span the same null space (rank tests, exact)."""
    particular = _column(expected.particular)
    basis = [_column(b) for b in expected.basis]
    n, r = len(particular), len(basis)
    mine = _column(student.particular)
    directions = [_column(d) for d in student.directions]
    parameters = tuple(student.parameters)
    if parameters and any(v.has(*parameters) for v in mine):
        # x = p + t·d written as one vector: split off the parameters
        directions += [[sympy.diff(v, t) for v in mine] for t in parameters]
        mine = [v.xreplace(dict.fromkeys(parameters, 0)) for v in mine]
    if len(mine) != n or any(len(d) != n for d in directions):
        return Comparison(False, "shape", f"expected vectors with {plural(n, 'entry', 'entries')}")
    general = _show_family(expected)
    rank, joint = _rank(directions), _rank(basis + directions)
    if joint > r:
        outside = next(d for d in directions if _rank(basis + [d]) > r)
        return Comparison(False, "exact", f"the direction {_show_vector(outside)} is not in "
                          f"the null space; the solutions are {general}")
    if rank < r:
        return Comparison(False, "exact", f"the directions span {rank} dimension"
                          f"{'s' if rank != 1 else ''}, but the solutions have {r} free "
                          f"parameter{'s' if r != 1 else ''}: {general}")
    if not _in_span(basis, _minus(mine, particular)):
        return Comparison(False, "exact", f"{_show_vector(mine)} does not solve the system; "
                          f"the solutions are {general}")
    return Comparison(True, "exact", "the same solution set")


def _show_family(answer: A.InfinitelyMany) -> str:
    terms = [_show_vector(_column(answer.particular))]
    terms += [f"{t}·{_show_vector(_column(b))}"
              for t, b in zip(answer.parameters, answer.basis, strict=True)]
    return " + ".join(terms)


# -- ranges --------------------------------------------------------------------------------


_DECIMAL = re.compile(r"\d\.|\.\d")


def _has_decimals(text: str) -> bool:
    return bool(_DECIMAL.search(text or ""))


def _variable_name(name: str | None) -> str | None:
    """Greek letters by name: η → eta."""
    if not name:
        return name
    out = []
    for ch in name:
        if ord(ch) > 127 and unicodedata.name(ch, "").startswith("GREEK SMALL LETTER "):
            out.append(unicodedata.name(ch).removeprefix("GREEK SMALL LETTER ").lower())
        else:
            out.append(ch)
    return "".join(out)


def _expected_open(expected: A.Interval) -> tuple[bool, bool]:
    closed = getattr(expected, "closed", False)
    if isinstance(closed, tuple):
        return (not closed[0], not closed[1])
    return (not closed, not closed)


def _unbounded(value) -> bool:
    return value is None or value in (sympy.oo, -sympy.oo)


def _compare_ranges(expected: A.Interval, student: Range, policy: Policy) -> Comparison:
    """Both ends compared as numbers; an open end is not a closed one."""
    name = expected.variable
    if student.variable and _variable_name(student.variable) != _variable_name(name):
        return Comparison(False, "structure", f"the range is for {name}, not "
                          f"{student.variable}")
    decimals = _has_decimals(student.text)
    problems: list[tuple[str, str]] = []  # (what is wrong, the strategy that found it)
    decided = []
    opens = _expected_open(expected)
    for end, want, got, want_open, got_open in (
            ("lower", expected.lower, student.lower, opens[0], student.lower_open),
            ("upper", expected.upper, student.upper, opens[1], student.upper_open)):
        if _unbounded(want) and _unbounded(got):
            continue
        if _unbounded(want):
            problems.append((f"the {end} end is unbounded, got {_show(got)}", "structure"))
            continue
        if _unbounded(got):
            problems.append((f"the {end} end {_show(want)} is missing", "structure"))
            continue
        verdict = compare_values(want, got, policy, decimals)
        decided.append(verdict.decided_by)
        if verdict.equal is not True:
            if verdict.equal is None:
                return Comparison(None, verdict.decided_by, f"the {end} end: {verdict.reason}")
            problems.append((f"the {end} end should be {_show(want)}, got "
                             f"{_show(got, decimals)}", verdict.decided_by))
            continue
        if want_open != got_open:
            sign = "<" if want_open else "≤"
            wrong = "≤" if want_open else "<"
            pair = (f"{name} {sign} {_show(want)}, not {name} {wrong} {_show(want)}"
                    if end == "upper" else
                    f"{_show(want)} {sign} {name}, not {_show(want)} {wrong} {name}")
            problems.append((f"the {end} end {_show(want)} should be "
                             f"{'excluded' if want_open else 'included'} ({pair})", "structure"))
    if problems:
        return Comparison(False, problems[0][1], "; ".join(text for text, _ in problems))
    how = min(decided, key=_STRENGTH.index) if decided else "exact"
    return Comparison(True, how, "the same range")


# -- critical-point sets -------------------------------------------------------------------


def _as_points(expected: A.PointSet, student) -> Points:
    """A single point written as a vector or a number reads as a set of one point."""
    if isinstance(student, Points):
        return student
    if isinstance(student, Says):
        return Points((), (), student.text)
    value = student.value
    coordinates = _vector(value) if _is_vector_like(value) else [sympy.sympify(value)]
    return Points((tuple(coordinates),), (), student.text)


class _PointFamily:
    """Points c(k) for integer parameters k (none for an isolated point)."""

    def __init__(self, coordinates: Sequence, parameters: Iterable):
        self.coordinates = tuple(sympy.sympify(c) for c in coordinates)
        found = set().union(*(_free(c) for c in self.coordinates))
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
            if all(not _free(d) for row in slopes for d in row):
                self.slopes = [[float(_mp_value(d, (), ()) or 0) for d in row]
                               for row in slopes]

    def at(self, ks: tuple) -> tuple[float, ...] | None:
        function = _float_function(self._tuple, self.parameters)
        try:
            values = function(*ks) if function is not None else None
        except Exception:  # noqa: BLE001
            values = None
        if values is None:
            values = [_mp_value(c, self.parameters, ks) for c in self.coordinates]
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
                   for ks in itertools.islice(combos, 20_000))

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
        return ", ".join(f"{name} = {_show(c)}"
                         for name, c in zip(names, self.coordinates, strict=True))


def _close_points(a, b, rtol: float, atol: float) -> bool:
    return a is not None and b is not None and len(a) == len(b) and all(
        _close(x, y, rtol, atol) for x, y in zip(a, b, strict=True))


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


def _compare_point_sets(expected: A.PointSet, student: Points, policy: Policy) -> Comparison:
    """Equal as sets, integer-parameter families included.

    Each family is sampled at k = −3..3 (each parameter): every sampled student point must
    be a critical point (it lies in some expected family, whose integer k is solved for
    when the family is affine in k, else searched in −12..12), and every sampled expected
    point must lie in some student family the same way.
    """
    names = expected.variables
    wanted = _expected_families(expected)
    given = tuple(_point_family(tuple(p), tuple(student.parameters)) for p in student.points)
    for family in given:
        if len(family.coordinates) != len(names):
            return Comparison(False, "shape", f"a point has {len(names)} coordinates "
                              f"({', '.join(names)}); got {_show_point(family.coordinates)}")
        if family.others:
            return Comparison(False, "structure", f"the point "
                              f"{_show_point(family.coordinates)} depends on "
                              f"{', '.join(map(str, family.others))}, which is not an "
                              f"integer parameter")
    if any(family.others for family in wanted):
        return Comparison(None, "structure", "the expected points depend on a continuous "
                          "parameter")
    decimals = _has_decimals(student.text)
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
        _show_vector(f.coordinates, decimals) for f in unlisted) + " is also a critical point"
    return Comparison(True, how, f"the same critical points "
                      f"({plural(count, 'family or point', 'families or points')}){extra}",
                      tuple(dict.fromkeys(used)))


def _not_critical(family: _PointFamily, ks: tuple, point, decimals: bool = False) -> str:
    """Why a student's point or family is not critical, the point written as the student
    wrote it (decimals as decimals)."""
    if not family.parameters:
        return f"{_show_vector(family.coordinates, decimals)} is not a critical point"
    at = ", ".join(f"{k} = {_fmt(v, 6)}" for k, v in zip(family.names, ks, strict=True))
    shown = "(" + ", ".join(_fmt(x, 4) for x in point) + ")" if point else "an undefined point"
    return (f"the family {_show_point(family.coordinates)} contains {shown} at {at}, "
            "which is not a critical point")


def _missing(family: _PointFamily, given, names, rtol: float, atol: float,
             approximate: bool = False) -> str:
    if approximate:
        near = A.approximately_shown(family.coordinates)
        return f"misses the critical point ≈ {_show_point(near)}"
    if not family.parameters:
        return f"misses the critical point {_show_point(family.coordinates)}"
    inside = sum(1 for g in given if not g.parameters and g.base is not None
                 and family.contains(g.base, rtol, atol))
    if inside:
        some = "one point" if inside == 1 else f"{inside} points"
        return f"lists {some} of the family {family.describe(names)}, not the whole family"
    return f"misses the family {family.describe(names)}"


# -- text ----------------------------------------------------------------------------------


_PI = re.compile(r"\bpi\b")


def _show(value, decimal: bool = False) -> str:
    """Plain-math text with a true minus sign and π."""
    if isinstance(value, sympy.MatrixBase):
        if value.cols == 1:
            return _show_vector(list(value), decimal)
        return "[" + ", ".join("[" + ", ".join(_show(v, decimal) for v in row) + "]"
                               for row in value.tolist()) + "]"
    if _is_boolean(value):
        return str(bool(value)).lower()
    text = plain(value, decimal)
    return _PI.sub("π", text).replace("-", "−")


def _show_vector(values: Sequence, decimal: bool = False) -> str:
    return "(" + ", ".join(_show(v, decimal) for v in values) + ")"


def _show_point(coordinates: Sequence) -> str:
    return _show_vector(coordinates)


def _fmt(value: float, digits: int) -> str:
    """A float with ``digits`` significant digits: 0.73, −1.46, 1e−6."""
    if abs(value) < 1e15 and value == int(value):
        return str(int(value)).replace("-", "−")
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text.replace("-", "−")
