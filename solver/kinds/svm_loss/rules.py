"""The rules an SVM loss is worked with. A typical mistake is the same work with one rule
changed, so the kind's mistakes re-solve with a changed ``Rules``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    """``clamped``: each margin is max(0, ·) (False: the raw sⱼ − s_y + Δ, and every term
    passes gradient); ``label_term``: the correct class's own margin s_y − s_y + Δ = Δ is
    a term of the sum (wrongly); ``label_gradient``: the correct class's score gets −count
    in ∂Lᵢ/∂s (False: it is forgotten); ``reg_factor``: ∂(λ‖W‖²)/∂W = 2λW."""

    clamped: bool = True
    label_term: bool = False
    label_gradient: bool = True
    reg_factor: int = 2


TEXTBOOK = Rules()
