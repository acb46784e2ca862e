"""PDFs compiled by a real TeX engine, and compile errors reported with the log."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from solver.cli import cli
from solver.errors import RenderError
from solver.render.pdf import available_engine, compile_pdf

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "problems").glob("*.yaml"))

if available_engine() is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI needs a TeX engine: run 'make test', which installs one")
    pytest.skip("no TeX engine installed (make test installs one)", allow_module_level=True)


@pytest.mark.tex
@pytest.mark.parametrize("spec", SPECS, ids=lambda path: path.stem)
def test_every_problem_set_compiles_to_pdf(tmp_path, spec):
    result = CliRunner().invoke(cli, ["solve", str(spec), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    pdf = tmp_path / f"{spec.stem}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdf.stat().st_size > 10_000


@pytest.mark.tex
@pytest.mark.parametrize("engine", ["pdflatex", "latexmk"])
def test_both_engines_and_the_answer_key(tmp_path, engine):
    result = CliRunner().invoke(cli, ["solve", str(SPECS[0]), "-o", str(tmp_path),
                                      "--engine", engine, "--answers-only"])
    assert result.exit_code == 0, result.output


@pytest.mark.tex
def test_compile_error_carries_the_log_excerpt(tmp_path):
    broken = "\\documentclass{article}\\begin{document}\\undefinedmacro\\end{document}"
    with pytest.raises(RenderError) as error:
        compile_pdf(broken, tmp_path / "x.pdf", "pdflatex")
    assert "Undefined control sequence" in str(error.value)


@pytest.mark.tex
def test_a_reference_is_resolved_and_a_plain_document_needs_one_pass(tmp_path):
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed (make test installs poppler-utils)")
    body = "\\documentclass{article}\\begin{document}%s\\end{document}"
    referring = compile_pdf(body % "\\section{One}\\label{one}Back to section \\ref{one}.",
                            tmp_path / "referring.pdf")
    text = subprocess.run(["pdftotext", str(referring), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Back to section 1." in text and "??" not in text
    plain = compile_pdf(body % "Nothing to refer to.", tmp_path / "plain.pdf")
    assert "Nothing to refer to." in subprocess.run(
        ["pdftotext", str(plain), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.tex
def test_a_compile_left_before_it_finishes_stops_its_draft_pass(tmp_path):
    from solver.render.pdf import Compiling

    body = "\\documentclass{article}\\begin{document}\\label{a}%s\\end{document}"
    compiling = Compiling(body % ("x " * 20000), "pdflatex")
    draft, work = compiling._draft, compiling.work
    assert draft is not None and work.is_dir()
    compiling.close()
    assert draft.poll() is not None and not work.exists()


@pytest.mark.tex
def test_a_long_table_needs_a_second_pass_only_for_widths_it_measures(tmp_path, monkeypatch):
    """longtable takes l and r columns' widths from the pass before, and asks for a rerun
    when they changed; with every width fixed (p), one pass is the PDF."""
    import solver.render.pdf as pdf

    passes = []
    run = pdf._run
    monkeypatch.setattr(pdf, "_run",
                        lambda command, *rest: passes.append(command) or run(command, *rest))
    table = ("\\documentclass{article}\\usepackage{longtable}\\begin{document}"
             "\\begin{longtable}{%s}Head & H \\\\ \\endhead a & 1 \\\\ "
             "a much longer cell & 2 \\\\ \\end{longtable}\\end{document}")
    compile_pdf(table % "lr", tmp_path / "measured.pdf")
    assert len(passes) == 2
    passes.clear()
    compile_pdf(table % "p{4cm}p{1cm}", tmp_path / "fixed.pdf")
    assert len(passes) == 1
