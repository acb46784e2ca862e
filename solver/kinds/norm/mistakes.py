"""Typical mistakes with norms and angles, each the kind's own solve with one rule changed."""

from __future__ import annotations

from solver.kinds.norm.rules import NormRules
from solver.kinds.norm.solve import solve

ROOTED = ("l2", "frobenius", "induced", "distance", "spectral")

MISTAKES = (
    ("square_root_forgotten", NormRules(square_root=False), ROOTED,
     "you gave the square of the norm; the norm is the square root, ‖x‖ = √(Σ xᵢ²) "
     "(√⟨x, x⟩ for an inner product, √λ_max for the spectral norm)"),
    ("absolute_values_forgotten", NormRules(absolute=False), ("l1",),
     "you summed the entries themselves; the 1-norm sums their absolute values, Σ |xᵢ|"),
    ("cos_for_angle", NormRules(arccos=False), ("angle",),
     "you gave cos θ; the angle is θ = arccos(⟨x, y⟩ / (‖x‖‖y‖))"),
    ("spectral_of_matrix", NormRules(spectral_of="matrix"), ("spectral",),
     "you took √λ_max of A itself; the spectral norm is √λ_max(AᵀA), the largest "
     "singular value"),
    ("spectral_as_largest_entry", NormRules(spectral_of="entry"), ("spectral",),
     "you gave the largest |aᵢⱼ|; the spectral norm is √λ_max(AᵀA), the largest "
     "singular value"),
)


def mistakes(inputs, solved, found) -> None:
    """The norm without its square root, the 1-norm without absolute values, cos θ for θ,
    and the spectral norm as √λ_max of A or as the largest |aᵢⱼ|."""
    for code, rules, norms, message in MISTAKES:
        if inputs.which in norms:
            found.add(code, message, solve(inputs, rules=rules).answer)
