"""Inverses checked by the inverse route: A A⁻¹ = I and A⁻¹ A = I on random invertible
integer matrices, numpy's inverse, singular matrices answered as such with det A = 0; the
typical mistakes, error carried forward from a student's det, the checker's verdicts, and
the worked solution as a PDF."""

from __future__ import annotations

import json
import random
import textwrap

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from solver.answers import Undefined
from solver.check.answerfile import answers_from_text
from solver.check.checker import check_file
from solver.check.mistakes import mistakes
from solver.cli import cli
from solver.kinds import KINDS
from solver.kinds.determinant.steps import TwoByTwoDeterminant
from solver.kinds.inverse import InverseInputs, solve
from solver.kinds.inverse.steps import (
    AdjugateInverse,
    InverseAugmented,
    InverseReadOff,
    InverseRowOperations,
    NoInverse,
)
from solver.render.pdf import available_engine
from solver.solving import solve_set
from solver.spec.load import load_text
from tests.conftest import checked_key, example_spec, load, spec_error

M = sympy.ImmutableMatrix


def random_matrix(rng: random.Random, n: int) -> M:
    """Small integers with zeros among them, so that elimination meets zero pivots."""
    return M(n, n, [rng.choice([-3, -2, -1, 0, 0, 1, 2, 3, 5]) for _ in range(n * n)])


def random_invertible(rng: random.Random, n: int) -> M:
    while True:
        A = random_matrix(rng, n)
        if round(np.linalg.det(np.array(A.tolist(), dtype=float))) != 0:
            return A


def inverse_of(matrix: M, method: str = "auto"):
    return solve(InverseInputs(matrix, method)).answer


@pytest.mark.parametrize("n", range(1, 6))
def test_the_inverse_times_the_matrix_is_the_identity(n):
    rng = random.Random(f"inverse{n}")
    methods = ("auto", "gauss_jordan", "adjugate") if n == 2 else ("auto",)
    for _ in range(10):
        A = random_invertible(rng, n)
        for method in methods:
            inverse = inverse_of(A, method).value
            assert all(entry.is_Rational for entry in inverse)
            assert A * inverse == sympy.eye(n) and inverse * A == sympy.eye(n)
            expected = np.linalg.inv(np.array(A.tolist(), dtype=float))
            assert np.allclose(np.array(inverse.tolist(), dtype=float), expected)


@pytest.mark.parametrize("matrix", [
    [[0]], [[1, 2], [2, 4]], [[0, 0], [0, 0]], [[1, 2, 3], [2, 4, 6], [1, 0, 1]],
    [[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 0, 2, 1], [0, 1, 1, 0], [1, 1, 3, 1], [2, 0, 4, 2]],
])
def test_a_singular_matrix_is_answered_as_such_with_its_determinant_zero(matrix):
    solved = solve(InverseInputs(M(matrix)))
    assert isinstance(solved.answer, Undefined) and "singular" in solved.answer.reason
    assert dict(solved.intermediates)["det"].value == 0
    if len(matrix) != 2:
        assert isinstance(solved.steps[-1], NoInverse) and solved.steps[-1].det == 0


def test_random_singular_matrices_are_undefined():
    rng = random.Random("singular")
    for n in (2, 3, 4, 5):
        for _ in range(4):
            A = random_matrix(rng, n)
            last = A[0, :] + 2 * A[1, :] if n > 2 else 3 * A[0, :]  # rows dependent
            A = M.vstack(A[:-1, :], last)
            assert isinstance(inverse_of(A), Undefined)


def test_steps_by_size_and_method():
    two = solve(InverseInputs(M([[1, 2], [3, 4]]))).steps
    assert [type(step) for step in two] == [TwoByTwoDeterminant, AdjugateInverse]
    assert two[1].det == -2 and two[1].adjugate == M([[4, -2], [-3, 1]])
    three = solve(InverseInputs(M([[2, 1, 0], [1, 2, 1], [0, 1, 2]]))).steps
    assert [type(step) for step in three] == [InverseAugmented, InverseRowOperations,
                                               InverseRowOperations, InverseReadOff]
    assert three[0].result == M([[2, 1, 0, 1, 0, 0], [1, 2, 1, 0, 1, 0], [0, 1, 2, 0, 0, 1]])
    assert [(batch.kind, batch.row) for batch in three[1].batches] == [("below", 0),
                                                                       ("below", 1)]
    assert three[-1].check == sympy.eye(3)
    swapped = solve(InverseInputs(M([[0, 1], [2, 3]]), "gauss_jordan")).steps
    assert swapped[1].batches[0].kind == "swap"
    assert [type(step) for step in solve(InverseInputs(M([[1, 2], [2, 4]]),
                                                       "gauss_jordan")).steps] \
        == [InverseAugmented, InverseRowOperations, NoInverse]


def _mistakes(matrix, method="auto"):
    inputs = InverseInputs(M(matrix), method)
    return {m.code: m.answer.value for m in mistakes("inverse", inputs, solve(inputs))}


def test_mistakes_produce_the_expected_wrong_values():
    # A⁻¹ = −½ [[4, −2], [−3, 1]]
    found = _mistakes([[1, 2], [3, 4]])
    half = sympy.Rational(1, 2)
    assert found["inverse_transposed"] == M([[-2, 3 * half], [1, -half]])
    assert found["diagonal_inverted"] == M([[1, 0], [0, sympy.Rational(1, 4)]])
    assert found["adjugate_diagonal_signs"] == M([[2, -1], [-3 * half, half]])
    assert found["determinant_factor_forgotten"] == M([[4, -2], [-3, 1]])
    # A⁻¹ = [[1, −2, 0], [0, 1, 0], [0, −3, 1]]
    three = _mistakes([[1, 2, 0], [0, 1, 0], [0, 3, 1]])
    assert three["inverse_transposed"] == M([[1, 0, 0], [-2, 1, -3], [0, 0, 1]])
    assert three["diagonal_inverted"] == sympy.eye(3)
    assert "adjugate_diagonal_signs" not in three and "determinant_factor_forgotten" not in three


def test_mistakes_that_coincide_with_the_answer_are_not_triggered():
    assert "inverse_transposed" not in _mistakes([[2, 1], [1, 3]])  # symmetric
    assert "diagonal_inverted" not in _mistakes([[2, 0, 0], [0, 4, 0], [0, 0, 5]])  # diagonal
    assert "diagonal_inverted" not in _mistakes([[0, 1], [1, 1]])  # a zero on the diagonal
    assert "determinant_factor_forgotten" not in _mistakes([[2, 1], [1, 1]])  # det A = 1
    assert _mistakes([[1, 2], [2, 4]]) == {}  # singular: no value to be wrong about


@pytest.fixture
def spec_file(tmp_path):
    path = tmp_path / "inverse.yaml"
    path.write_text(textwrap.dedent("""\
        title: Inverses
        problems:
          - id: p
            parts:
              - {id: a, kind: inverse, matrix: [[1, 2], [3, 4]]}
              - {id: b, kind: inverse, matrix: [[1, 2], [2, 4]]}
        """))
    return path


@pytest.mark.parametrize("key, answer, status, diagnosis", [
    ("p.a", "[[-2, 1], [3/2, -1/2]]", "correct", None),
    ("p.a", "[[-2, 3/2], [1, -1/2]]", "incorrect", "inverse_transposed"),
    ("p.a", "[[4, -2], [-3, 1]]", "incorrect", "determinant_factor_forgotten"),
    ("p.a", "[[2, -1], [-3/2, 1/2]]", "incorrect", "adjugate_diagonal_signs"),
    ("p.b", "undefined", "correct", None),
])
def test_check_verdicts_through_the_cli(spec_file, key, answer, status, diagnosis):
    part = checked_key(spec_file, key, answer)
    assert (part["status"], part["diagnosis"]) == (status, diagnosis)


ECF_SPEC = """
problems:
  - id: k
    parts:
      - {id: inv, kind: inverse, matrix: [[1, 2], [3, 4]], ecf: true}
"""


def _verdicts(answers: dict, ecf: bool = True) -> dict:
    spec = ECF_SPEC if ecf else ECF_SPEC.replace("ecf: true", "ecf: false")
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    solved = solve_set(load_text(spec, "t.yaml"))
    return {v.key: v for v in check_file(solved, sheet, only_answered=True).verdicts}


def test_the_inverse_carries_forward_from_the_students_determinant():
    # det A = −2; a student's det 2 gives adj A / 2
    answers = {"k.inv.det": "2", "k.inv": [["2", "-1"], ["-1.5", "0.5"]]}
    verdicts = _verdicts(answers)
    assert verdicts["k.inv.det"].status == "incorrect"
    assert verdicts["k.inv"].status == "correct" and verdicts["k.inv"].decided_by == "ecf"
    assert _verdicts(answers, ecf=False)["k.inv"].status == "incorrect"
    unrelated = _verdicts({"k.inv.det": "2", "k.inv": [["1", "0"], ["0", "1"]]})
    assert unrelated["k.inv"].status == "incorrect"


def test_the_example_solves():
    spec = example_spec("inverse")
    A = spec.problems[0].parts[0].inputs.matrix
    assert A * KINDS["inverse"].solve(spec.problems[0].parts[0].inputs).answer.value \
        == sympy.eye(3)


def test_a_given_matrix_keeps_its_name():
    spec = load("""\
    title: t
    problems:
      - id: p
        given: {B: [[2, 1], [1, 2]]}
        parts:
          - {id: a, kind: inverse, matrix: B}
    """)
    inputs = spec.problems[0].parts[0].inputs
    assert inputs.name == "B"
    assert "det B = 0" in solve(InverseInputs(M([[1, 1], [1, 1]]), name="B")).answer.reason


@pytest.mark.parametrize("fields, field, words", [
    ("matrix: [[1, 2, 3], [4, 5, 6]]", "matrix", "square"),
    ("matrix: [[1]], method: cramer", "method", "unknown method"),
    ("matrix: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], method: adjugate", "method", "2×2"),
    ("matrix: [[x, 1], [1, x]]", "matrix", "unknown name"),
    ("matrix: [" + ", ".join(["[" + ", ".join(["1"] * 7) + "]"] * 7) + "]", "matrix",
     "up to 6×6"),
])
def test_spec_errors_name_the_field(fields, field, words):
    message = spec_error("inverse", fields)
    assert f"field '{field}'" in message and words in message


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_worked_set_compiles_to_pdf(tmp_path):
    spec = tmp_path / "inverses.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Inverses
        problems:
          - id: inv
            given:
              A: [[2, 1, 0], [1, 2, 1], [0, 1, 2]]
              B: [[1, 2], [3, 4]]
            parts:
              - {id: a, kind: inverse, matrix: A}
              - {id: b, kind: inverse, matrix: B}
              - {id: c, kind: inverse, matrix: [[0, 2, 1], [1, 0, 2], [2, 1, 0]]}
              - {id: d, kind: inverse, matrix: [[1, 2, 3], [2, 4, 6], [1, 0, 1]]}
              - {id: e, kind: inverse, matrix: [[2, 4], [1, 2]]}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "inverses.pdf").read_bytes().startswith(b"%PDF")
    markdown = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path), "--format",
                                        "md"])
    assert markdown.exit_code == 0, markdown.output
    text = (tmp_path / "inverses.md").read_text()
    assert r"\det B = " in text and r"R_{2} \leftarrow R_{2}" in text
    assert "singular and has no inverse" in text
