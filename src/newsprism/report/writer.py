"""The one place that writes figures and tables into a reports folder.

Names say what the artefact shows (``topic_confusion_bbc``), files are byte-stable
across reruns (no timestamps in PNG/SVG metadata, fixed SVG ids), so regenerating
``reports/`` changes only what really changed.

Example:
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt, pandas as pd, tempfile
    >>> out = tempfile.mkdtemp()
    >>> fig, ax = plt.subplots(); _ = ax.plot([1, 2])
    >>> [p.suffix for p in save_figure(fig, "demo_line", out)]
    ['.png', '.svg']
    >>> save_table(pd.DataFrame({"a": [1]}), "demo_table", out).name
    'demo_table.csv'
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")


def _check_name(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"artefact name {name!r} must be lower_snake_case (a-z, 0-9, _ and -)")
    return name


def save_figure(fig, name: str, reports_dir: str | Path, *, formats=("png", "svg"), dpi: int = 150):
    """Save ``fig`` as ``<reports_dir>/figures/<name>.<fmt>``; returns the paths written."""
    import matplotlib

    _check_name(name)
    out = Path(reports_dir) / "figures"
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    with matplotlib.rc_context({"svg.hashsalt": name, "svg.fonttype": "none"}):
        for fmt in formats:
            path = out / f"{name}.{fmt}"
            metadata = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
            fig.savefig(path, dpi=dpi, bbox_inches="tight", metadata=metadata)
            paths.append(path)
    return paths


def save_table(df: pd.DataFrame, name: str, reports_dir: str | Path, *, index: bool = False) -> Path:
    """Save ``df`` as ``<reports_dir>/tables/<name>.csv`` with stable float formatting."""
    _check_name(name)
    out = Path(reports_dir) / "tables"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.csv"
    df.to_csv(path, index=index, float_format="%.6g", lineterminator="\n")
    return path
