"""Corpus overview: who published how much when, how long the texts are, which words set
each outlet apart.

Compute functions return tidy DataFrames and never modify their input; ``plot_*``
functions take those frames and return a matplotlib Figure.

Distinctive terms use the weighted log-odds ratio with an informative Dirichlet prior of
Monroe, Colaresi & Quinn (2008), "Fightin' Words: Lexical Feature Selection and Evaluation
for Identifying the Content of Political Conflict", *Political Analysis* 16(4). Each group
is compared with all other groups pooled; the prior is the whole corpus' word
distribution, which shrinks rare words toward zero so that the z-scores rank words by how
*reliably* a group over-uses them, not by raw frequency (as the plain log-odds ratio does,
which favours rare words) or raw difference in rates (which favours function words).

Example:
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"group": ["a", "a", "b", "b"], "term": ["x", "y", "x", "y"],
    ...                        "count": [30, 5, 5, 30]})
    >>> lo = weighted_log_odds(counts)
    >>> lo.loc[(lo.group == "a") & (lo.term == "x"), "z"].round(2).item() > 1.96
    True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "core_period", "counts_by_period", "distinctive_terms", "duplicates_by_outlet",
    "duplicate_examples", "ingestion_table", "load_with_rejects", "rejects_by_reason", "outlet_summary", "plot_counts_by_period",
    "plot_distinctive_terms", "plot_rejects", "plot_text_lengths", "term_counts",
    "text_lengths", "weighted_log_odds",
]

_WORD = r"\w+"


# --------------------------------------------------------------------------- ingestion


def load_with_rejects(name_or_path, *, data_dir=None, sample=None, seed=0):
    """Load a corpus with its ingestion report: ``(corpus, rejects, summary)``.

    Uses ``newsprism.corpus.ingest`` (rows kept, rows rejected with a reason, counts) when
    the installed version has it, else ``load_corpus`` with an empty rejects table.
    ``summary`` is a dict with at least ``read``, ``kept`` and ``rejected``.
    """
    import newsprism.corpus as corpus_module

    ingest = getattr(corpus_module, "ingest", None)
    if ingest is None:
        corpus = corpus_module.load_corpus(name_or_path, data_dir=data_dir, sample=sample, seed=seed)
        rejects = pd.DataFrame({"doc_id": pd.Series(dtype=object), "reason": pd.Series(dtype=object)})
        return corpus, rejects, {"read": len(corpus), "kept": len(corpus), "rejected": 0}
    result = ingest(name_or_path, data_dir=data_dir, sample=sample, seed=seed)
    summary = dict(result.summary) if not isinstance(result.summary, dict) else result.summary
    summary.setdefault("kept", len(result.corpus))
    summary.setdefault("rejected", len(result.rejects))
    summary.setdefault("read", summary["kept"] + summary["rejected"])
    return result.corpus, result.rejects, summary


def ingestion_table(summary: dict) -> pd.DataFrame:
    """The ingest summary as a tidy table: ``step`` (read, kept, rejected, repairs, dates,
    duplicates), ``item`` and ``n``; zero counts are kept so reruns compare row by row.

    Example:
        >>> ingestion_table({"read": 3, "kept": 2, "rejected": 1, "rejects": {"empty_text": 1},
        ...                  "repairs": {"whitespace": 4}}).values.tolist()
        [['total', 'read', 3], ['total', 'kept', 2], ['total', 'rejected', 1], ['rejected', 'empty_text', 1], ['repairs', 'whitespace', 4]]
    """
    rows = [("total", key, int(summary[key])) for key in ("read", "kept", "rejected") if key in summary]
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
    return members.sort_values(["dup_group", "dup_kind", "doc_id"], kind="stable").reset_index(drop=True)


def rejects_by_reason(rejects: pd.DataFrame, *, reason: str = "reason") -> pd.DataFrame:
    """Rejected rows per reason, most frequent first.

    Example:
        >>> rejects_by_reason(pd.DataFrame({"reason": ["empty", "dup", "empty"]})).values.tolist()
        [['empty', 2], ['dup', 1]]
    """
    counts = rejects[reason].astype(str).value_counts()
    out = counts.rename_axis("reason").rename("n_rows").reset_index()
    return out.sort_values(["n_rows", "reason"], ascending=[False, True], kind="stable").reset_index(drop=True)


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


# --------------------------------------------------------------------------- sizes


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
    return out.sort_values(["n_docs", by], ascending=[False, True], kind="stable").reset_index(drop=True)


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
        return pd.DataFrame({by: pd.Series(dtype=object), "period": pd.Series(dtype="datetime64[ns]"),
                             "n_docs": pd.Series(dtype="int64")})
    periods = pd.to_datetime(dated["date"]).dt.to_period(freq)
    counts = pd.DataFrame({by: dated[by].to_numpy(), "period": periods.to_numpy()}).value_counts()
    full_range = pd.period_range(periods.min(), periods.max(), freq=freq)
    grid = pd.MultiIndex.from_product([sorted(dated[by].unique()), full_range], names=[by, "period"])
    out = counts.reindex(grid, fill_value=0).rename("n_docs").reset_index()
    out["period"] = out["period"].dt.start_time
    return out


# --------------------------------------------------------------------------- log-odds


def term_counts(texts, groups, *, vectorizer=None, min_count: int = 1, cache_dir=None) -> pd.DataFrame:
    """Tidy term counts per group: columns ``group``, ``term``, ``count`` (non-zero only).

    ``vectorizer`` is any scikit-learn count vectorizer (default
    ``newsprism.features.NewsCountVectorizer(min_df=2)``, tokenized corpus cached in
    ``cache_dir`` when given); terms seen fewer than ``min_count`` times in all groups
    together are dropped.

    Example:
        >>> from sklearn.feature_extraction.text import CountVectorizer
        >>> term_counts(["a b", "b c"], ["X", "Y"], vectorizer=CountVectorizer(token_pattern=r"\\w")
        ...             ).values.tolist()
        [['X', 'a', 1], ['X', 'b', 1], ['Y', 'b', 1], ['Y', 'c', 1]]
    """
    import scipy.sparse as sp

    if vectorizer is None:
        from newsprism.features import NewsCountVectorizer

        extra = {"cache_dir": str(cache_dir)} if cache_dir is not None else {}
        vectorizer = NewsCountVectorizer(min_df=2, max_df=1.0, **extra)
    texts = pd.Series(list(texts)).fillna("").astype(str)
    groups = pd.Categorical(pd.Series(list(groups)).astype(str))
    if len(texts) != len(groups):
        raise ValueError(f"{len(texts)} texts but {len(groups)} group labels")
    X = vectorizer.fit_transform(texts.tolist())
    indicator = sp.csr_matrix(
        (np.ones(len(groups)), (groups.codes, np.arange(len(groups)))),
        shape=(len(groups.categories), len(groups)),
    )
    by_group = (indicator @ X).tocoo()
    vocab = np.asarray(vectorizer.get_feature_names_out(), dtype=object)
    out = pd.DataFrame({
        "group": np.asarray(groups.categories, dtype=object)[by_group.row],
        "term": vocab[by_group.col],
        "count": by_group.data.astype("int64"),
    })
    if min_count > 1:
        totals = out.groupby("term")["count"].transform("sum")
        out = out[totals >= min_count]
    return out.sort_values(["group", "term"], kind="stable").reset_index(drop=True)


def weighted_log_odds(counts: pd.DataFrame, *, group: str = "group", term: str = "term",
                      n: str = "count", prior_strength: float | None = None) -> pd.DataFrame:
    """Weighted log-odds (each group vs all others) with an informative Dirichlet prior.

    For group *i*, word *w*, with counts ``y``, totals ``n`` and prior ``alpha_w = a0 * pi_w``
    (``pi_w`` the word's share of the whole corpus, ``a0 = prior_strength``, by default the
    corpus size, i.e. ``alpha_w`` = the word's corpus count):

    ``delta = log((y_iw + a_w) / (n_i + a0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a0 - y_jw - a_w))``,
    ``var(delta) ~ 1/(y_iw + a_w) + 1/(y_jw + a_w)``, ``z = delta / sqrt(var)``
    (Monroe, Colaresi & Quinn 2008, eqs. 16-18), where *j* pools all other groups.

    Args:
        counts: tidy counts, one row per (group, term); missing pairs count as zero.
        prior_strength: ``a0``; smaller values shrink less (more weight to rare words).

    Returns:
        Every (group, term) pair with ``count``, ``log_odds`` (delta), ``se`` and ``z``,
        sorted by group, then ``z`` descending (ties by term).
    """
    if counts.empty:
        return pd.DataFrame(columns=[group, term, n, "log_odds", "se", "z"])
    if counts[n].lt(0).any():
        raise ValueError(f"column {n!r} has negative counts")
    g = pd.Categorical(counts[group].astype(str))
    t = pd.Categorical(counts[term].astype(str))
    Y = np.zeros((len(g.categories), len(t.categories)))
    np.add.at(Y, (g.codes, t.codes), counts[n].to_numpy(dtype=float))
    if len(g.categories) < 2:
        raise ValueError("weighted log-odds needs at least two groups to compare")
    if len(t.categories) < 2:  # a word that is the whole vocabulary has infinite odds
        raise ValueError("weighted log-odds needs at least two distinct terms")
    word_total = Y.sum(axis=0)
    grand = word_total.sum()
    a0 = float(grand if prior_strength is None else prior_strength)
    if a0 <= 0:
        raise ValueError("prior_strength must be positive")
    alpha = a0 * word_total / grand
    n_i = Y.sum(axis=1, keepdims=True)
    Y_rest = word_total - Y
    n_rest = grand - n_i
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = (np.log(Y + alpha) - np.log(n_i + a0 - Y - alpha)
                 - np.log(Y_rest + alpha) + np.log(n_rest + a0 - Y_rest - alpha))
        se = np.sqrt(1.0 / (Y + alpha) + 1.0 / (Y_rest + alpha))
    out = pd.DataFrame({
        group: np.repeat(np.asarray(g.categories, dtype=object), Y.shape[1]),
        term: np.tile(np.asarray(t.categories, dtype=object), Y.shape[0]),
        n: Y.ravel().astype("int64"),
        "log_odds": delta.ravel(),
        "se": se.ravel(),
    })
    out["z"] = out["log_odds"] / out["se"]
    out = out.sort_values([group, "z", term], ascending=[True, False, True], kind="stable")
    return out.reset_index(drop=True)


def distinctive_terms(corpus: pd.DataFrame, *, by: str = "source", top: int = 15,
                      min_count: int = 10, prior_strength: float | None = None,
                      vectorizer=None, text: str = "text", cache_dir=None) -> pd.DataFrame:
    """The ``top`` terms each outlet over-uses most reliably (highest weighted log-odds z).

    Returns columns ``<by>, rank, term, count, log_odds, se, z`` (rank 1 = most distinctive).
    Terms used fewer than ``min_count`` times in the whole corpus are not ranked.
    ``cache_dir`` caches the tokenized corpus (see :func:`term_counts`).
    """
    counts = term_counts(corpus[text], corpus[by], vectorizer=vectorizer, min_count=min_count,
                         cache_dir=cache_dir)
    lo = weighted_log_odds(counts, prior_strength=prior_strength)
    best = lo.groupby("group", sort=True).head(top).copy()
    best.insert(1, "rank", best.groupby("group").cumcount() + 1)
    return best.rename(columns={"group": by}).reset_index(drop=True)


# --------------------------------------------------------------------------- plots


def plot_counts_by_period(counts: pd.DataFrame, *, by: str = "source", start=None, end=None,
                          title: str | None = None):
    """Heatmap: outlets (rows) by period (columns), cell = documents; empty cells white.

    ``start``/``end`` (dates) limit the columns shown, e.g. to :func:`core_period`.
    Cells carry their counts when there are at most 30 periods.
    """
    import matplotlib.pyplot as plt

    shown = counts
    if start is not None:
        shown = shown[shown["period"] >= pd.Timestamp(start)]
    if end is not None:
        shown = shown[shown["period"] <= pd.Timestamp(end)]
    table = shown.pivot_table(index=by, columns="period", values="n_docs", aggfunc="sum",
                              fill_value=0, sort=True)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    values = table.to_numpy()
    fig, ax = plt.subplots(figsize=(max(7.0, 0.42 * table.shape[1] + 3.0), 0.42 * len(table) + 1.8))
    cmap = plt.get_cmap("viridis").with_extremes(bad="white")
    image = ax.imshow(np.ma.masked_equal(values, 0), aspect="auto", cmap=cmap,
                      interpolation="nearest", vmin=1)
    ax.set_yticks(range(len(table)), table.index)
    step = max(1, table.shape[1] // 20)
    ticks = list(range(0, table.shape[1], step))
    ax.set_xticks(ticks, [pd.Timestamp(table.columns[i]).strftime("%Y-%m-%d") for i in ticks],
                  rotation=60, ha="right", fontsize=8)
    if table.shape[1] <= 30:
        threshold = values.max() * 0.6
        for (r, c), v in np.ndenumerate(values):
            if v:
                ax.text(c, r, str(v), ha="center", va="center", fontsize=7,
                        color="black" if v > threshold else "white")
    ax.set_xlabel("period starting")
    fig.colorbar(image, ax=ax, label="documents", fraction=0.03, pad=0.01)
    ax.set_title(title or "Documents per outlet and week (white: none)")
    fig.tight_layout()
    return fig


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


def plot_text_lengths(lengths: pd.DataFrame, *, by: str = "source", title: str | None = None):
    """Box plots of words per document per outlet (log scale), ordered by median.

    Whiskers span the 2.5-97.5 percentiles; empty texts cannot sit on a log axis and are
    counted in the axis label instead.
    """
    import matplotlib.pyplot as plt

    nonempty = lengths[lengths["n_words"] > 0]
    n_empty = int((lengths["n_words"] <= 0).sum())
    order = nonempty.groupby(by)["n_words"].median().sort_values(kind="stable").index.tolist()
    data = [nonempty.loc[nonempty[by] == k, "n_words"].to_numpy() for k in order]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(order) + 1.6))
    ax.boxplot(data, orientation="horizontal", whis=(2.5, 97.5), widths=0.6,
               flierprops={"marker": ".", "markersize": 3, "alpha": 0.4})
    ax.set_yticks(range(1, len(order) + 1), order)
    ax.set_xscale("log")
    ax.set_xlabel(f"words per document (log scale; whiskers 2.5-97.5 %; "
                  f"{n_empty} empty text{'s' if n_empty != 1 else ''} not shown)")
    ax.set_title(title or "Text length by outlet")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def plot_distinctive_terms(terms: pd.DataFrame, *, by: str = "source", top: int = 10,
                           ncols: int = 3, title: str | None = None):
    """Small multiples: per outlet, its ``top`` terms by weighted log-odds z-score."""
    import matplotlib.pyplot as plt

    groups = sorted(terms[by].unique())
    nrows = max(1, -(-len(groups) // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 0.28 * top * nrows + 1.2 * nrows),
                             squeeze=False)
    for ax, name in zip(axes.ravel(), groups):
        rows = terms[terms[by] == name].sort_values("z", ascending=False, kind="stable").head(top)
        ax.barh(range(len(rows))[::-1], rows["z"], color="#3b75af")
        ax.set_yticks(range(len(rows))[::-1], rows["term"], fontsize=9)
        ax.axvline(1.96, color="grey", lw=0.8, ls="--")
        ax.set_title(str(name), fontsize=11)
        ax.tick_params(axis="x", labelsize=8)
    for ax in axes.ravel()[len(groups):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("z-score (weighted log-odds)", fontsize=9)
    fig.suptitle(title or "Most distinctive terms per outlet (dashed line: z = 1.96)")
    fig.tight_layout()
    return fig


def plot_rejects(rejects: pd.DataFrame, *, reason: str = "reason", title: str | None = None):
    """Horizontal bar chart of rejected rows per reason."""
    import matplotlib.pyplot as plt

    counts = rejects[reason].astype(str).value_counts().sort_values(kind="stable")
    fig, ax = plt.subplots(figsize=(7, 0.4 * max(len(counts), 1) + 1.4))
    if counts.empty:
        ax.text(0.5, 0.5, "no rejected rows", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
    else:
        ax.barh(counts.index, counts.to_numpy(), color="#c0504d")
        for y, v in enumerate(counts.to_numpy()):
            ax.text(v, y, f" {v:,}", va="center", fontsize=9)
        ax.set_xlabel("rows rejected")
    ax.set_title(title or "Rejected at ingestion, by reason")
    fig.tight_layout()
    return fig
