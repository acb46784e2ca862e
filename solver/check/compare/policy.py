"""How strictly answers are compared (``Policy``), and what a comparison says (``Comparison``).

Sampling domains: a real symbol is drawn uniformly from one of ``RANGES`` (the ranges
taken in turn), an integer one from ``INTEGERS``. Verdicts name the strategy that decided
them; ``STRENGTH`` orders those from the weakest evidence for an equal verdict to the
strongest, and an answer made of parts is as strong as its weakest part.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import sympy

DEFAULT_TOLERANCE = sympy.Rational(1, 10**6)
AGREEMENT = 1e-9  # relative difference below which two sampled values agree
DOMAINS = ("real", "positive", "nonnegative", "integer")
RANGES = {
    "real": ((-3.0, 3.0), (0.1, 3.0), (-10.0, 10.0)),
    "positive": ((0.1, 3.0), (0.5, 10.0)),
    "nonnegative": ((0.0, 3.0), (0.0, 10.0)),
}
INTEGERS = {"integer": (-5, 5), "positive_integer": (1, 6), "nonnegative_integer": (0, 6)}
ASSUMPTIONS = {"real": {"real": True}, "positive": {"positive": True},
               "nonnegative": {"nonnegative": True}, "integer": {"integer": True}}
# from weakest to strongest evidence for an equal verdict
STRENGTH = ("numeric", "tolerance", "symbolic", "exact", "shape", "structure")


def weakest(decided: Iterable[str], default: str = "exact") -> str:
    """The weakest of the strategies that decided the parts of an answer."""
    return min(decided, key=STRENGTH.index, default=default)


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
    limited to ``proof_seconds``. ``explain`` False asks for the verdict alone: a
    difference is reported as soon as it is found, without searching for the clearest
    counterexample or printing it. ``names`` gives what a closed form's names stand for,
    as the part was solved: the matrix of entries of a named matrix (a symmetric S has
    Sⱼᵢ = Sᵢⱼ; a matrix it does not give has entries of its own) and the value of a
    scalar such as f.
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
    explain: bool = True
    names: Mapping[str, Any] = field(default_factory=dict)

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


def draw(rng: random.Random, kinds: tuple[str, ...], attempt: int) -> tuple[float, ...]:
    """A random point: an integer in its range for an integer kind, else a uniform real
    in the kind's ``attempt``-th range (taken in turn)."""
    point = []
    for kind in kinds:
        if kind in INTEGERS:
            point.append(float(rng.randint(*INTEGERS[kind])))
        else:
            ranges = RANGES[kind]
            point.append(rng.uniform(*ranges[attempt % len(ranges)]))
    return tuple(point)


def in_domain(candidates: tuple[float, ...], kind: str) -> list[float]:
    """The candidate values a symbol of this kind may take (integers within the range
    sampled for an integer kind)."""
    low, high = INTEGERS.get(kind, (None, None))
    return [v for v in candidates
            if (kind not in ("positive", "positive_integer") or v > 0)
            and (kind not in ("nonnegative", "nonnegative_integer") or v >= 0)
            and (low is None or (low <= v <= high and v == int(v)))]


def close(a, b, rtol: float, atol: float) -> bool:
    """|a − b| ≤ rtol·max(|a|, |b|) + atol."""
    return abs(a - b) <= rtol * max(abs(a), abs(b)) + atol
