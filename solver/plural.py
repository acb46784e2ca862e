"""Counts in words: "1 file", "0 files", "2 entries", "1 needs", "3 need"."""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``count`` and the noun agreeing with it: the singular for exactly 1, else the plural
    (``singular + "s"`` unless given)."""
    return f"{count} {noun(count, singular, plural_form)}"


def noun(count: int, singular: str, plural_form: str | None = None) -> str:
    """The noun (or verb, "needs"/"need") agreeing with ``count``, without the number."""
    if count == 1:
        return singular
    return plural_form if plural_form is not None else singular + "s"
