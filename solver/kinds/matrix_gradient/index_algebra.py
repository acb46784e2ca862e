"""∂f/∂Xᵢⱼ in index notation: f written as sums over named indices, differentiated by a
generic entry Xᵢⱼ with ∂X_kl/∂Xᵢⱼ = δ_ik δ_jl.

Every occurrence of X contributes the rest of its term with its summation indices fixed to
the free ones (product rule), and equal terms are collected under a canonical naming of
their indices. Polynomial f (products, sums, transposes, traces, squared norms, whole
powers) has such a form; anything else gives None. The formula is kept only when it
reproduces the entrywise gradient at a few entries.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from typing import Any

import sympy

from solver.expr import nodes as ast
from solver.numbers import exact, symbol
from solver.steps.matrix_calculus import IndexPartial

MAX_TERMS = 2000
MAX_PERMUTED = 6
MAX_CHECK_WORK = 2000

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
