"""LaTeX answer sheets: the scanner, its errors, hostile sources, the template and TeX."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
import time
from pathlib import Path

import pytest

from solver.check.latexsheet import (
    MAX_ANSWERS,
    MAX_SOURCE_BYTES,
    answers_from_latex,
    load_submission,
    sty_path,
)
from solver.check.template import blank_answers_latex
from solver.errors import SpecErrors
from solver.solving import solve_set
from solver.spec.load import load_spec

ROOT = Path(__file__).resolve().parent.parent
HW07 = ROOT / "problems" / "math198-hw07-gradients-jacobians.yaml"
TEX_TIMEOUT_SECONDS = 120


def read(source: str, default_student: str = "sheet"):
    return answers_from_latex(textwrap.dedent(source), "sheet.tex", default_student)


def entries(source: str) -> dict[str, tuple[str, int]]:
    return {key: (entry.raw, entry.line) for key, entry in read(source).entries.items()}


def errors(source: str) -> list[tuple[int | None, str]]:
    with pytest.raises(SpecErrors) as caught:
        answers_from_latex(source, "sheet.tex", "sheet")
    return [(error.location.line, error.message) for error in caught.value.errors]


@pytest.fixture(scope="module")
def hw07():
    return solve_set(load_spec(str(HW07)))


# --- documents that read --------------------------------------------------------------

READS = [
    pytest.param(r"""
        \documentclass{article}
        \usepackage{hwanswers}
        \begin{document}
        \answer{a}{\frac{1}{2}}
        \answer{b.c_d-1}{2x \cos(x^2)}
        \end{document}
        """, {"a": (r"\frac{1}{2}", 5), "b.c_d-1": (r"2x \cos(x^2)", 6)}, id="plain"),
    pytest.param(r"""
        \answer{m}{\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}}
        """, {"m": (r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}", 2)}, id="matrix"),
    pytest.param(r"""
        \answer{m}{
          \begin{pmatrix}
            1 & 2 \\
            3 & 4
          \end{pmatrix}
        }
        """, {"m": (r"\begin{pmatrix}     1 & 2 \\     3 & 4   \end{pmatrix}", 2)},
        id="lines-become-spaces"),
    pytest.param(r"""
        \answer{n}{\frac{\sqrt{x_{1}}}{{2}^{3}} \cdot {{y}}}
        """, {"n": (r"\frac{\sqrt{x_{1}}}{{2}^{3}} \cdot {{y}}", 2)}, id="nested-braces"),
    pytest.param(r"""
        \answer{s}{\{(\pi/2 + k\pi, 0)\}}
        \answer{t}{\{ 1 \} \}}
        """, {"s": (r"\{(\pi/2 + k\pi, 0)\}", 2), "t": (r"\{ 1 \} \}", 3)},
        id="escaped-braces"),
    pytest.param(r"""
        % \answer{commented}{1}
        \answer{a}{1} % \answer{after}{2}
        \answer{p}{50\% of 2}
        \answer{q}{x \\% a line break, then a comment }
        }
        """, {"a": ("1", 3), "p": (r"50\% of 2", 4), "q": (r"x \\", 5)}, id="comments"),
    pytest.param(r"""
        \answer{m}{\begin{bmatrix} 1 & 2 \\ % first row {
                   3 & 4 \end{bmatrix}}
        \answer{x}{12%
                   34}
        """, {"m": (r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}", 2), "x": ("1234", 4)},
        id="comment-inside-a-value"),
    pytest.param(r"""
        \begin{verbatim}
        \answer{verbatim}{1} {
        \end{verbatim}
        \begin{comment}
        \answer{comment}{1}
        \end{comment}
        Written as \verb|\answer{k}{v}| or \verb*+\answer{+.
        \answer{a}{1}
        """, {"a": ("1", 9)}, id="verbatim"),
    pytest.param(r"""
        \answer  {a}   % the key
           {1}
        \answer
        {b}
        {2}
        """, {"a": ("1", 2), "b": ("2", 4)}, id="spaces-between-groups"),
    pytest.param(r"""
        \newcommand{\answer}[2]{\textbf{#1}: $#2$}
        \providecommand*\student[1]{}
        \def\answer#1#2{#1}
        \answers{x}{y} \answerkey{z} \student{Ana}
        \answer{a}{\answer}
        """, {"a": (r"\answer", 6)}, id="definitions-and-other-commands"),
    pytest.param("\\answer{a}{1}\r\n\\answer{b}{[[1, 2],\r\n [3, 4]]}\r\n",
                 {"a": ("1", 1), "b": ("[[1, 2],  [3, 4]]", 2)}, id="crlf"),
    pytest.param(r"""
        \answer{a}{}
        \answer{b}{   }
        """, {"a": ("", 2), "b": ("", 3)}, id="empty-values"),
]


@pytest.mark.parametrize(("source", "expected"), READS)
def test_answers_are_read_with_their_lines(source, expected):
    assert entries(source) == expected


@pytest.mark.parametrize(("source", "student"), [
    (r"\answer{a}{1}", "sheet"),
    (r"\student{Ana Ramírez} \answer{a}{1}", "Ana Ramírez"),
    ("\\student{  Ana\n   Ramírez } \\answer{a}{1}", "Ana Ramírez"),
    (r"% \student{nobody}" "\n" r"\answer{a}{1}", "sheet"),
])
def test_student_name(source, student):
    answers = answers_from_latex(source, "x.tex", "sheet")
    assert (answers.student, answers.file) == (student, "x.tex")


# --- errors ---------------------------------------------------------------------------

ERRORS = [
    pytest.param("\n" * 6 + r"\answer{a{}{1}" + "\n", 7,
                 r"\answer{...} at line 7 is not closed", id="key-not-closed"),
    pytest.param("\\answer{a}{1}\n\\answer{b}{\\frac{1}{2}\n\n", 2,
                 r"\answer{b}{...} at line 2 is not closed", id="value-not-closed"),
    pytest.param(r"\answer{a}{1\}", 1, r"\answer{a}{...} at line 1 is not closed",
                 id="escaped-brace-does-not-close"),
    pytest.param(r"\answer{a}{1 % }" "\n", 1, r"\answer{a}{...} at line 1 is not closed",
                 id="commented-brace-does-not-close"),
    pytest.param("\\answer{a}{1}\n\n\\answer{a}{2}", 3,
                 "'a' is answered twice: at line 1 and at line 3", id="duplicate"),
    pytest.param("\n\\answer{ }{1}", 2, r"\answer{}{...} at line 2 has an empty key",
                 id="empty-key"),
    pytest.param("\n\n\\answer{a b}{1}", 3, "the key 'a b' of the \\answer at line 3 may only "
                 "hold letters, digits, '.', '_' and '-'", id="bad-key"),
    pytest.param(r"\answer{\alpha}{1}", 1, r"the key '\alpha' of the \answer at line 1",
                 id="command-in-key"),
    pytest.param(r"\answer{" + "k" * 100 + "!}{1}", 1, "the key '" + "k" * 40 + "...'",
                 id="long-key-is-cut"),
    pytest.param(r"\documentclass{article} \begin{document} \end{document}", None,
                 r"no \answer{key}{value} found", id="no-answer"),
    pytest.param("% \\answer{a}{1}\n", None, r"no \answer{key}{value} found",
                 id="only-commented-answers"),
    pytest.param("\n\\answer key value", 2, r"\answer at line 2 must be followed by {key}{value}",
                 id="no-groups"),
    pytest.param("\\answer{a} b", 1, r"\answer{a} at line 1 must be followed by {value}",
                 id="no-value"),
    pytest.param("\\student{a}\n\\student{b}\n\\answer{a}{1}", 2,
                 r"\student is given twice: at line 1 and at line 2", id="two-students"),
    pytest.param("\\student{ }\n\\answer{a}{1}", 1, r"\student{} at line 1 must hold a name",
                 id="empty-student"),
    pytest.param("\\student{Ana\n", 1, r"\student{...} at line 1 is not closed",
                 id="student-not-closed"),
    pytest.param("".join(f"\\answer{{k{i}}}{{{i}}}\n" for i in range(MAX_ANSWERS + 1)),
                 MAX_ANSWERS + 1, "more than 10,000 answers in one file", id="too-many"),
    pytest.param("%" * (MAX_SOURCE_BYTES + 1), None, "the file is larger than 2 MB",
                 id="too-large"),
    pytest.param("\\answer{a}{" + "é" * (MAX_SOURCE_BYTES // 2) + "}", None,
                 "the file is larger than 2 MB", id="too-large-in-bytes"),
]


@pytest.mark.parametrize(("source", "line", "message"), ERRORS)
def test_errors_name_the_line(source, line, message):
    (found_line, found_message), *_ = errors(source)
    assert found_line == line
    assert message in found_message


def test_key_errors_are_all_reported_at_once():
    found = errors("\\answer{}{1}\n\\answer{a}{1}\n\\answer{a}{2}\n\\answer{b c}{3}\n")
    assert [line for line, _ in found] == [1, 3, 4]


def test_an_error_reads_as_file_and_line():
    with pytest.raises(SpecErrors) as caught:
        answers_from_latex("\n\\answer{a}{1", "alice.tex", "alice")
    assert str(caught.value).startswith("alice.tex:2: \\answer{a}{...} at line 2 is not closed")


# --- hostile sources ------------------------------------------------------------------

MEGABYTE = 1_000_000
HOSTILE = {
    "open-braces": "{" * MEGABYTE,
    "open-braces-in-a-value": "\\answer{a}{" + "{" * MEGABYTE,
    "repeated-answer-open": "\\answer{" * (MEGABYTE // 8),
    "repeated-answer": "\\answer" * (MEGABYTE // 7),
    "nested-groups": "\\answer{a}{" + "{{}" * (MEGABYTE // 3),
    "balanced-groups": "\\answer{a}{" + "{" * (MEGABYTE // 2) + "}" * (MEGABYTE // 2) + "}",
    "pairs": "\\answer{a}{" + "{{}}" * (MEGABYTE // 4) + "}",
    "comments-in-a-value": "\\answer{a}{" + "%\n" * (MEGABYTE // 2) + "}",
    "backslashes": "\\answer{a}{" + "\\" * MEGABYTE,
    "percent": "%" * MEGABYTE,
    "verb": "\\verb" * (MEGABYTE // 5),
    "verbatim-openers": "\\begin{verbatim}" * (MEGABYTE // 16),
    "definitions": "\\def" * (MEGABYTE // 4) + " " * MEGABYTE,
    "duplicates": "\\answer{a}{1}" * (MEGABYTE // 13),
    "many-answers": "".join(f"\\answer{{k{i}}}{{{i}}}" for i in range(MAX_ANSWERS)).ljust(
        MEGABYTE, "%"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_sources_are_read_in_linear_time(name):
    started = time.perf_counter()
    try:
        answers_from_latex(HOSTILE[name], "hostile.tex", "hostile")
    except SpecErrors:
        pass
    assert time.perf_counter() - started < 1.0


# --- files ----------------------------------------------------------------------------

SHEET = b"\\student{Ana}\n\\answer{a}{\\frac{1}{2}}\n"


@pytest.mark.parametrize(("name", "data", "student", "answers"), [
    ("alice.tex", SHEET, "Ana", {"a": ("\\frac{1}{2}", 2)}),
    ("alice.TEX", SHEET, "Ana", {"a": ("\\frac{1}{2}", 2)}),
    ("alice.tex", b"\xef\xbb\xbf\\answer{a}{1}", "alice", {"a": ("1", 1)}),
    ("bob.yaml", b"answers:\n  a: 0.5\n", "bob", {"a": ("0.5", 2)}),
    ("bob.YML", b"student: Bo\nanswers:\n  a: '1'\n", "Bo", {"a": ("1", 3)}),
    ("carol.json", b'{"answers": {"a": [1, 2]}}', "carol", {"a": (["1", "2"], 1)}),
    ("carol.json", b'\xef\xbb\xbf{"answers": {"a": "x"}}', "carol", {"a": ("x", 1)}),
])
def test_load_submission_reads_by_suffix(name, data, student, answers):
    sheet = load_submission(Path("class") / name, data)
    assert sheet.student == student
    assert sheet.file == f"class/{name}"
    assert {key: (entry.raw, entry.line) for key, entry in sheet.entries.items()} == answers


@pytest.mark.parametrize(("name", "data", "line", "message"), [
    ("a.tex", b"", None, "the file is empty"),
    ("a.yaml", b"\xef\xbb\xbf \n\n", None, "the file is empty"),
    ("a.tex", b"\\answer{a}{1}\n\\answer{b}{\xff}\n", 2, "the file is not valid UTF-8"),
    ("a.yaml", b"answers:\n  a: 1\n  b: \xe9t\xe9\n", 3, "the file is not valid UTF-8"),
    ("a.txt", SHEET, None, "not an answer file (.yaml, .yml, .json or .tex)"),
    ("a.pdf", b"%PDF-1.5", None, "not an answer file (.yaml, .yml, .json or .tex)"),
    ("a", SHEET, None, "not an answer file (.yaml, .yml, .json or .tex)"),
    ("a.tex", b"%" * (MAX_SOURCE_BYTES + 1), None, "the file is larger than 2 MB"),
    ("a.yaml", b"answers: [1]\n", 1, "expected a mapping 'answers: {key: answer}'"),
])
def test_load_submission_errors(name, data, line, message):
    with pytest.raises(SpecErrors) as caught:
        load_submission(Path(name), data)
    (error,) = caught.value.errors
    assert (error.location.file, error.location.line, error.message) == (name, line, message)


def test_the_package_ships_with_the_templates():
    path = sty_path()
    assert path.is_file()
    assert path.parent.name == "latex"
    assert "\\ProvidesPackage{hwanswers}" in path.read_text(encoding="utf-8")


# --- the blank answer sheet -----------------------------------------------------------

def fill(blank: str, answers: dict[str, str]) -> str:
    lines = []
    for line in blank.splitlines():
        for key, value in answers.items():
            empty = f"\\answer{{{key}}}{{}}"
            if line.startswith(empty):
                line = f"\\answer{{{key}}}{{{value}}}" + line[len(empty):]
        lines.append(line.replace("\\student{your-name}", "\\student{Ana Ramírez}"))
    return "\n".join(lines) + "\n"


HW07_ANSWERS = {
    "gradients.1a": r"\begin{bmatrix} \cos(x_1) \\ 4 x_2 \end{bmatrix}",
    "gradients.1b": r"\{(\pi/2 + k\pi, 0)\}, k \in \mathbb{Z}",
    "gradients.1c-away": r"\begin{pmatrix} 0 & 4 \end{pmatrix}^\top",
    "gradients.1c-towards": "[cos(-1), 0]",
    "gradients.1c-type": r"\begin{bmatrix} -1 & 0 \\ 0 & 4 \end{bmatrix}",
    "linear-function.2a": r"\left[ 3, -2 \right]",
    "linear-function.2b": r"\text{no critical points}",
    "jacobians.1ab": r"\begin{bmatrix} 4x_1 & 3 & 0 \\ \sin(x_3) e^{x_1} & 0 & "
                     r"\cos(x_3) e^{x_1} \end{bmatrix}",
    "matrix-gradients.3-1.closed_form": r"2 A v v^\top \cdot \frac{1}{2} \sqrt{4}",
    "network-gradients.4-2.gradient": r"50\% \text{ of } \{1\}",
}


def test_blank_sheet_lists_every_graded_key(hw07):
    blank = blank_answers_latex(hw07)
    assert blank.startswith("% Answers for: Math 198 Homework 7")
    assert "\\documentclass{article}\n\\usepackage{hwanswers}\n" in blank
    assert "\\answer{matrix-gradients.3-1.closed_form}{}  % a closed form with the matrices' " \
        "names (products, transposes A^T, inverses A^-1 and A^-T, I the identity) [1/2 pt]" \
        in blank
    assert "\\answer{matrix-gradients.3-1.gradient}{}  % a matrix shaped like the variable, " \
        "in the entries of the matrices (X_11 or X11, …), or a closed form with their names " \
        "[1/2 pt]" in blank
    sheet = answers_from_latex(blank, "blank.tex", "blank")
    assert sheet.student == "your-name"
    assert set(HW07_ANSWERS) < set(sheet.entries)
    assert all(entry.raw == "" for entry in sheet.entries.values())


def test_filled_sheet_reads_back_exactly(hw07):
    blank = blank_answers_latex(hw07)
    keys = list(answers_from_latex(blank, "blank.tex", "blank").entries)
    filled = fill(blank, HW07_ANSWERS)
    sheet = answers_from_latex(filled, "ana.tex", "ana")
    assert sheet.student == "Ana Ramírez"
    assert list(sheet.entries) == keys
    assert {key: sheet.entries[key].raw for key in HW07_ANSWERS} == HW07_ANSWERS
    lines = filled.splitlines()
    assert all(lines[entry.line - 1].startswith(f"\\answer{{{key}}}")
               for key, entry in sheet.entries.items())


needs_pdflatex = pytest.mark.skipif(shutil.which("pdflatex") is None and not os.environ.get("CI"),
                                    reason="no pdflatex installed (make test installs one)")


@pytest.mark.tex
@needs_pdflatex
@pytest.mark.parametrize("filled", [False, True], ids=["blank", "filled"])
def test_answer_sheet_compiles_with_the_package(tmp_path, hw07, filled):
    blank = blank_answers_latex(hw07)
    source = fill(blank, HW07_ANSWERS) if filled else blank
    (tmp_path / "sheet.tex").write_text(source, encoding="utf-8")
    shutil.copy(sty_path(), tmp_path / "hwanswers.sty")
    result = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                             "sheet.tex"], cwd=tmp_path, capture_output=True, text=True,
                            errors="replace", timeout=TEX_TIMEOUT_SECONDS,
                            stdin=subprocess.DEVNULL, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    assert (tmp_path / "sheet.pdf").read_bytes().startswith(b"%PDF")
    log = (tmp_path / "sheet.log").read_text(errors="replace")
    assert "Undefined control sequence" not in log


@pytest.mark.tex
@needs_pdflatex
def test_student_in_the_preamble_compiles(tmp_path):
    (tmp_path / "sheet.tex").write_text(
        "\\documentclass{article}\n\\usepackage{hwanswers}\n\\student{Bo}\n"
        "\\begin{document}\n\\answer{a_b}{\\frac{1}{2}}\nBy \\studentname.\n"
        "\\end{document}\n", encoding="utf-8")
    shutil.copy(sty_path(), tmp_path / "hwanswers.sty")
    result = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                             "sheet.tex"], cwd=tmp_path, capture_output=True, text=True,
                            errors="replace", timeout=TEX_TIMEOUT_SECONDS,
                            stdin=subprocess.DEVNULL, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    assert answers_from_latex((tmp_path / "sheet.tex").read_text(encoding="utf-8"), "sheet.tex",
                              "sheet").student == "Bo"
