"""The rules an SVD is worked with. A typical mistake is the same work with one rule
changed, so the kind's mistakes re-solve with a changed ``Rules``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    """``square_root``: σᵢ = √λᵢ (False: σᵢ = λᵢ, the eigenvalue of AᵀA itself);
    ``decreasing``: σ₁ ≥ σ₂ ≥ … (False: the singular values, and their vectors, in
    increasing order); ``normalise``: the columns of V are unit vectors (False: the
    eigenvectors of AᵀA as found, made orthogonal but not unit);
    ``error_index``: the Eckart–Young error of A_k starts at σ_{k + error_index}
    (1; 0 takes σ_k)."""

    square_root: bool = True
    decreasing: bool = True
    normalise: bool = True
    error_index: int = 1


TEXTBOOK = Rules()
