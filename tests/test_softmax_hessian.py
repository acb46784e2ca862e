"""The softmax cross-entropy Hessian diag(p) − ppᵀ, checked against SymPy's Hessian of
E(z) and finite differences."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from solver.numbers import symbol
from tests.conftest import load, solve_only_part, spec_error


def _part(size, hessian=True):
    return (f"problems:\n  - id: p\n    parts:\n      - {{id: a, kind: loss_gradient, "
            f"loss: cross_entropy, size: {size}, hessian: {str(hessian).lower()}}}\n")


def _softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


@pytest.mark.parametrize("size", [2, 3, 4])
def test_hessian_is_sympys_hessian_of_the_loss(size):
    _, solved = solve_only_part(_part(size))
    hessian = solved.answer["hessian"].value
    z = sympy.symbols(f"z1:{size + 1}")
    t = [1 if i == 0 else 0 for i in range(size)]  # one-hot, class 1
    total = sum(sympy.exp(zj) for zj in z)
    E = -sum(ti * (zi - sympy.log(total)) for ti, zi in zip(t, z, strict=True))
    p = [sympy.exp(zi) / sum(sympy.exp(zj) for zj in z) for zi in z]
    ours = hessian.subs({symbol(f"p{i + 1}"): p[i] for i in range(size)})
    point = {zi: sympy.Rational(i + 1, 3) - 1 for i, zi in enumerate(z)}
    difference = (sympy.hessian(E, z) - ours).subs(point).evalf(30)
    assert all(abs(entry) < 1e-25 for entry in difference)


def test_hessian_matches_finite_differences_of_the_gradient():
    _, solved = solve_only_part(_part(3))
    hessian = solved.answer["hessian"].value
    rng = np.random.default_rng(4)
    z, h = rng.normal(size=3), 1e-6
    t = np.array([0.0, 0.0, 1.0])

    def gradient(v):
        return _softmax(v) - t

    numeric = np.array([(gradient(z + h * e) - gradient(z - h * e)) / (2 * h)
                        for e in np.eye(3)]).T
    p = _softmax(z)
    values = {symbol(f"p{i + 1}"): p[i] for i in range(3)}
    exact = np.array(hessian.subs(values).evalf(), dtype=float)
    assert np.allclose(exact, numeric, atol=1e-8)
    assert np.linalg.eigvalsh(exact).min() > -1e-12  # positive semidefinite


def test_hessian_only_on_request_and_only_for_cross_entropy():
    _, solved = solve_only_part(_part(3, hessian=False))
    assert "hessian" not in dict(solved.answer.items)
    text = spec_error("loss_gradient", "loss: mse, size: 2, hessian: true")
    assert "hessian" in text and "cross_entropy" in text


def test_hessian_renders_as_diag_p_minus_p_p_transpose():
    from solver.render.document import render
    from solver.solving import solve_set
    document = render(solve_set(load(_part(2))), "latex")
    assert r"\operatorname{diag}(p) - p p^\top" in document and "convex in the logits" in document
