"""Norms, inner products, distances and angles checked against numpy.linalg.norm and
numpy's arccos on random integer vectors and matrices; an M that is not an inner product,
the typical mistakes, error carried forward through the checker, the checker's verdicts,
and the worked solution as a PDF."""

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
from solver.kinds.norm import NormInputs, solve
from solver.kinds.norm.steps import NormSpectral
from solver.render.pdf import available_engine
from solver.solving import solve_set
from solver.spec.load import load_text
from solver.steps.inner_product import InnerProductCheck
from tests.conftest import example_spec, load, spec_error

M = sympy.ImmutableMatrix
NUMPY_ORD = {"l1": 1, "l2": 2, "linf": np.inf, "frobenius": "fro", "spectral": 2}


def random_vector(rng: random.Random, n: int) -> M:
    return M([rng.randint(-6, 6) for _ in range(n)])


def random_matrix(rng: random.Random, rows: int, cols: int) -> M:
    return M(rows, cols, [rng.randint(-4, 4) for _ in range(rows * cols)])


def value(inputs: NormInputs):
    return solve(inputs).answer.value


def array(matrix: M) -> np.ndarray:
    return np.array(matrix.tolist(), dtype=float)


@pytest.mark.parametrize("which", ["l1", "l2", "linf"])
def test_vector_norms_match_numpy(which):
    rng = random.Random(which)
    for n in (1, 2, 3, 5):
        for _ in range(8):
            x = random_vector(rng, n)
            norm = value(NormInputs(x, which))
            assert not norm.atoms(sympy.Float)  # exact
            assert float(norm) == pytest.approx(np.linalg.norm(array(x).ravel(), NUMPY_ORD[which]))


@pytest.mark.parametrize("which", ["frobenius", "spectral"])
def test_matrix_norms_match_numpy(which):
    rng = random.Random(which)
    for shape in ((2, 2), (2, 3), (3, 2), (3, 3)):
        for _ in range(5):
            A = random_matrix(rng, *shape)
            norm = value(NormInputs(A, which, name="A"))
            assert float(norm) == pytest.approx(np.linalg.norm(array(A), NUMPY_ORD[which]))


def test_square_roots_stay_exact_and_readable():
    assert value(NormInputs(M([3, -4, 12]), "l2")) == 13
    assert value(NormInputs(M([1, 1, 1, 1, 1, 1, 1, 1]), "l2")) == 2 * sympy.sqrt(2)
    assert value(NormInputs(M([[1, 2], [3, 4]]), "frobenius")) == sympy.sqrt(30)
    assert value(NormInputs(M([[1, 2], [2, 1]]), "spectral")) == 3
    assert value(NormInputs(M([[1, 0, 2], [0, 1, 1]]), "spectral")) == sympy.sqrt(6)


def test_the_spectral_norm_shows_the_eigenvalues_of_AtA():
    step = solve(NormInputs(M([[1, 2], [3, 4]]), "spectral")).steps[-1]
    assert isinstance(step, NormSpectral)
    assert step.gram == M([[10, 14], [14, 20]])
    assert sympy.expand(step.polynomial) == sympy.expand(
        (sympy.Symbol("lambda") - 15) ** 2 - 221)
    assert step.lambda_max == 15 + sympy.sqrt(221)


def test_inner_products_distances_and_angles_match_numpy():
    rng = random.Random("two vectors")
    for n in (2, 3, 4):
        for _ in range(8):
            x, y = random_vector(rng, n), random_vector(rng, n)
            if not any(x) or not any(y):
                continue
            a, b = array(x).ravel(), array(y).ravel()
            assert value(NormInputs(x, "inner", y)) == int(round(a @ b))
            assert float(value(NormInputs(x, "distance", y))) == pytest.approx(
                np.linalg.norm(a - b))
            angle = np.arccos(np.clip(a @ b / np.linalg.norm(a) / np.linalg.norm(b), -1, 1))
            assert float(value(NormInputs(x, "angle", y))) == pytest.approx(angle, abs=1e-9)


def test_an_inner_product_of_a_gram_matrix_matches_numpy():
    rng = random.Random("gram")
    for n in (2, 3):
        for _ in range(6):
            B = random_matrix(rng, n, n)
            G = M(B.T * B + sympy.eye(n))  # symmetric positive definite
            x, y = random_vector(rng, n), random_vector(rng, n)
            g, a, b = array(G), array(x).ravel(), array(y).ravel()
            assert value(NormInputs(x, "inner", y, G)) == int(round(a @ g @ b))
            assert float(value(NormInputs(x, "induced", gram=G))) == pytest.approx(
                np.sqrt(a @ g @ a))
            assert float(value(NormInputs(x, "distance", y, G))) == pytest.approx(
                np.sqrt((a - b) @ g @ (a - b)))
            if any(x) and any(y):
                cos = a @ g @ b / np.sqrt(a @ g @ a) / np.sqrt(b @ g @ b)
                assert float(value(NormInputs(x, "angle", y, G))) == pytest.approx(
                    np.arccos(np.clip(cos, -1, 1)), abs=1e-9)


def test_angles_are_exact_where_sympy_knows_them():
    assert value(NormInputs(M([1, 1]), "angle", M([1, 0]))) == sympy.pi / 4
    assert value(NormInputs(M([1, 0, 1]), "angle", M([1, 1, 0]))) == sympy.pi / 3
    assert value(NormInputs(M([1, 2]), "angle", M([-2, 1]))) == sympy.pi / 2
    assert value(NormInputs(M([1, 2]), "angle", M([-1, -2]))) == sympy.pi


def test_the_angle_with_a_zero_vector_is_undefined():
    answer = solve(NormInputs(M([0, 0]), "angle", M([1, 2]))).answer
    assert isinstance(answer, Undefined) and "zero vector" in answer.reason


@pytest.mark.parametrize("gram, words", [
    ([[1, 2], [0, 1]], "not symmetric"),
    ([[1, 2], [2, 1]], "leading principal minor of order 2 is -3"),
    ([[0, 0], [0, 1]], "leading principal minor of order 1 is 0"),
])
def test_a_gram_matrix_that_is_no_inner_product_gives_the_reason(gram, words):
    solved = solve(NormInputs(M([1, 2]), "angle", M([2, 1]), M(gram)))
    assert isinstance(solved.answer, Undefined) and words in solved.answer.reason
    check = solved.steps[0]
    assert isinstance(check, InnerProductCheck) and not check.inner_product
    assert (not check.symmetric) == (words == "not symmetric")


def test_named_values():
    solved = solve(NormInputs(M([1, 0, 1]), "angle", M([1, 1, 0])))
    named = {name: item.value for name, item in solved.intermediates}
    assert named == {"inner": 1, "norm_x": sympy.sqrt(2), "norm_y": sympy.sqrt(2),
                     "cos": sympy.Rational(1, 2)}
    solved = solve(NormInputs(M([1, 2]), "distance", M([3, 5])))
    named = {name: item.value for name, item in solved.intermediates}
    assert named == {"difference": M([-2, -3]), "sum_squares": 13}


def _mistakes(inputs):
    return {m.code: m.answer.value for m in mistakes("norm", inputs, solve(inputs))}


def test_each_mistake_gives_its_wrong_value():
    assert _mistakes(NormInputs(M([3, -4, 12]), "l2")) == {"square_root_forgotten": 169}
    assert _mistakes(NormInputs(M([3, -4, 12]), "l1")) == {"absolute_values_forgotten": 11}
    assert _mistakes(NormInputs(M([1, 0, 1]), "angle", M([1, 1, 0]))) == {
        "cos_for_angle": sympy.Rational(1, 2)}
    assert _mistakes(NormInputs(M([1, 2]), "induced", gram=M([[2, 1], [1, 2]]))) == {
        "square_root_forgotten": 14}
    assert _mistakes(NormInputs(M([1, 2]), "distance", M([3, 5]))) == {
        "square_root_forgotten": 13}
    # AᵀA = [[10, 14], [14, 20]]; A's eigenvalues are (5 ± √33)/2, its largest entry 4
    found = _mistakes(NormInputs(M([[1, 2], [3, 4]]), "spectral"))
    assert found["square_root_forgotten"] == 15 + sympy.sqrt(221)
    assert sympy.simplify(found["spectral_of_matrix"] ** 2 - (5 + sympy.sqrt(33)) / 2) == 0
    assert found["spectral_as_largest_entry"] == 4


def test_a_mistake_that_coincides_with_the_answer_is_not_reported():
    assert _mistakes(NormInputs(M([1, 0]), "l2")) == {}  # ‖x‖² = ‖x‖ = 1
    assert _mistakes(NormInputs(M([1, 2, 3]), "l1")) == {}  # no negative entry
    # A symmetric positive semidefinite: λ(A) = √λ(AᵀA); here a diagonal 4: largest entry too
    found = _mistakes(NormInputs(M([[4, 0], [0, 1]]), "spectral"))
    assert "spectral_as_largest_entry" not in found
    assert found["spectral_of_matrix"] == 2
    # a rotation's eigenvalues are not real: no √λ of A to take
    assert "spectral_of_matrix" not in _mistakes(NormInputs(M([[0, -1], [1, 0]]), "spectral"))


ECF_SPEC = """
problems:
  - id: n
    parts:
      - {id: a, kind: norm, x: [1, 0, 1], y: [1, 1, 0], which: angle, ecf: true}
      - {id: d, kind: norm, x: [1, 2], y: [3, 5], which: distance, ecf: true}
      - {id: s, kind: norm, x: [[1, 2], [2, 1]], which: spectral, ecf: true}
"""


def _verdicts(answers: dict, ecf: bool = True) -> dict:
    spec = ECF_SPEC if ecf else ECF_SPEC.replace("ecf: true", "ecf: false")
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    solved = solve_set(load_text(spec, "t.yaml"))
    return {v.key: v for v in check_file(solved, sheet, only_answered=True).verdicts}


@pytest.mark.parametrize("key, earlier, later, source, unrelated", [
    # the student's ⟨x, y⟩ = 2 with norms √2: cos θ = 1, θ = 0
    ("n.a", {"n.a.inner": "2"}, "0", "inner", "pi/2"),
    ("n.a", {"n.a.norm_x": "1"}, "pi/4", "norm_x", "pi/2"),
    ("n.a", {"n.a.cos": "sqrt(3)/2"}, "pi/6", "cos", "pi/2"),
    ("n.d", {"n.d.difference": ["2", "1"]}, "sqrt(5)", "difference", "5"),
    ("n.d", {"n.d.sum_squares": "25"}, "5", "sum_squares", "6"),
    ("n.s", {"n.s.lambda_max": "16"}, "4", "lambda_max", "5"),
    ("n.s", {"n.s.gram": [["4", "0"], ["0", "1"]]}, "2", "gram", "5"),
])
def test_error_carried_forward(key, earlier, later, source, unrelated):
    verdict = _verdicts(earlier | {key: later})[key]
    assert (verdict.status, verdict.decided_by) == ("correct", "ecf"), verdict.reason
    assert f"correct from your own {source} " in verdict.reason
    assert _verdicts(earlier | {key: later}, ecf=False)[key].status == "incorrect"
    wrong = _verdicts(earlier | {key: unrelated})[key]
    assert wrong.status == "incorrect" and wrong.decided_by != "ecf", wrong.reason


@pytest.mark.parametrize("part, answer, status, diagnosis", [
    ("{id: a, kind: norm, x: [3, -4, 12]}", "13", "correct", None),
    ("{id: a, kind: norm, x: [3, -4, 12]}", "169", "incorrect", "square_root_forgotten"),
    ("{id: a, kind: norm, x: [3, -4, 12], which: l1}", "11", "incorrect",
     "absolute_values_forgotten"),
    ("{id: a, kind: norm, x: [1, 1], y: [1, 0], which: angle}", "pi/4", "correct", None),
    ("{id: a, kind: norm, x: [1, 1], y: [1, 0], which: angle}", "1/sqrt(2)", "incorrect",
     "cos_for_angle"),
    ("{id: a, kind: norm, x: [[1, 2], [3, 4]], which: spectral}", "4", "incorrect",
     "spectral_as_largest_entry"),
])
def test_check_verdicts_through_the_cli(tmp_path, part, answer, status, diagnosis):
    spec = tmp_path / "norm.yaml"
    spec.write_text(f"title: Norms\nproblems:\n  - id: p\n    parts:\n      - {part}\n")
    result = CliRunner().invoke(cli, ["check", str(spec), "--key", "p.a", answer,
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    verdict = json.loads(result.output)["parts"][0]
    assert (verdict["status"], verdict["diagnosis"]) == (status, diagnosis)


def test_the_example_solves():
    spec = example_spec("norm")
    part = spec.problems[0].parts[0]
    assert KINDS["norm"].solve(part.inputs).answer.value == sympy.pi / 3


def test_given_names_and_defaults():
    spec = load("""\
    title: t
    problems:
      - id: p
        given: {u: [1, 2, 2], B: [[1, 2], [3, 4]], G: [[2, 1], [1, 2]]}
        parts:
          - {id: a, kind: norm, x: u}
          - {id: b, kind: norm, x: B}
          - {id: c, kind: norm, x: [1, 2], which: induced, inner: G}
    """)
    first, second, third = (part.inputs for part in spec.problems[0].parts)
    assert (first.name, first.which, value(first)) == ("u", "l2", 3)
    assert (second.name, second.which, value(second)) == ("B", "frobenius", sympy.sqrt(30))
    assert third.gram == M([[2, 1], [1, 2]]) and value(third) == sympy.sqrt(14)


@pytest.mark.parametrize("fields, field, words", [
    ("x: [1, 2], which: l3", "which", "unknown norm"),
    ("x: [1, 2], which: spectral", "which", "does not apply to a vector"),
    ("x: [[1, 2], [3, 4]], which: l1", "which", "does not apply to a 2×2 matrix"),
    ("x: [1, 2], which: angle", "y", "needs a second vector"),
    ("x: [1, 2], y: [1, 2, 3], which: distance", "y", "3 entries"),
    ("x: [1, 2], y: [1, 2]", "y", "takes one vector"),
    ("x: [1, 2], which: induced", "inner", "needs the Gram matrix"),
    ("x: [1, 2], inner: [[1, 0], [0, 1]]", "inner", "applies to"),
    ("x: [1, 2], y: [1, 2], which: inner, inner: [[1, 0, 0], [0, 1, 0], [0, 0, 1]]", "inner",
     "2×2"),
    ("x: [a, 2]", "x", "a"),
])
def test_spec_errors_name_the_field(fields, field, words):
    message = spec_error("norm", fields)
    assert f"field '{field}'" in message and words in message


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_worked_set_compiles_to_pdf(tmp_path):
    spec = tmp_path / "norms.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Norms
        problems:
          - id: n
            given:
              M: [[2, 1], [1, 2]]
            parts:
              - {id: a, kind: norm, x: [3, -4, 12], which: l1}
              - {id: b, kind: norm, x: [3, -4, 12]}
              - {id: c, kind: norm, x: [3, -4, 12], which: linf}
              - {id: d, kind: norm, x: [[1, 2], [3, 4]]}
              - {id: e, kind: norm, x: [[1, 0, 2], [0, 1, 1]], which: spectral}
              - {id: f, kind: norm, x: [1, 1], y: [1, 0], which: angle}
              - {id: g, kind: norm, x: [1, 2], y: [3, 1], which: distance, inner: M}
              - {id: h, kind: norm, x: [1, 2], which: induced, inner: [[1, 2], [2, 1]]}
              - {id: i, kind: norm, x: [1, 2], y: [2, 1], which: angle, inner: M}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "norms.pdf").read_bytes().startswith(b"%PDF")
    markdown = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path), "--format",
                                        "md"])
    assert markdown.exit_code == 0, markdown.output
    text = (tmp_path / "norms.md").read_text()
    assert r"\sqrt{6}" in text and r"\frac{\pi}{4}" in text and "not positive definite" in text
