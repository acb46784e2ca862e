"""Wide matrix rows fit the page: a network's batch matrices are continued on further rows
of their display, at relations, operators or between the factors of a product, so the
compiled PDF has no line running off the page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from solver.render.document import render
from solver.render.wide_lines import TEXT_WIDTH, fit_rows, split_top_level, width
from solver.solving import solve_set
from solver.spec.load import load_spec
from tests.conftest import load

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "networks"
BATCH = FIXTURES / "tanh-sigmoid-batch6.yaml"


def _matrix(rows: int, columns: int, entry: str = "-0.0123456") -> str:
    body = r"\\".join(" & ".join([entry] * columns) for _ in range(rows))
    return rf"\left(\begin{{matrix}}{body}\end{{matrix}}\right)"


def _overfull_boxes(tex: str, folder: Path, name: str) -> list[float]:
    (folder / f"{name}.tex").write_text(tex, encoding="utf-8")
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
                   cwd=folder, capture_output=True, timeout=120, check=True,
                   stdin=subprocess.DEVNULL)
    log = (folder / f"{name}.log").read_text(errors="replace")
    return [float(points) for points in re.findall(r"Overfull \\hbox \(([0-9.]+)pt", log)]


@pytest.mark.tex
@pytest.mark.skipif(not shutil.which("pdflatex"), reason="needs pdflatex")
def test_batch_of_six_network_pdf_has_no_line_off_the_page(tmp_path):
    tex = render(solve_set(load_spec(BATCH)), "latex")
    overfull = _overfull_boxes(tex, tmp_path, "batch")
    assert max(overfull, default=0) <= 10
    assert r"&\quad {}\cdot \left(\begin{matrix}" in tex   # a product continued on a row


def test_a_row_that_fits_is_left_alone():
    body = r"z &= " + _matrix(2, 2) + r" + " + _matrix(2, 2)
    assert fit_rows(body) == body


def test_a_wide_row_is_broken_at_its_relations_first():
    left, middle, right = _matrix(3, 5), _matrix(3, 5), _matrix(3, 5)
    body = rf"W &= {left} - 0.1 \cdot {middle} \\" + "\n" + rf"&= {right}"
    rows = split_top_level(fit_rows(body), r"\\")
    assert [row.strip() for row in rows] == [rf"W &= {left}", rf"&\quad {{}}- 0.1 \cdot {middle}",
                                            rf"&= {right}"]
    assert all(width(row.split("&", 1)[1]) <= TEXT_WIDTH for row in rows)


def test_a_wide_product_is_continued_between_its_factors():
    first, second = _matrix(4, 6), _matrix(6, 3)
    body = rf"\frac{{\partial L}}{{\partial W}} &= A^\top \delta = {first} {second}"
    rows = [row.strip() for row in split_top_level(fit_rows(body), r"\\")]
    assert rows == [r"\frac{\partial L}{\partial W} &= A^\top \delta", f"&= {first}",
                    rf"&\quad {{}}\cdot {second}"]


def test_the_width_estimate_counts_entries_and_digits():
    narrow, wide = _matrix(2, 3, "0.5"), _matrix(2, 3, "-0.0123456")
    assert width(narrow) < width(wide) < width(_matrix(2, 6, "-0.0123456"))
    assert width(r"\left(-0.6\right) \cdot 0.9") < width(_matrix(1, 2))


def test_a_matrix_wider_than_the_line_is_shown_in_column_blocks():
    entries = [f"-0.{index:02d}34567" for index in range(1, 13)]
    matrix = r"\left(\begin{matrix}" + " & ".join(entries) + r"\end{matrix}\right)"
    rows = [row.strip() for row in split_top_level(fit_rows(rf"\hat y &= {matrix}"), r"\\")]
    assert len(rows) >= 2 and r"\text{(columns 1--" in rows[0]
    assert rows[0].startswith(r"\hat y &= \left(\begin{matrix}") and r"\right." in rows[0]
    assert r"\right) \qquad \text{(columns " in rows[-1] and rows[-1].endswith(r"--12)}")
    shown = re.findall(r"-0\.\d+", " ".join(rows))
    assert shown == entries   # every entry once, in order
    assert all(width(row.split("&", 1)[1]) <= TEXT_WIDTH for row in rows)


def test_a_wide_list_of_equations_is_one_equation_a_row():
    left, right = _matrix(2, 12, "0.5"), _matrix(1, 12, "1")
    rows = fit_rows(rf"X^\top &= {left}, \quad t = {right}")
    assert [row.strip() for row in split_top_level(rows, r"\\")] == \
        [rf"X^\top &= {left},", rf"t &= {right}"]


def test_a_wide_parenthesised_difference_is_broken_inside_its_parentheses():
    outputs, targets = _matrix(1, 6), _matrix(1, 6, "1")
    body = rf"\delta &= \frac{{1}}{{12}}\left({outputs} - {targets}\right)"
    rows = [row.strip() for row in split_top_level(fit_rows(body, text_width=480), r"\\")]
    assert rows == [rf"\delta &= \frac{{1}}{{12}}\left({outputs}\right.",
                    rf"&\quad \left. {{}}- {targets}\right)"]
    for row in rows:   # every row balances its delimiters, as an aligned cell must
        assert row.count(r"\left") == row.count(r"\right")


@pytest.mark.tex
@pytest.mark.skipif(not shutil.which("pdflatex"), reason="needs pdflatex")
def test_a_batch_of_twelve_in_columns_compiles_within_the_page(tmp_path):
    spec = """
        problems:
          - id: wide
            parts:
              - id: a
                kind: backprop
                layout: Wx
                loss: bce
                inputs: [[0.5, -1.2], [1.1, 0.4], [-0.6, 0.9], [0.0, -0.3], [0.8, 0.8],
                         [-1.0, 0.1], [0.3, -0.7], [0.2, 1.4], [-0.5, -0.5], [0.9, 0.6],
                         [-0.2, 0.3], [1.3, -1.1]]
                targets: [1, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0]
                layers:
                  - {W: [[0.2, -0.5], [0.7, 0.3], [-0.4, 0.8]], b: [0.1, -0.2, 0.05],
                     activation: tanh}
                  - {W: [[0.8, -0.6, 0.5]], b: [0.2], activation: sigmoid}
    """
    tex = render(solve_set(load(spec)), "latex")
    assert r"\text{(columns 1--" in tex
    assert max(_overfull_boxes(tex, tmp_path, "wide"), default=0) <= 10
