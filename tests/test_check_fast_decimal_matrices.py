"""A LaTeX matrix of decimal numbers is read without the translator into exactly the
reader's value; any other text is left to the reader."""

from __future__ import annotations

import random

import pytest

from solver.check.fast import latex_decimal_matrix
from solver.check.read import read_answer

LAYOUTS = (r"\left(\begin{matrix}%s\end{matrix}\right)",
           r"\left[\begin{matrix}%s\end{matrix}\right]",
           r"\begin{pmatrix}%s\end{pmatrix}", r"\begin{bmatrix}%s\end{bmatrix}",
           r" \left( \begin{matrix}%s\end{matrix} \right) ")
MATRIX = r"\left(\begin{matrix}%s\end{matrix}\right)"
LEFT = [MATRIX % r"1\\2",  # no decimals: the exact shortcut's
        MATRIX % r"0.5\\x", MATRIX % r"5.\\1", MATRIX % r"0.5 & 1\\2", MATRIX % "+0.5",
        MATRIX % r"\frac{1}{2.5}", r"\begin{vmatrix}0.5\end{vmatrix}", MATRIX % "0.5\\\\",
        "0.5", ["0.5"], MATRIX % ("1" * 51 + r".5\\1")]


def _number(draw: random.Random) -> str:
    whole = str(draw.randint(0, 10 ** draw.randint(0, 6)))
    text = draw.choice([whole, f"{whole}.{draw.randint(0, 10 ** 8)}", f".{draw.randint(0, 99)}",
                        "0.4036123942678283542351424928419663806335"])
    return draw.choice(["", "-", "- ", " -"]) + text + draw.choice(["", " "])


def test_the_reader_value():
    draw = random.Random(20261206)
    taken = 0
    for _ in range(300):
        rows, cols = draw.randint(1, 3), draw.randint(1, 3)
        body = "\\\\".join(" & ".join(_number(draw) for _ in range(cols)) for _ in range(rows))
        raw = draw.choice(LAYOUTS) % body
        found = latex_decimal_matrix(raw)
        if found is not None:
            taken += 1
            assert found == read_answer(raw, {}), raw
    assert taken > 200


@pytest.mark.parametrize("raw", LEFT, ids=repr)
def test_other_answers_are_left_to_the_reader(raw):
    assert latex_decimal_matrix(raw) is None
