"""Convexity verdicts checked by random chords in numpy: on many random pairs of points of
the domain and several t, f(ta + (1 − t)b) against tf(a) + (1 − t)f(b) agrees with the
verdict (convex: never above; concave: never below; strictly: strictly; neither: both
fail somewhere), random quadratics against numpy's eigenvalues, the chords shown as
counterexamples recomputed in floating point, the typical mistakes, error carried forward
from the student's Hessian, the checker's verdicts and a PDF."""

from __future__ import annotations

import json
import random
import textwrap

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from solver.answers import Undefined
from solver.check.answerfile import answers_from_text
from solver.check.checker import check_file
from solver.check.mistakes import mistakes
from solver.cli import cli
from solver.kinds import KINDS
from solver.kinds.convexity import ConvexityInputs, solve
from solver.kinds.convexity.read import Bounds
from solver.kinds.convexity.steps import ChordComparison
from solver.numbers import symbol
from solver.render.pdf import available_engine
from solver.solving import solve_set
from solver.spec.load import load_text
from tests.conftest import checked_key, example_spec, load, spec_error

x, y, z = symbol("x"), symbol("y"), symbol("z")
STRICTLY_CONVEX, CONVEX = "strictly convex", "convex"
STRICTLY_CONCAVE, CONCAVE = "strictly concave", "concave"
LINEAR, NEITHER = "linear", "neither"

CASES = [  # f, variables, domain, verdict
    (x**4, (x,), (), STRICTLY_CONVEX),
    (x**3, (x,), (), NEITHER),
    (x**3, (x,), (Bounds(x, 0),), STRICTLY_CONVEX),
    (x**3, (x,), (Bounds(x, upper=0),), STRICTLY_CONCAVE),
    (-sympy.log(x), (x,), (Bounds(x, 0),), STRICTLY_CONVEX),
    (sympy.sin(x), (x,), (Bounds(x, 0, sympy.pi),), STRICTLY_CONCAVE),
    (sympy.sin(x), (x,), (), NEITHER),
    (sympy.exp(x), (x,), (), STRICTLY_CONVEX),
    (x * sympy.log(x), (x,), (Bounds(x, 0),), STRICTLY_CONVEX),
    (3 * x + 2, (x,), (), LINEAR),
    (x**2 + y**2, (x, y), (), STRICTLY_CONVEX),
    (x * y, (x, y), (), NEITHER),
    (x * y, (x, y), (Bounds(x, 0), Bounds(y, 0)), NEITHER),
    (x**4 + y**4, (x, y), (), STRICTLY_CONVEX),
    (x**2 / y, (x, y), (Bounds(y, 0),), CONVEX),
    (sympy.log(sympy.exp(x) + sympy.exp(y)), (x, y), (), CONVEX),
    ((x + y)**4, (x, y), (), CONVEX),
    (sympy.exp(x + y), (x, y), (), CONVEX),
    (-x**2 - x * y - y**2, (x, y), (), STRICTLY_CONCAVE),
    (sympy.log(x) + sympy.log(y), (x, y), (Bounds(x, 0), Bounds(y, 0)), STRICTLY_CONCAVE),
    (-sympy.sqrt(x * y), (x, y), (Bounds(x, 0), Bounds(y, 0)), CONVEX),
    (x**4 + x * y + y**2, (x, y), (), NEITHER),
    ((x**2 + y**2)**2, (x, y), (), STRICTLY_CONVEX),
    (1 / (x * y), (x, y), (Bounds(x, 0), Bounds(y, 0)), STRICTLY_CONVEX),
    (sympy.exp(x * y), (x, y), (), NEITHER),
    (2 * x - 3 * y + 1, (x, y), (), LINEAR),
    (x**2 + y**2 + z**2 - x * y - y * z, (x, y, z), (), STRICTLY_CONVEX),
    (x**2 + y**2 - z**2, (x, y, z), (), NEITHER),
    (sympy.exp(x) + y**2 + z**4, (x, y, z), (), STRICTLY_CONVEX),
]


def verdict(f, wrt, domain=()):
    return solve(ConvexityInputs(f, wrt, domain)).answer


def _random_points(rng: np.random.Generator, box, count: int) -> np.ndarray:
    columns = []
    for bounds in box:
        low = float(bounds.lower) if bounds.lower.is_finite else None
        high = float(bounds.upper) if bounds.upper.is_finite else None
        if low is not None and high is not None:
            columns.append(rng.uniform(low, high, count))
        elif low is not None:
            columns.append(low + rng.exponential(2.0, count))
        elif high is not None:
            columns.append(high - rng.exponential(2.0, count))
        else:
            columns.append(rng.uniform(-3, 3, count))
    return np.stack(columns, axis=1)


def _chord_gaps(f, wrt, domain, seed: int = 0) -> np.ndarray:
    """f(ta + (1 − t)b) − (tf(a) + (1 − t)f(b)) over random a, b in the domain and t."""
    inputs = ConvexityInputs(f, wrt, domain)
    numeric = sympy.lambdify(wrt, f, "numpy")
    rng = np.random.default_rng(seed)
    a, b = (_random_points(rng, inputs.box, 2000) for _ in range(2))
    far = np.linalg.norm(a - b, axis=1) > 0.05
    a, b = a[far], b[far]
    t = rng.uniform(0.05, 0.95, (len(a), 1))
    mixed = t * a + (1 - t) * b
    value = lambda points: np.asarray(numeric(*points.T), dtype=float)  # noqa: E731
    return value(mixed) - (t[:, 0] * value(a) + (1 - t[:, 0]) * value(b))


@pytest.mark.parametrize("f, wrt, domain, expected", CASES)
def test_the_verdict_agrees_with_random_chords(f, wrt, domain, expected):
    answer = verdict(f, wrt, domain)
    assert answer.word == expected
    gaps = _chord_gaps(f, wrt, domain)
    scale = 1e-9 * (1 + np.abs(gaps).max())
    if expected.endswith(CONVEX) or expected == LINEAR:
        assert gaps.max() <= scale
    if expected.endswith(CONCAVE) or expected == LINEAR:
        assert gaps.min() >= -scale
    if expected == NEITHER:
        assert gaps.max() > scale and gaps.min() < -scale
    if expected.startswith("strictly"):
        sign = -1 if expected.endswith(CONVEX) else 1
        assert (sign * gaps > 0).mean() > 0.99
    if expected in (CONVEX, CONCAVE):  # not strictly: some chord lies on the graph
        flat = [s for s in solve(ConvexityInputs(f, wrt, domain)).steps
                if isinstance(s, ChordComparison)]
        assert flat and flat[0].relation == "on"


def test_random_quadratics_match_numpy_eigenvalues():
    rng = random.Random(14)
    for _ in range(40):
        n = rng.choice([2, 3])
        xs = (x, y, z)[:n]
        A = sympy.Matrix(n, n, lambda i, j: 0)
        for i in range(n):
            for j in range(i, n):
                A[i, j] = A[j, i] = rng.choice([-3, -2, -1, 0, 1, 1, 2, 3, 4])
        v = sympy.Matrix(xs)
        f = sympy.expand((v.T * A * v)[0] + rng.randint(-3, 3) * xs[0])
        eigenvalues = np.linalg.eigvalsh(np.array(A.tolist(), dtype=float))
        low, high = eigenvalues.min(), eigenvalues.max()
        tol = 1e-9
        expected = (LINEAR if abs(low) < tol and abs(high) < tol
                    else STRICTLY_CONVEX if low > tol
                    else STRICTLY_CONCAVE if high < -tol
                    else CONVEX if low > -tol
                    else CONCAVE if high < tol else NEITHER)
        assert verdict(f, xs).word == expected, (A, f)


@pytest.mark.parametrize("f, wrt, domain, expected", CASES)
def test_the_chords_shown_hold_in_floating_point(f, wrt, domain, expected):
    numeric = sympy.lambdify(wrt, f, "math")
    for step in solve(ConvexityInputs(f, wrt, domain)).steps:
        if not isinstance(step, ChordComparison):
            continue
        fa, fb = numeric(*map(float, step.a)), numeric(*map(float, step.b))
        fm = numeric(*((float(p) + float(q)) / 2 for p, q in zip(step.a, step.b, strict=True)))
        gap = fm - (fa + fb) / 2
        assert {"above": gap > 1e-12, "below": gap < -1e-12,
                "on": abs(gap) < 1e-9}[step.relation], step
        assert sympy.simplify(step.fm - f.subs(dict(zip(wrt, step.midpoint, strict=True)))) == 0


def test_neither_shows_a_chord_on_each_side():
    relations = [s.relation for s in solve(ConvexityInputs(x**3, (x,))).steps
                 if isinstance(s, ChordComparison)]
    assert relations == ["above", "below"]


def test_f_outside_its_domain_is_an_answer_saying_so():
    answer = verdict(sympy.log(x), (x,))
    assert isinstance(answer, Undefined) and "x > 0" in answer.reason


def test_a_sign_that_is_neither_proven_nor_refuted_is_undefined():
    half = sympy.Rational(1, 2)
    answer = verdict(y**2 * sympy.cosh(x), (x, y), (Bounds(x, -half, half),))
    assert isinstance(answer, Undefined) and "could not be decided" in answer.reason


def test_named_values():
    solved = solve(ConvexityInputs(x**2 + x * y + 2 * y**2, (x, y)))
    named = dict(solved.intermediates)
    assert named["hessian"].value == sympy.Matrix([[2, 1], [1, 4]])
    assert list(named["eigenvalues"].value) == [3 - sympy.sqrt(2), 3 + sympy.sqrt(2)]
    solved = solve(ConvexityInputs(x**4 + x * y + y**2, (x, y)))
    assert list(dict(solved.intermediates)["minors"].value) == [12 * x**2, 24 * x**2 - 1]


def _mistakes(f, wrt, domain=()):
    inputs = ConvexityInputs(f, wrt, domain)
    return {m.code: m.answer.word for m in mistakes("convexity", inputs, solve(inputs))}


def test_mistakes_give_the_expected_wrong_verdicts():
    # x⁴: f' = 4x³ changes sign; "strictly" only for f'' > 0 everywhere gives "convex"
    assert _mistakes(x**4, (x,)) == {"sign_of_first_derivative": NEITHER,
                                     "strict_needs_definite": CONVEX}
    # H = [[2, 3], [3, 2]] is indefinite; its diagonal (and its Δ₁ = 2) say convex
    found = _mistakes(x**2 + 3 * x * y + y**2, (x, y))
    assert found == {"hessian_diagonal_only": STRICTLY_CONVEX}
    # H = [[2, 3], [3, −1]]: the diagonal is indefinite too, Δ₁ = 2 alone says convex
    found = _mistakes(x**2 + 3 * x * y - y**2 / 2, (x, y))
    assert found == {"first_minor_only": STRICTLY_CONVEX}
    # x⁴ + y⁴: singular on the axes, yet strictly convex
    assert _mistakes(x**4 + y**4, (x, y))["strict_needs_definite"] == CONVEX


def test_mistakes_that_coincide_with_the_verdict_are_not_offered():
    # e^x: f' > 0 and f'' > 0 agree; x² + y²: diagonal, Δ₁ and definiteness all agree
    assert _mistakes(sympy.exp(x), (x,)) == {}
    assert _mistakes(x**2 + y**2, (x, y)) == {}


SPEC = """\
title: t
problems:
  - id: p
    parts:
      - {id: a, kind: convexity, f: "x^4", wrt: x}
      - {id: b, kind: convexity, f: "x^2 + 3 x y + y^2", wrt: [x, y], ecf: true}
      - {id: c, kind: convexity, f: "x^3", wrt: x, domain: "x > 0", ecf: true}
"""


def _verdicts(answers: dict, spec: str = SPEC) -> dict:
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    solved = solve_set(load_text(spec, "t.yaml"))
    return {v.key: v for v in check_file(solved, sheet, only_answered=True).verdicts}


def test_the_verdict_carries_from_the_students_hessian():
    # their H = [[2, 1], [1, 2]] is positive definite: "strictly convex" follows from it
    answers = {"p.b.hessian": [["2", "1"], ["1", "2"]], "p.b": "strictly convex"}
    verdict = _verdicts(answers)["p.b"]
    assert (verdict.status, verdict.decided_by) == ("correct", "ecf"), verdict.reason
    assert _verdicts(answers, SPEC.replace("ecf: true", "ecf: false"))["p.b"].status \
        == "incorrect"
    assert _verdicts({"p.b.hessian": [["2", "1"], ["1", "2"]], "p.b": "concave"})[
        "p.b"].status == "incorrect"
    # f'' = 6x written as −6x on x > 0: "strictly concave" follows
    verdict = _verdicts({"p.c.hessian": "-6x", "p.c": "strictly concave"})["p.c"]
    assert (verdict.status, verdict.decided_by) == ("correct", "ecf"), verdict.reason


@pytest.fixture
def spec_file(tmp_path):
    path = tmp_path / "cvx.yaml"
    path.write_text(SPEC)
    return path


@pytest.mark.parametrize("key, answer, status, diagnosis", [
    ("p.a", "strictly convex", "correct", None),
    ("p.a", "convex", "incorrect", "strict_needs_definite"),
    ("p.a", "neither", "incorrect", "sign_of_first_derivative"),
    ("p.b", "neither", "correct", None),
    ("p.b", "strictly convex", "incorrect", "hessian_diagonal_only"),
])
def test_check_verdicts_through_the_cli(spec_file, key, answer, status, diagnosis):
    part = checked_key(spec_file, key, answer)
    assert (part["status"], part["diagnosis"]) == (status, diagnosis)


def test_the_example_solves():
    spec = example_spec("convexity")
    part = spec.problems[0].parts[0]
    assert KINDS["convexity"].solve(part.inputs).answer.word == CONVEX


def test_the_domain_is_read_as_bounds_on_single_variables():
    spec = load("""\
    title: t
    problems:
      - id: p
        parts:
          - {id: a, kind: convexity, f: "x y", wrt: [x, y], domain: "0 <= x < 2 and y > -1"}
          - {id: b, kind: convexity, f: "x y", wrt: [x, y], domain: [x > 0, y < 3]}
    """)
    first, second = (part.inputs for part in spec.problems[0].parts)
    assert [(b.lower, b.upper, b.closed) for b in first.box] == [(0, 2, (True, False)),
                                                                 (-1, sympy.oo, (False, False))]
    assert [(b.lower, b.upper) for b in second.box] == [(0, sympy.oo), (-sympy.oo, 3)]


@pytest.mark.parametrize("fields, field, words", [
    ('f: "x y", wrt: [x, y], domain: "x + y > 0"', "domain", "compare one of"),
    ('f: "x y", wrt: [x, y], domain: "x > 0 or y > 0"', "domain", "only 'and'"),
    ('f: "x y", wrt: [x, y], domain: "z > 0"', "domain", "unknown name"),
    ('f: "x", wrt: x, domain: "x > 2 and x < 1"', "domain", "no interval"),
    ('f: "abs(x)", wrt: x', "f", "twice differentiable"),
    ('f: "a + b + c + d + e1", wrt: [a, b, c, d, e1]', "wrt", "up to 4"),
])
def test_spec_errors_name_the_field(fields, field, words):
    message = spec_error("convexity", fields)
    assert f"field '{field}'" in message and words in message


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_worked_set_compiles_to_pdf(tmp_path):
    spec = tmp_path / "convexity.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Convexity
        problems:
          - id: cvx
            parts:
              - {id: a, kind: convexity, f: "x^4", wrt: x}
              - {id: b, kind: convexity, f: "x^3", wrt: x}
              - {id: c, kind: convexity, f: "x^2 / y", wrt: [x, y], domain: "y > 0"}
              - {id: d, kind: convexity, f: "x*y", wrt: [x, y], domain: "x > 0 and y > 0"}
              - {id: e, kind: convexity, f: "log(x) + log(y)", wrt: [x, y],
                 domain: [x > 0, y > 0]}
              - {id: f, kind: convexity, f: "2x - 3y + 1", wrt: [x, y]}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "convexity.pdf").read_bytes().startswith(b"%PDF")
    markdown = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path), "--format",
                                        "md"])
    assert markdown.exit_code == 0, markdown.output
    text = (tmp_path / "convexity.md").read_text()
    assert r"\text{strictly convex}" in text and r"\text{neither}" in text
