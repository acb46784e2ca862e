"""Matrix gradients checked by central finite differences on random matrices (numpy), the
closed forms evaluated numerically at the same matrices, and the spec errors of the kind."""

from __future__ import annotations

import time

import numpy as np
import pytest
import sympy

from solver.answers import Named
from solver.errors import SpecErrors
from solver.expr import parse
from solver.kinds.matrix_gradient import MatrixFunction, solve
from solver.kinds.matrix_gradient.closed_forms import closed_form_search
from solver.render.document import render
from solver.render.json_out import answer_json
from solver.solving import solve_set
from solver.steps.matrix_calculus import (
    ClosedFormMatch,
    GradientLayout,
    IndexPartial,
    NoClosedForm,
)
from tests.conftest import load, solve_only_part

RNG = np.random.default_rng(7)
H = 1e-6


def entry_symbol(name: str, i: int, j: int, shape) -> sympy.Symbol:
    rows, cols = shape
    if (rows, cols) == (1, 1):
        return sympy.Symbol(name, real=True)
    if cols == 1:
        return sympy.Symbol(f"{name}_{i + 1}", real=True)
    if rows == 1:
        return sympy.Symbol(f"{name}_{j + 1}", real=True)
    return sympy.Symbol(f"{name}_{i + 1}{j + 1}", real=True)


def random_matrices(shapes):
    return {name: RNG.uniform(-1.5, 1.5, size=shape) for name, shape in shapes.items()}


def entry_values(shapes, matrices):
    return {entry_symbol(name, i, j, shapes[name]): float(matrices[name][i, j])
            for name in shapes for i in range(shapes[name][0]) for j in range(shapes[name][1])}


def finite_differences(func, matrices, wrt):
    """Central differences of func by every entry of matrices[wrt]: the same shape."""
    result = np.zeros_like(matrices[wrt])
    for index in np.ndindex(*matrices[wrt].shape):
        plus = {name: value.copy() for name, value in matrices.items()}
        minus = {name: value.copy() for name, value in matrices.items()}
        plus[wrt][index] += H
        minus[wrt][index] -= H
        result[index] = (func(plus) - func(minus)) / (2 * H)
    return result


def numeric(expr, values) -> float:
    return float(sympy.sympify(expr).xreplace(values).evalf(30))


def closed_numeric(expr, shapes, matrices) -> np.ndarray:
    """A closed form (a SymPy matrix expression over MatrixSymbols) at numeric matrices."""
    replacements = {sympy.MatrixSymbol(name, *shape): sympy.ImmutableMatrix(
        matrices[name].tolist()) for name, shape in shapes.items()}
    value = expr.xreplace(replacements).doit()
    if isinstance(value, sympy.MatrixExpr):
        value = value.as_explicit()
    return np.array(sympy.Matrix(value).evalf(30).tolist(), dtype=float)


def direct(f: str, wrt: str, shapes: dict, constants=()):
    return MatrixFunction(parse(f), wrt, tuple((name, *shape) for name, shape in shapes.items()),
                          tuple(constants))


def _f(expr):
    return lambda m: float(np.squeeze(expr(m)))


# f, wrt, shapes, numpy f, closed form as printed (None: not in the catalogue)
CASES = [
    ("v^T A v", "A", {"A": (3, 3), "v": (3, 1)},
     _f(lambda m: m["v"].T @ m["A"] @ m["v"]), "v*v.T"),
    ("u^T A v", "A", {"A": (2, 3), "u": (2, 1), "v": (3, 1)},
     _f(lambda m: m["u"].T @ m["A"] @ m["v"]), "u*v.T"),
    ("norm(A v)^2", "A", {"A": (3, 2), "v": (2, 1)},
     _f(lambda m: np.sum((m["A"] @ m["v"]) ** 2)), "2*A*v*v.T"),
    ("trace(A X B)", "X", {"A": (2, 3), "X": (3, 2), "B": (2, 2)},
     _f(lambda m: np.trace(m["A"] @ m["X"] @ m["B"])), "A.T*B.T"),
    ("a^T X^T b", "X", {"a": (2, 1), "X": (3, 2), "b": (3, 1)},
     _f(lambda m: m["a"].T @ m["X"].T @ m["b"]), "b*a.T"),
    ("v^T A v", "v", {"A": (3, 3), "v": (3, 1)},
     _f(lambda m: m["v"].T @ m["A"] @ m["v"]), "(A + A.T)*v"),
    ("norm(A x - b)^2", "x", {"A": (3, 2), "x": (2, 1), "b": (3, 1)},
     _f(lambda m: np.sum((m["A"] @ m["x"] - m["b"]) ** 2)), "2*A.T*(A*x - b)"),
    ("1/2 norm(A x - b)^2", "A", {"A": (3, 2), "x": (2, 1), "b": (3, 1)},
     _f(lambda m: 0.5 * np.sum((m["A"] @ m["x"] - m["b"]) ** 2)), "(A*x - b)*x.T"),
    ("trace(X^T A X)", "X", {"X": (3, 2), "A": (3, 3)},
     _f(lambda m: np.trace(m["X"].T @ m["A"] @ m["X"])), "(A + A.T)*X"),
    ("trace(X X)", "X", {"X": (3, 3)}, _f(lambda m: np.trace(m["X"] @ m["X"])), "2*X.T"),
    ("trace(X)", "X", {"X": (3, 3)}, _f(lambda m: np.trace(m["X"])), "I"),
    ("norm(X)^2", "X", {"X": (2, 3)}, _f(lambda m: np.sum(m["X"] ** 2)), "2*X"),
    ("(v^T v)^2", "v", {"v": (3, 1)}, _f(lambda m: (m["v"].T @ m["v"]) ** 2), "4*v*v.T*v"),
    ("3 u^T W v - v^T v", "W", {"u": (2, 1), "W": (2, 3), "v": (3, 1)},
     _f(lambda m: 3 * m["u"].T @ m["W"] @ m["v"] - m["v"].T @ m["v"]), "3*u*v.T"),
    ("norm(v)", "v", {"v": (3, 1)}, _f(lambda m: np.linalg.norm(m["v"])), None),
    ("log(1 + exp(-y w^T x))", "w", {"w": (3, 1), "x": (3, 1), "y": (1, 1)},
     _f(lambda m: np.log1p(np.exp(-m["y"] * (m["w"].T @ m["x"])))), None),
    ("det(X)", "X", {"X": (3, 3)}, _f(lambda m: np.linalg.det(m["X"])),
     "Determinant(X)*X.T**(-1)"),
    ("x x^T / 2 + c x^T", "x", {"x": (1, 3), "c": (1, 3)},
     _f(lambda m: m["x"] @ m["x"].T / 2 + m["c"] @ m["x"].T), "c + x"),
]


@pytest.mark.parametrize(("f", "wrt", "shapes", "func", "closed"), CASES,
                         ids=[f"{case[0]} by {case[1]}" for case in CASES])
def test_gradient_matches_finite_differences(f, wrt, shapes, func, closed):
    solved = solve(direct(f, wrt, shapes))
    answer = solved.answer
    assert isinstance(answer, Named)
    gradient = answer["gradient"].value
    assert gradient.shape == shapes[wrt]
    for _ in range(3):
        matrices = random_matrices(shapes)
        expected = finite_differences(func, matrices, wrt)
        values = entry_values(shapes, matrices)
        computed = np.array([[numeric(gradient[i, j], values) for j in range(gradient.cols)]
                             for i in range(gradient.rows)])
        assert computed == pytest.approx(expected, rel=1e-5, abs=1e-6)
        if closed is not None:
            value = closed_numeric(answer["closed_form"].value, shapes, matrices)
            assert value == pytest.approx(expected, rel=1e-5, abs=1e-6)
    names = dict(answer.items)
    if closed is None:
        assert "closed_form" not in names
        assert any(isinstance(step, NoClosedForm) for step in solved.steps)
    else:
        assert str(names["closed_form"].value) == closed


@pytest.mark.parametrize(("f", "wrt", "shapes", "func", "closed"), CASES,
                         ids=[f"{case[0]} by {case[1]}" for case in CASES])
def test_generic_entry_matches_finite_differences(f, wrt, shapes, func, closed):
    """The index-notation partial ∂f/∂X_ij, at each i, j, against central differences."""
    solved = solve(direct(f, wrt, shapes))
    generic = [step for step in solved.steps if isinstance(step, IndexPartial)]
    polynomial = f not in ("norm(v)", "log(1 + exp(-y w^T x))", "det(X)")
    assert len(generic) == (1 if polynomial else 0)
    if not generic:
        return
    (step,) = generic
    matrices = random_matrices(shapes)
    expected = finite_differences(func, matrices, wrt)
    table = {}
    for name, (rows, cols) in shapes.items():
        base = sympy.IndexedBase(name)
        for i in range(rows):
            for j in range(cols):
                index = tuple(n + 1 for n, size in ((i, rows), (j, cols)) if size > 1)
                if index:
                    table[base[index]] = float(matrices[name][i, j])
    for index in np.ndindex(*shapes[wrt]):
        at = {free: n + 1 for free, n in zip(
            step.free, [n for n, size in zip(index, shapes[wrt], strict=True) if size > 1],
            strict=True)}
        value = step.result.xreplace(at).doit().xreplace(table)
        value = value.xreplace(entry_values(shapes, matrices))
        assert float(value) == pytest.approx(expected[index], rel=1e-5, abs=1e-6)


def test_no_closed_form_still_answers_exactly():
    solved = solve(direct("(x^T A x)^2 + b^T x", "x", {"A": (2, 2), "x": (2, 1), "b": (2, 1)}))
    assert [name for name, _ in solved.answer.items] == ["gradient"]
    (step,) = [step for step in solved.steps if isinstance(step, NoClosedForm)]
    assert step.polynomial and step.tried > 0


def test_a_residual_joins_a_sum_of_two_products():
    solved = solve(direct("1/2 norm(A x - b)^2 + 3/2 x^T x", "x",
                          {"A": (3, 2), "x": (2, 1), "b": (3, 1)}))
    assert str(solved.answer["closed_form"].value) == "3*x + A.T*(A*x - b)"


# -- the handout (Math 198 homework 7, section 3) -----------------------------------------

HANDOUT = """
problems:
  - id: hw7-3
    title: Gradients with respect to matrices
    statement: A is m×n and v is n-dimensional.
    parts:
      - {id: a, kind: matrix_gradient, f: v^T A v, wrt: A, shapes: {A: [3, 3], v: [3, 1]}}
      - {id: b, kind: matrix_gradient, f: norm(A v)^2, wrt: A, shapes: {A: [3, 2], v: [2, 1]}}
      - id: c
        kind: matrix_gradient
        f: trace(A X B)
        wrt: X
        shapes: {A: [2, 3], X: [3, 2], B: [2, 2]}
      - id: d
        kind: matrix_gradient
        f: a^T X^T b
        wrt: X
        shapes: {a: [2, 1], X: [3, 2], b: [3, 1]}
      - {id: e, kind: matrix_gradient, f: v^T A v, wrt: v, shapes: {A: [3, 3], v: [3, 1]}}
"""


def _handout():
    spec = load(HANDOUT)
    return {part.id: (part, solve(part.inputs)) for part in spec.problems[0].parts}


def _entries(name, rows, cols):
    return sympy.Matrix(rows, cols, lambda i, j: entry_symbol(name, i, j, (rows, cols)))


def test_handout_v_transpose_a_v_by_a_is_v_v_transpose():
    _, solved = _handout()["a"]
    v = _entries("v", 3, 1)
    gradient = solved.answer["gradient"].value
    for i in range(3):
        for j in range(3):
            assert sympy.expand(gradient[i, j] - v[i] * v[j]) == 0
    assert str(solved.answer["closed_form"].value) == "v*v.T"


def test_handout_squared_norm_of_a_v_is_2_a_v_v_transpose():
    _, solved = _handout()["b"]
    A, v = _entries("A", 3, 2), _entries("v", 2, 1)
    gradient = solved.answer["gradient"].value
    for i in range(3):
        for j in range(2):
            expected = 2 * v[j] * (A[i, :] * v)[0, 0]
            assert sympy.expand(gradient[i, j] - expected) == 0
    assert str(solved.answer["closed_form"].value) == "2*A*v*v.T"


def test_handout_trace_and_bilinear_forms():
    parts = _handout()
    A, B = _entries("A", 2, 3), _entries("B", 2, 2)
    a, b = _entries("a", 2, 1), _entries("b", 3, 1)
    assert (parts["c"][1].answer["gradient"].value - A.T * B.T).expand() == sympy.zeros(3, 2)
    assert str(parts["c"][1].answer["closed_form"].value) == "A.T*B.T"
    assert (parts["d"][1].answer["gradient"].value - b * a.T).expand() == sympy.zeros(3, 2)
    assert str(parts["d"][1].answer["closed_form"].value) == "b*a.T"


def test_handout_quadratic_form_by_v_is_a_plus_a_transpose_times_v():
    _, solved = _handout()["e"]
    A, v = _entries("A", 3, 3), _entries("v", 3, 1)
    assert (solved.answer["gradient"].value - (A + A.T) * v).expand() == sympy.zeros(3, 1)
    assert str(solved.answer["closed_form"].value) == "(A + A.T)*v"


def test_handout_steps_layout_and_generic_entry():
    _, solved = _handout()["b"]
    kinds = [type(step).__name__ for step in solved.steps]
    assert kinds == ["EntrywiseFunction", "IndexPartial", "EntrywiseGradient",
                     "ClosedFormMatch", "GradientLayout"]
    generic = solved.steps[1]
    i, j, k = (sympy.Symbol(name, integer=True) for name in "ijk")
    A, v = sympy.IndexedBase("A"), sympy.IndexedBase("v")
    assert generic.result == 2 * v[j] * sympy.Sum(A[i, k] * v[k], (k, 1, 2))
    layout = solved.steps[-1]
    assert isinstance(layout, GradientLayout) and (layout.rows, layout.cols) == (3, 2)
    match = solved.steps[3]
    assert isinstance(match, ClosedFormMatch)
    assert (match.explicit - match.gradient).expand() == sympy.zeros(3, 2)


def test_handout_renders_and_has_a_json_answer():
    spec = load(HANDOUT)
    solved = solve_set(spec)
    markdown = render(solved, "markdown")
    latex = render(solved, "latex")
    assert "denominator layout" in markdown and "denominator layout" in latex
    assert "v v^{\\top}" in latex
    assert answer_json(solved.problems[0].parts[0].solved.answer)["closed_form"] == "v*v^T"
    answer = answer_json(solved.problems[0].parts[0].solved.answer)
    assert set(answer) == {"gradient", "closed_form"}
    assert answer["gradient"][0][1] == "v_1*v_2"


def test_every_outcome_renders_in_both_formats():
    spec = load("""
        problems:
          - id: p
            parts:
              - {id: a, kind: matrix_gradient, f: norm(v), wrt: v, shapes: {v: [3, 1]}}
              - {id: b, kind: matrix_gradient, f: trace(X), wrt: X, shapes: {X: [3, 3]}}
              - {id: c, kind: matrix_gradient, f: trace(X - X), wrt: X, shapes: {X: [2, 2]}}
              - {id: d, kind: matrix_gradient, f: y w^T x, wrt: y,
                 shapes: {w: [3, 1], x: [3, 1], y: [1, 1]}}
              - {id: e, kind: matrix_gradient, f: x A x^T, wrt: x, shapes: {x: [1, 3], A: [3, 3]}}
              - id: f
                kind: matrix_gradient
                f: 1/2 norm(A x - b)^2 + 3/2 x^T x
                wrt: x
                shapes: {A: [3, 2], x: [2, 1], b: [3, 1]}
    """)
    solved = solve_set(spec)
    answers = [entry.solved.answer for entry in solved.problems[0].parts]
    assert "closed_form" not in dict(answers[0].items)
    assert str(answers[1]["closed_form"].value) == "I"
    assert answers[2]["closed_form"].value == sympy.ZeroMatrix(2, 2)
    assert str(answers[3]["closed_form"].value) == "w.T*x"
    assert str(answers[4]["closed_form"].value) == "x*(A + A.T)"
    for fmt in ("markdown", "latex"):
        text = render(solved, fmt)
        assert "No closed form in the catalogue" in text
        assert text.count("denominator layout") == 6


def test_given_numbers_are_constants_of_f():
    part, solved = solve_only_part("""
        problems:
          - id: p
            given: {lam: 0.5}
            parts:
              - {id: a, kind: matrix_gradient, f: lam x^T x, wrt: x, shapes: {x: [2, 1]}}
    """)
    assert part.decimal
    assert str(solved.answer["closed_form"].value) == "x"


def test_closed_form_search_on_3_by_3():
    shapes = {"A": (3, 3), "X": (3, 3), "B": (3, 3)}
    entries = {name: sympy.ImmutableMatrix(_entries(name, *shape))
               for name, shape in shapes.items()}
    hard = sympy.ImmutableMatrix(entries["A"].T * entries["B"].T + entries["X"] * 3)
    for gradient in (sympy.ImmutableMatrix(entries["A"].T * entries["B"].T), hard):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            result = closed_form_search("X", ("A", "X", "B"), shapes, entries, gradient)
            best = min(best, time.perf_counter() - start)
        assert isinstance(result, ClosedFormMatch)


# -- spec errors --------------------------------------------------------------------------


def _part_yaml(f: str, wrt: str, shapes: str) -> str:
    return ("problems:\n"
            "  - id: p\n"
            "    parts:\n"
            "      - id: a\n"
            "        kind: matrix_gradient\n"
            f"        f: {f}\n"
            f"        wrt: {wrt}\n"
            f"        shapes: {shapes}\n")


@pytest.mark.parametrize(("f", "wrt", "shapes", "field", "line", "words"), [
    ("v^T A v", "A", "{A: [2, 2], v: [2, 1], w: [2, 1]}", "shapes", 8,
     "'w' does not appear in f"),
    ("v^T B v", "v", "{A: [2, 2], v: [2, 1]}", "shapes", 8, "no shape for 'B'"),
    ("A v", "A", "{A: [2, 2], v: [2, 1]}", "f", 6,
     "f must be a scalar (1×1), but 'A v' is a 2×1 matrix"),
    ("v^T A v", "X", "{A: [2, 2], v: [2, 1]}", "wrt", 7, "'X' does not appear in f"),
    ("v^T A v", "A", "{A: [3, 2], v: [2, 1]}", "f", 6,
     "of a 1×2 matrix and a 3×2 matrix is not defined"),
    ("v^T A v", "A", "{A: [2, 2], v: [2]}", "shapes", 8,
     "the shape of 'v' must be [rows, cols]"),
    ("trace(A)", "A", "{A: [2, 3]}", "f", 6, "trace( ) is defined only for square matrices"),
    ("v^T A v", "[A, v]", "{A: [2, 2], v: [2, 1]}", "wrt", 7, "expected one matrix or vector"),
])
def test_spec_errors_name_the_field_and_line(f, wrt, shapes, field, line, words):
    with pytest.raises(SpecErrors) as caught:
        load(_part_yaml(f, wrt, shapes))
    (error,) = caught.value.errors
    assert f"field '{field}'" in str(error)
    assert error.location.line == line
    assert words in error.message
