"""Honest evaluation of topic classifiers: grouped cross-validation with bootstrap intervals.

Every score is measured on articles the model never saw, with duplicate clusters kept on
one side of each split (:mod:`newsprism.topics.splits`). Intervals are 95% percentile
bootstrap intervals that resample whole duplicate clusters, so copies do not make the
interval look narrower than the evidence is.

The leaky baseline (TF-IDF 1-2-grams + LinearSVC on ordinary, ungrouped folds) is
measured in the same run so that the effect of grouping duplicates is visible.

Example:
    >>> import pandas as pd
    >>> docs = pd.DataFrame({
    ...     "doc_id": [f"d{i}" for i in range(12)],
    ...     "text": ["goal match striker cup", "league goal keeper win", "cup final goal fans",
    ...              "match win coach team", "striker team league", "coach fans final",
    ...              "bank shares profit fall", "interest rates bank rise", "profit shares firm",
    ...              "rates firm economy", "economy bank growth", "shares growth profit"],
    ...     "topic": ["sport"] * 6 + ["business"] * 6})
    >>> clf = TopicClassifier(param_grid={"C": [1.0]}, inner_splits=2, min_df=1)
    >>> ev = evaluate(docs, "topic", estimator=clf, n_splits=2, n_boot=50)
    >>> sorted(ev.metrics)[:4]
    ['abstain_threshold', 'accuracy', 'accuracy_answered', 'coverage']
"""

from __future__ import annotations

import inspect
import time
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import StratifiedKFold
from tqdm.auto import tqdm

from newsprism.errors import DataError
from newsprism.evaluation import bootstrap_ci
from newsprism.topics.model import TopicClassifier, as_texts, document_texts
from newsprism.topics.splits import (DuplicateGroupedStratifiedKFold, corpus_groups,
                                     outlet_groups, text_groups)


@dataclass
class TopicEvaluation:
    """Cross-validated predictions of one model and the scores computed from them.

    Attributes:
        name: what was evaluated (``"TopicClassifier, grouped folds"``).
        labels: the topics, in a fixed order.
        predictions: one row per document: ``doc_id, fold, dup_group, true, predicted``
            (most probable topic), ``confidence`` (its probability, NaN without
            probabilities), ``abstained``.
        metrics: ``macro_f1``, ``macro_f1_ci`` [low, high], ``accuracy``, ``coverage``,
            ``macro_f1_answered``, ``n_docs``, ``n_folds``, ``grouped_duplicates`` ...
        per_class: ``label, precision, recall, f1, f1_low, f1_high, support, abstained``.
        confusion: tidy counts ``true, predicted, count`` (most probable topic).
    """

    name: str
    labels: list
    predictions: pd.DataFrame
    metrics: dict = field(default_factory=dict)
    per_class: pd.DataFrame = field(default_factory=pd.DataFrame)
    confusion: pd.DataFrame = field(default_factory=pd.DataFrame)

    def cv_confusion(self) -> dict:
        """Confusion matrix as ``{"labels": [...], "matrix": [[...]]}`` (rows true, cols predicted).

        From the most probable topic (no abstention), so each row sums to the class's
        support; this is what adjusted classify-and-count needs.
        """
        wide = (self.confusion.pivot(index="true", columns="predicted", values="count")
                .reindex(index=self.labels, columns=self.labels).fillna(0).astype(int))
        return {"labels": list(self.labels), "matrix": wide.to_numpy().tolist()}

    def summary(self) -> pd.DataFrame:
        """One-row table: name, macro-F1 with its interval, accuracy, coverage, folds."""
        m = self.metrics
        return pd.DataFrame([{
            "evaluation": self.name, "grouped_duplicates": m["grouped_duplicates"],
            "macro_f1": m["macro_f1"], "macro_f1_low": m["macro_f1_ci"][0],
            "macro_f1_high": m["macro_f1_ci"][1], "accuracy": m["accuracy"],
            "coverage": m["coverage"], "n_docs": m["n_docs"], "n_folds": m["n_folds"],
        }])


def leaky_baseline() -> "object":
    """The common recipe: TF-IDF 1-2-grams + LinearSVC(C=1), no search, no calibration."""
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    from newsprism.features import NewsTfidfVectorizer

    return make_pipeline(NewsTfidfVectorizer(ngram_range=(1, 2), min_df=2), LinearSVC(C=1.0))


def cross_validate_topics(
    texts,
    labels,
    *,
    estimator=None,
    groups=None,
    doc_ids=None,
    n_splits: int = 5,
    grouped: bool = True,
    seed: int = 0,
    n_boot: int = 1000,
    name: str | None = None,
    progress: bool = True,
) -> TopicEvaluation:
    """Cross-validate a topic classifier on texts and labels.

    Args:
        texts, labels: documents and their topics.
        estimator: an unfitted classifier over raw texts (default :class:`TopicClassifier`).
        groups: duplicate-cluster ids; None computes them from the texts. They define the
            folds when ``grouped`` and the bootstrap units always.
        doc_ids: identifiers carried into ``predictions`` (default ``0..n-1``).
        n_splits: number of folds.
        grouped: keep duplicate clusters within one fold (False reproduces the leaky
            ordinary stratified k-fold).
        seed: seeds the folds and the bootstrap.
        n_boot: bootstrap resamples for the intervals.
    """
    texts = as_texts(texts)
    y = np.asarray([str(v) for v in labels], dtype=object)
    if len(texts) != len(y):
        raise ValueError(f"{len(texts)} texts but {len(y)} labels")
    groups = text_groups(texts) if groups is None else np.asarray(groups)
    doc_ids = np.arange(len(texts)) if doc_ids is None else np.asarray(doc_ids, dtype=object)
    estimator = TopicClassifier(random_state=seed) if estimator is None else estimator
    label_set = sorted(set(y))
    counts = pd.Series(y).value_counts()
    if counts.min() < n_splits:
        raise DataError(f"topic {counts.idxmin()!r} has {counts.min()} documents, fewer than "
                        f"the {n_splits} folds; use fewer folds or drop the topic")
    if grouped:
        splits = list(DuplicateGroupedStratifiedKFold(n_splits, random_state=seed)
                      .split(texts, y, groups))
    else:
        splits = list(StratifiedKFold(n_splits, shuffle=True, random_state=seed).split(texts, y))
    name = name or f"{type(estimator).__name__}, {'grouped' if grouped else 'ungrouped'} folds"

    fold = np.full(len(y), -1)
    predicted = np.empty(len(y), dtype=object)
    confidence = np.full(len(y), np.nan)
    abstained = np.zeros(len(y), dtype=bool)
    fit_seconds = []
    for k, (train, test) in enumerate(tqdm(splits, desc=name, disable=not progress)):
        model = clone(estimator)
        start = time.perf_counter()
        x_train = [texts[i] for i in train]
        if "groups" in inspect.signature(model.fit).parameters:
            model.fit(x_train, y[train], groups=groups[train])
        else:
            model.fit(x_train, y[train])
        fit_seconds.append(time.perf_counter() - start)
        x_test = [texts[i] for i in test]
        fold[test] = k
        if hasattr(model, "predict_proba"):
            proba = model.predict_proba(x_test)
            classes = np.asarray(model.classes_, dtype=object)
            predicted[test] = classes[proba.argmax(axis=1)]
            confidence[test] = proba.max(axis=1)
            threshold = getattr(model, "abstain_threshold", 0.0) or 0.0
            abstained[test] = confidence[test] < threshold
        else:
            predicted[test] = model.predict(x_test)

    predictions = pd.DataFrame({
        "doc_id": doc_ids, "fold": fold, "dup_group": groups, "true": y,
        "predicted": predicted, "confidence": confidence, "abstained": abstained,
    })
    evaluation = score_predictions(predictions, label_set, name=name, n_boot=n_boot, seed=seed)
    evaluation.metrics.update({
        "n_folds": n_splits, "grouped_duplicates": bool(grouped),
        "abstain_threshold": float(getattr(estimator, "abstain_threshold", 0.0) or 0.0),
        "fit_seconds_per_fold": float(np.mean(fit_seconds)),
    })
    return evaluation


def _f1_parts(t: np.ndarray, p: np.ndarray, k: int):
    """Per-class precision, recall, F1 and support from integer codes (p == k: abstained)."""
    cm = np.bincount(t * (k + 1) + p, minlength=k * (k + 1)).reshape(k, k + 1)
    tp = np.diag(cm[:, :k]).astype(float)
    support = cm.sum(axis=1)
    n_pred = cm[:, :k].sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(n_pred > 0, tp / n_pred, 0.0)
        recall = np.where(support > 0, tp / support, 0.0)
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
    present = (support + n_pred) > 0
    return precision, recall, f1, support, present


def score_predictions(predictions: pd.DataFrame, labels, *, name: str = "model",
                      n_boot: int = 1000, seed: int = 0, column: str = "predicted") -> TopicEvaluation:
    """Scores of a predictions table (``true``, ``predicted``/``column``, ``dup_group``).

    Predictions outside ``labels`` (e.g. ``other``) count as misses of the true topic.
    """
    labels = list(labels)
    k = len(labels)
    code = {lab: i for i, lab in enumerate(labels)}
    t = predictions["true"].map(code).to_numpy()
    if pd.isna(t).any():
        raise DataError("true labels outside the label set", column="true")
    t = t.astype(int)
    p = predictions[column].map(lambda v: code.get(v, k)).to_numpy(dtype=int)
    groups = predictions["dup_group"].to_numpy() if "dup_group" in predictions else None

    # one bootstrap pass: the metric records per-class F1 of every resample on the side
    per_class_draws = []

    def macro_f1(a, b):
        _, _, f1, _, present = _f1_parts(a, b, k)
        per_class_draws.append(np.where(present, f1, np.nan))
        return float(f1[present].mean()) if present.any() else float("nan")

    point, low, high = bootstrap_ci(t, p, macro_f1, n_boot=n_boot, seed=seed, groups=groups)
    draws = np.array(per_class_draws[1:]) if n_boot else np.full((1, k), np.nan)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a topic absent from every resample
        f1_low, f1_high = np.nanpercentile(draws, [2.5, 97.5], axis=0)
    precision, recall, f1, support, _ = _f1_parts(t, p, k)

    answered = ~predictions["abstained"].to_numpy(dtype=bool) if "abstained" in predictions \
        else np.ones(len(t), dtype=bool)
    p_abst = np.where(answered, p, k)
    if answered.any():
        _, _, f1_ans, _, present_ans = _f1_parts(t[answered], p[answered], k)
        macro_answered = float(f1_ans[present_ans].mean())
    else:
        macro_answered = float("nan")
    per_class = pd.DataFrame({
        "label": labels, "precision": precision, "recall": recall, "f1": f1,
        "f1_low": f1_low, "f1_high": f1_high, "support": support,
        "abstained": np.bincount(t[~answered], minlength=k),
    })
    pairs = pd.MultiIndex.from_product([labels, labels], names=["true", "predicted"])
    confusion = (pd.DataFrame({"true": predictions["true"].to_numpy(),
                               "predicted": predictions[column].to_numpy()})
                 .value_counts().reindex(pairs, fill_value=0).rename("count").reset_index())
    n_dup_docs = 0
    if groups is not None:
        sizes = pd.Series(groups).map(pd.Series(groups).value_counts())
        n_dup_docs = int((sizes > 1).sum())
    metrics = {
        "name": name,
        "macro_f1": point,
        "macro_f1_ci": [low, high],
        "accuracy": float((t == p).mean()),
        "coverage": float(answered.mean()),
        "macro_f1_answered": macro_answered,
        "accuracy_answered": float((t[answered] == p[answered]).mean()) if answered.any() else float("nan"),
        "macro_f1_with_abstention": float(_f1_parts(t, p_abst, k)[2].mean()),
        "n_docs": int(len(t)),
        "n_docs_in_duplicate_groups": n_dup_docs,
        "n_boot": int(n_boot),
        "seed": int(seed),
        "per_class": {r.label: {"precision": float(r.precision), "recall": float(r.recall),
                               "f1": float(r.f1), "support": int(r.support)}
                      for r in per_class.itertuples()},
    }
    return TopicEvaluation(name=name, labels=labels, predictions=predictions, metrics=metrics,
                           per_class=per_class, confusion=confusion)


def evaluate(
    corpus: pd.DataFrame,
    label_col: str = "topic",
    *,
    estimator=None,
    n_splits: int = 5,
    grouped: bool = True,
    seed: int = 0,
    n_boot: int = 1000,
    fields=("title", "text"),
    name: str | None = None,
    progress: bool = True,
    split: str = "duplicates",
) -> TopicEvaluation:
    """Cross-validate a topic classifier on a canonical corpus with a label column.

    Documents without a label are left out. Duplicate groups come from the corpus's
    ``dup_group`` column when present, else they are computed from the text.
    ``split="outlets"``: leave-outlets-out folds (every outlet, with its copies, on one
    side; at most one fold per outlet), the estimate for applying the model to outlets it
    never saw; the intervals then resample outlets.
    """
    if label_col not in corpus.columns:
        raise DataError(f"no label column {label_col!r} (columns: {list(corpus.columns)})",
                        column=label_col)
    labelled = corpus[corpus[label_col].notna() & (corpus[label_col].astype(str).str.strip() != "")]
    if labelled.empty:
        raise DataError(f"column {label_col!r} has no labels", column=label_col)
    if split not in ("duplicates", "outlets"):
        raise ValueError(f"split must be 'duplicates' or 'outlets', got {split!r}")
    groups = corpus_groups(labelled)
    if split == "outlets":
        groups = outlet_groups(labelled)
        n_outlets = len(set(groups))
        if n_outlets < 2:
            raise DataError(f"leave-outlets-out CV needs 2 or more outlets with labels in "
                            f"{label_col!r}; found {n_outlets}", column="source")
        n_splits = min(n_splits, n_outlets)
    return cross_validate_topics(
        document_texts(labelled, fields), labelled[label_col].astype(str).tolist(),
        estimator=estimator, groups=groups,
        doc_ids=labelled["doc_id"].to_numpy(dtype=object) if "doc_id" in labelled else None,
        n_splits=n_splits, grouped=grouped, seed=seed, n_boot=n_boot, name=name,
        progress=progress,
    )


def compare_with_leaky_baseline(
    corpus: pd.DataFrame,
    label_col: str = "topic",
    *,
    model_evaluation: TopicEvaluation | None = None,
    estimator=None,
    n_splits: int = 5,
    seed: int = 0,
    n_boot: int = 1000,
    fields=("title", "text"),
    progress: bool = True,
) -> tuple[pd.DataFrame, dict[str, TopicEvaluation]]:
    """The model on grouped folds next to the leaky baseline on ungrouped and grouped folds.

    Returns:
        (table with one row per evaluation, dict name -> :class:`TopicEvaluation`).
    """
    common = dict(n_splits=n_splits, seed=seed, n_boot=n_boot, fields=fields, progress=progress)
    runs = {}
    runs["baseline, ungrouped folds (leaky)"] = evaluate(
        corpus, label_col, estimator=leaky_baseline(), grouped=False,
        name="baseline, ungrouped folds (leaky)", **common)
    runs["baseline, grouped folds"] = evaluate(
        corpus, label_col, estimator=leaky_baseline(), grouped=True,
        name="baseline, grouped folds", **common)
    if model_evaluation is None:
        model_evaluation = evaluate(corpus, label_col, estimator=estimator, grouped=True,
                                    name="TopicClassifier, grouped folds", **common)
    runs[model_evaluation.name] = model_evaluation
    table = pd.concat([ev.summary() for ev in runs.values()], ignore_index=True)
    return table, runs


def misclassified(evaluation: TopicEvaluation, corpus: pd.DataFrame | None = None, *,
                  n: int = 10) -> pd.DataFrame:
    """The ``n`` most confident mistakes, with the article title when ``corpus`` is given."""
    pred = evaluation.predictions
    wrong = pred[pred["true"] != pred["predicted"]].sort_values(
        ["confidence", "doc_id"], ascending=[False, True], na_position="last")
    out = wrong.head(n)[["doc_id", "true", "predicted", "confidence", "abstained"]]
    if corpus is not None and "doc_id" in corpus.columns and "title" in corpus.columns:
        out = out.merge(corpus[["doc_id", "title"]], on="doc_id", how="left")
        out = out[["doc_id", "title", "true", "predicted", "confidence", "abstained"]]
    return out.reset_index(drop=True)
