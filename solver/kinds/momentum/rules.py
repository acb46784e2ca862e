"""The rules an optimiser step is worked with. A typical mistake is the same work with one
rule changed, so the kind's mistakes re-solve with a changed ``Rules``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    """``bias_correction``: Adam divides m and v by 1 − βᵗ; ``old_velocity``: θ is moved with
    the velocity before this step's update (momentum, Nesterov); ``eps_inside_root``: the
    denominator is √(s + ε) instead of √s + ε; ``square_gradient``: the accumulators add
    g² (False: g)."""

    bias_correction: bool = True
    old_velocity: bool = False
    eps_inside_root: bool = False
    square_gradient: bool = True


TEXTBOOK = Rules()
