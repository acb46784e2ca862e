"""LaTeX's products of letters set side by side: ``2xy``, ``Xw``, ``ab^\\top``.

LaTeX sets each letter as a symbol of its own, so ``xy`` in a LaTeX answer is x times y.
After translation, a run of letters is spaced into the problem's names (``x y``, ``X w``)
when it names nothing itself, is no function and no word of the answers' vocabulary
(``and``, ``for``, ``any``, ``no solution`` …), is not written right before a bracket
(``relu(z)``), and splits into declared names and the constants ``e`` and ``pi``. A
plain-text answer is left as typed: there ``xy`` stays an unknown name, with the hint
"did you mean x*y?".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from solver.check.read.text import called
from solver.check.read.words import CONSTANTS, SPECIAL_WORDS
from solver.check.translation import Translation
from solver.expr.functions import FUNCTIONS
from solver.expr.suggestions import split_into_names

_RUN = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_WORDS = frozenset({"and", "or", "not", "if", "else", "in", "for", "where", "with", "all",
                    "any", "every", "each", "some", "otherwise", "true", "false", "yes",
                    "no", "is", "it", "the", "are", "there", "exists", "infinity", "inf",
                    "oo", "infty"}) | SPECIAL_WORDS


def spaced_products(text: str, symbols: Mapping[str, Any]) -> Translation:
    """``text`` with each run of letters that is a product of names spaced into them."""
    known = frozenset(symbols) | CONSTANTS
    chars: list[str] = []
    origins: list[int] = []
    copied = 0
    for match in _RUN.finditer(text):
        run = match.group()
        if run in known or run in FUNCTIONS or run.lower() in _WORDS \
                or called(text, match.start(), run):
            continue
        parts = split_into_names(run, known)
        if parts is None or len(parts) < 2:
            continue
        chars.extend(text[copied:match.start()])
        origins.extend(range(copied, match.start()))
        position = match.start()
        for index, part in enumerate(parts):
            if index:
                chars.append(" ")
                origins.append(position)
            chars.extend(part)
            origins.extend(range(position, position + len(part)))
            position += len(part)
        copied = match.end()
    if not chars:
        return Translation.identity(text)
    chars.extend(text[copied:])
    origins.extend(range(copied, len(text) + 1))
    return Translation("".join(chars), tuple(origins))
