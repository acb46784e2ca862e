"""The class report: statistics counted by hand, Markdown escaping, charts (measured back
from the SVG drawn), the PDF and byte-identical output across runs and hash seeds."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from solver.grade.charts import KEYS_PER_FIGURE, charts, key_figures, score_bins
from solver.grade.classreport import render_report, write_report
from solver.grade.classstats import (
    DiagnosisCount,
    NeedsPerson,
    StatusCount,
    class_statistics,
    one_line,
)
from solver.grade.plots import write_plots
from solver.render.environment import escape_markdown_cell
from solver.render.pdf import available_engine

ROOT = Path(__file__).resolve().parent.parent
NO_TEX = pytest.mark.skipif(available_engine() is None, reason="no TeX engine installed")
PLOTS = ["diagnoses.svg", "difficulty.svg", "scores.svg", "success-rate.svg"]
SVG = "{http://www.w3.org/2000/svg}"
CALC = "=cmd|' /C calc'!A0"
PASSWD = r"\input{/etc/passwd}"
CRASHED = "a|b Zoë 李雷 $\\input{/etc/passwd}$"


def verdict(key, status, score, points, diagnosis=None, reason="as expected"):
    return {"key": key, "status": status, "score": score, "points": points, "reason": reason,
            "diagnosis": diagnosis, "decided_by": "exact", "line": 3}


def graded(file, student, verdicts, flags=()):
    return {"file": file, "student": student, "status": "graded",
            "score": sum(v["score"] for v in verdicts), "max_score": 5, "flags": list(flags),
            "error": None, "verdicts": verdicts, "notes": []}


def failed(file, student, status, error):
    return {"file": file, "student": student, "status": status, "score": None, "max_score": 5,
            "flags": [status.replace("_", "-")], "error": error, "verdicts": [], "notes": []}


def class_results() -> dict:
    """Five graded submissions (two by the same student), one of each failure."""
    submissions = [
        graded("alice.yaml", "alice", [
            verdict("chain.a", "correct", 2, 2),
            verdict("chain.b", "incorrect", 0, 1, "transposed", "the transpose of the answer"),
            verdict("grad.c", "partial", 1, 2, "sign", "one sign flipped"),
            verdict("grad.h", "incorrect", 0, 0, "transposed", "the transpose of the answer")]),
        graded("bob-1.yaml", "bob", [
            verdict("chain.a", "incorrect", 0, 2, "sign", "wrong sign"),
            verdict("chain.b", "correct", 1, 1),
            verdict("grad.c", "missing", 0, 2, reason="no answer")], ["duplicate-student"]),
        graded("bob-2.yaml", "bob", [
            verdict("chain.a", "correct", 2, 2),
            verdict("chain.b", "undetermined", 0, 1, reason="could not decide"),
            verdict("grad.c", "correct", 2, 2)], ["duplicate-student", "undetermined"]),
        graded(f"{CALC}.yaml", "a|b", [
            verdict("chain.a", "partial", 0.5, 2, "scale", "off by a factor | of 2\nsee line 4"),
            verdict("chain.b", "incorrect", 0, 1, "transposed", "the transpose of the answer"),
            verdict("grad.c", "incorrect", 0, 2, "sign", "wrong sign")]),
        graded("zoe.yaml", "zoe", [
            verdict("chain.a", "correct", 2, 2),
            verdict("chain.b", "correct", 1, 1),
            verdict("grad.c", "correct", 2, 2)]),
        failed(f"{PASSWD}.yaml", "$$", "file_error", f"{PASSWD}.yaml:1: bad YAML {{ & % #"),
        failed("[late]*.yaml", PASSWD, "timeout", "took longer than 10 s"),
        failed("crash.yaml", CRASHED, "crashed", "RecursionError"),
    ]
    return {"spec": {"file": "problems/week4.yaml", "title": "Week 4: gradients_and_more",
                     "sha256": "0" * 64},
            "keys": [{"key": "chain.a", "points": 2}, {"key": "chain.b", "points": 1},
                     {"key": "grad.c", "points": 2}],
            "max_score": 5,
            "submissions": sorted(submissions, key=lambda s: s["file"]),
            "skipped": [{"file": "__MACOSX/._alice.yaml", "reason": "operating-system metadata"}]}


def empty_results(keys=True) -> dict:
    return {"spec": {"file": "problems/empty.yaml", "title": "Nobody came", "sha256": ""},
            "keys": [{"key": "only.a", "points": 1}] if keys else [], "max_score": 1 if keys else 0,
            "submissions": [], "skipped": []}


# --- statistics ------------------------------------------------------------------------

def test_submissions_are_counted_by_status():
    stats = class_statistics(class_results())
    assert stats.submissions == 8
    assert stats.graded == 5
    assert stats.skipped == 1
    assert stats.statuses == (StatusCount("graded", 5), StatusCount("file_error", 1),
                              StatusCount("timeout", 1), StatusCount("crashed", 1))


@pytest.mark.parametrize(("key", "answered", "correct", "fractions", "top"), [
    # answered: not missing; success: correct / 5 graded; fractions per graded submission
    ("chain.a", 5, 3, [1, 0, 1, 0.25, 1], ("scale", 1)),  # tie: by code
    ("chain.b", 5, 2, [0, 1, 0, 0, 1], ("transposed", 2)),
    ("grad.c", 4, 2, [0.5, 0, 1, 0, 1], ("sign", 2)),
])
def test_per_key_numbers_match_a_hand_count(key, answered, correct, fractions, top):
    stats = class_statistics(class_results())
    row = next(k for k in stats.keys if k.key == key)
    assert (row.answered, row.correct) == (answered, correct)
    assert row.success_rate == pytest.approx(correct / 5)
    assert row.mean_fraction == pytest.approx(sum(fractions) / 5)
    assert row.difficulty == pytest.approx(1 - sum(fractions) / 5)
    assert (row.top_diagnosis.code, row.top_diagnosis.count) == top


def test_keys_keep_document_order_and_points():
    stats = class_statistics(class_results())
    assert [(k.key, k.points) for k in stats.keys] == [("chain.a", 2), ("chain.b", 1),
                                                        ("grad.c", 2)]


def test_diagnoses_rank_by_count_then_code_with_the_most_frequent_reason():
    stats = class_statistics(class_results())
    # transposed: chain.b twice and the intermediate grad.h once; sign: chain.a, grad.c twice
    assert stats.diagnoses == (
        DiagnosisCount("sign", 3, "wrong sign"),
        DiagnosisCount("transposed", 3, "the transpose of the answer"),
        DiagnosisCount("scale", 1, "off by a factor | of 2 see line 4"),
    )


def test_score_distribution_holds_the_graded_scores():
    stats = class_statistics(class_results())
    assert stats.scores == (0.5, 1.0, 3.0, 4.0, 5.0)
    summary = stats.score_summary
    assert (summary.count, summary.minimum, summary.median, summary.maximum) == (5, 0.5, 3, 5)
    assert summary.mean == pytest.approx(13.5 / 5)


def test_needs_a_person_lists_failures_doubts_and_duplicates_by_file():
    stats = class_statistics(class_results())
    assert stats.needs_person[0] == NeedsPerson("[late]*.yaml", PASSWD,
                                                "timeout: took longer than 10 s")
    assert [(p.file, p.student) for p in stats.needs_person] == [
        ("[late]*.yaml", PASSWD), (f"{PASSWD}.yaml", "$$"), ("bob-1.yaml", "bob"),
        ("bob-2.yaml", "bob"), ("crash.yaml", CRASHED)]
    why = {p.file: p.why for p in stats.needs_person}
    assert why["[late]*.yaml"] == "timeout: took longer than 10 s"
    assert why[f"{PASSWD}.yaml"] == f"file error: {PASSWD}.yaml:1: bad YAML {{ & % #"
    assert why["bob-1.yaml"] == "another submission has the same student name"
    assert why["bob-2.yaml"] == ("undetermined: chain.b; "
                                 "another submission has the same student name")
    assert why["crash.yaml"] == "crashed: RecursionError"
    assert all("\n" not in p.why for p in stats.needs_person)


def test_an_empty_class_has_no_rates():
    stats = class_statistics(empty_results())
    assert stats.submissions == 0
    assert stats.keys[0].success_rate is None and stats.keys[0].difficulty is None
    assert stats.scores == () and stats.needs_person == () and stats.diagnoses == ()
    assert stats.score_summary.mean is None


# --- escaping --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "cell"), [
    ("a|b", r"a\|b"),
    ("line one\nline two\r\n\tthree", "line one line two three"),
    (CALC, r"=cmd\|' /C calc'!A0"),
    (PASSWD, r"\\input\{/etc/passwd\}"),
    ("$$", r"\$\$"),
    ("<script>*x*</script>", r"\<script\>\*x\*\</script\>"),
    ("bell\x07 and nul\x00", "bell and nul"),
    (None, ""),
])
def test_markdown_cell_keeps_text_inside_its_cell(text, cell):
    assert escape_markdown_cell(text) == cell


def test_one_line_composes_accents():
    assert one_line("Zoe\u0308") == "Zoë"


def test_latex_source_escapes_student_text():
    tex = render_report(class_statistics(class_results()), "latex")
    assert r"{\textbackslash{}input\{/etc/passwd\}}" in tex
    assert r"{\$\$}" in tex
    assert r"{a\textbar{}b Zo\"{e} LiLei \$\textbackslash{}input" in tex  # accents kept
    assert r"\$\textbackslash{}input\{/etc/passwd\}\$" in tex
    assert r"{[late]*.yaml}" in tex
    assert "\\input{/etc/passwd}" not in tex
    assert "\\begin{picture}" in tex and "{\\small\\bfseries Score distribution}" in tex
    assert "{\\small\\bfseries Correct answers per key}" in tex
    assert "{\\small\\bfseries Most common diagnoses}" in tex


# --- Markdown --------------------------------------------------------------------------

def _cells(row: str) -> list[str]:
    """Cells of a Markdown table row, splitting only at unescaped bars."""
    return re.split(r"(?<!\\)\|", row.strip().removeprefix("|").removesuffix("|"))


def test_markdown_report_tables_and_sections(tmp_path):
    write_report(class_results(), tmp_path, pdf=False)
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert text.startswith("# Class report: Week 4: gradients_and_more\n")
    assert ("Submissions: 8 (graded 5, file error 1, timeout 1, crashed 1); "
            "1 file skipped.") in text
    assert "| chain.a | 2 | 5 of 5 | 3 of 5 (60%) | 3 of 5 (60%) | 0.35 | scale (1) |" in text
    assert "| chain.b | 1 | 5 of 5 | 2 of 5 (40%) | 2 of 5 (40%) | 0.60 | transposed (2) |" in text
    assert "| grad.c | 2 | 4 of 5 | 2 of 4 (50%) | 2 of 5 (40%) | 0.50 | sign (2) |" in text
    assert "| sign | 3 | wrong sign |" in text
    assert "| 5 | 2.7 | 3 | 0.5 | 5 |" in text
    assert r"| \[late\]\*.yaml | \\input\{/etc/passwd\} | timeout: took longer than 10 s |" \
           in text
    assert r"| =cmd\|' /C calc'!A0.yaml |" not in text  # graded without doubt
    tables = [block.splitlines() for block in text.split("\n\n") if block.startswith("|")]
    assert len(tables) == 4
    for header, *rows in tables:
        assert all(len(_cells(row)) == len(_cells(header)) for row in rows), rows
    for plot in PLOTS:
        assert f"](report-plots/{plot})" in text


def test_markdown_escapes_hostile_text_in_every_table(tmp_path):
    results = class_results()
    results["submissions"][0]["student"] = "x | y\n| z"
    results["submissions"][0]["flags"] = ["duplicate-student"]
    write_report(results, tmp_path, pdf=False)
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert r"x \| y \| z" in text
    assert "| scale | 1 | off by a factor \\| of 2 see line 4 |" in text


# --- files -----------------------------------------------------------------------------

def test_write_report_returns_the_files_and_leaves_no_temporaries(tmp_path):
    written = write_report(class_results(), tmp_path, pdf=False)
    assert written == [tmp_path / "report.md", *[tmp_path / "report-plots" / name for name in
                                                 ("success-rate.svg", "difficulty.svg",
                                                  "diagnoses.svg", "scores.svg")]]
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted(
        ["report.md", "report-plots", *PLOTS])
    for plot in written[1:]:
        assert ET.parse(plot).getroot().tag == f"{SVG}svg"


def _bars(svg: Path) -> dict[str, tuple[float, str]]:
    """Each bar's label: (its drawn length over the longest possible, the value written)."""
    root = ET.parse(svg).getroot()
    texts = [t.text for t in root.iter(f"{SVG}text")]
    rects = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#4477aa"]
    left = float(rects[0].get("x"))
    span = float(root.get("width")) - left - 56
    labels, values = texts[1:-1:2], texts[2:-1:2]
    return {label: (float(rect.get("width")) / span, value)
            for label, rect, value in zip(labels, rects, values, strict=True)}


def test_each_bar_is_drawn_at_the_share_counted_by_hand(tmp_path):
    """Success: correct of the 5 graded; difficulty: 1 - mean score fraction; diagnoses:
    verdicts over the most frequent (3)."""
    folder = tmp_path / "plots"
    write_plots(class_statistics(class_results()), folder)
    success = _bars(folder / "success-rate.svg")
    assert success == {"chain.a": (pytest.approx(0.6, abs=1e-3), "60%"),
                       "chain.b": (pytest.approx(0.4, abs=1e-3), "40%"),
                       "grad.c": (pytest.approx(0.4, abs=1e-3), "40%")}
    difficulty = _bars(folder / "difficulty.svg")
    assert list(difficulty) == ["chain.b", "grad.c", "chain.a"]  # hardest first
    assert difficulty["chain.a"] == (pytest.approx(1 - 3.25 / 5, abs=1e-3), "0.35")
    assert _bars(folder / "diagnoses.svg") == {"sign": (pytest.approx(1), "3"),
                                               "transposed": (pytest.approx(1), "3"),
                                               "scale": (pytest.approx(1 / 3, abs=1e-3), "1")}


def test_score_histogram_counts_each_graded_score_in_its_column():
    """Scores 0.5, 1, 3, 4, 5 out of 5: columns [0,1) [1,2) … [4,5], the last closed."""
    chart = charts(class_statistics(class_results()))["scores"]
    assert [(c.low, c.high, c.count) for c in chart.columns] == [
        (0, 1, 1), (1, 2, 1), (2, 3, 0), (3, 4, 1), (4, 5, 2)]
    assert chart.labelled_edges == [(i, str(i)) for i in range(6)]


def test_a_wide_score_range_labels_about_ten_edges_and_always_the_last():
    """60 points: 30 columns two points wide; every third edge, and 60 at the end."""
    stats = class_statistics(many_keys_results(60))
    edges = charts(stats)["scores"].labelled_edges
    assert edges == [(i, str(2 * i)) for i in range(0, 28, 3)] + [(30, "60")]


def test_chart_labels_are_escaped_in_the_svg_and_the_tex(tmp_path):
    results = class_results()
    results["submissions"][0]["verdicts"][1]["diagnosis"] = "<b>&\\input{x}"
    stats = class_statistics(results)
    write_plots(stats, tmp_path)
    svg = (tmp_path / "diagnoses.svg").read_text(encoding="utf-8")
    assert "&lt;b&gt;&amp;" in svg and "<b>" not in svg
    assert "<b>&\\input{x}" in [t.text for t in ET.parse(tmp_path / "diagnoses.svg")
                                 .getroot().iter(f"{SVG}text")]
    assert "\\input{x}" not in render_report(stats, "latex")


@pytest.mark.parametrize("results", [empty_results(), empty_results(keys=False)],
                         ids=["no-submissions", "no-keys"])
def test_empty_class_writes_every_plot(tmp_path, results):
    written = write_plots(class_statistics(results), tmp_path)
    assert sorted(p.name for p in written) == PLOTS
    for plot in written:
        texts = [t.text for t in ET.parse(plot).getroot().iter(f"{SVG}text")]
        assert texts[-1] in ("No graded submissions", "No diagnosed mistakes")


@pytest.mark.parametrize(("max_score", "scores", "edges"), [
    (5, (1.0, 2.5), [0, 1, 2, 3, 4, 5]),
    (3.5, (3.5,), [0, 1, 2, 3, 4]),
    (0, (), [0, 1]),
    (100, (40.0,), [0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60, 64, 68, 72,
                    76, 80, 84, 88, 92, 96, 100]),
])
def test_score_bins_cover_zero_to_the_maximum(max_score, scores, edges):
    assert score_bins(max_score, scores) == edges


# --- determinism and the PDF -----------------------------------------------------------

def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _write_in_subprocess(results: dict, out: Path, pdf: bool, seed: str) -> None:
    data = out.parent / f"{out.name}.json"
    data.write_text(json.dumps(results), encoding="utf-8")
    script = ("import json, sys; from pathlib import Path; "
              "from solver.grade.classreport import write_report; "
              "write_report(json.loads(Path(sys.argv[1]).read_text(encoding='utf-8')), "
              "Path(sys.argv[2]), pdf=sys.argv[3] == 'pdf')")
    subprocess.run([sys.executable, "-c", script, str(data), str(out), "pdf" if pdf else "md"],
                   check=True, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed}, timeout=300)


@pytest.mark.parametrize("pdf", [False, pytest.param(True, marks=[pytest.mark.tex, NO_TEX])],
                         ids=["markdown", "pdf"])
def test_reports_are_byte_identical_across_runs_and_hash_seeds(tmp_path, pdf):
    results = class_results()
    write_report(results, tmp_path / "first", pdf=pdf)
    write_report(results, tmp_path / "second run", pdf=pdf)
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    _write_in_subprocess(results, tmp_path / "third", pdf, seed)
    first = _tree(tmp_path / "first")
    assert ("report.pdf" in first) is pdf
    assert first == _tree(tmp_path / "second run")
    assert first == _tree(tmp_path / "third")


@pytest.mark.tex
@NO_TEX
def test_pdf_compiles_with_hostile_names(tmp_path):
    written = write_report(class_results(), tmp_path / "out dir with spaces")
    pdf = tmp_path / "out dir with spaces" / "report.pdf"
    assert written[-1] == pdf
    assert pdf.read_bytes().startswith(b"%PDF")
    assert not [p for p in pdf.parent.iterdir() if p.name.startswith(".")]
    if shutil.which("pdftotext") is None:
        return
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Needs a person" in text
    assert PASSWD in text and "$$" in text and "a|b" in text
    assert "root:" not in text


@pytest.mark.tex
@NO_TEX
@pytest.mark.parametrize("results", [empty_results(), empty_results(keys=False)],
                         ids=["no-submissions", "no-keys"])
def test_empty_class_compiles(tmp_path, results):
    written = write_report(results, tmp_path)
    assert written[-1].read_bytes().startswith(b"%PDF")
    assert "No graded submissions." in (tmp_path / "report.md").read_text(encoding="utf-8")


def many_keys_results(count: int = 60) -> dict:
    """A class with ``count`` keys: its per-key plots take several figures."""
    keys = [f"part-{index:02d}.answer" for index in range(count)]
    submissions = [graded(f"s{student}.yaml", f"s{student}", [
        verdict(key, "correct" if (index + student) % 3 else "incorrect",
                1 if (index + student) % 3 else 0, 1) for index, key in enumerate(keys)])
        for student in range(4)]
    return {"spec": {"file": "problems/long.yaml", "title": "Long", "sha256": "0" * 64},
            "keys": [{"key": key, "points": 1} for key in keys], "max_score": count,
            "submissions": submissions, "skipped": []}


def test_many_keys_take_several_figures_each_with_every_key_once(tmp_path):
    stats = class_statistics(many_keys_results())
    written = [p.name for p in write_plots(stats, tmp_path)]
    assert written == ["success-rate.svg", "success-rate-2.svg", "success-rate-3.svg",
                       "difficulty.svg", "difficulty-2.svg", "difficulty-3.svg",
                       "diagnoses.svg", "scores.svg"]
    figures = key_figures(stats)
    assert (figures[1].title, figures[1].name) == ("Correct answers per key (2 of 3)",
                                                   "success-rate-2")
    for kind in ("success-rate", "difficulty"):
        shown = []
        for name in [n for n in written if n.startswith(kind)]:
            labels = list(_bars(tmp_path / name))
            assert 0 < len(labels) <= KEYS_PER_FIGURE
            shown.extend(labels)
        assert sorted(shown) == sorted(k.key for k in stats.keys)
    report = write_report(many_keys_results(), tmp_path / "out", pdf=False)
    text = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "![Difficulty per key, hardest first (3 of 3)](report-plots/difficulty-3.svg)" \
        in text
    assert len(report) == 1 + len(written)


@pytest.mark.tex
@NO_TEX
def test_a_report_of_many_keys_compiles_with_every_figure(tmp_path):
    written = write_report(many_keys_results(), tmp_path)
    assert written[-1].read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        return
    text = subprocess.run(["pdftotext", str(written[-1]), "-"], capture_output=True,
                          text=True, check=True).stdout
    for chart in key_figures(class_statistics(many_keys_results())):
        assert chart.title in text
    assert "Score distribution" in text and "Most common diagnoses" in text
    assert text.count("part-59.answer") == 3  # the key table, success and difficulty


def one_pass(tex: str, folder: Path) -> tuple[bytes, str]:
    """The PDF and the log of one pdflatex pass over ``tex`` in ``folder`` (what a pass
    before left there is read), run as the report's compile runs it."""
    from solver.render import pdf

    folder.mkdir(exist_ok=True)
    (folder / "document.tex").write_text(tex, encoding="utf-8")
    subprocess.run(pdf.PDFLATEX, cwd=folder, capture_output=True, stdin=subprocess.DEVNULL,
                   check=False, env=pdf._reproducible())
    return ((folder / "document.pdf").read_bytes(),
            (folder / "document.log").read_text(errors="replace"))


def assert_one_pass_is_final(tex: str, folder: Path) -> None:
    """The first pass asks for no rerun, and a second pass changes no byte of the PDF."""
    first, log = one_pass(tex, folder)
    assert "Rerun" not in log and "have changed" not in log
    assert one_pass(tex, folder)[0] == first


@pytest.mark.tex
@NO_TEX
@pytest.mark.parametrize("results", [class_results(), many_keys_results()],
                         ids=["hostile-names", "many-keys"])
def test_one_pass_lays_the_report_out_as_two_would(tmp_path, results):
    """Each column of the report's long tables has its width before the first pass (an l
    or r column is as wide as its widest cell, measured as the page is set), so the report
    is compiled once, not twice."""
    from solver.render import pdf

    tex = render_report(class_statistics(results), "latex")
    assert "longtable" in tex and not any(mark in tex for mark in pdf.AUXILIARY)
    assert_one_pass_is_final(tex, tmp_path)
