"""Optimisers checked against numpy implementations of torch.optim's documented update
rules (written here from PyTorch's formulas, independently of the kind) to 1e-12 on several
functions, and against torch itself when it is installed; the typical mistakes, error
carried forward through the checker, spec errors, the CLI's verdicts and the worked PDF."""

from __future__ import annotations

import json
import textwrap

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

from solver.answers import Undefined, Value
from solver.check.answerfile import answers_from_text
from solver.check.checker import check_file
from solver.check.mistakes import mistakes
from solver.cli import cli
from solver.kinds import KINDS
from solver.kinds.momentum import MomentumInputs, solve
from solver.numbers import symbol
from solver.render.pdf import available_engine
from solver.solving import solve_set
from solver.spec.load import load_text
from tests.conftest import example_spec, load, spec_error

M = sympy.ImmutableMatrix
X, Y = symbol("x"), symbol("y")
R = sympy.Rational
DEFAULTS = {"adagrad": {"eps": 1e-10}, "rmsprop": {"alpha": 0.99, "eps": 1e-8},
            "adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8}}


def numpy_run(method: str, gradient, start, lr: float, steps: int, momentum: float = 0.0,
              alpha: float = 0.99, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
              bias_correction: bool = True, old_velocity: bool = False,
              eps_inside: bool = False, square: bool = True) -> list[np.ndarray]:
    """The iterates θ⁽¹⁾ … θ⁽ᵀ⁾ by torch.optim's documented algorithms (weight decay 0,
    dampening 0, zero initial state); the keyword flags make the typical mistakes."""
    x = np.array(start, dtype=float)
    buf = np.zeros_like(x)
    acc = np.zeros_like(x)
    m, v = np.zeros_like(x), np.zeros_like(x)
    out = []
    for t in range(1, steps + 1):
        g = gradient(x)
        g2 = g * g if square else g
        if method in ("momentum", "nesterov"):
            old = buf
            buf = momentum * buf + g
            used = old if old_velocity else buf
            x = x - lr * (g + momentum * used if method == "nesterov" else used)
        elif method in ("adagrad", "rmsprop"):
            acc = acc + g2 if method == "adagrad" else alpha * acc + (1 - alpha) * g2
            denom = np.sqrt(acc + eps) if eps_inside else np.sqrt(acc) + eps
            x = x - lr * g / denom
        else:
            m = beta1 * m + (1 - beta1) * g
            v = beta2 * v + (1 - beta2) * g2
            m_hat = m / (1 - beta1**t) if bias_correction else m
            v_hat = v / (1 - beta2**t) if bias_correction else v
            denom = np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps
            x = x - lr * m_hat / denom
        out.append(x.copy())
    return out


FUNCTIONS = [
    # f, variables, start, numpy gradient
    (X**2 + 3 * Y**2, ("x", "y"), [1, 2], lambda v: np.array([2 * v[0], 6 * v[1]])),
    (X**4, ("x",), [R(3, 2)], lambda v: np.array([4 * v[0]**3])),
    (X**4 + Y**2 + X * Y, ("x", "y"), [1, -1],
     lambda v: np.array([4 * v[0]**3 + v[1], 2 * v[1] + v[0]])),
    (sympy.sin(X) + Y**2 / 2, ("x", "y"), [R(1, 2), 3],
     lambda v: np.array([np.cos(v[0]), v[1]])),
    (sympy.exp(X) - 2 * X, ("x",), [0], lambda v: np.array([np.exp(v[0]) - 2])),
]
METHODS = {
    "momentum": {"momentum": R(9, 10)},
    "nesterov": {"momentum": R(1, 2)},
    "adagrad": {"eps": R(1, 10**10)},
    "rmsprop": {"beta": R(99, 100), "eps": R(1, 10**8)},
    "adam": {"beta1": R(9, 10), "beta2": R(999, 1000), "eps": R(1, 10**8)},
}


def inputs(case: int, method: str, steps: int = 4, **hyper) -> MomentumInputs:
    """The case with η = 0.1 and the method's hyper-parameters (``hyper`` overriding)."""
    f, wrt, start, _ = FUNCTIONS[case]
    values = METHODS[method] | hyper
    return MomentumInputs(f, wrt, M(start), R(1, 10), method, steps=steps, **values)


def numpy_hyper(method: str, values: dict) -> dict:
    names = {"momentum": "momentum", "beta": "alpha", "beta1": "beta1", "beta2": "beta2",
             "eps": "eps"}
    return {names[key]: float(value) for key, value in values.items()}


def iterates(solved, steps: int) -> list[np.ndarray]:
    values = dict(solved.intermediates)
    return [np.array([float(e) for e in M([values[f"theta{t}"].value])], dtype=float)
            for t in range(1, steps + 1)]


@pytest.mark.parametrize("method", sorted(METHODS))
@pytest.mark.parametrize("case", range(len(FUNCTIONS)))
def test_iterates_match_numpy_implementations_of_the_pytorch_rules(method, case):
    steps = 4
    part = inputs(case, method, steps=steps)
    solved = solve(part)
    assert isinstance(solved.answer, Value), solved.answer
    start = [float(s) for s in part.start]
    expected = numpy_run(method, FUNCTIONS[case][3], start, 0.1, steps,
                         **numpy_hyper(method, METHODS[method]))
    for t, (got, want) in enumerate(zip(iterates(solved, steps), expected, strict=True), 1):
        assert np.allclose(got, want, rtol=1e-12, atol=1e-12), (t, got, want)


def test_the_states_are_named_values():
    solved = solve(inputs(0, "adam", steps=1))
    values = {name: answer.value for name, answer in solved.intermediates}
    assert values["grad1"] == M([2, 12]) and values["m1"] == M([R(1, 5), R(6, 5)])
    assert values["v1"] == M([R(4, 1000), R(144, 1000)])
    assert values["mhat1"] == M([2, 12]) and values["vhat1"] == M([4, 144])
    momentum = dict(solve(inputs(0, "momentum", steps=2)).intermediates)
    assert momentum["v1"].value == M([2, 12]) and momentum["update1"].value == M([R(1, 5),
                                                                                   R(6, 5)])
    assert momentum["theta1"].value == M([R(4, 5), R(4, 5)])
    assert momentum["v2"].value == M([R(9, 5) + R(8, 5), R(54, 5) + R(24, 5)])


def test_momentum_stays_exact_and_adaptive_methods_carry_decimals():
    assert all(entry.is_Rational for entry in solve(inputs(0, "nesterov")).answer.value)
    adam = solve(inputs(0, "adam")).answer.value
    assert all(entry.is_Float for entry in adam)
    # eps = 0: Adagrad's first step is η·sign(g), a terminating decimal, kept exact
    first = solve(inputs(0, "adagrad", steps=1, eps=0)).answer.value
    assert first == M([R(9, 10), R(19, 10)])


def test_the_textbook_form_of_momentum_gives_the_same_iterates():
    """v = μv − ηg, θ = θ + v (the other convention) by hand, against the kind."""
    gradient, x, v, lr, mu = FUNCTIONS[0][3], np.array([1.0, 2.0]), np.zeros(2), 0.1, 0.9
    for _ in range(4):
        v = mu * v - lr * gradient(x)
        x = x + v
    assert np.allclose(iterates(solve(inputs(0, "momentum")), 4)[-1], x, rtol=1e-12)


@pytest.mark.parametrize("method", sorted(METHODS))
def test_against_torch_when_installed(method):
    torch = pytest.importorskip("torch")
    part = inputs(2, method, steps=5)
    start = [float(s) for s in part.start]
    x = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    hyper = numpy_hyper(method, METHODS[method])
    optimizer = {
        "momentum": lambda: torch.optim.SGD([x], lr=0.1, momentum=hyper["momentum"]),
        "nesterov": lambda: torch.optim.SGD([x], lr=0.1, momentum=hyper["momentum"],
                                            nesterov=True),
        "adagrad": lambda: torch.optim.Adagrad([x], lr=0.1, eps=hyper["eps"]),
        "rmsprop": lambda: torch.optim.RMSprop([x], lr=0.1, alpha=hyper["alpha"],
                                               eps=hyper["eps"]),
        "adam": lambda: torch.optim.Adam([x], lr=0.1, betas=(hyper["beta1"], hyper["beta2"]),
                                         eps=hyper["eps"]),
    }[method]()
    got = iterates(solve(part), 5)
    for t in range(5):
        optimizer.zero_grad()
        loss = x[0]**4 + x[1]**2 + x[0] * x[1]
        loss.backward()
        optimizer.step()
        assert np.allclose(got[t], x.detach().numpy(), rtol=1e-12, atol=1e-12), t


def _found(part) -> dict:
    return {m.code: m.answer.value for m in mistakes("momentum", part, solve(part))}


def _close(value, expected) -> bool:
    return np.allclose(np.array([float(e) for e in M([value])]), expected, rtol=1e-12,
                       atol=1e-12)


@pytest.mark.parametrize("method, code, flags", [
    ("adam", "no_bias_correction", {"bias_correction": False}),
    ("momentum", "old_velocity", {"old_velocity": True}),
    ("nesterov", "old_velocity", {"old_velocity": True}),
    ("adagrad", "eps_inside_root", {"eps_inside": True}),
    ("rmsprop", "eps_inside_root", {"eps_inside": True}),
    ("adam", "eps_inside_root", {"eps_inside": True}),
    ("adagrad", "gradient_not_squared", {"square": False}),
    ("rmsprop", "gradient_not_squared", {"square": False}),
])
def test_each_mistake_gives_the_numpy_run_with_the_mistake(method, code, flags):
    hyper = {"eps": R(1, 10)} if "eps" in METHODS[method] else {}
    part = inputs(0, method, steps=3, **hyper)
    found = _found(part)
    expected = numpy_run(method, FUNCTIONS[0][3], [1.0, 2.0], 0.1, 3,
                         **(numpy_hyper(method, METHODS[method] | hyper) | flags))
    assert _close(found[code], expected[-1]), (found, expected[-1])


def test_gradient_not_squared_with_a_negative_gradient_leaves_no_candidate():
    part = MomentumInputs(X**2, ("x",), M([-1]), R(1, 10), "adam", beta1=R(9, 10),
                          beta2=R(999, 1000), eps=R(1, 10**8), steps=1)
    assert isinstance(solve(part).answer, Value)
    assert "gradient_not_squared" not in _found(part)  # √ of a negative sum: no value


def test_mistakes_are_not_named_when_they_coincide_with_the_right_answer():
    # β₁ = β₂ = 0: the bias corrections are 1
    assert "no_bias_correction" not in _found(inputs(0, "adam", beta1=0, beta2=0))
    # ε = 0: √s + ε = √(s + ε)
    assert "eps_inside_root" not in _found(inputs(0, "rmsprop", eps=0))
    # f = x: g = 1 and g² = g at every step
    linear = MomentumInputs(X, ("x",), M([1]), R(1, 10), "adagrad", eps=R(1, 10**10),
                            steps=3)
    assert "gradient_not_squared" not in _found(linear)
    # a stationary start: every velocity is 0
    assert _found(MomentumInputs(X**2, ("x",), M([0]), R(1, 10), "momentum",
                                 momentum=R(9, 10), steps=2)) == {}


SPEC = """\
title: Optimisers
problems:
  - id: p
    parts:
      - {id: a, kind: momentum, f: "x^2 + 3 y^2", wrt: [x, y], start: [1, 2],
         learning_rate: 0.1, momentum: 0.9, steps: 2, ecf: true}
      - {id: b, kind: momentum, f: "x^2", wrt: x, start: 1, learning_rate: 0.1,
         method: adam, steps: 2, ecf: true}
"""


def _verdicts(answers: dict, spec: str = SPEC) -> dict:
    sheet = answers_from_text(json.dumps({"student": "ada", "answers": answers}), "a.json",
                              "ada")
    solved = solve_set(load_text(spec, "t.yaml"))
    return {v.key: v for v in check_file(solved, sheet, only_answered=True).verdicts}


def test_a_later_iterate_carries_from_the_students_velocity():
    # v1 = g = (2, 12) but the student has (2, 6): θ1 = (0.8, 1.4), g = (1.6, 8.4),
    # v2 = 0.9 (2, 6) + (1.6, 8.4) = (3.4, 13.8), θ2 = (0.46, 0.02)
    verdicts = _verdicts({"p.a.v1": ["2", "6"], "p.a": ["0.46", "0.02"]})
    assert verdicts["p.a.v1"].status == "incorrect"
    assert (verdicts["p.a"].status, verdicts["p.a"].decided_by) == ("correct", "ecf")
    assert _verdicts({"p.a.v1": ["2", "6"], "p.a": ["0.46", "0.02"]},
                     SPEC.replace("ecf: true", "ecf: false"))["p.a"].status == "incorrect"


def test_adam_carries_from_the_students_moments():
    # the student's m1 = 0.2 (right), v1 = 0.04 (should be 0.004): v̂ = 40, √v̂ = 6.3246,
    # θ1 = 1 − 0.1 · 2 / (√40 + 1e-8); θ2 from there by the PyTorch rule
    lr, eps, b1, b2 = 0.1, 1e-8, 0.9, 0.999
    x1 = 1 - lr * 2 / (np.sqrt(40) + eps)
    g = 2 * x1
    m = b1 * 0.2 + (1 - b1) * g
    v = b2 * 0.04 + (1 - b2) * g * g
    x2 = x1 - lr * (m / (1 - b1**2)) / (np.sqrt(v / (1 - b2**2)) + eps)
    verdicts = _verdicts({"p.b.v1": "0.04", "p.b": f"{x2:.12f}"})
    assert (verdicts["p.b"].status, verdicts["p.b"].decided_by) == ("correct", "ecf")


@pytest.mark.parametrize("answer, status, diagnosis", [
    (["0.46", "-0.76"], "correct", None),
    (["0.8", "0.8"], "incorrect", "old_velocity"),
])
def test_check_verdicts_through_the_cli(tmp_path, answer, status, diagnosis):
    spec = tmp_path / "momentum.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Momentum
        problems:
          - id: p
            parts:
              - {id: a, kind: momentum, f: "x^2 + 3 y^2", wrt: [x, y], start: [1, 2],
                 learning_rate: 0.1, momentum: 0.9, steps: 2}
        """))
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"student": "ada", "answers": {"p.a": answer}}))
    result = CliRunner().invoke(cli, ["check", str(spec), str(answers), "--format", "json"])
    assert result.exit_code == 0, result.output
    part = json.loads(result.output)["parts"][0]
    assert (part["status"], part["diagnosis"]) == (status, diagnosis)


def test_the_example_solves():
    spec = example_spec("momentum")
    part = spec.problems[0].parts[0]
    assert KINDS["momentum"].solve(part.inputs).answer.value == M([R(46, 100), R(-38, 100)])


def test_defaults_are_pytorchs():
    spec = load("""\
    problems:
      - id: p
        parts:
          - {id: a, kind: momentum, f: x^2, wrt: x, start: 1, learning_rate: 0.1, method: adam}
          - {id: b, kind: momentum, f: x^2, wrt: x, start: 1, learning_rate: 0.1,
             method: rmsprop}
          - {id: c, kind: momentum, f: x^2, wrt: x, start: 1, learning_rate: 0.1,
             method: adagrad}
    """)
    adam, rmsprop, adagrad = (part.inputs for part in spec.problems[0].parts)
    assert (adam.beta1, adam.beta2, adam.eps) == (R(9, 10), R(999, 1000), R(1, 10**8))
    assert (rmsprop.beta, rmsprop.eps) == (R(99, 100), R(1, 10**8))
    assert adagrad.eps == R(1, 10**10)


def test_a_gradient_outside_the_domain_is_an_answer():
    part = MomentumInputs(sympy.log(X), ("x",), M([R(1, 10)]), R(1, 2), "momentum",
                          momentum=R(9, 10), steps=3)
    solved = solve(part)
    assert isinstance(solved.answer, Undefined) and "iterate" in solved.answer.reason
    zero = MomentumInputs(X**2 + Y**2, ("x", "y"), M([1, 0]), R(1, 10), "adagrad", eps=0)
    assert "0/0" in solve(zero).answer.reason


BASE = "f: x^2, wrt: x, start: 1, learning_rate: 0.1"


@pytest.mark.parametrize("fields, field, words", [
    (f"{BASE}, method: sgd", "method", "unknown method"),
    (f"{BASE}, method: adam, momentum: 0.9", "momentum", "takes no"),
    (f"{BASE}, method: rmsprop, beta: 1", "beta", "less than 1"),
    (f"{BASE}, method: adam, eps: -1", "eps", "small positive"),
    ("f: x^2, wrt: x, start: 1, learning_rate: 0, method: adam", "learning_rate", "positive"),
    ("f: x^2, wrt: [x, y], start: 1, learning_rate: 0.1, method: adam", "start",
     "one per variable"),
])
def test_spec_errors_name_the_field(fields, field, words):
    message = spec_error("momentum", fields)
    assert f"field '{field}'" in message and words in message, message


def test_momentum_needs_its_mu():
    message = spec_error("momentum", BASE)
    assert "momentum" in message and "e.g. momentum: 0.9" in message, message


@pytest.mark.tex
@pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
def test_a_worked_set_compiles_to_pdf(tmp_path):
    spec = tmp_path / "optimisers.yaml"
    spec.write_text(textwrap.dedent("""\
        title: Optimisers
        problems:
          - id: opt
            parts:
              - {id: a, kind: momentum, f: "x^2 + 3 y^2", wrt: [x, y], start: [1, 1],
                 learning_rate: 0.1, momentum: 0.9, steps: 2}
              - {id: b, kind: momentum, f: "x^2 + 3 y^2", wrt: [x, y], start: [1, 1],
                 learning_rate: 0.1, method: nesterov, momentum: 0.9}
              - {id: c, kind: momentum, f: "x^2 + 3 y^2", wrt: [x, y], start: [1, 1],
                 learning_rate: 0.1, method: adagrad, steps: 2}
              - {id: d, kind: momentum, f: x^4, wrt: x, start: 1, learning_rate: 0.1,
                 method: rmsprop, beta: 0.9, steps: 2}
              - {id: e, kind: momentum, f: "x^2 + 3 y^2", wrt: [x, y], start: [1, 2],
                 learning_rate: 0.1, method: adam, steps: 3}
        """))
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "optimisers.pdf").read_bytes().startswith(b"%PDF")
    markdown = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path), "--format",
                                        "md"])
    assert markdown.exit_code == 0, markdown.output
    text = (tmp_path / "optimisers.md").read_text()
    assert r"\hat m" in text and "torch.optim.Adam" in text
