"""Output pieces of the translation: text, the source offset it comes from, and whether it
may join a neighbouring letter or digit into one name (``xy`` stays one name; ``\\pi x``
is ``pi x``); joined into a :class:`Translation`."""

from __future__ import annotations

from dataclasses import dataclass

from solver.check.translation import Translation

_OPERAND_END = frozenset(")]}!'")


@dataclass(frozen=True, slots=True)
class Piece:
    """Output text from source offset ``pos``.

    ``left``/``right`` say whether the piece may join an adjacent letter or
    digit into one name: "glue" (source letters and digits), "sep" (command
    words: a space is put in) or "attach" (a subscript: always joined).
    """

    text: str
    pos: int
    left: str = "glue"
    right: str = "glue"


Out = list[Piece]


def word_piece(text: str, pos: int) -> Piece:
    return Piece(text, pos, "sep", "sep")


def join_pieces(pieces: Out, source_length: int) -> Translation:
    chars: list[str] = []
    origins: list[int] = []
    previous: Piece | None = None
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


def pieces_text(pieces: Out) -> str:
    return join_pieces(pieces, 0).text.strip()


def strip_spaces(pieces: Out) -> Out:
    start, end = 0, len(pieces)
    while start < end and pieces[start].text == " ":
        start += 1
    while end > start and pieces[end - 1].text == " ":
        end -= 1
    return pieces[start:end]


def is_operand_end(pieces: Out) -> bool:
    """Whether the output so far ends with something an operator could follow."""
    for piece in reversed(pieces):
        text = piece.text.rstrip()
        if not text:
            continue
        last = text[-1]
        return last.isalnum() or last in _OPERAND_END
    return False


def strip_punctuation(pieces: Out) -> Out:
    """Without spaces around and without trailing ``,`` ``.`` ``;``."""
    pieces = strip_spaces(pieces)
    while pieces and pieces[-1].text.strip() in (",", ".", ";"):
        pieces = strip_spaces(pieces[:-1])
    return pieces


def unbraced(pieces: Out) -> Out:
    """``pieces`` without a pair of set braces around them: the ``\\{..\\}`` of
    ``\\mathbb{1}_{\\{z > 0\\}}``."""
    if len(pieces) >= 2 and pieces[0].text == "{" and pieces[-1].text == "}":
        return strip_spaces(pieces[1:-1])
    return pieces


def drop_letters(pieces: Out, count: int) -> Out:
    """``pieces`` without the pieces holding their first ``count`` letters."""
    index = 0
    while index < len(pieces) and count > 0:
        count -= sum(char.isalnum() for char in pieces[index].text)
        index += 1
    return pieces[index:]
