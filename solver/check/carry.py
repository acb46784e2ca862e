"""Error carried forward: a later result recomputed from the student's own earlier values.

When a part sets ``ecf: true`` and a student's earlier value is wrong, a later answer that
follows correctly from it earns its credit. Each kind with a chain of values says how each
value follows from the ones before it; every value in a chain is the student's own where they
gave it, else worked out from the values before it, so a later value rests on the nearest
earlier values the student gave (on the engine's numbers where they gave none). A value of
the wrong shape, or one that is not a number where the chain needs a number, carries nothing.

- gradient_descent: θₖ₊ⱼ from the student's θₖ is j more steps from θₖ;
- learning_rate_bound: λ_max from their Hessian, 0 < η < 2/λ_max from their λ_max;
- line_search_step: λ = gᵀg / gᵀQg from their gradient g, θₖ₊₁ = θₖ − λg from their λ and
  g, L(θₖ₊₁) from their θₖ₊₁;
- gradient, hessian: the value at the point from their symbolic ∇f or H; H from their ∇f;
- partial_derivatives: ∂f/∂xᵢ = Σⱼ ∂f/∂gⱼ ∂gⱼ/∂xᵢ + ∂f/∂xᵢ|g from their local derivatives;
- matrix_gradient: ∂f/∂Wᵢⱼ entry by entry from their f written out in the entries;
- eigen: λᵢ from their list of eigenvalues, or from the roots of their characteristic
  polynomial;

``carried`` gives the value in the form the engine shows it and the names of the student's
values it was computed from.
"""

from __future__ import annotations

import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import replace

import sympy

from solver.answers import Interval, Value
from solver.kinds import KINDS
from solver.kinds.base import Without
from solver.kinds.eigen import LAMBDA, eigenvalue_order
from solver.kinds.given import ANSWER, Given, NotCarried
from solver.kinds.gradient import value_or_undefined
from solver.kinds.matrix_gradient import entry_matrix
from solver.kinds.quadratic_minimizer import tidy_exact
from solver.steps.calculus import evaluate_at
from solver.steps.differentiation import tidy
from solver.steps.optimization import characteristic, exact_real_roots, sign_of

Matrix = sympy.ImmutableMatrix
_INDEXED = re.compile(r"([a-z]+)(\d+)")
_NOT_FINITE = (sympy.nan, sympy.zoo, sympy.oo, -sympy.oo)

_RECENT = 64


class CarryForward:
    """Error carried forward by re-solving: a part solved again with a student's earlier
    values supplied (``solver.kinds.given``), each re-solve kept for the checking run that
    owns this object (a class's repeated answers re-solve once)."""

    def __init__(self):
        self._recent: OrderedDict = OrderedDict()

    def carried(self, kind: str, inputs, name: str | None, earlier: Mapping[str, object]):
        """(the value ``name`` takes when computed from the student's ``earlier`` values,
        the names of the values it was computed from), or None when the kind carries
        nothing or the value rests on none of them. ``name`` is None for a part's single
        answer."""
        record = KINDS[kind]
        if isinstance(record.carries, Without):
            return _carried_by_chain(kind, inputs, name, earlier)
        target = ANSWER if name is None else name
        if not any(other != target for other in earlier):
            return None
        given = self._solved(record, inputs, earlier)
        return None if given is None else given.carried(target)

    def _solved(self, record, inputs, earlier: Mapping[str, object]) -> Given | None:
        key = (record.name, inputs, tuple(sorted((name, _hashable(value))
                                                 for name, value in earlier.items())))
        try:
            hash(key)
        except TypeError:  # inputs that hold a mapping are solved afresh
            return _solve_given(record, inputs, earlier)
        if key in self._recent:
            self._recent.move_to_end(key)
            return self._recent[key]
        given = self._recent[key] = _solve_given(record, inputs, earlier)
        while len(self._recent) > _RECENT:
            self._recent.popitem(last=False)
        return given


def _solve_given(record, inputs, earlier: Mapping[str, object]) -> Given | None:
    """The part solved with the student's values supplied; None when they cannot stand in
    for the engine's (the arithmetic of the kind fails on them)."""
    given = Given(earlier)
    try:
        record.solve(inputs, given)
    except (NotCarried, ArithmeticError, ValueError, TypeError):
        return None
    return given


def _carried_by_chain(kind: str, inputs, name: str | None, earlier: Mapping[str, object]):
    if kind == "gradient_descent":
        return _descent(inputs, name, earlier)
    if kind not in _CHAINS:
        return None
    make, target_of = _CHAINS[kind]
    target = target_of(inputs, name)
    if target is None or not any(other != target for other in earlier):
        return None
    try:
        return _chain_for(make, inputs, earlier).result(target)
    except _NoCarry:
        return None


class _NoCarry(Exception):
    """The student's values do not determine the later one (the wrong shape, not a number,
    outside the loss's domain): nothing is carried."""


# -- a chain of named values ----------------------------------------------------------------


class _Chain:
    """Values by name: the student's own where they gave one (under the name or one of its
    ``aliases``), else derived from the values before it. Each value is worked out once,
    with the names of the student's values it rests on, so one chain serves every later
    answer of a part (a value never rests on a later one, so never on the answer checked)."""

    def __init__(self, earlier: Mapping[str, object],
                 aliases: Mapping[str, tuple[str, ...]] | None = None):
        self.earlier = earlier
        self.aliases = aliases or {}
        self._known: dict[str, tuple[object, tuple[str, ...]] | None] = {}
        self._used: list[list[str]] = []

    def value(self, name: str):
        if name not in self._known:
            self._used.append([])
            try:
                found = self._resolve(name)
            except _NoCarry:
                self._known[name] = None
                raise
            finally:
                used = self._used.pop()
            self._known[name] = (found, tuple(dict.fromkeys(used)))
        known = self._known[name]
        if known is None:
            raise _NoCarry
        if self._used:
            self._used[-1].extend(known[1])
        return known[0]

    def _resolve(self, name: str):
        for alias in self.aliases.get(name, (name,)):
            if alias in self.earlier:
                self._used[-1].append(alias)
                return self.read(name, self.earlier[alias])
        return self.derive(name)

    def result(self, target: str):
        """``target`` derived from the values before it (never from the student's own value
        of it) and the student's values it rests on; None when it rests on none."""
        self._used = [[]]
        value = self.derive(target)
        used = tuple(dict.fromkeys(self._used.pop()))
        return (self.shown(target, value), used) if used else None

    def read(self, name: str, value):
        """The student's value for ``name`` as the chain computes with it."""
        raise NotImplementedError

    def derive(self, name: str):
        raise NotImplementedError

    def shown(self, name: str, value):
        """A computed value in the form the engine gives it."""
        return value


_RECENT_CHAINS = 16
_local = threading.local()


def _chain_for(make: Callable, inputs, earlier: Mapping[str, object]) -> _Chain:
    """The chain of a part for a student's earlier values: the one made for the part's
    previous answer when the values are the same."""
    recent = getattr(_local, "chains", None)
    if recent is None:
        recent = _local.chains = OrderedDict()
    key = (make, id(inputs), tuple(sorted((name, _hashable(value))
                                          for name, value in earlier.items())))
    found = recent.get(key)
    if found is not None and found[0] is inputs:
        recent.move_to_end(key)
        return found[1]
    chain = make(inputs, earlier)
    recent[key] = (inputs, chain)
    while len(recent) > _RECENT_CHAINS:
        recent.popitem(last=False)
    return chain


def _hashable(value):
    return sympy.ImmutableMatrix(value) if isinstance(value, sympy.MatrixBase) else value


def _numbers(value) -> Matrix:
    """A scalar or matrix of finite real numbers as a matrix (a scalar as 1×1)."""
    if isinstance(value, sympy.Expr):
        value = Matrix([[value]])
    if not isinstance(value, sympy.MatrixBase) or not all(_is_number(e) for e in value):
        raise _NoCarry
    return Matrix(value)


def _is_number(entry) -> bool:
    return isinstance(entry, sympy.Expr) and bool(entry.is_number) \
        and not entry.has(*_NOT_FINITE) and entry.is_real is not False


def _number(value):
    """A finite real number (a 1×1 matrix as its entry)."""
    matrix = _numbers(value)
    if matrix.shape != (1, 1):
        raise _NoCarry
    return matrix[0, 0]


def _expressions(value, shape: tuple[int, int]) -> Matrix:
    """A matrix of expressions of the given shape (a scalar for 1×1)."""
    if isinstance(value, sympy.Expr):
        value = Matrix([[value]])
    if not isinstance(value, sympy.MatrixBase) or value.shape != shape \
            or not all(isinstance(e, sympy.Expr) and not e.has(*_NOT_FINITE) for e in value):
        raise _NoCarry
    return Matrix(value)


def _expression(value) -> sympy.Expr:
    """A scalar expression (a 1×1 matrix as its entry)."""
    return _expressions(value, (1, 1))[0, 0]


# -- gradient descent -----------------------------------------------------------------------


def _descent(inputs, name: str | None, earlier):
    """θₖ₊ⱼ from the student's θₖ: the kind's own j steps from θₖ."""
    target = inputs.steps if name is None else _index(name, "theta")
    if target is None:
        return None
    for step in range(target - 1, 0, -1):
        value = earlier.get(f"theta{step}")
        if value is None:
            continue
        start = value if isinstance(value, sympy.MatrixBase) else sympy.ImmutableMatrix([value])
        if start.shape != inputs.start.shape:
            return None
        resumed = replace(inputs, start=sympy.ImmutableMatrix(start), steps=target - step)
        answer = KINDS["gradient_descent"].solve(resumed).answer
        return (answer.value, (f"theta{step}",)) if isinstance(answer, Value) else None
    return None


def _index(name: str, prefix: str) -> int | None:
    match = _INDEXED.fullmatch(name)
    return int(match.group(2)) if match and match.group(1) == prefix else None


# -- learning rates, line search ------------------------------------------------------------


class _LearningRate(_Chain):
    """The Hessian H of f, λ_max(H), and the range 0 < η < 2/λ_max (the part's answer)."""

    def __init__(self, inputs, earlier):
        self.inputs = inputs
        self.size = len(inputs.wrt)
        super().__init__(earlier)

    def read(self, name: str, value):
        if name == "hessian":
            return _shaped(_numbers(value), (self.size, self.size))
        return _number(value)

    def derive(self, name: str):
        if name == "hessian":
            xs, f = self.inputs.variables, self.inputs.f
            return Matrix(self.size, self.size, lambda i, j: sympy.diff(f, xs[i], xs[j]))
        if name == "lambda_max":
            return _largest_eigenvalue(self.value("hessian"))
        if name == "eta":
            return _learning_rates(self.value("lambda_max"))
        raise _NoCarry


def _largest_eigenvalue(hessian: Matrix):
    """λ_max: the largest root of det(H − λI), when every root is real and positive."""
    roots = exact_real_roots(characteristic(hessian))
    if roots is None or any(sign_of(root) <= 0 for root, _ in roots):
        raise _NoCarry
    return max((root for root, _ in roots), key=lambda root: root.evalf(60))


def _learning_rates(lambda_max) -> Interval:
    """0 < η < 2/λ_max for λ_max > 0."""
    if sign_of(lambda_max) <= 0:
        raise _NoCarry
    return Interval("eta", sympy.Integer(0), tidy_exact(2 / sympy.sympify(lambda_max)))


def _shaped(matrix: Matrix, shape: tuple[int, int]) -> Matrix:
    if matrix.shape != shape:
        raise _NoCarry
    return matrix


# -- symbolic chains: gradient, hessian, partial_derivatives, matrix_gradient --------------


class _AtPoint(_Chain):
    """∇f, the Hessian H (the Jacobian of ∇f, for the hessian kind), and the value of the
    part's symbolic result (``symbolic``) at the point."""

    hessian = False

    def __init__(self, inputs, earlier):
        self.inputs = inputs
        self.size = len(inputs.wrt)
        super().__init__(earlier)

    def read(self, name: str, value):
        square = self.hessian and name == "symbolic"
        return _expressions(value, (self.size, self.size) if square else (self.size, 1))

    def derive(self, name: str):
        xs = self.inputs.wrt
        if name == "gradient" or (name == "symbolic" and not self.hessian):
            return Matrix([tidy(sympy.diff(self.inputs.f, x)) for x in xs])
        if name == "symbolic":
            return _jacobian_of(self.value("gradient"), xs)
        if name == "at" and self.inputs.at is not None:
            what = "hessian" if self.hessian else "gradient"
            result = evaluate_at(self.value("symbolic"), xs, self.inputs.at, what).result
            answer = value_or_undefined(result, what, self.inputs.at)
            if not isinstance(answer, Value):
                raise _NoCarry
            return answer.value
        raise _NoCarry


def _jacobian_of(gradient: Matrix, xs) -> Matrix:
    """Hᵢⱼ = ∂(∇f)ᵢ/∂xⱼ."""
    return Matrix([[tidy(sympy.diff(entry, x)) for x in xs] for entry in gradient])


class _HessianAtPoint(_AtPoint):
    """The hessian kind: H from ∇f, and H at the point."""

    hessian = True


def _gradient_target(inputs, name: str | None) -> str | None:
    """The gradient kind's answer at a point: the symbolic ∇f there."""
    return "at" if name is None and inputs.at is not None else None


def _hessian_target(inputs, name: str | None) -> str | None:
    """The hessian kind's answer: H, or H at the point."""
    if name is not None:
        return None
    return "symbolic" if inputs.at is None else "at"


class _ChainRule(_Chain):
    """∂f/∂gⱼ, ∂gⱼ/∂xᵢ and ∂f/∂xᵢ|g (f's own dependence on xᵢ), and
    ∂f/∂xᵢ = Σⱼ ∂f/∂gⱼ ∂gⱼ/∂xᵢ + ∂f/∂xᵢ|g with every gⱼ written out in x."""

    def __init__(self, inputs, earlier):
        f, where = inputs.f, inputs.where
        self.substitution = dict(where)
        self.rules: dict[str, Callable] = {}
        for g, definition in where:
            self.rules[f"df/d{g}"] = lambda g=g: tidy(sympy.diff(f, g))
            for x in inputs.wrt:
                self.rules[f"d{g}/d{x}"] = lambda d=definition, x=x: tidy(sympy.diff(d, x))
        for x in inputs.wrt:
            self.rules[f"df/d{x}|g"] = lambda x=x: tidy(sympy.diff(f, x))
            self.rules[str(x)] = lambda x=x: self._partial(x)
        self.names = tuple(g for g, _ in where)
        super().__init__(earlier)

    def read(self, name: str, value):
        return _expression(value)

    def derive(self, name: str):
        if name not in self.rules:
            raise _NoCarry
        return self.rules[name]()

    def _partial(self, x):
        """∂f/∂x = Σⱼ ∂f/∂gⱼ ∂gⱼ/∂x + ∂f/∂x|g, then gⱼ replaced by its definition."""
        total = sympy.Add(*(self.value(f"df/d{g}") * self.value(f"d{g}/d{x}")
                            for g in self.names)) + self.value(f"df/d{x}|g")
        return tidy(total.xreplace(self.substitution))


class _EntrywiseGradient(_Chain):
    """f written out in the entries of the matrices (``f_entries``, the student's: the chain
    starts there) and its gradient ∂f/∂Wᵢⱼ, entry by entry, in the shape of W."""

    def __init__(self, inputs, earlier):
        rows, cols = next((rows, cols) for name, rows, cols in inputs.shapes
                          if name == inputs.wrt)
        self.variable = entry_matrix(inputs.wrt, rows, cols)
        super().__init__(earlier)

    def read(self, name: str, value):
        return _expression(value)

    def derive(self, name: str):
        if name != "gradient":
            raise _NoCarry
        f = self.value("f_entries")
        return self.variable.applyfunc(lambda entry: tidy(sympy.diff(f, entry)))


# -- eigenvalues ------------------------------------------------------------------------------


class _Eigenvalues(_Chain):
    """p(λ) = det(A − λI), its roots with multiplicity (``eigenvalues``), and λᵢ, the i-th
    distinct eigenvalue in the engine's order (by real part, then imaginary, descending)."""

    def __init__(self, inputs, earlier):
        self.A = inputs.matrix
        super().__init__(earlier)

    def read(self, name: str, value):
        if name == "polynomial":
            return _expression(value)
        if name == "eigenvalues":
            values = _expressions(value, (self.A.rows, 1))
            if not all(entry.is_number for entry in values):
                raise _NoCarry
            return values
        return _expression(value)

    def derive(self, name: str):
        if name == "polynomial":
            return sympy.expand((self.A - LAMBDA * sympy.eye(self.A.rows)).det())
        if name == "eigenvalues":
            return _roots(self.value("polynomial"), self.A.rows)
        number = _index(name, "lambda")
        if number is None:
            raise _NoCarry
        distinct = sorted(set(self.value("eigenvalues")), key=eigenvalue_order, reverse=True)
        if number > len(distinct):
            raise _NoCarry
        return distinct[number - 1]


def _roots(polynomial, degree: int) -> Matrix:
    """The roots of p(λ) with multiplicity, found as the engine finds them (radicals, else
    exact CRootOf), in its order; p must be a polynomial in λ of the matrix's degree."""
    if polynomial.free_symbols - {LAMBDA}:
        raise _NoCarry
    try:
        poly = sympy.Poly(polynomial, LAMBDA)
        if poly.degree() != degree:
            raise _NoCarry
        roots = sympy.roots(poly)
        if sum(roots.values()) != degree:
            roots = dict(Counter(poly.all_roots()))
    except (sympy.PolynomialError, sympy.DomainError, NotImplementedError):
        raise _NoCarry from None
    ordered = sorted(roots.items(), key=lambda item: eigenvalue_order(item[0]), reverse=True)
    return Matrix([value for value, count in ordered for _ in range(count)])


def _eigenvalue_target(inputs, name: str | None) -> str | None:
    """The eigenvalues λᵢ (an eigenvector of a wrong λ does not exist)."""
    return name if name is not None and _index(name, "lambda") is not None else None


def _named(inputs, name: str | None) -> str | None:
    return name


def _single(target: str) -> Callable:
    """A named result, or the part's single answer under the name ``target``."""
    return lambda inputs, name: name or target


def _only(target: str) -> Callable:
    """The named result ``target`` alone."""
    return lambda inputs, name: target if name == target else None


# kind: (make the chain of a part from its inputs and a student's values, the name of the
# answer to check in that chain, or None when it has no chain)
_CHAINS: dict[str, tuple[Callable, Callable]] = {
    "learning_rate_bound": (_LearningRate, _single("eta")),
    "gradient": (_AtPoint, _gradient_target),
    "hessian": (_HessianAtPoint, _hessian_target),
    "partial_derivatives": (_ChainRule, _named),
    "matrix_gradient": (_EntrywiseGradient, _only("gradient")),
    "eigen": (_Eigenvalues, _eigenvalue_target),
}
