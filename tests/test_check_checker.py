"""The checker end to end: verdicts, diagnoses, points, intermediate steps, hostile answers."""

from __future__ import annotations

import time
from functools import cache
from pathlib import Path

import pytest

from solver.check.answerfile import AnswerEntry, AnswerFile
from solver.check.checker import check_answer, check_file, expected_keys
from solver.solving import solve_set
from solver.spec.load import load_spec, load_text

PROBLEMS = Path(__file__).resolve().parent.parent / "problems"


@cache
def solved(stem: str):
    return solve_set(load_spec(PROBLEMS / f"{stem}.yaml"))


def verdict(stem: str, key: str, raw):
    expected = {e.key: e for e in expected_keys(solved(stem))}[key]
    return check_answer(expected, raw)


WEEK4 = "in5400-week04-dense-networks"
M198 = "math198-hw07-gradients-jacobians"
NYU = "nyu-dl-2022-homework1"
USI23 = "usi-ml-2023-assignment2"
USI24 = "usi-ml-2024-assignment2"


@pytest.mark.parametrize("stem, key, raw, status, diagnosis", [
    # right answers, in the forms students write them
    (WEEK4, "linear-algebra.a", "8", "correct", None),
    (WEEK4, "linear-algebra.c", [["18", "30"], ["12", "20"]], "correct", None),
    (WEEK4, "linear-algebra.d", "No solution.", "correct", None),
    (WEEK4, "linear-algebra.bonus", "x = [1/3, 0] + t [-2, 1]", "correct", None),
    (WEEK4, "linear-algebra.bonus", "[-5/3, 1] + s [4, -2]", "correct", None),
    (WEEK4, "linear-algebra.bonus-as-printed", "undefined", "correct", None),
    (WEEK4, "linear-algebra.e", r"\begin{pmatrix} 3 \\ -1 \end{pmatrix}", "correct", None),
    (WEEK4, "chain-rule.a", "2x cos(x^2)", "correct", None),
    (WEEK4, "chain-rule.a", r"2x\cos\left(x^{2}\right)", "correct", None),
    (WEEK4, "chain-rule.b", r"2x \cos(x^2) e^{\sin(x^2)}", "correct", None),
    (WEEK4, "forward-propagation.a.yhat", "36", "correct", None),
    (WEEK4, "forward-propagation.b.yhat", "38", "correct", None),
    (WEEK4, "cost-functions.a", "[9, 1]", "correct", None),
    (USI24, "p1.gradients.loss", "1.0185", "correct", None),
    (USI24, "p1.gradients.b2", "-2.04", "correct", None),
    (USI24, "p1.gradients.W1", r"\begin{bmatrix} 0.131 & -0.2358 & -0.0524 & 0.2096 \\ "
                               r"-0.2544 & -0.318 & 0.0318 & -0.0954 \end{bmatrix}",
     "correct", None),
    (USI24, "p2.range", "0 < eta < 1/6", "correct", None),
    (USI23, "q3.range", r"\eta \in (0, \frac{1}{5})", "correct", None),
    (M198, "gradients.1a", "[cos(x1), 4 x2]", "correct", None),
    # typical mistakes, named
    (WEEK4, "linear-algebra.c", [["18", "12"], ["30", "20"]], "incorrect", "transposed"),
    (WEEK4, "chain-rule.a", "cos(x^2)", "incorrect", "dropped_inner_derivative"),
    (WEEK4, "cost-functions.a", "[-7, 5]", "incorrect", "gradient_ascent"),
    (WEEK4, "forward-propagation.b.yhat", "36", "incorrect", "no_activation"),
    (USI24, "p2.range", "0 < eta < 1/12", "incorrect", "lr_bound_one_over_lambda_max"),
    # the handouts' own wrong answers
    (M198, "jacobians.1ab", "[[4 x1, 3, 0], [-e^(x1), 0, cos(x3)]]", "incorrect", None),
    (M198, "network-gradients.4-1.gradient", "[2(y_1 - y'_1), 2(y_2 - y'_2), 2(y_3 - y'_3)]",
     "incorrect", "sign_error"),
    (NYU, "jacobians.bce", "[-t1/yhat1 + (1 - t1)/(1 - yhat1), -t2/yhat2 + (1 - t2)/(1 - yhat2),"
                           " -t3/yhat3 + (1 - t3)/(1 - yhat3)]", "incorrect", "missing_mean"),
    # unreadable
    (WEEK4, "chain-rule.a", "2xcos(x^2)", "invalid", None),
    (WEEK4, "chain-rule.a", "", "missing", None),
])
def test_verdicts(stem, key, raw, status, diagnosis):
    result = verdict(stem, key, raw)
    assert (result.status, result.diagnosis) == (status, diagnosis), result.reason


def test_jacobian_handout_row_names_the_wrong_entries():
    result = verdict(M198, "jacobians.1ab", "[[4 x1, 3, 0], [-e^(x1), 0, cos(x3)]]")
    assert "(2, 1)" in result.reason or "row 2" in result.reason


@pytest.mark.parametrize("raw", [
    "__import__('os').system('touch /tmp/hwsolver-pwned')",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__class__",
    "9^9^9^9",
    "(x+1)^100000",
    "1000000!",
    "(" * 10_000 + "x" + ")" * 10_000,
    [["1"] * 300] * 300,
    "x\x00",
    "x\u202e + 1",
    r"\input{/etc/passwd}",
    "x" * 3000,
])
def test_hostile_answers_are_invalid_within_a_second(raw):
    start = time.perf_counter()
    result = verdict(WEEK4, "chain-rule.a", raw)
    assert result.status == "invalid", result.reason
    assert time.perf_counter() - start < 1.0
    assert not Path("/tmp/hwsolver-pwned").exists()


def test_partial_credit_per_entry_and_per_diagnosis():
    spec = load_text("""
problems:
  - id: p
    given: {P: [[3, 6], [2, 4]], Q: [[2, 2], [2, 4]]}
    parts:
      - {id: c, kind: matrix_expression, expr: P Q, points: 4, partial: true}
      - {id: d, kind: derivative, f: sin(x^2), wrt: x, points: 2,
         credit: {dropped_inner_derivative: 0.5}}
""", "t.yaml")
    keys = {e.key: e for e in expected_keys(solve_set(spec))}
    entries = check_answer(keys["p.c"], [["18", "30"], ["12", "21"]])
    assert (entries.status, entries.score) == ("partial", 3)
    chain = check_answer(keys["p.d"], "cos(x^2)")
    assert (chain.status, chain.score, chain.diagnosis) == ("partial", 1,
                                                            "dropped_inner_derivative")


def test_tolerance_sigfigs_and_exact():
    spec = load_text("""
problems:
  - id: p
    parts:
      - {id: a, kind: expression, answer: 1/3}
      - {id: b, kind: expression, answer: 1/3, exact: true}
      - {id: c, kind: expression, answer: 1/3, sigfigs: 3}
""", "t.yaml")
    keys = {e.key: e for e in expected_keys(solve_set(spec))}
    assert check_answer(keys["p.a"], "0.3333333333").status == "correct"
    assert check_answer(keys["p.a"], "0.33").status == "incorrect"
    assert check_answer(keys["p.b"], "0.3333333333").status == "incorrect"
    assert check_answer(keys["p.c"], "0.333").status == "correct"


def test_authored_expression_with_assumptions_is_checked_on_its_domain():
    spec = load_text("""
problems:
  - id: p
    parts:
      - {id: a, kind: expression, answer: sqrt(x^2), variables: {x: real}}
      - {id: b, kind: expression, answer: sqrt(x^2), variables: {x: positive}}
      - {id: c, kind: expression, answer: (x^2 - 1)/(x - 1), variables: [x]}
""", "t.yaml")
    keys = {e.key: e for e in expected_keys(solve_set(spec))}
    real = check_answer(keys["p.a"], "x")
    assert real.status == "incorrect" and "differs at x = -" in real.reason.replace("−", "-")
    assert check_answer(keys["p.b"], "x").status == "correct"
    assert check_answer(keys["p.c"], "x + 1").status == "correct"


def test_first_wrong_step_is_named_for_a_wrong_final_answer():
    sheet = AnswerFile("ada", "a.yaml", {
        "cost-functions.a.grad0": AnswerEntry("cost-functions.a.grad0", ["4", "1"], 1),
        "cost-functions.a": AnswerEntry("cost-functions.a", ["-7", "1"], 2),
    })
    report = check_file(solved(WEEK4), sheet)
    final = next(v for v in report.verdicts if v.key == "cost-functions.a")
    assert final.status == "incorrect" and "first wrong step: cost-functions.a.grad0" \
        in final.reason


def test_unknown_keys_become_notes_and_missing_keys_missing():
    sheet = AnswerFile("ada", "a.yaml", {"linear-algebra.z": AnswerEntry("linear-algebra.z",
                                                                          "1", 3)})
    report = check_file(solved(WEEK4), sheet)
    assert any("linear-algebra.z" in note and "line 3" in note for note in report.notes)
    assert all(v.status == "missing" for v in report.verdicts)
    assert report.score == 0 and report.max_score == sum(
        e.part.points for p in solved(WEEK4).problems for e in p.parts)


ECF_SPEC = """
problems:
  - id: gd
    parts:
      - {id: a, kind: gradient_descent, f: x^2 + y^2, wrt: [x, y], start: [1, 2],
         learning_rate: 0.25, steps: 2, ecf: true}
      - {id: b, kind: gradient_descent, f: x^2 + y^2, wrt: [x, y], start: [1, 2],
         learning_rate: 0.25, steps: 2}
  - id: net
    parts:
      - id: a
        kind: forward_pass
        layout: xW
        input: [1, 3]
        ecf: true
        layers:
          - {W: [[2, 1, 3], [2, -1, 1]], b: [1, 0, -1], activation: relu}
          - {W: [3, 1, 2], b: 1, activation: identity}
"""


def _sheet(answers: dict) -> AnswerFile:
    return AnswerFile("ada", "a.yaml", {key: AnswerEntry(key, raw, i + 1)
                                        for i, (key, raw) in enumerate(answers.items())})


def test_error_carried_forward_credits_a_result_computed_from_a_wrong_earlier_value():
    solved_spec = solve_set(load_text(ECF_SPEC, "t.yaml"))
    # θ1 should be (1/2, 1); the student wrote (1, 1) and stepped correctly from it: (1/2, 1/2)
    answers = {"gd.a.theta1": ["1", "1"], "gd.a": ["1/2", "1/2"],
               "gd.b.theta1": ["1", "1"], "gd.b": ["1/2", "1/2"],
               # a1 should be (9, 0, 5); with the student's (9, -2, 5): ŷ = 27 - 2 + 10 + 1
               "net.a.a1": ["9", "-2", "5"], "net.a.yhat": "36"}
    verdicts = {v.key: v for v in check_file(solved_spec, _sheet(answers)).verdicts}
    assert verdicts["gd.a"].status == "correct" and verdicts["gd.a"].decided_by == "ecf"
    assert "theta1" in verdicts["gd.a"].reason
    assert verdicts["gd.b"].status == "incorrect"  # no ecf on this part
    assert verdicts["net.a.yhat"].status == "correct"
    assert verdicts["net.a.a1"].status == "incorrect"
    # a final answer that follows from nothing the student wrote earns nothing
    wrong = check_file(solved_spec, _sheet({"gd.a.theta1": ["1", "1"], "gd.a": ["3", "3"]}))
    assert {v.key: v.status for v in wrong.verdicts}["gd.a"] == "incorrect"


def test_exact_sums_of_points_are_sympys():
    import random

    import sympy

    from solver.check.checker import exact_sum

    rng = random.Random(7)
    for _ in range(500):
        values = [sympy.Rational(rng.randint(-50, 50), rng.randint(1, 12))
                  for _ in range(rng.randint(0, 30))]
        total = exact_sum(values)
        assert total == sum(values, sympy.Integer(0)) and isinstance(total, sympy.Rational)
    mixed = [sympy.Rational(1, 3), sympy.Float("0.25"), sympy.Integer(2)]
    assert exact_sum(mixed) == sum(mixed, sympy.Integer(0))
    with_ints = [0, sympy.Rational(1, 3), 2, sympy.Integer(-1)]
    assert exact_sum(with_ints) == sympy.Rational(4, 3) == sum(with_ints, sympy.Integer(0))
    assert exact_sum([0, 0]) == 0 and isinstance(exact_sum([0, 0]), sympy.Integer)


def test_points_as_json_numbers_round_as_sympys_float():
    import random

    import sympy

    from solver.check.report import json_number

    rng = random.Random(11)
    for _ in range(5000):
        value = sympy.Rational(rng.randint(-10**12, 10**12), rng.randint(1, 10**9))
        expected = int(value) if value.q == 1 else round(float(value), 6)
        assert json_number(value) == expected and type(json_number(value)) is type(expected)


def test_a_remembered_verdict_comes_back_at_each_answers_line():
    from solver.check.checker import Verdict, _at_line

    verdict = Verdict("k", "correct", 1, 1, "right", line=3)
    moved = _at_line(verdict, 9)
    assert moved == Verdict("k", "correct", 1, 1, "right", line=9) and verdict.line == 3
    assert _at_line(verdict, 3) is verdict and hash(moved) == hash(_at_line(verdict, 9))
