"""The named intermediate values of every part in the JSON output (``"values"``).

Their names are the intermediate keys a student may answer (every key ``hwsolver check``
accepts that the blank ``hwsolver template`` does not list); their numbers are checked by an
independent route: a numpy loop for gradient descent, a numpy forward and backward pass for
z, a and δ (a sigmoid network's at the set's 9 significant figures), the output-size and
parameter formulas for convolutions, numpy.poly and numpy.linalg.eigvals for eigenproblems.
"""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from solver.check.checker import check_answer, expected_keys
from solver.check.template import blank_answers_json
from solver.cli import cli
from solver.expr import parse, to_sympy
from solver.render.json_out import solved_json
from solver.solving import solve_set
from solver.spec.load import load_spec

ROOT = Path(__file__).resolve().parent.parent
PROBLEMS = ROOT / "problems"
SETS = sorted(PROBLEMS.glob("*.yaml"))
NETWORKS = sorted((ROOT / "tests" / "fixtures" / "networks").glob("*.yaml"))
SPECS = {path.stem: path for path in SETS + NETWORKS}


@cache
def solved(stem: str):
    return solve_set(load_spec(SPECS[stem]))


@cache
def document(stem: str) -> dict:
    return solved_json(solved(stem))


def part(stem: str, key: str) -> dict:
    problem_id, part_id = key.split(".", 1)
    (problem,) = [p for p in document(stem)["problems"] if p["id"] == problem_id]
    (found,) = [p for p in problem["parts"] if p["id"] == part_id]
    return found


def number(text: str) -> float:
    """A value written as an integer, a decimal or a fraction."""
    return float(Fraction(text))


def array(rows) -> np.ndarray:
    return np.array([[number(entry) for entry in row] for row in rows])


def close(found, expected) -> bool:
    found = array(found) if isinstance(found, list) else number(found)
    return np.allclose(found, expected, rtol=1e-6, atol=1e-12)


# -- names and forms: generic tests over every part of every set -------------------------

def _parts(stem: str):
    for problem in solved(stem).problems:
        yield from problem.parts


@pytest.mark.parametrize("spec", SETS + NETWORKS, ids=lambda path: path.stem)
def test_values_are_named_as_the_intermediate_keys_of_each_part(spec):
    stem = spec.stem
    offered = set(json.loads(blank_answers_json(solved(stem)))["answers"])
    accepted = {expected.key: expected.entry.key for expected in expected_keys(solved(stem))}
    for entry in _parts(stem):
        values = part(stem, entry.key)["values"]
        intermediate = {key for key, owner in accepted.items()
                        if owner == entry.key and key not in offered}
        assert {f"{entry.key}.{name}" for name in values} == intermediate, entry.key


def test_parts_without_intermediates_have_empty_values():
    assert part("in5400-week04-dense-networks", "linear-algebra.a")["values"] == {}
    assert part("in5400-week04-dense-networks", "linear-algebra.d")["values"] == {}


# A matrix gradient's generic entry is printed in index notation (v[i]*v[j],
# Sum(v[k]*A[i, k], (k, 1, 2))), which the answer reader does not read back.
INDEX_NOTATION = {"matrix-gradients.3-1.partial", "matrix-gradients.3-2c.partial",
                  "ridge-gradient.a.partial"}


@pytest.mark.parametrize("spec", SETS + NETWORKS, ids=lambda path: path.stem)
def test_each_value_given_back_as_an_answer_is_correct(spec):
    """The values have the answers' form: read back as a student's answer, each is right."""
    stem = spec.stem
    for expected in expected_keys(solved(stem)):
        if expected.graded or expected.key in INDEX_NOTATION:
            continue
        value = part(stem, expected.entry.key)["values"][expected.name]
        verdict = check_answer(expected, value)
        assert verdict.status == "correct", (expected.key, value, verdict.reason)


# -- gradient descent: a numpy loop ---------------------------------------------------------

def _descent(f, gradient, start, rate: float, steps: int):
    theta = np.array(start, dtype=float)
    found = {}
    for k in range(steps):
        found[f"theta{k}"], found[f"loss{k}"] = theta.copy(), f(theta)
        found[f"grad{k}"] = gradient(theta)
        theta = theta - rate * gradient(theta)
    found[f"theta{steps}"], found[f"loss{steps}"] = theta, f(theta)
    return found


@pytest.mark.parametrize(("stem", "key", "iterates"), [
    ("usi-ml-2023-assignment2", "q3.iterates",
     _descent(lambda x: 5 * x[0] ** 2, lambda x: 10 * x, [1], 0.15, 3)),
    ("in5400-week04-dense-networks", "cost-functions.a",
     _descent(lambda t: 2 * (t[0] - 2) ** 2 + t[1],
              lambda t: np.array([4 * (t[0] - 2), 1.0]), [1, 3], 2, 1)),
])
def test_gradient_descent_iterates_match_a_numpy_loop(stem, key, iterates):
    values = part(stem, key)["values"]
    assert set(values) == set(iterates)
    for name, expected in iterates.items():
        shown = values[name]
        found = array(shown).ravel() if isinstance(shown, list) else np.array([number(shown)])
        assert np.allclose(found, np.ravel(expected)), (name, shown, expected)


# -- backprop: numpy forward and backward passes --------------------------------------------

def _network(W1, b1, W2, b2, inputs, targets, scale: float, loss_factor: float):
    """Per layer z, a (units x samples) and δ = ∂L/∂z of a ReLU-then-linear network,
    L = loss_factor · Σ (ŷ − t)²."""
    X, T = np.array(inputs, float).T, np.array(targets, float).reshape(len(b2), -1)
    z1 = W1 @ X + np.array(b1, float).reshape(-1, 1)
    a1 = scale * np.maximum(z1, 0)
    z2 = W2 @ a1 + np.array(b2, float).reshape(-1, 1)
    delta2 = 2 * loss_factor * (z2 - T)
    delta1 = (W2.T @ delta2) * scale * (z1 > 0)
    return {"z1": z1, "a1": a1, "z2": z2, "a2": z2, "yhat": z2,
            "delta2": delta2, "delta1": delta1}


def test_backprop_values_of_a_wx_batch_match_numpy():
    found = _network(np.array([[-0.6, 0.7, 0.9, -0.3], [0.4, 0.5, -1.0, 0.1]]), [-0.4, -0.5],
                     np.array([[0.2, 0.6]]), [-0.7],
                     [[0.2, -0.4, 0.1, 0.5], [0.8, 1.0, -0.1, 0.3], [-0.5, 0.9, 0.2, -0.8]],
                     [-0.5, 0.1, 0.8], scale=1, loss_factor=0.5)
    values = part("usi-ml-2024-assignment2", "p1.gradients")["values"]
    assert set(values) == set(found)
    for name, expected in found.items():
        assert close(values[name], expected), name


def test_backprop_values_of_an_xw_batch_match_numpy_with_samples_as_rows():
    found = _network(np.array([[-0.8, -0.7, 0.6], [-1.0, 0.5, -1.0]]).T, [-0.2, -1.0, -0.7],
                     np.array([[0.1, -1.0, 0.5]]), [-0.7],
                     [[0.6, -1.0], [0.8, -1.0], [-0.4, 0.9], [0.2, 0.0]],
                     [-0.8, -0.1, 0.9, 0.7], scale=1, loss_factor=0.5)
    values = part("usi-ml-2023-assignment2", "q1.gradients")["values"]
    assert set(values) == set(found)
    for name, expected in found.items():
        assert close(values[name], expected.T), name


def test_backprop_values_with_an_update_match_numpy():
    W1, b1 = np.array([[0.5, -0.5], [0.25, 0.5]]), np.array([[0], [0.1]])
    W2, b2 = np.array([[1, -1], [0.5, 0.5]]), np.array([[0.1], [0]])
    x, t = np.array([[1], [-1]]), np.array([[1], [0]])
    found = _network(W1, b1, W2, b2, x.T, t, scale=5, loss_factor=1)
    rate = 0.1
    W1_new = W1 - rate * found["delta1"] @ x.T
    b1_new = b1 - rate * found["delta1"]
    W2_new = W2 - rate * found["delta2"] @ found["a1"].T
    b2_new = b2 - rate * found["delta2"]
    found["yhat_new"] = W2_new @ (5 * np.maximum(W1_new @ x + b1_new, 0)) + b2_new
    values = part("nyu-dl-2022-homework1", "numeric-instance.pass")["values"]
    assert set(values) == set(found)
    for name, expected in found.items():
        assert close(values[name], expected), name


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_sigmoid_network_values_are_decimals_at_the_sets_digits_matching_numpy():
    """Mazur's walkthrough (digits: 9): out_h1 = 0.593269992 as published."""
    W1, b1 = np.array([[0.15, 0.20], [0.25, 0.30]]), np.array([[0.35], [0.35]])
    W2, b2 = np.array([[0.40, 0.45], [0.50, 0.55]]), np.array([[0.60], [0.60]])
    x, t = np.array([[0.05], [0.10]]), np.array([[0.01], [0.99]])
    z1 = W1 @ x + b1
    a1 = _sigmoid(z1)
    z2 = W2 @ a1 + b2
    a2 = _sigmoid(z2)
    delta2 = (a2 - t) * a2 * (1 - a2)
    delta1 = (W2.T @ delta2) * a1 * (1 - a1)
    W1_new, b1_new = W1 - 0.5 * delta1 @ x.T, b1 - 0.5 * delta1
    W2_new, b2_new = W2 - 0.5 * delta2 @ a1.T, b2 - 0.5 * delta2
    found = {"z1": z1, "a1": a1, "z2": z2, "a2": a2, "yhat": a2, "delta2": delta2,
             "delta1": delta1,
             "yhat_new": _sigmoid(W2_new @ _sigmoid(W1_new @ x + b1_new) + b2_new)}
    values = part("mazur-walkthrough", "mazur.a")["values"]
    assert set(values) == set(found)
    assert values["a1"][0] == ["0.593269992"]
    for name, expected in found.items():
        assert np.allclose(array(values[name]), expected, rtol=1e-8, atol=0), name
        figures = [entry.lstrip("-0.").replace(".", "") for row in values[name] for entry in row]
        assert all(len(digits) <= 9 for digits in figures), (name, values[name])


# -- conv_shapes: output-size and parameter formulas ----------------------------------------

def _side(n: int, size: int, stride: int, padding: int = 0) -> int:
    """⌊(n + 2p − k)/s⌋ + 1."""
    return (n + 2 * padding - size) // stride + 1


def test_conv_shapes_parameter_counts_and_shapes_follow_the_formulas():
    shape, params, shapes = (32, 32, 3), [], []
    for kind, size, filters, stride in [("conv", 5, 8, 1), ("pool", 2, None, 2),
                                        ("conv", 5, 32, 1), ("pool", 2, None, 2),
                                        ("conv", 2, 64, 1)]:
        height, width, channels = shape
        if kind == "conv":
            params.append(size * size * channels * filters + filters)  # k·k·C_in·F + F
        else:
            params.append(0)
        shape = (_side(height, size, stride), _side(width, size, stride),
                 filters if kind == "conv" else channels)
        shapes.append(shape)
    found = part("usi-ml-2024-assignment2", "p3.architecture-1")
    assert found["values"] == {f"params{i}": str(count) for i, count in enumerate(params, 1)}
    for i, expected in enumerate(shapes, 1):
        layer = found["answer"][f"layer{i}"]
        assert [int(entry) for row in layer for entry in row] == list(expected)


# -- eigen: numpy.poly and numpy.linalg.eigvals ---------------------------------------------

def test_eigen_values_match_numpy_poly_and_eigvals():
    A = np.array([[5.0, 2.0], [2.0, 2.0]])
    values = part("usi-ml-2024-assignment2", "p2.eigen")["values"]
    lam = sympy.Symbol("lambda")
    polynomial = to_sympy(parse(values["polynomial"]), {"lambda": lam})
    for point in (-2.5, 0.0, 1.0, 3.0, 7.25):
        assert float(polynomial.subs(lam, point)) == pytest.approx(
            np.polyval(np.poly(A), point))
    assert sorted(number(row[0]) for row in values["eigenvalues"]) == pytest.approx(
        sorted(np.linalg.eigvals(A).real))


# -- every path that writes JSON carries the values -----------------------------------------

def test_answers_only_json_file_carries_the_values(tmp_path):
    spec = PROBLEMS / "usi-ml-2024-assignment2.yaml"
    result = CliRunner().invoke(cli, ["solve", str(spec), "--format", "json",
                                      "--answers-only", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "usi-ml-2024-assignment2-key.json").read_text())
    assert written == document("usi-ml-2024-assignment2")
    assert all("values" in p for problem in written["problems"] for p in problem["parts"])


def test_json_to_stdout_from_a_subprocess_carries_the_values():
    result = subprocess.run([sys.executable, "-m", "solver", "solve",
                             str(PROBLEMS / "usi-ml-2023-assignment2.yaml"), "--format", "json"],
                            capture_output=True, text=True, timeout=120, check=True)
    printed = json.loads(result.stdout)
    (iterates,) = [p for problem in printed["problems"] for p in problem["parts"]
                   if p["id"] == "iterates"]
    assert iterates["values"]["theta2"] == "0.25" and iterates["values"]["grad0"] == "10"
    assert printed == document("usi-ml-2023-assignment2")
