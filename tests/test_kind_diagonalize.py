"""Diagonalisation checked by independent routes: AP = PD with P invertible on random
diagonalisable integer matrices A = SDS⁻¹, PᵀP = I for symmetric matrices, numpy's eig for
the eigenvalues; Jordan blocks and rotations; the typical mistakes, error carried forward,
the checker's verdicts, and the worked solution as a PDF."""

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
from solver.kinds.diagonalize import DiagonalizeInputs, Rules, solve
from solver.kinds.diagonalize.steps import DiagonalisabilityVerdict, EigenMultiplicityTable
from solver.render.pdf import available_engine
from solver.solving import solve_set
from solver.spec.load import load_text
from tests.conftest import checked_key, example_spec

M = sympy.ImmutableMatrix


def load(text: str):
    return load_text(textwrap.dedent(text), "t.yaml")


def _close(X, Y) -> bool:
    return np.allclose(np.array(M(X).evalf(30).tolist(), dtype=complex),
                       np.array(M(Y).evalf(30).tolist(), dtype=complex), atol=1e-9)


def diagonalised(A, field="real"):
    return solve(DiagonalizeInputs(M(A), field))


def _unimodular(rng: random.Random, n: int) -> M:
    """A random integer S with det S = ±1 (so S⁻¹ is an integer matrix too)."""
    while True:
        S = M(n, n, [rng.randint(-2, 2) for _ in range(n * n)])
        if abs(S.det()) == 1:
            return S


@pytest.mark.parametrize("n", [2, 3, 4])
def test_ap_equals_pd_on_random_diagonalisable_integer_matrices(n):
    rng = random.Random(n)
    for _ in range(6 if n < 4 else 3):
        S = _unimodular(rng, n)
        values = [rng.choice([-3, -2, -1, 0, 1, 2, 4]) for _ in range(n)]
        A = M(S * sympy.diag(*values) * S.inv())
        answer = diagonalised(A).answer
        assert isinstance(answer, Named), answer
        P, D = answer["P"].value, answer["D"].value
        assert P.det() != 0
        assert (A * P - P * D).applyfunc(sympy.simplify) == sympy.zeros(n, n)
        assert D.is_diagonal()
        assert sorted(D.diagonal()) == sorted(values)
        numeric = sorted(np.linalg.eigvals(np.array(A.tolist(), dtype=float)).real)
        assert np.allclose(numeric, sorted(float(v) for v in D.diagonal()), atol=1e-6)


@pytest.mark.parametrize("n", [2, 3])
def test_symmetric_matrices_give_an_orthogonal_p(n):
    rng = random.Random(f"sym{n}")
    for _ in range(5):
        B = M(n, n, [rng.randint(-2, 2) for _ in range(n * n)])
        A = M(B + B.T)
        answer = diagonalised(A).answer
        P, D = answer["P"].value, answer["D"].value  # numeric where roots are not readable
        assert _close(P.T * P, sympy.eye(n)) and _close(P * D * P.T, A)
        numeric = np.sort(np.linalg.eigvalsh(np.array(A.tolist(), dtype=float)))
        assert np.allclose(numeric, sorted(float(v) for v in D.diagonal()), atol=1e-6)


def test_a_repeated_eigenvalue_of_a_symmetric_matrix_is_orthonormalised():
    answer = diagonalised([[2, 1, 1], [1, 2, 1], [1, 1, 2]]).answer
    P, D = answer["P"].value, answer["D"].value
    assert D == M(sympy.diag(4, 1, 1))
    assert (P.T * P).applyfunc(sympy.simplify) == sympy.eye(3)


@pytest.mark.parametrize("A, value", [
    ([[2, 1], [0, 2]], 2),
    ([[3, 1, 0], [0, 3, 1], [0, 0, 3]], 3),
    ([[1, 1, 0], [0, 1, 0], [0, 0, 2]], 1),
])
def test_jordan_blocks_are_defective(A, value):
    for field in ("real", "complex"):
        solved = diagonalised(A, field)
        assert isinstance(solved.answer, Undefined)
        assert f"lambda = {value} has algebraic multiplicity" in solved.answer.reason
        verdict = next(s for s in solved.steps if isinstance(s, DiagonalisabilityVerdict))
        assert verdict.defective == (value,)
    table = next(s for s in diagonalised(A).steps if isinstance(s, EigenMultiplicityTable))
    assert any(alg > geo for _, alg, geo in table.rows)


def test_a_rotation_is_diagonalisable_over_c_only():
    rotation = [[0, -1], [1, 0]]
    real = diagonalised(rotation).answer
    assert isinstance(real, Undefined)
    assert "over C only" in real.reason and "not real" in real.reason
    complex_ = diagonalised(rotation, "complex").answer
    P, D = complex_["P"].value, complex_["D"].value
    assert D == M([[sympy.I, 0], [0, -sympy.I]])
    assert (M(rotation) * P - P * D).applyfunc(sympy.expand) == sympy.zeros(2, 2)
    assert P.det() != 0


def _mistakes(A):
    inputs = DiagonalizeInputs(M(A))
    return {(m.code, m.name): m.answer.value
            for m in mistakes("diagonalize", inputs, solve(inputs))}


def test_mistakes_produce_the_expected_wrong_values():
    found = _mistakes([[4, 1], [2, 3]])  # P = [[1, -1], [1, 2]], D = diag(5, 2)
    assert found[("order_mismatched", "D")] == M([[2, 0], [0, 5]])
    assert found[("eigenvectors_as_rows", "P")] == M([[1, 1], [-1, 2]])
    assert found[("inverse_as_P", "P")] == M([[sympy.Rational(2, 3), sympy.Rational(1, 3)],
                                              [sympy.Rational(-1, 3), sympy.Rational(1, 3)]])


def test_mistakes_that_coincide_with_the_right_answer_are_not_reported():
    assert _mistakes([[2, 0], [0, 2]]) == {}  # P = I = Pᵀ = P⁻¹, D = 2I in any order
    assert _mistakes([[2, 1], [0, 2]]) == {}  # defective: no P to get wrong


SPEC = """\
title: t
problems:
  - id: p
    parts:
      - {id: a, kind: diagonalize, matrix: [[4, 1], [2, 3]], ecf: true}
"""


def _verdicts(answers: dict, spec: str = SPEC) -> dict:
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    solved = solve_set(load_text(spec, "t.yaml"))
    return {v.key: v for v in check_file(solved, sheet, only_answered=True).verdicts}


def test_d_carries_forward_from_the_students_eigenvalues():
    answers = {"p.a.eigenvalues": ["6", "2"], "p.a.D": [["6", "0"], ["0", "2"]]}
    verdicts = _verdicts(answers)
    assert verdicts["p.a.eigenvalues"].status == "incorrect"
    assert (verdicts["p.a.D"].status, verdicts["p.a.D"].decided_by) == ("correct", "ecf"), \
        verdicts["p.a.D"].reason
    without = _verdicts(answers, SPEC.replace("ecf: true", "ecf: false"))
    assert without["p.a.D"].status == "incorrect"


@pytest.mark.parametrize("key, answer, status, diagnosis", [
    ("p.a.P", "[[1, -1], [1, 2]]", "correct", None),
    ("p.a.D", "[[5, 0], [0, 2]]", "correct", None),
    ("p.a.D", "[[2, 0], [0, 5]]", "incorrect", "order_mismatched"),
    ("p.a.P", "[[1, 1], [-1, 2]]", "incorrect", "eigenvectors_as_rows"),
    ("p.a.P", "[[2/3, 1/3], [-1/3, 1/3]]", "incorrect", "inverse_as_P"),
])
def test_check_verdicts_through_the_cli(tmp_path, key, answer, status, diagnosis):
    spec = tmp_path / "d.yaml"
    spec.write_text(SPEC)
    part = checked_key(spec, key, answer)
    assert (part["status"], part["diagnosis"]) == (status, diagnosis)


def test_the_example_solves():
    spec = example_spec("diagonalize")
    answer = KINDS["diagonalize"].solve(spec.problems[0].parts[0].inputs).answer
    assert answer["D"].value == M([[5, 0], [0, 2]])


@pytest.mark.parametrize("fields, field, words", [
    ("matrix: [[1, 2, 3], [4, 5, 6]]", "matrix", "square"),
    ("matrix: [[1, 0], [0, 1]], field: rational", "field", "unknown field"),
    ("matrix: [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], "
     "[0, 0, 0, 0, 1]]", "matrix", "up to 4×4"),
])
def test_spec_errors_name_the_field(fields, field, words):
    with pytest.raises(SpecErrors) as error:
        load(f"""\
        title: t
        problems:
          - id: p
            parts:
              - {{id: a, kind: diagonalize, {fields}}}
        """)
    assert f"field '{field}'" in str(error.value) and words in str(error.value)


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_worked_set_compiles_to_pdf(tmp_path):
    spec = tmp_path / "diagonal.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Diagonalisation
        problems:
          - id: d
            parts:
              - {id: a, kind: diagonalize, matrix: [[4, 1], [2, 3]]}
              - {id: b, kind: diagonalize, matrix: [[2, 1, 1], [1, 2, 1], [1, 1, 2]]}
              - {id: c, kind: diagonalize, matrix: [[2, 1], [0, 2]]}
              - {id: e, kind: diagonalize, matrix: [[0, -1], [1, 0]]}
              - {id: f, kind: diagonalize, matrix: [[0, -1], [1, 0]], field: complex}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "diagonal.pdf").read_bytes().startswith(b"%PDF")
    markdown = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path), "--format",
                                        "md"])
    assert markdown.exit_code == 0, markdown.output
    text = (tmp_path / "diagonal.md").read_text()
    assert "diagonalisable over" in text and "over C only" in text


# -- P compared by its columns: one block per eigenvalue, in D's order -----------------------


def test_p_is_answered_by_blocks_of_columns_in_ds_order():
    P = diagonalised([[2, 1, 1], [1, 2, 1], [1, 1, 2]]).answer["P"]
    assert (P.match, P.blocks, P.orthonormal) == ("columns", (1, 2), False)
    orthogonal = solve(DiagonalizeInputs(M([[2, 1], [1, 2]]), orthogonal=True)).answer["P"]
    assert (orthogonal.blocks, orthogonal.orthonormal) == ((1, 1), True)


@pytest.mark.parametrize("n", [2, 3])
def test_rescaled_eigenvectors_still_satisfy_ap_pd_and_are_accepted(n):
    """Any non-zero rescaling PS of the columns still gives A(PS) = (PS)D, and the checker's
    comparison of P accepts it; the same columns in the reverse order do not."""
    from solver.check.unordered import compare_unordered
    from solver.check.values import Written

    rng = random.Random(f"scale{n}")
    for _ in range(4):
        S = _unimodular(rng, n)
        values = rng.sample([-3, -1, 2, 5], n)
        A = M(S * sympy.diag(*values) * S.inv())
        answer = diagonalised(A).answer
        P, D = answer["P"], answer["D"].value
        scaled = M(P.value * sympy.diag(*[rng.choice([-3, -1, 2, sympy.Rational(1, 2)])
                                          for _ in range(n)]))
        assert (A * scaled - scaled * D) == sympy.zeros(n, n)
        assert compare_unordered(P, Written(scaled, str(scaled))).equal is True
        backwards = M(scaled[:, ::-1])
        assert A * backwards != backwards * D
        assert compare_unordered(P, Written(backwards, str(backwards))).equal is False


@pytest.mark.parametrize("answer, status, diagnosis", [
    ("[[-2, 3], [-2, -6]]", "correct", None),              # both columns rescaled
    ("[[1/2, 1], [1/2, -2]]", "correct", None),
    ("[[-1, 1], [2, 1]]", "incorrect", "order_mismatched"),  # columns in D's reverse order
    ("[[3, 2], [-6, 2]]", "incorrect", "order_mismatched"),  # reversed and rescaled
    ("[[1, 0], [0, 1]]", "incorrect", None),
])
def test_p_with_rescaled_columns_through_the_cli(tmp_path, answer, status, diagnosis):
    spec = tmp_path / "d.yaml"
    spec.write_text(SPEC)
    part = checked_key(spec, "p.a.P", answer)
    assert (part["status"], part["diagnosis"]) == (status, diagnosis), part


SYMMETRIC = """\
title: t
problems:
  - id: p
    parts:
      - {id: a, kind: diagonalize, matrix: [[2, 1, 1], [1, 2, 1], [1, 1, 2]]ORTHOGONAL}
"""


@pytest.mark.parametrize("orthogonal, answer, status", [
    # an eigenbasis, the λ = 1 eigenspace by another basis, not normalised
    (False, "[[1, 1, 1], [1, -1, 0], [1, 0, -1]]", "correct"),
    (True, "[[1, 1, 1], [1, -1, 0], [1, 0, -1]]", "incorrect"),
    # orthonormal, the λ = 1 block another orthonormal basis of its eigenspace
    (True, "[[sqrt(3)/3, sqrt(2)/2, sqrt(6)/6], [sqrt(3)/3, -sqrt(2)/2, sqrt(6)/6], "
           "[sqrt(3)/3, 0, -sqrt(6)/3]]", "correct"),
    # λ = 1's vectors first: not D's order
    (False, "[[1, 1, 1], [-1, 0, 1], [0, -1, 1]]", "incorrect"),
])
def test_a_repeated_eigenvalue_takes_any_basis_of_its_eigenspace(tmp_path, orthogonal, answer,
                                                                 status):
    spec = tmp_path / "d.yaml"
    spec.write_text(SYMMETRIC.replace("ORTHOGONAL", ", orthogonal: true" if orthogonal else ""))
    part = checked_key(spec, "p.a.P", answer)
    assert part["status"] == status, part
    if orthogonal and status == "incorrect":
        assert "not orthonormal" in part["reason"]


def test_the_columns_of_p_in_reverse_order_are_named_as_the_order_mistake():
    found = _mistakes([[4, 1], [2, 3]])
    assert found[("order_mismatched", "P")] == M([[-1, 1], [2, 1]])
    assert ("order_mismatched", "P") not in _mistakes([[2, 0], [0, 2]])  # one eigenspace


@pytest.mark.parametrize("A", [
    [[1, -1], [2, 4]],                          # P⁻¹ = −P
    [[2, -1, 1], [-1, 2, -1], [-1, 1, 0]],      # P⁻¹ another basis of each eigenspace
])
def test_a_mistaken_p_that_is_a_right_p_is_not_a_mistake(A):
    inputs = DiagonalizeInputs(M(A))
    right = solve(inputs).answer["P"].value
    inverse = solve(inputs, rules=Rules(inverse=True)).answer["P"].value
    assert inverse != right and (M(A) * inverse - inverse * solve(inputs).answer["D"].value
                                 ).applyfunc(sympy.expand) == sympy.zeros(*right.shape)
    assert ("inverse_as_P", "P") not in _mistakes(A)


def test_an_orthogonal_p_for_a_matrix_that_is_not_symmetric_is_undefined():
    solved = solve(DiagonalizeInputs(M([[4, 1], [2, 3]]), orthogonal=True))
    assert isinstance(solved.answer, Undefined)
    assert "not symmetric" in solved.answer.reason
    assert solved.steps[-1].template == "NoOrthogonalP"


def test_orthogonal_must_be_true_or_false():
    with pytest.raises(SpecErrors) as error:
        load("""\
        title: t
        problems:
          - id: p
            parts:
              - {id: a, kind: diagonalize, matrix: [[2, 1], [1, 2]], orthogonal: maybe}
        """)
    assert "field 'orthogonal'" in str(error.value)


def test_d_carries_from_wrong_eigenvalues_while_a_rescaled_p_stays_right():
    answers = {"p.a.eigenvalues": ["6", "2"], "p.a.D": [["6", "0"], ["0", "2"]],
               "p.a.P": [["3", "1"], ["3", "-2"]]}
    verdicts = _verdicts(answers)
    assert verdicts["p.a.eigenvalues"].status == "incorrect"
    assert (verdicts["p.a.D"].status, verdicts["p.a.D"].decided_by) == ("correct", "ecf")
    assert verdicts["p.a.P"].status == "correct", verdicts["p.a.P"].reason


def test_an_orthogonal_diagonalisation_renders(tmp_path):
    spec = tmp_path / "orthogonal.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Orthogonal diagonalisation
        problems:
          - id: d
            parts:
              - {id: a, kind: diagonalize, matrix: [[2, 1], [1, 2]], orthogonal: true}
              - {id: b, kind: diagonalize, matrix: [[4, 1], [2, 3]], orthogonal: true}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path), "--format",
                                      "md"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "orthogonal.md").read_text()
    assert "find an orthogonal $P$" in text and "P^\\top P" in text
    assert "no orthogonal $P$" in text and "not symmetric" in text
