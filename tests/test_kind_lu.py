"""LU factorisations checked by the inverse route: PA = LU (A = LU without pivoting) on
random integer matrices, L unit lower triangular and U upper triangular, compared with
SymPy's own LUdecomposition; the zero pivot, the typical mistakes, error carried forward
through the checker, the checker's verdicts and the worked solution as a PDF."""

from __future__ import annotations

import json
import random
import textwrap

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from solver.answers import Named, Undefined
from solver.check.answerfile import answers_from_text
from solver.check.checker import check_file
from solver.check.mistakes import mistakes
from solver.cli import cli
from solver.kinds import KINDS
from solver.kinds.lu import LuInputs, solve
from solver.kinds.lu.steps import LuEliminationColumn, LuFactors, LuZeroPivot
from solver.render.pdf import available_engine
from solver.solving import solve_set
from solver.spec.load import load_text
from tests.conftest import checked_key, load, spec_error

M = sympy.ImmutableMatrix
ZERO_PIVOT = M([[0, 1, 2], [1, 1, 1], [2, 1, 0]])


def random_matrix(rng: random.Random, n: int) -> M:
    """Small integers with zeros among them, so that partial pivoting meets ties and swaps."""
    return M(n, n, [rng.choice([-4, -3, -2, -1, 0, 1, 2, 3, 5]) for _ in range(n * n)])


def factors(matrix: M, pivoting: str = "none"):
    answer = solve(LuInputs(matrix, pivoting)).answer
    return answer if isinstance(answer, Undefined) else {n: a.value for n, a in answer.items}


def assert_triangular(L: M, U: M):
    n = L.rows
    assert all(L[i, i] == 1 for i in range(n))
    assert all(L[i, j] == 0 for i in range(n) for j in range(i + 1, n))
    assert all(U[i, j] == 0 for i in range(n) for j in range(i))


@pytest.mark.parametrize("n", range(2, 6))
def test_pa_equals_lu_with_partial_pivoting_on_random_integer_matrices(n):
    rng = random.Random(f"partial{n}")
    for _ in range(10):
        A = random_matrix(rng, n)
        found = factors(A, "partial")
        P, L, U = found["P"], found["L"], found["U"]
        assert_triangular(L, U)
        assert P * A == L * U
        assert sorted(P * M(range(n))) == list(range(n))  # a permutation
        numeric = np.array((P * A).tolist(), dtype=float)
        assert np.allclose(np.array((L * U).tolist(), dtype=float), numeric)
        # partial pivoting: every multiplier has |ℓ| ≤ 1
        assert all(abs(L[i, j]) <= 1 for i in range(n) for j in range(i))


@pytest.mark.parametrize("n", range(2, 6))
def test_a_equals_lu_without_pivoting_matches_sympy(n):
    rng = random.Random(f"none{n}")
    factored = 0
    for _ in range(20):
        A = random_matrix(rng, n)
        found = factors(A)
        leading = [A[:k, :k].det() for k in range(1, n)]
        if isinstance(found, Undefined):
            assert 0 in leading and "partial pivoting" in found.reason
            assert not isinstance(factors(A, "partial"), Undefined)
            continue
        L, U = found["L"], found["U"]
        assert_triangular(L, U)
        assert A == L * U
        if 0 not in leading:  # then the factorisation is unique, and SymPy's is the same
            sL, sU, swaps = sympy.Matrix(A).LUdecomposition()
            assert not swaps and (M(sL), M(sU)) == (L, U)
            factored += 1
    assert factored


def test_rational_and_irrational_entries_stay_exact():
    A = M([[sympy.Rational(1, 2), sympy.Rational(1, 3)], [2, sympy.sqrt(2)]])
    found = factors(A)
    assert found["L"] * found["U"] == A and found["L"][1, 0] == 4
    assert sympy.simplify(found["U"][1, 1] - (sympy.sqrt(2) - sympy.Rational(4, 3))) == 0


def test_a_zero_pivot_says_where_and_partial_pivoting_succeeds():
    solved = solve(LuInputs(ZERO_PIVOT))
    assert isinstance(solved.answer, Undefined)
    assert "row 1, column 1 is 0" in solved.answer.reason
    assert "partial pivoting" in solved.answer.reason
    assert isinstance(solved.steps[-1], LuZeroPivot)
    later = solve(LuInputs(M([[1, 2, 3], [2, 4, 1], [1, 0, 1]])))
    assert "row 2, column 2 is 0" in later.answer.reason
    found = factors(ZERO_PIVOT, "partial")
    assert found["P"] * ZERO_PIVOT == found["L"] * found["U"]
    assert found["P"].row(0) == M([[0, 0, 1]])  # 2 is the largest |entry| of column 1


def test_a_zero_column_below_a_zero_pivot_is_skipped():
    A = M([[0, 1], [0, 2]])
    found = factors(A)
    assert found["L"] == M([[1, 0], [0, 1]]) and found["U"] == A
    assert factors(M([[1, 2], [2, 4]]))["U"] == M([[1, 2], [0, 0]])


def test_steps_one_column_at_a_time_then_the_factors():
    steps = solve(LuInputs(M([[2, 1, 1], [4, 3, 3], [8, 7, 9]]), "partial")).steps
    assert [type(step) for step in steps] == [LuEliminationColumn] * 2 + [LuFactors]
    first, second, last = steps
    assert (first.swap_row, first.pivot) == (2, 8)
    assert [(i, factor) for i, _, factor in first.multipliers] == [(1, sympy.Rational(1, 2)),
                                                                    (2, sympy.Rational(1, 4))]
    assert second.swap_row == 2 and second.lower[1, 0] == sympy.Rational(1, 4)
    assert last.product == last.P * M([[2, 1, 1], [4, 3, 3], [8, 7, 9]])


def _mistakes(matrix, pivoting="none", name="L"):
    inputs = LuInputs(M(matrix), pivoting)
    return {m.code: m.answer.value for m in mistakes("lu", inputs, solve(inputs))
            if m.name == name}


def test_mistakes_produce_the_expected_wrong_values():
    found = _mistakes([[2, 1, 1], [4, 3, 3], [8, 7, 9]])
    assert found["multiplier_sign"] == M([[1, 0, 0], [-2, 1, 0], [-4, -3, 1]])
    assert found["l_diagonal_missing"] == M([[0, 0, 0], [2, 0, 0], [4, 3, 0]])
    assert found["u_diagonal_in_l"] == M([[2, 0, 0], [2, 1, 0], [4, 3, 2]])
    assert "multipliers_not_swapped" not in found  # no pivoting
    pivoted = _mistakes([[2, 1, 1], [4, 3, 3], [8, 7, 9]], "partial")
    # the swap of rows 2 and 3 at column 2 leaves 1/2 and 1/4 where they were
    assert pivoted["multipliers_not_swapped"] == M([[1, 0, 0], [sympy.Rational(1, 2), 1, 0],
                                                    [sympy.Rational(1, 4), sympy.Rational(2, 3),
                                                     1]])


def test_a_swap_only_at_a_zero_pivot_is_the_pivot_not_largest():
    A = [[0, 1, 2], [1, 1, 1], [2, 1, 0]]  # first non-zero in column 1: row 2, largest: row 3
    P = _mistakes(A, "partial", "P")["pivot_not_largest"]
    L = _mistakes(A, "partial", "L")["pivot_not_largest"]
    U = _mistakes(A, "partial", "U")["pivot_not_largest"]
    assert P == M([[0, 1, 0], [1, 0, 0], [0, 0, 1]])
    assert P * M(A) == L * U and U == M([[1, 1, 1], [0, 1, 2], [0, 0, 0]])
    # no zero pivot and the largest always on the diagonal: the same factors, not offered
    assert "pivot_not_largest" not in _mistakes([[4, 1], [2, 3]], "partial", "P")


def test_mistakes_that_coincide_with_the_right_answer_are_not_offered():
    # pivots all 1: U's diagonal in L is the unit diagonal; no swap after column 1
    found = _mistakes([[1, 2], [3, 7]], "partial")
    assert "u_diagonal_in_l" in found  # the swap makes the pivot 3
    assert "u_diagonal_in_l" not in _mistakes([[1, 2], [3, 7]])
    assert "multipliers_not_swapped" not in found  # the only swap comes before any multiplier
    assert "multiplier_sign" not in _mistakes([[1, 2], [0, 1]])  # no multiplier but 0
    assert _mistakes(ZERO_PIVOT) == {}


SPEC = """\
title: LU
problems:
  - id: p
    parts:
      - {id: a, kind: lu, matrix: [[2, 1, 1], [4, 3, 3], [8, 7, 9]], ecf: true}
      - {id: b, kind: lu, matrix: [[2, 1, 1], [4, 3, 3], [8, 7, 9]], pivoting: partial,
         ecf: true}
"""


def _verdicts(answers: dict, ecf: bool = True) -> dict:
    spec = SPEC if ecf else SPEC.replace("ecf: true", "ecf: false")
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    solved = solve_set(load_text(spec, "t.yaml"))
    return {v.key: v for v in check_file(solved, sheet, only_answered=True).verdicts}


def test_u_from_the_students_own_l_is_carried_forward():
    A = M([[2, 1, 1], [4, 3, 3], [8, 7, 9]])
    wrong_L = M([[1, 0, 0], [2, 1, 0], [4, 2, 1]])  # ℓ₃₂ = 2 instead of 3
    U = M(wrong_L.inv() * A)  # their rows: uᵢ = aᵢ − Σ ℓᵢⱼ uⱼ
    answers = {"p.a.L": wrong_L.tolist(), "p.a.U": U.tolist()}
    answers = {key: [[str(x) for x in row] for row in value] for key, value in answers.items()}
    verdicts = _verdicts(answers)
    assert verdicts["p.a.L"].status == "incorrect"
    assert (verdicts["p.a.U"].status, verdicts["p.a.U"].decided_by) == ("correct", "ecf")
    assert _verdicts(answers, ecf=False)["p.a.U"].status == "incorrect"
    answers["p.a.U"][2][2] = "7"
    assert _verdicts(answers)["p.a.U"].status == "incorrect"


def test_l_and_u_from_the_students_own_p_are_carried_forward():
    A = M([[2, 1, 1], [4, 3, 3], [8, 7, 9]])
    wrong_P = M([[0, 0, 1], [0, 1, 0], [1, 0, 0]])  # the second swap forgotten
    L, U, _ = sympy.Matrix(wrong_P * A).LUdecomposition()
    answers = {"p.b.P": wrong_P, "p.b.L": L, "p.b.U": U}
    answers = {key: [[str(x) for x in row] for row in value.tolist()]
               for key, value in answers.items()}
    verdicts = _verdicts(answers)
    assert verdicts["p.b.P"].status == "incorrect"
    for key in ("p.b.L", "p.b.U"):
        assert (verdicts[key].status, verdicts[key].decided_by) == ("correct", "ecf"), key
    # a P that is no permutation carries nothing
    answers["p.b.P"] = [["1", "1", "0"], ["0", "0", "1"], ["0", "0", "0"]]
    assert _verdicts(answers)["p.b.L"].status == "incorrect"


@pytest.fixture
def spec_file(tmp_path):
    return tmp_path / "lu.yaml"


@pytest.mark.parametrize("L, status, diagnosis", [
    ([[1, 0, 0], [2, 1, 0], [4, 3, 1]], "correct", None),
    ([[1, 0, 0], [-2, 1, 0], [-4, -3, 1]], "incorrect", "multiplier_sign"),
    ([[2, 0, 0], [2, 1, 0], [4, 3, 2]], "incorrect", "u_diagonal_in_l"),
])
def test_check_verdicts_through_the_cli(spec_file, L, status, diagnosis):
    spec_file.write_text(textwrap.dedent("""\
        title: LU
        problems:
          - id: p
            parts:
              - {id: a, kind: lu, matrix: [[2, 1, 1], [4, 3, 3], [8, 7, 9]]}
        """))
    part = checked_key(spec_file, "p.a.L", json.dumps(L))
    assert (part["status"], part["diagnosis"]) == (status, diagnosis)


def test_the_example_solves_and_a_given_matrix_keeps_its_name():
    spec = load(f"""\
    title: t
    problems:
      - id: p
        given: {{B: [[4, 3], [6, 3]]}}
        parts:
          - {KINDS["lu"].example}
          - {{id: b, kind: lu, matrix: B, pivoting: partial}}
    """)
    example, named = spec.problems[0].parts
    answer = KINDS["lu"].solve(example.inputs).answer
    assert isinstance(answer, Named) and answer["U"].value == M([[2, 1, 1], [0, 1, 1], [0, 0, 2]])
    assert named.inputs.name == "B" and named.inputs.pivoting == "partial"


@pytest.mark.parametrize("fields, field, words", [
    ("matrix: [[1, 2, 3], [4, 5, 6]]", "matrix", "square"),
    ("matrix: [[1, 2], [3, 4]], pivoting: full", "pivoting", "unknown pivoting"),
    ("matrix: [[x, 1], [1, x]]", "matrix", "unknown name"),
    ("matrix: " + str([[1] * 7] * 7), "matrix", "up to 6×6"),
])
def test_spec_errors_name_the_field(fields, field, words):
    message = spec_error("lu", fields)
    assert f"field '{field}'" in message and words in message


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_worked_set_compiles_to_pdf(tmp_path):
    spec = tmp_path / "lu.yaml"
    spec.write_text(textwrap.dedent("""\
        title: LU factorisations
        problems:
          - id: lu
            given:
              A: [[2, 1, 1], [4, 3, 3], [8, 7, 9]]
            parts:
              - {id: a, kind: lu, matrix: A}
              - {id: b, kind: lu, matrix: A, pivoting: partial}
              - {id: c, kind: lu, matrix: [[0, 1, 2], [1, 1, 1], [2, 1, 0]]}
              - {id: d, kind: lu, matrix: [[0, 1, 2], [1, 1, 1], [2, 1, 0]], pivoting: partial}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "lu.pdf").read_bytes().startswith(b"%PDF")
    markdown = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path), "--format",
                                        "md"])
    assert markdown.exit_code == 0, markdown.output
    text = (tmp_path / "lu.md").read_text()
    assert "no LU factorisation without row exchanges" in text and r"\ell_{32}" in text
