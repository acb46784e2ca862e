"""The class report's plots as PNG files that are the same bytes on every run.

Figures are drawn with Matplotlib's Agg renderer through ``matplotlib.figure.Figure``
(no pyplot, so the process's backend and open figures are left alone), Matplotlib's
default style with DejaVu Sans, a fixed dpi, on an opaque white background saved as
RGB without an alpha channel (which pdfTeX embeds by copying the PNG's data as it is,
instead of decoding it to split the alpha channel off), with no "Software" entry.
Matplotlib is imported when a plot is drawn, not when this module is imported.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from functools import partial
from pathlib import Path

from solver.grade.background import Background
from solver.grade.classstats import ClassStatistics, number
from solver.grade.journal import write_atomic
from solver.plural import plural

DPI = 100
WIDTH = 7.0
MAX_DIAGNOSES = 12
KEYS_PER_FIGURE = 25  # bars of a per-key plot in one figure: readable at a page's height
# Glyphs drawn as the font outlines them, without FreeType's hinting: the same look at
# this size, and a fifth less processor time per figure.
STYLE = {"font.family": "DejaVu Sans", "font.size": 10, "text.hinting": "no_hinting"}


def plot_names(stats: ClassStatistics) -> dict[str, list[str]]:
    """Each plot's PNG files (without ``.png``): a per-key plot of more than
    KEYS_PER_FIGURE keys takes several figures (``success-rate``, ``success-rate-2``, …),
    so that its labels stay readable on a page."""
    pages = _key_pages(stats)
    return {name: [name, *(f"{name}-{page}" for page in range(2, pages + 1))]
            if name in ("success-rate", "difficulty") else [name]
            for name in ("success-rate", "difficulty", "diagnoses", "scores")}


def key_figures(stats: ClassStatistics) -> list[tuple[str, str]]:
    """(what it shows, file name) of each per-key figure, in the report's order."""
    names = plot_names(stats)
    figures = []
    for kind, title in (("success-rate", "Correct answers per key"),
                        ("difficulty", "Difficulty per key")):
        count = len(names[kind])
        figures.extend((_paged(title, page, count), name)
                       for page, name in enumerate(names[kind]))
    return figures


def _key_pages(stats: ClassStatistics) -> int:
    return max(1, math.ceil(len(stats.keys) / KEYS_PER_FIGURE))


def write_plots(stats: ClassStatistics, folder: Path, processes: int = 2) -> list[Path]:
    """Write the success-rate, difficulty, diagnoses and scores PNGs (``plot_names``);
    return their paths. With ``processes`` 2, a forked process draws every other plot."""
    plots = _plots(stats)
    elsewhere = Background(_pngs, stats, plots[1::2], name="hwsolver-plots") \
        if processes > 1 else None
    try:
        drawn = dict(zip(plots[0::2], _pngs(stats, plots[0::2]), strict=True))
        others = _pngs(stats, plots[1::2]) if elsewhere is None else elsewhere.result()
        drawn.update(zip(plots[1::2], others, strict=True))
    finally:
        if elsewhere is not None:
            elsewhere.kill()
    return [write_atomic(Path(folder) / f"{plot[0]}.png", drawn[plot]) for plot in plots]


def _plots(stats: ClassStatistics) -> tuple:
    """(file name without .png, how to draw it, its bars) of each plot, in order."""
    pages = _key_pages(stats)
    per_figure = math.ceil(len(stats.keys) / pages)
    names = plot_names(stats)
    return (*((names["success-rate"][page], partial(_success_rate, page=page, pages=pages),
               per_figure) for page in range(pages)),
            *((names["difficulty"][page], partial(_difficulty, page=page, pages=pages),
               per_figure) for page in range(pages)),
            ("diagnoses", _diagnoses, min(len(stats.diagnoses), MAX_DIAGNOSES)),
            ("scores", _scores, 0))


def stand_ins(stats: ClassStatistics) -> dict[str, bytes]:
    """A blank PNG of each plot's size (pixels and resolution), by file name: what TeX's
    first pass reads of the plots (``solver.render.pdf.Compiling``)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image

    blanks: dict[tuple[int, int], bytes] = {}  # a bilevel image: quick to make
    names = {}
    for name, _draw, count in _plots(stats):
        size = FigureCanvasAgg(Figure(figsize=(WIDTH, _height(count)), dpi=DPI)) \
            .get_width_height()
        if size not in blanks:
            blanks[size] = _png_bytes(Image.new("1", size, 1))
        names[f"{name}.png"] = blanks[size]
    return names


def _pngs(stats: ClassStatistics, plots) -> list[bytes]:
    return [_png(draw, stats, _height(count)) for _name, draw, count in plots]


def preload() -> None:
    """Import Matplotlib's renderer now (in a thread, while other work goes on), so that
    a process forked later draws at once."""
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.style  # noqa: F401
    from matplotlib import font_manager
    from matplotlib.figure import Figure  # noqa: F401
    from PIL import Image  # noqa: F401

    font_manager.findfont(STYLE["font.family"])


def _png(draw: Callable, stats: ClassStatistics, height: float) -> bytes:
    import matplotlib
    import matplotlib.style
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image

    with matplotlib.style.context("default"), matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(WIDTH, height), dpi=DPI)
        canvas = FigureCanvasAgg(figure)  # first: the layout measures text with its renderer
        draw(figure, stats)
        canvas.draw()
        rgba = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(),
                                "raw", "RGBA", 0, 1)
    return _png_bytes(rgba.convert("RGB"))


def _png_bytes(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="png", dpi=(DPI, DPI))
    return buffer.getvalue()


def _height(bars: int) -> float:
    """Taller figures for more bars, so that labels never overlap."""
    return max(3.5, min(40.0, 1.2 + 0.32 * bars))


def _label(text: str) -> str:
    """A tick label shown as written (a dollar sign would start Matplotlib's math text)."""
    return text.replace("$", r"\$")


def _empty(figure, message: str) -> None:
    axes = figure.add_subplot()
    axes.set_axis_off()
    axes.text(0.5, 0.5, message, ha="center", va="center", fontsize=12)


def _horizontal_bars(figure, labels: list[str], values: list[float], *, title: str,
                     xlabel: str, xlim: float, value_text: Callable[[float], str]) -> None:
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    axes.barh(positions, values, color="#4477aa")
    axes.set_yticks(positions, [_label(label) for label in labels])
    axes.invert_yaxis()
    axes.set_xlim(0, xlim)
    axes.set_xlabel(xlabel)
    axes.set_title(title)
    for position, value in zip(positions, values, strict=True):
        axes.text(value + xlim * 0.01, position, value_text(value), va="center", fontsize=8)
    figure.tight_layout()


def _page(rows: list, page: int, pages: int) -> list:
    """The rows of figure ``page`` (from 0) of ``pages``, in even consecutive shares."""
    size = math.ceil(len(rows) / pages)
    return rows[page * size:(page + 1) * size]


def _paged(title: str, page: int, pages: int) -> str:
    return title if pages == 1 else f"{title} ({page + 1} of {pages})"


def _success_rate(figure, stats: ClassStatistics, page: int = 0, pages: int = 1) -> None:
    rows = [(k.key, k.success_rate) for k in stats.keys if k.success_rate is not None]
    rows = _page(rows, page, pages)
    if not rows:
        _empty(figure, "No graded submissions")
        return
    _horizontal_bars(figure, [key for key, _ in rows], [rate * 100 for _, rate in rows],
                     title=_paged("Correct answers per key", page, pages),
                     xlabel=f"correct answers (% of {plural(stats.graded, 'graded submission')})",
                     xlim=110, value_text=lambda value: f"{value:.0f}%")


def _difficulty(figure, stats: ClassStatistics, page: int = 0, pages: int = 1) -> None:
    rows = sorted(((k.key, k.difficulty) for k in stats.keys if k.difficulty is not None),
                  key=lambda row: (-row[1], row[0]))
    rows = _page(rows, page, pages)
    if not rows:
        _empty(figure, "No graded submissions")
        return
    _horizontal_bars(figure, [key for key, _ in rows], [value for _, value in rows],
                     title=_paged("Difficulty per key, hardest first", page, pages),
                     xlabel="difficulty (1 − mean score fraction)", xlim=1.1,
                     value_text=lambda value: f"{value:.2f}")


def _diagnoses(figure, stats: ClassStatistics) -> None:
    rows = stats.diagnoses[:MAX_DIAGNOSES]
    if not rows:
        _empty(figure, "No diagnosed mistakes")
        return
    largest = max(row.count for row in rows)
    _horizontal_bars(figure, [row.code for row in rows], [row.count for row in rows],
                     title="Most common diagnoses", xlabel="verdicts",
                     xlim=largest * 1.12 + 0.5, value_text=lambda value: f"{value:.0f}")


def _scores(figure, stats: ClassStatistics) -> None:
    if not stats.scores:
        _empty(figure, "No graded submissions")
        return
    axes = figure.add_subplot()
    axes.hist(stats.scores, bins=score_bins(stats.max_score, stats.scores), color="#4477aa",
              edgecolor="white")
    axes.set_xlabel(f"score (out of {number(stats.max_score)})")
    axes.set_ylabel("submissions")
    axes.set_title("Score distribution")
    axes.yaxis.get_major_locator().set_params(integer=True)
    figure.tight_layout()


def score_bins(max_score: float, scores: tuple[float, ...]) -> list[float]:
    """Bin edges from 0 to the maximum score, one point wide (wider for large maxima)."""
    low = min(0, math.floor(min(scores, default=0)))
    high = max(math.ceil(max_score), math.ceil(max(scores, default=0)), low + 1)
    width = max(1, math.ceil((high - low) / 30))
    count = math.ceil((high - low) / width)
    return [low + width * index for index in range(count + 1)]
