"""Changes of basis checked by the inverse route: B[v]_B = v, B T = C, Ã = B⁻¹AB similar to A
(same trace, determinant and eigenvalues), numpy's solve on random exact bases; dependent
bases answered with the dependent vector; the typical mistakes, error carried forward from a
student's B⁻¹, the checker's verdicts, and the worked solution as a PDF."""

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
from solver.errors import SpecErrors
from solver.kinds import KINDS
from solver.kinds.change_of_basis import ChangeOfBasisInputs, solve
from solver.kinds.change_of_basis.steps import (
    BasisCoordinates,
    BasisDependent,
    BasisInverse,
    MapInNewBasis,
    TransitionMatrix,
)
from solver.render.pdf import available_engine
from solver.solving import solve_set
from solver.spec.load import load_text
from tests.conftest import checked_key, example_spec, load

M = sympy.ImmutableMatrix


def random_matrix(rng: random.Random, n: int) -> M:
    return M(n, n, [rng.choice([-3, -2, -1, 0, 0, 1, 2, 3]) for _ in range(n * n)])


def random_basis(rng: random.Random, n: int) -> M:
    while True:
        B = random_matrix(rng, n)
        if B.det() != 0:
            return B


def as_float(matrix) -> np.ndarray:
    return np.array(matrix.tolist(), dtype=float)


@pytest.mark.parametrize("n", range(1, 5))
def test_coordinates_transition_and_map_by_the_inverse_route(n):
    rng = random.Random(f"basis{n}")
    for _ in range(6):
        B, C, A = random_basis(rng, n), random_basis(rng, n), random_matrix(rng, n)
        vectors = tuple(M(n, 1, [rng.randint(-4, 4) for _ in range(n)]) for _ in range(2))
        solved = solve(ChangeOfBasisInputs(B, C, A, vectors))
        answer = solved.answer
        T, A_new = answer["T"].value, answer["A_new"].value
        assert B * T == C  # T maps C-coordinates to B-coordinates
        for k, v in enumerate(vectors, start=1):
            coords = answer[f"coords{k}"].value
            assert all(entry.is_Rational for entry in coords)
            assert B * coords == v
            assert np.allclose(as_float(coords), np.linalg.solve(as_float(B), as_float(v)))
        assert B * A_new == A * B
        assert A_new.trace() == A.trace() and A_new.det() == A.det()
        assert A_new.charpoly().all_coeffs() == A.charpoly().all_coeffs()  # same eigenvalues
        expected = np.linalg.inv(as_float(B)) @ as_float(A) @ as_float(B)
        assert np.allclose(as_float(A_new), expected)
        assert np.allclose(as_float(T), np.linalg.solve(as_float(B), as_float(C)))
        assert dict(solved.intermediates)["B_inv"].value * B == sympy.eye(n)


def test_the_standard_basis_gives_T_equal_to_B_inverse_and_the_steps():
    B = M([[1, 1], [1, -1]])
    solved = solve(ChangeOfBasisInputs(B, None, M([[2, 1], [1, 2]]), (M([3, 1]),)))
    assert [type(step) for step in solved.steps] == [BasisInverse, TransitionMatrix,
                                                      MapInNewBasis, BasisCoordinates]
    assert solved.answer["T"].value == B.inv()
    assert solved.answer["A_new"].value == M([[3, 0], [0, 1]])  # eigenvectors diagonalise
    assert solved.answer["coords1"].value == M([2, 1])
    assert solved.steps[1].check == sympy.eye(2) == solved.steps[1].expected


@pytest.mark.parametrize("B, C, words", [
    ([[1, 2], [2, 4]], None, "new basis vectors are linearly dependent (b2 is a linear "
                             "combination of b1)"),
    ([[0, 1], [0, 1]], None, "b1 is the zero vector"),
    ([[1, 0, 1], [0, 1, 1], [1, 1, 2]], None, "b3 is a linear combination of b1, b2"),
    ([[1, 0], [0, 1]], [[1, 1], [1, 1]], "old basis vectors are linearly dependent (c2"),
])
def test_a_dependent_basis_is_refused_with_the_reason(B, C, words):
    solved = solve(ChangeOfBasisInputs(M(B), None if C is None else M(C), None, (M([1] * len(B)),)))
    assert isinstance(solved.answer, Undefined) and words in solved.answer.reason
    assert isinstance(solved.steps[0], BasisDependent)


def _mistakes(B, A=None, vectors=(), C=None):
    inputs = ChangeOfBasisInputs(M(B), None if C is None else M(C),
                                 None if A is None else M(A), tuple(M(v) for v in vectors))
    return {(m.code, m.name): m.answer.value for m in mistakes("change_of_basis", inputs,
                                                               solve(inputs))}


def test_mistakes_produce_the_expected_wrong_values():
    B, A = [[1, 1], [0, 1]], [[1, 2], [0, 3]]
    found = _mistakes(B, A, [[2, 3]])
    assert found[("transition_reversed", "T")] == M(B)  # B instead of B⁻¹
    assert found[("conjugation_reversed", "A_new")] == M(B) * M(A) * M(B).inv()
    assert found[("coordinates_by_B", "coords1")] == M([5, 3])
    C = [[1, 0], [1, 2]]
    assert _mistakes(B, C=C)[("transition_reversed", "T")] == M(C).inv() * M(B)


def test_mistakes_that_coincide_with_the_answer_are_not_triggered():
    swap = [[0, 1], [1, 0]]  # orthogonal and symmetric: B⁻¹ = B
    assert _mistakes(swap, [[1, 2], [3, 4]], [[1, 2]]) == {}
    assert ("conjugation_reversed", "A_new") not in _mistakes([[1, 1], [0, 1]],
                                                             [[2, 0], [0, 2]])  # A = 2I
    assert _mistakes([[1, 2], [2, 4]], [[1, 0], [0, 1]], [[1, 1]]) == {}  # not a basis


@pytest.fixture
def spec_file(tmp_path):
    path = tmp_path / "basis.yaml"
    path.write_text(textwrap.dedent("""\
        title: Bases
        problems:
          - id: p
            parts:
              - {id: a, kind: change_of_basis, to: [[1, 1], [0, 1]], map: [[1, 2], [0, 3]],
                 vectors: [[2, 3]]}
              - {id: b, kind: change_of_basis, to: [[1, 2], [2, 4]], vectors: [[1, 1]]}
        """))
    return path


@pytest.mark.parametrize("key, answer, status, diagnosis", [
    ("p.a.coords1", "[-1, 3]", "correct", None),
    ("p.a.coords1", "[5, 3]", "incorrect", "coordinates_by_B"),
    ("p.a.T", "[[1, -1], [0, 1]]", "correct", None),
    ("p.a.T", "[[1, 1], [0, 1]]", "incorrect", "transition_reversed"),
    ("p.a.A_new", "[[1, 0], [0, 3]]", "correct", None),
    ("p.a.A_new", "[[1, 4], [0, 3]]", "incorrect", "conjugation_reversed"),
    ("p.b", "undefined", "correct", None),
])
def test_check_verdicts_through_the_cli(spec_file, key, answer, status, diagnosis):
    part = checked_key(spec_file, key, answer)
    assert (part["status"], part["diagnosis"]) == (status, diagnosis)


ECF_SPEC = """
problems:
  - id: k
    parts:
      - {id: cb, kind: change_of_basis, to: [[1, 1], [0, 1]], map: [[1, 2], [0, 3]],
         vectors: [[2, 3]], ecf: true}
"""


def _verdicts(answers: dict, ecf: bool = True) -> dict:
    spec = ECF_SPEC if ecf else ECF_SPEC.replace("ecf: true", "ecf: false")
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    solved = solve_set(load_text(spec, "t.yaml"))
    return {v.key: v for v in check_file(solved, sheet, only_answered=True).verdicts}


def test_coordinates_and_the_map_carry_forward_from_the_students_inverse():
    # B⁻¹ = [[1, −1], [0, 1]]; a student's [[1, 1], [0, 1]] gives [v]_B = (5, 3) and
    # Ã = [[1, 1], [0, 1]] A [[1, 1], [0, 1]] = [[1, 6], [0, 3]]
    answers = {"k.cb.B_inv": [["1", "1"], ["0", "1"]], "k.cb.coords1": ["5", "3"],
               "k.cb.A_new": [["1", "6"], ["0", "3"]]}
    verdicts = _verdicts(answers)
    assert verdicts["k.cb.B_inv"].status == "incorrect"
    for key in ("k.cb.coords1", "k.cb.A_new"):
        assert verdicts[key].status == "correct" and verdicts[key].decided_by == "ecf"
    assert _verdicts(answers, ecf=False)["k.cb.coords1"].status == "incorrect"
    unrelated = _verdicts({"k.cb.B_inv": [["1", "1"], ["0", "1"]], "k.cb.coords1": ["7", "7"]})
    assert unrelated["k.cb.coords1"].status == "incorrect"


def test_the_example_solves():
    spec = example_spec("change_of_basis")
    inputs = spec.problems[0].parts[0].inputs
    answer = KINDS["change_of_basis"].solve(inputs).answer
    assert isinstance(answer, Named) and inputs.B * answer["coords1"].value == inputs.vectors[0]


def test_a_basis_of_given_vectors():
    spec = load("""\
    title: t
    problems:
      - id: p
        given: {b1: [1, 0, 1], b2: [0, 1, 1], b3: [1, 1, 0]}
        parts:
          - {id: a, kind: change_of_basis, to: [b1, b2, b3], vectors: [[2, 2, 2]]}
    """)
    inputs = spec.problems[0].parts[0].inputs
    assert inputs.B == M([[1, 0, 1], [0, 1, 1], [1, 1, 0]])
    assert solve(inputs).answer["coords1"].value == M([1, 1, 1])


@pytest.mark.parametrize("fields, field, words", [
    ("to: [[1, 2, 3], [4, 5, 6]], vectors: [[1, 1]]", "to", "not a basis"),
    ("to: [[1, 0], [0, 1]], from: [[1, 0, 0], [0, 1, 0], [0, 0, 1]]", "from", "same space"),
    ("to: [[1, 0], [0, 1]], map: [[1, 2, 3], [4, 5, 6]]", "map", "2×2"),
    ("to: [[1, 0], [0, 1]], vectors: [[1, 2, 3]]", "vectors", "3 entries"),
    ("to: [[1, 0], [0, 1]], vectors: 3", "vectors", "list of vectors"),
    ("to: [[1, 0], [0, 1]]", None, "nothing asked"),
])
def test_spec_errors_name_the_field(fields, field, words):
    with pytest.raises(SpecErrors) as error:
        load(f"""\
        title: t
        problems:
          - id: p
            parts:
              - {{id: a, kind: change_of_basis, {fields}}}
        """)
    if field is not None:
        assert f"field '{field}'" in str(error.value)
    assert words in str(error.value)


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_worked_set_compiles_to_pdf(tmp_path):
    spec = tmp_path / "bases.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Bases
        problems:
          - id: cb
            parts:
              - {id: a, kind: change_of_basis, to: [[1, 1], [1, -1]], map: [[2, 1], [1, 2]],
                 vectors: [[3, 1]]}
              - {id: b, kind: change_of_basis, to: [[1, 0, 1], [1, 1, 0], [0, 1, 1]],
                 from: [[1, 0, 0], [0, 2, 0], [1, 0, 1]], map: [[1, 2, 0], [0, 1, 0], [0, 0, 3]]}
              - {id: c, kind: change_of_basis, to: [[1, 2], [2, 4]], vectors: [[1, 1]]}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "bases.pdf").read_bytes().startswith(b"%PDF")
    markdown = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path), "--format",
                                        "md"])
    assert markdown.exit_code == 0, markdown.output
    text = (tmp_path / "bases.md").read_text()
    assert r"T &= B^{-1} C" in text and r"B^{-1} (A B)" in text
    assert "are linearly dependent and are not a basis" in text
