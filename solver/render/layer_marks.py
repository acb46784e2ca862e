"""The superscript that marks a layer, as the problem's own statement writes it: W^{[1]}
(Andrew Ng's courses, IN5400) or W^{(1)} (most textbooks, and the default)."""

from __future__ import annotations

import re

_BRACKETS = re.compile(r"\^\{?\s*\[\s*(?:\d+|[lLk])\s*\]")
_PARENTHESES = re.compile(r"\^\{?\s*\(\s*(?:\d+|[lLk])\s*\)")


def uses_brackets(*statements: str | None) -> bool:
    """True when the statements mark layers with square brackets, w^{[1]}, and never with
    parentheses, w^{(1)}."""
    text = " ".join(statement for statement in statements if statement)
    return bool(_BRACKETS.search(text)) and not _PARENTHESES.search(text)


def layer_mark(index, brackets: bool) -> str:
    """The superscript's body for layer ``index``: [1] or (1)."""
    return f"[{index}]" if brackets else f"({index})"
