"""What the closed-form tests share: a spec's graded keys, and the check that a formula is
the gradient (numpy against central finite differences at random matrices) before the
checker must grade every form of it correct."""

from __future__ import annotations

import numpy as np
import pytest

from solver.check.checker import CheckRun, check_answer, expected_keys
from solver.grade.work import grader_from_text
from tests.test_kind_matrix_gradient import finite_differences


def keys_of(spec: str, file: str) -> dict:
    """Every key of a spec, solved, by its full name."""
    grader = grader_from_text(spec, file)
    return {e.key: e for e in expected_keys(grader.solved)}


def assert_forms_are_the_gradient(expected, forms, formula, f, draw, wrt: str) -> None:
    """``formula`` (numpy) is the gradient of ``f`` by ``wrt`` at three draws of the
    matrices, and every form a student may write for it is graded correct."""
    for _ in range(3):
        matrices = draw()
        assert formula(matrices) == pytest.approx(finite_differences(f, matrices, wrt),
                                                  rel=1e-6, abs=1e-8)
    for form in forms:
        verdict = check_answer(expected, form, CheckRun())
        assert verdict.status == "correct", (form, verdict.reason)


def ridge_loss(m: dict) -> float:
    """½‖y − Xw‖² + ¼‖w‖²: ridge regression with λ = 1/2."""
    return 0.5 * float(np.sum((m["y"] - m["X"] @ m["w"]) ** 2)) + 0.25 * float(
        np.sum(m["w"] ** 2))
