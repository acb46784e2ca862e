"""A closed form of ∂f/∂X from a small catalogue: c·P₁⋯Pₖ (k ≤ 3) over the matrices of f,
the inverses of those f inverts or takes the determinant of (S⁻¹, S⁻ᵀ), its affine parts
(y − Wh − c) and their transposes, then c₁T₁ + c₂T₂ over all of them, cheapest first.
Numeric fingerprints at two integer points (exact fractions where inverses enter) rule
candidates out, and give each its coefficient, a fraction with a small denominator,
before the survivors are expanded exactly and compared with the entrywise gradient.
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import numpy as np
import sympy

from solver.steps.affine_parts import AffinePart
from solver.steps.matrix_calculus import ClosedFormMatch, NoClosedForm

MAX_FACTORS = 3
MAX_DENOMINATOR = 100


def closed_form_search(variable: str, order: tuple[str, ...],
                       shapes: dict[str, tuple[int, int]],
                       entries: dict[str, sympy.ImmutableMatrix],
                       gradient: sympy.ImmutableMatrix,
                       residuals: tuple[AffinePart, ...] = (),
                       inverses: tuple[str, ...] = (),
                       move_sign: bool = True) -> ClosedFormMatch | NoClosedForm:
    """The first catalogue expression equal to ``gradient`` entry by entry.

    Atoms are the matrices of f in the order of ``order`` with the variable last, each
    followed by its transpose, then the affine parts ``residuals`` of f and their
    transposes (single products only: c·r hᵀ, c·Wᵀr, c·r); numeric fingerprints at two
    integer points rule candidates out (and give each candidate its coefficient) before the
    survivors are expanded exactly. A negative c before one residual is moved into it
    (unless ``move_sign`` is False): −2(y − Wh − c)hᵀ is written 2(Wh + c − y)hᵀ.
    """
    others = [name for name in order if name in shapes and name != variable] + [variable]
    atoms, values = [], []
    for name in others:
        rows, cols = shapes[name]
        matrix = sympy.MatrixSymbol(name, rows, cols)
        atoms.append(matrix)
        values.append(entries[name])
        if (rows, cols) != (1, 1):
            atoms.append(matrix.T)
            values.append(entries[name].T)
    for name in inverses:
        inverse = sympy.Inverse(sympy.MatrixSymbol(name, *shapes[name]))
        value = inverse_entries(entries[name])
        atoms.extend((inverse, inverse.T))
        values.extend((value, sympy.ImmutableMatrix(value.T)))
    plain_atoms = len(atoms)
    negations = {}
    for part in residuals:
        for expression, negated, value in ((part.expression, part.negated, part.value),
                                           (part.expression.T, part.negated.T, part.value.T)):
            negations[len(atoms)] = (negated, sympy.ImmutableMatrix(-value))
            atoms.append(expression)
            values.append(sympy.ImmutableMatrix(value))
    target = gradient.shape
    factors = range(len(atoms))
    products = [combo for count in range(1, MAX_FACTORS + 1)
                for combo in itertools.product(factors, repeat=count)
                if _product_shape([atoms[k].shape for k in combo]) == target]
    if target[0] == target[1] > 1:
        atoms.append(sympy.Identity(target[0]))
        values.append(sympy.ImmutableMatrix(sympy.eye(target[0])))
        singles = sum(1 for combo in products if len(combo) == 1)
        products.insert(singles, (len(atoms) - 1,))

    def outcome(tried: int, polynomial: bool = True) -> NoClosedForm:
        return NoClosedForm(variable=variable, atoms=tuple(atoms[:plain_atoms]),
                            residuals=tuple(part.expression for part in residuals),
                            max_factors=MAX_FACTORS, max_denominator=MAX_DENOMINATOR,
                            tried=tried, polynomial=polynomial)

    if all(entry == 0 for entry in gradient):
        zero = sympy.ZeroMatrix(*target)
        return ClosedFormMatch(variable=variable, expression=zero, factors=(),
                               explicit=sympy.ImmutableMatrix(sympy.zeros(*target)),
                               gradient=gradient, tried=0)
    symbols = sorted({s for m in entries.values() for s in m.free_symbols}, key=str)
    rational = bool(inverses)
    if not all(entry.is_rational_function(*symbols) if rational
               else entry.is_polynomial(*symbols) for entry in gradient):
        return outcome(0, polynomial=False)
    plain = list(range(len(products)))
    pairs = len(plain) * (len(plain) - 1) // 2
    points = _points(symbols, values)
    if len(points) < 2:
        return outcome(0)
    goal = []
    for point in points:
        for entry in gradient:
            number = entry.xreplace(point)
            if not number.is_Rational or abs(number) > 2**40:
                return outcome(len(products) + pairs)
            goal.append(Fraction(int(number.p), int(number.q)))
    if not products:
        return outcome(0)
    numeric = [[_array(matrix.xreplace(point)) for matrix in values] for point in points]
    prints = np.array([np.concatenate([_numeric_product(numeric[p], combo).ravel()
                                       for p in range(len(points))]) for combo in products])

    def verified(coefficients, combos):
        explicit = sympy.zeros(*target)
        for c, combo in zip(coefficients, combos, strict=True):
            explicit += c * _explicit_product(values, combo)
        explicit = sympy.ImmutableMatrix(explicit)
        zero = sympy.cancel if rational else sympy.expand
        if all(zero(a - b) == 0 for a, b in zip(explicit, gradient, strict=True)):
            return explicit.applyfunc(sympy.factor) if rational else explicit
        return None

    for index, c in _single_hits(prints, goal):
        combo = products[index]
        explicit = verified((c,), (combo,))
        if explicit is not None:
            shown = list(zip((atoms[k] for k in combo), (values[k] for k in combo),
                             strict=True))
            moved = [n for n, k in enumerate(combo) if k in negations]
            if c < 0 and len(moved) == 1 and move_sign:
                c, shown[moved[0]] = -c, negations[combo[moved[0]]]
                explicit = sympy.ImmutableMatrix(
                    c * _explicit_product([value for _, value in shown], range(len(shown))))
            expression = _scaled(c, _matmul([factor for factor, _ in shown]))
            return _match(variable, expression, shown, explicit, gradient, index + 1)
    pair_products = [products[k] for k in plain]
    for rank, (first, second, c1, c2) in enumerate(
            _pair_hits(prints[plain], goal, pair_products)):
        first, second = pair_products[first], pair_products[second]
        explicit = verified((c1, c2), (first, second))
        if explicit is not None:
            expression = _sum_expression(c1, first, c2, second, atoms)
            shown = [(atoms[k], values[k]) for k in first + second]
            return _match(variable, expression, shown, explicit, gradient,
                          len(products) + rank + 1)
    return outcome(len(products) + pairs)


def inverse_entries(matrix: sympy.ImmutableMatrix) -> sympy.ImmutableMatrix:
    """M⁻¹ = adj(M) / det M, entry by entry."""
    return sympy.ImmutableMatrix(matrix.adjugate() / sympy.factor(matrix.det()))


def _points(symbols, values, count: int = 2, tries: int = 20) -> list[dict]:
    """``count`` seeded integer points at which every atom (inverses too) is defined."""
    rng = random.Random(20240607)
    points: list[dict] = []
    for _ in range(tries):
        point = {s: sympy.Integer(rng.choice((-9, -7, -5, -4, -3, -2, 2, 3, 4, 5, 7, 9)))
                 for s in symbols}
        if all(entry.xreplace(point).is_Rational for matrix in values for entry in matrix):
            points.append(point)
            if len(points) == count:
                break
    return points


def _array(matrix: sympy.ImmutableMatrix) -> np.ndarray:
    """Integers as int64, fractions as exact Python Fractions."""
    if all(entry.is_Integer for entry in matrix):
        return np.array(matrix.tolist(), dtype=np.int64)
    return np.array([[Fraction(int(e.p), int(e.q)) for e in row] for row in matrix.tolist()],
                    dtype=object)


def _exact(number):
    return number if isinstance(number, Fraction) else int(number)


def _rational(value: float) -> Fraction | None:
    """The simple fraction a float stands for (denominator at most MAX_DENOMINATOR)."""
    if not np.isfinite(value) or abs(value) > 2**20:
        return None
    fraction = Fraction(float(value)).limit_denominator(MAX_DENOMINATOR)
    if fraction == 0 or abs(float(fraction) - value) > 1e-7 * max(1.0, abs(value)):
        return None
    return fraction


def _equal(goal, terms) -> bool:
    """goal == Σ c·T exactly, over Python integers and fractions."""
    return all(g == sum(c * _exact(t[n]) for c, t in terms) for n, g in enumerate(goal))


def _single_hits(prints: np.ndarray, goal: list[Fraction]):
    """Products T and coefficients c with c·T = goal at the fingerprint points."""
    target = np.array([float(g) for g in goal])
    floats = prints.astype(np.float64)
    norms = np.einsum("ij,ij->i", floats, floats)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = floats @ target / norms
    close = np.all(np.abs(ratios[:, None] * floats - target) <= 1e-6 * (1 + np.abs(target)),
                   axis=1)
    for index in np.nonzero(close & (norms > 0))[0]:
        c = _rational(ratios[index])
        if c is not None and _equal(goal, [(c, prints[index])]):
            yield int(index), sympy.Rational(c.numerator, c.denominator)


def _pair_hits(prints: np.ndarray, goal: list[Fraction], products):
    """Pairs (T₁, T₂) and coefficients with c₁T₁ + c₂T₂ = goal at the fingerprint points,
    fewest factors first."""
    floats = prints.astype(np.float64)
    target = np.array([float(g) for g in goal])
    gram = floats @ floats.T
    right = floats @ target
    diagonal = np.diag(gram)
    det = np.outer(diagonal, diagonal) - gram**2
    with np.errstate(divide="ignore", invalid="ignore"):
        c1 = (right[:, None] * diagonal[None, :] - gram * right[None, :]) / det
        c2 = (diagonal[:, None] * right[None, :] - gram * right[:, None]) / det
    usable = np.triu(np.abs(det) > 1e-9 * np.outer(diagonal, diagonal), k=1)
    firsts, seconds = np.nonzero(usable)
    if len(firsts):
        residual = (c1[firsts, seconds, None] * floats[firsts]
                    + c2[firsts, seconds, None] * floats[seconds] - target)
        keep = np.all(np.abs(residual) <= 1e-6 * (1 + np.abs(target)), axis=1)
        firsts, seconds = firsts[keep], seconds[keep]
    found = []
    for first, second in zip(firsts, seconds, strict=True):
        a, b = _rational(c1[first, second]), _rational(c2[first, second])
        if a is None or b is None or not _equal(goal, [(a, prints[first]),
                                                        (b, prints[second])]):
            continue
        size = len(products[first]) + len(products[second])
        found.append((size, int(first), int(second), sympy.Rational(a.numerator, a.denominator),
                      sympy.Rational(b.numerator, b.denominator)))
    found.sort(key=lambda hit: hit[:3])
    return [(first, second, ca, cb) for _, first, second, ca, cb in found]


def _match(variable, expression, shown, explicit, gradient, tried):
    """The match, listing each matrix of the closed form once, untransposed."""
    seen, factors = [], []
    for atom, value in shown:
        base, value = (atom.arg, value.T) if isinstance(atom, sympy.Transpose) \
            else (atom, value)
        if base not in seen and not isinstance(base, sympy.Identity):
            seen.append(base)
            factors.append((base, sympy.ImmutableMatrix(value)))
    return ClosedFormMatch(variable=variable, expression=expression, factors=tuple(factors),
                           explicit=explicit, gradient=gradient, tried=tried)


def _product_shape(shapes):
    rows, cols = shapes[0]
    for r, c in shapes[1:]:
        if cols != r:
            return None
        cols = c
    return (rows, cols)


def _numeric_product(numeric, combo):
    result = numeric[combo[0]]
    for k in combo[1:]:
        result = result @ numeric[k]
    return result


def _explicit_product(values, combo):
    result = values[combo[0]]
    for k in combo[1:]:
        result = result * values[k]
    return sympy.ImmutableMatrix(result)


def _matmul(factors):
    return factors[0] if len(factors) == 1 else sympy.MatMul(*factors)


def _scaled(c, expression):
    if c == 1:
        return expression
    if isinstance(expression, sympy.MatMul):
        return sympy.MatMul(c, *expression.args)
    return sympy.MatMul(c, expression)


def _sum_expression(c1, first, c2, second, atoms):
    """c₁T₁ + c₂T₂ with a common left and right part written once: P (c₁R₁ + c₂R₂) S,
    a positive coefficient first and a common coefficient in front."""
    if c1 < 0 < c2:
        c1, first, c2, second = c2, second, c1, first
    prefix = 0
    while prefix < min(len(first), len(second)) - 1 and first[prefix] == second[prefix]:
        prefix += 1
    suffix = 0
    while (suffix < min(len(first), len(second)) - prefix - 1
           and first[-1 - suffix] == second[-1 - suffix]):
        suffix += 1
    left = [atoms[k] for k in first[:prefix]]
    right = [atoms[k] for k in first[len(first) - suffix:]]
    middle_a = _matmul([atoms[k] for k in first[prefix:len(first) - suffix]])
    middle_b = _matmul([atoms[k] for k in second[prefix:len(second) - suffix]])
    outside = sympy.Integer(1)
    if abs(c1) == abs(c2):
        outside, c1, c2 = c1, sympy.Integer(1), c2 / c1
    inner = sympy.MatAdd(_scaled(c1, middle_a), _scaled(c2, middle_b))
    if not left and not right:
        return _scaled(outside, inner)
    return _scaled(outside, sympy.MatMul(*left, inner, *right))
