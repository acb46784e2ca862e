"""An answer in words read as one of a few phrases: ``Strictly convex.``, ``it is
strictly-convex`` and ``f is strictly convex`` all choose ``strictly convex``.

The text is lower-cased, hyphens and punctuation become spaces, and the longest phrase it
contains as whole words is the choice ("strictly convex" before "convex"); text containing
none of them is refused, listing them.
"""

from __future__ import annotations

import re

from solver.check.values import Chosen, Invalid

MAX_WORDS_TEXT = 200


def read_choice(raw, options: tuple[str, ...]) -> Chosen | Invalid:
    """The phrase of ``options`` the text chooses."""
    listed = ", ".join(f"'{option}'" for option in options)
    if not isinstance(raw, str) or len(raw) > MAX_WORDS_TEXT:
        return Invalid(f"expected one of {listed}, in words")
    text = _words(raw)
    found = [option for option in options
             if re.search(rf"(?<![a-z]){re.escape(_words(option))}(?![a-z])", text)]
    if not found:
        return Invalid(f"expected one of {listed}, in words")
    longest = max(found, key=len)
    if any(o != longest and o not in longest for o in found):
        return Invalid(f"the answer names more than one of {listed}: give one")
    return Chosen(longest, raw)


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())
