"""Scaled dot-product attention checked against numpy's own attention on random matrices
(written here independently), rows of weights that sum to 1, causal masks that zero the
future; the typical mistakes, error carried forward through the checker, the CLI's verdicts
and a PDF."""

from __future__ import annotations

import json
import random
import textwrap

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from solver.answers import Named, Undefined
from solver.check.answerfile import answers_from_text
from solver.check.checker import check_file
from solver.check.mistakes import mistakes
from solver.cli import cli
from solver.kinds import KINDS
from solver.kinds.attention import AttentionInputs, solve
from solver.render.pdf import available_engine
from solver.solving import solve_set
from solver.spec.load import load_text
from tests.conftest import checked_key, example_spec, spec_error

M = sympy.ImmutableMatrix


def attention(Q, K, V, mask=None, scale=True, axis=1, transpose=True, mask_first=True):
    """softmax(QKᵀ/√d_k) V in floating point; the mask (1 attend, 0 masked) as −∞."""
    Q, K, V = (np.array(m.tolist(), dtype=float) for m in (Q, K, V))
    scores = Q @ (K.T if transpose else K)
    if scale:
        scores = scores / (np.sqrt(Q.shape[1]) if scale is True else scale)
    if mask is not None and mask_first:
        scores = np.where(np.array(mask.tolist()) == 1, scores, -np.inf)
    exps = np.exp(scores - scores.max(axis=axis, keepdims=True))
    weights = exps / exps.sum(axis=axis, keepdims=True)
    if mask is not None and not mask_first:
        weights = np.where(np.array(mask.tolist()) == 1, weights, 0.0)
    return weights, weights @ V


def as_float(matrix) -> np.ndarray:
    return np.array(matrix.tolist(), dtype=float)


def random_matrix(rng, rows, cols):
    return M(rows, cols, [rng.randint(-3, 3) for _ in range(rows * cols)])


def random_mask(rng, n, m):
    """A 0/1 mask with at least one 1 in every row."""
    rows = []
    for _ in range(n):
        row = [rng.randint(0, 1) for _ in range(m)]
        row[rng.randrange(m)] = 1
        rows.append(row)
    return M(rows)


@pytest.mark.parametrize("seed", range(8))
def test_matches_numpy_on_random_matrices(seed):
    rng = random.Random(seed)
    n, m, d_k, d_v = (rng.randint(1, 4) for _ in range(4))
    Q, K, V = random_matrix(rng, n, d_k), random_matrix(rng, m, d_k), random_matrix(rng, m, d_v)
    for mask in (None, random_mask(rng, n, m)):
        for scaled in (True, False):
            answer = solve(AttentionInputs(Q, K, V, mask=mask, scaled=scaled)).answer
            weights, output = attention(Q, K, V, mask, scaled)
            assert answer["scores"].value == Q * K.T
            assert np.allclose(as_float(answer["weights"].value), weights, atol=1e-12)
            assert np.allclose(as_float(answer["output"].value), output, atol=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_projections_of_x_match_numpy(seed):
    rng = random.Random(f"x{seed}")
    n, d, d_k, d_v = rng.randint(2, 4), rng.randint(1, 3), rng.randint(1, 3), rng.randint(1, 3)
    X = random_matrix(rng, n, d)
    W_Q, W_K, W_V = random_matrix(rng, d, d_k), random_matrix(rng, d, d_k), \
        random_matrix(rng, d, d_v)
    solved = solve(AttentionInputs(None, None, None, X=X, W_Q=W_Q, W_K=W_K, W_V=W_V))
    weights, output = attention(X * W_Q, X * W_K, X * W_V)
    assert np.allclose(as_float(solved.answer["output"].value), output, atol=1e-12)
    assert dict(solved.intermediates)["V"].value == X * W_V


def test_rows_of_the_weights_sum_to_one_and_a_causal_mask_hides_the_future():
    rng = random.Random("causal")
    for n in (2, 3, 5):
        Q, K, V = (random_matrix(rng, n, 3) for _ in range(3))
        causal = M([[1 if j <= i else 0 for j in range(n)] for i in range(n)])
        weights = solve(AttentionInputs(Q, K, V, mask=causal, causal=True)).answer[
            "weights"].value
        for i in range(n):
            assert abs(sum(weights.row(i)) - 1) < sympy.Float("1e-35")
            assert all(weights[i, j] == 0 for j in range(i + 1, n))
            assert all(weights[i, j] > 0 for j in range(i + 1))


def test_scores_stay_exact_and_equal_scores_give_exact_weights():
    Q, K, V = M([[1, 0], [0, 1]]), M([[1, 0], [1, 1]]), M([[1, 2], [3, 4]])
    solved = solve(AttentionInputs(Q, K, V))
    assert dict(solved.intermediates)["scaled"].value == M([[1, 1], [0, 1]]) / sympy.sqrt(2)
    weights = solved.answer["weights"].value
    assert weights[0, 0] == sympy.Rational(1, 2) and weights[1, 0].is_Float
    assert solved.answer["output"].value[0, :] == M([[2, 3]])


def test_a_query_with_every_key_masked_has_no_softmax():
    Q, K, V = M([[1, 0], [0, 1]]), M([[1, 0], [0, 1]]), M([[1], [2]])
    answer = solve(AttentionInputs(Q, K, V, mask=M([[1, 0], [0, 0]]))).answer
    assert isinstance(answer, Undefined) and "query 2" in answer.reason


# -- typical mistakes ---------------------------------------------------------------------


def found(inputs) -> dict:
    return {(m.code, m.name): as_float(m.answer.value)
            for m in mistakes("attention", inputs, solve(inputs))}


def test_each_mistake_gives_the_values_it_describes():
    rng = random.Random("mistakes")
    Q, K, V = random_matrix(rng, 3, 3), random_matrix(rng, 3, 3), random_matrix(rng, 3, 2)
    mask = random_mask(rng, 3, 3)
    wrong = found(AttentionInputs(Q, K, V, mask=mask))
    cases = {"not_scaled": dict(scale=False), "scaled_by_d_k": dict(scale=3),
             "softmax_over_columns": dict(axis=0), "keys_not_transposed": dict(transpose=False),
             "mask_after_softmax": dict(mask_first=False)}
    for code, changed in cases.items():
        weights, output = attention(Q, K, V, mask, **changed)
        if code != "softmax_over_columns" or np.isfinite(weights).all():
            assert np.allclose(wrong[code, "weights"], weights, atol=1e-12), code
            assert np.allclose(wrong[code, "output"], output, atol=1e-12), code
    assert np.allclose(wrong["keys_not_transposed", "scores"], as_float(Q * K))


def test_mistakes_that_coincide_with_the_right_values_are_not_reported():
    # d_k = 1: √d_k = d_k = 1; K is 2×1, so QK is not defined; no mask
    Q, K, V = M([[1], [2]]), M([[1], [3]]), M([[1], [0]])
    codes = {code for code, _ in found(AttentionInputs(Q, K, V))}
    assert "scaled_by_d_k" not in codes and "keys_not_transposed" not in codes
    assert "mask_after_softmax" not in codes and "not_scaled" not in codes
    assert "softmax_over_columns" in codes
    # a symmetric K: QK = QKᵀ
    K = M([[1, 2], [2, 1]])
    codes = {code for code, _ in found(AttentionInputs(M([[1, 0], [0, 1]]), K, K))}
    assert "keys_not_transposed" not in codes
    assert "scaled_by_d_k" in codes and "not_scaled" in codes
    unscaled = AttentionInputs(M([[1, 0], [0, 1]]), K, K, scaled=False)
    assert not {"scaled_by_d_k", "not_scaled"} & {code for code, _ in found(unscaled)}


# -- the checker ---------------------------------------------------------------------------

SPEC = """\
title: Attention
problems:
  - id: p
    parts:
      - {id: a, kind: attention, ecf: true, Q: [[1, 0], [0, 1]], K: [[1, 0], [1, 1]],
         V: [[1, 2], [3, 4]]}
"""
Q0, K0, V0 = M([[1, 0], [0, 1]]), M([[1, 0], [1, 1]]), M([[1, 2], [3, 4]])


def text(matrix: np.ndarray):
    return [[f"{x:.15g}" for x in row] for row in matrix]


@pytest.mark.parametrize("key, answer, status, diagnosis", [
    ("p.a.output", text(attention(Q0, K0, V0)[1]), "correct", None),
    ("p.a.output", text(attention(Q0, K0, V0, scale=False)[1]), "incorrect", "not_scaled"),
    ("p.a.weights", text(attention(Q0, K0, V0, axis=0)[0]), "incorrect",
     "softmax_over_columns"),
    ("p.a.scores", [["1", "0"], ["1", "1"]], "incorrect", "keys_not_transposed"),
])
def test_check_verdicts_through_the_cli(tmp_path, key, answer, status, diagnosis):
    spec = tmp_path / "attention.yaml"
    spec.write_text(SPEC)
    written = "[" + ", ".join("[" + ", ".join(row) + "]" for row in answer) + "]"
    part = checked_key(spec, key, written)
    assert (part["status"], part["diagnosis"]) == (status, diagnosis)


def verdicts(answers: dict, ecf: bool = True) -> dict:
    spec = SPEC if ecf else SPEC.replace("ecf: true", "ecf: false")
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.yaml",
                              "ada")
    solved = solve_set(load_text(spec, "t.yaml"))
    return {v.key: v for v in check_file(solved, sheet, only_answered=True).verdicts}


def _from_scores(scores):
    """The weights and output from given scores, as numpy works them."""
    scaled = np.array(scores, dtype=float) / np.sqrt(2)
    exps = np.exp(scaled)
    weights = exps / exps.sum(axis=1, keepdims=True)
    return weights, weights @ as_float(V0)


_WEIGHTS, _OUTPUT = _from_scores([[1, 0], [0, 1]])
_GIVEN_WEIGHTS = [[0.25, 0.75], [0.5, 0.5]]


@pytest.mark.parametrize("earlier, key, later, source", [
    ({"p.a.scores": [["1", "0"], ["0", "1"]]}, "p.a.weights", text(_WEIGHTS), "scores"),
    ({"p.a.scores": [["1", "0"], ["0", "1"]]}, "p.a.output", text(_OUTPUT), "scores"),
    ({"p.a.weights": text(np.array(_GIVEN_WEIGHTS))}, "p.a.output",
     text(np.array(_GIVEN_WEIGHTS) @ as_float(V0)), "weights"),
])
def test_a_later_value_from_the_students_earlier_one_is_correct_by_ecf(earlier, key, later,
                                                                        source):
    verdict = verdicts(earlier | {key: later})[key]
    assert (verdict.status, verdict.decided_by) == ("correct", "ecf"), verdict.reason
    assert source in verdict.reason
    assert verdicts(earlier | {key: later}, ecf=False)[key].status == "incorrect"


# -- the spec --------------------------------------------------------------------------------


def test_the_example_solves():
    spec = example_spec("attention")
    answer = KINDS["attention"].solve(spec.problems[0].parts[0].inputs).answer
    assert isinstance(answer, Named) and answer["scores"].value == M([[1, 1], [0, 1]])


@pytest.mark.parametrize("fields, field, words", [
    ("Q: [[1, 0]], K: [[1, 0, 0]], V: [[1]]", "K", "Q has rows of 2 entries but K of 3"),
    ("Q: [[1, 0]], K: [[1, 0]], V: [[1], [2]]", "V", "one value per key"),
    ("Q: [[1, 0]], K: [[1, 0]]", None, "missing field 'V'"),
    ("Q: [[1, 0]], K: [[1, 0]], V: [[1]], X: [[1]]", "X", "not both"),
    ("X: [[1, 0]], W_Q: [[1]], W_K: [[1], [0]], W_V: [[1], [0]]", "W_Q", "features"),
    ("Q: [[1, 0]], K: [[1, 0], [0, 1]], V: [[1], [2]], mask: causal", "mask", "causal mask"),
    ("Q: [[1, 0]], K: [[1, 0]], V: [[1]], mask: [[2]]", "mask", "0 (masked)"),
    ("Q: [[1, 0]], K: [[1, 0]], V: [[1]], mask: [[1, 1]]", "mask", "the mask is 1×2"),
    ("Q: [[1, 0]], K: [[1, 0]], V: [[1]], mask: future", "mask", "causal or"),
    ("Q: [[1, 0]], K: [[1, 0]], V: [[1]], scaled: maybe", "scaled", "true or false"),
])
def test_spec_errors_name_the_field(fields, field, words):
    message = spec_error("attention", fields)
    if field:
        assert f"field '{field}'" in message, message
    assert words in message, message


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_worked_set_compiles_to_pdf(tmp_path):
    spec = tmp_path / "attention.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Attention
        problems:
          - id: p
            parts:
              - {id: a, kind: attention, Q: [[1, 0], [0, 1]], K: [[1, 0], [1, 1]],
                 V: [[1, 2], [3, 4]]}
              - {id: b, kind: attention, X: [[1, 0], [0, 1], [1, 1]], W_Q: [[1, 0], [0, 1]],
                 W_K: [[0, 1], [1, 0]], W_V: [[1], [2]], mask: causal}
              - {id: c, kind: attention, Q: [[0.5, 1]], K: [[1, 0], [0, 1]],
                 V: [[1, 0], [0, 1]], scaled: false, mask: [[1, 0]], digits: 4}
              - {id: d, kind: attention, Q: [[1, 0]], K: [[1, 0], [0, 1]],
                 V: [[1, 0], [0, 1]], mask: [[0, 0]]}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "attention.pdf").read_bytes().startswith(b"%PDF")
    markdown = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path), "--format",
                                        "md"])
    assert markdown.exit_code == 0, markdown.output
    text_md = (tmp_path / "attention.md").read_text()
    assert "0.330238" in text_md and "0.6225" not in text_md


def _rendered_with(rules) -> str:
    """The document of SPEC's part worked under changed rules, in both formats."""
    from dataclasses import replace

    from solver.kinds.attention import Rules
    from solver.render.document import render

    solved = solve_set(load_text(SPEC.replace("ecf: true", "mask: [[1, 1], [1, 0]]"),
                                 "t.yaml"))
    problem = solved.problems[0]
    entry = problem.parts[0]
    entry = replace(entry, solved=solve(entry.part.inputs, rules=Rules(**rules)))
    changed = replace(solved, problems=(replace(problem, parts=(entry,)),))
    return "\n".join(render(changed, fmt) for fmt in ("latex", "markdown"))


@pytest.mark.parametrize("rules, words", [
    ({}, r"a_{1} = \frac{1}{"),
    ({"transpose_keys": False}, "S &= Q K ="),
    ({"divisor": "d_k"}, r"\frac{S}{d_k}"),
    ({"over": "columns"}, r"\text{column 2:}"),
    ({"mask_first": False}, "masked entries set to"),
])
def test_every_rule_renders(rules, words):
    assert words in _rendered_with(rules)


def test_scores_from_the_students_projections_are_correct_by_ecf():
    spec = """\
title: Attention
problems:
  - id: p
    parts:
      - {id: b, kind: attention, ecf: true, X: [[1, 0], [0, 1]], W_Q: [[1, 0], [0, 1]],
         W_K: [[0, 1], [1, 0]], W_V: [[1], [2]]}
"""
    # the student's K = X W_K with W_K read as the identity: K = X, so S = Q Kᵀ = I
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": {
        "p.b.K": [["1", "0"], ["0", "1"]], "p.b.scores": [["1", "0"], ["0", "1"]]}}),
        "a.yaml", "ada")
    verdict = {v.key: v for v in check_file(solve_set(load_text(spec, "t.yaml")), sheet,
                                            only_answered=True).verdicts}["p.b.scores"]
    assert (verdict.status, verdict.decided_by) == ("correct", "ecf"), verdict.reason


def test_decimals_are_shown_with_the_parts_digits():
    spec = load_text(textwrap.dedent("""\
        title: Attention
        problems:
          - id: p
            parts:
              - {id: a, kind: attention, Q: [[1, 0], [0, 1]], K: [[1, 0], [1, 1]],
                 V: [[1, 2], [3, 4]], digits: 4}
              - {id: b, kind: attention, Q: [[1, 0], [0, 1]], K: [[1, 0], [1, 1]],
                 V: [[1, 2], [3, 4]]}
        """), "t.yaml")
    from solver.render.document import render

    text = render(solve_set(spec), "markdown")
    first, second = text.split("### (b)")
    assert "0.3302" in first and "0.330238" not in first
    assert "0.330238" in second
