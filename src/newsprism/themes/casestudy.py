"""Glue for notebooks 04 and 05: one article (or a corpus) through the whole pipeline.

- :func:`nearest_articles` — the corpus articles most similar to a text (cosine over
  newsprism tf-idf features).
- :func:`topic_model_for_trends` — the BBC topic classifier (from
  ``<cache_dir>/models/topic_bbc.skops`` or trained through :mod:`newsprism.topics`), its
  predictions on a corpus as a trends assignment table, and its cross-validated
  confusion matrix for adjusted classify-and-count. Every optional step reports what it
  did (or why it could not) in ``message`` instead of failing.

Example:
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "title": ["", "", ""],
    ...     "text": ["NATO and Russia resume military ties", "Oil prices fall",
    ...              "Russia NATO military contacts frozen"]})
    >>> nearest_articles("NATO Russia military ties", corpus, n=2, min_df=1)["doc_id"].tolist()
    ['a', 'c']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from newsprism.themes.discovered import corpus_texts

TOPIC_MODEL_NAME = "topic_bbc"


def nearest_articles(text: str, corpus: pd.DataFrame, *, n: int = 5, vectorizer=None,
                     min_df: int = 2, ngram_range=(1, 2), text_columns=("title", "text")) -> pd.DataFrame:
    """The ``n`` corpus articles closest to ``text`` by cosine similarity of tf-idf vectors.

    The vectoriser (default :class:`newsprism.features.NewsTfidfVectorizer`) is fitted on
    the corpus, so rare words of the query that the corpus never uses do not count.
    Returns the corpus columns ``doc_id, date, source, title`` (those present) plus
    ``similarity`` (0–1), best first.
    """
    from sklearn.base import clone

    if vectorizer is None:
        from newsprism.features import NewsTfidfVectorizer

        vectorizer = NewsTfidfVectorizer(ngram_range=tuple(ngram_range), min_df=min_df, max_df=0.95)
    vec = clone(vectorizer)
    X = vec.fit_transform(corpus_texts(corpus, text_columns))
    q = vec.transform([text])
    # tf-idf rows are L2-normalised, so the dot product is the cosine
    sims = np.asarray((X @ q.T).todense()).ravel()
    order = np.argsort(-sims, kind="stable")[:n]
    keep = [c for c in ("doc_id", "date", "source", "title") if c in corpus.columns]
    out = corpus.iloc[order][keep].reset_index(drop=True)
    out["similarity"] = sims[order]
    return out


@dataclass
class TopicTrendInputs:
    """What :func:`topic_model_for_trends` found; ``assignments`` is None when unavailable."""

    message: str
    model: object = None
    card: dict = field(default_factory=dict)
    labels: list | None = None
    matrix: np.ndarray | None = None
    predictions: pd.DataFrame | None = None
    assignments: pd.DataFrame | None = None


def topic_assignments(predictions: pd.DataFrame, corpus: pd.DataFrame) -> pd.DataFrame:
    """Trends assignment table from :func:`newsprism.topics.predict_topics` output.

    Uses the most probable topic (no abstention), which is what the cross-validated
    confusion matrix on the model card describes.
    """
    pcols = [c for c in predictions.columns if c.startswith("p_")]
    if pcols:
        theme = np.array([c[2:] for c in pcols])[predictions[pcols].to_numpy().argmax(axis=1)]
    else:
        theme = predictions["topic"].to_numpy()
    keep = [c for c in ("doc_id", "date", "source") if c in corpus.columns]
    base = corpus[keep].reset_index(drop=True)
    return base.assign(theme=theme)


def topic_model_for_trends(corpus: pd.DataFrame, *, cache_dir, data_dir=None, seed: int = 0,
                           train_if_missing: bool = False, train_sample: int | None = None) -> TopicTrendInputs:
    """Load (or train) the BBC topic model and predict topics for ``corpus``.

    Looks for ``<cache_dir>/models/topic_bbc.skops``. With ``train_if_missing`` it trains
    one through :mod:`newsprism.topics` (evaluated with duplicate-grouped cross-validation
    so the card carries ``cv_confusion``), optionally on ``train_sample`` BBC articles.
    Never raises for a missing optional piece; ``message`` says what happened.
    """
    try:
        from newsprism import topics
        from newsprism.persist import load_card
    except ImportError as exc:  # pragma: no cover - depends on what has landed
        return TopicTrendInputs(f"topic classifier not available ({exc}); skipping topic shares")
    needed = ("load_topic_model", "predict_topics", "train_topic_model", "save_topic_model", "evaluate")
    missing = [n for n in needed if not hasattr(topics, n)]
    if missing:
        return TopicTrendInputs(f"newsprism.topics lacks {missing}; skipping topic shares")
    path = Path(cache_dir) / "models" / f"{TOPIC_MODEL_NAME}.skops"
    how = f"loaded {path}"
    try:
        if path.is_file():
            model = topics.load_topic_model(path)
            card = load_card(path)
        elif train_if_missing:
            from newsprism.corpus import load_corpus

            bbc = load_corpus("bbc", data_dir=data_dir, sample=train_sample, seed=seed)
            evaluation = topics.evaluate(bbc, "topic", seed=seed)
            model = topics.train_topic_model(bbc, "topic", seed=seed)
            name = "bbc" if train_sample is None else f"bbc (sample of {train_sample})"
            card = topics.save_topic_model(model, path, training_name=name, training_data=bbc,
                                           label_col="topic", evaluation=evaluation)
            how = f"trained on {name} and saved to {path}"
        else:
            return TopicTrendInputs(f"no topic model at {path} (train it in notebook 02 or with "
                                    "`newsprism topics train`); skipping topic shares")
    except Exception as exc:  # noqa: BLE001 - an optional step must not stop the notebook
        return TopicTrendInputs(f"topic model unavailable ({type(exc).__name__}: {exc}); "
                                "skipping topic shares")
    predictions = topics.predict_topics(model, corpus)
    assignments = topic_assignments(predictions, corpus)
    cm = card.get("cv_confusion") if isinstance(card, dict) else None
    if not cm:
        return TopicTrendInputs(f"{how}; its card has no cv_confusion, so only raw shares",
                                model=model, card=card, predictions=predictions)
    labels, matrix = list(cm["labels"]), np.asarray(cm["matrix"], dtype=float)
    assignments = assignments[assignments["theme"].isin(labels)]
    return TopicTrendInputs(f"{how}; {len(labels)} topics, cross-validated confusion matrix "
                            f"from {int(matrix.sum()):,} validation articles",
                            model=model, card=card, labels=labels, matrix=matrix,
                            predictions=predictions, assignments=assignments)
