"""The class report's charts as SVG files beside the Markdown report (``report-plots/``).

Each chart (``solver.grade.charts``) is drawn by its type's template,
``grade/charts/<type>.svg.jinja``; the PDF report draws the same charts with
``grade/charts/<type>.tex.jinja``. The files are text, the same bytes on every run.
"""

from __future__ import annotations

from pathlib import Path

from solver.grade.charts import Chart, charts
from solver.grade.classstats import ClassStatistics
from solver.grade.journal import write_atomic
from solver.render.environment import environment

SUFFIX = "svg"


def svg(chart: Chart) -> str:
    """The chart as an SVG document."""
    return environment().get_template(f"grade/charts/{chart.template}.svg.jinja") \
        .render(chart=chart)


def write_plots(stats: ClassStatistics, folder: Path,
                found: dict[str, Chart] | None = None) -> list[Path]:
    """Write every chart of the report (``found``, the charts already made) as
    ``folder/<name>.svg``; return their paths."""
    found = charts(stats) if found is None else found
    return [write_atomic(Path(folder) / f"{name}.{SUFFIX}", svg(chart))
            for name, chart in found.items()]
