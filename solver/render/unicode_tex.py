"""Any Unicode text as inert TeX for pdfLaTeX with the standard Computer Modern fonts.

Every character becomes ASCII TeX that cannot run a command, open a group or change a
catcode: TeX specials are escaped; math symbols (Greek letters, operators, relations,
super- and subscripts) are typeset in math mode (η → ``\\ensuremath{\\eta}``, x² →
``x\\ensuremath{^{2}}``); accented Latin letters keep their accents (ë → ``\\"{e}``, ł →
``\\l{}``); words in other scripts (Cyrillic, Chinese, Arabic, a Greek name) are
transliterated to Latin letters with anyascii; control and format characters are dropped.
Only commands of the LaTeX kernel and amssymb are emitted, in the OT1 encoding, so nothing
needs a font outside texlive-latex-base and texlive-fonts-recommended.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

_ASCII_SPECIAL = {
    "\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}", "&": r"\&", "%": r"\%",
    "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}", "$": r"\$",
}
_ASCII_SPECIALS = re.compile(r"[\\~^<>|&%#_{}$]")

_GREEK = {
    "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "δ": r"\delta", "ε": r"\varepsilon",
    "ϵ": r"\epsilon", "ζ": r"\zeta", "η": r"\eta", "θ": r"\theta", "ϑ": r"\vartheta",
    "ι": r"\iota", "κ": r"\kappa", "λ": r"\lambda", "μ": r"\mu", "µ": r"\mu", "ν": r"\nu",
    "ξ": r"\xi", "ο": "o", "π": r"\pi", "ϖ": r"\varpi", "ρ": r"\rho", "ϱ": r"\varrho",
    "σ": r"\sigma", "ς": r"\varsigma", "τ": r"\tau", "υ": r"\upsilon", "φ": r"\varphi",
    "ϕ": r"\phi", "χ": r"\chi", "ψ": r"\psi", "ω": r"\omega",
    "Α": r"\mathrm{A}", "Β": r"\mathrm{B}", "Γ": r"\Gamma", "Δ": r"\Delta", "\u2206": r"\Delta",
    "Ε": r"\mathrm{E}", "Ζ": r"\mathrm{Z}", "Η": r"\mathrm{H}", "Θ": r"\Theta",
    "Ι": r"\mathrm{I}", "Κ": r"\mathrm{K}", "Λ": r"\Lambda", "Μ": r"\mathrm{M}",
    "Ν": r"\mathrm{N}", "Ξ": r"\Xi", "Ο": r"\mathrm{O}", "Π": r"\Pi", "Ρ": r"\mathrm{P}",
    "Σ": r"\Sigma", "Τ": r"\mathrm{T}", "Υ": r"\Upsilon", "Φ": r"\Phi", "Χ": r"\mathrm{X}",
    "Ψ": r"\Psi", "Ω": r"\Omega", "\u2126": r"\Omega",
}
_OPERATORS = {
    "×": r"\times", "·": r"\cdot", "⋅": r"\cdot", "∙": r"\cdot", "−": "-", "∓": r"\mp",
    "±": r"\pm", "÷": r"\div", "∗": r"\ast", "∘": r"\circ", "⊗": r"\otimes", "⊕": r"\oplus",
    "⊙": r"\odot", "√": r"\surd", "∑": r"\sum", "∏": r"\prod", "∫": r"\int", "∮": r"\oint",
    "∂": r"\partial", "∇": r"\nabla", "∞": r"\infty", "ℓ": r"\ell", "ℏ": r"\hbar",
    "≤": r"\le", "≥": r"\ge", "⩽": r"\leqslant", "⩾": r"\geqslant", "≠": r"\neq",
    "≈": r"\approx", "≡": r"\equiv", "∼": r"\sim", "≃": r"\simeq", "≅": r"\cong",
    "∝": r"\propto", "≪": r"\ll", "≫": r"\gg", "≔": r"\mathrel{:}=", "∈": r"\in",
    "∉": r"\notin", "∋": r"\ni", "⊂": r"\subset", "⊆": r"\subseteq", "⊃": r"\supset",
    "⊇": r"\supseteq", "∪": r"\cup", "∩": r"\cap", "∖": r"\setminus", "∅": r"\emptyset",
    "∀": r"\forall", "∃": r"\exists", "∄": r"\nexists", "¬": r"\neg", "∧": r"\wedge",
    "∨": r"\vee", "→": r"\to", "←": r"\leftarrow", "↔": r"\leftrightarrow",
    "⇒": r"\Rightarrow", "⇐": r"\Leftarrow", "⇔": r"\Leftrightarrow", "↦": r"\mapsto",
    "↑": r"\uparrow", "↓": r"\downarrow", "⟶": r"\longrightarrow", "‖": r"\|", "∥": r"\|",
    "∣": r"\mid", "⟨": r"\langle", "⟩": r"\rangle", "⌊": r"\lfloor", "⌋": r"\rfloor",
    "⌈": r"\lceil", "⌉": r"\rceil", "⊤": r"\top", "⊺": r"\intercal", "⊥": r"\perp",
    "′": "'", "″": "''", "‴": "'''", "°": r"^{\circ}", "∠": r"\angle",
    "⋯": r"\cdots", "⋮": r"\vdots", "⋱": r"\ddots", "∎": r"\blacksquare",
    "ℝ": r"\mathbb{R}", "ℕ": r"\mathbb{N}", "ℤ": r"\mathbb{Z}", "ℚ": r"\mathbb{Q}",
    "ℂ": r"\mathbb{C}", "½": r"\tfrac{1}{2}", "⅓": r"\tfrac{1}{3}", "¼": r"\tfrac{1}{4}",
    "¾": r"\tfrac{3}{4}",
}
MATH_SYMBOLS: dict[str, str] = {**_GREEK, **_OPERATORS}
"""Characters typeset in math mode, as the math-mode TeX of each."""

_TEXT_SYMBOLS = {
    "“": "``", "”": "''", "‘": "`", "’": "'", "‚": ",", "„": ",,", "–": "--", "—": "---",
    "‐": "-", "‑": "-", "‒": "--", "…": r"\ldots{}", "•": r"\textbullet{}", "†": r"\dag{}",
    "‡": r"\ddag{}", "§": r"\S{}", "¶": r"\P{}", "©": r"\copyright{}", "£": r"\pounds{}",
    "¡": "!`", "¿": "?`", "ß": r"\ss{}", "æ": r"\ae{}", "Æ": r"\AE{}", "œ": r"\oe{}",
    "Œ": r"\OE{}", "ø": r"\o{}", "Ø": r"\O{}", "ł": r"\l{}", "Ł": r"\L{}", "ı": r"\i{}",
    "ȷ": r"\j{}", "«": r"\ensuremath{\ll}", "»": r"\ensuremath{\gg}",
}
_ACCENTS = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u",
    "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0327": "c",
    "\u0323": "d", "\u0331": "b",
}
_BELOW = {"\u0327", "\u0323", "\u0331"}
_MAX_ACCENTS = 2
_SCRIPT_TAGS = {"<super>": "^", "<sub>": "_"}
_SCRIPT_RANGES = ((0x00B2, 0x00B3), (0x00B9, 0x00B9), (0x1D2C, 0x1D6A), (0x2070, 0x209C),
                  (0x2C7C, 0x2C7D))
_GREEK_WORD = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]{3,}")
_LONG_DIGITS = re.compile(r"[0-9]{17,}")
BREAK_IN_DIGITS = r"\penalty500{}"  # a line may break here; ``{}`` ends the number 500


def tex_text(text: object) -> str:
    """``text`` as inert TeX on one line: the same words and symbols, nothing TeX can run.

    Every whitespace character is a space; a Greek word of three or more letters is a
    name (transliterated), shorter runs of Greek letters are math symbols.
    """
    composed = unicodedata.normalize("NFC", "" if text is None else str(text))
    pieces: list[str] = []
    foreign: list[str] = []
    last = 0
    for word in _GREEK_WORD.finditer(composed):
        _symbols(composed[last:word.start()], pieces, foreign)
        foreign.append(word.group())
        last = word.end()
    _symbols(composed[last:], pieces, foreign)
    _flush(foreign, pieces)
    return _breakable("".join(pieces))


def _breakable(tex: str) -> str:
    """A run of more than 16 digits (a 40-digit decimal in a diagnosis) may break across
    lines every 8 digits, at a cost, rather than run into the margin."""
    return _LONG_DIGITS.sub(lambda run: BREAK_IN_DIGITS.join(
        run.group()[start:start + 8] for start in range(0, len(run.group()), 8)), tex)


def tex_prose(text: str) -> str:
    """Like ``tex_text``, but the characters the preamble declares (``math_declarations``)
    stay as written: instructors' prose keeps its η and × for the preamble to typeset."""
    return "".join(piece if piece[0] in _DECLARED else tex_text(piece)
                   for piece in _declared_runs(text))


def _declared_runs(text: str):
    """``text`` cut into runs of declared and of other characters."""
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or (text[index] in _DECLARED) != (text[start] in _DECLARED):
            yield text[start:index]
            start = index


def math_declarations() -> tuple[tuple[str, str], ...]:
    """(code point in hex, math TeX) of every math symbol, super- and subscript, for
    ``\\DeclareUnicodeCharacter`` so that the same characters also work inside ``$…$``."""
    table = {**MATH_SYMBOLS, **{c: f"{tag}{{{base}}}" for c, (tag, base) in _SCRIPTS.items()}}
    return tuple((f"{ord(c):04X}", tex) for c, tex in sorted(table.items()))


def _symbols(text: str, pieces: list[str], foreign: list[str]) -> None:
    """Append the TeX of ``text`` (no Greek words in it) to ``pieces``; characters only a
    transliteration can show gather in ``foreign`` until something else comes."""
    index = 0
    while index < len(text):
        end = index + 1
        while end < len(text) and unicodedata.category(text[end]).startswith("M"):
            end += 1
        cluster = text[index:end]
        tag = _script_tag(cluster[0])
        if tag is not None:
            end = _script_run(text, index, tag)
            _flush(foreign, pieces)
            bases = "".join(_SCRIPTS[c][1] for c in text[index:end])
            pieces.append(f"\\ensuremath{{{tag}{{{bases}}}}}")
        elif (known := _known(cluster)) is not None:
            _flush(foreign, pieces)
            pieces.append(known)
        elif not unicodedata.category(cluster[0]).startswith("C"):
            foreign.append(cluster)
        index = end


def _known(cluster: str) -> str | None:
    """TeX of a character and its combining marks, or None when it needs transliteration
    (control and format characters give the empty string)."""
    char = cluster[0]
    if char.isspace():
        return " "
    if " " <= char <= "~":
        accented = _accented(cluster) if len(cluster) > 1 else None
        return accented or _ASCII_SPECIALS.sub(lambda m: _ASCII_SPECIAL[m.group()], char)
    if unicodedata.category(char).startswith("C"):
        return ""
    if char in MATH_SYMBOLS:
        return f"\\ensuremath{{{MATH_SYMBOLS[char]}}}"
    if char in _TEXT_SYMBOLS:
        return _TEXT_SYMBOLS[char]
    return _accented(cluster)


def _accented(cluster: str) -> str | None:
    """A Latin letter with accents TeX knows in OT1 (é → \\'{e}, ï → \\"{\\i}), else None."""
    base, *marks = unicodedata.normalize("NFD", cluster)
    if not ("a" <= base.lower() <= "z" and marks and len(marks) <= _MAX_ACCENTS
            and all(mark in _ACCENTS for mark in marks)):
        return None
    letter = f"\\{base}{{}}" if base in "ij" and any(m not in _BELOW for m in marks) else base
    for mark in marks:
        letter = f"\\{_ACCENTS[mark]}{{{letter}}}"
    return letter


def _flush(foreign: list[str], pieces: list[str]) -> None:
    """Transliterate the gathered characters as one run (a name keeps its syllables)."""
    if not foreign:
        return
    run = "".join(foreign)
    foreign.clear()
    latin = anyascii(run) or "".join(f"[U+{ord(c):04X}]" for c in run)
    pieces.append("".join(_known(c) or "" for c in latin if " " <= c <= "~"))


def _script_tag(char: str) -> str | None:
    entry = _SCRIPTS.get(char)
    return None if entry is None else entry[0]


def _script_run(text: str, start: int, tag: str) -> int:
    end = start
    while end < len(text) and _script_tag(text[end]) == tag:
        end += 1
    return end


def _script_table() -> dict[str, tuple[str, str]]:
    """Super- and subscript characters (², ₙ, ᵀ, ⁻) as (^ or _, the TeX of their base),
    read from their Unicode decompositions."""
    table: dict[str, tuple[str, str]] = {}
    for first, last in _SCRIPT_RANGES:
        for code in range(first, last + 1):
            char = chr(code)
            tag, _, base = unicodedata.decomposition(char).partition(" ")
            if tag not in _SCRIPT_TAGS or " " in base or not base:
                continue
            base_char = chr(int(base, 16))
            if base_char == "T" and tag == "<super>":
                tex = r"\top"
            elif base_char in MATH_SYMBOLS:
                tex = MATH_SYMBOLS[base_char]
            elif base_char.isascii() and (base_char.isalnum() or base_char in "+=()"):
                tex = base_char
            else:
                continue
            table[char] = (_SCRIPT_TAGS[tag], tex)
    return table


_SCRIPTS = _script_table()
_DECLARED = frozenset(MATH_SYMBOLS) | frozenset(_SCRIPTS)
