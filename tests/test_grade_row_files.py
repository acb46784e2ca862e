"""results.json, grades.csv and feedback/ written in parts by forked processes are the
same bytes as written by one, and rows copied from the journal are the rows decoded and
encoded again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from solver.grade import journal, row_files
from solver.grade.feedback_files import FeedbackWriter
from solver.grade.outputs import Gathered
from solver.grade.packed import packed, shape_of
from solver.grade.rows import final_row
from solver.grade.work import grade_submission, grader_from_text

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "tests" / "fixtures" / "grade" / "spec.yaml"
ANSWERS = ({"calc.a": "2x cos(x^2)", "calc.b": "3x^2"},
           {"calc.a": "2 cos(x^2)", "calc.b": "x^3", "lin.d": "no solution"},
           {"calc.a": "cos(x^2)", "lin.d": "x = 1"})


@pytest.fixture(scope="module")
def gathered(tmp_path_factory):
    grader = grader_from_text(SPEC.read_text(), str(SPEC))
    log = journal.Journal(tmp_path_factory.mktemp("state"), grader.spec_sha256)
    gathered = Gathered(grader, SPEC, (), log.load, log.written)
    for index in range(23):
        file = f"s{index:03d}.yaml"
        sheet = {"student": f"student {index}", "answers": ANSWERS[index % len(ANSWERS)]}
        result = grade_submission(grader, file, json.dumps(sheet).encode())
        log.record(file, f"sha{index}", packed(result, shape_of(grader)))
        gathered.add(result)
    return gathered


def written(out: Path, gathered: Gathered, processes: int,
            copied: bool = True) -> tuple[dict, list]:
    summaries = [gathered.summaries[file] for file in sorted(gathered.summaries)]
    feedback = FeedbackWriter(out, gathered.grader, summaries, frozenset())
    rows = row_files.Rows(lambda file: final_row(gathered.load(file),
                                                 gathered.head["max_score"], None),
                          gathered.written if copied else lambda _file: None)
    lms = row_files.write_rows(out, gathered.head, summaries, rows, feedback, processes)
    assert sorted(feedback.written()[0]) == sorted(p.name for p in (out / "feedback").iterdir())
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
             if p.is_file()}
    return files, lms


@pytest.mark.parametrize("processes", [2, 3, 5])
def test_rows_written_in_parts_are_the_rows_written_by_one(tmp_path, gathered, monkeypatch,
                                                          processes):
    monkeypatch.setattr(row_files, "ROWS_PER_PROCESS", 4)
    one, one_lms = written(tmp_path / "one", gathered, 1)
    parts, parts_lms = written(tmp_path / "parts", gathered, processes)
    assert parts == one and parts_lms == one_lms
    assert len(json.loads(one["results.json"])["submissions"]) == 23
    assert not (tmp_path / "parts" / ".hwsolver" / row_files.PARTS).exists()


def test_rows_copied_from_the_journal_are_the_rows_decoded_and_encoded_again(tmp_path,
                                                                          gathered):
    copied, copied_lms = written(tmp_path / "copied", gathered, 1)
    encoded, encoded_lms = written(tmp_path / "encoded", gathered, 1, copied=False)
    assert copied == encoded and copied_lms == encoded_lms


def test_a_part_whose_process_fails_is_written_here(tmp_path, gathered, monkeypatch):
    monkeypatch.setattr(row_files, "ROWS_PER_PROCESS", 4)
    one, one_lms = written(tmp_path / "one", gathered, 1)

    def failing(*args):
        raise RuntimeError("a process that fails")

    monkeypatch.setattr(row_files, "_part_files", failing)
    again, again_lms = written(tmp_path / "again", gathered, 3)
    assert again == one and again_lms == one_lms
