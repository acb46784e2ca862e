"""Every requirement holds on 200 students' variants, checked independently of the
generators and of the property's own code: by SymPy's linsolve, det, inv, eigenvals and a
forward pass written out here, on the values the loaded variant gives."""

from __future__ import annotations

import textwrap

import pytest
import sympy

from solver.variants import load_variant

STUDENTS = [f"student{i:03d}" for i in range(200)]
x1, x2 = sympy.symbols("x1 x2")


def write(tmp_path, text: str):
    path = tmp_path / "set.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def given_of_each(path, problem: int = 0):
    for student in STUDENTS:
        yield load_variant(path, student).problems[problem].given


def solutions(P, a):
    return sympy.linsolve((sympy.Matrix(P), sympy.Matrix(a)), [x1, x2])


IN5400 = """\
    title: IN5400 week 4
    seed: week4-2026
    problems:
      - id: linear-algebra
        vary:
          P: matrix(2, 2, integers(-6, 6))
          a: vector(2, integers(-5, 5), nonzero)
        require:
          - det(P) = 0
          - part d is no_solution
        given: {}
        parts:
          - {id: d, kind: linear_system, A: P, b: a}
    """


def test_the_in5400_singular_system_has_no_solution_for_every_student(tmp_path):
    path = write(tmp_path, IN5400)
    seen = set()
    for given in given_of_each(path):
        P, a = given["P"], given["a"]
        assert all(-6 <= entry <= 6 for entry in P) and not a.is_zero_matrix
        assert sympy.Matrix(P).det() == 0
        assert solutions(P, a) == sympy.EmptySet
        seen.add((tuple(P), tuple(a)))
    assert len(seen) > 150


@pytest.mark.parametrize("requirement, check", [
    ("part d is unique", lambda P, a: len(solutions(P, a)) == 1
     and not solutions(P, a).free_symbols),
    ("part d is infinitely_many", lambda P, a: bool(solutions(P, a).free_symbols)),
])
def test_linear_system_outcomes(tmp_path, requirement, check):
    matrix = "rank(2, 2, 1)" if "infinitely" in requirement else "matrix(2, 2, integers(-3, 3))"
    path = write(tmp_path, f"""\
        seed: s
        problems:
          - id: p
            vary: {{P: '{matrix}', a: 'vector(2, integers(-2, 2))'}}
            require: ['{requirement}']
            parts:
              - {{id: d, kind: linear_system, A: P, b: a}}
        """)
    for given in given_of_each(path):
        assert check(given["P"], given["a"])


@pytest.mark.parametrize("requirement, check", [
    ("part a is undefined", lambda A: A.det() == 0),
    ("part a is defined", lambda A: A.det() != 0),
    ("part a has integer entries", lambda A: all(entry.is_integer for entry in A.inv())),
    ("part a has denominators at most 2",
     lambda A: all(sympy.Rational(entry).q <= 2 for entry in A.inv())),
])
def test_inverse_properties(tmp_path, requirement, check):
    path = write(tmp_path, f"""\
        seed: s
        problems:
          - id: p
            vary: {{A: 'matrix(2, 2, integers(-2, 2))'}}
            require: ['{requirement}']
            parts:
              - {{id: a, kind: inverse, matrix: A}}
        """)
    for given in given_of_each(path):
        assert check(sympy.Matrix(given["A"]))


@pytest.mark.parametrize("requirement, test", [
    ("part a eigenvalues are integers", lambda value: value.is_integer),
    ("part a eigenvalues are rational", lambda value: value.is_rational),
])
def test_named_values_of_eigen(tmp_path, requirement, test):
    path = write(tmp_path, f"""\
        seed: s
        problems:
          - id: p
            vary: {{S: '[[integers(-3, 3), integers(-3, 3)], [choice(0, 1), integers(-3, 3)]]'}}
            require: ['{requirement}']
            parts:
              - {{id: a, kind: eigen, matrix: S}}
        """)
    for given in given_of_each(path):
        assert all(test(value) for value in sympy.Matrix(given["S"]).eigenvals())


@pytest.mark.parametrize("requirement", ["part a: no pre-activation is 0", "part a: no z is 0"])
def test_no_pre_activation_is_zero(tmp_path, requirement):
    path = write(tmp_path, f"""\
        seed: s
        problems:
          - id: p
            vary:
              W: matrix(2, 2, integers(-2, 2))
              b: vector(2, integers(-1, 1))
              v: matrix(1, 2, integers(-1, 1))
            require: ['{requirement}']
            parts:
              - id: a
                kind: forward_pass
                layout: Wx
                input: [1, 2]
                layers:
                  - {{W: W, b: b, activation: relu}}
                  - {{W: v, b: 1, activation: identity}}
        """)
    for given in given_of_each(path):
        z1 = sympy.Matrix(given["W"]) * sympy.Matrix([1, 2]) + sympy.Matrix(given["b"])
        hidden = z1.applyfunc(lambda z: max(z, 0))
        z2 = sympy.Matrix(given["v"]) * hidden + sympy.Matrix([1])
        assert all(z != 0 for z in (*z1, *z2))


def test_comparisons_of_varied_values_and_their_entries(tmp_path):
    path = write(tmp_path, """\
        seed: s
        problems:
          - id: p
            vary:
              P: matrix(2, 2, integers(-1, 1))
              a: vector(2, integers(-2, 2))
              k: integers(-3, 3)
            given: {c: 2}
            require:
              - rank(P) = 1
              - a1 != 0
              - a_2 >= a1
              - trace(P) < c
              - P12 = P_12
              - k^2 > 1
            parts:
              - {id: a, kind: matrix_expression, expr: k P a}
        """)
    for given in given_of_each(path):
        P, a, k = sympy.Matrix(given["P"]), given["a"], given["k"]
        assert P.rank() == 1 and a[0] != 0 and a[1] >= a[0] and P.trace() < 2 and k**2 > 1


def test_properties_built_in_by_the_generators_need_no_rejection(tmp_path):
    from solver.variants import draw_variant

    path = write(tmp_path, """\
        seed: s
        problems:
          - id: p
            vary:
              A: with_eigenvalues([integers(-3, 3), integers(4, 6)])
              P: rank(3, 3, 2)
              Q: orthogonal(3)
            require:
              - rank(P) = 2
              - det(Q^T Q) = 1
              - part a eigenvalues are integers
              - part b is undefined
            parts:
              - {id: a, kind: eigen, matrix: A}
              - {id: b, kind: inverse, matrix: P}
        """)
    for student in STUDENTS[:50]:
        variant = draw_variant(path, student)
        assert variant.draws == {"p": 1}
        given = variant.spec.problems[0].given
        assert all(value.is_integer for value in sympy.Matrix(given["A"]).eigenvals())
        assert sympy.Matrix(given["P"]).det() == 0
