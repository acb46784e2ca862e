"""A later part that needs a result an earlier part of the set derived quotes it ("∇f from
(a): …") instead of deriving it again; the answers stay as solved."""

from __future__ import annotations

import re

import pytest
import sympy

from solver.render import printing
from solver.render.document import render
from solver.render.json_out import solved_json
from solver.solving import solve_set
from tests.conftest import load

FORMATS = ("latex", "markdown")
x1, x2 = sympy.symbols("x1 x2")

SAME_F = """
    problems:
      - id: p
        parts:
          - {id: grad, kind: gradient, f: x1^3 + x1 x2^2, wrt: [x1, x2]}
          - {id: crit, kind: critical_points, f: x1^3 + x1 x2^2, wrt: [x1, x2]}
          - {id: at, kind: gradient, f: x1^3 + x1 x2^2, wrt: [x1, x2], at: [1, 2]}
          - {id: other, kind: gradient, f: x1^2 x2, wrt: [x1, x2]}
          - {id: hess, kind: hessian, f: x1^3 + x1 x2^2, wrt: [x1, x2]}
"""


def part_texts(text: str, fmt: str) -> list[str]:
    """The rendered parts in order, split at their headings."""
    heading = r"\\subsection\*" if fmt == "latex" else r"\n### "
    return re.split(heading, text)[1:]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_later_part_on_the_same_f_quotes_the_gradient(fmt):
    grad, crit, at, other, hess = part_texts(render(solve_set(load(SAME_F)), fmt), fmt)
    derivation = "Differentiate $f$ by each variable in turn"
    assert derivation in grad and "from (" not in grad
    for later in (crit, at, hess):
        assert r"$\nabla f$ from (a):" in later
        assert derivation not in later
    assert derivation in other and "from (" not in other
    assert "$H$ from (b):" in hess and "once more" not in hess
    f = x1**3 + x1 * x2**2
    gradient = sympy.ImmutableMatrix([sympy.diff(f, v) for v in (x1, x2)])
    hessian = sympy.ImmutableMatrix(sympy.hessian(f, (x1, x2)))
    assert printing.latex(gradient) in crit
    assert printing.latex(hessian) in hess.split("from (b)")[1]


def test_answers_are_those_of_each_part_solved_alone():
    whole = solved_json(solve_set(load(SAME_F)))["problems"][0]["parts"]
    spec = load(SAME_F)
    for index, part in enumerate(spec.problems[0].parts):
        alone = SAME_F.split("        parts:\n")[0] + "        parts:\n" + \
            SAME_F.split("        parts:\n")[1].splitlines(keepends=True)[index]
        single = solved_json(solve_set(load(alone)))["problems"][0]["parts"][0]
        assert whole[index] == single, part.id


PRIMED = """
    problems:
      - id: net
        parts:
          - id: a
            kind: matrix_gradient
            f: (y - y')^T (y - y')
            wrt: y'
            shapes: {y: [2, 1], y': [2, 1]}
"""


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_primed_name_prints_with_its_prime(fmt):
    text = render(solve_set(load(PRIMED)), fmt)
    assert r"y^{\prime}" in text and r"y^{\prime}_{1}" in text
    assert "yp" not in text
    assert r"2 \left(y^{\prime} - y\right)" in text
    assert r"\left(y^{\prime}_{1}\right)^{2}" in text  # one superscript per base


def test_a_primed_name_is_checked_by_its_name():
    from solver.check.checker import check_answer, expected_keys

    expected = {entry.key: entry for entry in expected_keys(solve_set(load(PRIMED)))}
    # ∂/∂y' of (y − y')ᵀ(y − y') = 2(y' − y), by hand.
    assert check_answer(expected["net.a.closed_form"], "2(y' - y)").status == "correct"
    assert check_answer(expected["net.a.closed_form"], "2(y - y')").status == "incorrect"
    entries = "[[2 y'_1 - 2 y_1], [2 (y'_2 - y_2)]]"
    assert check_answer(expected["net.a.gradient"], entries).status == "correct"


TITLED = """
    problems:
      - id: p
        parts:
          - {id: a, kind: gradient, title: 'Critical points & 100%', f: x1^2, wrt: [x1]}
          - {id: b, kind: gradient, f: x1^3, wrt: [x1]}
"""


def test_a_part_title_is_its_heading_after_the_label():
    latex = render(solve_set(load(TITLED)), "latex")
    assert r"\subsection*{(a) Critical points \& 100\%}" in latex
    assert r"\subsection*{(b)}" in latex
    markdown = render(solve_set(load(TITLED)), "markdown")
    assert "### (a) Critical points & 100%\n" in markdown and "### (b)\n" in markdown


def test_a_title_must_be_text():
    from solver.errors import SpecErrors

    with pytest.raises(SpecErrors, match="field 'title' must be text"):
        load(TITLED.replace("'Critical points & 100%'", "[1, 2]"))
