"""Gram–Schmidt checked by its defining properties on random exact vectors: QᵀMQ = I (the
q's orthonormal under M), the span kept (rank [Q | V] = rank V), the u's orthogonal; a
dependent vector named, an inner product that is none refused with its reason; the typical
mistakes, error carried forward through the checker, the CLI's verdicts and a PDF."""

from __future__ import annotations

import json
import random
import textwrap

import pytest
import sympy
from click.testing import CliRunner

from solver.answers import Named, Undefined
from solver.check.answerfile import answers_from_text
from solver.check.checker import check_file
from solver.check.mistakes import mistakes
from solver.cli import cli
from solver.kinds import KINDS
from solver.kinds.gram_schmidt import GramSchmidtInputs, solve
from solver.render.pdf import available_engine
from solver.solving import solve_set
from solver.spec.load import load_text
from tests.conftest import checked_key, example_spec, load, spec_error

M = sympy.ImmutableMatrix


def random_vectors(rng: random.Random, count: int, size: int) -> tuple[M, ...]:
    """Independent integer vectors (redrawn until they are)."""
    while True:
        vectors = tuple(M([rng.randint(-3, 3) for _ in range(size)]) for _ in range(count))
        if M.hstack(*vectors).rank() == count:
            return vectors


def random_gram(rng: random.Random, size: int) -> M:
    """BᵀB + I: symmetric positive definite."""
    B = M(size, size, [rng.randint(-2, 2) for _ in range(size * size)])
    return M(B.T * B + sympy.eye(size))


def q_matrix(answer: Named) -> M:
    return M.hstack(*(item.value for _, item in answer.items))


@pytest.mark.parametrize("count, size", [(1, 2), (2, 2), (2, 3), (3, 3), (3, 4), (4, 4)])
@pytest.mark.parametrize("weighted", [False, True])
def test_the_q_are_orthonormal_under_m_and_span_the_same_space(count, size, weighted):
    rng = random.Random(f"{count}{size}{weighted}")
    for _ in range(3):
        vectors = random_vectors(rng, count, size)
        gram = random_gram(rng, size) if weighted else None
        solved = solve(GramSchmidtInputs(vectors, gram))
        Q, V = q_matrix(solved.answer), M.hstack(*vectors)
        weight = sympy.eye(size) if gram is None else gram
        assert (Q.T * weight * Q).applyfunc(sympy.nsimplify) == sympy.eye(count)
        assert M.hstack(Q, V).rank(simplify=True) == V.rank() == count
        U = M.hstack(*(item.value for _, item in solved.intermediates))
        product = U.T * weight * U
        assert all(product[i, j] == 0 for i in range(count) for j in range(count) if i != j)
        # span(u1, …, uk) = span(v1, …, vk) for every k: the process keeps each partial span
        for k in range(1, count + 1):
            assert M.hstack(U[:, :k], V[:, :k]).rank() == k


def test_without_normalising_the_u_are_the_answer():
    vectors = (M([3, 4]), M([1, 0]))
    solved = solve(GramSchmidtInputs(vectors, normalize=False))
    assert [name for name, _ in solved.answer.items] == ["u1", "u2"]
    assert solved.answer["u2"].value == M([sympy.Rational(16, 25), sympy.Rational(-12, 25)])


def test_a_dependent_vector_reduces_to_zero_and_is_named():
    solved = solve(GramSchmidtInputs((M([1, 2, 0]), M([2, 4, 0]), M([0, 1, 1]))))
    items = dict(solved.answer.items)
    assert isinstance(items["q2"], Undefined)
    assert "v2 is a multiple of v1" in items["q2"].reason
    assert dict(solved.intermediates)["u2"].value == M([0, 0, 0])
    Q = M.hstack(items["q1"].value, items["q3"].value)
    assert (Q.T * Q).applyfunc(sympy.nsimplify) == sympy.eye(2)
    zero_first = solve(GramSchmidtInputs((M([0, 0]), M([1, 1]))))
    assert "v1 is the zero vector" in zero_first.answer["q1"].reason


@pytest.mark.parametrize("gram, words", [
    (M([[1, 2], [0, 1]]), "not symmetric"),
    (M([[1, 2], [2, 1]]), "leading principal minor of order 2 is -3"),
    (M([[0, 0], [0, 1]]), "leading principal minor of order 1 is 0"),
])
def test_a_gram_matrix_that_is_no_inner_product_is_an_undefined_answer(gram, words):
    answer = solve(GramSchmidtInputs((M([1, 0]), M([0, 1])), gram)).answer
    assert isinstance(answer, Undefined) and words in answer.reason


def _mistakes(vectors, gram=None, normalize=True):
    inputs = GramSchmidtInputs(tuple(M(v) for v in vectors),
                               None if gram is None else M(gram), normalize)
    return {(m.code, m.name): m.answer for m in mistakes("gram_schmidt", inputs, solve(inputs))}


def test_mistakes_produce_the_expected_wrong_values():
    found = _mistakes([[1, 1, 0], [1, 0, 1], [0, 1, 1]], normalize=False)
    # onto v1, v2 instead of u1, u2: u3 = v3 − ½v1 − ½v2 = (−1, ½, ½)
    assert found[("projected_onto_originals", "u3")].value == M([-1, sympy.Rational(1, 2),
                                                                sympy.Rational(1, 2)])
    assert ("projected_onto_originals", "u2") not in found  # u1 = v1: no difference yet
    assert found[("projection_sign", "u2")].value == M([sympy.Rational(3, 2),
                                                       sympy.Rational(1, 2), 1])
    normalised = _mistakes([[1, 1, 0], [1, 0, 1], [0, 1, 1]])
    assert normalised[("not_normalised", "q1")].value == M([1, 1, 0])
    assert normalised[("not_normalised", "q3")].value == M([sympy.Rational(-2, 3),
                                                            sympy.Rational(2, 3),
                                                            sympy.Rational(2, 3)])
    weighted = _mistakes([[1, 0], [0, 1]], gram=[[2, 1], [1, 2]])
    assert weighted[("dot_product_used", "q2")].value == M([0, 1])


def test_mistakes_that_coincide_with_the_right_answer_are_not_offered():
    found = _mistakes([[1, 0], [0, 1]])  # orthonormal already: nothing changes
    assert not found
    assert not any(code == "not_normalised" for code, _ in _mistakes([[1, 0], [1, 1]]))


SPEC = """\
title: Gram-Schmidt
problems:
  - id: p
    parts:
      - {id: a, kind: gram_schmidt, vectors: [[1, 1, 0], [1, 0, 1], [0, 1, 1]], ecf: true}
"""


def _verdicts(answers: dict, spec: str = SPEC) -> dict:
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    solved = solve_set(load_text(spec, "t.yaml"))
    return {v.key: v for v in check_file(solved, sheet, only_answered=True).verdicts}


def test_q_carries_forward_from_the_students_u():
    wrong_u2 = ["1", "0", "1"]  # v2 itself: the projection onto u1 forgotten
    # q2 from it is v2/√2; ⟨v3, u1⟩/⟨u1, u1⟩ = ½ and ⟨v3, w⟩/⟨w, w⟩ = ½ for w = (1, 0, 1),
    # so u3 = v3 − ½u1 − ½w = (−1, ½, ½) and q3 = (−2, 1, 1)/√6
    answers = {"p.a.u2": wrong_u2, "p.a.q2": ["1/sqrt(2)", "0", "1/sqrt(2)"],
               "p.a.q3": ["-2/sqrt(6)", "1/sqrt(6)", "1/sqrt(6)"]}
    verdicts = _verdicts(answers)
    assert verdicts["p.a.u2"].status == "incorrect"
    for key in ("p.a.q2", "p.a.q3"):
        assert (verdicts[key].status, verdicts[key].decided_by) == ("correct", "ecf"), \
            verdicts[key].reason
    assert "correct from your own u2" in verdicts["p.a.q2"].reason
    unrelated = _verdicts({"p.a.u2": wrong_u2, "p.a.q2": ["1", "0", "0"]})["p.a.q2"]
    assert unrelated.status == "incorrect" and unrelated.decided_by != "ecf"
    without = _verdicts(answers, SPEC.replace("ecf: true", "ecf: false"))
    assert without["p.a.q2"].status == "incorrect"


@pytest.mark.parametrize("key, answer, status, diagnosis", [
    ("p.a.q1", "[sqrt(2)/2, sqrt(2)/2, 0]", "correct", None),
    ("p.a.q1", "[1, 1, 0]", "incorrect", "not_normalised"),
    ("p.a.q3", "[-sqrt(3)/3, sqrt(3)/3, sqrt(3)/3]", "correct", None),
    ("p.a.q3", "[-2/sqrt(6), 1/sqrt(6), 1/sqrt(6)]", "incorrect", "projected_onto_originals"),
])
def test_check_verdicts_through_the_cli(tmp_path, key, answer, status, diagnosis):
    spec = tmp_path / "gs.yaml"
    spec.write_text(SPEC)
    part = checked_key(spec, key, answer)
    assert (part["status"], part["diagnosis"]) == (status, diagnosis)


def test_the_example_solves():
    spec = example_spec("gram_schmidt")
    answer = KINDS["gram_schmidt"].solve(spec.problems[0].parts[0].inputs).answer
    assert answer["q3"].value == M([-1, 1, 1]) / sympy.sqrt(3)


def test_given_vectors_and_gram_matrix_by_name():
    spec = load("""\
    title: t
    problems:
      - id: p
        given: {a: [1, 0], b: [1, 1], G: [[2, 1], [1, 2]]}
        parts:
          - {id: a, kind: gram_schmidt, vectors: [a, b], inner: G}
    """)
    inputs = spec.problems[0].parts[0].inputs
    assert inputs.vectors == (M([1, 0]), M([1, 1])) and inputs.inner == M([[2, 1], [1, 2]])


@pytest.mark.parametrize("fields, field, words", [
    ("vectors: [[1, 0], [1, 0, 1]]", "vectors", "different lengths"),
    ("vectors: [1, 2]", "vectors", "expected a vector"),
    ("vectors: [[1, 0], [0, 1]], inner: [[1, 0, 0], [0, 1, 0], [0, 0, 1]]", "inner", "2×2"),
    ("vectors: [[1, 0], [0, 1]], normalize: 3", "normalize", "true or false"),
])
def test_spec_errors_name_the_field(fields, field, words):
    message = spec_error("gram_schmidt", fields)
    assert f"field '{field}'" in message and words in message


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_worked_set_compiles_to_pdf(tmp_path):
    spec = tmp_path / "gs.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Gram-Schmidt
        problems:
          - id: gs
            given: {M: [[2, 1, 0], [1, 2, 0], [0, 0, 1]]}
            parts:
              - {id: a, kind: gram_schmidt, vectors: [[1, 1, 0], [1, 0, 1], [0, 1, 1]]}
              - {id: b, kind: gram_schmidt, vectors: [[1, 0, 0], [1, 1, 0]], inner: M}
              - {id: c, kind: gram_schmidt, vectors: [[1, 2, 0], [2, 4, 0], [0, 1, 1]]}
              - {id: d, kind: gram_schmidt, vectors: [[3, 4], [1, 0]], normalize: false}
              - {id: e, kind: gram_schmidt, vectors: [[1, 0], [0, 1]], inner: [[1, 2], [2, 1]]}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "gs.pdf").read_bytes().startswith(b"%PDF")
    markdown = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path), "--format",
                                        "md"])
    assert markdown.exit_code == 0, markdown.output
    text = (tmp_path / "gs.md").read_text()
    assert r"\text{none, $u_{2} = 0$ (dependent vector)}" in text


def test_u_carries_forward_from_the_students_earlier_u_when_the_u_are_the_answer():
    spec = SPEC.replace("ecf: true", "normalize: false, ecf: true")
    # from the student's u2 = (1, 0, 1): u3 = v3 − ½u1 − ½u2 = (−1, ½, ½)
    verdicts = _verdicts({"p.a.u2": ["1", "0", "1"], "p.a.u3": ["-1", "1/2", "1/2"]}, spec)
    assert verdicts["p.a.u2"].status == "incorrect"
    assert (verdicts["p.a.u3"].status, verdicts["p.a.u3"].decided_by) == ("correct", "ecf")
    assert "correct from your own u2" in verdicts["p.a.u3"].reason
