"""PDF through a real TeX engine (latexmk or pdflatex), with the log excerpt on failure.

The same source always gives the same bytes (fixed dates and document id).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from solver.errors import RenderError

ENGINES = ("pdflatex", "latexmk")
TIMEOUT_SECONDS = 120
MAX_PASSES = 5
RERUN = ("Rerun LaTeX", "Rerun to get", "may have changed. Rerun")
# what a document takes from a pass before (labels, long tables' widths, citations, a table
# of contents): only such a document is given a draft pass first, the rest compile in one
AUXILIARY = ("\\ref", "\\pageref", "\\label", "\\cite", "\\tableofcontents", "longtable",
             "\\listof", "lastpage")


def available_engine(preferred: str | None = None) -> str | None:
    """The first TeX engine found on PATH, trying ``preferred`` first."""
    for engine in ((preferred,) if preferred else ENGINES):
        if shutil.which(engine) and shutil.which("pdflatex"):
            return engine
    return None


def compile_pdf(tex: str, target: Path, engine: str | None = None,
                resources: Sequence[Path] = ()) -> Path:
    """Compile LaTeX source to ``target`` (a .pdf path); raise RenderError with the log.
    ``resources`` (images, style files) are copied next to the source first."""
    chosen = available_engine(engine)
    if chosen is None:
        raise RenderError(
            f"no TeX engine found ({engine or ' or '.join(ENGINES)}); install one with: "
            "sudo apt-get install texlive-latex-base texlive-latex-recommended "
            "texlive-fonts-recommended latexmk")
    with tempfile.TemporaryDirectory(prefix="hwsolver-tex-") as work:
        source = Path(work) / "document.tex"
        source.write_text(tex, encoding="utf-8")
        for resource in resources:
            shutil.copyfile(resource, Path(work) / resource.name)
        deadline = time.monotonic() + TIMEOUT_SECONDS
        if chosen == "latexmk":
            _run(["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "-quiet",
                  "document.tex"], work, deadline, chosen)
        else:
            _passes(work, deadline, chosen, tex)
        produced = Path(work) / "document.pdf"
        if not produced.exists():
            log = Path(work) / "document.log"
            excerpt = log_excerpt(log.read_text(errors="replace")) if log.exists() else ""
            raise RenderError(f"{chosen} could not compile {target.name}", excerpt)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), target)
    return target


def _passes(work: str, deadline: float, chosen: str, tex: str) -> None:
    """Full passes until no rerun is asked; first a draft pass for the auxiliary files
    when the source refers to what a pass writes there (``AUXILIARY``)."""
    command = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "document.tex"]
    if any(mark in tex for mark in AUXILIARY):
        _run([*command[:1], "-draftmode", *command[1:]], work, deadline, chosen)
    log = Path(work) / "document.log"
    for _ in range(MAX_PASSES):
        _run(command, work, deadline, chosen)
        text = log.read_text(errors="replace") if log.exists() else ""
        if not (Path(work) / "document.pdf").exists() or not any(m in text for m in RERUN):
            return


def _run(command: list[str], work: str, deadline: float, chosen: str) -> None:
    try:
        subprocess.run(command, cwd=work, capture_output=True,
                       timeout=max(0.1, deadline - time.monotonic()), check=False,
                       stdin=subprocess.DEVNULL, env=_reproducible())
    except subprocess.TimeoutExpired:
        raise RenderError(f"{chosen} took longer than {TIMEOUT_SECONDS} s") from None


def _reproducible() -> dict[str, str]:
    """The same source gives the same PDF bytes: fixed dates and document id."""
    return {**os.environ, "SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1"}


def log_excerpt(log: str, context: int = 3) -> str:
    """The error lines of a TeX log (lines starting with '!') and a few lines after each."""
    lines = log.splitlines()
    picked: list[str] = []
    for index, line in enumerate(lines):
        if line.startswith("!"):
            picked.extend(lines[index:index + context + 1])
    return "\n".join(picked[:40])
