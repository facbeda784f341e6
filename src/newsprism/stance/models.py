"""Stance classifiers: a no-training lexicon baseline and a target-aware linear model.

Both are scikit-learn estimators whose ``X`` is a table with columns ``text``, ``start``
and ``end`` (the mention's character offsets in ``text``), as returned by
:func:`newsprism.stance.io.read_stance_data`; labels are ``favor``, ``against``,
``neutral`` (:data:`newsprism.stance.labels.LABELS`).

- :class:`LexiconStance` sums the VADER valence of the words within ``window`` words of
  the mention (negated words flipped and damped; see :mod:`newsprism.stance.context`).
  Nothing is learnt: ``fit`` only records the classes.
- :class:`LinearStance` is a class-balanced logistic regression over
  :class:`StanceFeatures`: three separately TF-IDF-vectorised, stemmed views of the item
  (the words left of the mention, the words right of it, the whole sentence with the
  mention masked as ``targetx``) plus ten lexicon features. Words in a negation's scope
  are marked (``neg_support``), so "does not support" differs from "supports".

Example:
    >>> import pandas as pd
    >>> X = pd.DataFrame({"text": ["Critics condemned NATO.", "Leaders praised NATO warmly."],
    ...                   "start": [18, 23], "end": [22, 27]})
    >>> LexiconStance().fit(X, ["against", "favor"]).predict(X).tolist()
    ['against', 'favor']
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from newsprism.stance.context import (LEXICON_FEATURES, check_X, lexicon_features,
                                      lexicon_scores, stance_views)
from newsprism.stance.labels import CLASSES


def _check_number(name: str, value, *, low: float, integer: bool = False) -> None:
    kind = numbers.Integral if integer else numbers.Real
    if isinstance(value, bool) or not isinstance(value, kind) or not value >= low:
        what = "an integer" if integer else "a number"
        raise ValueError(f"{name} must be {what} >= {low}, got {value!r}")


class LexiconStance(ClassifierMixin, BaseEstimator):
    """No-training baseline: VADER valence of the words around the mention.

    Args:
        window: words on each side of the mention that count.
        negation_scope: words after a negation whose polarity is flipped (× −0.74).
        threshold: net valence above which the stance is ``favor`` (below its negative,
            ``against``); in VADER units, where "good" is 1.9 and "bad" −2.5.

    Example:
        >>> X = pd.DataFrame({"text": ["Nobody did not like the EU."], "start": [24], "end": [26]})
        >>> LexiconStance().fit(X, ["favor"]).predict_proba(X).shape
        (1, 3)
    """

    def __init__(self, *, window: int = 6, negation_scope: int = 3, threshold: float = 1.0):
        self.window = window
        self.negation_scope = negation_scope
        self.threshold = threshold

    def fit(self, X, y=None):
        """Validate the inputs and parameters; nothing is learnt (``y`` is not read)."""
        check_X(X)
        _check_number("window", self.window, low=0, integer=True)
        _check_number("negation_scope", self.negation_scope, low=0, integer=True)
        _check_number("threshold", self.threshold, low=0)
        self.classes_ = np.array(CLASSES, dtype=object)
        return self

    def decision_score(self, X) -> np.ndarray:
        """Net valence around each mention (positive → favor)."""
        check_is_fitted(self, "classes_")
        s = lexicon_scores(X, window=self.window, negation_scope=self.negation_scope)
        return s[:, 0] - s[:, 1] + s[:, 2] - s[:, 3]

    def predict_proba(self, X) -> np.ndarray:
        """Probabilities in ``classes_`` order (against, favor, neutral)."""
        score = self.decision_score(X)
        # neutral probability falls to 1/2 at |score| = threshold
        p_neutral = np.exp(-math.log(2) * (score / max(self.threshold, 1e-9)) ** 2)
        p_favor = (1 - p_neutral) / (1 + np.exp(-8 * score))
        p_against = 1 - p_neutral - p_favor
        return np.column_stack([p_against, p_favor, p_neutral])

    def predict(self, X) -> np.ndarray:
        score = self.decision_score(X)
        out = np.full(len(score), "neutral", dtype=object)
        out[score >= self.threshold] = "favor"
        out[score <= -self.threshold] = "against"
        return out


class StanceFeatures(TransformerMixin, BaseEstimator):
    """The feature matrix of :class:`LinearStance`: three word views plus lexicon features.

    Columns: the TF-IDF of the left window, of the right window and of the masked
    sentence (each a :class:`~newsprism.features.NewsTfidfVectorizer`, unigrams, stemmed,
    rows L2-normalised), then the ten :func:`~newsprism.stance.context.lexicon_features`
    times ``lexicon_weight`` (a larger weight lets them escape the L2 penalty that shrinks
    the word features; 0 leaves them out).

    Args:
        window: words of context on each side of the mention.
        negation_scope: words after a negation cue marked ``neg_``.
        min_df: minimum training rows a word needs to become a column (per view).
        lexicon_weight: scale of the lexicon features.
        target_min_df: 0 (default) keeps every word column. Otherwise, when ``fit`` is
            given ``unlabeled`` rows (the inputs of the data the model will be applied
            to; only ``text, start, end`` are read), a word column is kept only if it is
            non-zero in at least ``target_min_df`` of them (transductive feature
            subsetting); the mask is ``feature_mask_`` (None when nothing was subset).

    Example:
        >>> X = pd.DataFrame({"text": ["Critics condemned NATO.", "NATO met."],
        ...                   "start": [18, 0], "end": [22, 4]})
        >>> StanceFeatures(min_df=1).fit_transform(X).shape
        (2, 19)
    """

    def __init__(self, *, window: int = 10, negation_scope: int = 3, min_df: int = 2,
                 lexicon_weight: float = 3.0, target_min_df: int = 0):
        self.window = window
        self.negation_scope = negation_scope
        self.min_df = min_df
        self.lexicon_weight = lexicon_weight
        self.target_min_df = target_min_df

    def _validate(self) -> None:
        _check_number("window", self.window, low=0, integer=True)
        _check_number("negation_scope", self.negation_scope, low=0, integer=True)
        _check_number("min_df", self.min_df, low=1, integer=True)
        _check_number("lexicon_weight", self.lexicon_weight, low=0)
        _check_number("target_min_df", self.target_min_df, low=0, integer=True)

    def _views(self, X) -> list[list[str]]:
        lefts, rights, masked = stance_views(X, window=self.window,
                                             negation_scope=self.negation_scope)
        # a constant token keeps a view's vocabulary non-empty when every context is
        return [[f"ctxleft {v}" for v in lefts], [f"ctxright {v}" for v in rights], masked]

    def _words(self, X) -> sp.csr_matrix:
        parts = [vec.transform(texts) for vec, texts in zip(self.vectorizers_, self._views(X))]
        return sp.hstack(parts, format="csr")

    def fit(self, X, y=None, unlabeled=None):
        """Fit the three vectorisers on ``X`` (``y`` is not read); see ``target_min_df``."""
        self.fit_transform(X, unlabeled=unlabeled)
        return self

    def fit_transform(self, X, y=None, unlabeled=None):
        from newsprism.features import NewsTfidfVectorizer

        self._validate()
        check_X(X)
        self.vectorizers_ = [NewsTfidfVectorizer(ngram_range=(1, 1), min_df=self.min_df,
                                                 max_df=1.0, stem=True) for _ in range(3)]
        words = sp.hstack([vec.fit_transform(texts) for vec, texts
                           in zip(self.vectorizers_, self._views(X))], format="csr")
        self.feature_mask_ = None
        if self.target_min_df and unlabeled is not None:
            # document frequency over the target inputs; their labels are never read
            target = self._words(check_X(unlabeled)[["text", "start", "end"]])
            self.feature_mask_ = np.asarray((target != 0).sum(axis=0)).ravel() >= \
                self.target_min_df
        return self._assemble(words, X)

    def _assemble(self, words, X):
        if self.feature_mask_ is not None:
            words = words[:, self.feature_mask_]
        if not self.lexicon_weight:
            return words
        dense = lexicon_features(X, window=self.window, negation_scope=self.negation_scope)
        return sp.hstack([words, sp.csr_matrix(dense * self.lexicon_weight)], format="csr")

    def transform(self, X):
        """The feature matrix of ``X`` (sparse CSR, one row per mention)."""
        check_is_fitted(self, "vectorizers_")
        return self._assemble(self._words(check_X(X)), X)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """``view:term`` per column (views ``left``, ``right``, ``sentence``, ``lexicon``)."""
        check_is_fitted(self, "vectorizers_")
        names = [f"{view}:{t}" for view, vec in zip(("left", "right", "sentence"),
                                                    self.vectorizers_)
                 for t in vec.get_feature_names_out()]
        if self.feature_mask_ is not None:
            names = [n for n, keep in zip(names, self.feature_mask_) if keep]
        if self.lexicon_weight:
            names += [f"lexicon:{t}" for t in LEXICON_FEATURES]
        return np.asarray(names, dtype=object)


def logistic_regression(C: float = 0.3, *, tol: float = 1e-4,
                        max_iter: int = 3000) -> LogisticRegression:
    """The classifier of :class:`LinearStance`: multinomial, class-balanced, Newton-CG.

    (Newton-CG reaches the same optimum as lbfgs about 5× faster on these features.)
    """
    return LogisticRegression(C=C, class_weight="balanced", solver="newton-cg", tol=tol,
                              max_iter=max_iter)


class LinearStance(ClassifierMixin, BaseEstimator):
    """Target-aware logistic regression over :class:`StanceFeatures`.

    Args:
        window, negation_scope, min_df, lexicon_weight, target_min_df: of
            :class:`StanceFeatures`.
        C: inverse regularisation strength of the logistic regression.
        tol, max_iter: of the (multinomial, class-balanced, Newton-CG) logistic regression.

    ``fit(X, y, unlabeled=T)`` passes ``T`` (inputs of the data the model will be applied
    to, never labels) to the features; it matters only when ``target_min_df > 0``.
    :func:`newsprism.stance.train.tune_C` chooses ``C`` by grouped CV.

    Example:
        >>> X = pd.DataFrame({"text": ["Critics condemned NATO.", "Leaders praised NATO."] * 3,
        ...                   "start": [18, 16] * 3, "end": [22, 20] * 3})
        >>> m = LinearStance(min_df=1).fit(X, ["against", "favor"] * 3)
        >>> m.predict(X[:2]).tolist()
        ['against', 'favor']
    """

    def __init__(self, *, window: int = 10, negation_scope: int = 3, C: float = 0.3,
                 min_df: int = 2, lexicon_weight: float = 3.0, target_min_df: int = 0,
                 tol: float = 1e-4, max_iter: int = 3000):
        self.window = window
        self.negation_scope = negation_scope
        self.C = C
        self.min_df = min_df
        self.lexicon_weight = lexicon_weight
        self.target_min_df = target_min_df
        self.tol = tol
        self.max_iter = max_iter

    def make_features(self) -> StanceFeatures:
        """A fresh, unfitted :class:`StanceFeatures` with this model's feature parameters."""
        return StanceFeatures(**{k: getattr(self, k) for k in StanceFeatures().get_params()})

    def make_classifier(self) -> LogisticRegression:
        """A fresh, unfitted :func:`logistic_regression` with this model's parameters."""
        return logistic_regression(self.C, tol=self.tol, max_iter=self.max_iter)

    def fit(self, X, y, unlabeled=None):
        check_X(X)
        y = np.asarray(y, dtype=object)
        if len(y) != len(X):
            raise ValueError(f"X has {len(X)} rows but y has {len(y)} labels")
        self.features_ = self.make_features()
        matrix = self.features_.fit_transform(X, unlabeled=unlabeled)
        self.clf_ = self.make_classifier().fit(matrix, y)
        self.classes_ = self.clf_.classes_
        return self

    @property
    def feature_mask_(self):
        """The kept word columns (see :class:`StanceFeatures`), None when all are kept."""
        check_is_fitted(self, "features_")
        return self.features_.feature_mask_

    def predict_proba(self, X) -> np.ndarray:
        """Probabilities in ``classes_`` order."""
        check_is_fitted(self, "clf_")
        return self.clf_.predict_proba(self.features_.transform(check_X(X)))

    def predict(self, X) -> np.ndarray:
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

    def top_features(self, n: int = 15) -> pd.DataFrame:
        """The ``n`` heaviest features per class (``label, view, term, weight``).

        Example:
            >>> model.top_features(3)  # doctest: +SKIP
        """
        check_is_fitted(self, "clf_")
        names = self.features_.get_feature_names_out()
        rows = []
        for k, label in enumerate(self.classes_):
            coef = self.clf_.coef_[k]
            for j in np.argsort(-coef)[:n]:
                view, _, term = names[j].partition(":")
                rows.append({"label": label, "view": view, "term": term,
                             "weight": float(coef[j])})
        return pd.DataFrame(rows)
