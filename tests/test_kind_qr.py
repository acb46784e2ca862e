"""QR checked by an independent route on random exact matrices: QR = A, QᵀQ = I, R upper
triangular with a positive diagonal, and numpy.linalg.qr up to the signs of the columns; a
dependent column named; the typical mistakes, R carried forward from the student's Q, the
CLI's verdicts and a PDF."""

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
from solver.kinds.gram_schmidt.steps import GramSchmidtOrthogonalise
from solver.kinds.qr import QRInputs, solve
from solver.render.pdf import available_engine
from solver.solving import solve_set
from solver.spec.load import load_text
from tests.conftest import checked_key, example_spec, spec_error

M = sympy.ImmutableMatrix


def random_matrix(rng: random.Random, rows: int, cols: int) -> M:
    """Small integers, redrawn until the columns are independent."""
    while True:
        A = M(rows, cols, [rng.randint(-3, 3) for _ in range(rows * cols)])
        if A.rank() == cols:
            return A


@pytest.mark.parametrize("rows, cols", [(1, 1), (2, 1), (2, 2), (3, 2), (3, 3), (4, 3)])
def test_qr_is_a_and_matches_numpy_up_to_column_signs(rows, cols):
    rng = random.Random(f"{rows}{cols}")
    for _ in range(4):
        A = random_matrix(rng, rows, cols)
        answer = solve(QRInputs(A)).answer
        Q, R = answer["Q"].value, answer["R"].value
        assert (Q * R).applyfunc(sympy.nsimplify) == A
        assert (Q.T * Q).applyfunc(sympy.nsimplify) == sympy.eye(cols)
        assert all(R[i, j] == 0 for i in range(cols) for j in range(i))
        assert all(R[i, i] > 0 for i in range(cols))
        q, r = np.linalg.qr(np.array(A.tolist(), dtype=float))
        signs = np.sign(np.diag(r))
        assert np.allclose(np.array(Q.evalf(), dtype=float), q * signs)
        assert np.allclose(np.array(R.evalf(), dtype=float), signs[:, None] * r)


def test_q_comes_from_the_gram_schmidt_kind_on_the_columns():
    solved = solve(QRInputs(M([[3, 1], [4, 2]])))
    steps = [step for step in solved.steps if isinstance(step, GramSchmidtOrthogonalise)]
    assert [step.letter for step in steps] == ["a", "a"]
    values = dict(solved.intermediates)
    assert values["u2"].value == M([sympy.Rational(-8, 25), sympy.Rational(6, 25)])
    assert solved.answer["R"].value == M([[5, sympy.Rational(11, 5)], [0, sympy.Rational(2, 5)]])


def test_a_dependent_column_is_named():
    answer = solve(QRInputs(M([[1, 2, 0], [2, 4, 1], [0, 0, 1]]))).answer
    assert isinstance(answer, Undefined)
    assert "column 2 of A" in answer.reason and "combination of columns 1 to 1" in answer.reason
    zero = solve(QRInputs(M([[0, 1], [0, 1]]))).answer
    assert isinstance(zero, Undefined) and "column 1 of A" in zero.reason


def _mistakes(matrix):
    inputs = QRInputs(M(matrix))
    return {(m.code, m.name): m.answer.value
            for m in mistakes("qr", inputs, solve(inputs))}


def test_mistakes_produce_the_expected_wrong_values():
    A = M([[3, 1], [4, 2]])
    Q = solve(QRInputs(A)).answer["Q"].value
    found = _mistakes(A)
    assert found[("r_missing_transpose", "R")] == (Q * A).applyfunc(sympy.nsimplify)
    assert found[("r_transpose_misplaced", "R")] == (Q * A.T).applyfunc(sympy.nsimplify)
    assert found[("not_normalised", "Q")] == M([[3, sympy.Rational(-8, 25)],
                                                [4, sympy.Rational(6, 25)]])
    assert found[("projection_sign", "Q")] != Q
    # two columns: u2 projects onto u1 = a1 either way, so the originals mistake coincides
    assert not any(code == "projected_onto_originals" for code, _ in found)
    three = _mistakes([[1, 1, 0], [1, 0, 1], [0, 1, 1]])
    assert ("projected_onto_originals", "Q") in three
    # a symmetric orthogonal A: Q = A (up to nothing), QA = A² = I = QᵀA: no R mistake
    assert not any(code.startswith("r_") for code, _ in _mistakes([[1, 0], [0, 1]]))


SPEC = """\
title: QR
problems:
  - id: p
    parts:
      - {id: a, kind: qr, matrix: [[3, 1], [4, 2]], ecf: true}
"""


def _verdicts(answers: dict, spec: str = SPEC) -> dict:
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    return {v.key: v for v in check_file(solve_set(load_text(spec, "t.yaml")), sheet,
                                         only_answered=True).verdicts}


def test_r_carries_forward_from_the_students_q():
    # the student's Q = (1/5)[[3, 4], [4, −3]] (second column's sign flipped and wrong):
    # R = QᵀA above the diagonal: r11 = 5, r12 = 11/5, r22 = (4·1 − 3·2)/5 = −2/5
    Q = [["3/5", "4/5"], ["4/5", "-3/5"]]
    answers = {"p.a.Q": Q, "p.a.R": [["5", "11/5"], ["0", "-2/5"]]}
    verdicts = _verdicts(answers)
    assert verdicts["p.a.Q"].status == "incorrect"
    assert (verdicts["p.a.R"].status, verdicts["p.a.R"].decided_by) == ("correct", "ecf")
    assert "correct from your own Q" in verdicts["p.a.R"].reason
    unrelated = _verdicts({"p.a.Q": Q, "p.a.R": [["5", "11/5"], ["0", "2"]]})["p.a.R"]
    assert unrelated.status == "incorrect" and unrelated.decided_by != "ecf"
    without = _verdicts(answers, SPEC.replace("ecf: true", "ecf: false"))
    assert without["p.a.R"].status == "incorrect"


def test_q_carries_forward_from_the_students_q_vectors():
    # q1 right, the student's q2 = (0, 1): Q = [q1 q2]
    verdicts = _verdicts({"p.a.q2": ["0", "1"], "p.a.Q": [["3/5", "0"], ["4/5", "1"]]})
    assert (verdicts["p.a.Q"].status, verdicts["p.a.Q"].decided_by) == ("correct", "ecf")


@pytest.mark.parametrize("key, answer, status, diagnosis", [
    ("p.a.R", "[[5, 11/5], [0, 2/5]]", "correct", None),
    ("p.a.Q", "[[3/5, -4/5], [4/5, 3/5]]", "correct", None),
    ("p.a.R", "[[-7/5, -1], [24/5, 2]]", "incorrect", "r_missing_transpose"),
    ("p.a.Q", "[[3, -8/25], [4, 6/25]]", "incorrect", "not_normalised"),
])
def test_check_verdicts_through_the_cli(tmp_path, key, answer, status, diagnosis):
    spec = tmp_path / "qr.yaml"
    spec.write_text(SPEC)
    part = checked_key(spec, key, answer)
    assert (part["status"], part["diagnosis"]) == (status, diagnosis)


def test_the_example_solves():
    spec = example_spec("qr")
    answer = KINDS["qr"].solve(spec.problems[0].parts[0].inputs).answer
    assert isinstance(answer, Named)
    assert answer["R"].value == M([[sympy.sqrt(2), sympy.sqrt(2) / 2], [0, sympy.sqrt(6) / 2]])


@pytest.mark.parametrize("fields, field, words", [
    ("matrix: [[1, 2, 3], [4, 5, 6]]", "matrix", "more columns than rows"),
    ("matrix: [[1, 2], [3]]", "matrix", "rows of different lengths"),
    ("matrix: B", "matrix", "expected a matrix"),
])
def test_spec_errors_name_the_field(fields, field, words):
    message = spec_error("qr", fields)
    assert f"field '{field}'" in message and words in message


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_worked_set_compiles_to_pdf(tmp_path):
    spec = tmp_path / "qr.yaml"
    spec.write_text(textwrap.dedent("""\
        title: QR
        problems:
          - id: qr
            given: {A: [[1, 1, 0], [1, 0, 1], [0, 1, 1]]}
            parts:
              - {id: a, kind: qr, matrix: A}
              - {id: b, kind: qr, matrix: [[3, 1], [4, 2]]}
              - {id: c, kind: qr, matrix: [[1, 2], [2, 4], [0, 0]]}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "qr.pdf").read_bytes().startswith(b"%PDF")
    markdown = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path), "--format",
                                        "md"])
    assert markdown.exit_code == 0, markdown.output
    text = (tmp_path / "qr.md").read_text()
    assert r"r_{12} &= q_{1}^\top a_{2}" in text and "column 2 of A reduces to 0" in text
