"""The rules a Newton step is worked with. A typical mistake is the same work with one rule
changed, so the kind's mistakes re-solve with a changed ``Rules``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    """``direction``: ``newton`` (H d = −∇f), ``diagonal`` (dᵢ = −gᵢ/Hᵢᵢ, the gradient
    divided by the Hessian's diagonal) or ``gradient`` (d = −∇f, a plain gradient step);
    ``sign``: the sign of the right-hand side (+1: H d = +∇f, a step uphill);
    ``check_descent``: stop when ∇fᵀd ≥ 0 (a student making a mistake steps on)."""

    direction: str = "newton"
    sign: int = -1
    check_descent: bool = True


TEXTBOOK = Rules()
