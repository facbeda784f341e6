"""The supervised topic classifier: newsprism TF-IDF, LinearSVC, calibration, abstention.

:class:`TopicClassifier` is a scikit-learn estimator over raw texts. ``fit`` learns the
vocabulary, picks the SVM's ``C`` by duplicate-grouped cross-validation *inside the training
data only*, fits the SVM on all training data and calibrates its scores into probabilities
(Platt scaling on out-of-fold scores). ``predict`` returns the most probable topic, or
``other_label`` when no topic reaches ``abstain_threshold`` - the article is probably about
something the label set lacks.

Example:
    >>> texts = ["The striker scored a late goal in the cup final.",
    ...          "The team won the league match with a late goal.",
    ...          "The coach praised the goal keeper after the match.",
    ...          "The bank raised interest rates as shares fell.",
    ...          "Shares in the bank fell after profits dropped.",
    ...          "Profits at the firm rose and shares climbed."] * 2
    >>> y = ["sport"] * 3 + ["business"] * 3
    >>> clf = TopicClassifier(param_grid={"C": [1.0]}, inner_splits=2, min_df=1).fit(texts, y * 2)
    >>> clf.predict(["A goal in the match.", "Bank shares fell."]).tolist()
    ['sport', 'business']
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.model_selection import GridSearchCV, StratifiedGroupKFold
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from newsprism.errors import DataError
from newsprism.features import NewsTfidfVectorizer
from newsprism.text import join_title_text
from newsprism.topics.splits import text_groups

#: the ``C`` values searched when ``param_grid`` is None (a handful of fits per fold keeps
#: BBC training well under 30 s)
DEFAULT_GRID = {"C": [0.3, 1.0, 3.0]}


def as_texts(X) -> list[str]:
    """Texts as a list of str (NaN/None become ""); accepts lists, arrays and Series.

    Example:
        >>> as_texts(["a", None, float("nan"), 3])
        ['a', '', '', '3']
    """
    if isinstance(X, str):
        raise TypeError("expected a sequence of texts, got a single string")
    return ["" if _missing(t) else str(t) for t in X]


class TopicClassifier(ClassifierMixin, BaseEstimator):
    """Calibrated LinearSVC topic classifier over newsprism TF-IDF features, with abstention.

    Args:
        param_grid: grid over ``LinearSVC`` parameters searched by grouped inner CV; None
            uses :data:`DEFAULT_GRID` (``C`` in 0.3, 1, 3). A one-point grid
            (``{"C": [1.0]}``) skips the search.
        ngram_range, min_df, max_df: passed to
            :class:`~newsprism.features.NewsTfidfVectorizer` (word 1-2-grams, terms in at
            least 2 and at most 95% of the training texts).
        inner_splits: folds of the inner CV used for the search and the calibration.
        abstain_threshold: predict ``other_label`` when the top probability is below it;
            0 never abstains.
        other_label: the label predicted on abstention.
        random_state: seeds the inner splits and the SVM.

    Attributes:
        classes_: the topic labels (``other_label`` is not among them).
        vectorizer_: the fitted TF-IDF vectorizer.
        best_params_: the parameters the inner search picked.
        search_scores_: list of ``{"params": ..., "macro_f1": ...}`` from the inner search
            (empty when the grid has one point).
        calibrated_: the fitted ``CalibratedClassifierCV``.
        n_features_: number of TF-IDF features.
    """

    def __init__(
        self,
        *,
        param_grid: dict | None = None,
        ngram_range: tuple[int, int] = (1, 2),
        min_df=2,
        max_df=0.95,
        inner_splits: int = 3,
        abstain_threshold: float = 0.5,
        other_label: str = "other",
        random_state: int | None = 0,
    ):
        self.param_grid = param_grid
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_df = max_df
        self.inner_splits = inner_splits
        self.abstain_threshold = abstain_threshold
        self.other_label = other_label
        self.random_state = random_state

    # -- fitting -----------------------------------------------------------------------
    def fit(self, X, y, groups=None):
        """Fit on texts ``X`` with labels ``y``; ``groups`` are duplicate-cluster ids.

        Without ``groups`` the duplicate clusters are computed from the texts, so the inner
        search and calibration never score a copy of a training article.
        """
        texts = as_texts(X)
        y = np.asarray(pd.Series(list(y), dtype=object).fillna("").astype(str), dtype=object)
        if len(texts) != len(y):
            raise ValueError(f"{len(texts)} texts but {len(y)} labels")
        if len(texts) == 0:
            raise DataError("cannot train a topic classifier on an empty corpus")
        labels, counts = np.unique(y, return_counts=True)
        if len(labels) < 2:
            raise DataError(f"need at least two topics to train, found {labels.tolist()}")
        if (y == "").any():
            raise DataError(f"{int((y == '').sum())} documents have an empty label", column="label")
        if self.other_label in labels:
            raise DataError(f"the abstain label {self.other_label!r} is also a training label; "
                            "pass other_label=... to pick another name", column="label")
        groups = text_groups(texts) if groups is None else np.asarray(groups)
        n_inner = int(min(self.inner_splits, counts.min(), len(np.unique(groups))))
        if n_inner < 2:
            rare = labels[counts == counts.min()].tolist()
            raise DataError(f"topics {rare} have fewer than 2 documents; every topic needs at "
                            "least 2 (better 20+) to train and calibrate")

        self.vectorizer_ = NewsTfidfVectorizer(ngram_range=tuple(self.ngram_range),
                                               min_df=self.min_df, max_df=self.max_df)
        features = self.vectorizer_.fit_transform(texts)
        inner = list(StratifiedGroupKFold(n_inner, shuffle=True, random_state=self.random_state)
                     .split(features, y, groups))
        base = LinearSVC(C=1.0, random_state=self.random_state)
        grid = DEFAULT_GRID if self.param_grid is None else self.param_grid
        self.search_scores_ = []
        if len(list(itertools.product(*grid.values()))) == 1:
            self.best_params_ = {k: _plain(v[0]) for k, v in grid.items()}
        else:
            # the vocabulary was learnt on all training texts; the inner folds only choose C
            search = GridSearchCV(base, grid, scoring="f1_macro", cv=inner, refit=False)
            search.fit(features, y)
            res = search.cv_results_
            self.search_scores_ = [
                {"params": {k: _plain(v) for k, v in p.items()}, "macro_f1": float(s)}
                for p, s in zip(res["params"], res["mean_test_score"])]
            self.best_params_ = {k: _plain(v) for k, v in search.best_params_.items()}
        base.set_params(**self.best_params_)
        # ensemble=False: one model fitted on all training data, Platt-scaled on its
        # out-of-fold scores (clean coefficients for top terms, one model to apply)
        self.calibrated_ = CalibratedClassifierCV(base, method="sigmoid", cv=inner,
                                                  ensemble=False)
        self.calibrated_.fit(features, y)
        self.classes_ = self.calibrated_.classes_
        self.n_features_ = features.shape[1]
        return self

    # -- prediction --------------------------------------------------------------------
    def predict_proba(self, X) -> np.ndarray:
        """Calibrated probability of each topic in ``classes_`` (rows sum to 1)."""
        check_is_fitted(self, "calibrated_")
        return self.calibrated_.predict_proba(self.vectorizer_.transform(as_texts(X)))

    def decision_function(self, X) -> np.ndarray:
        """Uncalibrated scores of the underlying LinearSVC."""
        check_is_fitted(self, "calibrated_")
        return self._base().decision_function(self.vectorizer_.transform(as_texts(X)))

    def predict(self, X) -> np.ndarray:
        """Most probable topic, or ``other_label`` where its probability < ``abstain_threshold``."""
        return self.labels_from_proba(self.predict_proba(X))

    def labels_from_proba(self, proba: np.ndarray, threshold: float | None = None) -> np.ndarray:
        """Turn a probability matrix into labels with abstention (``threshold`` overrides)."""
        threshold = self.abstain_threshold if threshold is None else threshold
        labels = np.asarray(self.classes_, dtype=object)[np.argmax(proba, axis=1)]
        return np.where(proba.max(axis=1) < threshold, self.other_label, labels).astype(object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True  # raw texts, not a numeric matrix
        tags.input_tags.two_d_array = False
        return tags

    # -- inspection --------------------------------------------------------------------
    def _base(self) -> LinearSVC:
        return self.calibrated_.calibrated_classifiers_[0].estimator

    def top_terms(self, n: int = 15) -> pd.DataFrame:
        """The ``n`` terms that push most strongly toward each topic.

        Returns:
            Tidy DataFrame ``label, rank, term, weight`` (weight: the SVM coefficient).
        """
        check_is_fitted(self, "calibrated_")
        vocab = self.vectorizer_.get_feature_names_out()
        weights = np.asarray(self._base().coef_)
        if weights.shape[0] == 1:  # binary: one row scores the second class
            weights = np.vstack([-weights[0], weights[0]])
        rows = []
        for label, w in zip(self.classes_, weights):
            top = np.argsort(-w, kind="stable")[:n]
            rows += [{"label": label, "rank": r + 1, "term": vocab[i], "weight": float(w[i])}
                     for r, i in enumerate(top)]
        return pd.DataFrame(rows, columns=["label", "rank", "term", "weight"])


def _missing(value) -> bool:
    return value is None or (np.ndim(value) == 0 and bool(pd.isna(value)))


def _plain(value):
    """numpy scalars → Python scalars (JSON- and skops-friendly)."""
    return value.item() if hasattr(value, "item") else value


def document_texts(corpus: pd.DataFrame, fields: Sequence[str] = ("title", "text")) -> list[str]:
    """One string per article joining ``fields`` with :func:`newsprism.text.join_title_text`.

    Missing columns and missing values are skipped.

    Example:
        >>> document_texts(pd.DataFrame({"title": ["Cup final"], "text": ["A goal."]}))
        ['Cup final.\\nA goal.']
    """
    present = [f for f in fields if f in corpus.columns]
    if not present:
        raise DataError(f"corpus has none of the text columns {list(fields)}", column=fields[0])
    columns = [corpus[f].tolist() for f in present]
    out = []
    for values in zip(*columns):
        doc = ""
        for value in values:
            doc = join_title_text(doc, value)
        out.append(doc)
    return out
