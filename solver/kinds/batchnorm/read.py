"""Reading a batch-normalisation part: the batch (a row per example, a column per
feature), γ and β (a number or one per feature), ε ≥ 0 and an optional upstream gradient."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from solver.kinds.forward_pass.read import read_block
from solver.render.printing import SIGNIFICANT, plain
from solver.spec.reader import PartReader

Matrix = sympy.ImmutableMatrix
DEFAULT_EPS = sympy.Rational(1, 10**5)
MAX_SIDE = 12


@dataclass(frozen=True)
class BatchnormInputs:
    """X is N × D (a row per example); ``gamma`` and ``beta`` are 1 × D rows; ``upstream``
    is ∂L/∂y (N × D) or None for the forward pass alone."""

    inputs: Matrix
    gamma: Matrix
    beta: Matrix
    eps: Any = DEFAULT_EPS
    upstream: Matrix | None = None

    @property
    def eps_power(self) -> int | None:
        """k when ε = 10⁻ᵏ (k ≥ 3), shown so; else None."""
        if self.eps.is_Rational and self.eps.p == 1 and self.eps.q >= 1000:
            power, exact = sympy.integer_log(self.eps.q, 10)
            if exact:
                return int(power)
        return None

    @property
    def examples(self) -> int:
        return self.inputs.rows

    @property
    def features(self) -> int:
        return self.inputs.cols


def _per_feature(r: PartReader, field: str, features: int, default) -> Matrix:
    """A number (the same for every feature) or one entry per feature, as a 1 × D row."""
    if not r.has(field):
        return Matrix(1, features, [default] * features)
    value, form = read_block(r, field, r.get(field))
    if form == "scalar":
        return Matrix(1, features, [value] * features)
    entries = list(value)
    if min(value.shape) != 1 or len(entries) != features:
        raise r.error(field, f"expected a number or one entry per feature ({features}), found "
                             f"a {value.rows}×{value.cols} value")
    return Matrix(1, features, entries)


def read(r: PartReader) -> BatchnormInputs:
    value, form = read_block(r, "inputs", r.get("inputs"))
    if form == "scalar":
        raise r.error("inputs", "expected a batch: a list of rows, one row per example")
    X = Matrix(value)
    if X.rows > MAX_SIDE or X.cols > MAX_SIDE:
        raise r.error("inputs", f"a worked batch has at most {MAX_SIDE} examples and "
                                f"{MAX_SIDE} features, found {X.rows}×{X.cols}")
    gamma = _per_feature(r, "gamma", X.cols, sympy.Integer(1))
    beta = _per_feature(r, "beta", X.cols, sympy.Integer(0))
    decimal = r.decimal  # how ε is written does not decide how the answers are shown
    eps = r.number("eps", DEFAULT_EPS)
    r.decimal = decimal
    if not eps.is_real or eps.is_negative:
        raise r.error("eps", f"ε is a number ≥ 0, found {plain(eps)}")
    upstream = None
    if r.has("backward"):
        upstream, form = read_block(r, "backward", r.get("backward"))
        upstream = Matrix([[upstream]]) if form == "scalar" else Matrix(upstream)
        if form == "flat" and X.cols == 1:
            upstream = Matrix(upstream)
        if upstream.shape != X.shape:
            raise r.error("backward", f"the upstream gradient ∂L/∂y has the shape of the batch, "
                                      f"{X.rows}×{X.cols}, found {upstream.rows}×{upstream.cols}")
    if r.digits is None:
        r.digits = SIGNIFICANT  # values √(σ² + ε) makes unreadable are carried as decimals
    return BatchnormInputs(X, gamma, beta, eps, upstream)
