"""The class report: the statistics of a graded batch as Markdown, plots and a PDF.

The statistics come from ``solver.grade.classstats``. Text that students control is
escaped for Markdown tables by ``markdown_cell`` and for LaTeX by the ``text`` filter
inside the template's ``prose`` macro.
"""

from __future__ import annotations

import os
from contextlib import nullcontext
from pathlib import Path

from solver.grade.classstats import ClassStatistics, class_statistics, number, percent, ratio, share
from solver.grade.journal import write_atomic
from solver.grade.plots import key_figures, stand_ins, write_plots
from solver.render.environment import environment
from solver.render.pdf import Compiling, available_engine

PLOTS_FOLDER = "report-plots"
# pdfTeX writes fixed dates and a fixed /ID when these are set.


def render_report(stats: ClassStatistics, fmt: str) -> str:
    """The report as Markdown (``fmt="markdown"``) or LaTeX (``fmt="latex"``)."""
    suffix = "md" if fmt == "markdown" else "tex"
    template = environment().get_template(f"grade/report.{suffix}.jinja")
    return template.render(stats=stats, summary=stats.score_summary, format=fmt,
                           plots=PLOTS_FOLDER, figures=key_figures(stats), number=number,
                           percent=percent, ratio=ratio, share=share)


def write_report(results: dict, out: Path, pdf: bool = True,
                 engine: str | None = None) -> list[Path]:
    """Write out/report.md, out/report-plots/*.png and (with a TeX engine) out/report.pdf
    of results.json (as a dict)."""
    return write_statistics_report(class_statistics(results), out, pdf, engine)


def prepare_report() -> None:
    """Load what drawing and rendering the report take (Matplotlib, the templates), so
    that a process that prepared ahead writes the report at once."""
    from solver.grade.plots import preload

    preload()
    for suffix in ("md", "tex"):
        environment().get_template(f"grade/report.{suffix}.jinja")


def write_statistics_report(stats: ClassStatistics, out: Path, pdf: bool = True,
                            engine: str | None = None) -> list[Path]:
    """The class report of statistics already gathered (``solver.grade.tally``).
    The PDF's first pass runs while the plots are drawn, on stand-ins of their sizes."""
    out = Path(out)
    write_atomic(out / "report.md", render_report(stats, "markdown"))
    written = [out / "report.md"]
    chosen = available_engine(engine) if pdf else None
    with Compiling(render_report(stats, "latex"), chosen, stand_ins(stats)) \
            if chosen is not None else nullcontext() as compiling:
        plots = write_plots(stats, out / PLOTS_FOLDER)
        written.extend(plots)
        if compiling is not None:
            written.append(_write_pdf(compiling, plots, out / "report.pdf"))
    return written


def _write_pdf(compiling: Compiling, plots: list[Path], target: Path) -> Path:
    """Compile with the plots beside the source (it names them without a folder)."""
    temporary = target.with_name(f".{target.name}.tmp")
    compiling.finish(temporary, plots)
    os.replace(temporary, target)
    return target
