"""Loading a student's variant: the public API, determinism across processes and rosters,
located spec errors, requirements no draw meets, and the concrete YAML."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import sympy

from solver.errors import SpecErrors
from solver.spec.load import load_spec, load_text
from solver.variants import draw_variant, load_variant, requirements, variant_values, varies
from solver.variants.draw import MAX_DRAWS, VariantImpossible
from solver.variants.variant import _draw

ROOT = Path(__file__).resolve().parent.parent

SPEC = """\
    title: Week 4
    seed: week4-2026
    problems:
      - id: linear-algebra
        statement: 'Solve for $P = {{P}}$ and $k = {{k}}$.'
        vary:
          P: matrix(2, 2, integers(-6, 6))
          a: vector(2, integers(-5, 5), nonzero)
          k: decimals(0, 1, 2, nonzero)
        require:
          - det(P) = 0
          - part d is no_solution
        given: {c: 3}
        parts:
          - {id: c, kind: matrix_expression, expr: c P a}
          - {id: d, kind: linear_system, A: P, b: a, statement: '$Px = a$ with {{a}}'}
          - {id: e, kind: matrix_expression, expr: k a}
      - id: fixed
        parts:
          - {id: a, kind: derivative, f: sin(x^2), wrt: x}
    """


def write(tmp_path: Path, text: str, name: str = "week4.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def errors(tmp_path: Path, text: str, student: str = "ada") -> str:
    with pytest.raises(SpecErrors) as caught:
        load_variant(write(tmp_path, text), student)
    return str(caught.value)


def test_a_variant_is_a_spec_whose_varied_names_are_given(tmp_path):
    path = write(tmp_path, SPEC)
    spec = load_variant(path, "ada")
    problem = spec.problems[0]
    assert spec.variant == "ada" and varies(spec) and varies(path) and varies(str(path))
    assert set(problem.given) == {"P", "a", "k", "c"}
    assert sympy.Matrix(problem.given["P"]).det() == 0
    assert problem.parts[1].inputs.A == problem.given["P"]
    assert "\\begin{matrix}" in problem.statement and "{{" not in problem.statement
    assert "{{" not in problem.parts[1].statement
    assert problem.parts[2].decimal  # k is drawn as a decimal: answers shown as decimals
    assert spec.problems[1].given == {}


def test_a_spec_without_vary_is_the_ordinary_spec():
    path = ROOT / "problems" / "in5400-week04-dense-networks.yaml"
    assert not varies(path)
    spec = load_variant(path, "ada")
    assert spec == load_spec(path) and not varies(spec)


def test_plain_loading_refuses_vary_and_points_to_variants(tmp_path):
    with pytest.raises(SpecErrors) as caught:
        load_spec(write(tmp_path, SPEC))
    assert "week4.yaml:6" in str(caught.value) and "hwsolver variants" in str(caught.value)


def test_each_student_has_their_own_variant_and_the_same_one_every_time(tmp_path):
    path = write(tmp_path, SPEC)
    first = {student: draw_variant(path, student).values for student in ("ada", "bob", "cy")}
    assert first["ada"] == draw_variant(path, "ada").values
    assert len({str(values) for values in first.values()}) == 3


def test_the_roster_never_changes_anyone_elses_variant(tmp_path):
    """A variant depends on the seed and the student's id only: drawing others before it, or
    in another order, changes nothing."""
    from solver.variants.roster import Student
    from solver.variants.write import Options, write_variants

    path = write(tmp_path, SPEC)
    alone = draw_variant(path, "bob").yaml()
    class_a = (Student("ada", "Ada"), Student("bob", "Bob"))
    class_b = (Student("zed", "Zed"), Student("bob", "Bob"), Student("amy", "Amy"))
    for name, roster in (("a", class_a), ("b", class_b)):
        _draw.cache_clear()  # each drawn afresh
        write_variants(path, roster, tmp_path / name, Options(fmt="yaml"))
    assert (tmp_path / "a" / "week4-bob.yaml").read_text() == alone
    assert (tmp_path / "b" / "week4-bob.yaml").read_text() == alone


def test_variants_are_byte_identical_across_processes_and_hash_seeds(tmp_path):
    path = write(tmp_path, SPEC)
    code = ("import sys; from solver.variants import draw_variant; "
            "sys.stdout.write(''.join(draw_variant(sys.argv[1], s).yaml() for s in "
            "('ada', 'bob', '學生')))")
    outputs = []
    for hash_seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                              env=env, check=True, timeout=300)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] and outputs[0]
    local = "".join(draw_variant(path, s).yaml() for s in ("ada", "bob", "學生"))
    assert outputs[0].decode("utf-8") == local


def test_the_concrete_yaml_loads_to_the_same_spec(tmp_path):
    variant = draw_variant(write(tmp_path, SPEC), "ada")
    text = variant.yaml()
    assert "vary" not in text and "require" not in text and "seed" not in text
    again = load_text(text, "again.yaml")
    for mine, theirs in zip(variant.spec.problems, again.problems, strict=True):
        assert mine.given == theirs.given and mine.statement == theirs.statement
        assert [p.inputs for p in mine.parts] == [p.inputs for p in theirs.parts]
        assert [p.decimal for p in mine.parts] == [p.decimal for p in theirs.parts]


def test_requirements_no_draw_meets_name_the_problem_the_requirements_and_the_draws(tmp_path):
    message = errors(tmp_path, """\
        seed: s
        problems:
          - id: impossible
            vary: {P: 'matrix(2, 2, integers(0, 0))'}
            require: ['det(P) = 7', 'part a is defined']
            parts:
              - {id: a, kind: inverse, matrix: P}
        """)
    assert "week4.yaml:3: problem 'impossible'" in message
    assert f"'det(P) = 7' failed in {MAX_DRAWS} of {MAX_DRAWS}" in message
    assert "'part a is defined' was not reached" in message
    assert f"{MAX_DRAWS} draws" in message and "'ada'" in message


def test_an_impossible_property_is_a_typed_error_with_the_counts(tmp_path):
    with pytest.raises(SpecErrors) as caught:
        load_variant(write(tmp_path, """\
            seed: s
            problems:
              - id: p
                vary: {P: 'rank(2, 2, 1)'}
                require: ['part a is defined']
                parts:
                  - {id: a, kind: inverse, matrix: P}
            """), "ada")
    error = caught.value.errors[0]
    assert isinstance(error, VariantImpossible)
    assert error.problem == "p" and error.draws == MAX_DRAWS
    assert error.failures["part a is defined"][0] == MAX_DRAWS
    assert "undefined" in str(error)


@pytest.mark.parametrize("change, words", [
    (("    seed: week4-2026\n", ""), ["week4.yaml:1", "needs a 'seed'"]),
    (("integers(-6, 6))", "integers(6, -6))"), ["week4.yaml:7", "vary 'P'", "lo must not"]),
    (("integers(-6, 6))", "intgers(-6, 6))"),
     ["week4.yaml:7", "unknown generator 'intgers'", "did you mean 'integers'"]),
    (("det(P) = 0", "det(Q) = 0"), ["week4.yaml:11", "'Q' is not a varied or given name"]),
    (("det(P) = 0", "det(P) ~ 0"), ["week4.yaml:11", "expected one comparison"]),
    (("part d is no_solution", "part z is no_solution"), ["week4.yaml:12", "no part 'z'"]),
    (("part d is no_solution", "part d is purple"), ["week4.yaml:12", "unknown property"]),
    (("part d is no_solution", "part d eigenvalues are integers"),
     ["week4.yaml:12", "no named value 'eigenvalues'"]),
    (("given: {c: 3}", "given: {c: 3, P: 1}"), ["vary 'P'", "both varied and given"]),
    (("expr: c P a}", "expr: c P b}"), ["part 'c'", "'b' is not defined"]),
    (("{{k}}", "{{q}}"), ["week4.yaml:5", "'{{q}}' is not a varied or given name"]),
    (("vector(2, integers(-5, 5), nonzero)", "vector(3, integers(-5, 5), nonzero)"),
     ["week4.yaml:4", "'part d is no_solution' failed", "the last answer was undefined"]),
])
def test_spec_errors_name_file_line_and_what_is_wrong(tmp_path, change, words):
    message = errors(tmp_path, SPEC.replace(*change))
    for word in words:
        assert word in message, message


def test_hostile_text_in_a_spec_is_never_run(tmp_path):
    marker = Path("/tmp/hwsolver-variants-spec-pwned")
    marker.unlink(missing_ok=True)
    hostile = "__import__('os').system('touch /tmp/hwsolver-variants-spec-pwned')"
    for old in ("matrix(2, 2, integers(-6, 6))", "det(P) = 0"):
        text = SPEC.replace(old, f'"{hostile}"' if old.startswith("matrix") else hostile)
        with pytest.raises(SpecErrors):
            load_variant(write(tmp_path, text), "ada")
    assert not marker.exists()


def test_drawing_stops_at_the_time_limit_with_the_draws_made(tmp_path, monkeypatch):
    import solver.variants.draw as draw

    monkeypatch.setattr(draw, "MAX_SECONDS", 0.0)
    message = errors(tmp_path, SPEC.replace("det(P) = 0", "det(P) = 1000"))
    assert "in 1 draw (the limit of 0 s)" in message


SHARED = """\
    seed: s
    vary: {k: 'integers(2, 5)'}
    require: [k != 3]
    problems:
      - id: scale
        vary: {v: 'vector(2, integers(-3, 3))'}
        require: [v1 + v2 = k]
        parts:
          - {id: a, kind: matrix_expression, expr: k v}
      - id: plain
        statement: 'With $k = {{k}}$.'
        parts:
          - {id: a, kind: derivative, f: x^k, wrt: x}
    """


def test_names_varied_by_the_set_are_shared_by_every_problem(tmp_path):
    path = write(tmp_path, SHARED)
    assert varies(path)
    ks = set()
    for student in (f"s{i}" for i in range(40)):
        variant = draw_variant(path, student)
        scale, plain = variant.spec.problems
        k = scale.given["k"]
        assert plain.given["k"] == k and k != 3 and 2 <= k <= 5
        assert sum(scale.given["v"]) == k
        assert f"k = {k}" in plain.statement
        assert variant.values["plain"] == {"k": k} and "(set)" in variant.draws
        ks.add(k)
    assert ks == {2, 4, 5}
    with pytest.raises(SpecErrors, match="'vary' makes a variant per student"):
        load_spec(path)


@pytest.mark.parametrize("change, words", [
    (("require: [k != 3]", "require: [part a is unique]"), ["week4.yaml:3",
                                                            "belongs to its problem"]),
    (("require: [k != 3]", "require: [q != 3]"), ["'q' is not a varied or given name"]),
    (("statement: 'With", "given: {k: 2}\n        statement: 'With"),
     ["varied by the set and given here"]),
    (("vary: {v:", "vary: {k: 'integers(1, 2)', v:"), ["vary 'k'", "both varied and given"]),
])
def test_errors_of_shared_names(tmp_path, change, words):
    message = errors(tmp_path, SHARED.replace(*change))
    for word in words:
        assert word in message, message


def test_requirements_are_listed_per_problem_the_sets_own_first(tmp_path):
    assert requirements(write(tmp_path, SPEC)) == {
        "linear-algebra": ("det(P) = 0", "part d is no_solution")}
    assert requirements(write(tmp_path, SHARED, "shared.yaml")) == {
        "scale": ("k != 3", "v1 + v2 = k"), "plain": ("k != 3",)}
    fixed = write(tmp_path, SPEC.replace("        require:\n          - det(P) = 0\n"
                                         "          - part d is no_solution\n", ""), "f.yaml")
    assert requirements(fixed) == {}


def test_variant_values_are_one_line_of_plain_math_as_the_sheet_shows_them(tmp_path):
    path = write(tmp_path, SPEC)
    variant = draw_variant(path, "ada")
    given = variant.spec.problems[0].given
    values = variant_values(path, "ada")
    assert values["linear-algebra.P"] == str(given["P"].tolist())
    assert values["linear-algebra.a"] == str(list(given["a"]))
    k = given["k"]
    assert values["linear-algebra.k"] == f"{float(k):g}" and "/" not in values["linear-algebra.k"]
    assert set(values) == {"linear-algebra.P", "linear-algebra.a", "linear-algebra.k"}
