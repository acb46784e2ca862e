"""Steps of matrix calculus: a scalar function of matrices written entry by entry, its
partial derivative by a generic entry in index notation, the entrywise gradient, a closed
form from a small catalogue with its entry-by-entry check, and the layout convention.

Two builders live here besides the step records:

* ``index_partial`` writes f in index notation (sums over named indices) and differentiates
  it by a generic entry Xᵢⱼ with ∂X_kl/∂Xᵢⱼ = δ_ik δ_jl. It covers polynomial f (products,
  sums, transposes, traces, squared norms, whole powers) and returns None for anything else.
* ``closed_form_search`` tries c·P₁⋯Pₖ (k ≤ 3) over the names of f, its affine parts
  (y − Wh − c) and their transposes, and c₁T₁ + c₂T₂ over the names, cheapest first,
  comparing numeric fingerprints before exact expansion.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

import numpy as np
import sympy

from solver.expr import nodes as ast
from solver.numbers import exact, symbol
from solver.steps.affine_parts import AffinePart
from solver.steps.base import Step

MAX_FACTORS = 3
MAX_DENOMINATOR = 100
MAX_TERMS = 2000
MAX_PERMUTED = 6
MAX_CHECK_WORK = 2000


# -- steps --------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class EntrywiseFunction(Step):
    """f in the entries: put M = (Mᵢⱼ) for every matrix and vector of f and carry out the
    products ((AB)ᵢⱼ = Σₖ AᵢₖBₖⱼ), sums, traces (tr M = Σᵢ Mᵢᵢ) and norms
    (‖M‖² = Σᵢⱼ Mᵢⱼ², no square root left).

    ``lines`` are the summands of ``result`` in printing order, grouped into display lines;
    ``expanded`` is the multiplied-out sum (with its summands ``expanded_lines``) when f is
    a polynomial that changes on expansion and the expansion is short, else None;
    ``shown`` is False when the written-out scalar is too long to display.
    """

    result_symbol: ClassVar[str | None] = r"f"

    function: Any
    matrices: tuple[tuple[str, sympy.ImmutableMatrix], ...]
    result: sympy.Expr
    lines: tuple[tuple[sympy.Expr, ...], ...]
    expanded: sympy.Expr | None
    expanded_lines: tuple[tuple[sympy.Expr, ...], ...]
    shown: bool


@dataclass(frozen=True, kw_only=True)
class IndexPartial(Step):
    """∂f/∂Xᵢⱼ for a generic entry: write f = Σ … in index notation; since
    ∂X_kl/∂Xᵢⱼ = δ_ik δ_jl, every occurrence of X contributes the rest of its term with its
    summation indices fixed to k = i, l = j (product rule), and equal terms are collected.

    ``entry`` is the generic entry Xᵢⱼ (Xᵢ for a vector) with free indices ``free``;
    ``summed`` names two summation indices for stating the rule; ``contributions`` holds
    one expression per occurrence of X in ``function``.
    """

    variable: str
    entry: sympy.Expr
    free: tuple[sympy.Symbol, ...]
    summed: tuple[sympy.Symbol, ...]
    function: sympy.Expr
    contributions: tuple[sympy.Expr, ...]
    result: sympy.Expr


@dataclass(frozen=True, kw_only=True)
class EntrywiseGradient(Step):
    """(∂f/∂X)ᵢⱼ = ∂f/∂Xᵢⱼ: differentiate f by each entry of X with every other entry held
    constant, and put the result at that entry's place (so the gradient has X's shape)."""

    variable: str
    entries: tuple[tuple[sympy.Symbol, ...], ...]
    result: sympy.ImmutableMatrix


@dataclass(frozen=True, kw_only=True)
class ClosedFormMatch(Step):
    """A matrix expression C is ∂f/∂X when Cᵢⱼ = ∂f/∂Xᵢⱼ for every i, j, identically in
    the entries. Candidates c·P₁⋯Pₖ (k ≤ 3 factors from the matrices of f, the affine
    parts of f such as y − Wh − c, and their transposes) and then c₁T₁ + c₂T₂ (matrices
    only) are tried from the fewest factors up; the first that agrees entry by entry is the
    closed form.

    ``factors`` pairs each matrix of the closed form with its entries; ``explicit`` is C
    computed from them; ``tried`` counts the candidates compared.
    """

    variable: str
    expression: Any
    factors: tuple[tuple[Any, sympy.ImmutableMatrix], ...]
    explicit: sympy.ImmutableMatrix
    gradient: sympy.ImmutableMatrix
    tried: int


@dataclass(frozen=True, kw_only=True)
class NoClosedForm(Step):
    """No expression of the catalogue (c·P₁⋯Pₖ with k ≤ 3 over the matrices of f, its
    affine parts and their transposes, and c₁T₁ + c₂T₂ over the matrices, c a fraction with
    denominator at most 100) equals ∂f/∂X entry by entry; the entrywise gradient stands as
    the exact answer.

    ``atoms`` are the matrices and their transposes, ``residuals`` the affine parts;
    ``polynomial`` is False when the gradient is not a polynomial in the entries, so no
    product of matrices can equal it.
    """

    variable: str
    atoms: tuple[Any, ...]
    residuals: tuple[Any, ...]
    max_factors: int
    max_denominator: int
    tried: int
    polynomial: bool


@dataclass(frozen=True, kw_only=True)
class GradientLayout(Step):
    """Denominator layout: ∂f/∂X has the shape of X (m×n), entry (i, j) being ∂f/∂Xᵢⱼ; the
    numerator-layout Jacobian of f by X is its transpose (n×m; a row for a vector X)."""

    variable: str
    rows: int
    cols: int


# -- index notation -----------------------------------------------------------------------

_ONE = sympy.Integer(1)
_ROW = sympy.Symbol("_row", integer=True)
_COL = sympy.Symbol("_col", integer=True)
FREE_LETTERS = ("i", "j", "r", "s", "a", "b")
DUMMY_LETTERS = ("k", "l", "m", "n", "p", "q", "t", "u", "w", "z", "c", "d", "g", "h")


@dataclass(frozen=True)
class _Term:
    """coeff · Π factors summed over ``dummies``; a factor is (name, row index, col index),
    an index being a symbol or 1 on an axis of length one."""

    coeff: sympy.Expr
    factors: tuple[tuple[str, Any, Any], ...]
    dummies: tuple[tuple[sympy.Symbol, int], ...]

    def rename(self, mapping: dict) -> _Term:
        return _Term(self.coeff.xreplace(mapping) if mapping else self.coeff,
                     tuple((name, mapping.get(a, a), mapping.get(b, b))
                           for name, a, b in self.factors),
                     tuple((mapping.get(d, d), size) for d, size in self.dummies))


@dataclass(frozen=True)
class _Form:
    """A matrix-valued expression in index notation: entry (_ROW, _COL) is Σ terms."""

    rows: int
    cols: int
    terms: tuple[_Term, ...]


class _NoIndexForm(Exception):
    pass


class _IndexBuilder:
    def __init__(self, shapes: dict[str, tuple[int, int]], constants: dict[str, sympy.Expr]):
        self.shapes = shapes
        self.constants = constants
        self.counter = itertools.count()

    def fresh(self) -> sympy.Symbol:
        return sympy.Symbol(f"_d{next(self.counter)}", integer=True)

    def freshen(self, term: _Term) -> _Term:
        return term.rename({d: self.fresh() for d, _ in term.dummies})

    def constant(self, value) -> _Form:
        return _Form(1, 1, (_Term(sympy.sympify(value), (), ()),))

    def form(self, node: ast.Node) -> _Form:
        match node:
            case ast.Number(text=text):
                return self.constant(exact(text))
            case ast.Name(id=name):
                if name in self.shapes:
                    rows, cols = self.shapes[name]
                    return _Form(rows, cols, (_Term(
                        _ONE, ((name, _ROW if rows > 1 else _ONE, _COL if cols > 1 else _ONE),),
                        ()),))
                if name in self.constants:
                    return self.constant(self.constants[name])
                return self.constant({"e": sympy.E, "pi": sympy.pi}[name])
            case ast.Neg(operand=operand):
                return self.scale(self.form(operand), -1)
            case ast.Add(left=left, right=right):
                return self.add(self.form(left), self.form(right))
            case ast.Sub(left=left, right=right):
                return self.add(self.form(left), self.scale(self.form(right), -1))
            case ast.Mul(left=left, right=right):
                return self.product(self.form(left), self.form(right))
            case ast.Div(left=left, right=right):
                divisor = self.form(right)
                if any(term.factors for term in divisor.terms):
                    raise _NoIndexForm
                value = sum((term.coeff for term in divisor.terms), sympy.Integer(0))
                if value == 0:
                    raise _NoIndexForm
                return self.scale(self.form(left), 1 / value)
            case ast.Transpose(operand=operand):
                return self.transpose(self.form(operand))
            case ast.Pow(base=base, exponent=exponent):
                return self.power(base, self.form(exponent))
            case ast.Call(func="transpose", args=(arg,)):
                return self.transpose(self.form(arg))
            case ast.Call(func="trace", args=(arg,)):
                return self.trace(self.form(arg))
        raise _NoIndexForm

    def scale(self, form: _Form, factor) -> _Form:
        return _Form(form.rows, form.cols,
                     tuple(_Term(term.coeff * factor, term.factors, term.dummies)
                           for term in form.terms))

    def add(self, a: _Form, b: _Form) -> _Form:
        if (a.rows, a.cols) != (b.rows, b.cols):
            raise _NoIndexForm
        return self.checked(_Form(a.rows, a.cols, a.terms + b.terms))

    def transpose(self, form: _Form) -> _Form:
        swap = {_ROW: _COL, _COL: _ROW}
        return _Form(form.cols, form.rows, tuple(term.rename(swap) for term in form.terms))

    def product(self, a: _Form, b: _Form) -> _Form:
        if a.cols != b.rows:
            if (a.rows, a.cols) != (1, 1) and (b.rows, b.cols) != (1, 1):
                raise _NoIndexForm
            rows, cols = (b.rows, b.cols) if (a.rows, a.cols) == (1, 1) else (a.rows, a.cols)
            terms = []
            for s in a.terms:
                for t in b.terms:
                    t = self.freshen(t)
                    terms.append(_Term(s.coeff * t.coeff, s.factors + t.factors,
                                       s.dummies + t.dummies))
            return self.checked(_Form(rows, cols, tuple(terms)))
        terms = []
        for s in a.terms:
            for t in b.terms:
                t = self.freshen(t)
                dummies = s.dummies + t.dummies
                if a.cols > 1:
                    k = self.fresh()
                    s, t = s.rename({_COL: k}), t.rename({_ROW: k})
                    dummies = s.dummies + t.dummies + ((k, a.cols),)
                terms.append(_Term(s.coeff * t.coeff, s.factors + t.factors, dummies))
        return self.checked(_Form(a.rows, b.cols, tuple(terms)))

    def trace(self, form: _Form) -> _Form:
        if form.rows != form.cols:
            raise _NoIndexForm
        if form.rows == 1:
            return form
        terms = []
        for term in form.terms:
            k = self.fresh()
            renamed = term.rename({_ROW: k, _COL: k})
            terms.append(_Term(renamed.coeff, renamed.factors,
                               renamed.dummies + ((k, form.rows),)))
        return _Form(1, 1, tuple(terms))

    def squared_norm(self, form: _Form) -> _Form:
        """‖M‖² = Σ_kl M_kl M_kl."""
        terms = []
        for s in form.terms:
            for t in form.terms:
                t = self.freshen(t)
                mapping, added = {}, []
                for placeholder, size in ((_ROW, form.rows), (_COL, form.cols)):
                    if size > 1:
                        mapping[placeholder] = self.fresh()
                        added.append((mapping[placeholder], size))
                s2, t2 = s.rename(mapping), t.rename(mapping)
                terms.append(_Term(s2.coeff * t2.coeff, s2.factors + t2.factors,
                                   s2.dummies + t2.dummies + tuple(added)))
        return self.checked(_Form(1, 1, tuple(terms)))

    def power(self, base: ast.Node, exponent: _Form) -> _Form:
        if any(term.factors for term in exponent.terms):
            raise _NoIndexForm
        n = sum((term.coeff for term in exponent.terms), sympy.Integer(0))
        if not (n.is_integer and n >= 0):
            raise _NoIndexForm
        n = int(n)
        if isinstance(base, ast.Call) and base.func == "norm" and len(base.args) == 1:
            if n % 2:
                raise _NoIndexForm
            square = self.squared_norm(self.form(base.args[0]))
            return self.repeat(square, n // 2)
        form = self.form(base)
        if form.rows != form.cols or (n == 0 and form.rows > 1):
            raise _NoIndexForm
        return self.repeat(form, n)

    def repeat(self, form: _Form, n: int) -> _Form:
        if n == 0:
            return self.constant(1)
        result = form
        for _ in range(n - 1):
            result = self.product(result, form)
        return result

    def checked(self, form: _Form) -> _Form:
        if len(form.terms) > MAX_TERMS:
            raise _NoIndexForm
        return form


def _canonical(term: _Term, letters: tuple[str, ...]) -> tuple[tuple, _Term]:
    """The term with its summation indices renamed to ``letters`` in a canonical way,
    factors sorted, and the key under which equal terms merge."""
    dummies = term.dummies
    orders = itertools.permutations(range(len(dummies))) if len(dummies) <= MAX_PERMUTED \
        else (tuple(range(len(dummies))),)
    best = None
    for order in orders:
        mapping = {dummies[p][0]: sympy.Symbol(letters[n], integer=True)
                   for n, p in enumerate(order)}
        renamed = term.rename(mapping)
        factors = tuple(sorted(renamed.factors, key=lambda f: (f[0], str(f[1]), str(f[2]))))
        sizes = tuple((str(mapping[dummies[p][0]]), dummies[p][1]) for p in order)
        key = (tuple((f[0], str(f[1]), str(f[2])) for f in factors), tuple(sorted(sizes)))
        if best is None or key < best[0]:
            best = (key, _Term(renamed.coeff, factors,
                               tuple(sorted(renamed.dummies, key=lambda d: str(d[0])))))
    return best


def _merge(terms, letters) -> list[_Term]:
    merged: dict[tuple, _Term] = {}
    for term in terms:
        key, canonical = _canonical(term, letters)
        if key in merged:
            old = merged[key]
            merged[key] = _Term(old.coeff + canonical.coeff, old.factors, old.dummies)
        else:
            merged[key] = canonical
    return [term for term in merged.values() if term.coeff != 0]


def _factor_expr(name: str, a, b, shapes) -> sympy.Expr:
    indices = tuple(index for index in (a, b) if index != _ONE)
    return sympy.IndexedBase(name)[indices] if indices else symbol(name)


def _as_sympy(terms: list[_Term], shapes) -> sympy.Expr:
    """Σ terms, terms over the same indices under one Σ, factors free of them in front."""
    groups: dict[tuple, list[_Term]] = {}
    for term in terms:
        groups.setdefault(term.dummies, []).append(term)
    total = sympy.Integer(0)
    for dummies, group in groups.items():
        summand = sympy.Add(*(term.coeff * sympy.Mul(*(_factor_expr(*f, shapes)
                                                       for f in term.factors))
                              for term in group))
        summand = sympy.factor(summand) if len(group) > 1 else summand
        if not dummies:
            total += summand
            continue
        indices = [d for d, _ in dummies]
        outside, inside = summand.as_independent(*indices, as_Add=False)
        total += outside * sympy.Sum(inside, *((d, 1, size) for d, size in dummies))
    return total


def _derivative_terms(term: _Term, name: str, free: tuple) -> list[_Term]:
    """One term per occurrence of ``name``: the rest of the term with that occurrence's
    indices set equal to the free ones (a Kronecker delta when they cannot be)."""
    found = []
    for position, (factor, a, b) in enumerate(term.factors):
        if factor != name:
            continue
        rest = _Term(term.coeff, term.factors[:position] + term.factors[position + 1:],
                     term.dummies)
        pending = [a, b]
        for slot, target in enumerate(free):
            index = pending[slot]
            if index == target:
                continue
            if index in {d for d, _ in rest.dummies}:
                rest = rest.rename({index: target})
                rest = _Term(rest.coeff, rest.factors,
                             tuple(d for d in rest.dummies if d[0] != target))
                pending = [target if p == index else p for p in pending]
            else:
                rest = _Term(rest.coeff * sympy.KroneckerDelta(index, target), rest.factors,
                             rest.dummies)
        found.append(rest)
    return found


def index_partial(tree: ast.Node, shapes: dict[str, tuple[int, int]],
                  constants: dict[str, sympy.Expr], variable: str,
                  entries: dict[str, sympy.ImmutableMatrix],
                  gradient: sympy.ImmutableMatrix) -> IndexPartial | None:
    """∂f/∂Xᵢⱼ in index notation, or None when X is 1×1 (no index to speak of), when f has
    no polynomial index form, when checking the formula would take too long, or when it
    does not reproduce the checked entries of ``gradient``."""
    if shapes[variable] == (1, 1):
        return None
    builder = _IndexBuilder(shapes, constants)
    try:
        form = builder.form(tree)
    except (_NoIndexForm, KeyError):
        return None
    if (form.rows, form.cols) != (1, 1):
        return None
    names = set(shapes) | set(constants)
    free_letters = [letter for letter in FREE_LETTERS if letter not in names][:2]
    letters = tuple(letter for letter in DUMMY_LETTERS if letter not in names)
    if len(free_letters) < 2 or len(letters) < 2:
        return None
    rows, cols = shapes[variable]
    i, j = (sympy.Symbol(letter, integer=True) for letter in free_letters)
    if rows > 1 and cols > 1:
        free = (i, j)
    elif rows > 1:
        free = (i, _ONE)
    else:
        free = (_ONE, i if cols > 1 else _ONE)
    if max((len(term.dummies) for term in form.terms), default=0) > len(letters):
        return None
    terms = _merge(form.terms, letters)
    contributions, derived = [], []
    for term in terms:
        for piece in _derivative_terms(term, variable, free):
            _, canonical = _canonical(piece, letters)
            contributions.append(_as_sympy([canonical], shapes))
            derived.append(piece)
    merged = _merge(derived, letters)
    if _work(merged) > MAX_CHECK_WORK:
        return None
    result = _as_sympy(merged, shapes)
    entry = _factor_expr(variable, *free, shapes)
    if not _reproduces(result, free, shapes, entries, gradient):
        return None
    return IndexPartial(variable=variable, entry=entry,
                        free=tuple(index for index in free if index != _ONE),
                        summed=tuple(sympy.Symbol(letter, integer=True) for letter in letters[:2]),
                        function=_as_sympy(terms, shapes), contributions=tuple(contributions),
                        result=result)


def _reproduces(result, free, shapes, entries, gradient) -> bool:
    """Whether the generic formula gives the gradient's entries at the corners and the
    middle of X, all entries set to random integers (a numeric identity check)."""
    rng = random.Random(1729)
    point = {s: sympy.Integer(rng.choice((-7, -5, -3, -2, 2, 3, 5, 7)))
             for m in entries.values() for s in sorted(m.free_symbols, key=str)}
    table = {}
    for name, matrix in entries.items():
        base = sympy.IndexedBase(name)
        rows, cols = shapes[name]
        for r in range(rows):
            for c in range(cols):
                indices = tuple(n + 1 for n, size in ((r, rows), (c, cols)) if size > 1)
                value = matrix[r, c].xreplace(point)
                if indices:
                    table[base[indices]] = value
                else:
                    table[symbol(name)] = value
    last_row, last_col = gradient.rows - 1, gradient.cols - 1
    spots = {(0, 0), (last_row, last_col), (0, last_col), (last_row, 0),
             (last_row // 2, last_col // 2)}
    for r, c in sorted(spots):
        values = {index: n + 1 for index, n in zip(free, (r, c), strict=True)
                  if index != _ONE}
        value = result.xreplace(values).doit().xreplace(table)
        if value != gradient[r, c].xreplace(point):
            return False
    return True


def _work(terms: list[_Term]) -> int:
    """The number of products a term-by-term evaluation of the sums takes."""
    total = 0
    for term in terms:
        count = 1
        for _, size in term.dummies:
            count *= size
        total += count
    return total


# -- closed forms -------------------------------------------------------------------------


def closed_form_search(variable: str, order: tuple[str, ...],
                       shapes: dict[str, tuple[int, int]],
                       entries: dict[str, sympy.ImmutableMatrix],
                       gradient: sympy.ImmutableMatrix,
                       residuals: tuple[AffinePart, ...] = ()) -> ClosedFormMatch | NoClosedForm:
    """The first catalogue expression equal to ``gradient`` entry by entry.

    Atoms are the matrices of f in the order of ``order`` with the variable last, each
    followed by its transpose, then the affine parts ``residuals`` of f and their
    transposes (single products only: c·r hᵀ, c·Wᵀr, c·r); numeric fingerprints at two
    integer points rule candidates out (and give each candidate its coefficient) before the
    survivors are expanded exactly. A negative c before one residual is moved into it:
    −2(y − Wh − c)hᵀ is written 2(Wh + c − y)hᵀ.
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
    if not all(entry.is_polynomial(*symbols) for entry in gradient):
        return outcome(0, polynomial=False)
    plain = [index for index, combo in enumerate(products)
             if not any(k in negations for k in combo)]
    pairs = len(plain) * (len(plain) - 1) // 2
    rng = random.Random(20240607)
    points = [{s: sympy.Integer(rng.choice((-9, -7, -5, -4, -3, -2, 2, 3, 4, 5, 7, 9)))
               for s in symbols}
              for _ in range(2)]
    goal = []
    for point in points:
        for entry in gradient:
            number = entry.xreplace(point)
            if not number.is_Rational or abs(number) > 2**40:
                return outcome(len(products) + pairs)
            goal.append(Fraction(int(number.p), int(number.q)))
    if not products:
        return outcome(0)
    numeric = [[np.array(matrix.xreplace(point).tolist(), dtype=np.int64) for matrix in values]
               for point in points]
    prints = np.array([np.concatenate([_numeric_product(numeric[p], combo).ravel()
                                       for p in range(len(points))]) for combo in products])

    def verified(coefficients, combos):
        explicit = sympy.zeros(*target)
        for c, combo in zip(coefficients, combos, strict=True):
            explicit += c * _explicit_product(values, combo)
        explicit = sympy.ImmutableMatrix(explicit)
        if all(sympy.expand(a - b) == 0 for a, b in zip(explicit, gradient, strict=True)):
            return explicit
        return None

    for index, c in _single_hits(prints, goal):
        combo = products[index]
        explicit = verified((c,), (combo,))
        if explicit is not None:
            shown = list(zip((atoms[k] for k in combo), (values[k] for k in combo),
                             strict=True))
            moved = [n for n, k in enumerate(combo) if k in negations]
            if c < 0 and len(moved) == 1:
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
    return all(g == sum(c * int(t[n]) for c, t in terms) for n, g in enumerate(goal))


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
