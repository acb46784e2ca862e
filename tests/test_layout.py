"""The worked solutions' layout, read off the rendered LaTeX and Markdown: the problem's own
names, row operations and verdicts as a textbook prints them, results rather than the
solver's search, part labels as headings, and an answer box that never starts a page alone."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import sympy

from solver.render.document import render
from solver.render.pdf import available_engine, compile_pdf
from solver.solving import solve_set
from tests.conftest import load

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("latex", "markdown")


def rendered(yaml_text: str, fmt: str) -> str:
    return render(solve_set(load(yaml_text)), fmt)


def both(yaml_text: str) -> list[str]:
    solved = solve_set(load(yaml_text))
    return [render(solved, fmt) for fmt in FORMATS]


SYSTEMS = """
    problems:
      - id: p
        given: {P: [[3, 6], [2, 4]], a: [1, 2], Q: [[2, 2], [2, 4]], c: [4, 2]}
        parts:
          - {id: d, kind: linear_system, A: P, b: a, statement: '$Px = a$'}
          - {id: e, kind: linear_system, A: Q, b: c, statement: '$Qx = c$'}
          - {id: f, kind: linear_system, A: P, b: [1, 2/3]}
          - {id: g, kind: linear_system, A: P, b: [1, 2, 3]}
"""


@pytest.mark.parametrize("text", both(SYSTEMS), ids=FORMATS)
def test_a_system_is_solved_in_the_names_the_problem_gives(text):
    assert "Solve $P x = a$" in text and "Solve $Q x = c$" in text
    assert r"[P \mid a]" in text and r"[Q \mid c]" in text
    assert r"\det P = 0" in text and r"\det Q = 4 \neq 0" in text
    assert "Q x &=" in text and "= c\n" in text
    assert "null space of $P$" in text
    # an inline right-hand side keeps the default name
    assert "Solve $P x = b$" in text
    assert "Ax = b" not in text and r"[A \mid" not in text and r"\det A" not in text


@pytest.mark.parametrize("text", both(SYSTEMS), ids=FORMATS)
def test_augmented_matrices_carry_their_bar(text):
    """[P | a] and every matrix of the elimination: two coefficient columns, a bar, b."""
    blocks = re.findall(r"\\begin\{array\}\{([c|]+)\}", text)
    assert blocks and set(blocks) == {"cc|c"}
    assert r"\begin{matrix}3 & 6 & 1" not in text


@pytest.mark.parametrize("A, b, expected", [
    ([[2, 2], [2, 4]], [4, 2], r"R_{2} \leftarrow R_{2} - R_{1} &"),
    ([[1, 1], [-1, 1]], [2, 0], r"R_{2} \leftarrow R_{2} + R_{1} &"),
    ([[-1, 0], [0, 1]], [1, 1], r"R_{1} \leftarrow -R_{1} &"),
])
def test_a_coefficient_of_one_is_not_written(A, b, expected):
    text = rendered(f"""
        problems:
          - id: p
            parts:
              - {{id: a, kind: linear_system, A: {A}, b: {b}}}
    """, "latex")
    assert expected in text
    assert not re.search(r"(?<![0-9.])1 \\, R_", text)
    # the solution the operations lead to satisfies the system
    x = sympy.Matrix(sympy.linsolve((sympy.Matrix(A), sympy.Matrix(b))).args[0])
    assert sympy.Matrix(A) * x == sympy.Matrix(b)
    assert sympy.latex(x[0]) in text


@pytest.mark.parametrize("text", both(SYSTEMS), ids=FORMATS)
def test_verdicts_are_math(text):
    assert r"Row 2 reduces to $0 = \frac{4}{3}$, which is impossible." in text
    assert r"$\operatorname{rank} P = 1 < 2$, the number of unknowns" in text
    assert r"$P$ is $2 \times 2$ but $b$ has 3 entries" in text
    assert "0 = 4/3" not in text and "rank P = 1" not in text and "2×2" not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_det_is_separated_from_its_matrix(fmt):
    text = rendered("""
        problems:
          - id: p
            given: {A: [[2, 1], [1, 1]]}
            parts:
              - {id: a, kind: matrix_expression, expr: A^-1}
    """, fmt)
    assert r"\det A = 1" in text
    assert not re.search(r"\\det[A-Za-z]", text)


GRADIENT = """
    problems:
      - id: p
        parts:
          - {id: a, kind: matrix_gradient, f: v^T A v, wrt: A, shapes: {A: [3, 3], v: [3, 1]}}
          - {id: b, kind: matrix_gradient, f: sin(v^T v), wrt: v, shapes: {v: [2, 1]}}
"""


@pytest.mark.parametrize("text", both(GRADIENT), ids=FORMATS)
def test_a_closed_form_is_shown_with_its_check_not_the_search(text):
    assert "v v^{\\top}" in text
    assert "Multiplying it out confirms this entry by entry" in text
    for search in ("candidate", "try products", "the first that agrees", "After "):
        assert search not in text


def test_the_closed_form_shown_is_the_gradient():
    """v vᵀ against central differences of vᵀAv at a random point."""
    import numpy as np

    rng = np.random.default_rng(3)
    A, v = rng.normal(size=(3, 3)), rng.normal(size=3)
    h, numeric = 1e-6, np.zeros((3, 3))
    for i in range(3):
        for j in range(3):
            E = np.zeros((3, 3))
            E[i, j] = h
            numeric[i, j] = (v @ (A + E) @ v - v @ (A - E) @ v) / (2 * h)
    assert np.allclose(numeric, np.outer(v, v), atol=1e-6)


@pytest.mark.parametrize("fmt, heading", [("latex", r"\subsection*{({})}"),
                                          ("markdown", "### ({})")])
def test_headings_are_labels_not_answer_keys(fmt, heading):
    text = render(solve_set(load((ROOT / "problems" / "math198-hw07-gradients-jacobians.yaml")
                                 .read_text())), fmt)
    for key in ("1c-away", "1c-towards", "1c-type", "3-1", "3-2c", "4-1"):
        assert heading.replace("{}", key) not in text
    # label ids stay; a key beside them is named after its label; problems of keys only
    # are lettered in order
    for label in ("1a", "1b", "1c, away", "1c, type", "2a", "2b", "a", "b", "c", "d"):
        assert heading.replace("{}", label) in text


def test_a_handout_label_after_named_parts_keeps_its_letter():
    text = render(solve_set(load((ROOT / "problems" / "in5400-week04-dense-networks.yaml")
                                 .read_text())), "markdown")
    headings = [line for line in text.splitlines() if line.startswith("### ")]
    assert headings[:7] == ["### (a)", "### (b)", "### (c)", "### (d)", "### (Bonus)",
                            "### (Bonus as printed)", "### (e)"]


def test_label_ids_are_kept_and_keys_are_lettered():
    text = rendered("""
        problems:
          - id: labels
            parts:
              - {id: a, kind: derivative, f: x^2, wrt: x}
              - {id: 2b, kind: derivative, f: x^3, wrt: x}
              - {id: iv, kind: derivative, f: x^4, wrt: x}
          - id: keys
            parts:
              - {id: mse, kind: derivative, f: x^2, wrt: x, statement: 'The loss.'}
              - {id: bce, kind: derivative, f: x^3, wrt: x}
    """, "markdown")
    assert re.findall(r"^### \((\w+)\)", text, re.M) == ["a", "2b", "iv", "a", "b"]


def test_the_box_stays_with_the_line_before_it_in_latex():
    text = rendered(SYSTEMS, "latex")
    for box in re.finditer(r"\\\[\n\\boxed", text):
        assert text[:box.start()].endswith("\\nopagebreak\n")
    # the last display of the last step may not end a page
    assert text.count(r"\begingroup\postdisplaypenalty=10000\relax") == 2  # (e) and (f)
    assert text.count(r"\interlinepenalty=10000") == 4


def _last_page(pdf: Path) -> str:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
    return subprocess.run(["pdftotext", "-f", str(pages), "-l", str(pages), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_last_page_never_holds_only_the_box(tmp_path):
    """A statement tall enough that, page-broken naively, the last page would hold the tail
    of the verdict and the box; kept together, the last step moves over with them."""
    text = rendered(r"""
        title: Layout
        problems:
          - id: p
            statement: 'A statement with a tall strut $\rule{0pt}{24pt}$.'
            parts:
              - {id: a, kind: linear_system, A: [[1, 1, 1, 1, 1, 1]], b: [6]}
    """, "latex")
    last = _last_page(compile_pdf(text, tmp_path / "layout.pdf", "pdflatex"))
    assert "Infinitely many solutions." in last
    assert "Check by substituting back" in last
