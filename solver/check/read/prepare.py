"""Preparing an answer text: gates, compatibility forms, LaTeX translation, normalisation.

``prepare(raw, symbols)`` refuses a text over :data:`solver.input_limits.MAX_LENGTH` or
holding a forbidden character, folds compatibility characters (NFKC: ``２ｘ`` → ``2x``),
translates LaTeX (:mod:`solver.check.latex`) and normalises plain text
(:mod:`.normalise`); every offset of the result maps back to the raw text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from solver.check.latex import translate_latex
from solver.check.latex.tokens import LatexError
from solver.check.read.juxtaposed import spaced_products
from solver.check.read.normalise import normalise
from solver.check.read.text import Text, refuse
from solver.check.translation import Translation
from solver.expr.characters import (
    ANSWER_REPLACEMENTS,
    INDICATOR_SIGN,
    ROOT_SIGN,
    SUPERSCRIPTS,
    TRANSPOSE_SIGN,
    WORD_CHARACTERS,
)
from solver.expr.text_checks import forbidden_character
from solver.input_limits import MAX_LENGTH

_SUBSCRIPT = re.compile(r"[A-Za-z]_(?:[A-Za-z0-9]|\{)")


def is_latex(text: str) -> bool:
    """Whether an answer text is read as LaTeX: a backslash, ``$``, ``^{`` or ``x_1``/``x_{``."""
    return "\\" in text or "$" in text or "^{" in text or bool(_SUBSCRIPT.search(text))


def prepare(raw: str, symbols: Mapping[str, Any]) -> Text:
    """Gates, compatibility forms (NFKC), LaTeX translation and plain-text normalisation."""
    if len(raw) > MAX_LENGTH:
        raise refuse(
            f"the answer is {len(raw)} characters long; the limit is {MAX_LENGTH}",
            MAX_LENGTH,
        )
    check_characters(raw)
    compatible = compatibility_forms(raw)
    if compatible is None:
        source, staged = raw, Text(raw, Translation.identity(raw))
    else:  # the gates again: every offset maps back to the raw text
        source, staged = compatible.text, Text(raw, compatible)
        if len(source) > MAX_LENGTH:
            raise staged.refuse(f"the answer is {len(source)} characters long once "
                                f"normalised; the limit is {MAX_LENGTH}", MAX_LENGTH)
        found = forbidden_character(source, allowed="\t\n\r")
        if found is not None:
            raise staged.refuse(f"{found[1]} is not allowed", found[0])
    if not is_latex(source):  # plain text: normalised offsets map straight to the raw text
        if compatible is None:
            return Text(raw, normalise(raw, symbols, staged.refuse))
        return Text(raw, compatible.then(normalise(source, symbols, staged.refuse)))
    start = derivative_lhs_end(source)  # \nabla_x f = …: the answer is what follows
    try:
        translation = translate_latex(source[start:])
    except LatexError as error:
        raise staged.refuse(error.message, start + error.pos, error.hint) from None
    if start:
        translation = Translation(source[start:],
                                  tuple(range(start, len(source) + 1))).then(translation)
    if compatible is not None:
        translation = compatible.then(translation)
    staged = Text(raw, translation)
    normalised = translation.then(normalise(translation.text, symbols, staged.refuse))
    return Text(raw, normalised.then(spaced_products(normalised.text, symbols)))


_DERIVATIVE = re.compile(r"\\nabla|\\partial|\\frac\s*\{\s*(?:d|\\mathrm\s*\{\s*d\s*\})")


def derivative_lhs_end(source: str) -> int:
    """Where the answer starts after a left-hand side naming a derivative in LaTeX
    (``\\nabla_x f =``, ``\\frac{\\partial L}{\\partial W} =``, ``\\frac{df}{dx} =``):
    just after its ``=``; 0 when the text has none."""
    equals = source.find("=")
    if equals < 0 or source[equals + 1:equals + 2] == "=" or \
            source[equals - 1:equals] in ("<", ">", "!"):
        return 0
    return equals + 1 if _DERIVATIVE.search(source, 0, equals) else 0


def check_characters(text: str) -> None:
    found = forbidden_character(text, allowed="\t\n\r")
    if found is not None:
        pos, kind = found
        raise refuse(f"{kind} is not allowed", pos)


_OWN_CHARACTERS = frozenset(
    {*ANSWER_REPLACEMENTS, *WORD_CHARACTERS, *SUPERSCRIPTS, TRANSPOSE_SIGN, ROOT_SIGN,
     INDICATOR_SIGN}
)


def compatibility_forms(text: str) -> Translation | None:
    """Full-width and other compatibility characters in their NFKC form, character by
    character (``２ｘ`` → ``2x``, ``ｓｉｎ`` → ``sin``, ``𝑥`` → ``x``, ``x₁`` → ``x1``), with
    the offset each comes from; None when nothing changes. Characters the reader gives a
    meaning of its own keep it (``x²``, ``Aᵀ``, ``𝟙``), and other superscripts and
    vulgar fractions are left for the reader to refuse (NFKC would make ``xⁿ`` the name
    ``xn`` and ``3½`` the number 31⁄2)."""
    if text.isascii():
        return None
    chars: list[str] = []
    origins: list[int] = []
    for pos, char in enumerate(text):
        form = char
        if not char.isascii() and char not in _OWN_CHARACTERS and not (
            unicodedata.decomposition(char).startswith(("<super>", "<fraction>"))
        ):
            form = unicodedata.normalize("NFKC", char)
        chars.append(form)
        origins.extend([pos] * len(form))
    if "".join(chars) == text:
        return None
    return Translation("".join(chars), (*origins, len(text)))
