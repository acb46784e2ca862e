"""The rules a least-squares fit is worked with; a typical mistake changes one of them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    """``ridge_on_every_entry``: the ridge adds λ to every entry of XᵀX (λ·11ᵀ) instead of
    to its diagonal (λI)."""

    ridge_on_every_entry: bool = False


TEXTBOOK = Rules()
