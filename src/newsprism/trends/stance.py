"""Stance over time: per-sentence predictions → per-article indices → outlet × period.

- :func:`predict_corpus_stance` finds target mentions in each article and labels each
  (sentence, target) pair with a fitted model;
- :func:`article_stance` counts favor / against / neutral sentences per article and
  target, with the net index ``(favor − against) / mentions`` in [−1, 1];
- :func:`stance_over_time` pools articles per outlet × period into the tidy table
  ``period, source, target, n, net, ci_low, ci_high`` (``n`` articles; the interval is a
  percentile bootstrap over articles, so one long article cannot fake certainty). Periods
  are those of :func:`newsprism.trends.prevalence` and the bootstrap is
  :mod:`newsprism.evaluation`'s;
- :func:`newsprism.plots.plot_net_stance` draws it, one panel per outlet.

Example:
    >>> sent = pd.DataFrame({"doc_id": ["a", "a", "b"], "source": ["X", "X", "X"],
    ...     "date": pd.to_datetime(["2017-01-02"] * 3), "target": ["NATO"] * 3,
    ...     "label": ["favor", "against", "against"]})
    >>> article_stance(sent)[["doc_id", "mentions", "net"]].values.tolist()
    [['a', 2, 0.0], ['b', 1, -1.0]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from newsprism.evaluation import percentile_interval, resample_counts
from newsprism.stance.mentions import corpus_mentions
from newsprism.trends.periods import period_start

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


def stance_over_time(articles: pd.DataFrame, *, period: str = "W", n_boot: int = 1000,
                     seed: int = 0, alpha: float = 0.05) -> pd.DataFrame:
    """Net stance per period × outlet × target with bootstrap CIs over articles.

    ``net`` pools the articles of a cell: (Σ favor − Σ against) / Σ mentions.
    ``period`` is the first day of the week (Monday, ``period="W"``), month (``"M"``),
    or any period of :func:`newsprism.trends.period_start`.

    Example:
        >>> arts = pd.DataFrame({"source": ["X"] * 3, "target": ["NATO"] * 3,
        ...     "date": pd.to_datetime(["2017-01-02", "2017-01-03", "2017-01-04"]),
        ...     "n_favor": [1, 0, 0], "n_against": [0, 1, 1], "mentions": [2, 1, 1]})
        >>> stance_over_time(arts, n_boot=200)[["n", "net"]].values.tolist()
        [[3.0, -0.25]]
    """
    rng = np.random.default_rng(seed)
    data = articles.assign(period=period_start(articles["date"], period).to_numpy())
    data = data.dropna(subset=["period"])
    rows = []
    for (start, source, target), cell in data.groupby(["period", "source", "target"],
                                                       sort=True):
        diff = (cell["n_favor"] - cell["n_against"]).to_numpy(dtype=float)
        mentions = cell["mentions"].to_numpy(dtype=float)
        net = diff.sum() / mentions.sum()
        k = len(cell)
        if k > 1 and n_boot:
            counts = resample_counts(k, n_boot, rng)
            low, high = percentile_interval((counts @ diff) / (counts @ mentions), alpha)
        else:
            low = high = np.nan  # one article: no interval to speak of
        rows.append({"period": start, "source": source, "target": target, "n": k,
                     "net": net, "ci_low": low, "ci_high": high})
    return pd.DataFrame(rows, columns=OVERTIME_COLUMNS)


def document_stance(model, text: str, targets, *, doc_id: str = "doc") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sentence-level predictions and the per-target summary for one text (e.g. a seed)."""
    corpus = pd.DataFrame({"doc_id": [doc_id], "source": [""], "date": [pd.NaT], "text": [text]})
    sentences = predict_corpus_stance(model, corpus, targets, progress=False)
    if sentences.empty:
        return sentences, pd.DataFrame(columns=["target", "n_favor", "n_against", "n_neutral",
                                                "mentions", "net"])
    summary = article_stance(sentences.drop(columns=["source", "date"]))
    return sentences, summary.drop(columns=["doc_id"])
