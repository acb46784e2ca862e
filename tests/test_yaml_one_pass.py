"""``read_yaml`` builds its tree in one pass over the parser's events; it must give what the
three-walk reading (``_read_yaml_reference``: refuse, compose, convert) gives: the same
nodes, or the same SpecError at the same line.

Compared on every YAML file of problems/ and tests/fixtures/, on generated answer sheets in
the forms students write them, and on a few thousand texts made from those by seeded
mutations (truncations, anchors, aliases, tags, merge keys, duplicate keys, tabs, deep
nesting, control characters in double quotes, several or no documents, flow and block
styles, numbers quoted and not).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from solver.errors import SpecError
from solver.spec import yamlsource
from solver.spec.yamlsource import _read_yaml_reference, build_tree, read_yaml

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted([*ROOT.glob("problems/**/*.yaml"), *ROOT.glob("tests/fixtures/**/*.yaml")])
SEED = 20261206
MUTANTS_PER_SEED = 120

VALUES = ["0.2", "'0.2'", "1e3", "1.0e+3", "0x1F", "0o17", "017", "-5", "+7", "1_000", ".inf",
          "-.inf", ".nan", "~", "null", "Null", "", "yes", "no", "on", "off", "True", "false",
          "y", "n", "2026-12-06", "12:30:00", "=", "<<", "'x^2 + 1'", '"\\\\frac{1}{2}"',
          "'\\frac{1}{2}'", '"ok"', "[1, 2]", "{a: 1}", "[[1, 0], [0, 1]]", "'it''s'",
          "x*(1 - x)", "[[2*alpha], [4*alpha]]", "'{(-1, 0), (1, 0)}'", "0 < alpha < 1/2",
          "3.14159", "-1/4", '"\\u00e9"', "'é'", "\"it's\""]
BLOCKS = ["|\n  block\n  text", ">-\n  folded\n  text", "|+\n  kept\n"]
SCALARS = [*VALUES, *BLOCKS, "!", "&", "*", '"tab\\there"', '"a\\nb"', "!!int 3", "&x 1",
           "*x"]
SNIPPETS = ["&a ", "*a", "&a [1]", "!!python/object:os.system ", "!!str ", "!foo ", "! ",
            "<<: ", "<<: {b: 1}\n", "\t", "\n\t", "- ", ": ", "[", "]", "{", "}", "'", '"',
            ",", "? ", "#", "|\n", ">\n", "\n", "  ", "---\n", "...\n", "--- ", "%YAML 1.1\n",
            '"\\a"', '"\\t"', '"\\e"', '"\\0"', '"\\b"', '"\\v"', '"\\f"', '"\\r"', '"\\x41"',
            "\x07", "\x00", "\ufeff", "key: value\n", "a: 1\na: 2\n", "0x1F", ".inf", "~",
            "yes", "null", "1e3", "0.2"]


def outcome(read, text: str, file: str = "sheet.yaml"):
    """What reading ``text`` gives: the tree and its repr (key order counts), or the error."""
    try:
        node = read(text, file)
    except SpecError as error:
        return ("error", str(error), error.location, error.message, error.hint)
    except RecursionError as error:
        return ("recursion", type(error).__name__)
    return ("tree", node, repr(node))


def assert_same(text: str) -> bool:
    """``read_yaml`` and the reference agree on ``text``; whether the one pass built it."""
    fast = build_tree(text, yamlsource._SAFE_LOADER)
    reference = outcome(_read_yaml_reference, text)
    if fast is not None:
        assert reference[0] == "tree", (text, reference)
        assert fast == reference[1] and repr(fast) == reference[2], text
    assert outcome(read_yaml, text) == reference, text
    return fast is not None


def answer_value(draw: random.Random, depth: int = 0) -> str:
    """An answer as flow YAML: a scalar, or at most two levels of lists of them."""
    if depth < 2 and draw.random() < 0.15:
        items = [answer_value(draw, depth + 1) for _ in range(draw.randint(1, 3))]
        return "[" + ", ".join(items) + "]"
    return draw.choice(VALUES)


def sheet(draw: random.Random) -> str:
    """An answer sheet: block or flow mapping, answers quoted or not, lists of rows."""
    keys = [f"{draw.choice(['taylor', 'lagrange', 'gd-rate', 'newton', 'svm'])}.{part}"
            for part in "abcdefgh"[:draw.randint(1, 8)]]
    student = draw.choice(["s001", "'s002'", '"s003"', "alice", "007"])
    if draw.random() < 0.2:
        pairs = ", ".join(f"{key}: {answer_value(draw, 2)}" for key in keys)
        return f"{{student: {student}, answers: {{{pairs}}}}}\n"
    lines = [f"student: {student}", "answers:"]
    for key in keys:
        value = answer_value(draw)
        if draw.random() < 0.15:
            rows = [f"    - [{answer_value(draw, 2)}, {answer_value(draw, 2)}]"
                    for _ in range(draw.randint(1, 3))]
            lines += [f"  {key}:", *rows]
        elif draw.random() < 0.05:
            lines.append(f"  {key}: {draw.choice(BLOCKS).replace(chr(10), chr(10) + '  ')}")
        else:
            lines.append(f"  {key}: {value}")
    if draw.random() < 0.3:
        lines.append("# a comment")
    return "\n".join(lines) + "\n"


def deep(depth: int, flow: bool) -> str:
    if flow:
        return "a: " + "[" * depth + "1" + "]" * depth + "\n"
    return "".join(f"{'  ' * level}k{level}:\n" for level in range(depth)) \
        + "  " * depth + "leaf: 1\n"


def mutate(text: str, draw: random.Random) -> str:
    """One to three random edits of ``text``."""
    for _ in range(draw.randint(1, 3)):
        at = draw.randint(0, len(text))
        lines = text.splitlines(keepends=True)
        choice = draw.randrange(7)
        if choice == 0:
            text = text[:at]
        elif choice in (1, 2):
            text = text[:at] + draw.choice(SNIPPETS) + text[at:]
        elif choice == 3 and lines:
            line = draw.randrange(len(lines))
            text = "".join(lines[:line + 1] + [lines[line]] + lines[line + 1:])
        elif choice == 4 and lines:
            line = draw.randrange(len(lines))
            text = "".join(lines[:line] + ["  " + lines[line]] + lines[line + 1:])
        elif choice == 5:
            text = text[:at] + draw.choice(SCALARS) + text[at:]
        else:
            text = text + draw.choice(["---\n", "--- x\n", "...\n", "extra: 1\n", "- 1\n"])
    return text


def seeds() -> list[str]:
    draw = random.Random(SEED)
    texts = [path.read_text(encoding="utf-8") for path in FILES]
    texts += [sheet(draw) for _ in range(30)]
    texts += [deep(depth, flow) for depth in (39, 40, 41, 45) for flow in (False, True)]
    texts += [f"a: {'[' * depth}{empty}{']' * depth}\n" for depth in (39, 40, 41)
              for empty in ("", "{}")]
    texts += ["", "\n", "# only a comment\n", "---\n", "--- ~\n", "a: 1\n---\nb: 2\n",
              "- 1\n- 2\n", "plain text\n", "'quoted'\n", "[1, 2,\n", "{a: 1, a: 2}\n",
              "a: &x 1\nb: *x\n", "a: *x\na: 1\n", "a: 1\nb: !!str 2\n", "<<: {a: 1}\n",
              "'<<': 1\n", "? [a]\n: 1\n", "? a\n: 1\n", "a:\n\t- 1\n", 'a: "\\frac{1}{2}"\n',
              '"\\t": 1\n', "a: 1\n  b: 2\n", "a: 'b\n", "a: [1, 2\nb: 3\n",
              "%TAG !e! tag:e/\n--- 1\n"]
    return texts


SEEDS = seeds()


@pytest.mark.parametrize("path", FILES, ids=[str(path.relative_to(ROOT)) for path in FILES])
def test_every_spec_is_built_in_one_pass_as_before(path):
    assert assert_same(path.read_text(encoding="utf-8"))


def test_generated_sheets_are_built_in_one_pass_as_before():
    draw = random.Random(SEED + 1)
    built = [assert_same(sheet(draw)) for _ in range(400)]
    assert sum(built) > 300


def test_mutated_texts_give_the_same_tree_or_the_same_error():
    draw = random.Random(SEED + 2)
    built = errors = 0
    for text in SEEDS:
        for _ in range(MUTANTS_PER_SEED if len(text) < 3000 else MUTANTS_PER_SEED // 4):
            mutant = mutate(text, draw)
            built += assert_same(mutant)
            errors += outcome(_read_yaml_reference, mutant)[0] == "error"
    assert built > 1000 and errors > 1000


@pytest.mark.parametrize(("text", "message"), [
    ("a: &x 1\nb: *x\n", "sheet.yaml:1: YAML anchors (&name) are not allowed"),
    ("a: 1\na: *x\n", "sheet.yaml:2: YAML aliases (*name) are not allowed"),
    ("a: 1\na: 2\nb: !!str 3\n", "sheet.yaml:3: YAML tags (tag:yaml.org,2002:str) are not "
                                "allowed: write plain data"),
    ("a: 1\na: 2\n", "sheet.yaml:2: duplicate key 'a' (first at line 1)"),
    ("a: [1, 2\n", "sheet.yaml:2: YAML syntax error: the list opened with '[' on line 1 is "
                   "not closed with ']' (or a ',' is missing between its items)"),
    ("", "sheet.yaml:1: the file is empty"),
    (deep(41, True), "sheet.yaml:1: nesting deeper than 40 levels"),
])
def test_the_refusal_found_first_by_the_reference_is_the_one_reported(text, message):
    """An alias, anchor or tag is reported before a duplicate key or a second document,
    wherever it stands; then problems in the order of the text."""
    assert outcome(read_yaml, text)[1] == message
    assert outcome(read_yaml, text) == outcome(_read_yaml_reference, text)


def test_plain_scalars_get_the_composers_core_types():
    text = "\n".join(f"k{i}: {value}" for i, value in enumerate(
        ["0.2", "1e3", "1.0e+3", "0x1F", ".inf", "~", "yes", "no", "null", "", "2026-12-06",
         "'0.2'", "x"])) + "\n"
    root = read_yaml(text, "sheet.yaml")
    types = [node.type for node in root.items.values()]
    assert types == ["float", "str", "float", "int", "float", "null", "bool", "bool", "null",
                     "null", "str", "str", "str"]
    assert root == _read_yaml_reference(text, "sheet.yaml")


def test_the_pure_python_parser_gives_the_same_results(monkeypatch):
    """Where libyaml is missing the pure-Python loader reads; the one pass agrees with it
    too (it writes a plain scalar's style as None, not '')."""
    monkeypatch.setattr(yamlsource, "_SAFE_LOADER", yaml.SafeLoader)
    draw = random.Random(SEED + 3)
    texts = [*SEEDS, *(mutate(draw.choice(SEEDS), draw) for _ in range(300))]
    built = sum(assert_same(text) for text in texts)
    assert built > 50


def test_a_merge_key_is_refused_and_a_quoted_one_is_a_key():
    import pytest

    from solver.errors import SpecError
    from solver.spec.yamlsource import YMap, read_yaml

    with pytest.raises(SpecError, match=r"merge keys \(<<\) are not allowed") as caught:
        read_yaml("a: 1\n<<: {b: 1}\n", "f.yaml")
    assert caught.value.location.line == 2
    quoted = read_yaml("'<<': 1\n", "f.yaml")
    assert isinstance(quoted, YMap) and list(quoted.items) == ["<<"]
