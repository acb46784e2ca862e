"""Linear systems, checked by substituting the answer back into Ax = b."""

from __future__ import annotations

import random

import pytest
import sympy

from solver.answers import InfinitelyMany, NoSolution, Undefined, Value
from solver.kinds.linear_system import LinearSystem, solve

M = sympy.ImmutableMatrix
R = sympy.Rational


def test_handout_singular_system_has_no_solution_with_the_contradiction():
    solved = solve(LinearSystem(M([[3, 6], [2, 4]]), M([1, 2])))
    assert isinstance(solved.answer, NoSolution)
    assert "0 = 4/3" in solved.answer.reason
    elimination = solved.steps[1]
    assert elimination.operations[0].factor == R(-2, 3)


def test_handout_regular_system():
    solved = solve(LinearSystem(M([[2, 2], [2, 4]]), M([4, 2])))
    assert solved.answer == Value(M([3, -1]))


@pytest.mark.parametrize("A, b", [
    ([[3, 6], [2, 4]], [1, R(2, 3)]),
    ([[1, 2, 3], [2, 4, 6]], [1, 2]),
    ([[1, 1, 1, 1]], [4]),
    ([[0, 0], [0, 0]], [0, 0]),
    ([[1, 2], [2, 4], [3, 6]], [1, 2, 3]),
])
def test_infinitely_many_solutions_every_member_solves_the_system(A, b):
    A, b = M(A), M(b)
    answer = solve(LinearSystem(A, b)).answer
    assert isinstance(answer, InfinitelyMany)
    assert A * answer.particular == b
    for vector in answer.basis:
        assert A * vector == sympy.zeros(A.rows, 1)
        assert vector != sympy.zeros(A.cols, 1)
    assert len(answer.basis) == A.cols - A.rank()


@pytest.mark.parametrize("A, b", [
    ([[1, 2], [2, 4]], [1, 3]),
    ([[1, 0], [0, 0], [0, 1]], [1, 1, 1]),
    ([[0, 0]], [5]),
])
def test_inconsistent_systems(A, b):
    A, b = M(A), M(b)
    answer = solve(LinearSystem(A, b)).answer
    assert isinstance(answer, NoSolution)
    assert A.row_join(b).rank() > A.rank()


def test_random_regular_systems_substitute_back():
    rng = random.Random(7)
    for size in (1, 2, 3, 4):
        for _ in range(10):
            A = M(size, size, lambda i, j: R(rng.randint(-9, 9), rng.randint(1, 4)))
            if A.det() == 0:
                continue
            b = M(size, 1, lambda i, j: R(rng.randint(-9, 9), rng.randint(1, 3)))
            answer = solve(LinearSystem(A, b)).answer
            assert A * answer.value == b


def test_shape_mismatch_is_an_answer_with_its_reason():
    answer = solve(LinearSystem(M([[3, 6], [2, 4]]), M([1, 2, R(2, 3)]))).answer
    assert isinstance(answer, Undefined)
    assert "2×2" in answer.reason and "3 entries" in answer.reason


def test_loaded_from_yaml_with_given_names(solve_yaml):
    part, solved = solve_yaml("""
        problems:
          - id: p
            given: {P: [[3, 6], [2, 4]], a: [1, 2]}
            parts:
              - {id: d, kind: linear_system, A: P, b: a}
    """)
    assert isinstance(solved.answer, NoSolution)
