"""Describe a corpus: who published how much when, how long the texts are, what ingestion did.

Every function takes the canonical corpus table (or an ingest summary / rejects table),
returns a tidy DataFrame and never modifies its input; the figures are in
:mod:`newsprism.plots.overview`.

Example:
    >>> import pandas as pd
    >>> df = pd.DataFrame({"doc_id": ["1", "2", "3"], "source": ["X", "X", "Y"],
    ...     "date": pd.to_datetime(["2017-01-02", None, "2017-01-09"]),
    ...     "text": ["a b c", "a b", "a"]})
    >>> outlet_summary(df)[["source", "n_docs", "n_undated"]].values.tolist()
    [['X', 2, 1], ['Y', 1, 0]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["core_period", "counts_by_period", "duplicate_examples", "duplicates_by_outlet",
           "ingestion_table", "outlet_summary", "rejects_by_reason", "text_lengths"]

_WORD = r"\w+"


def ingestion_table(summary: dict) -> pd.DataFrame:
    """The ingest summary as a tidy table: ``step`` (read, kept, rejected, repairs, dates,
    duplicates), ``item`` and ``n``; zero counts are kept so reruns compare row by row.

    Example:
        >>> table = ingestion_table({"read": 3, "kept": 2, "rejected": 1,
        ...                          "rejects": {"empty_text": 1}, "repairs": {"whitespace": 4}})
        >>> table.values.tolist()[2:]
        [['total', 'rejected', 1], ['rejected', 'empty_text', 1], ['repairs', 'whitespace', 4]]
    """
    rows = [("total", key, int(summary[key])) for key in ("read", "kept", "rejected")
            if key in summary]
    for step, key in (("rejected", "rejects"), ("repairs", "repairs"), ("dates", "dates"),
                      ("duplicates", "duplicates")):
        for item, n in (summary.get(key) or {}).items():
            if isinstance(n, (int, np.integer)):
                rows.append((step, str(item), int(n)))
    return pd.DataFrame(rows, columns=["step", "item", "n"])


def duplicate_examples(corpus: pd.DataFrame, *, max_groups: int = 10,
                       columns=("doc_id", "source", "date", "title")) -> pd.DataFrame:
    """The members of the first ``max_groups`` duplicate clusters (``dup_group``), for reading.

    Empty when the corpus has no ``dup_kind`` column or no duplicates.
    """
    cols = [c for c in ("dup_group", "dup_kind", *columns) if c in corpus]
    if "dup_kind" not in corpus:
        return pd.DataFrame(columns=cols)
    flagged = corpus.loc[corpus["dup_kind"].fillna("").astype(str) != "", "dup_group"]
    groups = sorted(flagged.unique())[:max_groups]
    members = corpus.loc[corpus["dup_group"].isin(groups), cols]
    return (members.sort_values(["dup_group", "dup_kind", "doc_id"], kind="stable")
            .reset_index(drop=True))


def rejects_by_reason(rejects: pd.DataFrame, *, reason: str = "reason") -> pd.DataFrame:
    """Rejected rows per reason, most frequent first.

    Example:
        >>> rejects_by_reason(pd.DataFrame({"reason": ["empty", "dup", "empty"]})).values.tolist()
        [['empty', 2], ['dup', 1]]
    """
    counts = rejects[reason].astype(str).value_counts()
    out = counts.rename_axis("reason").rename("n_rows").reset_index()
    return (out.sort_values(["n_rows", "reason"], ascending=[False, True], kind="stable")
            .reset_index(drop=True))


def duplicates_by_outlet(corpus: pd.DataFrame, *, by: str = "source") -> pd.DataFrame:
    """Kept documents flagged as exact or near duplicates of an earlier one, per outlet.

    Needs the ``dup_kind`` column (``""``, ``"exact"``, ``"near"``); without it the table
    is empty.
    """
    if "dup_kind" not in corpus:
        return pd.DataFrame(columns=[by, "exact", "near", "n_docs"])
    kind = corpus["dup_kind"].fillna("").astype(str)
    table = pd.crosstab(corpus[by], kind).reindex(columns=["exact", "near"], fill_value=0)
    table["n_docs"] = corpus[by].value_counts().reindex(table.index)
    table.columns.name = None
    return table.reset_index().sort_values(by, kind="stable").reset_index(drop=True)


def text_lengths(corpus: pd.DataFrame, *, by: str = "source", text: str = "text") -> pd.DataFrame:
    """Length of each document in words (``\\w+`` runs) and characters.

    Example:
        >>> df = pd.DataFrame({"doc_id": ["a", "b"], "source": ["X", "Y"],
        ...                    "text": ["Two words.", None]})
        >>> text_lengths(df)[["doc_id", "n_words", "n_chars"]].values.tolist()
        [['a', 2, 10], ['b', 0, 0]]
    """
    body = corpus[text].fillna("").astype(str)
    return pd.DataFrame({
        "doc_id": corpus["doc_id"].to_numpy(),
        by: corpus[by].to_numpy(),
        "n_words": body.str.count(_WORD).astype("int64").to_numpy(),
        "n_chars": body.str.len().astype("int64").to_numpy(),
    })


def outlet_summary(corpus: pd.DataFrame, *, by: str = "source") -> pd.DataFrame:
    """One row per outlet: documents, share, date span, undated documents, median length,
    and duplicates (documents flagged ``exact``/``near`` in ``dup_kind`` when present).

    Example:
        >>> df = pd.DataFrame({"doc_id": ["1", "2", "3"], "source": ["X", "X", "Y"],
        ...     "date": pd.to_datetime(["2017-01-02", None, "2017-01-09"]),
        ...     "text": ["a b c", "a b", "a"]})
        >>> outlet_summary(df)[["source", "n_docs", "n_undated", "median_words"]].values.tolist()
        [['X', 2, 1, 2.5], ['Y', 1, 0, 1.0]]
    """
    lengths = text_lengths(corpus, by=by)
    frame = pd.DataFrame({
        by: corpus[by].to_numpy(),
        "date": pd.to_datetime(corpus["date"]).to_numpy() if "date" in corpus else pd.NaT,
        "n_words": lengths["n_words"].to_numpy(),
        "duplicate": (corpus["dup_kind"].fillna("").astype(str) != "").to_numpy()
        if "dup_kind" in corpus else False,
    })
    grouped = frame.groupby(by, sort=True)
    out = pd.DataFrame({
        "n_docs": grouped.size(),
        "first_date": grouped["date"].min(),
        "last_date": grouped["date"].max(),
        "n_undated": grouped["date"].apply(lambda s: int(s.isna().sum())),
        "median_words": grouped["n_words"].median().astype(float),
        "n_duplicates": grouped["duplicate"].sum().astype("int64"),
    }).reset_index()
    out.insert(2, "share", (out["n_docs"] / out["n_docs"].sum()).round(4))
    return (out.sort_values(["n_docs", by], ascending=[False, True], kind="stable")
            .reset_index(drop=True))


def counts_by_period(corpus: pd.DataFrame, *, by: str = "source", freq: str = "W") -> pd.DataFrame:
    """Documents per outlet and period, with zero rows for empty periods (a complete grid).

    ``freq`` is a pandas period alias: ``"W"`` (weeks Monday-Sunday, the default), ``"M"``
    (months), ``"D"``... ``period`` is the period's first day. Undated documents are left
    out (``outlet_summary`` counts them).

    Example:
        >>> df = pd.DataFrame({"source": ["X", "X", "Y"],
        ...     "date": pd.to_datetime(["2017-01-02", "2017-01-16", "2017-01-03"])})
        >>> counts_by_period(df).n_docs.tolist()
        [1, 0, 1, 1, 0, 0]
    """
    dated = corpus.loc[corpus["date"].notna(), [by, "date"]]
    if dated.empty:
        return pd.DataFrame({by: pd.Series(dtype=object),
                             "period": pd.Series(dtype="datetime64[ns]"),
                             "n_docs": pd.Series(dtype="int64")})
    periods = pd.to_datetime(dated["date"]).dt.to_period(freq)
    counts = pd.DataFrame({by: dated[by].to_numpy(), "period": periods.to_numpy()}).value_counts()
    full_range = pd.period_range(periods.min(), periods.max(), freq=freq)
    grid = pd.MultiIndex.from_product([sorted(dated[by].unique()), full_range],
                                      names=[by, "period"])
    out = counts.reindex(grid, fill_value=0).rename("n_docs").reset_index()
    out["period"] = out["period"].dt.start_time
    return out


def core_period(dates, coverage: float = 0.98) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The date range between the (1 - coverage)/2 and 1 - (1 - coverage)/2 quantiles.

    Example:
        >>> d = pd.to_datetime(["2016-01-01"] + ["2017-02-01"] * 98 + ["2017-03-01"])
        >>> [t.date().isoformat() for t in core_period(d, coverage=0.98)]
        ['2017-02-01', '2017-02-01']
    """
    d = pd.Series(pd.to_datetime(dates)).dropna().sort_values()
    if d.empty:
        raise ValueError("no dated documents")
    tail = (1.0 - coverage) / 2
    return d.quantile(tail, interpolation="higher"), d.quantile(1 - tail, interpolation="lower")


def bulk_date_range(dates, *, gap: float = 0.5) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """First and last date of the corpus's bulk, leaving out stray dates far outside it.

    A stray date (a mis-dated article, an archive page) lies more than ``gap`` times the span
    of the middle 99% of dates before its 0.5% quantile or after its 99.5% quantile; such
    dates would stretch every time axis over empty periods. Returns ``(None, None)`` when
    nothing is stray (the usual case), so callers keep the corpus's own range.

    Example:
        >>> d = pd.to_datetime(["2016-04-18"] * 3 + ["2016-12-01"] * 100 + ["2017-03-31"] * 100)
        >>> [t if t is None else t.date().isoformat() for t in bulk_date_range(d)]
        ['2016-12-01', None]
    """
    d = pd.Series(pd.to_datetime(dates)).dropna().sort_values()
    if len(d) < 20:
        return None, None
    lo, hi = d.quantile(0.02, interpolation="higher"), d.quantile(0.98, interpolation="lower")
    margin = (hi - lo) * gap
    if margin <= pd.Timedelta(0):
        return None, None
    inside = d[(d >= lo - margin) & (d <= hi + margin)]
    start = inside.iloc[0] if d.iloc[0] < inside.iloc[0] else None
    end = inside.iloc[-1] if d.iloc[-1] > inside.iloc[-1] else None
    return start, end
