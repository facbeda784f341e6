"""NBSVM (Wang & Manning 2012): a linear SVM on features scaled by naive Bayes log-count ratios.

"Baselines and Bigrams: Simple, Good Sentiment and Topic Classification" (ACL 2012). For each
class ``c`` (one-vs-rest), with binarized features ``x̂ = 1{x > 0}``:

- ``p = alpha + Σ x̂`` over documents of ``c``, ``q = alpha + Σ x̂`` over the others,
  ``r = log((p / |p|₁) / (q / |q|₁))`` - the multinomial NB log-count ratio;
- an L2-regularised squared-hinge SVM is trained on ``r ∘ x̂``;
- its weights are interpolated toward their mean magnitude, ``w' = (1 - β) w̄ + β w`` with
  ``w̄ = |w|₁ / |V|``: β = 1 is the plain SVM on NB-scaled features, small β leans to NB.

The paper's settings are the defaults: ``alpha=1``, ``C=1``, ``beta=0.25``. The estimator
works on any non-negative feature matrix (here TopicClassifier's TF-IDF features, which it
binarizes), so it slots in as ``TopicClassifier(model="nbsvm")``.

Example:
    >>> import numpy as np
    >>> X = np.array([[1, 1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 1], [0, 0, 0, 1], [0, 1, 0, 1]])
    >>> clf = NBSVMClassifier().fit(X, ["a", "a", "b", "b", "b"])
    >>> clf.predict(np.array([[1, 0, 0, 0], [0, 0, 1, 0]])).tolist()
    ['a', 'b']
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted


class NBSVMClassifier(ClassifierMixin, BaseEstimator):
    """One-vs-rest NBSVM over non-negative features (Wang & Manning 2012).

    Args:
        alpha: NB smoothing added to every feature count (paper: 1).
        C: SVM regularisation (paper: 1).
        beta: interpolation weight of the SVM weights (paper: 0.25).
        binarize: use ``x > 0`` instead of the values (paper: binarized).
        dual: LinearSVC's solver (same objective either way); the primal solver converges
            in a few iterations on long, dense rows (word + character n-grams) where the
            dual one needs thousands.
        max_iter: LinearSVC iterations.
        random_state: seeds LinearSVC.

    Attributes:
        classes_: the labels.
        ratios_: (n_classes or 1, n_features) log-count ratios ``r``.
        coef_, intercept_: the effective linear model on the (binarized) features,
            ``coef_ = w' ∘ r``, so ``decision_function(X) = x̂ @ coef_.T + intercept_``.
            For two classes one row scores ``classes_[1]``, as in scikit-learn.
    """

    def __init__(self, *, alpha: float = 1.0, C: float = 1.0, beta: float = 0.25,
                 binarize: bool = True, dual: bool = True, max_iter: int = 10000,
                 random_state=0):
        self.alpha = alpha
        self.C = C
        self.beta = beta
        self.binarize = binarize
        self.dual = dual
        self.max_iter = max_iter
        self.random_state = random_state

    def _prepare(self, X):
        X = sp.csr_matrix(X, dtype=np.float64)
        if X.nnz and X.data.min() < 0:
            raise ValueError("NBSVM needs non-negative features")
        if self.binarize:
            X = X.copy()
            X.data = (X.data > 0).astype(np.float64)
            X.eliminate_zeros()
        return X

    def fit(self, X, y):
        X = self._prepare(X)
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise ValueError("NBSVM needs at least two classes")
        if not 0.0 <= self.beta <= 1.0:
            raise ValueError(f"beta must be in [0, 1], not {self.beta}")
        # binary: one model scoring classes_[1] (the scikit-learn convention)
        positives = self.classes_[1:] if len(self.classes_) == 2 else self.classes_
        ratios, coefs, intercepts = [], [], []
        for c in positives:
            is_c = y == c
            p = self.alpha + np.asarray(X[is_c].sum(axis=0)).ravel()
            q = self.alpha + np.asarray(X[~is_c].sum(axis=0)).ravel()
            r = np.log((p / p.sum()) / (q / q.sum()))
            svm = LinearSVC(C=self.C, loss="squared_hinge", dual=self.dual, max_iter=self.max_iter,
                            random_state=self.random_state)
            svm.fit(X @ sp.diags(r), np.where(is_c, 1, -1))
            w = svm.coef_.ravel()
            # the paper's interpolation: toward the mean weight magnitude (an NB-like vote)
            w = (1.0 - self.beta) * np.abs(w).mean() + self.beta * w
            ratios.append(r)
            coefs.append(w * r)
            intercepts.append(float(svm.intercept_[0]))
        self.ratios_ = np.vstack(ratios)
        self.coef_ = np.vstack(coefs)
        self.intercept_ = np.asarray(intercepts)
        self.n_features_in_ = X.shape[1]
        return self

    def decision_function(self, X) -> np.ndarray:
        """Scores per class (one column, for ``classes_[1]``, with two classes)."""
        check_is_fitted(self, "coef_")
        scores = np.asarray(self._prepare(X) @ self.coef_.T) + self.intercept_
        return scores.ravel() if scores.shape[1] == 1 else scores

    def predict(self, X) -> np.ndarray:
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return self.classes_[(scores > 0).astype(int)]
        return self.classes_[np.argmax(scores, axis=1)]
