"""The class report: the statistics of a graded batch as Markdown, charts and a PDF.

The statistics come from ``solver.grade.classstats``. Text that students control is
escaped for Markdown tables by ``markdown_cell`` and for LaTeX by the ``text`` filter
inside the template's ``prose`` macro.
"""

from __future__ import annotations

import os
from pathlib import Path

from solver.grade.charts import Chart, charts, key_figures
from solver.grade.classstats import ClassStatistics, class_statistics, number, percent, ratio, share
from solver.grade.journal import write_atomic
from solver.grade.plots import write_plots
from solver.render.environment import environment
from solver.render.pdf import available_engine, compile_pdf

PLOTS_FOLDER = "report-plots"


def render_report(stats: ClassStatistics, fmt: str, found: dict[str, Chart] | None = None
                  ) -> str:
    """The report as Markdown (``fmt="markdown"``) or LaTeX (``fmt="latex"``); ``found``:
    its charts, when already made."""
    found = charts(stats) if found is None else found
    suffix = "md" if fmt == "markdown" else "tex"
    template = environment().get_template(f"grade/report.{suffix}.jinja")
    return template.render(stats=stats, summary=stats.score_summary, format=fmt,
                           plots=PLOTS_FOLDER, charts=found, figures=key_figures(stats, found),
                           number=number, percent=percent, ratio=ratio, share=share)


def write_report(results: dict, out: Path, pdf: bool = True,
                 engine: str | None = None) -> list[Path]:
    """Write out/report.md, out/report-plots/*.svg and (with a TeX engine) out/report.pdf
    of results.json (as a dict)."""
    return write_statistics_report(class_statistics(results), out, pdf, engine)


def prepare_report() -> None:
    """Load what rendering the report takes (its templates and the charts'), so that a
    process that prepared ahead writes the report at once."""
    for name in ("report.md", "report.tex", "charts/bars.svg", "charts/histogram.svg",
                 "charts/bars.tex", "charts/histogram.tex"):
        environment().get_template(f"grade/{name}.jinja")


def write_statistics_report(stats: ClassStatistics, out: Path, pdf: bool = True,
                            engine: str | None = None) -> list[Path]:
    """The class report of statistics already gathered (``solver.grade.tally``): the
    Markdown report with its charts as SVG files, and the PDF, whose charts TeX draws."""
    out = Path(out)
    found = charts(stats)  # made once, for both reports and the SVG files
    write_atomic(out / "report.md", render_report(stats, "markdown", found))
    written = [out / "report.md", *write_plots(stats, out / PLOTS_FOLDER, found)]
    chosen = available_engine(engine) if pdf else None
    if chosen is not None:
        written.append(_write_pdf(render_report(stats, "latex", found), chosen,
                                  out / "report.pdf"))
    return written


def _write_pdf(tex: str, engine: str, target: Path) -> Path:
    temporary = target.with_name(f".{target.name}.tmp")
    compile_pdf(tex, temporary, engine)
    os.replace(temporary, target)
    return target
