"""Transfer check: does a topic model trained on one corpus label another one correctly?

Many outlets file articles under a URL section (``tass.com/politics/...``,
``bbc.co.uk/news/business-...``, ``abcnews.go.com/Politics/...``). Where a section
matches a training topic, it is a free (noisy) label for the new corpus. The section to
topic table ships as ``resources/topic_section_map.csv`` (columns ``source, section, topic,
note``); sections with an empty ``topic`` have no counterpart in the training labels (world
news, health, courts ...), and the model's predictions there show where the label set
breaks.

Example:
    >>> import pandas as pd
    >>> m = load_section_map()
    >>> m[(m.source == "TASS") & (m.section == "economy")].topic.item()
    'business'
    >>> sections_of(pd.DataFrame({"url": ["http://tass.com/sport/1"]})).tolist()
    ['sport']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from newsprism.errors import DataError
from newsprism.resources import resource_path
from newsprism.topics.evaluate import TopicEvaluation, score_predictions
from newsprism.topics.io import predict_topics
from newsprism.topics.splits import corpus_groups


def load_section_map(path: str | Path | None = None) -> pd.DataFrame:
    """The section -> topic table (the packaged one when ``path`` is None)."""
    if path is None:
        path = resource_path("topic_section_map.csv")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"source", "section", "topic"} - set(table.columns)
    if missing:
        raise DataError(f"missing columns {sorted(missing)}", path=path, column=sorted(missing)[0])
    table = table.assign(section=table["section"].str.strip().str.lower(),
                         topic=table["topic"].str.strip())
    dup = table.duplicated(["source", "section"])
    if dup.any():
        row = int(np.flatnonzero(dup)[0]) + 2
        raise DataError("section listed twice", path=path, row=row, column="section")
    return table


def sections_of(corpus: pd.DataFrame) -> pd.Series:
    """The corpus's ``section`` column, else sections derived from ``url``; lower case."""
    if "section" in corpus.columns:
        return corpus["section"].fillna("").astype(str).str.strip().str.lower()
    if "url" not in corpus.columns:
        return pd.Series("", index=corpus.index)
    from newsprism.corpus.sources import url_section

    return corpus["url"].map(url_section).fillna("").astype(str).str.lower()


def map_sections(corpus: pd.DataFrame, section_map: pd.DataFrame | None = None) -> pd.DataFrame:
    """``doc_id, source, section, section_topic`` per article (``""`` when unmapped)."""
    section_map = load_section_map() if section_map is None else section_map
    out = pd.DataFrame({"doc_id": corpus["doc_id"].to_numpy(dtype=object),
                        "source": corpus["source"].astype(str).to_numpy(dtype=object),
                        "section": sections_of(corpus).to_numpy(dtype=object)})
    lookup = {(s, sec): t for s, sec, t in
              section_map[["source", "section", "topic"]].itertuples(index=False)}
    out["section_topic"] = [lookup.get((s, sec), "") for s, sec in zip(out.source, out.section)]
    out["listed"] = [(s, sec) in lookup for s, sec in zip(out.source, out.section)]
    return out


@dataclass
class TransferResult:
    """Outcome of :func:`transfer_check`.

    Attributes:
        predictions: per article ``doc_id, source, section, section_topic, topic,
            predicted`` (most probable), ``confidence``, ``abstained``.
        evaluation: scores on the articles whose section maps to a training topic.
        by_section: per ``source, section``: articles, mapped topic, share the model agrees
            with the section, share abstained, the model's most common topic.
        unmapped: how the model labels sections without a counterpart, topic by topic.
    """

    predictions: pd.DataFrame
    evaluation: TopicEvaluation | None
    by_section: pd.DataFrame = field(default_factory=pd.DataFrame)
    unmapped: pd.DataFrame = field(default_factory=pd.DataFrame)


def transfer_check(model, corpus: pd.DataFrame, section_map: pd.DataFrame | None = None, *,
                   fields=("title", "text"), n_boot: int = 1000, seed: int = 0,
                   min_articles: int = 1) -> TransferResult:
    """Apply ``model`` to ``corpus`` and score it against the section-derived topics."""
    sections = map_sections(corpus, section_map)
    preds = predict_topics(model, corpus, fields=fields)
    classes = list(model.classes_)
    proba = preds[[f"p_{c}" for c in classes]].to_numpy()
    table = sections.assign(
        topic=preds["topic"].to_numpy(), predicted=np.asarray(classes, dtype=object)[proba.argmax(1)],
        confidence=preds["confidence"].to_numpy(), abstained=preds["abstained"].to_numpy(),
        dup_group=corpus_groups(corpus) if "text" in corpus or "dup_group" in corpus else 0,
    )
    scored = table[table["section_topic"].isin(classes)]
    evaluation = None
    if len(scored):
        evaluation = score_predictions(
            scored.rename(columns={"section_topic": "true"}),
            sorted(set(scored["section_topic"]) | set(classes)),
            name="transfer: sections as labels", n_boot=n_boot, seed=seed)
        evaluation.metrics.update({"n_folds": 0, "grouped_duplicates": True,
                                   "abstain_threshold": float(model.abstain_threshold)})

    def _summ(g: pd.DataFrame) -> pd.Series:
        mapped = g["section_topic"].iloc[0]
        return pd.Series({
            "articles": len(g),
            "section_topic": mapped,
            "agree": float((g["predicted"] == mapped).mean()) if mapped else np.nan,
            "abstained": float(g["abstained"].mean()),
            "most_common_prediction": g["topic"].value_counts().idxmax(),
            "share_most_common": float(g["topic"].value_counts(normalize=True).iloc[0]),
        })

    by_section = (table.groupby(["source", "section"], sort=True)[list(table.columns)]
                  .apply(_summ).reset_index())
    by_section = by_section[by_section["articles"] >= min_articles].sort_values(
        ["source", "articles"], ascending=[True, False]).reset_index(drop=True)
    unm = table[(table["section_topic"] == "") & table["listed"]]
    unmapped = (unm.groupby(["source", "section"])["topic"].value_counts(normalize=True)
                .rename("share").reset_index())
    return TransferResult(predictions=table, evaluation=evaluation, by_section=by_section,
                          unmapped=unmapped)
