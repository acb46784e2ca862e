"""Where a refutation is shown: the simplest point that shows the difference clearly.

A difference found at a random point is shown at the simplest point made of 0, ±1, ±2
(within the domain, distinct coordinates first) where the two sides differ by at least
``CLEAR`` relative, else at the sampled point (or one of ``MORE_DRAWS`` further draws)
where they differ most; that point is then rounded to 2, 3 or 4 decimals when the rounder
point still refutes.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

from solver.check.compare.compiler import float_function, float_value, mp_value, on_edge
from solver.check.compare.policy import AGREEMENT, INTEGERS, Comparison, close, draw, in_domain
from solver.check.compare.shown import fmt

MP_FLOOR = 1e-20  # absolute slack at 30 digits
SIMPLE_VALUES = (0.0, 1.0, -1.0, 2.0, -2.0)
SIMPLE_POINTS = 25  # most simple points tried for a counterexample
CLEAR = 1e-3  # relative difference a counterexample should show
MORE_DRAWS = 8  # random points drawn after the first refutation, to find a clearer one


def precise(expected, student, symbols: tuple, point: tuple):
    """Both sides at point with 30 digits; None when either is undefined there."""
    want = mp_value(expected, symbols, point)
    got = mp_value(student, symbols, point) if want is not None else None
    return None if got is None else (want, got)


def relative(want: float, got: float) -> float:
    """|want − got| / max(|want|, |got|), 0 when both are 0."""
    scale = max(abs(want), abs(got))
    return abs(want - got) / scale if scale else 0.0


@lru_cache(maxsize=256)
def simple_points(kinds: tuple[str, ...]) -> tuple[tuple[float, ...], ...]:
    """Points built from 0, ±1, ±2 within each symbol's domain, simplest first, those
    with distinct coordinates before the others."""
    values = [in_domain(SIMPLE_VALUES, kind) for kind in kinds]
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


def clearest(expected, student, symbols, kinds, edges, rng, attempt, point, values):
    """Where to show a refutation found at ``point``: the simplest point made of 0, ±1, ±2
    where the relative difference is at least CLEAR, else the point with the largest
    relative difference among ``point`` and a few more random draws."""
    left, right = float_function(expected, symbols), float_function(student, symbols)

    def differences(candidates):
        for candidate in candidates:
            if edges and on_edge(edges, symbols, candidate):
                continue
            want = float_value(expected, symbols, candidate, left)
            got = float_value(student, symbols, candidate, right) if want is not None \
                else None
            if want is not None and got is not None:
                yield relative(want, got), candidate

    simple = next((pair for pair in differences(simple_points(kinds)) if pair[0] >= CLEAR),
                  None)
    if simple is not None:
        best = simple
    else:
        first = float(relative(*(float(v) for v in values)))
        if first >= CLEAR:
            return point, values
        more = [draw(rng, kinds, attempt + 1 + i) for i in range(MORE_DRAWS)]
        best = max(differences(more), default=(first, point), key=lambda pair: pair[0])
        if best[0] <= first:
            return point, values
    found = precise(expected, student, symbols, best[1])
    if found is None or close(*found, AGREEMENT, MP_FLOOR):
        return point, values
    return best[1], found


def counterexample(expected, student, symbols, kinds, point, values, agreed,
                   edges: tuple = ()) -> Comparison:
    """A refutation at ``point``, reported at a rounder nearby point when that still refutes
    (and is not on a piecewise boundary)."""
    for digits in (2, 3, 4):
        if all(x in SIMPLE_VALUES for x in point):
            break
        rounder = tuple(x if k in INTEGERS else round(x, digits)
                        for x, k in zip(point, kinds, strict=True))
        if any(x <= 0 for x, k in zip(rounder, kinds, strict=True) if k == "positive") or \
                any(x < 0 for x, k in zip(rounder, kinds, strict=True) if k == "nonnegative"):
            continue
        if edges and on_edge(edges, symbols, rounder):
            continue
        found = precise(expected, student, symbols, rounder)
        if found is not None and not close(*found, AGREEMENT, MP_FLOOR):
            point, values = rounder, found
            break
    want, got = (float(v) for v in values)
    at = {s.name: (int(x) if k in INTEGERS else x)
          for s, x, k in zip(symbols, point, kinds, strict=True)}
    digits = 3
    while fmt(want, digits) == fmt(got, digits) and digits < 17:
        digits += 1
    where = ", ".join(f"{name} = {fmt(x, 6)}" for name, x in at.items())
    reason = f"differs at {where}: expected {fmt(want, digits)}, got {fmt(got, digits)}"
    names = tuple(s.name for s in symbols)
    used = tuple(tuple(zip(names, p, strict=True)) for p in agreed + [point])
    return Comparison(False, "numeric", reason, used,
                      counterexample={"at": at, "expected": want, "got": got})
