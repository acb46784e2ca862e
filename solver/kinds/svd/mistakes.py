"""Typical mistakes in an SVD, each the kind's own solve with one rule or input changed."""

from __future__ import annotations

from dataclasses import replace

from solver.answers import Named, Value
from solver.kinds.svd.rules import Rules
from solver.kinds.svd.solve import solve

SQUARE_ROOT = ("sigma_is_lambda", Rules(square_root=False),
               "you took the eigenvalues of A^T A as the singular values; sigma_i = sqrt(lambda_i)")
INCREASING = ("increasing_order", Rules(decreasing=False),
              "your singular values are in increasing order; they are ordered "
              "sigma_1 >= sigma_2 >= ..., with the columns of U and V in the same order")
NOT_NORMALISED = ("not_normalised", Rules(normalise=False),
                  "your columns are eigenvectors but not unit vectors: normalise each, "
                  "v_i = w / ||w|| (then u_i = A v_i / sigma_i are unit vectors too)")
ECKART_YOUNG = ("error_from_sigma_k", Rules(error_index=0),
                "the error of the rank-k approximation starts at sigma_(k+1), the first "
                "singular value left out: ||A - A_k||_2 = sigma_(k+1), ||A - A_k||_F = "
                "sqrt(sigma_(k+1)^2 + ... + sigma_p^2)")
SWAPPED = ("u_v_swapped", "you swapped U and V: V holds the eigenvectors of A^T A (n×n), U "
           "those of A A^T (m×m)")


def mistakes(inputs, solved, found) -> None:
    """σᵢ = λᵢ (no square root), the Eckart–Young error taken from σ_k instead of
    σ_{k+1}, the singular values in increasing order, V (and so U) not normalised, and U
    and V swapped (the SVD of Aᵀ: V from AAᵀ, U from AᵀA)."""
    if not isinstance(solved.answer, Named):
        return
    code, rules, message = SQUARE_ROOT
    found.add_items(code, message, _exactly(solve(inputs, rules=rules).answer.items))
    if inputs.rank is not None:
        code, rules, message = ECKART_YOUNG
        found.add_items(code, message, solve(inputs, rules=rules).answer.items)
    code, rules, message = INCREASING
    found.add_items(code, message, solve(inputs, rules=rules).answer.items)
    code, rules, message = NOT_NORMALISED
    found.add_items(code, message, _scaled(solve(inputs, rules=rules).answer.items))
    code, message = SWAPPED
    transposed = solve(replace(inputs, matrix=inputs.matrix.T, rank=None)).answer
    found.add_items(code, message, ((name, transposed[name]) for name in ("U", "V")))


def _exactly(items):
    """The items compared as they are: U from σᵢ = λᵢ has columns of a wrong length, the
    very columns the mistake gives (not any multiple of them)."""
    return ((name, Value(item.value) if item.match == "columns" else item)
            for name, item in items)


def _scaled(items):
    """U and V compared by columns without orthonormality: the mistake leaves each column
    of some length, in the right direction."""
    return ((name, replace(item, orthonormal=False) if item.match == "columns" else item)
            for name, item in items)
