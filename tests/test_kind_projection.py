"""Projections checked by independent routes: P² = P and MP = PᵀM for the projection
matrix, the residual orthogonal to U under M exactly, numpy's least squares for the dot
product, dependent spanning sets; the typical mistakes, error carried forward through the
checker, the checker's verdicts, and the worked solution as a PDF."""

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
from solver.kinds.projection import ProjectionInputs, solve
from solver.kinds.projection.steps import ProjectionBasis, ProjectionOntoLine
from solver.render.pdf import available_engine
from solver.solving import solve_set
from solver.spec.load import load_text
from tests.conftest import example_spec, load, spec_error

M = sympy.ImmutableMatrix


def vec(*entries) -> M:
    return M(entries)


def inputs(onto, point, inner=None, matrix=True) -> ProjectionInputs:
    return ProjectionInputs(tuple(vec(*v) for v in onto), vec(*point),
                            None if inner is None else M(inner), matrix)


def answer(onto, point, inner=None) -> dict:
    return dict(solve(inputs(onto, point, inner)).answer.items)


def random_case(rng: random.Random, n: int, k: int, weighted: bool):
    vectors = [[rng.randint(-3, 3) for _ in range(n)] for _ in range(k)]
    if all(x == 0 for v in vectors for x in v):
        vectors[0][0] = 1
    point = [rng.randint(-4, 4) for _ in range(n)]
    inner = None
    if weighted:
        L = M(n, n, [rng.randint(-2, 2) for _ in range(n * n)])
        inner = L.T * L + M.eye(n)  # symmetric positive definite
    return vectors, point, inner


@pytest.mark.parametrize("weighted", [False, True])
def test_the_projection_matrix_is_idempotent_and_self_adjoint_under_m(weighted):
    rng = random.Random(f"P{weighted}")
    for _ in range(12):
        n, k = rng.randint(2, 4), rng.randint(1, 3)
        vectors, point, inner = random_case(rng, n, k, weighted)
        found = answer(vectors, point, inner)
        P, Mg = found["P"].value, inner if inner is not None else M.eye(n)
        assert P * P == P
        assert Mg * P == P.T * Mg
        assert P * vec(*point) == found["p"].value


@pytest.mark.parametrize("weighted", [False, True])
def test_the_residual_is_orthogonal_to_every_spanning_vector_exactly(weighted):
    rng = random.Random(f"r{weighted}")
    for _ in range(12):
        vectors, point, inner = random_case(rng, rng.randint(2, 4), rng.randint(1, 3), weighted)
        found = answer(vectors, point, inner)
        Mg = inner if inner is not None else M.eye(len(point))
        residual = found["residual"].value
        assert residual == vec(*point) - found["p"].value
        for v in vectors:
            assert (vec(*v).T * Mg * residual)[0] == 0
        assert found["distance"].value**2 == (residual.T * Mg * residual)[0]


def test_agrees_with_numpy_least_squares_for_the_dot_product():
    rng = random.Random("lstsq")
    for _ in range(15):
        vectors, point, _ = random_case(rng, rng.randint(2, 5), rng.randint(1, 4), False)
        A = np.array(vectors, dtype=float).T
        coefficients, *_ = np.linalg.lstsq(A, np.array(point, dtype=float), rcond=None)
        found = answer(vectors, point)
        p = np.array(found["p"].value.tolist(), dtype=float).ravel()
        assert np.allclose(p, A @ coefficients)
        assert np.isclose(float(found["distance"].value),
                          np.linalg.norm(np.array(point) - A @ coefficients))


def test_a_dependent_spanning_set_is_reduced_to_a_basis():
    solved = solve(inputs([[1, 0, 1], [0, 1, 1], [1, 1, 2], [2, 0, 2]], [1, 2, 4]))
    reduction = solved.steps[0]
    assert isinstance(reduction, ProjectionBasis)
    assert reduction.rank == 2 and reduction.pivots == (0, 1)
    assert [(d.index, d.coefficients) for d in reduction.dependent] == [(2, (1, 1)), (3, (2, 0))]
    same = dict(solve(inputs([[1, 0, 1], [0, 1, 1]], [1, 2, 4])).answer.items)
    assert dict(solved.answer.items)["p"] == same["p"]
    assert dict(solved.intermediates)["rank"].value == 2
    rng = random.Random("rank")
    for _ in range(10):
        vectors, point, _ = random_case(rng, 3, 4, False)
        rank = dict(solve(inputs(vectors, point)).intermediates)["rank"].value
        assert rank == np.linalg.matrix_rank(np.array(vectors, dtype=float))


def test_onto_a_line_the_familiar_formula():
    solved = solve(inputs([[1, 2, 2]], [1, 1, 1]))
    line = solved.steps[0]
    assert isinstance(line, ProjectionOntoLine)
    assert (line.xb, line.bb, line.coefficient) == (5, 9, sympy.Rational(5, 9))
    found = dict(solved.answer.items)
    assert found["p"].value == vec(*[sympy.Rational(5, 9) * x for x in (1, 2, 2)])
    assert found["distance"].value == sympy.sqrt(2) / 3


@pytest.mark.parametrize("inner, words", [
    ([[1, 2], [3, 1]], "not symmetric"),
    ([[1, 2], [2, 1]], "not positive definite"),
    ([[0, 0], [0, 1]], "order 1 is 0"),
])
def test_a_matrix_that_is_no_inner_product_is_an_undefined_answer(inner, words):
    result = solve(inputs([[1, 1]], [3, 1], inner)).answer
    assert isinstance(result, Undefined) and words in result.reason


def _mistakes(onto, point, inner=None, matrix=True) -> dict:
    part = inputs(onto, point, inner, matrix)
    return {(m.code, m.name): m.answer.value for m in mistakes("projection", part, solve(part))}


def test_summing_single_projections_onto_a_non_orthogonal_basis():
    found = _mistakes([[1, 1, 1], [0, 1, 2]], [6, 0, 0])
    # 6/3 (1, 1, 1) + 0/5 (0, 1, 2)
    assert found[("sum_of_single_projections", "p")] == vec(2, 2, 2)
    orthogonal = _mistakes([[1, 1, 0], [1, -1, 0]], [1, 2, 3])
    assert not any(code == "sum_of_single_projections" for code, _ in orthogonal)


def test_forgetting_to_divide_by_b_b():
    found = _mistakes([[1, 2, 2]], [1, 1, 1])
    assert found[("not_divided_by_norm", "p")] == vec(5, 10, 10)
    assert found[("not_divided_by_norm", "lambda")] == 5
    unit = _mistakes([[1, 0, 0]], [1, 1, 1])
    assert not any(code == "not_divided_by_norm" for code, _ in unit)


def test_the_residual_with_the_wrong_sign():
    found = _mistakes([[1, 1, 1], [0, 1, 2]], [6, 0, 0])
    assert found[("residual_sign", "residual")] == vec(-1, 2, -1)
    assert ("residual_sign", "distance") not in found
    inside = _mistakes([[1, 0, 1], [0, 1, 1]], [1, 2, 3])  # x in U: the residual is 0
    assert not any(code == "residual_sign" for code, _ in inside)


def test_the_dot_product_where_m_is_given():
    found = _mistakes([[1, 1]], [3, 1], [[2, 0], [0, 1]])
    # dot product: p = 4/2 (1, 1); under M: ⟨x, b⟩ = 7, ⟨b, b⟩ = 3
    assert found[("euclidean_inner", "p")] == vec(2, 2)
    assert answer([[1, 1]], [3, 1], [[2, 0], [0, 1]])["p"].value == vec(*[sympy.Rational(7, 3)] * 2)
    identity = _mistakes([[1, 1]], [3, 1], [[1, 0], [0, 1]])
    assert not any(code == "euclidean_inner" for code, _ in identity)


CARRY_SPEC = """
problems:
  - id: k
    parts:
      - {id: a, kind: projection, onto: [[1, 1, 1], [0, 1, 2]], point: [6, 0, 0], ecf: true}
"""


def _verdicts(answers: dict, ecf: bool = True) -> dict:
    spec = CARRY_SPEC if ecf else CARRY_SPEC.replace("ecf: true", "ecf: false")
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    solved = solve_set(load_text(spec, "t.yaml"))
    return {v.key: v for v in check_file(solved, sheet, only_answered=True).verdicts}


@pytest.mark.parametrize("earlier, key, later, source", [
    # λ = (4, −2) instead of (5, −3): p = 4 (1, 1, 1) − 2 (0, 1, 2)
    ({"k.a.lambda": ["4", "-2"]}, "k.a.p", ["4", "2", "0"], "lambda"),
    ({"k.a.p": ["4", "2", "0"]}, "k.a.residual", ["2", "-2", "0"], "p"),
    ({"k.a.residual": ["2", "-2", "0"]}, "k.a.distance", "2 sqrt(2)", "residual"),
    # the student's BᵀB = [[3, 3], [3, 6]]: λ = (4, −2)
    ({"k.a.gram": [["3", "3"], ["3", "6"]]}, "k.a.lambda", ["4", "-2"], "gram"),
])
def test_error_carried_forward(earlier, key, later, source):
    verdict = _verdicts(earlier | {key: later})[key]
    assert (verdict.status, verdict.decided_by) == ("correct", "ecf"), verdict.reason
    assert f"correct from your own {source} " in verdict.reason
    assert _verdicts(earlier | {key: later}, ecf=False)[key].status == "incorrect"


def test_a_singular_student_gram_carries_nothing():
    verdict = _verdicts({"k.a.gram": [["1", "1"], ["1", "1"]], "k.a.lambda": ["1", "1"]})
    assert verdict["k.a.lambda"].status != "correct"


@pytest.mark.parametrize("answer_text, status, diagnosis", [
    (["5", "2", "-1"], "correct", None),
    (["2", "2", "2"], "incorrect", "sum_of_single_projections"),
])
def test_check_verdicts_through_the_cli(tmp_path, answer_text, status, diagnosis):
    spec = tmp_path / "proj.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Projections
        problems:
          - id: p
            parts:
              - {id: a, kind: projection, onto: [[1, 1, 1], [0, 1, 2]], point: [6, 0, 0]}
        """))
    sheet = tmp_path / "ada.json"
    sheet.write_text(json.dumps({"student": "ada", "answers": {"p.a.p": answer_text}}))
    result = CliRunner().invoke(cli, ["check", str(spec), str(sheet), "--format", "json"])
    assert result.exit_code == 0, result.output
    parts = {part["key"]: part for part in json.loads(result.output)["parts"]}
    assert (parts["p.a.p"]["status"], parts["p.a.p"]["diagnosis"]) == (status, diagnosis)


def test_the_example_solves():
    spec = example_spec("projection")
    solved = KINDS["projection"].solve(spec.problems[0].parts[0].inputs)
    assert isinstance(solved.answer, Named)
    assert solved.answer["p"].value == vec(5, 2, -1)


def test_a_given_matrix_spans_u_by_its_columns_and_given_vectors_are_listed():
    spec = load("""\
    title: t
    problems:
      - id: p
        given: {B: [[1, 0], [1, 1], [1, 2]], b1: [1, 1, 1], b2: [0, 1, 2], x: [6, 0, 0]}
        parts:
          - {id: a, kind: projection, onto: B, point: x}
          - {id: b, kind: projection, onto: [b1, b2], point: x}
    """)
    first, second = (KINDS["projection"].solve(part.inputs).answer
                     for part in spec.problems[0].parts)
    assert first == second and first["p"].value == vec(5, 2, -1)


@pytest.mark.parametrize("fields, field, words", [
    ("onto: [[1, 2], [1, 2, 3]], point: [1, 2, 3]", "onto", "vector 1 has 2 entries"),
    ("onto: [[0, 0, 0]], point: [1, 2, 3]", "onto", "zero vector"),
    ("onto: [1, 2, 3], point: [[1, 2], [3, 4]]", "point", "column vector"),
    ("onto: [1, 2], point: [1, 2], inner: [[1, 0, 0], [0, 1, 0], [0, 0, 1]]", "inner", "2×2"),
    ("onto: [1, 2], point: [1, 2], matrix: yes please", "matrix", "true or false"),
])
def test_spec_errors_name_the_field(fields, field, words):
    message = spec_error("projection", fields)
    assert f"field '{field}'" in message and words in message


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_worked_set_compiles_to_pdf(tmp_path):
    spec = tmp_path / "projections.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Projections
        problems:
          - id: proj
            given: {B: [[1, 0], [1, 1], [1, 2]]}
            parts:
              - {id: a, kind: projection, onto: B, point: [6, 0, 0], matrix: true}
              - {id: b, kind: projection, onto: [1, 2, 2], point: [1, 1, 1], matrix: true}
              - {id: c, kind: projection, onto: [[1, 0, 1], [0, 1, 1], [1, 1, 2]],
                 point: [1, 2, 4]}
              - {id: d, kind: projection, onto: [[1, 0], [0, 1]], point: [1, 1],
                 inner: [[2, 1], [1, 2]]}
              - {id: e, kind: projection, onto: [1, 1], point: [3, 1], inner: [[1, 2], [3, 1]]}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "projections.pdf").read_bytes().startswith(b"%PDF")
    markdown = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path), "--format",
                                        "md"])
    assert markdown.exit_code == 0, markdown.output
    text = (tmp_path / "projections.md").read_text()
    assert r"B^\top B \, \lambda = B^\top x" in text and "not symmetric" in text
