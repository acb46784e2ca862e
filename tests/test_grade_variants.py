"""Grading against each student's own variant: ``hwsolver grade`` and ``hwsolver check``
with ``solver.variants`` drawing each student's numbers from ``fixtures/variants/week.yaml``
(``vary`` P and a, ``require`` det(P) != 0).

Each student's right answers are computed from their own variant (drawn and solved), in
the form a student types them.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from solver.check.checker import answer_matches, expected_keys
from solver.cli import cli
from solver.grade.classreport import render_report
from solver.grade.classstats import KeyUnderRequirement, class_statistics
from solver.grade.copies import COPIED, COPIED_FLAG, NOT_ON_ROSTER, copied_reason
from solver.grade.pool import Limits
from solver.grade.run import Options, grade_folder
from solver.grade.specs import PerStudent, SpecsByStudent, spec_varies, specs_from_file
from solver.render.json_out import part_answer_json
from solver.render.pdf import available_engine
from solver.solving import SolvedSet, solve_set
from solver.spec.load import load_spec
from solver.variants import load_variant, variant_values
from solver.variants.roster import Student
from tests.test_grade_classreport import assert_one_pass_is_final

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "variants"
SPEC = FIXTURES / "week.yaml"
IMPOSSIBLE = FIXTURES / "impossible.yaml"
PLAIN_SPEC = ROOT / "tests" / "fixtures" / "grade" / "spec.yaml"
CLASS = [f"s{i:02d}" for i in range(30)]
COPIER, STRANGER = "s07", "walk-in"
KEYS = ("lin.det", "lin.x", "lin.sq")


@cache
def _solved(student: str) -> SolvedSet:
    return solve_set(load_variant(SPEC, student))


@cache
def _right_answers(student: str) -> tuple[tuple[str, object], ...]:
    """The graded keys' answers of the student's own variant, as a student types them;
    each read back by the checker as right."""
    right = []
    for expected in expected_keys(_solved(student)):
        if expected.graded:
            typed = part_answer_json(expected.entry, expected.answer)
            assert answer_matches(expected, typed), (student, expected.key, typed)
            right.append((expected.key, typed))
    return tuple(right)


def _right(student: str) -> dict:
    return dict(_right_answers(student))


def _neighbour(student: str) -> str:
    """The next student on the roster whose variant's answers all differ from the
    student's own."""
    start = CLASS.index(student)
    own = _right(student)
    return next(s for s in CLASS[start + 1:] + CLASS[:start]
                if all(_right(s)[key] != own[key] for key in KEYS))


def _answers_yaml(answers: dict, student: str | None) -> str:
    lines = [f"student: {student}"] if student else []
    lines.append("answers:")
    lines += [f"  {key}: {json.dumps(value)}" for key, value in answers.items()]
    return "\n".join(lines) + "\n"


def _write_class(folder: Path, copier: bool = True, stranger: bool = True) -> Path:
    """30 students each answering their own variant; the copier answers a neighbour's;
    a student not on the roster answers their own (by id). Half name themselves, the
    others are known by their file name."""
    folder.mkdir(parents=True, exist_ok=True)
    for index, student in enumerate(CLASS):
        answers = _right(_neighbour(student) if copier and student == COPIER else student)
        named = student if index % 2 else None
        (folder / f"{student}.yaml").write_text(_answers_yaml(answers, named))
    if stranger:
        (folder / "late.yaml").write_text(_answers_yaml(_right(STRANGER), STRANGER))
    return folder


def _roster(path: Path) -> Path:
    path.write_text("id,name\n" + "".join(f"{s},Student {s}\n" for s in CLASS))
    return path


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """The class graded once against their variants, with a roster."""
    folder = tmp_path_factory.mktemp("variants")
    summary = grade_folder(SPEC, _write_class(folder / "subs"), folder / "graded",
                           Options(jobs=2, limits=Limits(10, 60),
                                   roster=_roster(folder / "roster.csv")))
    out = folder / "graded"
    results = json.loads((out / "results.json").read_text())
    return summary, out, {row["file"]: row for row in results["submissions"]}, results


def _grades(out: Path) -> dict[str, dict]:
    return {row["file"]: row for row in csv.DictReader(io.StringIO(
        (out / "grades.csv").read_text()))}


def test_the_class_has_variants_of_their_own():
    assert spec_varies(SPEC)
    assert len({json.dumps(_right_answers(s)) for s in CLASS}) == len(CLASS)
    assert _neighbour(COPIER) != COPIER


def test_each_student_answering_their_own_variant_is_all_correct(graded_class):
    summary, out, rows, _ = graded_class
    honest = [s for s in CLASS if s != COPIER]
    for student in honest:
        row = rows[f"{student}.yaml"]
        assert row["status"] == "graded" and row["score"] == row["max_score"] == 3, row
        assert row["flags"] == [] and row["on_roster"] is True
        assert row["variant"]["student"] == student
    assert summary.graded == len(CLASS) + 1
    grades = _grades(out)
    assert all(grades[f"{s}.yaml"]["total"] == "3" and grades[f"{s}.yaml"]["needs_review"] == ""
               for s in honest)


def test_a_copied_answer_is_incorrect_and_names_the_neighbour(graded_class):
    _, out, rows, _ = graded_class
    row = rows[f"{COPIER}.yaml"]
    neighbour = _neighbour(COPIER)
    assert row["score"] == 0 and COPIED_FLAG in row["flags"]
    for verdict in row["verdicts"]:
        assert verdict["status"] == "incorrect" and verdict["diagnosis"] == COPIED
        assert neighbour in verdict["copied_from"]
        assert COPIER not in verdict["copied_from"]
        assert verdict["reason"].startswith("this answer is right for another variant (student")
        assert verdict["reason"].endswith("), not for yours")
    assert COPIED_FLAG in _grades(out)[f"{COPIER}.yaml"]["needs_review"]
    feedback = (out / "feedback" / f"{COPIER}.md").read_text()
    assert "this answer is right for another variant" in feedback


def test_the_report_lists_copies_for_a_person_to_review(graded_class):
    _, out, _, _ = graded_class
    report = (out / "report.md").read_text()
    section = report.split("## Right for another variant: for a person to review")[1]
    section = section.split("## Needs a person")[0]
    copied = [line for line in section.splitlines() if line.startswith(f"| {COPIER}.yaml")]
    assert {line.split(" | ")[2] for line in copied} == set(KEYS)
    assert all(_neighbour(COPIER) in line for line in copied)
    needs = report.split("## Needs a person")[1]
    assert f"| {COPIER}.yaml | {COPIER} | right for another student's variant" in needs


def test_a_student_not_on_the_roster_is_graded_against_their_id_and_flagged(graded_class):
    _, out, rows, _ = graded_class
    row = rows["late.yaml"]
    assert row["student"] == STRANGER and row["on_roster"] is False
    assert row["variant"]["student"] == STRANGER
    assert row["score"] == 3  # their own variant, answered right
    assert row["flags"] == [NOT_ON_ROSTER]
    assert NOT_ON_ROSTER in _grades(out)["late.yaml"]["needs_review"]
    needs = (out / "report.md").read_text().split("## Needs a person")[1]
    assert f"| late.yaml | {STRANGER} | not on the roster" in needs


def test_results_list_each_students_varied_values(graded_class):
    _, _, rows, results = graded_class
    for student in CLASS:
        values = rows[f"{student}.yaml"]["variant"]["values"]
        assert values == variant_values(SPEC, student)
        given = load_variant(SPEC, student).problems[0].given
        assert values["lin.P"] == str(given["P"].tolist())
        assert values["lin.a"] == str(list(given["a"]))
    assert results["variants"]["not_compared"] == 0
    assert set(results["variants"]["compared"]) == {*CLASS, STRANGER}
    assert results["roster"] == {"students": 30}


def test_the_class_report_aggregates_each_key_across_variants(graded_class):
    _, out, _, _ = graded_class
    report = (out / "report.md").read_text()
    for key in KEYS:
        line = next(line for line in report.splitlines() if line.startswith(f"| {key} |"))
        assert "| 30 of 31 (97%) |" in line  # everyone but the copier, across variants
    assert "graded against its student's own variant (31 variants)" in report


def test_the_report_gives_each_keys_success_by_required_property(graded_class, tmp_path):
    _, out, _, results = graded_class
    assert results["variants"]["requirements"] == {"lin": ["det(P) != 0"]}
    section = (out / "report.md").read_text().split("### Keys by required property")[1]
    section = section.split("## Common diagnoses")[0]
    for key in KEYS:
        assert f"| {key} | det(P) != 0 | 30 of 31 (97%) |" in section
    tex = render_report(class_statistics(results), "latex")
    assert "{lin.x} & {det(P) != 0} & 30 of 31 (97\\%) \\\\" in tex
    if available_engine() is not None:  # its tables, copies' among them, in one pass
        assert "Right for another variant" in tex
        assert_one_pass_is_final(tex, tmp_path)


def test_success_by_requirement_counts_the_submissions_graded_against_a_variant():
    def submission(file: str, statuses: dict, variant: bool = True) -> dict:
        row = {"file": file, "student": file, "status": "graded", "score": 0, "flags": [],
               "verdicts": [{"key": key, "status": status, "score": 0}
                            for key, status in statuses.items()]}
        return {**row, "variant": {"student": file, "values": {}}} if variant else row

    results = {"keys": [{"key": "lin.x", "points": 1}, {"key": "calc.a", "points": 1}],
               "variants": {"compared": [], "not_compared": 0,
                            "requirements": {"lin": ["det(P) = 0", "part x is no_solution"]}},
               "submissions": [submission("a", {"lin.x": "correct", "calc.a": "correct"}),
                               submission("b", {"lin.x": "incorrect"}),
                               submission("c", {"calc.a": "correct"}),
                               submission("d", {"lin.x": "correct"}, variant=False)]}
    assert class_statistics(results).required == (
        KeyUnderRequirement("lin.x", "det(P) = 0", 1, 3),
        KeyUnderRequirement("lin.x", "part x is no_solution", 1, 3))
    del results["variants"]["requirements"]
    assert class_statistics(results).required == ()
    assert "Keys by required property" not in render_report(class_statistics(results),
                                                            "markdown")


def test_each_variant_is_solved_once_and_kept():
    loads: list[str] = []

    def load(student: str):
        loads.append(student)
        return load_variant(SPEC, student)

    specs = PerStudent(load, None, max_compared=4)
    specs.prepare(["b", "a", "a", "c"])
    assert sorted(loads) == ["a", "b", "c"]
    assert specs.for_student("a") is specs.for_student("a")
    assert [other for other, _ in specs.others("a")] == ["b", "c"]
    specs.for_student("b")
    assert sorted(loads) == ["a", "b", "c"]


def test_at_most_max_compared_variants_are_compared_submitters_first():
    roster = tuple(Student(f"r{i}", "") for i in range(5))
    specs = PerStudent(lambda s: load_variant(SPEC, s), None, roster, max_compared=3)
    specs.prepare(["zz", "r4"])
    assert specs.compared == ("r4", "zz", "r0") and specs.not_compared == 3


def test_a_roster_id_matches_case_aside_and_grades_the_rosters_variant():
    roster = (Student("Ada", "Ada L."),)
    specs = SpecsByStudent(solve_set(load_spec(PLAIN_SPEC)), roster)
    assert specs.variant_id("ada") == "Ada" and specs.on_roster("ADA") is True
    assert specs.on_roster("bob") is False and specs.variant_id("bob") == "bob"


def test_copied_reason_names_the_students():
    assert copied_reason(("ada",)) == ("this answer is right for another variant "
                                       "(student ada's), not for yours")
    assert "(students a's, b's, c's and 2 more)" in copied_reason(tuple("abcde"))


def test_a_spec_without_vary_grades_as_before(tmp_path):
    """A spec without vary: one solved set, no variant fields."""
    assert not spec_varies(PLAIN_SPEC)
    specs = specs_from_file(PLAIN_SPEC, None)
    assert not specs.varies and specs.for_student("a") is specs.for_student("b")
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "ada.yaml").write_text(_answers_yaml({"calc.b": "3x^2"}, "ada"))
    grade_folder(PLAIN_SPEC, subs, tmp_path / "out", Options(jobs=1))
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    row = results["submissions"][0]
    assert "variant" not in row and "on_roster" not in row and "variants" not in results
    assert "Keys by required property" not in (tmp_path / "out" / "report.md").read_text()


def test_a_wrong_answer_right_for_no_variant_is_not_a_copy(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    answers = {**_right("s01"), "lin.det": "1234"}  # |det P| <= 32 for entries in [-4, 4]
    (subs / "s01.yaml").write_text(_answers_yaml(answers, "s01"))
    (subs / "s02.yaml").write_text(_answers_yaml(_right("s02"), "s02"))
    summary = grade_folder(SPEC, subs, tmp_path / "out", Options(jobs=1))
    rows = json.loads((tmp_path / "out" / "results.json").read_text())["submissions"]
    det = next(v for v in rows[0]["verdicts"] if v["key"] == "lin.det")
    assert det["status"] == "incorrect" and det["diagnosis"] != COPIED
    assert "copied_from" not in det and summary.needs_review == 0


def test_one_answer_right_for_another_variant_alone_is_not_a_copy(tmp_path):
    """A single small number is right for some variant of a large class by chance."""
    subs = tmp_path / "subs"
    subs.mkdir()
    student, other = CLASS[0], _neighbour(CLASS[0])
    answers = {**_right(student), "lin.det": _right(other)["lin.det"]}
    (subs / f"{student}.yaml").write_text(_answers_yaml(answers, student))
    (subs / f"{other}.yaml").write_text(_answers_yaml(_right(other), other))
    summary = grade_folder(SPEC, subs, tmp_path / "out", Options(jobs=1))
    rows = json.loads((tmp_path / "out" / "results.json").read_text())["submissions"]
    det = next(v for row in rows if row["student"] == student for v in row["verdicts"]
               if v["key"] == "lin.det")
    assert det["status"] == "incorrect" and det["diagnosis"] != COPIED
    assert summary.needs_review == 0


def test_a_rerun_reuses_results_until_the_roster_changes(tmp_path):
    subs = _write_class(tmp_path / "subs", copier=False, stranger=False)
    roster = _roster(tmp_path / "roster.csv")
    options = Options(jobs=2, roster=roster)
    grade_folder(SPEC, subs, tmp_path / "out", options)
    first = (tmp_path / "out" / "results.json").read_bytes()
    assert grade_folder(SPEC, subs, tmp_path / "out", options).reused == len(CLASS)
    assert (tmp_path / "out" / "results.json").read_bytes() == first
    roster.write_text(roster.read_text() + "s99,Student s99\n")
    again = grade_folder(SPEC, subs, tmp_path / "out", options)
    assert again.reused == 0 and again.graded == len(CLASS)


def test_grade_one_grades_against_the_students_variant():
    from solver.grade.work import grade_one

    student = CLASS[2]
    data = _answers_yaml(_right(student), student).encode()
    result = grade_one(SPEC.read_text(), str(SPEC), f"{student}.yaml", data)
    assert result["score"] == 3 and result["variant"]["student"] == student
    assert result["variant"]["values"] == variant_values(SPEC, student)
    copied = _answers_yaml(_right(_neighbour(student)), student).encode()
    result = grade_one(SPEC.read_text(), str(SPEC), f"{student}.yaml", copied)
    assert result["score"] == 0 and result["flags"] == []  # no class: no copy diagnosis


def test_grade_one_draws_the_variant_from_the_spec_text_it_is_given(tmp_path):
    """A distributed engine passes the spec's text: the variant is drawn from that text,
    whatever the file name points at."""
    from solver.grade.work import grade_one

    student = CLASS[4]
    data = _answers_yaml(_right(student), student).encode()
    elsewhere = str(tmp_path / "copied" / "week.yaml")  # no file there
    result = grade_one(SPEC.read_text(), elsewhere, f"{student}.yaml", data)
    assert result["score"] == 3 and result["variant"]["values"] == variant_values(SPEC, student)


# --- the command line ----------------------------------------------------------------

def test_check_picks_the_variant_of_the_student_named_in_the_file(tmp_path):
    student = CLASS[0]
    other = _neighbour(student)
    sheet = tmp_path / "answers.yaml"
    sheet.write_text(_answers_yaml(_right(student), student))
    result = CliRunner().invoke(cli, ["check", str(SPEC), str(sheet), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["student"] == student and report["score"] == 3
    # the same answers checked as the neighbour's: their variant, so wrong
    result = CliRunner().invoke(cli, ["check", str(SPEC), str(sheet), "--format", "json",
                                      "--student", other])
    assert json.loads(result.output)["score"] == 0


def test_check_reads_the_student_of_a_latex_sheet_and_the_file_name(tmp_path):
    student = CLASS[1]
    right = _right(student)
    tex = tmp_path / "sheet.tex"
    tex.write_text(f"\\student{{{student}}}\n\\answer{{lin.det}}{{{right['lin.det']}}}\n")
    result = CliRunner().invoke(cli, ["check", str(SPEC), str(tex), "--format", "json"])
    assert result.exit_code == 0, result.output
    det = json.loads(result.output)["parts"][0]
    assert det["key"] == "lin.det" and det["status"] == "correct"
    named = tmp_path / f"{student}.yaml"
    named.write_text(_answers_yaml(right, None))
    result = CliRunner().invoke(cli, ["check", str(SPEC), str(named), "--format", "json"])
    assert json.loads(result.output)["score"] == 3


def test_check_with_key_needs_a_student_when_the_spec_varies():
    student = CLASS[3]
    det = _right(student)["lin.det"]
    result = CliRunner().invoke(cli, ["check", str(SPEC), "--key", "lin.det", det])
    assert result.exit_code == 2 and "--student" in result.output
    result = CliRunner().invoke(cli, ["check", str(SPEC), "--key", "lin.det", det,
                                      "--student", student, "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.output)["parts"][0]["status"] == \
        "correct"


def test_grade_command_with_a_roster(tmp_path):
    subs = _write_class(tmp_path / "subs", copier=False, stranger=False)
    roster = _roster(tmp_path / "roster.csv")
    result = CliRunner().invoke(cli, ["grade", str(SPEC), str(subs), "-o",
                                      str(tmp_path / "out"), "--roster", str(roster),
                                      "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert "graded 30 of 30 submissions, 0 need review" in result.output
    grades = _grades(tmp_path / "out")
    assert {row["total"] for row in grades.values()} == {"3"}


def test_grade_command_refuses_a_roster_it_cannot_read(tmp_path):
    subs = _write_class(tmp_path / "subs", copier=False, stranger=False)
    result = CliRunner().invoke(cli, ["grade", str(SPEC), str(subs), "-o",
                                      str(tmp_path / "out"), "--roster",
                                      str(tmp_path / "missing.csv")])
    assert result.exit_code == 2 and "missing.csv" in result.output


def test_a_variant_that_cannot_be_drawn_is_bad_input(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "s01.yaml").write_text(_answers_yaml({"lin.det": "7"}, "s01"))
    result = CliRunner().invoke(cli, ["grade", str(IMPOSSIBLE), str(subs), "-o",
                                      str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "impossible.yaml" in result.output and "det(P) = 7" in result.output
    assert not (tmp_path / "out").exists()
    result = CliRunner().invoke(cli, ["check", str(IMPOSSIBLE), str(subs / "s01.yaml")])
    assert result.exit_code == 2, result.output
    assert "impossible.yaml" in result.output and "det(P) = 7" in result.output


def test_grade_as_a_subprocess_flags_the_copier(tmp_path):
    subs = _write_class(tmp_path / "subs", stranger=False)
    roster = _roster(tmp_path / "roster.csv")
    done = subprocess.run([sys.executable, "-m", "solver", "grade", str(SPEC), str(subs),
                           "-o", str(tmp_path / "out"), "--roster", str(roster),
                           "--jobs", "2"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 1, done.stderr
    assert "graded 30 of 30 submissions, 1 needs review" in done.stdout
    assert COPIED_FLAG in _grades(tmp_path / "out")[f"{COPIER}.yaml"]["needs_review"]


def test_solve_and_template_refuse_a_varying_spec_and_say_what_draws_it():
    for command in (["solve", str(SPEC), "--format", "json"], ["template", str(SPEC)]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 2, result.output
        assert "'vary' makes a variant per student" in result.output
        assert "hwsolver variants SPEC" in result.output and "--student ID" in result.output


def test_validate_checks_a_varying_spec_on_a_drawn_variant():
    result = CliRunner().invoke(cli, ["validate", str(SPEC)])
    assert result.exit_code == 0, result.output
    assert "1 problem, 3 parts; varies per student" in result.output
    result = CliRunner().invoke(cli, ["validate", str(IMPOSSIBLE)])
    assert result.exit_code == 2 and "det(P) = 7" in result.output
