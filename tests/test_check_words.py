"""Answers in words (``solver.answers.Word``): read as one of a few phrases, compared by
the phrase, through the checker as a student types them."""

import pytest

from solver import answers as A
from solver.check.checker import check_answer, expected_keys
from solver.check.compare import compare
from solver.check.read.choices import read_choice
from solver.check.values import Chosen, Invalid, Written
from solver.solving import solve_set
from tests.conftest import load

OPTIONS = ("strictly convex", "convex", "strictly concave", "concave", "linear", "neither")


@pytest.mark.parametrize(("text", "word"), [
    ("strictly convex", "strictly convex"), ("Strictly Convex.", "strictly convex"),
    ("it is strictly-convex", "strictly convex"), ("convex", "convex"),
    ("f is concave on x > 0", "concave"), ("NEITHER", "neither"),
])
def test_a_phrase_is_chosen_as_written(text, word):
    assert read_choice(text, OPTIONS) == Chosen(word, text)


@pytest.mark.parametrize("text", ["", "bowl-shaped", "x^2", ["convex"], "convex and concave",
                                  "a" * 500])
def test_text_naming_no_phrase_or_two_is_refused(text):
    found = read_choice(text, OPTIONS)
    assert isinstance(found, Invalid) and "'strictly convex'" in found.message


def test_compared_by_the_phrase():
    expected = A.Word("strictly convex", OPTIONS)
    assert compare(expected, Chosen("strictly convex", "x")).equal is True
    wrong = compare(expected, Chosen("convex", "x"))
    assert wrong.equal is False and "expected 'strictly convex', got 'convex'" in wrong.reason
    assert compare(expected, Written(1, "1")).equal is False


def test_through_the_checker():
    solved = solve_set(load("""
    title: t
    problems:
      - id: p
        parts:
          - {id: a, kind: convexity, f: "x^4", wrt: x}
    """))
    (expected,) = [key for key in expected_keys(solved) if key.graded]
    assert check_answer(expected, "Strictly convex").status == "correct"
    wrong = check_answer(expected, "convex")
    assert wrong.status == "incorrect" and wrong.diagnosis == "strict_needs_definite"
    assert check_answer(expected, "x^2").status == "invalid"
