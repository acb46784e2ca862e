"""Steps of matrix calculus: a scalar function of matrices written entry by entry, its
partial derivative by a generic entry in index notation, the entrywise gradient, a closed
form from a small catalogue with its entry-by-entry check, and the layout convention."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import sympy

from solver.steps.base import Step


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
    computed from them; ``tried`` counts the candidates compared. With a scalar ``factor``
    s (f itself, det X) shared by every entry, ``gradient`` is ∂f/∂X / s, ``inner`` its
    closed form and ``expression`` s·``inner``.
    """

    variable: str
    expression: Any
    factors: tuple[tuple[Any, sympy.ImmutableMatrix], ...]
    explicit: sympy.ImmutableMatrix
    gradient: sympy.ImmutableMatrix
    tried: int
    factor: Any = None
    factor_value: Any = None
    inner: Any = None


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
