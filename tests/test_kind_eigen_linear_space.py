"""Complex eigenvalues of a real matrix say what they mean; a homogeneous system's solutions
are offered as a subspace (dimension and basis). Checked against numpy and by substitution."""

from __future__ import annotations

import json
import textwrap

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from solver.answers import InfinitelyMany
from solver.check.answerfile import answers_from_text
from solver.check.checker import check_file
from solver.cli import cli
from solver.render.pdf import available_engine
from solver.solving import solve_set
from solver.spec.load import load_text
from solver.steps.linalg import ComplexEigenvalues, SolutionSpace

RNG = np.random.default_rng(13)


def _part(fields: str):
    spec = load_text(f"problems:\n  - id: p\n    parts:\n      - {{id: a, {fields}}}\n", "t.yaml")
    return solve_set(spec).problems[0].parts[0]


def _matrix(rows) -> str:
    return "[" + ", ".join("[" + ", ".join(str(int(x)) for x in row) + "]" for row in rows) + "]"


@pytest.mark.parametrize("trial", range(6))
def test_rotation_scaling_eigenvalues_give_modulus_and_angle_as_numpy(trial):
    a, b = int(RNG.integers(-4, 5)), int(RNG.integers(1, 5))
    A = np.array([[a, -b], [b, a]])
    entry = _part(f"kind: eigen, matrix: {_matrix(A)}")
    step = next(s for s in entry.solved.walk() if isinstance(s, ComplexEigenvalues))
    (value, modulus, angle), = step.pairs
    expected = max(np.linalg.eigvals(A), key=lambda z: z.imag)
    assert complex(value) == pytest.approx(expected)
    assert float(modulus) == pytest.approx(abs(expected))
    assert float(angle) == pytest.approx(np.angle(expected))


def test_a_three_by_three_with_one_real_and_a_conjugate_pair():
    A = [[1, -2, 0], [2, 1, 0], [0, 0, 3]]
    entry = _part(f"kind: eigen, matrix: {_matrix(A)}")
    step = next(s for s in entry.solved.walk() if isinstance(s, ComplexEigenvalues))
    assert [sympy.simplify(v - (1 + 2 * sympy.I)) for v, _, _ in step.pairs] == [0]
    assert step.pairs[0][1] == sympy.sqrt(5)


@pytest.mark.parametrize("matrix", ["[[2, 1], [1, 2]]", "[[1, 1], [0, 1]]",
                                    "[[0, 1], [1, 0]]"])
def test_real_eigenvalues_have_no_complex_step(matrix):
    entry = _part(f"kind: eigen, matrix: {matrix}")
    assert not any(isinstance(s, ComplexEigenvalues) for s in entry.solved.walk())


@pytest.mark.parametrize("trial", range(8))
def test_a_homogeneous_system_gives_the_null_space_by_rank_nullity(trial):
    n = int(RNG.integers(2, 5))
    rank = int(RNG.integers(1, n))
    A = RNG.integers(-3, 4, size=(n, rank)) @ RNG.integers(-2, 3, size=(rank, n))
    entry = _part(f"kind: linear_system, A: {_matrix(A)}, b: {[0] * n}")
    if not isinstance(entry.solved.answer, InfinitelyMany):  # a draw of full rank
        return
    values = dict(entry.solved.intermediates)
    dimension = int(values["dimension"].value)
    basis = np.array(values["basis"].value.tolist(), dtype=float)
    assert dimension == n - np.linalg.matrix_rank(A)
    assert basis.shape == (n, dimension) and np.linalg.matrix_rank(basis) == dimension
    assert np.allclose(A @ basis, 0)
    step = next(s for s in entry.solved.walk() if isinstance(s, SolutionSpace))
    assert step.dimension == dimension and step.unknowns == n


def test_a_consistent_system_with_a_non_zero_right_side_is_not_a_subspace():
    entry = _part("kind: linear_system, A: [[1, 2], [2, 4]], b: [1, 2]")
    assert isinstance(entry.solved.answer, InfinitelyMany)
    assert entry.solved.intermediates == ()
    assert not any(isinstance(s, SolutionSpace) for s in entry.solved.walk())


SYSTEM = """\
problems:
  - id: p
    parts:
      - {id: a, kind: linear_system, A: [[1, 2, -1], [2, 4, -2]], b: [0, 0]}
"""


@pytest.mark.parametrize("answers, statuses", [
    ({"p.a.dimension": "2", "p.a.basis": "[[-4, 2], [2, 0], [0, 2]]"},
     {"p.a.dimension": "correct", "p.a.basis": "correct"}),
    ({"p.a.dimension": "1", "p.a.basis": "[[-2], [1], [0]]"},
     {"p.a.dimension": "incorrect", "p.a.basis": "incorrect"}),
])
def test_the_solution_space_can_be_answered_by_dimension_and_any_basis(answers, statuses):
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    verdicts = check_file(solve_set(load_text(SYSTEM, "t.yaml")), sheet, only_answered=True)
    assert {v.key: v.status for v in verdicts.verdicts} == statuses


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_both_render_to_pdf(tmp_path):
    spec = tmp_path / "spaces.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Eigenvalues and solution spaces
        problems:
          - id: p
            parts:
              - {id: a, kind: eigen, matrix: [[1, -2], [2, 1]]}
              - {id: b, kind: linear_system, A: [[1, 2, -1], [2, 4, -2]], b: [0, 0]}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "spaces.pdf").read_bytes().startswith(b"%PDF")


ROTATION = """\
problems:
  - id: p
    parts:
      - {id: a, kind: eigen, matrix: [[1, -1], [1, 1]]}
"""


@pytest.mark.parametrize("answers, statuses", [
    ({"p.a.lambda1": "1 + i", "p.a.v1": "[i, 1]", "p.a.lambda2": "1 - i",
      "p.a.v2": "[2, 2i]"}, ["correct"] * 4),
    ({"p.a.lambda1": "1 + 2i", "p.a.v1": "[1, 1]"}, ["incorrect", "incorrect"]),
])
def test_complex_eigenpairs_are_answered_with_i(answers, statuses):
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    verdicts = check_file(solve_set(load_text(ROTATION, "t.yaml")), sheet, only_answered=True)
    assert [v.status for v in verdicts.verdicts] == statuses
