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
# what a document takes from a pass before (labels, citations, a table of contents): only
# such a document is given a draft pass first, the rest compile in one. A long table whose
# columns all have fixed widths (p, w) needs no pass before; one with l or r columns asks
# for a rerun in its log, and gets it.
AUXILIARY = ("\\ref", "\\pageref", "\\label", "\\cite", "\\tableofcontents", "\\listof",
             "lastpage")
PDFLATEX = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "document.tex"]


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
    with Compiling(tex, engine) as compiling:
        return compiling.finish(target, resources)


class Compiling:
    """``compile_pdf`` in two steps: ``Compiling(tex, engine)`` starts at once the draft
    pass that a document with auxiliary files takes first (pdflatex only), while the
    caller makes what else the document takes; ``finish(target, resources)`` copies those
    files in and runs the full passes (again while one asks for a rerun). ``close()`` (or
    leaving the ``with`` block) stops a pass still running.
    """

    def __init__(self, tex: str, engine: str | None = None):
        self.engine = available_engine(engine)
        if self.engine is None:
            raise RenderError(
                f"no TeX engine found ({engine or ' or '.join(ENGINES)}); install one "
                "with: sudo apt-get install texlive-latex-base texlive-latex-recommended "
                "texlive-fonts-recommended latexmk")
        self.tex = tex
        self.deadline = time.monotonic() + TIMEOUT_SECONDS
        self._folder = tempfile.TemporaryDirectory(prefix="hwsolver-tex-")
        self.work = Path(self._folder.name)
        (self.work / "document.tex").write_text(tex, encoding="utf-8")
        self._draft: subprocess.Popen | None = None
        if self.engine == "pdflatex" and any(mark in tex for mark in AUXILIARY):
            self._draft = subprocess.Popen(
                [*PDFLATEX[:1], "-draftmode", *PDFLATEX[1:]], cwd=self.work,
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, env=_reproducible())

    def finish(self, target: Path, resources: Sequence[Path] = ()) -> Path:
        """Copy ``resources`` next to the source, run the passes left, move the PDF to
        ``target``; raise RenderError with the log."""
        drafted = self._drafted()
        for resource in resources:
            shutil.copyfile(resource, self.work / resource.name)
        if self.engine == "latexmk":
            _run(["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "-quiet",
                  "document.tex"], self.work, self.deadline, self.engine)
        else:
            _passes(self.work, self.deadline, self.tex, drafted)
        produced = self.work / "document.pdf"
        if not produced.exists():
            log = self.work / "document.log"
            excerpt = log_excerpt(log.read_text(errors="replace")) if log.exists() else ""
            raise RenderError(f"{self.engine} could not compile {target.name}", excerpt)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), target)
        return target

    def _drafted(self) -> bool:
        """Wait for the draft pass started ahead; whether it ran through."""
        if self._draft is None:
            return False
        try:
            code = self._draft.wait(timeout=max(0.1, self.deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            raise RenderError(f"{self.engine} took longer than {TIMEOUT_SECONDS} s") from None
        finally:
            self._stop_draft()
        return code == 0

    def _stop_draft(self) -> None:
        if self._draft is not None and self._draft.poll() is None:
            self._draft.kill()
            self._draft.wait()
        self._draft = None

    def close(self) -> None:
        self._stop_draft()
        self._folder.cleanup()

    def __enter__(self) -> Compiling:
        return self

    def __exit__(self, *exception) -> None:
        self.close()


def _passes(work: Path, deadline: float, tex: str, drafted: bool = False) -> None:
    """Full passes until no rerun is asked; first a draft pass for the auxiliary files
    when the source refers to what a pass writes there (``AUXILIARY``) and none was run
    ahead (``drafted``)."""
    if not drafted and any(mark in tex for mark in AUXILIARY):
        _run([*PDFLATEX[:1], "-draftmode", *PDFLATEX[1:]], work, deadline, "pdflatex")
    log = work / "document.log"
    for _ in range(MAX_PASSES):
        _run(PDFLATEX, work, deadline, "pdflatex")
        text = log.read_text(errors="replace") if log.exists() else ""
        if not (work / "document.pdf").exists() or not any(m in text for m in RERUN):
            return


def _run(command: list[str], work: Path, deadline: float, chosen: str) -> None:
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
