"""Generators of ``vary:``: each draws what it says over 200 streams, checked by SymPy on
the drawn value; bad texts are errors that say why; spec text is never evaluated."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import sympy

from solver.variants.generator_text import GeneratorError, read_generator
from solver.variants.seeds import Stream, digest

SEEDS = 200


def draws(text: str, count: int = SEEDS):
    generator = read_generator(text)
    return [generator.draw(Stream("gen-tests", f"s{i}", "p", 0)) for i in range(count)]


def test_the_digest_separates_its_texts_and_never_uses_hash():
    assert digest("ab", "c", "p", 0) != digest("a", "bc", "p", 0)
    assert digest("s", "ada", "p", 0) != digest("s", "ada", "p", 1)
    first = [Stream("s", "ada", "p", 3).below(1000) for _ in range(3)]
    assert len(set(first)) == 1


def test_the_draws_are_pinned():
    """The digest and the stream are fixed by their definition (a change here changes every
    student's variant)."""
    assert digest("week4-2026", "ada", "linear-algebra", 0).hex()[:16] == "1094074983e9e041"
    stream = Stream("week4-2026", "ada", "linear-algebra", 0)
    assert [stream.between(-6, 6) for _ in range(6)] == [1, -1, 3, 0, 1, 5]


def test_the_stream_is_uniform_enough_and_in_range():
    stream = Stream("s", "ada", "p", 0)
    counts = Counter(stream.between(-2, 2) for _ in range(5000))
    assert set(counts) == {-2, -1, 0, 1, 2}
    assert min(counts.values()) > 800
    assert sorted(stream.shuffled(range(6))) == list(range(6))


def test_integers_stay_in_range_and_nonzero_never_draws_zero():
    values = draws("integers(-3, 3)")
    assert set(values) == set(range(-3, 4))
    assert all(isinstance(value, sympy.Integer) for value in values)
    nonzero = draws("integers(-1, 1, nonzero)")
    assert set(nonzero) == {-1, 1}
    assert set(draws("integers(2, 4, nonzero)")) == {2, 3, 4}


def test_decimals_are_exact_rationals_on_the_grid():
    values = draws("decimals(-1, 1, 1)")
    assert all(isinstance(value, sympy.Rational) and -1 <= value <= 1 for value in values)
    assert all((value * 10).is_integer for value in values)
    assert len(set(values)) > 15
    assert 0 not in draws("decimals(-0.2, 0.2, 1, nonzero)")
    assert read_generator("decimals(0, 1, 2)").decimal


def test_choice_draws_each_option():
    assert set(draws("choice(1, 2/3, -5)")) == {1, sympy.Rational(2, 3), -5}
    vectors = draws("choice([1, 0], [0, 1])")
    assert {tuple(v) for v in vectors} == {(1, 0), (0, 1)}
    assert set(draws("choice(integers(1, 2), 10)")) == {1, 2, 10}


def test_matrix_vector_and_symmetric_shapes_and_entries():
    for matrix in draws("matrix(2, 3, integers(-6, 6))"):
        assert matrix.shape == (2, 3) and all(-6 <= entry <= 6 for entry in matrix)
    for vector in draws("vector(3, integers(0, 1), nonzero)"):
        assert vector.shape == (3, 1) and not vector.is_zero_matrix
    for matrix in draws("symmetric(3, integers(-5, 5))"):
        assert matrix == matrix.T
    literal = draws("[integers(1, 3), 0]")
    assert {v[1] for v in literal} == {0} and {v[0] for v in literal} == {1, 2, 3}


def test_with_eigenvalues_has_those_eigenvalues_integer_entries_and_is_not_diagonal():
    for matrix in draws("with_eigenvalues([2, -1, integers(3, 4)])"):
        eigenvalues = sympy.Matrix(matrix).eigenvals()
        assert set(eigenvalues) in ({2, -1, 3}, {2, -1, 4})
        assert all(entry.is_integer for entry in matrix)
        assert not matrix.is_diagonal()
        assert sympy.Matrix(matrix).is_diagonalizable()
    assert all(m == sympy.eye(2) * 3 for m in draws("with_eigenvalues([3, 3])", 20))


@pytest.mark.parametrize("text, shape, rank", [
    ("rank(3, 3, 1)", (3, 3), 1), ("rank(2, 4, 2)", (2, 4), 2),
    ("matrix(3, 2, rank(2))", (3, 2), 2),
    ("rank(2, 2, 0)", (2, 2), 0), ("rank(3, 3, 3)", (3, 3), 3),
])
def test_rank_is_exact(text, shape, rank):
    values = draws(text)
    for matrix in values:
        assert matrix.shape == shape
        assert sympy.Matrix(matrix).rank() == rank
        assert all(entry.is_integer for entry in matrix)
    if rank:
        assert len({tuple(m) for m in values}) > 50


def test_orthogonal_is_orthogonal_with_small_denominators():
    for matrix in draws("orthogonal(3)"):
        assert matrix.T * matrix == sympy.eye(3)
        assert all(sympy.Rational(entry).q <= 12 for entry in matrix)
    rational = draws("orthogonal(2)")
    assert any(not entry.is_integer for m in rational for entry in m)
    for matrix in draws("orthogonal(3, permutation)"):
        assert matrix.T * matrix == sympy.eye(3)
        assert all(entry in (-1, 0, 1) for entry in matrix)


@pytest.mark.parametrize("text, words", [
    ("integers(1)", "expected integers(lo, hi)"),
    ("integers(3, 1)", "lo must not be greater than hi"),
    ("integers(0, 0, nonzero)", "no non-zero"),
    ("integers(1.5, 3)", "whole number"),
    ("integers(1, 2) + 1", "stands alone"),
    ("decimals(0.11, 0.12, 1)", "no decimal"),
    ("matrix(2, 2, x)", "unknown option or name 'x'"),
    ("matrix(0, 2, integers(1, 2))", "from 1 to 10"),
    ("matrix(2, 2, matrix(2, 2, integers(1, 2)))", "an entry must be a number"),
    ("vector(2, 0, nonzero)", "cannot be non-zero"),
    ("choice(1, [1, 2])", "different shapes"),
    ("with_eigenvalues(2)", "list of eigenvalues"),
    ("rank(2, 2, 3)", "from 0 to 2"),
    ("rank(1)", "rank(m, n, r)"),
    ("orthogonal(2, sideways)", "unknown option"),
    ("nonzero", "not a generator"),
    ("integers(-6, 6", "integers(-6, 6"),
])
def test_bad_generators_say_what_is_wrong(text, words):
    with pytest.raises(GeneratorError) as caught:
        read_generator(text)
    assert words in caught.value.message, caught.value.message


@pytest.mark.parametrize("text", [
    "__import__('os').system('touch /tmp/hwsolver-variants-pwned')",
    "exec('open(\"/tmp/hwsolver-variants-pwned\", \"w\")')",
    "integers(1, 2).__class__",
    "lambda: 1",
    "matrix(2, 2, integers(1, 2)); import os",
])
def test_hostile_generator_text_is_refused_never_run(text):
    marker = Path("/tmp/hwsolver-variants-pwned")
    marker.unlink(missing_ok=True)
    with pytest.raises(GeneratorError):
        read_generator(text)
    assert not marker.exists()
