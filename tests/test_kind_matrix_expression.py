"""Matrix expressions against products computed entry by entry with numpy."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from solver.answers import Undefined, Value
from tests.conftest import solve_only_part

GIVEN = """
problems:
  - id: la
    given:
      a: [1, 2]
      b: [4, 2]
      P: [[3, 6], [2, 4]]
      Q: [[2, 2], [2, 4]]
      R: [[1, 2, 3], [4, 5, 6]]
    parts:
      - {id: x, kind: matrix_expression, expr: '%s'}
"""
NP = {"a": np.array([[1], [2]]), "b": np.array([[4], [2]]), "P": np.array([[3, 6], [2, 4]]),
      "Q": np.array([[2, 2], [2, 4]]), "R": np.array([[1, 2, 3], [4, 5, 6]])}


def solve(expr: str):
    return solve_only_part(GIVEN % expr)[1]


@pytest.mark.parametrize("expr, expected", [
    ("a^T b", NP["a"].T @ NP["b"]),
    ("P a", NP["P"] @ NP["a"]),
    ("P Q", NP["P"] @ NP["Q"]),
    ("Q P", NP["Q"] @ NP["P"]),
    ("P @ Q + Q", NP["P"] @ NP["Q"] + NP["Q"]),
    ("2 P - Q^T", 2 * NP["P"] - NP["Q"].T),
    ("R^T a", NP["R"].T @ NP["a"]),
    ("Q^2", NP["Q"] @ NP["Q"]),
    ("a b^T", NP["a"] @ NP["b"].T),
    ("det(Q)", np.linalg.det(NP["Q"])),
    ("trace(P Q)", np.trace(NP["P"] @ NP["Q"])),
    ("rank(P)", np.linalg.matrix_rank(NP["P"])),
    ("rank(R)", np.linalg.matrix_rank(NP["R"])),
])
def test_values_match_numpy(expr, expected):
    answer = solve(expr).answer
    assert isinstance(answer, Value)
    value = np.array(sympy.Matrix(answer.value).tolist() if isinstance(
        answer.value, sympy.MatrixBase) else answer.value, dtype=float)
    expected = np.asarray(expected, dtype=float)
    if expected.shape == (1, 1):
        expected = expected[0, 0]
    assert np.allclose(value, expected)


def test_inverse_times_vector_solves_the_system():
    answer = solve("Q^-1 b").answer
    Q = sympy.Matrix([[2, 2], [2, 4]])
    assert Q * answer.value == sympy.Matrix([4, 2])


@pytest.mark.parametrize("expr, words", [
    ("a b", ["2×1", "1 column", "2 rows"]),
    ("P R^T", ["2×2", "3×2"]),
    ("P + R", ["2×2", "2×3", "shapes must be equal"]),
    ("P^-1", ["singular"]),
    ("det(R)", ["square"]),
    ("R^2", ["square"]),
])
def test_undefined_operations_say_why(expr, words):
    answer = solve(expr).answer
    assert isinstance(answer, Undefined)
    for word in words:
        assert word in answer.reason


def test_undeclared_name_is_a_spec_error_naming_the_field():
    from solver.errors import SpecErrors

    with pytest.raises(SpecErrors) as error:
        solve("P Z")
    assert "field 'expr'" in str(error.value) and "'Z'" in str(error.value)
