"""Plain text whose only LaTeX is subscripts and short powers is translated in one pass to
exactly what the translator gives (text and offsets), and every text the translator
refuses is left to it."""

from __future__ import annotations

import random

import pytest

import solver.check.latex as latex
from solver.check.latex import translate_latex
from solver.check.latex.subscripts import translation
from solver.check.latex.tokens import LatexError

TAKEN = ["x_1", "W_12 h_1 + b_1", "x_1y", "x _ 1", "y'_2 - y_2", "x_1_2", "(x_1 + x_2)^2",
         "X_11^2", "x^-1", "x^ -+2", "A^T x_1", "x_1^T", "e^xy_1", "x^23_1", "  w_1 ",
         "[x_1, x_2]", "[[a_1, b_1], [c_1, d_1]]", "x_a^.5", "2*x_1/y_2^3"]
LEFT = ["_1", "(_1)", "x_", "x_+1", "x_{12}", "x^", "x^(2)", "x_1)", "(x_1", "|x_1|",
        "\\alpha_1", "$x_1$", "x_1 % 2", "x_1 & y", "x_1 ~ y", "x\u00b2_1", "(" * 60 + "x_1"
        + ")" * 60]


def _full(text: str):
    try:
        return _translator(text)
    except LatexError:
        return None


def _translator(text: str):
    latex.QUICK = False
    try:
        return translate_latex(text)
    finally:
        latex.QUICK = True


@pytest.mark.parametrize("text", TAKEN)
def test_the_same_translation(text):
    found = translation(text)
    assert found is not None
    assert found == _full(text)


@pytest.mark.parametrize("text", LEFT)
def test_left_to_the_translator(text):
    assert translation(text) is None


def test_many_texts_translate_alike():
    pieces = list("xyzTW12 _'()[]+-*/,.=<>^") + ["  ", "\t", "x_1", "W_12", "y'_2", "x^2",
                                                 "x^-1", "A^T", "^ ", ".5"]
    draw = random.Random(20261206)
    taken = 0
    for _ in range(20000):
        text = "".join(draw.choice(pieces) for _ in range(draw.randint(0, 12)))
        found = translation(text)
        if found is not None:
            taken += 1
            assert found == _full(text), text
    assert taken > 5000
