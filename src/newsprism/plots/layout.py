"""Figure sizes that stay bounded, panel grids that wrap, titles, notes and a layout check.

Every chart of :mod:`newsprism.plots` sizes itself from its content (periods, outlets,
themes), so without bounds a weekly grid over eight years becomes 26,000 pixels wide.
The rules here keep every figure within ``MAX_PX`` = 4,000 pixels at the ``DPI`` = 150 of
:func:`newsprism.report.writer.save_figure`:

- :func:`bounded` clips a figure size to ``MAX_INCHES`` (22 in = 3,300 px, which leaves
  room for a legend or a note outside the axes);
- :func:`panel_grid` wraps small multiples into rows, adds columns before it shrinks
  panels, and says how many panels fit at all (the caller shows the largest and says so);
- :func:`titled` puts the corpus's *name* in a default title (a path is cut to its stem);
- :func:`add_note` writes a footnote under the figure (e.g. the minimum-n rule);
- :func:`layout_problems` measures a drawn figure: its saved pixel size, and any legend
  that overlaps a title.

Example:
    >>> bounded(40.0, 3.0)
    (22.0, 3.0)
    >>> panel_grid(7, ncols=3)[:3]
    (3, 3, (12.6, 9.6))
    >>> titled("Theme shares", corpus="/data/my_news.csv")
    'my_news: Theme shares'
"""

from __future__ import annotations

import io
import math
import textwrap
from pathlib import PurePath

DPI = 150
MAX_PX = 4000
MAX_INCHES = 22.0
NOTE_GID = "newsprism-note"
_DATA_SUFFIXES = {".csv", ".tsv", ".parquet", ".json", ".jsonl", ".xlsx", ".gz", ".zip", ".txt"}


def bounded(width: float, height: float, max_inches: float = MAX_INCHES) -> tuple[float, float]:
    """``(width, height)`` in inches, each clipped to ``max_inches``."""
    return (float(min(width, max_inches)), float(min(height, max_inches)))


def panel_grid(n_panels: int, *, ncols: int = 3, panel=(4.2, 2.8), extra=(0.0, 1.2),
               min_panel=(2.2, 1.6), max_inches: float = MAX_INCHES):
    """Rows, columns and figure size for ``n_panels`` small multiples.

    Starts from ``ncols`` columns of ``panel`` (width, height) inches plus ``extra`` for
    titles and legends; when the grid is too tall it adds columns (while panels stay at
    least ``min_panel`` wide), then shrinks panels down to ``min_panel``. Returns
    ``(nrows, ncols, figsize, n_shown)``: ``n_shown < n_panels`` when not every panel
    fits even at the minimum size.
    """
    n = max(int(n_panels), 1)
    pw, ph = panel
    ew, eh = extra
    mw, mh = min_panel
    ncols = max(1, min(int(ncols), n))
    max_cols = max(ncols, int((max_inches - ew) // mw))
    while math.ceil(n / ncols) * ph + eh > max_inches and ncols < min(max_cols, n):
        ncols += 1
    max_rows = max(1, int((max_inches - eh) // mh))
    nrows = min(math.ceil(n / ncols), max_rows)
    n_shown = min(n, nrows * ncols)
    width = ncols * min(pw, max(mw, (max_inches - ew) / ncols)) + ew
    height = nrows * min(ph, max(mh, (max_inches - eh) / nrows)) + eh
    return nrows, ncols, bounded(round(width, 2), round(height, 2), max_inches), n_shown


def corpus_label(corpus) -> str | None:
    """A corpus's display name: a file path is reduced to its stem (``data/x.csv`` → ``x``)."""
    if corpus is None:
        return None
    text = str(corpus).strip()
    path = PurePath(text.replace("\\", "/"))
    if "/" in text or "\\" in text or path.suffix.lower() in _DATA_SUFFIXES:
        name = path.name
        while PurePath(name).suffix.lower() in _DATA_SUFFIXES:
            name = PurePath(name).stem
        return name or text
    return text


def titled(default: str, *, corpus=None, title: str | None = None) -> str:
    """``title`` if given, else ``default`` prefixed with the corpus's name (if any)."""
    if title:
        return title
    name = corpus_label(corpus)
    return f"{name}: {default}" if name else default


def add_note(fig, text: str, *, fontsize="small"):
    """A footnote under the figure's drawing area (outside it, so it overlaps nothing);
    ``bbox_inches="tight"`` saving includes it."""
    width = max(40, int(fig.get_figwidth() * 12))
    return fig.text(0.005, 0.0, textwrap.fill(text, width), ha="left", va="top",
                    fontsize=fontsize, color="#444444", gid=NOTE_GID)


def notes(fig) -> list[str]:
    """The footnotes :func:`add_note` wrote on ``fig``."""
    return [t.get_text() for t in fig.texts if t.get_gid() == NOTE_GID]


def figure_legend(fig, handles, labels, *, note: str | None = None, fontsize: float = 9,
                  max_cols: int = 6):
    """A legend under the panels of a constrained-layout figure, and the footnote under it.

    Not ``loc="outside lower center"``: a tight save re-anchors such a legend to the
    cropped bottom edge, onto whatever lies below it (a footnote). The legend is placed
    in figure coordinates instead, and the layout keeps the rows it and the note need.
    """
    width, height = fig.get_size_inches()
    longest = max((len(str(lab)) for lab in labels), default=1)
    fit = max(1, int(width / (0.075 * longest + 0.6)))
    ncols = max(1, min(len(labels), max_cols, fit))
    rows = -(-len(labels) // ncols) if labels else 0
    legend_h = rows * fontsize * 1.9 / 72 + (0.15 if rows else 0)
    note_text = textwrap.fill(note, max(40, int(width * 12))) if note else ""
    note_h = (note_text.count("\n") + 1) * 0.19 + 0.08 if note else 0.0
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        engine.set(rect=(0, (legend_h + note_h) / height, 1, 1 - (legend_h + note_h) / height))
    legend = None
    if labels:
        legend = fig.legend(handles, labels, loc="lower center", ncols=ncols, frameon=False,
                            fontsize=fontsize, bbox_to_anchor=(0.5, note_h / height),
                            bbox_transform=fig.transFigure, borderaxespad=0.2)
    if note:
        fig.text(0.005, 0.03 / height, note_text, ha="left", va="bottom", fontsize="small",
                 color="#444444", gid=NOTE_GID)
    return legend


def min_n_note(min_n: int, unit: str = "articles", what: str = "Cells") -> str:
    """The minimum-n rule as a sentence, for :func:`add_note`."""
    if not min_n or min_n <= 1:
        return f"{what} with no {unit} are not shown."
    return f"{what} with fewer than {min_n} {unit} are not shown."


def saved_size(fig, dpi: int = DPI) -> tuple[int, int]:
    """Pixel ``(width, height)`` of ``fig`` saved as PNG with ``bbox_inches="tight"``."""
    from PIL import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    buf.seek(0)
    with Image.open(buf) as img:
        return img.size


def _title_boxes(fig, renderer):
    boxes = []
    if fig._suptitle is not None and fig._suptitle.get_text():
        boxes.append(("suptitle", fig._suptitle.get_window_extent(renderer)))
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for t in (ax.title, ax._left_title, ax._right_title):
            if t.get_text():
                boxes.append((f"title {t.get_text()[:30]!r}", t.get_window_extent(renderer)))
    return boxes


def _probe_class():
    from matplotlib.artist import Artist

    class Probe(Artist):
        """Drawn last during a save: records where legends, titles and notes really are
        in the saved image (a tight save re-anchors figure legends to the cropped box)."""

        def __init__(self):
            super().__init__()
            self.set_in_layout(False)
            self.set_zorder(1e9)
            self.legends, self.others = [], []

        def draw(self, renderer):
            fig = self.figure
            legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes
                                           if ax.get_visible() and ax.get_legend() is not None]
            self.legends = [leg.get_window_extent(renderer) for leg in legends]
            self.others = _title_boxes(fig, renderer) + [
                ("note", t.get_window_extent(renderer)) for t in fig.texts
                if t.get_gid() == NOTE_GID and t.get_text()]

    return Probe


def layout_problems(fig, *, dpi: int = DPI, max_px: int = MAX_PX) -> list[str]:
    """What is wrong with a figure as :func:`newsprism.report.writer.save_figure` saves
    it (PNG, ``bbox_inches="tight"``): a pixel size above ``max_px``, or a legend that
    overlaps a title or a footnote. An empty list means none.

    The boxes are measured while the figure is being saved, not on screen: a tight save
    moves figure legends, so an on-screen check would miss overlaps the file has.
    """
    from PIL import Image

    probe = _probe_class()()
    fig.add_artist(probe)
    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    finally:
        probe.remove()
    buf.seek(0)
    with Image.open(buf) as img:
        width, height = img.size
    problems = []
    if width > max_px or height > max_px:
        problems.append(f"saved size {width} x {height} px exceeds {max_px} px")
    for box in probe.legends:
        for name, other in probe.others:
            if box.overlaps(other):
                problems.append(f"legend overlaps the {name}")
    return problems
