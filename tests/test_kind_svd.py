"""Singular value decompositions checked by independent routes: UΣVᵀ = A, UᵀU = I and
VᵀV = I, numpy's singular values (numpy.linalg.svd) on random integer matrices of several
shapes, rank-deficient ones among them, and the Eckart–Young errors against numpy's norms
of A − A_k; the typical mistakes, error carried forward, the checker's verdicts, spec
errors and the worked solution as a PDF."""

from __future__ import annotations

import json
import random
import textwrap

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from solver.answers import Named
from solver.check.answerfile import answers_from_text
from solver.check.checker import check_file
from solver.check.mistakes import mistakes
from solver.cli import cli
from solver.kinds import KINDS
from solver.kinds.given import Given
from solver.kinds.svd import SvdInputs, solve
from solver.kinds.svd.steps import (
    SvdCompletion,
    SvdGramEigenvalues,
    SvdGramMatrix,
    SvdOrthonormalBasis,
    SvdRightVectors,
    SvdSingularValues,
)
from solver.render.pdf import available_engine
from solver.solving import solve_set
from solver.spec.load import load_text
from tests.conftest import checked_key, example_spec, load, spec_error

M = sympy.ImmutableMatrix
s6, s5, s30 = sympy.sqrt(6), sympy.sqrt(5), sympy.sqrt(30)
MML = M([[1, 0, 1], [-2, 1, 0]])  # Mathematics for Machine Learning, Example 4.13
SHAPES = [(2, 2), (2, 3), (3, 2), (3, 3), (1, 3), (3, 1), (4, 2), (2, 4), (3, 4), (4, 4)]


def numeric(value) -> np.ndarray:
    return np.array(sympy.Matrix(value).evalf(30).tolist(), dtype=float)


def random_matrix(rng: random.Random, m: int, n: int, rank: int | None = None) -> M:
    """Small integers; with ``rank``, a product of an m×rank and a rank×n matrix."""
    def entries(rows, cols):
        return M(rows, cols, [rng.choice([-3, -2, -1, 0, 1, 2, 3]) for _ in range(rows * cols)])

    if rank is None:
        return entries(m, n)
    return M(entries(m, rank) * entries(rank, n))


def answer(A: M, rank: int | None = None) -> dict:
    return dict(solve(SvdInputs(A, rank)).answer.items)


def check_decomposition(A: M, found: dict) -> None:
    m, n = A.shape
    U, Sigma, V = (numeric(found[name].value) for name in ("U", "Sigma", "V"))
    assert np.allclose(U @ Sigma @ V.T, numeric(A), atol=1e-12)
    assert np.allclose(U.T @ U, np.eye(m), atol=1e-12)
    assert np.allclose(V.T @ V, np.eye(n), atol=1e-12)
    sigmas = [float(sympy.N(found[f"sigma{i}"].value, 30)) for i in range(1, min(m, n) + 1)]
    assert np.allclose(sigmas, np.linalg.svd(numeric(A), compute_uv=False), atol=1e-12)
    assert sigmas == sorted(sigmas, reverse=True)


@pytest.mark.parametrize("m, n", SHAPES)
def test_u_sigma_vt_is_a_and_numpy_agrees_on_random_integer_matrices(m, n):
    rng = random.Random(f"svd{m}{n}")
    for rank in (None, None, 1):
        A = random_matrix(rng, m, n, rank)
        if not any(A):
            continue
        check_decomposition(A, answer(A))


def test_rank_deficient_matrices_of_every_rank():
    rng = random.Random("deficient")
    for m, n, rank in [(3, 3, 2), (4, 3, 2), (3, 4, 2), (4, 4, 3), (4, 4, 1)]:
        A = random_matrix(rng, m, n, rank)
        found = answer(A)
        check_decomposition(A, found)
        zeros = sum(1 for i in range(1, min(m, n) + 1) if found[f"sigma{i}"].value == 0)
        assert min(m, n) - zeros == A.rank()


@pytest.mark.parametrize("m, n", [(2, 2), (3, 2), (2, 3), (3, 3), (4, 3)])
def test_eckart_young_errors_are_the_norms_of_a_minus_a_k(m, n):
    rng = random.Random(f"eckart{m}{n}")
    for _ in range(2):
        A = random_matrix(rng, m, n)
        for k in range(1, min(m, n) + 1):
            found = answer(A, k)
            difference = numeric(A) - numeric(found["A_k"].value)
            assert float(sympy.N(found["error_2"].value, 30)) == pytest.approx(
                np.linalg.norm(difference, 2), abs=1e-10)
            assert float(sympy.N(found["error_F"].value, 30)) == pytest.approx(
                np.linalg.norm(difference, "fro"), abs=1e-10)
            assert np.linalg.matrix_rank(numeric(found["A_k"].value), tol=1e-9) <= k


def test_mml_example_4_13_exactly():
    found = answer(MML, 1)
    assert (found["sigma1"].value, found["sigma2"].value) == (s6, 1)
    assert found["Sigma"].value == M([[s6, 0, 0], [0, 1, 0]])
    assert found["U"].value == M([[1, 2], [-2, 1]]) / s5
    assert found["V"].value == M([[5 / s30, 0, -1 / s6], [-2 / s30, 1 / s5, -2 / s6],
                                  [1 / s30, 2 / s5, 1 / s6]])
    assert found["V"].blocks == (1, 1, 1) and found["V"].orthonormal
    assert found["A_k"].value == M([[1, sympy.Rational(-2, 5), sympy.Rational(1, 5)],
                                    [-2, sympy.Rational(4, 5), sympy.Rational(-2, 5)]])
    assert (found["error_2"].value, found["error_F"].value) == (1, 1)


def test_a_wide_matrix_says_aat_is_smaller_but_starts_from_ata():
    steps = solve(SvdInputs(MML)).steps
    gram = steps[0]
    assert isinstance(gram, SvdGramMatrix) and gram.wide and gram.result.shape == (3, 3)
    assert not solve(SvdInputs(M(MML.T))).steps[0].wide


def test_a_rank_deficient_tall_matrix_completes_u_from_the_null_space_of_a_transpose():
    A = M([[1, 1], [1, 1], [0, 0]])
    solved = solve(SvdInputs(A, 1))
    found = dict(solved.answer.items)
    assert (found["sigma1"].value, found["sigma2"].value) == (2, 0)
    assert found["U"].blocks == (1, 2) and found["V"].blocks == (1, 1)
    completion = next(s for s in solved.steps if isinstance(s, SvdCompletion))
    assert completion.rank == 1 and len(completion.result) == 2
    assert all((A.T * u).is_zero_matrix for u in completion.result)
    singular = next(s for s in solved.steps if isinstance(s, SvdSingularValues))
    assert singular.rank == 1
    assert found["A_k"].value == A and (found["error_2"].value, found["error_F"].value) == (0, 0)


def test_a_repeated_singular_value_gets_an_orthonormal_basis_of_its_space():
    A = M([[1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 1]])
    solved = solve(SvdInputs(A))
    found = dict(solved.answer.items)
    check_decomposition(A, found)
    spaces = [s for s in solved.steps if isinstance(s, SvdRightVectors)]
    repeated = next(s for s in spaces if len(s.basis) == 2)
    assert isinstance(repeated.orthonormal, SvdOrthonormalBasis)
    assert len(repeated.orthonormal.rows) == 2 and repeated.orthonormal.rows[1].terms
    assert found["V"].blocks == (1, 2)


def test_a_cubic_without_readable_roots_goes_numeric():
    A = M([[1, 2, 0], [0, 1, 1], [1, 0, 1]])
    solved = solve(SvdInputs(A))
    step = next(s for s in solved.steps if isinstance(s, SvdGramEigenvalues))
    assert step.numeric and step.factors
    found = dict(solved.answer.items)
    assert found["sigma1"].value.is_Float
    check_decomposition(A, found)


def test_the_zero_matrix_has_only_zero_singular_values():
    found = answer(M([[0, 0], [0, 0], [0, 0]]))
    assert (found["sigma1"].value, found["sigma2"].value) == (0, 0)
    check_decomposition(M.zeros(3, 2), found)


# -- typical mistakes ----------------------------------------------------------------------


def found_mistakes(A: M, rank: int | None = None) -> dict:
    inputs = SvdInputs(A, rank)
    return {(m.code, m.name): m.answer for m in mistakes("svd", inputs, solve(inputs))}


def test_mistakes_produce_the_expected_wrong_values():
    found = found_mistakes(MML, 1)
    assert found["sigma_is_lambda", "sigma1"].value == 6
    assert found["sigma_is_lambda", "Sigma"].value == M([[6, 0, 0], [0, 1, 0]])
    assert found["increasing_order", "sigma1"].value == 1
    assert found["increasing_order", "sigma2"].value == s6
    assert found["not_normalised", "V"].value == M([[5, 0, -1], [-2, 1, -2], [1, 2, 1]])
    assert not found["not_normalised", "V"].orthonormal
    assert found["u_v_swapped", "U"].value.shape == (3, 3)
    assert found["u_v_swapped", "V"].value.shape == (2, 2)
    assert found["error_from_sigma_k", "error_2"].value == s6
    assert found["error_from_sigma_k", "error_F"].value == sympy.sqrt(7)


def test_mistakes_are_not_offered_where_they_give_the_right_answer():
    # an orthogonal matrix: every λ = 1 = σ, so σ = λ changes nothing
    rotation = found_mistakes(M([[0, -1], [1, 0]]))
    assert not any(code == "sigma_is_lambda" for code, _ in rotation)
    # a symmetric matrix is its own transpose: U and V swapped is the same work
    symmetric = found_mistakes(M([[2, 1], [1, 2]]))
    assert not any(code == "u_v_swapped" for code, _ in symmetric)
    assert not any(code == "sigma_is_lambda" and name == "sigma2" for code, name in symmetric)
    # the standard basis is already unit: nothing to normalise
    diagonal = found_mistakes(M([[3, 0], [0, 2]]))
    assert not any(code == "not_normalised" for code, _ in diagonal)
    # σ₁ = σ₂: the error from σ_k is the same number
    assert not any(code == "error_from_sigma_k" and name == "error_2"
                   for code, name in found_mistakes(M([[2, 0], [0, 2]]), 1))
    assert not any(code == "error_from_sigma_k" for code, _ in found_mistakes(MML))


# -- the checker -----------------------------------------------------------------------------

SPEC = """\
title: SVD
problems:
  - id: p
    parts:
      - {id: a, kind: svd, matrix: [[1, 0, 1], [-2, 1, 0]], rank: 1, ecf: true}
"""
V_FLIPPED = "[[-5/sqrt(30), 0, 1/sqrt(6)], [2/sqrt(30), -1/sqrt(5), 2/sqrt(6)], " \
            "[-1/sqrt(30), -2/sqrt(5), -1/sqrt(6)]]"


def _verdicts(answers: dict, spec: str = SPEC) -> dict:
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    return {v.key: v for v in check_file(solve_set(load_text(spec, "t.yaml")), sheet,
                                         only_answered=True).verdicts}


def test_sigma_and_sigma_matrix_carry_forward_from_the_students_eigenvalues():
    # the student's eigenvalues of AᵀA are 7, 1, 0: σ₁ = √7, Σ with √7
    answers = {"p.a.eigenvalues": ["7", "1", "0"], "p.a.sigma1": "sqrt(7)",
               "p.a.Sigma": [["sqrt(7)", "0", "0"], ["0", "1", "0"]]}
    verdicts = _verdicts(answers)
    assert verdicts["p.a.eigenvalues"].status == "incorrect"
    for key in ("p.a.sigma1", "p.a.Sigma"):
        assert (verdicts[key].status, verdicts[key].decided_by) == ("correct", "ecf")
    without = _verdicts(answers, SPEC.replace("ecf: true", "ecf: false"))
    assert without["p.a.sigma1"].status == "incorrect"
    unrelated = _verdicts({**answers, "p.a.sigma1": "sqrt(8)"})["p.a.sigma1"]
    assert unrelated.status == "incorrect" and unrelated.decided_by != "ecf"


def test_the_approximation_and_its_error_carry_forward_from_the_students_sigmas():
    # σ₁ = 3 (wrong), U and V right: A₁ = 3 u₁v₁ᵀ; σ₂ = 2 (wrong): both errors 2
    u1v1 = M([[5, -2, 1], [-10, 4, -2]]) / (5 * s6)
    A_1 = [[str(entry) for entry in row] for row in (3 * u1v1).tolist()]
    answers = {"p.a.sigma1": "3", "p.a.sigma2": "2",
               "p.a.U": "[[1/sqrt(5), 2/sqrt(5)], [-2/sqrt(5), 1/sqrt(5)]]",
               "p.a.A_k": A_1, "p.a.error_2": "2", "p.a.error_F": "2"}
    verdicts = _verdicts(answers)
    for key in ("p.a.A_k", "p.a.error_2", "p.a.error_F"):
        assert (verdicts[key].status, verdicts[key].decided_by) == ("correct", "ecf"), key


def test_what_follows_from_which_of_the_students_values():
    inputs = SvdInputs(MML, 1)
    lam = sympy.Symbol("lambda")

    def carried(values: dict, name: str):
        given = Given(values)
        solve(inputs, given)
        return given.carried(name)

    # the roots of their p(λ) = −λ³ + 8λ² − 7λ are 7, 1, 0
    assert carried({"polynomial": -lam**3 + 8 * lam**2 - 7 * lam}, "sigma1") == \
        (sympy.sqrt(7), ("polynomial",))
    # their AᵀA with a 2 in the corner: the eigenvalues of that matrix
    AtA = M([[5, -2, 1], [-2, 1, 0], [1, 0, 2]])
    value, sources = carried({"AtA": AtA}, "eigenvalues")
    assert sources == ("AtA",) and np.allclose(
        sorted(numeric(value).ravel()), sorted(np.linalg.eigvalsh(numeric(AtA))))
    # U = AV/σ from their V: v₁ and v₂ swapped
    V = answer(MML)["V"].value
    swapped = M.hstack(V[:, 1], V[:, 0], V[:, 2])
    value, sources = carried({"V": swapped}, "U")
    assert sources == ("V",) and value[:, 0] == MML * swapped[:, 0] / s6
    # σ₂ = 0 gives another rank: Σ follows from it, U does not
    assert carried({"sigma2": sympy.Integer(0)}, "Sigma")[0] == M([[s6, 0, 0], [0, 0, 0]])
    assert carried({"sigma2": sympy.Integer(0)}, "U") is None
    # negative eigenvalues have no square root: nothing follows
    assert carried({"eigenvalues": M([7, -1, 0])}, "sigma1") is None


def test_another_orthonormal_basis_of_a_repeated_singular_values_space_is_right(tmp_path):
    spec = tmp_path / "svd.yaml"
    spec.write_text(SPEC.replace("[[1, 0, 1], [-2, 1, 0]], rank: 1",
                                 "[[2, 0, 0], [0, 2, 0], [0, 0, 1]]"))
    rotated = "[[1/sqrt(2), 1/sqrt(2), 0], [1/sqrt(2), -1/sqrt(2), 0], [0, 0, -1]]"
    for key in ("p.a.V", "p.a.U"):
        result = CliRunner().invoke(cli, ["check", str(spec), "--key", key, rotated,
                                          "--format", "json"])
        assert json.loads(result.output)["parts"][0]["status"] == "correct", result.output
    mixed = "[[1/sqrt(2), 0, 1/sqrt(2)], [1/sqrt(2), 0, -1/sqrt(2)], [0, 1, 0]]"
    result = CliRunner().invoke(cli, ["check", str(spec), "--key", "p.a.V", mixed,
                                      "--format", "json"])
    assert json.loads(result.output)["parts"][0]["status"] == "incorrect"


@pytest.mark.parametrize("key, answer, status, diagnosis", [
    ("p.a.V", V_FLIPPED, "correct", None),
    ("p.a.U", "[[-1/sqrt(5), 2/sqrt(5)], [2/sqrt(5), 1/sqrt(5)]]", "correct", None),
    ("p.a.sigma1", "sqrt(6)", "correct", None),
    ("p.a.sigma1", "6", "incorrect", "sigma_is_lambda"),
    ("p.a.Sigma", "[[6, 0, 0], [0, 1, 0]]", "incorrect", "sigma_is_lambda"),
    ("p.a.Sigma", "[[1, 0, 0], [0, sqrt(6), 0]]", "incorrect", "increasing_order"),
    ("p.a.V", "[[5, 0, -1], [-2, 1, -2], [1, 2, 1]]", "incorrect", "not_normalised"),
    ("p.a.U", V_FLIPPED, "incorrect", "u_v_swapped"),
    ("p.a.error_2", "sqrt(6)", "incorrect", "error_from_sigma_k"),
    ("p.a.error_F", "sqrt(7)", "incorrect", "error_from_sigma_k"),
])
def test_check_verdicts_through_the_cli(tmp_path, key, answer, status, diagnosis):
    spec = tmp_path / "svd.yaml"
    spec.write_text(SPEC)
    part = checked_key(spec, key, answer)
    assert (part["status"], part["diagnosis"]) == (status, diagnosis)


# -- the spec ----------------------------------------------------------------------------------


def test_the_example_solves():
    spec = example_spec("svd")
    found = KINDS["svd"].solve(spec.problems[0].parts[0].inputs).answer
    assert isinstance(found, Named) and found["sigma1"].value == s6


def test_a_given_matrix_keeps_its_name():
    spec = load("""\
    title: t
    problems:
      - id: p
        given: {B: [[3, 0], [4, 5]]}
        parts:
          - {id: a, kind: svd, matrix: B, rank: 1}
    """)
    inputs = spec.problems[0].parts[0].inputs
    assert (inputs.name, inputs.rank) == ("B", 1)


@pytest.mark.parametrize("fields, field, words", [
    ("matrix: [[1, 2, 3, 4, 5], [1, 2, 3, 4, 5]]", "matrix", "up to 4×4"),
    ("matrix: [[1, 2], [3]]", "matrix", "rows of different lengths"),
    ("matrix: B", "matrix", "expected a matrix"),
    ("matrix: [[1, 2], [3, 4]], rank: 3", "rank", "between 1 and 2"),
    ("matrix: [[1, 2], [3, 4]], rank: 0", "rank", "between 1 and 2"),
    ("matrix: [[1, 2], [3, 4]], rank: one", "rank", "whole number"),
])
def test_spec_errors_name_the_field(fields, field, words):
    message = spec_error("svd", fields)
    assert f"field '{field}'" in message and words in message


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_worked_set_compiles_to_pdf(tmp_path):
    spec = tmp_path / "svd.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Singular value decompositions
        problems:
          - id: svd
            given:
              A: [[1, 0, 1], [-2, 1, 0]]
            parts:
              - {id: a, kind: svd, matrix: A, rank: 1}
              - {id: b, kind: svd, matrix: [[1, 1], [1, 1], [0, 0]], rank: 1}
              - {id: c, kind: svd, matrix: [[2, 0, 0], [0, 2, 0], [0, 0, 1]]}
              - {id: d, kind: svd, matrix: [[1, 2, 0], [0, 1, 1], [1, 0, 1]]}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "svd.pdf").read_bytes().startswith(b"%PDF")
    markdown = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path), "--format",
                                        "md"])
    assert markdown.exit_code == 0, markdown.output
    text = (tmp_path / "svd.md").read_text()
    assert r"\sigma_{1} &= \sqrt{6}" in text and r"\approx" in text
