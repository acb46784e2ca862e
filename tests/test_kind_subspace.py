"""Subspaces checked by independent routes: numpy's matrix_rank on random integer matrices
of a chosen rank, rank–nullity, every basis vector inside the space (A v = 0, or the rank
unchanged when it is appended), bases independent, complements orthogonal with dimensions
adding to n, coordinates that rebuild the vector; the typical mistakes, error carried
forward, the checker's verdicts and the worked solution as a PDF."""

from __future__ import annotations

import json
import random
import textwrap

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from solver.answers import NoSolution, Undefined, Value
from solver.check.answerfile import answers_from_text
from solver.check.checker import check_file
from solver.check.mistakes import mistakes
from solver.cli import cli
from solver.kinds import KINDS
from solver.kinds.subspace import SubspaceInputs, solve
from solver.render.pdf import available_engine
from solver.solving import solve_set
from solver.spec.load import load_text
from tests.conftest import checked_key, load, spec_error

M = sympy.ImmutableMatrix
SPACES = ("column", "null", "row", "left_null")


def of_rank(rng: random.Random, m: int, n: int, r: int) -> M:
    """An m×n integer matrix of rank r: a product of random m×r and r×n factors, redrawn
    until numpy confirms the rank."""
    while True:
        left = M(m, r, [rng.randint(-3, 3) for _ in range(m * r)])
        right = M(r, n, [rng.randint(-3, 3) for _ in range(r * n)])
        A = M(left * right) if r else M.zeros(m, n)
        if np.linalg.matrix_rank(np.array(A.tolist(), dtype=float)) == r:
            return A


def cases():
    rng = random.Random(13)
    for m, n in ((2, 3), (3, 3), (3, 4), (4, 3), (4, 5)):
        for r in range(0, min(m, n) + 1):
            yield of_rank(rng, m, n, r), r


def vectors(answer) -> list[M]:
    """The basis vectors of an answer item ([] for the space {0})."""
    if isinstance(answer, Undefined):
        return []
    assert answer.match == "span"
    return [M(answer.value.col(j)) for j in range(answer.value.cols)]


def worked(A: M, space: str, complement: bool = False, members=()):
    return solve(SubspaceInputs(A, space, complement, tuple(members)))


def test_rank_nullity_and_numpy_rank_on_random_matrices_of_chosen_rank():
    for A, r in cases():
        dims = {space: worked(A, space).answer["dimension"].value for space in SPACES}
        assert dims["column"] == dims["row"] == r
        assert dims["column"] + dims["null"] == A.cols
        assert dims["row"] + dims["left_null"] == A.rows
        assert worked(A, "column").intermediates[0][1].value == r


def test_every_basis_vector_lies_in_its_space_and_the_bases_are_independent():
    for A, r in cases():
        for space in SPACES:
            basis = vectors(worked(A, space).answer["basis"])
            if basis:
                assert M.hstack(*basis).rank() == len(basis)
            for v in basis:
                if space == "null":
                    assert A * v == M.zeros(A.rows, 1)
                elif space == "left_null":
                    assert A.T * v == M.zeros(A.cols, 1)
                elif space == "column":
                    assert A.row_join(v).rank() == r
                else:
                    assert A.col_join(v.T).rank() == r


def test_the_column_basis_is_made_of_columns_of_the_original_matrix():
    for A, _ in cases():
        columns = [M(A.col(j)) for j in range(A.cols)]
        assert all(v in columns for v in vectors(worked(A, "column").answer["basis"]))


def test_complements_are_orthogonal_and_the_dimensions_add_to_n():
    for A, _ in cases():
        for space in SPACES:
            answer = worked(A, space, complement=True).answer
            n = A.rows if space in ("column", "left_null") else A.cols
            inside, outside = vectors(answer["basis"]), vectors(answer["complement_basis"])
            assert all((u.T * w)[0, 0] == 0 for u in inside for w in outside)
            assert answer["dimension"].value + answer["complement_dimension"].value == n
            assert len(inside) + len(outside) == n


def test_the_null_space_is_the_complement_of_the_row_space():
    for A, _ in cases():
        row = worked(A, "row", complement=True).answer["complement_basis"]
        null = worked(A, "null").answer["basis"]
        if isinstance(null, Value):
            assert row.value.row_join(null.value).rank() == null.value.rank() == row.value.rank()
        else:
            assert isinstance(row, Undefined)


def test_member_coordinates_rebuild_the_vector_and_outsiders_are_no_solution():
    rng = random.Random("members")
    for A, r in cases():
        if r == 0:
            continue
        inside = M(A * M(A.cols, 1, [rng.randint(-2, 2) for _ in range(A.cols)]))
        answer = worked(A, "column", members=(inside,)).answer
        basis = M.hstack(*vectors(answer["basis"]))
        assert basis * answer["member1"].value == inside
        if r < A.rows:
            outside = vectors(worked(A, "left_null").answer["basis"])[0]
            assert isinstance(worked(A, "column", members=(outside,)).answer["member1"],
                              NoSolution)


def test_the_zero_space_has_an_empty_basis_and_its_complement_is_everything():
    answer = worked(M([[1, 0], [0, 1], [1, 1]]), "null", complement=True,
                    members=(M([0, 0]), M([1, 0]))).answer
    assert isinstance(answer["basis"], Undefined) and answer["dimension"].value == 0
    assert answer["complement_dimension"].value == 2
    assert M.hstack(*vectors(answer["complement_basis"])).rank() == 2
    assert isinstance(answer["member1"], Undefined)
    assert isinstance(answer["member2"], NoSolution)


def _mistakes(A, space: str):
    inputs = SubspaceInputs(M(A), space)
    return {(m.code, m.name): m.answer for m in mistakes("subspace", inputs, solve(inputs))}


def test_the_pivot_columns_of_r_are_the_wrong_column_space():
    found = _mistakes([[1, 2, 0, 1], [2, 4, 1, 4], [3, 6, 1, 5]], "column")
    wrong = found[("reduced_columns", "basis")].value
    assert wrong == M([[1, 0], [0, 1], [0, 0]])
    assert _mistakes([[1, 0, 2], [0, 1, 3]], "column") == {}  # A is its own R
    assert _mistakes([[1, 2], [3, 4]], "column") == {}  # R = I: both span the plane


def test_the_rows_of_a_kept_give_too_large_a_dimension():
    found = _mistakes([[1, 2, 0, 1], [2, 4, 1, 4], [3, 6, 1, 5]], "row")
    assert found[("unreduced_rows", "dimension")].value == 3
    assert _mistakes([[1, 2, 0], [0, 1, 4]], "row") == {}  # independent rows: the same answer


def test_the_rank_given_as_the_nullity():
    found = _mistakes([[1, 2, 3], [2, 4, 6]], "null")
    assert found[("nullity_as_rank", "dimension")].value == 1
    assert _mistakes([[1, 2, 3, 4], [0, 1, 1, 1]], "null") == {}  # rank 2 = nullity 2
    assert _mistakes([[1, 2], [2, 4], [3, 6]], "left_null")[
        ("nullity_as_rank", "dimension")].value == 1


SPEC = """\
title: Subspaces
problems:
  - id: p
    parts:
      - {id: a, kind: subspace, matrix: [[1, 2, 0, 1], [2, 4, 1, 4], [3, 6, 1, 5]],
         space: column, complement: true, member: [[1, 2, 3], [1, 0, 0]], ecf: true}
"""


@pytest.mark.parametrize("key, answer, status, diagnosis", [
    ("p.a.basis", "[[1, 2, 3], [0, 1, 1]]", "correct", None),
    ("p.a.basis", "[[1, 2, 3], [1, 4, 5]]", "correct", None),
    ("p.a.basis", "[[1, 0, 0], [0, 1, 0]]", "incorrect", "reduced_columns"),
    ("p.a.dimension", "2", "correct", None),
    ("p.a.member1", "[1, 0]", "correct", None),
    ("p.a.member2", "no solution", "correct", None),
])
def test_check_verdicts_through_the_cli(tmp_path, key, answer, status, diagnosis):
    spec = tmp_path / "s.yaml"
    spec.write_text(SPEC)
    part = checked_key(spec, key, answer)
    assert (part["status"], part["diagnosis"]) == (status, diagnosis), part


def _verdicts(answers: dict, ecf: bool = True) -> dict:
    spec = SPEC if ecf else SPEC.replace("ecf: true", "ecf: false")
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    solved = solve_set(load_text(spec, "t.yaml"))
    return {v.key: v for v in check_file(solved, sheet, only_answered=True).verdicts}


@pytest.mark.parametrize("earlier, key, later, unrelated", [
    ({"p.a.rank": "3"}, "p.a.dimension", "3", "4"),
    # the student's basis e1, e2: its complement is e3, v1 = (1, 2, 3) is outside it
    ({"p.a.basis": [["1", "0", "0"], ["0", "1", "0"]]}, "p.a.complement_basis",
     ["0", "0", "1"], ["1", "1", "1"]),
    # v1 = (1, 2, 3) = (1, 1, 1) + (0, 1, 2) in the student's (wrong) basis
    ({"p.a.basis": [["1", "1", "1"], ["0", "1", "2"]]}, "p.a.member1", ["1", "1"],
     ["0", "1"]),
    ({"p.a.dimension": "1"}, "p.a.complement_dimension", "2", "3"),
])
def test_error_carried_forward(earlier, key, later, unrelated):
    verdict = _verdicts(earlier | {key: later})[key]
    assert (verdict.status, verdict.decided_by) == ("correct", "ecf"), verdict.reason
    assert _verdicts(earlier | {key: later}, ecf=False)[key].status == "incorrect"
    wrong = _verdicts(earlier | {key: unrelated})[key]
    assert wrong.status == "incorrect" and wrong.decided_by != "ecf", wrong.reason


def test_the_example_solves_and_a_span_of_vectors_is_a_column_space():
    spec = load(f"""\
    title: t
    problems:
      - id: p
        parts:
          - {KINDS["subspace"].example}
          - {{id: b, kind: subspace, vectors: [[1, 0, 1], [0, 1, 1], [1, 1, 2]]}}
          - {{id: c, kind: subspace, matrix: [[1, 2], [2, 4]], space: null}}
    """)
    first, second, third = spec.problems[0].parts
    answer = KINDS["subspace"].solve(first.inputs).answer
    assert answer["dimension"].value == 2
    assert second.inputs.matrix == M([[1, 0, 1], [0, 1, 1], [1, 1, 2]]).T
    assert KINDS["subspace"].solve(second.inputs).answer["dimension"].value == 2
    assert third.inputs.space == "null"  # YAML's null token, read as the null space


@pytest.mark.parametrize("fields, field, words", [
    ("matrix: [[1, 2]], space: kernel", "space", "unknown space"),
    ("matrix: [[1, 2]], space: ~", "space", "expected one of"),
    ("matrix: [[1, 2]], vectors: [[1, 2]]", "vectors", "either"),
    ("space: row", "matrix", "either"),
    ("vectors: [[1, 2]], space: row", "space", "spanning set"),
    ("matrix: [[1, 2], [3, 4]], member: [[1, 2, 3]]", "member", "R^2"),
    ("matrix: [[1, 2]], complement: yes please", "complement", "true or false"),
])
def test_spec_errors_name_the_field(fields, field, words):
    message = spec_error("subspace", fields)
    assert f"field '{field}'" in message and words in message, message


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_worked_set_compiles_to_pdf(tmp_path):
    spec = tmp_path / "subspaces.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Subspaces
        problems:
          - id: s
            given:
              A: [[1, 2, 0, 1], [2, 4, 1, 4], [3, 6, 1, 5]]
            parts:
              - {id: a, kind: subspace, matrix: A, space: column, member: [[1, 2, 3], [1, 0, 0]]}
              - {id: b, kind: subspace, matrix: A, space: null, complement: true}
              - {id: c, kind: subspace, matrix: A, space: row}
              - {id: d, kind: subspace, matrix: A, space: left_null}
              - {id: e, kind: subspace, vectors: [[1, 0, 1], [0, 1, 1], [1, 1, 2]]}
              - {id: f, kind: subspace, matrix: [[1, 0], [0, 1]], space: null, complement: true,
                 member: [[0, 0]]}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "subspaces.pdf").read_bytes().startswith(b"%PDF")
    markdown = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path), "--format",
                                        "md"])
    assert markdown.exit_code == 0, markdown.output
    text = (tmp_path / "subspaces.md").read_text()
    assert r"\dim C(A) = 2" in text and r"\dim N(A) = 2" in text and r"V^{\perp}" in text


def test_a_basis_carried_forward_counts_up_to_span():
    """ECF keeps the answer's own match: the complement of a student's wrong basis may be
    written as any basis of it."""
    import json as _json

    from solver.check.answerfile import answers_from_text
    from solver.check.checker import check_file
    from solver.solving import solve_set as _solve_set
    from solver.spec.load import load_text as _load_text

    spec = """\
problems:
  - id: p
    parts:
      - {id: a, kind: subspace, matrix: [[1, 2, 0, 1], [2, 4, 1, 4], [3, 6, 1, 5]],
         space: column, complement: true, ecf: true}
"""
    answers = {"p.a.basis": "[[1, 0], [0, 1], [0, 0]]", "p.a.complement_basis": "[0, 0, 2]"}
    sheet = answers_from_text(_json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    verdicts = {v.key: v for v in check_file(_solve_set(_load_text(spec, "t.yaml")), sheet,
                                             only_answered=True).verdicts}
    assert verdicts["p.a.basis"].status == "incorrect"
    assert verdicts["p.a.complement_basis"].status == "correct"
    assert verdicts["p.a.complement_basis"].decided_by == "ecf"
