"""Determinants checked by independent routes: numpy's LU determinant on random integer
matrices, det(AB) = det A det B, and SymPy's Berkowitz algorithm on symbolic entries; the
typical mistakes, the checker's verdicts, and the worked solution as a PDF."""

from __future__ import annotations

import random
import textwrap

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from solver.check.mistakes import mistakes
from solver.cli import cli
from solver.kinds import KINDS
from solver.kinds.determinant import DeterminantInputs, solve
from solver.kinds.determinant.steps import (
    CofactorExpansion,
    DeterminantRowSwap,
    RowReduction,
    SingleEntryDeterminant,
    TriangularDeterminant,
    TwoByTwoDeterminant,
)
from solver.render.pdf import available_engine
from tests.conftest import checked_key, example_spec, load, spec_error

M = sympy.ImmutableMatrix
METHODS = {"cofactor": range(1, 5), "elimination": range(1, 6), "auto": range(1, 6)}


def random_matrix(rng: random.Random, n: int) -> M:
    """Small integers with zeros among them, so that expansions skip terms and elimination
    meets zero pivots and swaps."""
    return M(n, n, [rng.choice([-3, -2, -1, 0, 0, 1, 2, 3, 5]) for _ in range(n * n)])


def det_of(matrix: M, method: str = "auto"):
    return solve(DeterminantInputs(matrix, method)).answer.value


@pytest.mark.parametrize("method, n", [(m, n) for m, sizes in METHODS.items() for n in sizes])
def test_matches_numpy_on_random_integer_matrices(method, n):
    rng = random.Random(f"{method}{n}")
    for _ in range(12):
        A = random_matrix(rng, n)
        det = det_of(A, method)
        assert det.is_Integer
        assert det == round(np.linalg.det(np.array(A.tolist(), dtype=float)))


@pytest.mark.parametrize("method", sorted(METHODS))
def test_the_determinant_of_a_product_is_the_product_of_determinants(method):
    rng = random.Random(method)
    for n in (2, 3, 4):
        for _ in range(5):
            A, B = random_matrix(rng, n), random_matrix(rng, n)
            assert det_of(M(A * B), method) == det_of(A, method) * det_of(B, method)


def test_rational_entries_stay_exact():
    A = M([[sympy.Rational(1, 2), sympy.Rational(1, 3), 1], [2, sympy.Rational(3, 4), 0],
           [1, 1, sympy.Rational(5, 7)], ])
    for method in ("cofactor", "elimination"):
        assert det_of(A, method) == A.det(method="berkowitz")


def test_symbolic_entries_by_cofactor_match_berkowitz():
    for n in (3, 4):
        A = M(n, n, sympy.symbols(f"a1:{n * n + 1}"))
        assert sympy.expand(det_of(A) - A.det(method="berkowitz")) == 0
    x = sympy.Symbol("x")
    A = M([[1, x, 0], [x, 1, x], [0, x, 1]])
    assert det_of(A) == 1 - 2 * x**2


def test_steps_by_size_and_method():
    assert isinstance(solve(DeterminantInputs(M([[7]]))).steps[0], SingleEntryDeterminant)
    assert isinstance(solve(DeterminantInputs(M([[1, 2], [3, 4]]))).steps[0],
                      TwoByTwoDeterminant)
    three = solve(DeterminantInputs(M([[1, 2, 3], [4, 0, 6], [7, 8, 9]]))).steps
    assert [type(step) for step in three] == [CofactorExpansion]
    four = solve(DeterminantInputs(M([[0, 2, 1, 3], [1, 0, 2, 1], [2, 1, 0, 1],
                                      [1, 1, 1, 0]]))).steps
    assert [type(step) for step in four] == [RowReduction, TriangularDeterminant]


def test_the_expansion_runs_along_the_line_with_the_most_zeros():
    step = solve(DeterminantInputs(M([[1, 2, 0], [3, 4, 0], [5, 6, 7]]))).steps[0]
    assert (step.line, step.index, step.zeros) == ("column", 2, 2)
    assert [(term.row, term.column, term.sign) for term in step.nonzero] == [(2, 2, 1)]
    assert step.result == 7 * (4 - 6)


def test_elimination_swaps_a_zero_pivot_and_changes_the_sign():
    reduction, product = solve(DeterminantInputs(M([[0, 1], [2, 3]]), "elimination")).steps
    assert isinstance(reduction.operations[0], DeterminantRowSwap)
    assert (product.swaps, product.sign, product.diagonal, product.result) == (1, -1, (2, 1), -2)


def test_a_singular_matrix_has_determinant_zero_by_both_methods():
    A = M([[1, 2, 3], [2, 4, 6], [1, 0, 1]])
    assert det_of(A, "cofactor") == det_of(A, "elimination") == 0
    assert det_of(M([[0, 0], [0, 0]]), "elimination") == 0
    assert det_of(M([[1, 2, 3], [0, 0, 0], [4, 5, 6]]), "cofactor") == 0


def _mistakes(matrix, method="auto"):
    inputs = DeterminantInputs(M(matrix), method)
    return {m.code: m.answer.value for m in mistakes("determinant", inputs, solve(inputs))}


def test_mistakes_produce_the_expected_wrong_values():
    # det = 1(50 − 48) − 2(40 − 42) + 3(32 − 35) = −3
    found = _mistakes([[1, 2, 3], [4, 5, 6], [7, 8, 10]])
    assert found["cofactor_signs_ignored"] == 2 - 4 - 9
    assert found["two_by_two_plus"] == 98 - 2 * 82 + 3 * 67
    assert "swap_sign_ignored" not in found  # no zero pivot: elimination swaps nothing
    assert _mistakes([[1, 2], [3, 4]]) == {"two_by_two_plus": 10}
    # one swap: det = −15, the swap's sign forgotten gives 15
    assert _mistakes([[0, 2, 1, 3], [1, 0, 2, 1], [2, 1, 0, 1], [1, 1, 1, 0]])[
        "swap_sign_ignored"] == 15


@pytest.fixture
def spec_file(tmp_path):
    return tmp_path / "det.yaml"


@pytest.mark.parametrize("answer, status, diagnosis", [
    ("-3", "correct", None),
    ("-11", "incorrect", "cofactor_signs_ignored"),
    ("135", "incorrect", "two_by_two_plus"),
])
def test_check_verdicts_through_the_cli(spec_file, answer, status, diagnosis):
    spec_file.write_text(textwrap.dedent("""\
        title: Determinants
        problems:
          - id: p
            parts:
              - {id: a, kind: determinant, matrix: [[1, 2, 3], [4, 5, 6], [7, 8, 10]]}
        """))
    part = checked_key(spec_file, "p.a", answer)
    assert (part["status"], part["diagnosis"]) == (status, diagnosis)


def test_the_example_solves():
    spec = example_spec("determinant")
    part = spec.problems[0].parts[0]
    assert KINDS["determinant"].solve(part.inputs).answer.value == 18


def test_a_given_matrix_keeps_its_name_and_symbolic_entries_need_constants():
    spec = load("""\
    title: t
    problems:
      - id: p
        given: {B: [[2, 1], [1, 2]]}
        parts:
          - {id: a, kind: determinant, matrix: B}
          - {id: b, kind: determinant, matrix: [[a, b], [c, d]], constants: [a, b, c, d]}
    """)
    first, second = spec.problems[0].parts
    assert first.inputs.name == "B"
    assert str(KINDS["determinant"].solve(second.inputs).answer.value) == "a*d - b*c"


@pytest.mark.parametrize("fields, field, words", [
    ("matrix: [[1, 2, 3], [4, 5, 6]]", "matrix", "square"),
    ("matrix: [[1]], method: laplace", "method", "unknown method"),
    ("matrix: [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], "
     "[0, 0, 0, 0, 1]], method: cofactor", "method", "up to 4×4"),
    ("matrix: [[x, 1], [1, x]], constants: [x], method: elimination", "method", "symbolic"),
    ("matrix: [[x, 1], [1, x]]", "matrix", "unknown name"),
])
def test_spec_errors_name_the_field(fields, field, words):
    message = spec_error("determinant", fields)
    assert f"field '{field}'" in message and words in message


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_worked_set_compiles_to_pdf(tmp_path):
    spec = tmp_path / "determinants.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Determinants
        problems:
          - id: det
            given:
              A: [[2, 0, 1], [1, 3, 2], [1, 1, 4]]
              B: [[0, 2, 1, 3], [1, 0, 2, 1], [2, 1, 0, 1], [1, 1, 1, 0]]
            parts:
              - {id: a, kind: determinant, matrix: A}
              - {id: b, kind: determinant, matrix: B}
              - {id: c, kind: determinant, matrix: [[1, 2, 0, 0], [3, 4, 0, 1], [0, 1, 2, 0],
                                                    [1, 0, 0, 3]], method: cofactor}
              - {id: d, kind: determinant, matrix: [[a, b], [c, d]], constants: [a, b, c, d]}
              - {id: e, kind: determinant, matrix: [[7]]}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "determinants.pdf").read_bytes().startswith(b"%PDF")
    markdown = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path), "--format",
                                        "md"])
    assert markdown.exit_code == 0, markdown.output
    text = (tmp_path / "determinants.md").read_text()
    assert r"\det A = 18" in text and r"\det B = -15" in text and r"\det A = -8" in text


# -- the 3×3 diagonal rule (Sarrus) extended to a larger matrix ------------------------------

TRIDIAGONAL = [[2, 1, 0, 0], [1, 2, 1, 0], [0, 1, 2, 1], [0, 0, 1, 2]]


def test_the_diagonal_rule_is_the_determinant_of_a_3x3_only():
    from solver.kinds.determinant import Rules

    rng = random.Random("sarrus")
    for _ in range(10):
        A = random_matrix(rng, 3)
        by_rule = solve(DeterminantInputs(A), rules=Rules(diagonal_rule=True)).answer.value
        assert by_rule == det_of(A) == round(np.linalg.det(np.array(A.tolist(), dtype=float)))
    # 4×4: 2n = 8 of the 24 terms; det = 5, the diagonals give 16 + 0 + 0 + 0 − (0 + 1 + 0 + 0)
    by_rule = solve(DeterminantInputs(M(TRIDIAGONAL)), rules=Rules(diagonal_rule=True))
    assert det_of(M(TRIDIAGONAL)) == 5 and by_rule.answer.value == 15


def test_the_diagonal_rule_on_a_4x4_is_a_mistake():
    assert _mistakes(TRIDIAGONAL)["diagonal_rule_beyond_3x3"] == 15
    assert _mistakes(TRIDIAGONAL, "cofactor")["diagonal_rule_beyond_3x3"] == 15
    assert _mistakes([[1, 2, 0, 1], [0, 1, 3, 2], [2, 0, 1, 1], [1, 1, 0, 2]])[
        "diagonal_rule_beyond_3x3"] == 6  # det = 18


def test_the_diagonal_rule_is_no_mistake_where_it_gives_the_determinant():
    assert "diagonal_rule_beyond_3x3" not in _mistakes([[1, 2, 3], [4, 5, 6], [7, 8, 10]])
    diagonal = [[1, 0, 0, 0], [0, 2, 0, 0], [0, 0, 3, 0], [0, 0, 0, 4]]  # 24 both ways
    assert "diagonal_rule_beyond_3x3" not in _mistakes(diagonal)


def test_the_diagonal_rule_named_through_the_cli(spec_file):
    spec_file.write_text(textwrap.dedent(f"""\
        title: Determinants
        problems:
          - id: p
            parts:
              - {{id: a, kind: determinant, matrix: {TRIDIAGONAL}}}
        """))
    for answer, status, diagnosis in (("5", "correct", None),
                                      ("15", "incorrect", "diagonal_rule_beyond_3x3")):
        part = checked_key(spec_file, "p.a", answer)
        assert (part["status"], part["diagnosis"]) == (status, diagnosis)
        if diagnosis:
            assert "diagonal rule" in part["reason"]


def test_the_diagonal_rule_step_renders():
    from dataclasses import replace

    from solver.kinds.determinant import Rules
    from solver.render.document import render
    from solver.solving import solve_set

    solved = solve_set(load(f"""\
    title: t
    problems:
      - id: p
        parts:
          - {{id: a, kind: determinant, matrix: {TRIDIAGONAL}}}
    """))
    part = solved.problems[0].parts[0]
    mistaken = replace(part, solved=solve(part.part.inputs, rules=Rules(diagonal_rule=True)))
    solved = replace(solved, problems=(replace(solved.problems[0], parts=(mistaken,)),))
    text = render(solved, "markdown")
    assert "diagonal rule" in text and "$8$ of the terms" in text and "15" in text
    assert "\\mapsto" in render(solved, "latex")
