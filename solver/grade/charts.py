"""The class report's charts as data: horizontal bars (success rate and difficulty per key,
the most common diagnoses) and a histogram of scores.

Each chart holds what is drawn, with lengths as shares of the longest bar or column, so
that one template per chart type draws it as SVG (``report-plots/*.svg``, beside the
Markdown report) and one as TeX (inside the PDF report, in the document's fonts). The
same statistics give the same charts on every run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from solver.grade.classstats import ClassStatistics, number
from solver.plural import plural

MAX_DIAGNOSES = 12
KEYS_PER_FIGURE = 25  # bars of a per-key chart in one figure: readable at a page's height


@dataclass(frozen=True)
class Bar:
    """A labelled bar: ``share`` is its length over the chart's scale (0 to 1)."""

    label: str
    share: float
    text: str


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per label, with the value written at each bar's end."""

    name: str
    title: str
    axis: str
    bars: tuple[Bar, ...]
    empty: str

    template = "bars"

    @property
    def longest_label(self) -> str:
        """The label with the most characters: it sets where the bars start."""
        return max((bar.label for bar in self.bars), key=len, default="")


@dataclass(frozen=True)
class Column:
    """Submissions whose score is in [low, high) (the last column includes high)."""

    low: float
    high: float
    count: int
    share: float


@dataclass(frozen=True)
class Histogram:
    """Columns side by side over the score range, each with its count above it."""

    name: str
    title: str
    axis: str
    columns: tuple[Column, ...]
    empty: str

    template = "histogram"

    @property
    def labelled_edges(self) -> list[tuple[int, str]]:
        """(index, text) of the edges written under the axis: every n-th one, so that at
        most about ten stand there, and the last, without one that would crowd it."""
        if not self.columns:
            return []
        edges = [number(c.low) for c in self.columns] + [number(self.columns[-1].high)]
        last = len(edges) - 1
        step = max(1, math.ceil(last / 10))
        return [(index, edges[index]) for index in range(0, last + 1)
                if index == last or (index % step == 0 and 2 * (last - index) >= step)]


Chart = BarChart | Histogram


def plot_names(stats: ClassStatistics) -> dict[str, list[str]]:
    """Each chart's files (without a suffix): a per-key chart of more than KEYS_PER_FIGURE
    keys takes several figures (``success-rate``, ``success-rate-2``, …), so that its
    labels stay readable on a page."""
    pages = _key_pages(stats)
    return {name: [name, *(f"{name}-{page}" for page in range(2, pages + 1))]
            if name in ("success-rate", "difficulty") else [name]
            for name in ("success-rate", "difficulty", "diagnoses", "scores")}


def charts(stats: ClassStatistics) -> dict[str, Chart]:
    """Every chart of the report by file name, in the order ``plot_names`` lists them."""
    pages = _key_pages(stats)
    names = plot_names(stats)
    found: list[Chart] = [
        *(_success_rate(stats, names["success-rate"][page], page, pages)
          for page in range(pages)),
        *(_difficulty(stats, names["difficulty"][page], page, pages) for page in range(pages)),
        _diagnoses(stats), _scores(stats)]
    return {chart.name: chart for chart in found}


def key_figures(stats: ClassStatistics, found: dict[str, Chart] | None = None
                ) -> list[BarChart]:
    """The per-key charts, in the report's order (of ``found``, the charts already made)."""
    found = charts(stats) if found is None else found
    names = plot_names(stats)
    return [found[name] for kind in ("success-rate", "difficulty") for name in names[kind]]


def _key_pages(stats: ClassStatistics) -> int:
    return max(1, math.ceil(len(stats.keys) / KEYS_PER_FIGURE))


def _page(rows: list, page: int, pages: int) -> list:
    """The rows of figure ``page`` (from 0) of ``pages``, in even consecutive shares."""
    size = math.ceil(len(rows) / pages)
    return rows[page * size:(page + 1) * size]


def _paged(title: str, page: int, pages: int) -> str:
    return title if pages == 1 else f"{title} ({page + 1} of {pages})"


def _success_rate(stats: ClassStatistics, name: str, page: int, pages: int) -> BarChart:
    rows = _page([(k.key, k.success_rate) for k in stats.keys if k.success_rate is not None],
                 page, pages)
    return BarChart(name, _paged("Correct answers per key", page, pages),
                    f"correct answers (% of {plural(stats.graded, 'graded submission')})",
                    tuple(Bar(key, rate, f"{rate * 100:.0f}%") for key, rate in rows),
                    "No graded submissions")


def _difficulty(stats: ClassStatistics, name: str, page: int, pages: int) -> BarChart:
    rows = sorted(((k.key, k.difficulty) for k in stats.keys if k.difficulty is not None),
                  key=lambda row: (-row[1], row[0]))
    return BarChart(name, _paged("Difficulty per key, hardest first", page, pages),
                    "difficulty (1 − mean score fraction)",
                    tuple(Bar(key, min(1.0, max(0.0, value)), f"{value:.2f}")
                          for key, value in _page(rows, page, pages)),
                    "No graded submissions")


def _diagnoses(stats: ClassStatistics) -> BarChart:
    rows = stats.diagnoses[:MAX_DIAGNOSES]
    largest = max((row.count for row in rows), default=1)
    return BarChart("diagnoses", "Most common diagnoses", "verdicts",
                    tuple(Bar(row.code, row.count / largest, str(row.count)) for row in rows),
                    "No diagnosed mistakes")


def _scores(stats: ClassStatistics) -> Histogram:
    axis = f"score (out of {number(stats.max_score)}); submissions above each column"
    if not stats.scores:
        return Histogram("scores", "Score distribution", axis, (), "No graded submissions")
    edges = score_bins(stats.max_score, stats.scores)
    counts = [0] * (len(edges) - 1)
    for score in stats.scores:
        counts[_bin(edges, score)] += 1
    largest = max(counts)
    return Histogram("scores", "Score distribution", axis,
                     tuple(Column(low, high, count, count / largest)
                           for low, high, count in zip(edges, edges[1:], counts, strict=False)),
                     "No graded submissions")


def _bin(edges: list[float], score: float) -> int:
    """The column of ``score``: [edge, next edge), the last one closed."""
    width = edges[1] - edges[0]
    return min(len(edges) - 2, max(0, math.floor((score - edges[0]) / width)))


def score_bins(max_score: float, scores: tuple[float, ...]) -> list[float]:
    """Bin edges from 0 to the maximum score, one point wide (wider for large maxima)."""
    low = min(0, math.floor(min(scores, default=0)))
    high = max(math.ceil(max_score), math.ceil(max(scores, default=0)), low + 1)
    width = max(1, math.ceil((high - low) / 30))
    count = math.ceil((high - low) / width)
    return [low + width * index for index in range(count + 1)]
