"""Glue for notebooks 04 and 05: one article (or a corpus) through the whole pipeline.

- :func:`nearest_articles` — the corpus articles most similar to a text (cosine over
  newsprism tf-idf features).
- :func:`topic_model_for_trends` — the BBC topic classifier (from
  ``<cache_dir>/models/topics_bbc.skops`` or trained through :mod:`newsprism.topics`), its
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

TOPIC_MODEL_NAME = "topics_bbc"  # the name notebook 02 and `newsprism topics train` docs use


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

    Looks for ``<cache_dir>/models/topics_bbc.skops``. With ``train_if_missing`` it trains
    one through :mod:`newsprism.topics` (evaluated with duplicate-grouped cross-validation
    so the card carries ``cv_confusion``). With ``train_sample`` (fast runs) a quick model
    on that many BBC articles is kept apart as ``topics_bbc_sample<N>.skops``.
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
    models = Path(cache_dir) / "models"
    path = models / f"{TOPIC_MODEL_NAME}.skops"
    if not path.is_file() and train_sample is not None:
        # a quick model trained on a sample never overwrites (or poses as) the full one
        path = models / f"{TOPIC_MODEL_NAME}_sample{int(train_sample)}.skops"
    how = f"loaded {path}"
    try:
        if path.is_file():
            model = topics.load_topic_model(path)
            card = load_card(path)
        elif train_if_missing:
            from newsprism.corpus import load_corpus

            bbc = load_corpus("bbc", data_dir=data_dir, sample=train_sample, seed=seed)
            quick = {} if train_sample is None else {"n_splits": 3, "n_boot": 200}
            evaluation = topics.evaluate(bbc, "topic", seed=seed, **quick)
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


@dataclass
class SeedStance:
    """Stance of one text toward targets; ``summary`` is None when unavailable."""

    message: str
    sentences: pd.DataFrame | None = None
    summary: pd.DataFrame | None = None


def seed_stance(text: str, *, cache_dir, targets=("NATO", "Russia"),
                model_name: str = "stance_linear") -> SeedStance:
    """Sentence-level stance of ``text`` toward ``targets`` via :mod:`newsprism.stance`.

    Uses ``<cache_dir>/models/<model_name>.skops`` (trained in notebook 03) when present,
    else the no-training VADER lexicon baseline, and says which in ``message``.
    """
    try:
        from newsprism.stance.models import LexiconStance
        from newsprism.stance.overtime import document_stance
        from newsprism.stance.targets import load_targets, select_targets
    except ImportError as exc:
        return SeedStance(f"stance module not available ({exc}); skipping stance")
    try:
        target_list = select_targets(load_targets(), list(targets))
    except Exception as exc:  # noqa: BLE001 - optional step
        return SeedStance(f"stance targets unavailable ({type(exc).__name__}: {exc})")
    path = Path(cache_dir) / "models" / f"{model_name}.skops"
    model, how = None, ""
    if path.is_file():
        try:
            from newsprism.persist import load_model

            model, how = load_model(path), f"trained model {path.name} (notebook 03)"
        except Exception as exc:  # noqa: BLE001 - fall back to the lexicon baseline
            how = f"could not load {path.name} ({type(exc).__name__}); "
    if model is None:
        model = LexiconStance().fit(pd.DataFrame({"text": ["x"], "start": [0], "end": [1]}))
        how += ("the VADER lexicon baseline (no trained stance model found at "
                f"{path}; it is much weaker than the trained one)")
    try:
        sentences, summary = document_stance(model, text, target_list, doc_id="seed")
    except Exception as exc:  # noqa: BLE001 - optional step
        return SeedStance(f"stance prediction failed ({type(exc).__name__}: {exc})")
    return SeedStance(f"stance from {how}", sentences, summary)
