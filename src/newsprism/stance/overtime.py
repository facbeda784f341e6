"""Stance over time: per-sentence predictions → per-article indices → outlet × period.

- :func:`predict_corpus_stance` finds target mentions in each article and labels each
  (sentence, target) pair with a fitted model;
- :func:`article_stance` counts favor / against / neutral sentences per article and
  target, with the net index ``(favor − against) / mentions`` in [−1, 1];
- :func:`stance_over_time` pools articles per outlet × period into the tidy table
  ``period, source, target, n, net, ci_low, ci_high`` (``n`` articles; the interval is a
  percentile bootstrap over articles, so one long article cannot fake certainty);
- :func:`plot_net_stance` draws it, one panel per outlet.

Example:
    >>> sent = pd.DataFrame({"doc_id": ["a", "a", "b"], "source": ["X", "X", "X"],
    ...     "date": pd.to_datetime(["2017-01-02"] * 3), "target": ["NATO"] * 3,
    ...     "label": ["favor", "against", "against"]})
    >>> article_stance(sent)[["doc_id", "mentions", "net"]].values.tolist()
    [['a', 2, 0.0], ['b', 1, -1.0]]
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from newsprism.stance.mentions import corpus_mentions

OVERTIME_COLUMNS = ["period", "source", "target", "n", "net", "ci_low", "ci_high"]


def predict_corpus_stance(model, corpus: pd.DataFrame, targets, *,
                          progress: bool = True) -> pd.DataFrame:
    """One row per (article, sentence, target) with the predicted label and probabilities.

    A sentence naming a target twice counts once (its first mention is classified).
    """
    mentions = corpus_mentions(corpus, targets, progress=progress)
    cols = ["doc_id", "source", "date", "target", "mention", "sentence", "label",
            "p_favor", "p_against", "p_neutral"]
    if mentions.empty:
        return pd.DataFrame(columns=cols)
    mentions = mentions.drop_duplicates(["doc_id", "sent_start", "target"]).reset_index(drop=True)
    X = pd.DataFrame({"text": mentions["sentence"],
                      "start": mentions["start"] - mentions["sent_start"],
                      "end": mentions["end"] - mentions["sent_start"]})
    proba = model.predict_proba(X)
    classes = list(model.classes_)
    out = mentions[[c for c in ("doc_id", "source", "date") if c in mentions.columns]
                   + ["target", "mention", "sentence"]].copy()
    out["label"] = np.asarray(classes, dtype=object)[proba.argmax(axis=1)]
    for label in ("favor", "against", "neutral"):
        out[f"p_{label}"] = proba[:, classes.index(label)] if label in classes else 0.0
    return out


def article_stance(sentences: pd.DataFrame) -> pd.DataFrame:
    """Per article and target: ``n_favor, n_against, n_neutral, mentions, net``."""
    keys = [c for c in ("doc_id", "source", "date") if c in sentences.columns] + ["target"]
    counts = (sentences.groupby(keys + ["label"], dropna=False, sort=True).size()
              .unstack("label", fill_value=0)
              .reindex(columns=["favor", "against", "neutral"], fill_value=0))
    out = counts.rename(columns=lambda c: f"n_{c}").reset_index()
    out.columns.name = None
    out["mentions"] = out[["n_favor", "n_against", "n_neutral"]].sum(axis=1).astype(int)
    out["net"] = (out["n_favor"] - out["n_against"]) / out["mentions"]
    return out


def net_stance(articles: pd.DataFrame, *, by: str = "source") -> pd.DataFrame:
    """Net stance over the whole period: (favor − against) / mentions, ``by`` × target.

    Pools the sentences of all articles in a cell, like :func:`stance_over_time` does per
    period.

    Example:
        >>> a = pd.DataFrame({"source": ["X", "X"], "target": ["NATO", "NATO"],
        ...                   "n_favor": [2, 0], "n_against": [0, 1], "mentions": [3, 1]})
        >>> net_stance(a).round(2).to_dict()
        {'NATO': {'X': 0.25}}
    """
    sums = articles.groupby([by, "target"])[["n_favor", "n_against", "mentions"]].sum()
    return ((sums["n_favor"] - sums["n_against"]) / sums["mentions"]).unstack("target")


def _period(dates: pd.Series, freq: str) -> pd.Series:
    dates = pd.to_datetime(dates, errors="coerce")
    if freq.upper().startswith("W"):
        return (dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")).dt.normalize()
    return dates.dt.to_period(freq).dt.start_time


def stance_over_time(articles: pd.DataFrame, *, freq: str = "W", n_boot: int = 1000,
                     seed: int = 0, alpha: float = 0.05) -> pd.DataFrame:
    """Net stance per period × outlet × target with bootstrap CIs over articles.

    ``net`` pools the articles of a cell: (Σ favor − Σ against) / Σ mentions.
    ``period`` is the first day of the week (Monday, ``freq="W"``) or month (``"M"``).

    Example:
        >>> arts = pd.DataFrame({"source": ["X"] * 3, "target": ["NATO"] * 3,
        ...     "date": pd.to_datetime(["2017-01-02", "2017-01-03", "2017-01-04"]),
        ...     "n_favor": [1, 0, 0], "n_against": [0, 1, 1], "mentions": [2, 1, 1]})
        >>> stance_over_time(arts, n_boot=200)[["n", "net"]].values.tolist()
        [[3.0, -0.25]]
    """
    rng = np.random.default_rng(seed)
    data = articles.assign(period=_period(articles["date"], freq)).dropna(subset=["period"])
    rows = []
    for (period, source, target), cell in data.groupby(["period", "source", "target"],
                                                        sort=True):
        diff = (cell["n_favor"] - cell["n_against"]).to_numpy(dtype=float)
        mentions = cell["mentions"].to_numpy(dtype=float)
        net = diff.sum() / mentions.sum()
        k = len(cell)
        if k > 1 and n_boot:
            idx = rng.integers(0, k, size=(n_boot, k))
            boot = diff[idx].sum(axis=1) / mentions[idx].sum(axis=1)
            low, high = np.percentile(boot, [100 * alpha / 2, 100 * (1 - alpha / 2)])
        else:
            low = high = np.nan  # one article: no interval to speak of
        rows.append({"period": period, "source": source, "target": target, "n": k,
                     "net": net, "ci_low": low, "ci_high": high})
    return pd.DataFrame(rows, columns=OVERTIME_COLUMNS)


def plot_net_stance(table: pd.DataFrame, *, targets: Sequence[str] = ("Russia", "NATO"),
                    sources: Sequence[str] | None = None, min_articles: int = 2,
                    title: str | None = None):
    """Net stance over time, one panel per outlet, one line (with CI band) per target.

    Cells with fewer than ``min_articles`` articles are left out so single articles do not
    draw spikes. Returns the matplotlib Figure.
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    data = table[table["target"].isin(targets) & (table["n"] >= min_articles)]
    # symmetric y range wide enough for the intervals, at least ±0.5
    span = np.nanmax(np.abs(data[["net", "ci_low", "ci_high"]].to_numpy())) if len(data) else 0.5
    span = float(min(1.05, max(0.5, np.ceil((span + 0.05) * 10) / 10)))
    sources = list(sources) if sources is not None else sorted(table["source"].unique())
    ncols = 3 if len(sources) > 4 else max(1, len(sources))
    nrows = int(np.ceil(len(sources) / ncols)) or 1
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 2.8 * nrows), sharex=True,
                             sharey=True, squeeze=False)
    colors = dict(zip(targets, plt.rcParams["axes.prop_cycle"].by_key()["color"]))
    for ax, source in zip(axes.flat, sources):
        for target in targets:
            cell = data[(data["source"] == source) & (data["target"] == target)]
            cell = cell.sort_values("period")
            if cell.empty:
                continue
            ax.plot(cell["period"], cell["net"], marker="o", ms=3, lw=1.2,
                    color=colors[target], label=target)
            ax.fill_between(cell["period"], cell["ci_low"], cell["ci_high"],
                            color=colors[target], alpha=0.15, lw=0)
        ax.axhline(0, color="grey", lw=0.6)
        ax.set_title(source, fontsize=10)
        ax.set_ylim(-span, span)
        locator = mdates.AutoDateLocator(maxticks=6)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.tick_params(axis="x", labelsize=8)
    for ax in list(axes.flat)[len(sources):]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel("net stance\n(favor − against) / mentions", fontsize=8)
    handles = [plt.Line2D([], [], color=colors[t], marker="o", label=t) for t in targets]
    fig.suptitle(title or f"Net stance toward {' and '.join(targets)} by outlet "
                 f"(95% bootstrap CI over articles; cells with ≥{min_articles} articles)",
                 fontsize=11, x=0.01, ha="left")
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    fig.legend(handles=handles, loc="upper right", ncol=len(targets), frameon=False,
               bbox_to_anchor=(0.99, 0.995), fontsize=9)
    return fig


def document_stance(model, text: str, targets, *, doc_id: str = "doc") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sentence-level predictions and the per-target summary for one text (e.g. a seed)."""
    corpus = pd.DataFrame({"doc_id": [doc_id], "source": [""], "date": [pd.NaT], "text": [text]})
    sentences = predict_corpus_stance(model, corpus, targets, progress=False)
    if sentences.empty:
        return sentences, pd.DataFrame(columns=["target", "n_favor", "n_against", "n_neutral",
                                                "mentions", "net"])
    summary = article_stance(sentences.drop(columns=["source", "date"]))
    return sentences, summary.drop(columns=["doc_id"])
