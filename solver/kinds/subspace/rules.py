"""The rules a subspace's basis is read off with. A typical mistake is the same work with
one rule changed, so the kind's mistakes re-solve with a changed ``Rules``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    """``column_basis``: the pivot columns are taken from the ``original`` matrix (the
    ``reduced`` one has other columns, spanning another space); ``row_basis``: the non-zero
    rows of the ``reduced`` matrix (``original``: every non-zero row of A, dependent ones
    kept); ``nullity``: dim N(A) is the number of ``free`` columns (``rank``: rank and
    nullity confused)."""

    column_basis: str = "original"
    row_basis: str = "reduced"
    nullity: str = "free"


TEXTBOOK = Rules()
