"""The rules a convexity test is worked with. A typical mistake is the same test with one
rule changed, so the kind's mistakes re-solve with a changed ``Rules``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    """``first_minor_only``: definiteness read off Δ₁ = h₁₁ alone (the textbook: every
    leading minor, and every principal minor for semidefiniteness);
    ``strict_needs_definite``: "strictly" only when H ≻ 0 everywhere (the textbook: also when
    H is singular at isolated points only, as for x⁴)."""

    first_minor_only: bool = False
    strict_needs_definite: bool = False


TEXTBOOK = Rules()
