"""Display rows that fit the page: an ``aligned`` row wider than the text is continued on
further rows, broken before a top-level relation (``&= b``), a binary operator
(``&\\quad {}+ c``) or, last, between the factors of a matrix product (``&\\quad {}\\cdot B``);
a matrix wider than the line by itself is shown in blocks of columns, one row each, labelled
"(columns 1--6)", "(columns 7--12)".

Widths are estimated from the LaTeX text (entry count × digits, in points of an 11 pt font):
rough, but on the safe side, so a row is broken only when it would run off the page.
"""

from __future__ import annotations

import re

TEXT_WIDTH = 455.0  # pt: 11 pt article, letter paper, 2.5 cm margins (470 pt), less a margin
#                      for the estimate
_COLUMN_GAP = 10.0  # 2 \arraycolsep between the columns of a matrix
_DELIMITER = 9.0
_RELATIONS = ("=", r"\approx", "<", ">", r"\leq", r"\geq")
_OPERATORS = ("+", "-", r"\odot")
_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
_SPACES = {"quad": 11.0, "qquad": 22.0, ",": 1.8, ";": 3.1, ":": 2.4, "!": -1.8, " ": 3.7}
_WIDE_SYMBOLS = {"cdot": 8.0, "odot": 13.0, "times": 13.0, "leq": 14.0, "geq": 14.0,
                 "approx": 14.0, "sum": 16.0, "partial": 6.0, "top": 8.0, "to": 15.0,
                 "infty": 10.0, "mid": 9.0, "lVert": 5.0, "rVert": 5.0}
_TEXT_COMMANDS = ("text", "operatorname", "mathrm", "textbf", "mathit", "textit")
_ARGUMENT_COMMANDS = ("mathbf", "hat", "bar", "tilde", "boldsymbol", "vec", "mathbb",
                      "overline", "widehat", "mathcal")


def _group(text: str, start: int) -> tuple[str, int]:
    """The braced group at ``start`` (or the single character there) and the index after it."""
    while start < len(text) and text[start] == " ":
        start += 1
    if start >= len(text):
        return "", start
    if text[start] != "{":
        match = _COMMAND.match(text, start)
        end = match.end() if match else start + 1
        return text[start:end], end
    depth = 0
    for index in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return text[start + 1:index], index + 1
    return text[start + 1:], len(text)


def _environment(text: str, start: int, name: str) -> tuple[str, int]:
    """The body of ``\\begin{name}`` whose header ends at ``start``, and the index after its
    ``\\end{name}`` (nested environments of that name skipped)."""
    depth = 1
    pattern = re.compile(r"\\(begin|end)\{" + re.escape(name) + r"\}")
    for match in pattern.finditer(text, start):
        depth += 1 if match.group(1) == "begin" else -1
        if depth == 0:
            return text[start:match.start()], match.end()
    return text[start:], len(text)


def _scan(text: str):
    """(index, depth) for each character of ``text`` that is not inside a command name;
    the depth counts braces, environments and ``\\left``…``\\right`` pairs."""
    depth, index = 0, 0
    while index < len(text):
        if text[index] == "\\":
            match = _COMMAND.match(text, index)
            name = match.group(1)
            yield index, depth
            depth += {"begin": 1, "end": -1, "left": 1, "right": -1}.get(name, 0)
            index = match.end()
            continue
        yield index, depth
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        index += 1


def split_top_level(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` outside braces, environments and delimiters."""
    pieces, start = [], 0
    for index, depth in _scan(text):
        if depth == 0 and index >= start and text.startswith(separator, index):
            pieces.append(text[start:index])
            start = index + len(separator)
    pieces.append(text[start:])
    return pieces


def _factors(piece: str) -> list[str]:
    """A product of parenthesised matrices ``\\left(…\\right) \\left(…\\right)`` as its
    factors (anything else as one piece)."""
    starts = [index for index, depth in _scan(piece)
              if depth == 0 and piece.startswith(r"\left(\begin{", index)]
    starts = [index for index in starts if index and piece[:index].rstrip().endswith(r"\right)")]
    bounds = [0, *starts, len(piece)]
    return [piece[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]


def _matrix_width(body: str) -> float:
    rows = [split_top_level(row, "&") for row in split_top_level(body, r"\\") if row.strip()]
    if not rows:
        return 0.0
    columns = max(len(row) for row in rows)
    widths = [max((width(row[column]) for row in rows if column < len(row)), default=0.0)
              for column in range(columns)]
    return sum(widths) + _COLUMN_GAP * (columns - 1)


def width(text: str) -> float:
    """An estimate, in points, of the width of ``text`` typeset in display math."""
    total, index, operand_before, stacked = 0.0, 0, False, 0.0
    while index < len(text):
        char = text[index]
        if char == "\\":
            stacked = 0.0
            match = _COMMAND.match(text, index)
            name, index = match.group(1), match.end()
            if name == "begin":
                environment, index = _group(text, index)
                if environment == "array":
                    _, index = _group(text, index)
                body, index = _environment(text, index, environment)
                total += _matrix_width(body) + (10.0 if environment == "cases" else 0.0)
            elif name in ("left", "right"):  # the pair is counted at \left
                delimiter, index = _group(text, index)
                tall = text.startswith(r"\begin{", index)
                if name == "left" and delimiter != ".":
                    total += 2 * _DELIMITER if tall else 9.0
            elif name in ("frac", "dfrac", "tfrac"):
                numerator, index = _group(text, index)
                denominator, index = _group(text, index)
                total += max(width(numerator), width(denominator)) + 2.0
            elif name == "sqrt":
                argument, index = _group(text, index)
                total += width(argument) + 10.0
            elif name in _TEXT_COMMANDS:
                argument, index = _group(text, index)
                total += 5.0 * len(argument)
            elif name in _ARGUMENT_COMMANDS:
                argument, index = _group(text, index)
                total += width(argument)
            elif name in _SPACES:
                total += _SPACES[name]
            else:
                total += _WIDE_SYMBOLS.get(name, 7.0)
            operand_before = name not in ("cdot", "odot", "times", "leq", "geq", "approx")
            continue
        if char in "^_":  # a superscript and a subscript stack: the wider one counts
            argument, index = _group(text, index + 1)
            script = 0.75 * width(argument)
            total += max(0.0, script - stacked)
            stacked = script if stacked == 0.0 else 0.0
            continue
        stacked = 0.0
        if char in "=<>":
            total += 14.0
            operand_before = False
        elif char in "+-":
            total += 13.0 if operand_before else 8.5
            operand_before = False
        elif char in " {}&":
            pass
        else:
            total += {".": 3.0, ",": 4.5, "(": 4.3, ")": 4.3, "[": 3.0, "]": 3.0,
                      "|": 3.0, "'": 3.0}.get(char, 8.5 if char.isupper() else 5.6)
            operand_before = True
        index += 1
    return total


# -- breaking rows ---------------------------------------------------------------------------


def _parenthesised(piece: str) -> tuple[str, str] | None:
    """``c\\left(inner\\right)``, a factor times one parenthesised group, as (c, inner)."""
    if not piece.endswith(r"\right)"):
        return None
    starts = [index for index, depth in _scan(piece)
              if depth == 0 and piece.startswith(r"\left(", index)]
    last = len(piece) - 1
    if len(starts) != 1 or any(depth == 0 for index, depth in _scan(piece)
                               if starts[0] < index < last):
        return None
    return piece[:starts[0]], piece[starts[0] + len(r"\left("):-len(r"\right)")]


def _pieces(right: str) -> list[tuple[str, str, bool, bool]]:
    """The right side of a row as (separator, piece, open, grouped): relations, then
    operators, then the factors of matrix products; a group ``c\\left(a - b\\right)`` is
    broken inside (its pieces ``grouped``), ``open`` when its parenthesis is still open after
    the piece."""
    flat = []
    for before, piece in _flat_pieces(right):
        group = _parenthesised(piece)
        inner = _flat_pieces(group[1]) if group else []
        if len(inner) < 2:
            flat.append((before, piece, False, False))
            continue
        inner[0] = (inner[0][0], group[0] + r"\left(" + inner[0][1])
        inner[-1] = (inner[-1][0], inner[-1][1] + r"\right)")
        flat.append((before, inner[0][1], True, True))
        flat.extend((separator, part, index < len(inner) - 2, True)
                    for index, (separator, part) in enumerate(inner[1:]))
    return flat


def _flat_pieces(right: str) -> list[tuple[str, str]]:
    result = [("", right.strip())]
    for separators in (_RELATIONS, _OPERATORS):
        for separator in separators:
            marker = f" {separator} "
            expanded = []
            for before, piece in result:
                parts = split_top_level(piece, marker)
                expanded.append((before, parts[0]))
                expanded.extend((separator, part) for part in parts[1:])
            result = expanded
    factors = []
    for before, piece in result:
        parts = _factors(piece)
        factors.append((before, parts[0]))
        factors.extend((r"\cdot", part) for part in parts[1:])
    return factors


_MATRIX = re.compile(r"(?P<head>.*?)\\left\(\\begin\{matrix\}(?P<body>.*)\\end\{matrix\}"
                     r"\\right\)(?P<tail>(?:\\right\))?,?)", re.S)
_BLOCK_LABEL = 70.0  # pt: "\qquad (columns 10–12)"


def _column_blocks(piece: str, budget: float) -> list[str]:
    """A matrix wider than ``budget`` as blocks of consecutive columns, each an open-sided
    matrix labelled with its columns; any other piece as it is."""
    match = _MATRIX.fullmatch(piece)
    if not match or r"\end{matrix}" in match["body"] or r"\begin{" in match["head"] \
            or width(piece) <= budget:
        return [piece]
    rows = [split_top_level(row, "&") for row in split_top_level(match["body"], r"\\")]
    columns = min(len(row) for row in rows)
    if columns != max(len(row) for row in rows) or columns < 2:
        return [piece]
    widths = [max(width(row[column]) for row in rows) + _COLUMN_GAP for column in range(columns)]
    blocks, start, used = [], 0, 2 * _DELIMITER + _BLOCK_LABEL
    for column in range(columns):
        if column > start and used + widths[column] > budget:
            blocks.append((start, column))
            start, used = column, 2 * _DELIMITER + _BLOCK_LABEL
        used += widths[column]
    blocks.append((start, columns))
    shown = []
    for number, (first, end) in enumerate(blocks):
        body = r"\\".join(" & ".join(cell.strip() for cell in row[first:end]) for row in rows)
        opening = match["head"] + r"\left(" if number == 0 else r"\left."
        closing = r"\right)" if number == len(blocks) - 1 else r"\right."
        label = f"column {first + 1}" if end == first + 1 else f"columns {first + 1}--{end}"
        tail = match["tail"] if number == len(blocks) - 1 else ""
        shown.append(f"{opening}\\begin{{matrix}}{body}\\end{{matrix}}{closing}{tail}"
                     f" \\qquad \\text{{({label})}}")
    return shown


def _continued(separator: str, piece: str) -> str:
    if not separator:
        return f"&\\quad {piece}"
    if separator in _RELATIONS:
        return f"&{separator} {piece}"
    return f"&\\quad {{}}{separator} {piece}"


def _break_row(left: str, right: str, budget: float) -> list[str]:
    opening, right = "", right.strip()
    for relation in _RELATIONS:  # "&= a = b": the row opens with a relation
        if right.startswith(relation + " "):
            opening, right = relation + " ", right[len(relation) + 1:]
            break
    pieces = [(before if index == 0 else "", block, len(blocks) > 1,
               is_open or (grouped and index < len(blocks) - 1))
              for before, piece, is_open, grouped in _pieces(right)
              for blocks in [_column_blocks(piece, budget - 25.0)]
              for index, block in enumerate(blocks)]
    rows, current = [], opening + pieces[0][1]
    current_width, after_block, is_open = width(current), pieces[0][2], pieces[0][3]
    for separator, piece, block, opened in pieces[1:]:
        added = width(f"{separator} {piece}")
        if current_width + added > budget or block or after_block:
            rows.append(current + (r"\right." if is_open else ""))
            current = _continued(separator, piece)[1:]
            if is_open:  # the parenthesis goes on: a row of its own needs its own \left
                current = current.replace(r"\quad ", r"\quad \left. ", 1)
            current_width = width(current) + (11.0 if separator not in _RELATIONS else 0.0)
        else:
            current += f" {separator} {piece}"
            current_width += added
        after_block, is_open = block, opened
    rows.append(current)
    return [f"{left}&{rows[0]}"] + [f"&{row}" for row in rows[1:]]


def fit_rows(body: str, text_width: float = TEXT_WIDTH) -> str:
    """The body of an ``aligned`` display with every row wider than ``text_width`` broken
    into rows that fit (as far as its pieces allow); rows that fit are left as they are."""
    rows = [row.strip("\n") for row in split_top_level(body, r"\\")]
    cells = [split_top_level(row, "&") for row in rows]
    if any(len(row) != 2 for row in cells):
        return body
    budget = text_width - max((width(left) for left, _ in cells), default=0.0)
    widths = [width(right) for _, right in cells]
    if all(right <= budget for right in widths):
        return body
    broken: list[str] = []
    for (row_left, row_right), row, row_width in zip(cells, rows, widths, strict=True):
        if row_width <= budget:
            broken.append(row)
            continue
        for left, right in _equations(row_left, row_right):
            if width(right) <= budget:
                broken.append(f"{left}&{right}")
            elif any(len(split_top_level(right, space)) > 1 for space in _LIST_SEPARATORS):
                broken.append(f"{left}&{right}")  # a list that cannot be split safely
            else:
                broken.extend(_break_row(left, right, budget))
    return " \\\\\n".join(row.strip() for row in broken)


_LIST_SEPARATORS = (r", \quad ", r", \qquad ", r"\qquad ")


def _equations(left: str, right: str) -> list[tuple[str, str]]:
    """A row listing equations ``a &= M, \\quad b = N`` as rows ``a &= M,`` and ``b &= N``;
    any other row as it is."""
    for separator in _LIST_SEPARATORS[:2]:
        items = split_top_level(right, separator)
        if len(items) < 2:
            continue
        named = [split_top_level(item, " = ") for item in items[1:]]
        if any(len(parts) < 2 or not parts[0].strip() for parts in named):
            return [(left, right)]
        rows = [(left, items[0].rstrip() + ",")]
        for number, parts in enumerate(named, start=2):
            ending = "," if number < len(items) else ""
            rows.append((parts[0].strip() + " ", "= " + " = ".join(parts[1:]).strip() + ending))
        return rows
    return [(left, right)]
