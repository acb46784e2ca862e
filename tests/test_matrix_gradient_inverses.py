"""matrix_gradient with inverses, the identity, named numbers, log det and the Gaussian
density: the entrywise gradient by central finite differences (numpy), the closed form
evaluated at the same matrices, and the spec errors."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from solver.expr import parse
from solver.kinds.matrix_gradient import MatrixFunction, solve
from solver.kinds.matrix_gradient.factors import THE_FUNCTION
from solver.render.document import render
from solver.solving import solve_set
from tests.conftest import load, spec_error
from tests.test_kind_matrix_gradient import (
    closed_numeric,
    entry_symbol,
    finite_differences,
    numeric,
)

RNG = np.random.default_rng(11)


def spd(n):
    """A random symmetric positive-definite matrix."""
    root = RNG.uniform(-1, 1, (n, n))
    return root @ root.T + n * np.eye(n)


def gaussian(m):
    r = m["x"] - m["mu"]
    return float(np.exp(-0.5 * np.squeeze(r.T @ np.linalg.inv(m["S"]) @ r)))


# f, wrt, shapes, symmetric, constants, numpy f, closed form as printed
CASES = [
    ("log(det(X))", "X", {"X": (2, 2)}, (), (),
     lambda m: np.log(np.linalg.det(m["X"])), "X.T**(-1)"),
    ("log(det(X))", "X", {"X": (3, 3)}, (), (),
     lambda m: np.log(np.linalg.det(m["X"])), "X.T**(-1)"),
    ("det(X)", "X", {"X": (2, 2)}, (), (),
     lambda m: np.linalg.det(m["X"]), "Determinant(X)*X.T**(-1)"),
    ("x^T S^-1 x", "x", {"S": (2, 2), "x": (2, 1)}, (), (),
     lambda m: float(np.squeeze(m["x"].T @ np.linalg.inv(m["S"]) @ m["x"])),
     "(S**(-1) + S.T**(-1))*x"),
    ("a^T X^-1 b", "X", {"a": (2, 1), "X": (2, 2), "b": (2, 1)}, (), (),
     lambda m: float(np.squeeze(m["a"].T @ np.linalg.inv(m["X"]) @ m["b"])), None),
    ("trace(A X^-1)", "X", {"A": (2, 2), "X": (2, 2)}, (), (),
     lambda m: np.trace(m["A"] @ np.linalg.inv(m["X"])), None),
    ("x^T (A + sigma^2 I) x", "x", {"A": (2, 2), "x": (2, 1)}, (), (("sigma", 3),),
     lambda m: float(np.squeeze(m["x"].T @ (m["A"] + 9 * np.eye(2)) @ m["x"])), None),
    ("1/2 norm(y - X w)^2 + lambda/2 w^T w", "w", {"y": (3, 1), "X": (3, 2), "w": (2, 1)},
     (), (("lambda", sympy.Rational(1, 2)),),
     lambda m: 0.5 * float(np.sum((m["y"] - m["X"] @ m["w"]) ** 2))
     + 0.25 * float(np.sum(m["w"] ** 2)), None),
    ("exp(-1/2 (x - mu)^T S^-1 (x - mu))", "x", {"S": (2, 2), "x": (2, 1), "mu": (2, 1)},
     ("S",), (), gaussian, "(-1)*f*S**(-1)*(-mu + x)"),
    ("exp(-1/2 (x - mu)^T S^-1 (x - mu))", "x", {"S": (2, 2), "x": (2, 1), "mu": (2, 1)},
     (), (), gaussian, None),
]


def _values(shapes, symmetric, matrices):
    values = {}
    for name, (rows, cols) in shapes.items():
        for i in range(rows):
            for j in range(cols):
                a, b = (min(i, j), max(i, j)) if name in symmetric else (i, j)
                values[entry_symbol(name, a, b, (rows, cols))] = sympy.Float(
                    matrices[name][a, b], 30)
    return values


def _matrices(shapes, symmetric):
    matrices = {}
    for name, shape in shapes.items():
        square = shape[0] == shape[1] > 1
        matrices[name] = spd(shape[0]) if square else RNG.uniform(-1.5, 1.5, size=shape)
        if square and name not in symmetric:
            matrices[name] = matrices[name] + RNG.uniform(-0.5, 0.5, size=shape)
    return matrices


@pytest.mark.parametrize(("f", "wrt", "shapes", "symmetric", "constants", "func", "closed"),
                         CASES, ids=[f"{c[0]} by {c[1]}{' (S symmetric)' if c[3] else ''}"
                                     for c in CASES])
def test_gradient_and_closed_form_match_finite_differences(f, wrt, shapes, symmetric,
                                                            constants, func, closed):
    inputs = MatrixFunction(parse(f), wrt, tuple((n, *s) for n, s in shapes.items()),
                            tuple((n, sympy.sympify(v)) for n, v in constants), symmetric)
    answer = solve(inputs).answer
    gradient = answer["gradient"].value
    for _ in range(3):
        matrices = _matrices(shapes, symmetric)
        expected = finite_differences(func, matrices, wrt)
        values = _values(shapes, symmetric, matrices)
        computed = np.array([[numeric(gradient[i, j], values) for j in range(gradient.cols)]
                             for i in range(gradient.rows)])
        assert computed == pytest.approx(expected, rel=1e-5, abs=1e-7)
        if "closed_form" in dict(answer.items):
            form = answer["closed_form"].value.xreplace({THE_FUNCTION: func(matrices)})
            assert closed_numeric(form, shapes, matrices) == pytest.approx(
                expected, rel=1e-5, abs=1e-7)
    if closed is not None:
        assert str(answer["closed_form"].value) == closed


def test_the_identity_takes_its_size_from_what_it_meets():
    inputs = MatrixFunction(parse("x^T (A + 2 I) x"), "x", (("A", 2, 2), ("x", 2, 1)))
    assert "I" in str(solve(inputs).answer["closed_form"].value)


@pytest.mark.parametrize(("fields", "words"), [
    ("f: trace(I) + x^T x, wrt: x, shapes: {x: [2, 1]}", "size of I"),
    ("f: trace(A^-1), wrt: A, shapes: {A: [2, 3]}", "square"),
    ("f: log(det(A^-1)), wrt: A, shapes: {A: [4, 4]}", "up to 3×3"),
    ("f: x^T S x, wrt: S, shapes: {S: [2, 2], x: [2, 1]}, symmetric: [S]", "independent"),
    ("f: x^T S x, wrt: x, shapes: {S: [2, 3], x: [2, 1]}, symmetric: [S]", "square"),
])
def test_spec_errors_name_the_problem(fields, words):
    text = spec_error("matrix_gradient", fields)
    assert words in text


@pytest.mark.tex
def test_gaussian_gradient_renders(tmp_path):
    spec = load("""
    title: Gaussian
    problems:
      - id: p
        parts:
          - {id: a, kind: matrix_gradient, f: "exp(-1/2 (x - mu)^T S^-1 (x - mu))", wrt: x,
             shapes: {S: [2, 2], x: [2, 1], mu: [2, 1]}, symmetric: [S]}
    """)
    document = render(solve_set(spec), "latex")
    assert r"- f S^{-1} \left(x - \mu\right)" in document
    assert "the function itself" in document
