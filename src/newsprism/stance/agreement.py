"""Inter-annotator agreement on stance labels: Cohen's kappa and the confusion table.

Example:
    >>> round(cohen_kappa(["favor", "against", "neutral", "neutral"],
    ...                   ["favor", "neutral", "neutral", "neutral"]), 4)
    0.5556
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from newsprism.errors import DataError
from newsprism.stance.labels import LABELS


def cohen_kappa(a: Sequence[str], b: Sequence[str], labels: Sequence[str] = LABELS) -> float:
    """Cohen's kappa between two label sequences of equal length.

    ``(p_o - p_e) / (1 - p_e)`` with ``p_o`` the observed agreement and ``p_e`` the
    agreement expected from each annotator's label frequencies. Returns ``nan`` when
    chance agreement is already perfect (both annotators used one and the same label).
    """
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise ValueError(f"label sequences differ in length ({len(a)} vs {len(b)})")
    if not a:
        return float("nan")
    labels = list(dict.fromkeys(list(labels) + sorted(set(a) | set(b))))
    table = confusion(a, b, labels).to_numpy(dtype=float)
    n = table.sum()
    p_o = np.trace(table) / n
    p_e = float((table.sum(axis=1) / n) @ (table.sum(axis=0) / n))
    if np.isclose(p_e, 1.0):
        return float("nan")
    return round(float((p_o - p_e) / (1 - p_e)), 12)


def confusion(a: Sequence[str], b: Sequence[str], labels: Sequence[str] = LABELS) -> pd.DataFrame:
    """Counts of (annotator A label, annotator B label); rows A, columns B."""
    table = pd.crosstab(pd.Categorical(list(a), categories=list(labels)),
                        pd.Categorical(list(b), categories=list(labels)), dropna=False)
    table.index.name, table.columns.name = "A", "B"
    return table.astype(int)


def read_labels(path: str | Path) -> pd.DataFrame:
    """Read an annotation CSV (gold-set schema), keeping labelled rows.

    Labels are lower-cased; anything other than favor/against/neutral raises a
    :class:`DataError` naming the file and line.
    """
    from newsprism.stance.io import read_text

    path = Path(path)
    if not path.is_file():
        raise DataError("file not found", path=path)
    df = pd.read_csv(io.StringIO(read_text(path, is_csv=True)), dtype=str,
                     keep_default_na=False)
    for column in ("item_id", "label"):
        if column not in df.columns:
            raise DataError(f"missing column {column!r}", path=path, column=column)
    labels = df["label"].str.strip().str.lower()
    bad = labels[(labels != "") & ~labels.isin(LABELS)]
    if len(bad):
        line = int(bad.index[0]) + 2  # header is line 1
        raise DataError(f"label {df['label'][bad.index[0]]!r} is not one of {', '.join(LABELS)}",
                        path=path, row=line, column="label")
    out = df.assign(label=labels)
    out = out[out["label"] != ""]
    dupes = out["item_id"].duplicated()
    if dupes.any():
        line = int(out.index[dupes.to_numpy()][0]) + 2
        raise DataError(f"item_id {out['item_id'][out.index[dupes.to_numpy()][0]]!r} is labelled twice",
                        path=path, row=line, column="item_id")
    return out.reset_index(drop=True)


@dataclass
class Agreement:
    """Result of :func:`agreement`."""

    n: int
    n_only_a: int
    n_only_b: int
    observed: float
    kappa: float
    confusion: pd.DataFrame
    by_target: pd.DataFrame

    def to_text(self) -> str:
        lines = [
            f"items labelled by both: {self.n} (only A: {self.n_only_a}, only B: {self.n_only_b})",
            f"observed agreement: {self.observed:.3f}",
            f"Cohen's kappa: {self.kappa:.3f}",
            "",
            "confusion (rows A, columns B):",
            self.confusion.to_string(),
        ]
        if len(self.by_target):
            lines += ["", "by target:", self.by_target.to_string(index=False,
                                                                    float_format="%.3f")]
        return "\n".join(lines)


def agreement(a: pd.DataFrame, b: pd.DataFrame) -> Agreement:
    """Agreement between two annotation tables matched on ``item_id``.

    Rows without a label are ignored; per-target kappa is added when ``target`` is present.

    Example:
        >>> a = pd.DataFrame({"item_id": ["1", "2", "3"], "label": ["favor", "against", "neutral"]})
        >>> b = pd.DataFrame({"item_id": ["3", "2", "1"], "label": ["neutral", "against", "neutral"]})
        >>> r = agreement(a, b)
        >>> (r.n, round(r.observed, 3))
        (3, 0.667)
    """
    a = a[a["label"].astype(str).str.strip() != ""]
    b = b[b["label"].astype(str).str.strip() != ""]
    cols = ["item_id", "label"] + (["target"] if "target" in a.columns else [])
    merged = a[cols].merge(b[["item_id", "label"]], on="item_id", suffixes=("_a", "_b"))
    la, lb = merged["label_a"].str.lower().tolist(), merged["label_b"].str.lower().tolist()
    n = len(merged)
    observed = float(np.mean(np.array(la) == np.array(lb))) if n else float("nan")
    rows = []
    if "target" in merged.columns:
        for target, grp in merged.groupby("target", sort=True):
            rows.append({"target": target, "n": len(grp),
                         "observed": float(np.mean(grp["label_a"] == grp["label_b"])),
                         "kappa": cohen_kappa(grp["label_a"], grp["label_b"])})
    return Agreement(
        n=n,
        n_only_a=int((~a["item_id"].isin(b["item_id"])).sum()),
        n_only_b=int((~b["item_id"].isin(a["item_id"])).sum()),
        observed=observed,
        kappa=cohen_kappa(la, lb),
        confusion=confusion(la, lb),
        by_target=pd.DataFrame(rows, columns=["target", "n", "observed", "kappa"]),
    )
