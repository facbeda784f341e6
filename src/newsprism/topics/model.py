"""The supervised topic classifier: newsprism TF-IDF, a linear model, calibration, abstention.

:class:`TopicClassifier` is a scikit-learn estimator over raw texts. ``fit`` learns the
vocabulary, picks the regularisation strength by duplicate-grouped cross-validation
*inside the training data only*, fits the linear model on all training data and
calibrates its scores into probabilities (Platt scaling on out-of-fold scores). ``predict``
returns the most probable topic, or ``other_label`` when no topic reaches
``abstain_threshold`` - the article is probably about something the label set lacks.

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

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedGroupKFold
from sklearn.naive_bayes import ComplementNB
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from newsprism.errors import DataError
from newsprism.persist import FillsParamsOnLoad

MODELS = ("svc", "logreg", "cnb", "nbsvm")
# small grids: a handful of fits per fold keeps BBC training well under 30 s
DEFAULT_GRIDS = {
    "svc": {"C": [0.3, 1.0, 3.0]},
    "logreg": {"C": [10.0, 30.0, 100.0]},
    "cnb": {"alpha": [0.03, 0.1, 0.3]},
    # Wang & Manning's (2012) fixed settings: no search
    "nbsvm": {"C": [1.0]},
}


def _base_model(model: str, random_state):
    if model == "svc":
        return LinearSVC(C=1.0, random_state=random_state)
    if model == "logreg":
        return LogisticRegression(C=30.0, max_iter=2000)
    if model == "cnb":
        return ComplementNB(alpha=0.1)
    if model == "nbsvm":
        from newsprism.topics.nbsvm import NBSVMClassifier

        return NBSVMClassifier(alpha=1.0, C=1.0, beta=0.25, random_state=random_state)
    raise ValueError(f"model must be one of {MODELS}, not {model!r}")


def as_texts(X) -> list[str]:
    """Texts as a list of str (NaN/None become ""); accepts lists, arrays and Series."""
    if isinstance(X, str):
        raise TypeError("expected a sequence of texts, got a single string")
    return ["" if _missing(t) else str(t) for t in X]


class TopicClassifier(FillsParamsOnLoad, ClassifierMixin, BaseEstimator):
    """Calibrated linear topic classifier over newsprism TF-IDF features, with abstention.

    Args:
        model: ``"svc"`` (LinearSVC, default), ``"logreg"`` (logistic regression),
            ``"cnb"`` (complement naive Bayes) or ``"nbsvm"`` (NBSVM, Wang & Manning 2012,
            on the binarized features: :class:`~newsprism.topics.nbsvm.NBSVMClassifier`).
        param_grid: grid over the model's parameters searched by grouped inner CV; None
            uses :data:`DEFAULT_GRIDS`. A one-point grid (``{"C": [1.0]}``) skips the search.
        ngram_range, min_df, max_df, max_features: passed to ``NewsTfidfVectorizer``.
        vectorizer_kwargs: further ``NewsTfidfVectorizer`` keyword arguments.
        char_ngram_range: when set (e.g. ``(2, 5)``), character n-grams inside word
            boundaries (:class:`~newsprism.topics.charfeatures.CharNgramTfidf`, ``min_df=2``)
            are added to the word features; each block is L2-normalised, then the joined
            row is normalised again. None (default): word features only.
        char_min_df: document-frequency floor of the character n-grams (default 2).
        embedding_weight: None (default): no dense features. A number ``w > 0``: the mean
            WordLlama static token embedding of each text
            (:class:`~newsprism.features.embeddings.StaticEmbeddingVectorizer`, 256-d, unit
            length) times ``w`` is put beside the TF-IDF row and the joined row is scaled
            back to unit length, so the dense block holds ``w² / (1 + w²)`` of the row's
            squared length. A sequence of numbers: ``w`` is chosen from it jointly with the
            model's grid by the grouped inner CV (ties: the first). Needs the
            ``[embeddings]`` extra (the ``wordllama`` package) and ``model`` ``"svc"`` or
            ``"logreg"`` (the embeddings are signed).
        title_weight: how many times the first line of each text (the headline, as
            :func:`document_texts` puts it first) is counted; 1 counts it once, like the body.
        inner_splits: folds of the inner CV used for the search and the calibration.
        calibration: ``"sigmoid"`` (Platt) or ``"isotonic"``.
        abstain_threshold: predict ``other_label`` when the top probability is below it;
            0 never abstains.
        other_label: the label predicted on abstention.
        random_state: seeds the inner splits and the linear model.

    Attributes:
        classes_: the topic labels (``other_label`` is not among them).
        vectorizer_: the fitted TF-IDF vectorizer.
        best_params_: the parameters the inner search picked (with ``embedding_weight``
            when the embedding block is on).
        embedding_vectorizer_: the fitted ``StaticEmbeddingVectorizer`` (its ``weight`` is
            the chosen weight), or None.
        search_scores_: list of ``{"params": ..., "macro_f1": ...}`` from the inner search.
        calibrated_: the fitted ``CalibratedClassifierCV``.
    """

    def __init__(
        self,
        *,
        model: str = "svc",
        param_grid: dict | None = None,
        ngram_range: tuple[int, int] = (1, 2),
        min_df=2,
        max_df=0.95,
        max_features: int | None = None,
        vectorizer_kwargs: dict | None = None,
        char_ngram_range: tuple[int, int] | None = None,
        char_min_df=2,
        embedding_weight: float | Sequence[float] | None = None,
        title_weight: int = 1,
        inner_splits: int = 3,
        calibration: str = "sigmoid",
        abstain_threshold: float = 0.5,
        other_label: str = "other",
        random_state: int | None = 0,
    ):
        self.model = model
        self.param_grid = param_grid
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.vectorizer_kwargs = vectorizer_kwargs
        self.char_ngram_range = char_ngram_range
        self.char_min_df = char_min_df
        self.embedding_weight = embedding_weight
        self.title_weight = title_weight
        self.inner_splits = inner_splits
        self.calibration = calibration
        self.abstain_threshold = abstain_threshold
        self.other_label = other_label
        self.random_state = random_state

    # -- fitting -----------------------------------------------------------------------
    def fit(self, X, y, groups=None):
        """Fit on texts ``X`` with labels ``y``; ``groups`` are duplicate-cluster ids.

        Without ``groups`` the duplicate clusters are computed from the texts, so the inner
        search and calibration never score a copy of a training article.
        """
        from newsprism.features import NewsTfidfVectorizer
        from newsprism.topics.splits import text_groups

        texts = as_texts(X)
        y = np.asarray(pd.Series(list(y), dtype=object).fillna("").astype(str), dtype=object)
        if len(texts) != len(y):
            raise ValueError(f"{len(texts)} texts but {len(y)} labels")
        if len(texts) == 0:
            raise DataError("cannot train a topic classifier on an empty corpus")
        if self.model not in MODELS:
            raise ValueError(f"model must be one of {MODELS}, not {self.model!r}")
        labels, counts = np.unique(y, return_counts=True)
        if len(labels) < 2:
            raise DataError(f"need at least two topics to train, found {labels.tolist()}")
        if (y == "").any():
            raise DataError(f"{int((y == '').sum())} documents have an empty label", column="label")
        if self.other_label in labels:
            raise DataError(f"the abstain label {self.other_label!r} is also a training label; "
                            "pass other_label=... to pick another name", column="label")
        groups = text_groups(texts) if groups is None else np.asarray(groups)
        weights = _embedding_weights(self.embedding_weight)
        if weights is not None and self.model in ("cnb", "nbsvm"):
            # signed embedding coordinates: the count-based models would fail in the search
            raise ValueError(f"embedding_weight needs model 'svc' or 'logreg'; {self.model!r} "
                             "takes only non-negative features and the embeddings are signed")
        n_inner = int(min(self.inner_splits, counts.min(), len(np.unique(groups))))
        if n_inner < 2:
            rare = labels[counts == counts.min()].tolist()
            raise DataError(f"topics {rare} have fewer than 2 documents; every topic needs at "
                            "least 2 (better 20+) to train and calibrate")

        kwargs = dict(self.vectorizer_kwargs or {})
        self.vectorizer_ = NewsTfidfVectorizer(
            ngram_range=tuple(self.ngram_range), min_df=self.min_df, max_df=self.max_df,
            max_features=self.max_features, **kwargs,
        )
        weighted = self._weighted(texts)
        features = self.vectorizer_.fit_transform(weighted)
        self.char_vectorizer_ = None
        if self.char_ngram_range is not None:
            from newsprism.topics.charfeatures import CharNgramTfidf

            self.char_vectorizer_ = CharNgramTfidf(ngram_range=tuple(self.char_ngram_range),
                                                   min_df=self.char_min_df)
            features = _join(features, self.char_vectorizer_.fit_transform(weighted))
        self.embedding_vectorizer_ = None
        dense = None
        if weights is not None:
            from newsprism.features.embeddings import StaticEmbeddingVectorizer

            # unsupervised and per-text: embedding all training texts once leaks no label
            self.embedding_vectorizer_ = StaticEmbeddingVectorizer().fit(weighted)
            dense = self.embedding_vectorizer_.transform(weighted)
        inner = list(StratifiedGroupKFold(n_inner, shuffle=True, random_state=self.random_state)
                     .split(features, y, groups))
        base = _base_model(self.model, self.random_state)
        grid = self.param_grid if self.param_grid is not None else DEFAULT_GRIDS[self.model]
        candidates = [dict(zip(grid, values)) for values in _product(grid)]
        self.search_scores_ = []
        best_score, best = -np.inf, None
        for w in (weights or [None]):
            extra = {} if w is None else {"embedding_weight": w}
            if len(candidates) * len(weights or [None]) == 1:
                best = {**extra, **{k: _plain(v) for k, v in candidates[0].items()}}
                break
            # the vocabulary was learnt on all training texts; the inner folds only choose
            # C (and the embedding weight)
            search = GridSearchCV(base, grid, scoring="f1_macro", cv=inner, refit=False)
            search.fit(features if w is None else _join_dense(features, dense, w), y)
            res = search.cv_results_
            for p, s in zip(res["params"], res["mean_test_score"]):
                params = {**extra, **{k: _plain(v) for k, v in p.items()}}
                self.search_scores_.append({"params": params, "macro_f1": float(s)})
                if s > best_score:  # strict: ties keep the earlier candidate
                    best_score, best = s, params
            if w is None:  # embeddings off: exactly the choice made before the option existed
                best = {k: _plain(v) for k, v in search.best_params_.items()}
        self.best_params_ = best
        if dense is not None:
            self.embedding_vectorizer_.set_params(weight=best["embedding_weight"])
            features = _join_dense(features, dense, best["embedding_weight"])
        base.set_params(**{k: v for k, v in best.items() if k != "embedding_weight"})
        # ensemble=False: one model fitted on all training data, Platt-scaled on its
        # out-of-fold scores (clean coefficients for top terms, one model to apply)
        self.calibrated_ = CalibratedClassifierCV(base, method=self.calibration, cv=inner,
                                                  ensemble=False)
        self.calibrated_.fit(features, y)
        self.classes_ = self.calibrated_.classes_
        self.n_features_ = features.shape[1]
        return self

    # -- prediction --------------------------------------------------------------------
    def predict_proba(self, X) -> np.ndarray:
        """Calibrated probability of each topic in ``classes_`` (rows sum to 1)."""
        check_is_fitted(self, "calibrated_")
        return self.calibrated_.predict_proba(self._features(as_texts(X)))

    def decision_function(self, X) -> np.ndarray:
        """Uncalibrated scores of the underlying linear model."""
        check_is_fitted(self, "calibrated_")
        return self._base().decision_function(self._features(as_texts(X)))

    def predict(self, X) -> np.ndarray:
        """Most probable topic, or ``other_label`` where its probability < ``abstain_threshold``."""
        return self.labels_from_proba(self.predict_proba(X))

    def labels_from_proba(self, proba: np.ndarray, threshold: float | None = None) -> np.ndarray:
        """Turn a probability matrix into labels with abstention (``threshold`` overrides)."""
        threshold = self.abstain_threshold if threshold is None else threshold
        labels = np.asarray(self.classes_, dtype=object)[np.argmax(proba, axis=1)]
        return np.where(proba.max(axis=1) < threshold, self.other_label, labels).astype(object)

    def _features(self, texts: list[str]):
        weighted = self._weighted(texts)
        features = self.vectorizer_.transform(weighted)
        # getattr: models saved before character n-grams existed have none
        chars = getattr(self, "char_vectorizer_", None)
        if chars is not None:
            features = _join(features, chars.transform(weighted))
        # getattr: models saved before the embedding option have no dense block
        emb = getattr(self, "embedding_vectorizer_", None)
        # the fitted vectorizer already scales by the chosen weight
        return features if emb is None else _join_dense(features, emb.transform(weighted), 1.0)

    def _weighted(self, texts: list[str]) -> list[str]:
        return weight_first_line(texts, int(self.title_weight))

    # -- inspection --------------------------------------------------------------------
    def _base(self):
        return self.calibrated_.calibrated_classifiers_[0].estimator

    def top_terms(self, n: int = 15) -> pd.DataFrame:
        """The ``n`` terms that push most strongly toward each topic.

        Returns:
            Tidy DataFrame ``label, rank, term, weight`` (weight: model coefficient, or
            log-probability for naive Bayes).
        """
        check_is_fitted(self, "calibrated_")
        base = self._base()
        vocab = self.vectorizer_.get_feature_names_out()
        chars = getattr(self, "char_vectorizer_", None)
        if chars is not None:  # character n-grams shown quoted, with their padding
            vocab = np.concatenate([vocab, [f"'{g}'" for g in chars.get_feature_names_out()]])
        emb = getattr(self, "embedding_vectorizer_", None)
        if emb is not None:  # dense dimensions: named emb0..emb255, rarely informative alone
            vocab = np.concatenate([vocab, emb.get_feature_names_out()])
        if hasattr(base, "coef_"):
            weights = np.asarray(base.coef_)
            if weights.shape[0] == 1:  # binary: one row scores the second class
                weights = np.vstack([-weights[0], weights[0]])
        else:  # ComplementNB: lower complement log-probability = more typical of the class
            weights = -np.asarray(base.feature_log_prob_)
        rows = []
        for label, w in zip(self.classes_, weights):
            top = np.argsort(-w, kind="stable")[:n]
            rows += [{"label": label, "rank": r + 1, "term": vocab[i], "weight": float(w[i])}
                     for r, i in enumerate(top)]
        return pd.DataFrame(rows, columns=["label", "rank", "term", "weight"])


def _join(words, chars):
    """Word and character blocks side by side, each row re-normalised to unit length."""
    import scipy.sparse as sp
    from sklearn.preprocessing import normalize

    return normalize(sp.hstack([words, chars], format="csr"))


def _join_dense(sparse, dense, weight: float):
    """A sparse block and ``weight`` times a dense block side by side, rows re-normalised.

    Example:
        >>> import scipy.sparse as sp
        >>> _join_dense(sp.csr_matrix([[1.0, 0.0]]), np.array([[0.0, 1.0]]), 1.0).toarray().round(3)
        array([[0.707, 0.   , 0.   , 0.707]])
    """
    import scipy.sparse as sp

    return _join(sparse, sp.csr_matrix(np.asarray(dense, dtype=np.float64) * float(weight)))


def _embedding_weights(value) -> list[float] | None:
    """``embedding_weight`` as a list of candidate weights (None: embeddings off).

    Example:
        >>> _embedding_weights(None), _embedding_weights(1), _embedding_weights((0.5, 2))
        (None, [1.0], [0.5, 2.0])
    """
    if value is None:
        return None
    values = [value] if np.ndim(value) == 0 else list(value)
    out = [float(v) for v in values]
    if not out or not all(np.isfinite(v) and v > 0 for v in out):
        raise ValueError(f"embedding_weight must be None, a number > 0 or a non-empty "
                         f"sequence of them, not {value!r}")
    return out


def weight_first_line(texts: list[str], weight: int) -> list[str]:
    """Repeat each text's first line ``weight`` times (the headline counts more).

    Example:
        >>> weight_first_line(["Cup final.\\nA goal.", "no title"], 2)
        ['Cup final.\\nCup final.\\nA goal.', 'no title']
    """
    if weight < 1:
        raise ValueError(f"title_weight must be >= 1, not {weight}")
    if weight == 1:
        return texts
    out = []
    for text in texts:
        head, sep, body = text.partition("\n")
        # a one-line text has no separate headline: leave it as it is
        out.append("\n".join([head] * weight) + sep + body if sep else text)
    return out


def _missing(value) -> bool:
    return value is None or (np.ndim(value) == 0 and bool(pd.isna(value)))


def _product(grid: dict):
    import itertools

    return itertools.product(*grid.values())


def _plain(value):
    """numpy scalars → Python scalars (JSON- and skops-friendly)."""
    return value.item() if hasattr(value, "item") else value


def document_texts(corpus: pd.DataFrame, fields: Sequence[str] = ("title", "text")) -> list[str]:
    """One string per article joining ``fields`` (missing columns and NaN are skipped).

    Example:
        >>> document_texts(pd.DataFrame({"title": ["Cup final"], "text": ["A goal."]}))
        ['Cup final.\\nA goal.']
    """
    present = [f for f in fields if f in corpus.columns]
    if not present:
        raise DataError(f"corpus has none of the text columns {list(fields)}", column=fields[0])
    out = []
    for values in zip(*(corpus[f].tolist() for f in present)):
        parts = [str(v).strip() for v in values if not _missing(v) and str(v).strip()]
        # a title rarely ends in a full stop; add one so it does not run into the body
        parts = [p if p[-1] in ".!?:" or i == len(parts) - 1 else p + "." for i, p in enumerate(parts)]
        out.append("\n".join(parts))
    return out
