"""The hand-written parser builds lark's tree or leaves the text to lark.

The corpus is every expression the test suite parses: each string of tests/*.py, read as an
expression and as an answer (the reader normalises answers before they are parsed; every
text that reaches the parser is recorded). For each, the hand-written parser either gives
up or returns exactly the tree lark builds (nodes and positions); it never accepts a text
lark refuses.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import solver.expr.parser as parser_module
from solver.check.read import read_answer
from solver.expr.errors import ExprError
from solver.expr.pratt import quick_tree

TESTS = Path(__file__).resolve().parent


def _literals() -> list[str]:
    found = set()
    for path in sorted(TESTS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and len(node.value) < 400:
                found.add(node.value)
    return sorted(found)


@pytest.fixture(scope="module")
def corpus(monkeypatch_module) -> dict[str, str]:
    """normalised text → raw text, for every text the parser is asked to build a tree of."""
    seen: dict[str, str] = {}
    build = parser_module._build_tree

    def recorded(text: str, normalized: str, parser=None):
        if parser is None:
            seen.setdefault(normalized, text)
        return build(text, normalized, parser)

    monkeypatch_module.setattr(parser_module, "_build_tree", recorded)
    monkeypatch_module.setattr(parser_module, "QUICK", False)
    parser_module._parse.cache_clear()
    for text in _literals():
        for read in (parser_module.parse, lambda t: read_answer(t, {})):
            try:
                read(text)
            except Exception:  # noqa: BLE001 - the corpus holds refused texts too
                pass
    parser_module._parse.cache_clear()
    return seen


@pytest.fixture(scope="module")
def monkeypatch_module():
    patch = pytest.MonkeyPatch()
    yield patch
    patch.undo()


def _by_lark(text: str, normalized: str):
    try:
        return parser_module._build_tree(text, normalized)
    except ExprError as error:
        return error


def test_every_tree_is_larks(corpus):
    parser_module.QUICK = False
    try:
        quick = 0
        for normalized, text in corpus.items():
            tree = quick_tree(normalized)
            if tree is None:
                continue
            quick += 1
            assert tree == _by_lark(text, normalized), normalized
    finally:
        parser_module.QUICK = True
    assert len(corpus) > 3000
    assert quick > 2000  # most valid texts never reach lark


@pytest.mark.parametrize("text", [
    "2x^2 - 3x + 1", "-x^2", "x^-2y", "2^-x^2", "a*-b", "+x - +y", "(x+1)(x-1)",
    "-1(x + 1)", "(1)(x)", "+1(x)", "P^-1(b)", "A^T b", "A^Tx", "x**2**3", "3!x", "2x!",
    "[1, 2]", "[[1, 2], [3, 4]]", "[([1, 2]), 3]", "[1, 2]^T [3, 4]", "sin(x)cos(x)",
    "max(a, b, c)", "x²y³", "1/2x", "a @ b", "h'_1 y'", "2.5e", ".5x", "x\t+ y",
])
def test_known_cases(text):
    parser_module._parse.cache_clear()
    assert quick_tree(text) is not None
    assert quick_tree(text) == _by_lark(text, text)


@pytest.mark.parametrize("text", [
    "1(x)", "1(z > 0)", "5 if z > 0 else 0", "[z > 0]", "piecewise(5)", "sin x", "x 2",
    "[[1, 2], 3]", "[[1, 2], [3]]", "[[[1]]]", "x +", "(x", "x)", "1, 2", "π x", "x = 1",
    "True", "not x", "x_ 2", "2.3.4", "",
])
def test_left_to_lark(text):
    assert quick_tree(text) is None
