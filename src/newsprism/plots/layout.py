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


def tight_size(fig, dpi: int = DPI, pad_inches: float = 0.1) -> tuple[int, int]:
    """Pixel size ``fig`` would have saved with ``bbox_inches="tight"``, from one draw
    (cheaper than :func:`saved_size`; equal to it within a pixel or two)."""
    fig.canvas.draw()
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    return (int(round((box.width + 2 * pad_inches) * dpi)),
            int(round((box.height + 2 * pad_inches) * dpi)))


def layout_problems(fig, *, dpi: int = DPI, max_px: int = MAX_PX) -> list[str]:
    """What is wrong with a drawn figure: saved size above ``max_px``, a legend that
    overlaps a title or a footnote. An empty list means none."""
    problems = []
    width, height = tight_size(fig, dpi)
    if width > max_px or height > max_px:
        problems.append(f"saved size {width} x {height} px exceeds {max_px} px")
    renderer = fig.canvas.get_renderer()
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes
                                   if ax.get_visible() and ax.get_legend() is not None]
    others = _title_boxes(fig, renderer) + [("note", t.get_window_extent(renderer))
                                            for t in fig.texts
                                            if t.get_gid() == NOTE_GID and t.get_text()]
    for leg in legends:
        box = leg.get_window_extent(renderer)
        for name, other in others:
            if box.overlaps(other):
                problems.append(f"legend overlaps the {name}")
    return problems
