"""The derivative kind writes the sigmoid's derivative through σ itself, as handouts do."""

from __future__ import annotations

import numpy as np

from solver.render.document import render
from solver.render.json_out import solved_json
from solver.solving import solve_set
from solver.spec.load import load_text

SPEC = """
title: Sigmoid
problems:
  - id: d
    parts:
      - {id: a, kind: derivative, f: 1/(1 + exp(-z)), wrt: z}
      - {id: b, kind: derivative, f: 1/(1 + exp(-2z)), wrt: z}
"""


def solved():
    return solve_set(load_text(SPEC, "s.yaml"))


def test_the_sigmoid_derivative_ends_in_the_handout_form():
    text = render(solved(), "latex")
    first, second = text.split(r"\subsection*{(b)}")
    assert r"\sigma\left(z\right)\left(1 - \sigma\left(z\right)\right)" in first
    assert r"\sigma" not in second  # σ(2z) is not σ(z): no such line


def test_the_handout_form_equals_the_answer():
    answer = solved_json(solved())["problems"][0]["parts"][0]["answer"]
    z = np.random.default_rng(0).uniform(-6, 6, 50)
    sigma = 1 / (1 + np.exp(-z))
    value = np.exp(-z) / (1 + np.exp(-z)) ** 2
    assert answer == "exp(-z)/(1 + exp(-z))^2"
    assert np.allclose(sigma * (1 - sigma), value, rtol=1e-12)


def test_a_one_entry_right_side_is_one_entry():
    spec = """
title: Shapes
problems:
  - id: s
    parts:
      - {id: a, kind: linear_system, A: [[1, 2], [3, 4]], b: [5]}
      - {id: b, kind: linear_system, A: [[1, 2]], b: [5, 6]}
"""
    solved = solve_set(load_text(spec, "s.yaml"))
    text = render(solved, "latex") + render(solved, "markdown")
    assert "1 entry" in text and "1 entries" not in text
    reason = solved_json(solved)["problems"][0]["parts"][0]["answer"]["reason"]
    assert "has 1 entry:" in reason
