"""Grading that scales: results streamed through the journal, class statistics gathered
in any order, verdicts and preparation shared between processes, feedback rendered where
it is graded. Each checked against the one-process, all-in-memory way."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from solver.check.checker import CheckRun, expected_keys
from solver.grade import journal
from solver.grade.classstats import class_statistics
from solver.grade.gradebook import (
    ResultsJson,
    grades_csv,
    grades_header,
    grades_row,
    json_text,
    moodle_summary,
    results_json,
)
from solver.grade.packed import Packed
from solver.grade.ready import ready
from solver.grade.run import Options, grade_folder
from solver.grade.tally import ClassTally
from solver.grade.work import grade_submission, grader_from_text

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "tests" / "fixtures" / "grade" / "spec.yaml"
ANSWERS = ({"calc.a": "2x cos(x^2)", "calc.b": "3x^2", "lin.d": "no solution"},
           {"calc.a": "2 cos(x^2)", "calc.b": "x^3", "lin.c": [["3", "4"], ["1", "2"]]},
           {"calc.a": "cos(x^2)", "lin.d": "x = 1"},
           {"calc.b": "3 x^2", "lin.c": [["2", "1"], ["4", "3"]], "lin.d": "none"})


def _yaml(student: str, answers: dict) -> str:
    lines = [f"student: {student}", "answers:"]
    lines += [f"  {key}: {json.dumps(value)}" for key, value in answers.items()]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def grader():
    return grader_from_text(SPEC.read_text(), str(SPEC))


@pytest.fixture(scope="module")
def document(grader):
    """A results.json of a graded class, with a duplicate id, a broken file, a variant."""
    rows = []
    for index in range(12):
        answers = ANSWERS[index % len(ANSWERS)]
        student = "twin" if index in (3, 7) else f"s{index}"
        result = grade_submission(grader, f"s{index:02d}.yaml",
                                  _yaml(student, answers).encode())
        rows.append({**result, "max_score": grader.max_score()})
    rows[5] = {**rows[5], "status": "file_error", "score": None, "error": "bad\nfile",
               "verdicts": [], "flags": ["file-error"]}
    rows[3]["flags"] = [*rows[3]["flags"], "duplicate-student"]
    rows[7]["flags"] = [*rows[7]["flags"], "duplicate-student"]
    rows[8]["verdicts"][0] = {**rows[8]["verdicts"][0], "copied_from": ["s1"]}
    rows[9]["variant"] = {"student": "s9"}
    return {"spec": {"file": "spec.yaml", "title": "T", "sha256": "x"},
            "keys": grader.keys(), "max_score": grader.max_score(), "submissions": rows,
            "skipped": [{"file": ".DS_Store", "reason": "junk"}],
            "variants": {"compared": ["s9"], "not_compared": 0,
                         "requirements": {"calc": ["det != 0"]}}}


def test_results_json_in_pieces_is_the_whole(document):
    head = {name: value for name, value in document.items() if name != "submissions"}
    for rows in (document["submissions"], [], document["submissions"][:1]):
        writer = ResultsJson(head)
        pieces = writer.start() + "".join(writer.row(row) for row in rows) + writer.end()
        assert pieces == results_json({**head, "submissions": rows})
        assert json.loads(pieces)["submissions"] == rows


def test_grades_csv_line_by_line_is_the_whole(document):
    keys = [entry["key"] for entry in document["keys"]]
    lines = grades_header(keys) + "".join(grades_row(r, keys) for r in document["submissions"])
    assert lines == grades_csv(document)


def test_statistics_gathered_in_any_order_are_the_same(document):
    expected = class_statistics(document)
    head = {name: value for name, value in document.items() if name != "submissions"}
    rows = list(document["submissions"])
    for seed in range(5):
        random.Random(seed).shuffle(rows)
        tally = ClassTally(head)
        for row in rows:
            tally.add(row)
        assert tally.statistics() == expected
    assert expected.copies and expected.variants is not None and expected.needs_person


def test_a_duplicate_flag_given_at_the_end_counts_as_in_the_row(document):
    head = {name: value for name, value in document.items() if name != "submissions"}
    tally = ClassTally(head)
    twins = set()
    for row in document["submissions"]:
        if "duplicate-student" in row["flags"]:
            twins.add((row["file"], row["student"]))
            row = {**row, "flags": [f for f in row["flags"] if f != "duplicate-student"]}
        tally.add(row)
    assert tally.statistics(twins) == class_statistics(document)


def _packed(result: dict) -> Packed:
    """A result packed as a worker does, with made-up lines."""
    return Packed(result["file"], json_text(result), {"grades": "g\r\n", "moodle": "m"}, {})


def test_the_journal_keeps_offsets_and_reads_results_back(tmp_path):
    log = journal.Journal(tmp_path, "spec")
    results = {f"f{i}.yaml": {"file": f"f{i}.yaml", "n": i, "text": "é" * i} for i in range(5)}
    for file, result in results.items():
        log.record(file, f"sha-{file}", _packed(result))
    log.record("f2.yaml", "sha-new", _packed({"file": "f2.yaml", "n": 22}))
    assert log.load("f3.yaml") == results["f3.yaml"]
    log.close()
    again = journal.Journal(tmp_path, "spec")
    assert again.reusable("f4.yaml", "sha-f4.yaml") == results["f4.yaml"]
    assert again.reusable("f2.yaml", "sha-f2.yaml") is None
    assert again.load("f2.yaml") == {"file": "f2.yaml", "n": 22}
    again.compact(["f0.yaml", "f2.yaml"])
    lines = (tmp_path / journal.NAME).read_text().splitlines()
    assert [json.loads(line)["file"] for line in lines] == ["f0.yaml", "f2.yaml"]
    with open(tmp_path / journal.NAME, "ab") as handle:  # a line cut short by a kill
        handle.write(b'{"file": "f9.yaml", "sha')
    cut = journal.Journal(tmp_path, "spec")
    assert cut.load("f0.yaml") == results["f0.yaml"] and "f9.yaml" not in cut._lines


def test_verdicts_pass_between_runs_of_the_same_parts(grader):
    entries = [e.entry for e in expected_keys(grader.solved)]
    first, second = CheckRun(), CheckRun()
    first.share(entries)
    second.share(entries)
    expected = expected_keys(grader.solved)[0]
    verdict = first.verdict(expected, "2x cos(x^2)", 3)
    learned = first.learned()
    assert len(learned) == 1 and first.learned() == []
    second.learn(learned)
    assert second.verdict(expected, "2x cos(x^2)", 3) == verdict
    assert second.learned() == []  # taken, not worked out again
    stranger = CheckRun()
    stranger.learn(learned)  # parts it does not share are ignored
    assert stranger._verdicts == {}


def test_preparing_in_two_processes_gives_what_one_does():
    one = grader_from_text(SPEC.read_text(), str(SPEC))
    two = grader_from_text(SPEC.read_text(), str(SPEC))
    ready(one, ("markdown", "latex"), 1)
    ready(two, ("markdown", "latex"), 2)
    from solver.grade.feedback_files import feedback_for

    for left, right in zip(expected_keys(one.solved), expected_keys(two.solved), strict=True):
        assert repr(one.run.of(left.entry)) == repr(two.run.of(right.entry))
        for fmt in ("markdown", "latex"):
            assert feedback_for(one.solved).worked(left.entry.key, fmt) == \
                feedback_for(two.solved).worked(right.entry.key, fmt)


@pytest.mark.parametrize("taken_back", [True, False])
def test_solving_and_preparing_problem_by_problem_in_two_processes_gives_what_one_does(
        monkeypatch, taken_back):
    """Each process solves a problem and works out its parts' mistakes and worked
    solutions; what the other process did is taken back, or, when its copy is not as
    built, solved and worked out here. Either way the grader is the one process's."""
    from solver import pickled
    from solver.grade import ready as preparing
    from solver.grade.feedback_files import feedback_for

    formats = ("markdown", "latex")
    one = grader_from_text(SPEC.read_text(), str(SPEC))
    ready(one, formats, 1)
    if not taken_back:
        monkeypatch.setattr(pickled, "copy_back", lambda data, expected: None)
    two = preparing.prepared_grader(SPEC.read_text(), str(SPEC), None, 2, formats)
    left_over = [entry for entry in preparing._parts(two) if not two.run.knows(entry)]
    assert bool(left_over) is not taken_back  # taken back: nothing left for ``ready``
    ready(two, formats, 2)
    for left, right in zip(expected_keys(one.solved), expected_keys(two.solved), strict=True):
        assert repr(one.run.of(left.entry)) == repr(two.run.of(right.entry))
        for fmt in formats:
            assert feedback_for(one.solved).worked(left.entry.key, fmt) == \
                feedback_for(two.solved).worked(right.entry.key, fmt)
    assert one.spec_sha256 == two.spec_sha256


def test_preparing_when_the_second_process_dies_midway_works_the_rest_out_here(monkeypatch):
    """The second process takes a problem and dies: that problem is solved here, and its
    parts are worked out by ``ready``, with the same results as one process."""
    import os

    from solver.grade import ready as preparing
    from solver.grade.feedback_files import feedback_for

    formats = ("markdown",)
    one = grader_from_text(SPEC.read_text(), str(SPEC))
    ready(one, formats, 1)
    driver, solve = os.getpid(), preparing.solve_problem

    def dying(problem, limit):
        if os.getpid() != driver:
            solve(problem, limit)
            os._exit(3)
        return solve(problem, limit)

    monkeypatch.setattr(preparing, "solve_problem", dying)
    two = preparing.prepared_grader(SPEC.read_text(), str(SPEC), None, 2, formats)
    ready(two, formats, 2)
    for left, right in zip(expected_keys(one.solved), expected_keys(two.solved), strict=True):
        assert repr(one.run.of(left.entry)) == repr(two.run.of(right.entry))
        assert feedback_for(one.solved).worked(left.entry.key, "markdown") == \
            feedback_for(two.solved).worked(right.entry.key, "markdown")


def test_two_jobs_write_what_one_does_with_feedback_rendered_in_workers(tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    for index in range(16):
        student = "twin" if index in (2, 9) else f"s{index}"
        (folder / f"s{index:02d}.yaml").write_text(_yaml(student, ANSWERS[index % 4]))
    outputs = {}
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        grade_folder(SPEC, folder, out, Options(jobs=jobs, pdf=True))
        outputs[jobs] = {p.relative_to(out).as_posix(): p.read_bytes()
                         for p in sorted(out.rglob("*"))
                         if p.is_file() and ".hwsolver" not in p.parts
                         and p.name != "manifest.json"}
        assert not (out / ".hwsolver" / "feedback-staged").exists()
    assert outputs[1] == outputs[2]
    twin = outputs[1]["feedback/twin--s02.yaml.md"].decode()
    assert "the same student id as s09.yaml" in twin
    assert any(name.endswith(".pdf") for name in outputs[1] if name.startswith("feedback/"))


def test_a_results_view_counts_as_the_whole_result(document):
    """Workers send a result's view with its JSON text: the statistics and summaries
    gathered from views are those of the whole results."""
    from solver.grade.packed import Shape, packed, view_of
    from solver.grade.rows import summary_of

    head = {name: value for name, value in document.items() if name != "submissions"}
    keys = [entry["key"] for entry in head["keys"]]
    shape = Shape(tuple(keys), head["max_score"])
    rows = document["submissions"]
    assert any(v.get("diagnosis") for row in rows for v in row["verdicts"])
    whole, viewed = ClassTally(head), ClassTally(head)
    for row in rows:
        whole.add(row)
        viewed.add(view_of(row))
        assert summary_of(view_of(row)) == summary_of(row)
        made = packed(row, shape)
        assert json.loads(made.text) == row and made.view == view_of(row)
        assert made.lines == {"grades": grades_row(row, keys), "moodle": moodle_summary(row)}
    twins = {("s03.yaml", "twin")}
    assert viewed.statistics(twins) == whole.statistics(twins)


@pytest.mark.parametrize("file", ["s01.yaml", 'odd "name"\\é\u2028.yaml',
                                  'a", "result": {"x": 1}}.yaml'])
def test_a_result_journaled_as_text_is_copied_out_as_it_was_written(tmp_path, document, file):
    """The journal's line is JSON of the file, digests, lines and result; ``written``
    gives the result's text back byte for byte, whatever the file and student are named
    (a name that looks like the line's own punctuation included)."""
    row = {**document["submissions"][0], "file": file,
           "student": 'Zoë "Z", "result": \\ \u2028'}
    made = _packed(row)
    log = journal.Journal(tmp_path, "spec-digest")
    log.record(file, "ab" * 32, made)
    log.close()
    line = (tmp_path / journal.NAME).read_bytes()
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert json.loads(line) == {"file": file, "sha256": "ab" * 32, "spec": "spec-digest",
                                "lines": made.lines, "result": row}
    again = journal.Journal(tmp_path, "spec-digest")
    assert again.load(file) == row
    assert again.written(file) == (made.text.encode("utf-8"), made.lines)
    assert ResultsJson({}).row_text(made.text.encode("utf-8")).decode() == \
        ResultsJson({}).row(row)


def test_a_journal_line_not_laid_out_as_written_is_decoded_instead(tmp_path):
    log = journal.Journal(tmp_path, "spec")
    log.record("a.yaml", "sha", _packed({"file": "a.yaml", "n": 1}))
    log.close()
    with open(tmp_path / journal.NAME, "ab") as handle:  # fields in another order
        handle.write(json.dumps({"result": {"file": "b.yaml"}, "file": "b.yaml",
                                 "sha256": "sha", "spec": "spec"}).encode() + b"\n")
    again = journal.Journal(tmp_path, "spec")
    assert again.written("a.yaml") is not None
    assert again.written("b.yaml") is None and again.load("b.yaml") == {"file": "b.yaml"}


def test_a_grader_rebuilt_from_its_bundle_grades_as_the_one_it_came_from():
    """A cluster's worker takes what the driver worked out (``bundle``) instead of solving
    the set again: the same mistakes, worked solutions, verdicts and feedback."""
    from solver.grade.feedback_files import feedback_as_graded, feedback_for
    from solver.grade.ready import bundle, grader_from_bundle

    here = grader_from_text(SPEC.read_text(), str(SPEC))
    ready(here, ("markdown",), 1)
    there = grader_from_bundle(SPEC.read_text(), str(SPEC), None, bundle(here, ("markdown",)))
    assert there.spec_sha256 == here.spec_sha256
    for left, right in zip(expected_keys(here.solved), expected_keys(there.solved),
                           strict=True):
        assert repr(here.run.of(left.entry)) == repr(there.run.of(right.entry))
        assert feedback_for(here.solved).worked(left.entry.key, "markdown") == \
            feedback_for(there.solved).worked(right.entry.key, "markdown")
    for index, answers in enumerate(ANSWERS):
        data = _yaml(f"s{index}", answers).encode()
        graded = [grade_submission(g, "s.yaml", data) for g in (here, there)]
        assert graded[0] == graded[1]
        assert feedback_as_graded(here, graded[0], "markdown") == \
            feedback_as_graded(there, graded[1], "markdown")


def test_a_bundle_part_not_as_fingerprinted_is_worked_out_again():
    from solver import pickled
    from solver.grade.ready import bundle, grader_from_bundle

    here = grader_from_text(SPEC.read_text(), str(SPEC))
    ready(here, ("markdown",), 1)
    problems, parts = pickled.loads(bundle(here, ("markdown",)))
    problems = [(index, data, "0" * 64) for index, data, _ in problems]
    parts = [(index, data, "0" * 64, texts) for index, data, _, texts in parts]
    there = grader_from_bundle(SPEC.read_text(), str(SPEC), None,
                               pickled.dumps((problems, parts)))
    for left, right in zip(expected_keys(here.solved), expected_keys(there.solved),
                           strict=True):
        assert repr(here.run.of(left.entry)) == repr(there.run.of(right.entry))
    data = _yaml("s", ANSWERS[1]).encode()
    assert grade_submission(here, "s.yaml", data) == grade_submission(there, "s.yaml", data)


@pytest.mark.parametrize("student", ["s1", "\x00tricky\x00 \x00", "a\x00" * 40])
def test_feedback_cut_at_its_worked_solutions_joins_back_to_the_whole(grader, student):
    """What a cluster's worker sends (the feedback without its worked solutions) is made
    whole by the driver, byte for byte, whatever the student wrote."""
    from solver.grade.feedback_files import feedback_for
    from solver.grade.rows import graded_row

    feedback = feedback_for(grader.solved)
    cut_somewhere = False
    for answers in ANSWERS:
        result = grade_submission(grader, "s.yaml", _yaml("s", answers).encode())
        result = {**result, "student": student, "verdicts": [
            {**verdict, "answer": f"{student} {verdict.get('answer')}",
             "reason": f"{verdict['reason']} {student}"} for verdict in result["verdicts"]]}
        row = graded_row(result, grader.max_score())
        pieces = feedback.render_pieces(row, "markdown")
        assert len(pieces) % 2 == 1 and all(part in feedback.entries for part in pieces[1::2])
        assert feedback.joined(pieces, "markdown") == feedback.render(row, "markdown")
        cut_somewhere |= len(pieces) > 1
    assert cut_somewhere


def test_feedback_pieces_naming_a_part_the_set_has_not_are_left_to_the_outputs(tmp_path,
                                                                                grader):
    from solver.grade.feedback_files import staged_path, write_staged_pieces

    result = {"file": "s.yaml", "student": "s"}
    assert not write_staged_pieces(tmp_path, grader, result, ["a", "no-such-part", "b"])
    assert not staged_path(tmp_path, "s.yaml", "markdown").exists()
    assert write_staged_pieces(tmp_path, grader, result, ["whole"])
    assert staged_path(tmp_path, "s.yaml", "markdown").read_text() == "whole"
