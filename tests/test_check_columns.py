"""A matrix of eigenvectors compared column block by column block (match ``columns``)."""

import pytest
import sympy

from solver import answers as A
from solver.check.unordered import compare_unordered
from solver.check.values import Written

M = sympy.ImmutableMatrix
P = M([[1, 1, 0], [0, 1, 1], [0, 0, 1]])
EIGENBASIS = A.Value(P, "columns", blocks=(1, 2))
HALF = sympy.sqrt(2) / 2
ORTHOGONAL = A.Value(M([[HALF, HALF], [HALF, -HALF]]), "columns", orthonormal=True)


def verdict(expected, student):
    return compare_unordered(expected, Written(M(student), str(student)))


@pytest.mark.parametrize("student", [
    [[1, 1, 0], [0, 1, 1], [0, 0, 1]],      # ours
    [[-3, 1, 0], [0, 1, 1], [0, 0, 1]],     # first column rescaled
    [[1, 0, 1], [0, 1, 1], [0, 1, 0]],      # another basis of the second eigenspace
    [[2, 2, 1], [0, 3, 2], [0, 1, 1]],      # both
])
def test_rescaled_or_recombined_eigenvectors_count(student):
    assert verdict(EIGENBASIS, student).equal is True


def test_columns_in_another_order_than_d_do_not_count():
    wrong = verdict(EIGENBASIS, [[1, 1, 0], [1, 0, 0], [1, 0, 0]])
    assert wrong.equal is False and wrong.reason.startswith("column 1:")


def test_a_dependent_block_is_named():
    wrong = verdict(EIGENBASIS, [[1, 1, 1], [0, 1, 1], [0, 0, 0]])
    assert wrong.equal is False and wrong.reason.startswith("columns 2–3:")


def test_a_zero_column_never_counts():
    assert verdict(EIGENBASIS, [[0, 1, 0], [0, 1, 1], [0, 0, 1]]).equal is False


def test_shape_is_named():
    wrong = verdict(EIGENBASIS, [[1, 1], [0, 1], [0, 0]])
    assert wrong.equal is False and wrong.decided_by == "shape"


def test_orthonormal_columns_up_to_sign():
    assert verdict(ORTHOGONAL, [[-HALF, HALF], [-HALF, -HALF]]).equal is True
    unnormalised = verdict(ORTHOGONAL, [[1, 1], [1, -1]])
    assert unnormalised.equal is False and "not orthonormal" in unnormalised.reason


def test_blocks_must_cover_the_columns():
    with pytest.raises(ValueError):
        A.Value(P, "columns", blocks=(1, 1))
