"""Translation of a LaTeX answer into the plain-math syntax of :mod:`solver.expr`.

``latex_to_plain(text)`` tokenizes the LaTeX (commands, single characters,
runs of white space) and translates it by recursive descent; nothing is
evaluated and no macro is expanded. ``translate_latex(text)`` does the same
and also returns, for every character of the result, the offset in the LaTeX
it came from, so errors found later can point into what the student wrote.

Rules::

    \\frac{a}{b}  \\dfrac  \\tfrac  \\cfrac      ((a)/(b)); one-token arguments too: \\frac12
    \\sqrt{x}   \\sqrt[3]{x}                   sqrt(x)   ((x)^(1/(3)))
    \\cdot  \\times  \\ast   \\div               *  /
    x^{2}  x^2  e^{x}  x^-1                 x^(2)  x^2  e^(x)  x^(-1)
    x^\\top  x^{T}  x^\\intercal  x^\\mathsf{T}   x^T
    x_1  x_{12}  \\theta_{1}                 x1  x12  theta1 (letters and digits only)
    \\alpha ... \\omega, \\pi, \\varepsilon ...  alpha ... omega, pi, epsilon ...
    \\sin \\cos \\tan \\arcsin \\arccos \\arctan \\sinh \\cosh \\tanh \\exp \\ln \\log \\det
    \\sec x  \\csc x  \\cot x  \\sec^2 x      (1/cos(x))  (1/sin(x))  (1/tan(x))  ((1/cos(x)))^2
    \\boxed{..}  \\fbox{..}                  what the box holds (in parentheses unless the box is
                                            the whole answer)
    \\max(0, z_1)  \\max\\{0, z\\}  \\min[a, b]            max(0, z1)  max(0, z)  min(a, b)
    \\operatorname{ReLU}(z)  \\mathrm{relu}(z)  \\text{ReLU}(z)   ReLU(z)  relu(z)  ReLU(z)
    \\sin^2(x)  \\sin^{2} x                   (sin(x))^2   (sin(x))^(2)
    \\sin^{-1} x                             arcsin(x)   (also \\cos, \\tan)
    \\log_{2} x                              log(x, 2)
    \\left( \\right) \\left[ \\bigl( \\Bigr] ...  the bracket itself; \\left. \\right. nothing
    \\{  \\}  \\lbrace  \\rbrace                  {  }   (sets of points)
    |x|  \\left|x\\right|  \\lvert x\\rvert       abs(x)
    \\mathrm{..} \\mathbf{..} \\mathit{..} \\mathsf{..} \\boldsymbol{..} \\bm{..}
    \\operatorname{..} \\vec{..}              the argument (a function name stays a function)
    \\mathbb{Z}  \\mathbb{R}                   Z  R
    \\text{..}  \\textrm{..}  \\mbox{..}        the words inside
    \\hat{y}                                 yhat
    \\le \\leq \\leqslant \\ge \\geq \\geqslant   <=  >=      \\lt \\gt  <  >      \\in  in
    \\land \\wedge  \\lor \\vee  \\lnot \\neg     and  or  not   (also \\text{and}, \\text{or})
    \\mathbb{1}(z_1 > 0)  \\mathbb{1}_{z_1 > 0}  \\mathbb{1}_{\\{z_1 > 0\\}}  \\mathbf{1}[z_1 > 0]
    \\mathbb{1}\\{z_1 > 0\\}  \\mathbb{I}(z > 0)  \\mathds{1}(z > 0)    𝟙(z1 > 0), the indicator
        (\\mathbb, \\mathds, \\mathbf, \\bm, \\boldsymbol of 1, and \\mathbb{I}, followed by a
        bracket or a subscript; otherwise they stay 1 and I)
    \\infty                                  infinity (read.py accepts it only as an interval end)
    \\emptyset  \\varnothing                  ∅
    \\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}   [[1, 2], [3, 4]]
        (also bmatrix, Bmatrix, matrix, smallmatrix, array; vmatrix gives det([[...]]));
        brackets around a matrix are its own: \\left[\\begin{array}{cc} .. \\end{array}\\right]
        is the matrix, \\left| .. \\right| its determinant
    \\begin{cases} 5 & z_1 > 0 \\\\ 0 & \\text{otherwise} \\end{cases}   piecewise(5, z1 > 0, 0)
        (also dcases and \\left\\{ \\begin{array}{ll} ... \\end{array} \\right.; a condition may
        start with if, for, when or whenever and end with , . ;; the last case may
        say otherwise, else, elsewhere or True, or have no condition)
    {..}                                    (..)   a TeX group is a pair of parentheses
    \\, \\; \\: \\! \\quad \\qquad ~ and & outside a matrix   a space
    \\displaystyle \\textstyle $ \\( \\) \\[ \\]    nothing

A function written without parentheses (``\\sin x``, ``\\cos 2x``,
``\\sin \\frac{x}{2}``) takes as its argument the factors that follow it
directly: a number (only as the first factor), then names, Greek letters,
``\\frac``, ``\\sqrt``, TeX groups and matrices, each with an optional
subscript and power. The argument ends at the first operator, bracket,
relation, comma or function: ``\\sin 2x + 1`` is ``sin(2 x) + 1``,
``\\sin x \\cos y`` is ``sin(x) cos(y)``, ``\\sin x (x+1)`` is
``sin(x) (x+1)``. ``\\sin(x)`` and ``\\ln|x|`` take the bracket as argument.

Letters written next to each other stay one name, as in the plain syntax
(``xy`` is the name ``xy``, which the expression reader refuses with the hint
``x*y``); a command word is always separated from its neighbours
(``\\pi x`` is ``pi x``, ``2\\pi`` is ``2 pi``). A superscript without braces
is one character, as in TeX (``e^xy`` is ``e^x y``).

Any other command is a :class:`LatexError` naming it (``\\foo is not
supported``), at the offset of the command in the original text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from solver.expr import ExprError
from solver.plural import plural

MAX_LENGTH = 2000
MAX_DEPTH = 50


class LatexError(ExprError):
    """The LaTeX cannot be translated; ``pos`` is an offset in the LaTeX text."""


@dataclass(frozen=True)
class Translation:
    """Translated text and, for each of its characters, the offset it came from."""

    text: str
    origins: tuple[int, ...]  # len(text) + 1 entries; the last is the end of the source

    @classmethod
    def identity(cls, text: str) -> Translation:
        return cls(text, tuple(range(len(text) + 1)))

    def source(self, pos: int) -> int:
        """The offset in the source text of ``self.text[pos]``."""
        return self.origins[min(max(pos, 0), len(self.text))]

    def then(self, later: Translation) -> Translation:
        """Compose: ``later`` translated ``self.text``; offsets go back to ``self``'s source."""
        return Translation(later.text, tuple(self.source(pos) for pos in later.origins))


GREEK = {
    name: name
    for name in (
        "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho "
        "sigma tau upsilon phi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon "
        "Phi Psi Omega"
    ).split()
} | {
    "varepsilon": "epsilon",
    "vartheta": "theta",
    "varphi": "phi",
    "varrho": "rho",
    "varsigma": "sigma",
}
FUNCTIONS = frozenset(
    "sin cos tan arcsin arccos arctan sinh cosh tanh exp ln log det max min relu ReLU Relu"
    " sec csc cot".split()
)
RECIPROCALS = {"sec": "cos", "csc": "sin", "cot": "tan"}  # sec x = 1/cos x, ...
BOXES = frozenset({"boxed", "fbox", "framebox"})
VARIADIC = frozenset({"max", "min"})  # \max\{0, z\} and \max[0, z] as well as \max(0, z)
INVERSE_TRIG = {"sin": "arcsin", "cos": "arccos", "tan": "arctan"}
WORDS = {
    "infty": "infinity",
    "top": "T",
    "intercal": "T",
    "in": "in",
    "land": "and",
    "wedge": "and",
    "lor": "or",
    "vee": "or",
    "lnot": "not",
    "neg": "not",
}
SYMBOLS = {
    "cdot": "*",
    "times": "*",
    "ast": "*",
    "div": "/",
    "le": "<=",
    "leq": "<=",
    "leqslant": "<=",
    "ge": ">=",
    "geq": ">=",
    "geqslant": ">=",
    "lt": "<",
    "gt": ">",
    "emptyset": "∅",
    "varnothing": "∅",
}
SPACES = frozenset({",", ";", ":", "!", " ", "quad", "qquad", "enspace", "thinspace"})
IGNORED = frozenset({"displaystyle", "textstyle", "(", ")", "[", "]", "limits", "nolimits"})
FRACTIONS = frozenset({"frac", "dfrac", "tfrac", "cfrac"})
MATH_WRAPPERS = frozenset(
    {"mathrm", "mathit", "mathbf", "mathsf", "mathnormal", "boldsymbol", "bm", "vec",
     "operatorname", "mathbb", "mathds"}
)
INDICATORS = {  # wrapper → the symbols it makes an indicator of
    "mathbb": frozenset({"1", "I"}),
    "mathds": frozenset({"1"}),
    "mathbf": frozenset({"1"}),
    "bm": frozenset({"1"}),
    "boldsymbol": frozenset({"1"}),
}
INDICATOR_SIGN = "𝟙"
TEXT_WRAPPERS = frozenset({"text", "textrm", "textit", "textbf", "mbox"})
MATRICES = {
    "pmatrix": "matrix",
    "bmatrix": "matrix",
    "Bmatrix": "matrix",
    "matrix": "matrix",
    "smallmatrix": "matrix",
    "array": "matrix",
    "vmatrix": "det",
}
CASES = frozenset({"cases", "dcases"})
CONDITION_WORDS = ("if", "for", "when", "whenever")
OTHERWISE = frozenset({"otherwise", "else", "elsewhere", "true"})
SIZES = frozenset({"big", "Big", "bigg", "Bigg"})
OPEN_DELIMITERS = {"(": "(", "[": "[", "\\{": "{", "\\lbrace": "{", ".": ""}
CLOSE_DELIMITERS = {")": ")", "]": "]", "\\}": "}", "\\rbrace": "}", ".": ""}
BAR_DELIMITERS = frozenset({"|", "\\vert", "\\lvert", "\\rvert"})
_OPERAND_END = frozenset(")]}!'")


# --- tokens -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "command", "char" or "space"
    value: str  # command name without the backslash, the character, or " "
    pos: int

    def is_char(self, *chars: str) -> bool:
        return self.kind == "char" and self.value in chars

    def is_command(self, *names: str) -> bool:
        return self.kind == "command" and self.value in names

    @property
    def source(self) -> str:
        return "\\" + self.value if self.kind == "command" else self.value


_TOKEN = re.compile(r"\\(?:[A-Za-z]+|.)|(?P<space>[ \t\n\r]+)|.", re.DOTALL)


def _tokenize(text: str) -> list[_Token]:
    """Commands (a backslash and its letters, or one other character), runs of spaces and
    single characters."""
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(text):
        found, pos = match.group(), match.start()
        if match.lastgroup == "space":
            tokens.append(_Token("space", " ", pos))
        elif len(found) > 1:
            tokens.append(_Token("command", found[1:], pos))
        elif found == "\\":
            raise LatexError("a lone '\\' ends the answer", text=text, pos=pos)
        else:
            if found in "%#" or not (found.isascii() and found.isprintable()):
                _check_character(text, pos)
            tokens.append(_Token("char", found, pos))
    return tokens


def _check_character(text: str, pos: int) -> None:
    char = text[pos]
    if char in "%#":
        raise LatexError(f"'{char}' is not supported in an answer", text=text, pos=pos)
    category = unicodedata.category(char)
    if category in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
        raise LatexError(
            f"the character U+{ord(char):04X} is not allowed", text=text, pos=pos
        )


def _check_depth(text: str, tokens: list[_Token]) -> None:
    depth = 0
    for token in tokens:
        if token.is_char("{", "(", "[") or token.is_command("begin", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                raise LatexError(
                    f"brackets are nested more than {MAX_DEPTH} deep", text=text, pos=token.pos
                )
        elif token.is_char("}", ")", "]") or token.is_command("end", "}"):
            depth = max(depth - 1, 0)


# --- output -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Piece:
    """Output text from source offset ``pos``.

    ``left``/``right`` say whether the piece may join an adjacent letter or
    digit into one name: "glue" (source letters and digits), "sep" (command
    words: a space is put in) or "attach" (a subscript: always joined).
    """

    text: str
    pos: int
    left: str = "glue"
    right: str = "glue"


Out = list[_Piece]


def _word(text: str, pos: int) -> _Piece:
    return _Piece(text, pos, "sep", "sep")


def _join(pieces: Out, source_length: int) -> Translation:
    chars: list[str] = []
    origins: list[int] = []
    previous: _Piece | None = None
    for piece in pieces:
        if not piece.text:
            continue
        if (
            previous is not None
            and chars
            and (chars[-1].isalnum() or chars[-1] == "_")
            and piece.text[0].isalnum()
            and piece.left != "attach"
            and (previous.right == "sep" or piece.left == "sep")
        ):
            chars.append(" ")
            origins.append(piece.pos)
        if piece.text == " " and chars and chars[-1] == " ":
            continue
        chars.extend(piece.text)
        origins.extend([piece.pos] * len(piece.text))
        previous = piece
    origins.append(source_length)
    return Translation("".join(chars), tuple(origins))


def _text(pieces: Out) -> str:
    return _join(pieces, 0).text.strip()


def _strip_spaces(pieces: Out) -> Out:
    start, end = 0, len(pieces)
    while start < end and pieces[start].text == " ":
        start += 1
    while end > start and pieces[end - 1].text == " ":
        end -= 1
    return pieces[start:end]


def _is_operand_end(pieces: Out) -> bool:
    """Whether the output so far ends with something an operator could follow."""
    for piece in reversed(pieces):
        text = piece.text.rstrip()
        if not text:
            continue
        last = text[-1]
        return last.isalnum() or last in _OPERAND_END
    return False


# --- translation ------------------------------------------------------------------------


def latex_to_plain(text: str) -> str:
    """The plain-math text of a LaTeX answer; raises :class:`LatexError`."""
    return translate_latex(text).text


def translate_latex(text: str) -> Translation:
    """Like :func:`latex_to_plain`, with the source offset of every output character."""
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise LatexError(
            f"the answer is {len(text)} characters long; the limit is {MAX_LENGTH}",
            text=text,
            pos=MAX_LENGTH,
        )
    tokens = _tokenize(text)
    _check_depth(text, tokens)
    try:
        pieces = _Translator(text, tokens).translate()
    except RecursionError:
        raise LatexError("the answer is nested too deeply", text=text, pos=0) from None
    translation = _join(pieces, len(text))
    stripped = translation.text.strip()
    start = len(translation.text) - len(translation.text.lstrip())
    return Translation(stripped, translation.origins[start : start + len(stripped) + 1])


Stop = Callable[[int, Out], bool]


@dataclass(frozen=True, slots=True)
class _Delimiter:
    kind: str  # "open", "close", "bar", "bar-open", "bar-close"
    text: str  # what it becomes in plain text
    end: int  # index of the token after it
    pos: int


class _Translator:
    def __init__(self, text: str, tokens: list[_Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.index = 0
        self.matrices: dict[int, int] = {}  # \begin of a matrix → the token after its \end

    # --- token access ---------------------------------------------------------------

    def peek(self, offset: int = 0) -> _Token | None:
        index = self.index + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def next(self) -> _Token:
        token = self.peek()
        if token is None:
            raise self.error("unexpected end of the answer", len(self.text))
        self.index += 1
        return token

    def skip_spaces(self) -> None:
        while (token := self.peek()) is not None and token.kind == "space":
            self.index += 1

    def error(self, message: str, pos: int, hint: str | None = None) -> LatexError:
        return LatexError(message, text=self.text, pos=pos, hint=hint)

    def expect_char(self, char: str, opened_at: int, what: str) -> _Token:
        token = self.peek()
        if token is None or not token.is_char(char):
            pos = token.pos if token is not None else len(self.text)
            raise self.error(f"expected '{char}' to close {what}", pos,
                             hint=f"{what} starts at col {opened_at + 1}")
        self.index += 1
        return token

    # --- sequences ------------------------------------------------------------------

    def translate(self) -> Out:
        return self.sequence(lambda _index, _out: False)

    def sequence(self, stop: Stop) -> Out:
        out: Out = []
        while (token := self.peek()) is not None:
            if stop(self.index, out):
                break
            self.item(token, out)
        return out

    def item(self, token: _Token, out: Out) -> None:
        delimiter = self.delimiter_at(self.index)
        if delimiter is not None:
            if delimiter.kind in ("open", "bar", "bar-open"):
                out.extend(self.group())
                return
            raise self.error(f"unmatched '{self.tokens[self.index].source}'", delimiter.pos)
        if token.kind == "space":
            self.index += 1
            out.append(_Piece(" ", token.pos))
        elif token.kind == "command":
            self.index += 1
            self.command(token, out)
        else:
            self.character(token, out)

    def character(self, token: _Token, out: Out) -> None:
        char = token.value
        if char == "{":
            out.extend(self.brace_group(parenthesised=True))
            return
        self.index += 1
        if char == "}":
            raise self.error("unmatched '}'", token.pos)
        if char == "^":
            out.extend(self.superscript(token))
        elif char == "_":
            self.subscript(token, out)
        elif char in "&~":
            out.append(_Piece(" ", token.pos))
        elif char == "$":
            return
        else:
            out.append(_Piece(char, token.pos))

    # --- groups and delimiters -------------------------------------------------------

    def delimiter_at(self, index: int) -> _Delimiter | None:
        """The bracket starting at token ``index``, with sizing commands such as \\left."""
        if index >= len(self.tokens):
            return None
        token = self.tokens[index]
        if token.is_char("(", "["):
            return _Delimiter("open", token.value, index + 1, token.pos)
        if token.is_char(")", "]"):
            return _Delimiter("close", token.value, index + 1, token.pos)
        if token.is_char("|") or token.is_command("vert", "mid"):
            return _Delimiter("bar", "|", index + 1, token.pos)
        if token.is_command("lvert"):
            return _Delimiter("bar-open", "|", index + 1, token.pos)
        if token.is_command("rvert"):
            return _Delimiter("bar-close", "|", index + 1, token.pos)
        if token.is_command("{", "lbrace"):
            return _Delimiter("open", "{", index + 1, token.pos)
        if token.is_command("}", "rbrace"):
            return _Delimiter("close", "}", index + 1, token.pos)
        if token.kind != "command":
            return None
        name = token.value
        if name in ("left", "right") or (name[:-1] in SIZES and name[-1] in "lrm") or (
            name in SIZES
        ):
            return self.sized_delimiter(token, index)
        return None

    def sized_delimiter(self, token: _Token, index: int) -> _Delimiter:
        end = index + 1
        while end < len(self.tokens) and self.tokens[end].kind == "space":
            end += 1
        if end >= len(self.tokens):
            raise self.error(f"\\{token.value} needs a delimiter after it", token.pos)
        delim = self.tokens[end].source
        name = token.value
        side = {"left": "l", "right": "r"}.get(name, name[-1] if name not in SIZES else "")
        if delim in BAR_DELIMITERS:
            kind = {"l": "bar-open", "r": "bar-close"}.get(side, "bar")
            if delim == "\\lvert":
                kind = "bar-open"
            elif delim == "\\rvert":
                kind = "bar-close"
            return _Delimiter(kind, "|", end + 1, token.pos)
        if side in ("l", "") and delim in OPEN_DELIMITERS and (side or delim != "."):
            return _Delimiter("open", OPEN_DELIMITERS[delim], end + 1, token.pos)
        if side in ("r", "") and delim in CLOSE_DELIMITERS and (side or delim != "."):
            return _Delimiter("close", CLOSE_DELIMITERS[delim], end + 1, token.pos)
        raise self.error(
            f"\\{name} cannot be followed by '{delim}'", self.tokens[end].pos,
            hint="use one of ( ) [ ] \\{ \\} | ."
        )

    def group(self) -> Out:
        """A bracketed group starting at the current token: ( ), [ ], \\{ \\} or | |."""
        opener = self.delimiter_at(self.index)
        assert opener is not None
        by_left = self.tokens[self.index].is_command("left")
        self.index = opener.end
        if opener.kind in ("bar", "bar-open"):
            return self.absolute_value(opener)
        if opener.text == "{" and self.array_follows():
            cases = self.cases_array(opener, by_left)
            if cases is not None:
                return cases

        def closes(index: int, _out: Out) -> bool:
            found = self.delimiter_at(index)
            return found is not None and found.kind in ("close", "bar-close")

        inner = self.sequence(closes)
        closer = self.delimiter_at(self.index)
        if closer is None or closer.kind != "close":
            pos = closer.pos if closer is not None else len(self.text)
            shown = opener.text or "\\left."
            raise self.error(f"'{shown}' is never closed", pos,
                             hint=f"it opens at col {opener.pos + 1}")
        if (opener.text == "{") != (closer.text == "}") and opener.text and closer.text:
            raise self.error(f"'{opener.text}' is closed by '{closer.text}'", closer.pos)
        only_matrix = opener.text == "[" and self.only_matrix(opener.end, self.index)
        self.index = closer.end
        if only_matrix:  # \left[\begin{array}{cc} .. \end{array}\right]: the matrix's own
            return _strip_spaces(inner)
        return [_Piece(opener.text, opener.pos), *inner, _Piece(closer.text, closer.pos)]

    def only_matrix(self, start: int, end: int) -> bool:
        """Whether tokens [start, end) hold one matrix environment and spaces only."""
        while start < end and self.tokens[start].kind == "space":
            start += 1
        after = self.matrices.get(start)
        while after is not None and after < end and self.tokens[after].kind == "space":
            after += 1
        return after == end

    def absolute_value(self, opener: _Delimiter) -> Out:
        def closes(index: int, out: Out) -> bool:
            found = self.delimiter_at(index)
            if found is None:
                return False
            if found.kind in ("close", "bar-close"):
                return True
            return found.kind == "bar" and _is_operand_end(out)

        inner = self.sequence(closes)
        closer = self.delimiter_at(self.index)
        if closer is None or closer.kind not in ("bar", "bar-close"):
            pos = closer.pos if closer is not None else len(self.text)
            raise self.error("'|' is never closed", pos,
                             hint=f"the '|' at col {opener.pos + 1} opens an absolute value")
        if not _strip_spaces(inner):
            raise self.error("empty absolute value '||'", opener.pos)
        only_matrix = self.only_matrix(opener.end, self.index)
        self.index = closer.end
        if only_matrix:  # |\begin{array} .. \end{array}|: the determinant
            return [_word("det", opener.pos), _Piece("(", opener.pos), *_strip_spaces(inner),
                    _Piece(")", closer.pos, "glue", "sep")]
        return [_Piece("abs(", opener.pos, "sep"), *inner, _Piece(")", closer.pos)]

    def brace_group(self, parenthesised: bool) -> Out:
        """A TeX group {...}: its translation, in parentheses if asked and not empty."""
        opening = self.next()

        def closes(index: int, _out: Out) -> bool:
            return self.tokens[index].is_char("}")

        inner = self.sequence(closes)
        closing = self.expect_char("}", opening.pos, "the group '{'")
        inner = _strip_spaces(inner)
        if not parenthesised or not inner:
            return inner
        return [_Piece("(", opening.pos), *inner, _Piece(")", closing.pos)]

    def argument(self, owner: _Token, parenthesised: bool = True) -> Out:
        """One argument of a command or script: a {group} (in parentheses if asked) or one token."""
        self.skip_spaces()
        token = self.peek()
        if token is None or token.is_char("}", "&", ")", "]"):
            pos = token.pos if token is not None else len(self.text)
            raise self.error(f"'{owner.source}' needs an argument", pos)
        if token.is_char("{"):
            inner = self.brace_group(parenthesised)
            if not inner:
                raise self.error(f"'{owner.source}' has an empty argument", token.pos)
            return inner
        if token.is_char("-", "+"):
            self.index += 1
            rest = self.argument(owner)
            return [_Piece("(" + token.value, token.pos), *rest, _Piece(")", token.pos)]
        if token.kind == "command":
            self.index += 1
            out: Out = []
            self.command(token, out)
            return out
        if token.kind == "char" and (token.value.isalnum() or token.value in ".*'"):
            self.index += 1
            return [_Piece(token.value, token.pos, "glue", "sep")]
        raise self.error(f"'{owner.source}' needs an argument", token.pos)

    # --- scripts ----------------------------------------------------------------------

    def superscript(self, caret: _Token) -> Out:
        argument = self.argument(caret)
        if _text(argument) in ("T", "(T)"):
            return [_Piece("^T", caret.pos, "glue", "sep")]
        return [_Piece("^", caret.pos), *argument]

    def subscript_text(self, underscore: _Token) -> str:
        self.skip_spaces()
        token = self.peek()
        if token is not None and token.is_char("{"):
            self.index += 1
            parts = []
            while (inner := self.peek()) is not None and not inner.is_char("}"):
                if inner.kind == "char" and inner.value.isascii() and inner.value.isalnum():
                    parts.append(inner.value)
                elif inner.kind != "space":
                    raise self.error("a subscript may hold only letters and digits", inner.pos,
                                     hint="write x_{1} or x_1 for x1")
                self.index += 1
            self.expect_char("}", token.pos, "the subscript '{'")
            if not parts:
                raise self.error("empty subscript", underscore.pos)
            return "".join(parts)
        if token is not None and token.kind == "char" and token.value.isascii() and (
            token.value.isalnum()
        ):
            self.index += 1
            if not token.value.isdigit():
                return token.value
            digits = [token.value]  # W_11 is W11, as typed (TeX would read W_1 1)
            while (more := self.peek()) is not None and more.kind == "char" \
                    and more.value.isascii() and more.value.isdigit():
                digits.append(more.value)
                self.index += 1
            return "".join(digits)
        pos = token.pos if token is not None else len(self.text)
        raise self.error("a subscript may hold only letters and digits", pos,
                         hint="write x_{1} or x_1 for x1")

    def subscript(self, underscore: _Token, out: Out) -> None:
        while out and out[-1].text == " ":
            out.pop()
        if not out or not out[-1].text or not (out[-1].text[-1].isalnum()
                                                or out[-1].text.endswith("'")):
            raise self.error("a subscript must follow a name", underscore.pos,
                             hint="write x_1 for the variable x1")
        out.append(_Piece(self.subscript_text(underscore), underscore.pos, "attach", "sep"))

    # --- commands ---------------------------------------------------------------------

    def command(self, token: _Token, out: Out) -> None:
        name = token.value
        if name in GREEK:
            out.append(_word(GREEK[name], token.pos))
        elif name in WORDS:
            out.append(_word(WORDS[name], token.pos))
        elif name in SYMBOLS:
            out.append(_Piece(SYMBOLS[name], token.pos))
        elif name in SPACES:
            out.append(_Piece(" ", token.pos))
        elif name in IGNORED:
            return
        elif name in FRACTIONS:
            numerator = self.argument(token, parenthesised=False)
            denominator = self.argument(token, parenthesised=False)
            out.extend([_Piece("((", token.pos), *numerator, _Piece(")/(", token.pos),
                        *denominator, _Piece("))", token.pos)])
        elif name == "sqrt":
            out.extend(self.root(token))
        elif name in BOXES:
            out.extend(self.boxed(token))
        elif name in FUNCTIONS:
            out.extend(self.function(name, token))
        elif name in MATH_WRAPPERS:
            out.extend(self.wrapper(token))
        elif name in TEXT_WRAPPERS:
            word = self.plain_text(token)
            if word in FUNCTIONS:
                out.extend(self.function(word, token))
            else:
                out.append(_word(word, token.pos))
        elif name == "hat":
            word = _text(self.argument(token, parenthesised=False))
            if not word.isalnum():
                raise self.error("\\hat applies to a name here", token.pos)
            out.append(_word(word + "hat", token.pos))
        elif name == "begin":
            out.extend(self.environment(token))
        elif name == "end":
            raise self.error("\\end without a matching \\begin", token.pos)
        elif name == "\\":
            raise self.error("'\\\\' starts a new row only inside a matrix", token.pos)
        else:
            raise self.error(f"\\{name} is not supported", token.pos,
                             hint=_command_hint(name))

    def boxed(self, token: _Token) -> Out:
        """\\boxed{..} and \\fbox{..}: what the box holds; in parentheses unless the box is
        the whole answer (so a boxed range or ``x = ..`` reads as one)."""
        command = self.index - 1
        self.skip_spaces()
        opening = self.peek()
        if opening is None or not opening.is_char("{"):
            pos = opening.pos if opening is not None else len(self.text)
            raise self.error(f"\\{token.value} needs {{...}}", pos,
                             hint=f"write \\{token.value}{{answer}}")
        inner = self.brace_group(parenthesised=False)
        if not inner:
            raise self.error(f"\\{token.value} is empty", opening.pos)
        if self.nothing_around(command, self.index):
            return inner
        return [_Piece("(", token.pos), *inner, _Piece(")", token.pos)]

    def nothing_around(self, start: int, end: int) -> bool:
        """Whether only spaces, ``$`` and display commands stand outside tokens [start, end)."""
        return all(
            token.kind == "space" or token.is_char("$") or token.is_command(*IGNORED, *SPACES)
            for token in (*self.tokens[:start], *self.tokens[end:])
        )

    def root(self, token: _Token) -> Out:
        self.skip_spaces()
        index: Out | None = None
        opening = self.peek()
        if opening is not None and opening.is_char("["):
            self.index += 1

            def closes(position: int, _out: Out) -> bool:
                return self.tokens[position].is_char("]")

            index = _strip_spaces(self.sequence(closes))
            self.expect_char("]", opening.pos, "the root index '['")
            if not index:
                raise self.error("empty root index", opening.pos)
        radicand = self.argument(token, parenthesised=False)
        if index is None:
            return [_Piece("sqrt(", token.pos, "sep"), *radicand, _Piece(")", token.pos)]
        return [_Piece("((", token.pos), *radicand, _Piece(")^(1/(", token.pos), *index,
                _Piece(")))", token.pos)]

    def function(self, name: str, token: _Token) -> Out:
        base: str | None = None
        power: Out | None = None
        for _ in range(2):
            self.skip_spaces()
            following = self.peek()
            if following is None:
                break
            if following.is_char("_") and name == "log" and base is None:
                self.index += 1
                base = self.subscript_text(following)
            elif following.is_char("^") and power is None:
                self.index += 1
                power = self.argument(following)
                if _text(power) in ("-1", "(-1)") and name in INVERSE_TRIG:
                    name, power = INVERSE_TRIG[name], None
                    break
                if _text(power) in ("-1", "(-1)") and name in RECIPROCALS:
                    raise self.error(f"\\{name}^{{-1}} is not supported", following.pos,
                                     hint=f"write \\arc{RECIPROCALS[name]}(1/x) for the "
                                          f"inverse, or 1/\\{name} x")
            else:
                break
        argument = self.function_argument(name, token)
        if base is not None:
            argument = [*argument, _Piece(", " + base, token.pos)]
        call = [_word(name, token.pos), _Piece("(", token.pos), *argument,
                _Piece(")", token.pos, "glue", "sep")]
        if name in RECIPROCALS:
            call = [_Piece("(1/", token.pos), _word(RECIPROCALS[name], token.pos),
                    *call[1:], _Piece(")", token.pos, "glue", "sep")]
        if power is None:
            return call
        return [_Piece("(", token.pos), *call, _Piece(")^", token.pos), *power]

    def function_argument(self, name: str, token: _Token) -> Out:
        self.skip_spaces()
        delimiter = self.delimiter_at(self.index)
        if delimiter is not None and delimiter.kind in ("open", "bar", "bar-open"):
            if delimiter.text == "(" or delimiter.kind != "open" or (
                name in VARIADIC and delimiter.text in ("{", "[")
            ):
                group = self.group()
                if delimiter.kind == "open":
                    return group[1:-1]  # the parentheses of the call replace them
                return group
        argument = self.implicit_argument()
        if not argument:
            following = self.peek()
            pos = following.pos if following is not None else len(self.text)
            raise self.error(f"\\{name} needs an argument", pos,
                             hint=f"write \\{name}(x) or \\{name} x")
        return argument

    def implicit_argument(self) -> Out:
        """The factors right after a function written without parentheses."""
        out: Out = []
        while True:
            before_spaces = self.index
            self.skip_spaces()
            token = self.peek()
            if token is None:
                break
            factor: Out = []
            if token.kind == "char" and (token.value.isdigit() or token.value == "."):
                if out:
                    self.index = before_spaces
                    break
                while (digit := self.peek()) is not None and digit.kind == "char" and (
                    digit.value.isdigit() or digit.value == "."
                ):
                    factor.append(_Piece(digit.value, digit.pos))
                    self.index += 1
            elif token.kind == "char" and token.value.isascii() and token.value.isalpha():
                while (letter := self.peek()) is not None and letter.kind == "char" and (
                    letter.value.isascii() and letter.value.isalnum()
                ):
                    factor.append(_Piece(letter.value, letter.pos))
                    self.index += 1
            elif token.kind == "command" and (
                token.value in GREEK
                or token.value in FRACTIONS
                or token.value in ("sqrt", "begin", "hat")
                or (token.value in MATH_WRAPPERS and not self.wraps_function())
            ):
                self.index += 1
                self.command(token, factor)
            elif token.is_char("{"):
                factor = self.brace_group(parenthesised=True)
            else:
                self.index = before_spaces
                break
            following = self.peek()
            if following is not None and following.is_char("_"):
                self.index += 1
                self.subscript(following, factor)
                following = self.peek()
            if following is not None and following.is_char("^"):
                self.index += 1
                factor.extend(self.superscript(following))
            if out:
                out.append(_Piece(" ", token.pos))
            out.extend(factor)
        return out

    def wraps_function(self) -> bool:
        """Whether the wrapper command at the current token holds a function name."""
        token = self.peek(1)
        if token is None or not token.is_char("{"):
            return False
        letters = []
        offset = 2
        while (inner := self.peek(offset)) is not None and inner.kind == "char" and (
            inner.value.isalpha()
        ):
            letters.append(inner.value)
            offset += 1
        closing = self.peek(offset)
        return closing is not None and closing.is_char("}") and "".join(letters) in FUNCTIONS

    def wrapper(self, token: _Token) -> Out:
        """\\mathrm{..} and friends: the argument; a function name stays a function, an
        indicator symbol before a condition becomes the indicator."""
        argument = _strip_spaces(self.argument(token, parenthesised=False))
        word = _text(argument)
        if word in FUNCTIONS:
            return self.function(word, token)
        if word in INDICATORS.get(token.value, ()):
            indicator = self.indicator(token)
            if indicator is not None:
                return indicator
        if word.replace(" ", "").isalnum():
            return [_word(word.replace(" ", ""), token.pos)]
        if not argument:
            return []
        return [_Piece("(", token.pos), *argument, _Piece(")", token.pos)]

    def indicator(self, token: _Token) -> Out | None:
        """The condition after an indicator symbol, in a bracket or a subscript, as
        𝟙(condition); None (nothing read) when neither follows."""
        start = self.index
        self.skip_spaces()
        following = self.peek()
        if following is not None and following.is_char("_"):
            self.index += 1
            condition = _unbraced(_strip_spaces(self.argument(following, parenthesised=False)))
        else:
            delimiter = self.delimiter_at(self.index)
            if delimiter is None or delimiter.kind != "open" or delimiter.text not in (
                "(", "[", "{"
            ):
                self.index = start
                return None
            condition = self.group()[1:-1]
        return [_Piece(INDICATOR_SIGN, token.pos, "sep", "glue"), _Piece("(", token.pos),
                *condition, _Piece(")", token.pos)]

    def plain_text(self, token: _Token) -> str:
        """The words inside \\text{..}: letters, digits, spaces and simple punctuation."""
        self.skip_spaces()
        opening = self.peek()
        if opening is None or not opening.is_char("{"):
            pos = opening.pos if opening is not None else len(self.text)
            raise self.error(f"\\{token.value} needs {{...}}", pos)
        self.index += 1
        parts = []
        while (inner := self.peek()) is not None and not inner.is_char("}"):
            if inner.kind == "command":
                raise self.error(f"\\{inner.value} is not supported inside \\{token.value}",
                                 inner.pos)
            if inner.is_char("{"):
                raise self.error(f"braces are not supported inside \\{token.value}", inner.pos)
            parts.append(inner.value)
            self.index += 1
        self.expect_char("}", opening.pos, f"\\{token.value}{{")
        return " ".join("".join(parts).split())

    def environment(self, token: _Token) -> Out:
        begin = self.index - 1
        name = self.environment_name(token)
        if name in CASES:
            return self.cases(token, self.rows(token, name))
        if name not in MATRICES:
            raise self.error(f"the environment '{name}' is not supported", token.pos,
                             hint="use pmatrix or bmatrix for matrices, cases for a "
                                  "piecewise value")
        if name == "array":
            self.array_columns(token)
        rows = self.matrix_rows(token, name)
        pieces: Out = [_Piece("[", token.pos)]
        for number, row in enumerate(rows):
            if number:
                pieces.append(_Piece(", ", token.pos))
            pieces.append(_Piece("[", token.pos))
            for column, cell in enumerate(row):
                if column:
                    pieces.append(_Piece(", ", token.pos))
                pieces.extend(cell)
            pieces.append(_Piece("]", token.pos))
        pieces.append(_Piece("]", token.pos))
        if MATRICES[name] == "det":
            return [_word("det", token.pos), _Piece("(", token.pos), *pieces,
                    _Piece(")", token.pos, "glue", "sep")]
        self.matrices[begin] = self.index
        return pieces

    def array_columns(self, begin: _Token) -> None:
        """Skip the column specification {ll} of \\begin{array}."""
        self.skip_spaces()
        spec = self.peek()
        if spec is None or not spec.is_char("{"):
            raise self.error("\\begin{array} needs a column specification", begin.pos)
        while (inner := self.next()) is not None and not inner.is_char("}"):
            if inner.kind == "command":
                raise self.error("unexpected command in the column specification",
                                 inner.pos)

    # --- piecewise values -------------------------------------------------------------

    def array_follows(self) -> bool:
        """Whether \\begin{array} comes next (spaces skipped), as in \\left\\{\\begin{array}."""
        offset = 0
        while (token := self.peek(offset)) is not None and token.kind == "space":
            offset += 1
        if token is None or not token.is_command("begin"):
            return False
        letters = []
        offset += 1
        while (token := self.peek(offset)) is not None and token.kind == "space":
            offset += 1
        if token is None or not token.is_char("{"):
            return False
        while (token := self.peek(offset + 1)) is not None and token.kind == "char" and (
            token.value.isalpha()
        ):
            letters.append(token.value)
            offset += 1
        return "".join(letters) == "array"

    def cases_array(self, opener: _Delimiter, by_left: bool) -> Out | None:
        """\\left\\{ \\begin{array}{ll} value & condition \\\\ ... \\end{array} \\right.

        None (nothing read) when a closing brace follows: a set, not a piecewise value.
        """
        start = self.index
        self.skip_spaces()
        begin = self.next()
        name = self.environment_name(begin)
        self.array_columns(begin)
        rows = self.rows(begin, name)
        after = self.index
        self.skip_spaces()
        closer = self.delimiter_at(self.index)
        if closer is not None and closer.kind == "close" and closer.text == "":
            self.index = closer.end
        elif closer is not None and closer.kind == "close" or by_left:
            self.index = start
            return None
        else:
            self.index = after
        return self.cases(begin, rows)

    def cases(self, begin: _Token, rows: list[list[Out]]) -> Out:
        """Rows ``value & condition`` → ``piecewise(value, condition, ..., value otherwise)``.

        A condition may start with "if", "for" or "when" and end with punctuation; the
        words otherwise, else, elsewhere or True (or no condition) mark the last case.
        """
        parts: list[tuple[Out, Out | None]] = []
        for row in rows:
            if len(row) > 2:
                raise self.error("a case is a value and a condition", row[2][0].pos,
                                 hint="write value & condition \\\\ value & \\text{otherwise}")
            if parts and parts[-1][1] is None:
                raise self.error("the case without a condition must be the last",
                                 row[0][0].pos)
            value = _strip_punctuation(row[0])
            if not value:
                raise self.error("a case needs a value", row[0][0].pos)
            parts.append((value, self.condition(row[1]) if len(row) == 2 else None))
        if all(condition is None for _, condition in parts):
            raise self.error("cases without a condition are not supported", begin.pos,
                             hint="write value & condition \\\\ value & \\text{otherwise}")
        pieces: Out = [_word("piecewise", begin.pos), _Piece("(", begin.pos)]
        for number, (value, condition) in enumerate(parts):
            if number:
                pieces.append(_Piece(", ", begin.pos))
            pieces.extend(value)
            if condition is not None:
                pieces.extend([_Piece(", ", begin.pos), *condition])
        pieces.append(_Piece(")", begin.pos, "glue", "sep"))
        return pieces

    def condition(self, cell: Out) -> Out | None:
        """The condition of a case without its leading word; None for "otherwise"."""
        cell = _strip_punctuation(cell)
        text = _text(cell)
        for word in CONDITION_WORDS:
            if text.startswith(word) and not text[len(word):len(word) + 1].isalnum():
                cell = _strip_punctuation(_drop_letters(cell, len(word)))
                break
        if not cell or _text(cell).lower().rstrip(".,;").strip() in OTHERWISE:
            return None
        return cell

    def environment_name(self, token: _Token) -> str:
        self.skip_spaces()
        opening = self.peek()
        if opening is None or not opening.is_char("{"):
            raise self.error(f"\\{token.value} needs {{name}}", token.pos)
        self.index += 1
        letters = []
        while (inner := self.peek()) is not None and inner.kind == "char" and (
            inner.value.isalpha() or inner.value == "*"
        ):
            letters.append(inner.value)
            self.index += 1
        self.expect_char("}", opening.pos, f"\\{token.value}{{")
        return "".join(letters)

    def rows(self, begin: _Token, name: str) -> list[list[Out]]:
        """The cells of an environment up to its \\end, row by row (rows may differ in width)."""
        def ends_cell(index: int, _out: Out) -> bool:
            token = self.tokens[index]
            return token.is_char("&") or token.is_command("\\", "end", "cr")

        entry = "case" if name in CASES else "matrix"
        rows: list[list[Out]] = [[]]
        while True:
            cell = _strip_spaces(self.sequence(ends_cell))
            token = self.peek()
            if token is None:
                raise self.error(f"\\begin{{{name}}} has no \\end{{{name}}}", begin.pos)
            if not cell and not (token.is_command("end") and not rows[-1]):
                raise self.error(f"empty {entry} entry", token.pos)
            if cell:
                rows[-1].append(cell)
            self.index += 1
            if token.is_char("&"):
                continue
            if token.is_command("\\", "cr"):
                rows.append([])
                continue
            closing = self.environment_name(token)
            if closing != name:
                raise self.error(f"\\begin{{{name}}} is closed by \\end{{{closing}}}",
                                 token.pos)
            break
        if not rows[-1]:
            rows.pop()
        if not rows:
            raise self.error(f"empty {'cases' if name in CASES else 'matrix'}", begin.pos)
        return rows

    def matrix_rows(self, begin: _Token, name: str) -> list[list[Out]]:
        rows = self.rows(begin, name)
        width = len(rows[0])
        for number, row in enumerate(rows, start=1):
            if len(row) != width:
                raise self.error(
                    f"row {number} of the matrix has {plural(len(row), 'entry', 'entries')} "
                    f"but row 1 has {width}",
                    row[0][0].pos,
                    hint="every row of a matrix needs the same number of entries",
                )
        return rows


def _strip_punctuation(pieces: Out) -> Out:
    """Without spaces around and without trailing ``,`` ``.`` ``;``."""
    pieces = _strip_spaces(pieces)
    while pieces and pieces[-1].text.strip() in (",", ".", ";"):
        pieces = _strip_spaces(pieces[:-1])
    return pieces


def _unbraced(pieces: Out) -> Out:
    """``pieces`` without a pair of set braces around them: the ``\\{..\\}`` of
    ``\\mathbb{1}_{\\{z > 0\\}}``."""
    if len(pieces) >= 2 and pieces[0].text == "{" and pieces[-1].text == "}":
        return _strip_spaces(pieces[1:-1])
    return pieces


def _drop_letters(pieces: Out, count: int) -> Out:
    """``pieces`` without the pieces holding their first ``count`` letters."""
    index = 0
    while index < len(pieces) and count > 0:
        count -= sum(char.isalnum() for char in pieces[index].text)
        index += 1
    return pieces[index:]


def _command_hint(name: str) -> str | None:
    if name in ("def", "input", "include", "newcommand", "renewcommand", "let", "write",
                "openout", "read", "catcode", "usepackage", "immediate", "csname"):
        return "macros and file commands are never run; write only the answer"
    if name == "pm":
        return "write each solution separately"
    if name in ("neq", "ne", "approx"):
        return "write the exact value"
    return None
