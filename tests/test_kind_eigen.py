"""Eigenpairs checked by substitution: A v = λ v, and multiplicities by the polynomial."""

from __future__ import annotations

import pytest
import sympy

from solver.kinds.eigen import EigenProblem, solve

M = sympy.ImmutableMatrix


@pytest.mark.parametrize("matrix", [
    [[5, 2], [2, 2]],
    [[2, 2], [2, 4]],
    [[10, 4], [4, 4]],
    [[2, 0], [0, 2]],
    [[1, 1], [0, 1]],
    [[0, -1], [1, 0]],
    [[2, 1, 0], [1, 2, 1], [0, 1, 2]],
])
def test_every_eigenpair_satisfies_the_definition(matrix):
    A = M(matrix)
    solved = solve(EigenProblem(A))
    items = dict(solved.answer.items)
    count = len(items) // 2
    multiplicities = 0
    for i in range(1, count + 1):
        value, vectors = items[f"lambda{i}"].value, items[f"v{i}"].value
        assert sympy.simplify((A - value * sympy.eye(A.rows)).det()) == 0
        for j in range(vectors.cols):
            v = vectors.col(j)
            assert v != sympy.zeros(A.rows, 1)
            assert sympy.simplify(A * v - value * v) == sympy.zeros(A.rows, 1)
    values = dict(solved.intermediates)["eigenvalues"].value
    multiplicities = len(values)
    assert multiplicities == A.rows


def test_handout_hessian_eigenvalues():
    solved = solve(EigenProblem(M([[10, 4], [4, 4]])))
    assert dict(solved.answer.items)["lambda1"].value == 12
    assert dict(solved.answer.items)["lambda2"].value == 2


def test_defective_matrix_has_one_eigenvector_for_a_double_root():
    solved = solve(EigenProblem(M([[1, 1], [0, 1]])))
    assert solved.steps[1].roots == ((1, 2),)
    assert dict(solved.answer.items)["v1"].value.cols == 1
