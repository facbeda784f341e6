"""Train, save, load and apply topic models; the model card says what a model is.

A saved model is ``M.skops`` (no pickle) with ``M.card.json`` / ``M.card.md`` written by
:func:`newsprism.persist.save_model`. The topic card adds ``label_set``, the training
data's name and content hash, ``n_docs``, ``metrics`` (macro-F1 with its 95% interval and
per-class scores, from duplicate-grouped cross-validation) and ``cv_confusion`` (rows true,
columns predicted) which prevalence estimates use to correct classify-and-count.

Example:
    >>> import pandas as pd, tempfile, pathlib
    >>> docs = pd.DataFrame({"doc_id": list("abcdef"),
    ...     "text": ["goal match cup", "league goal win", "cup final goal",
    ...              "bank shares fall", "rates bank rise", "shares profit firm"],
    ...     "topic": ["sport"] * 3 + ["business"] * 3})
    >>> clf = train_topic_model(docs, "topic", estimator=TopicClassifier(
    ...     param_grid={"C": [1.0]}, inner_splits=2, min_df=1, abstain_threshold=0))
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "topics.skops"
    >>> card = save_topic_model(clf, path, training_name="demo", training_data=docs,
    ...                         label_col="topic")
    >>> predict_topics(load_topic_model(path), docs.head(2))["topic"].tolist()
    ['sport', 'sport']
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from newsprism.errors import DataError, UntrustedModelError
from newsprism.fingerprint import frame_fingerprint
from newsprism.topics.model import TopicClassifier, document_texts
from newsprism.topics.splits import corpus_groups

DEFAULT_FIELDS = ("title", "text")


#: the columns whose content the model card's training-data hash covers
HASHED_COLUMNS = ("doc_id", "title", "text")


def labelled_rows(corpus: pd.DataFrame, label_col: str) -> pd.DataFrame:
    """Rows with a non-empty label (a copy-free filter; the input is never modified)."""
    if label_col not in corpus.columns:
        raise DataError(f"no label column {label_col!r} (columns: {list(corpus.columns)})",
                        column=label_col)
    keep = corpus[label_col].notna() & (corpus[label_col].astype(str).str.strip() != "")
    if not keep.any():
        raise DataError(f"column {label_col!r} has no labels", column=label_col)
    return corpus[keep]


def train_topic_model(corpus: pd.DataFrame, label_col: str = "topic", *, estimator=None,
                      fields=DEFAULT_FIELDS, seed: int = 0) -> TopicClassifier:
    """Fit ``estimator`` (default :class:`TopicClassifier`) on the labelled rows of ``corpus``."""
    rows = labelled_rows(corpus, label_col)
    model = TopicClassifier(random_state=seed) if estimator is None else estimator
    model.fit(document_texts(rows, fields), rows[label_col].astype(str).tolist(),
              groups=corpus_groups(rows))
    return model


def save_topic_model(model: TopicClassifier, path, *, training_name: str,
                     training_data: pd.DataFrame, label_col: str, evaluation=None,
                     fields=DEFAULT_FIELDS, extra: dict | None = None) -> dict:
    """Save a fitted model with its topic card; returns the card.

    ``evaluation`` (a :class:`~newsprism.topics.evaluate.TopicEvaluation`) supplies
    ``metrics`` and ``cv_confusion``; without it the card says the model is unevaluated.
    """
    from newsprism.persist import save_model

    rows = labelled_rows(training_data, label_col)
    card = {
        "name": Path(path).stem,
        "task": "topic classification",
        "label_set": [str(c) for c in model.classes_],
        "other_label": model.other_label,
        "abstain_threshold": model.abstain_threshold,
        "label_column": label_col,
        "text_fields": list(fields),
        "training_data": {"name": str(training_name), "sha256": frame_fingerprint(rows, HASHED_COLUMNS),
                          "n_docs": int(len(rows))},
        "n_docs": int(len(rows)),
        "best_params": model.best_params_,
        "search_scores": model.search_scores_,
        "n_features": int(model.n_features_),
    }
    if evaluation is not None:
        metrics = dict(evaluation.metrics)
        card["metrics"] = metrics
        card["cv_confusion"] = evaluation.cv_confusion()
        card["evaluation"] = (f"{metrics['n_folds']}-fold cross-validation, duplicate groups "
                              f"{'on one side' if metrics['grouped_duplicates'] else 'NOT grouped'}; "
                              f"95% bootstrap CI over {metrics['n_boot']} resamples of "
                              "duplicate clusters")
    else:
        card["metrics"] = None
        card["evaluation"] = "not evaluated"
    card.update(extra or {})
    return save_model(model, path, card=card)


def load_topic_model(path) -> TopicClassifier:
    """Load a model saved by :func:`save_topic_model`; refuses tampered or foreign files."""
    from newsprism.persist import load_model

    return load_model(path, expected=TopicClassifier)


def predict_topics(model: TopicClassifier, corpus: pd.DataFrame, *, fields=DEFAULT_FIELDS,
                   threshold: float | None = None) -> pd.DataFrame:
    """Topic per article of a canonical corpus.

    Returns:
        DataFrame ``doc_id, topic, abstained, confidence, p_<topic>...`` in corpus order;
        ``topic`` is ``model.other_label`` where the model abstained.
    """
    if corpus.empty:
        cols = ["doc_id", "topic", "abstained", "confidence"] + [f"p_{c}" for c in model.classes_]
        return pd.DataFrame(columns=cols)
    proba = model.predict_proba(document_texts(corpus, fields))
    topic = model.labels_from_proba(proba, threshold)
    doc_ids = corpus["doc_id"].to_numpy(dtype=object) if "doc_id" in corpus else np.arange(len(corpus))
    out = pd.DataFrame({"doc_id": doc_ids, "topic": topic,
                        "abstained": topic == model.other_label,
                        "confidence": proba.max(axis=1)})
    for j, label in enumerate(model.classes_):
        out[f"p_{label}"] = proba[:, j]
    return out


def load_card_fields(path) -> tuple[str, ...]:
    """The text fields a saved model was trained on (from its card; default title+text)."""
    from newsprism.persist import load_card

    try:
        fields = load_card(path).get("text_fields")
    except UntrustedModelError:
        fields = None
    return tuple(fields) if fields else DEFAULT_FIELDS
