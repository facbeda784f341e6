"""Theme quality measured on the corpus itself: NPMI coherence and cross-run stability.

Coherence follows Bouma (2009) / Röder et al. (2015): for every pair of a theme's top
terms, normalised pointwise mutual information of their *document* co-occurrence,
``NPMI(a, b) = log(P(a,b) / (P(a) P(b))) / -log P(a,b)``, which is 1 when the terms
always occur together, 0 when independent and -1 when they never co-occur. No external
reference corpus is needed, so it works for any collection a researcher brings.

Stability follows Greene, O'Callaghan & Cunningham (2014): fit the model on several
random subsamples / seeds and ask whether the same themes come back, measured as the
mean best-match Jaccard overlap of the top-term sets (matched one-to-one with the
Hungarian algorithm).

Example:
    >>> import numpy as np
    >>> X = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1], [0, 0, 1]])
    >>> npmi_coherence([[0, 1], [0, 2]], X).round(3).tolist()
    [1.0, -1.0]
    >>> topic_stability([["a", "b"], ["c", "d"]], [["c", "d"], ["a", "x"]])
    0.6666666666666666
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment


def npmi_coherence(top_term_indices: Sequence[Sequence[int]], X, *, eps: float = 1e-12) -> np.ndarray:
    """Mean pairwise NPMI of each theme's top terms, from document co-occurrence.

    Args:
        top_term_indices: per theme, the column indices (into ``X``) of its top terms.
        X: documents × terms matrix (counts, tf-idf or binary; only ``> 0`` matters).
        eps: guards ``log(0)``; a pair that never co-occurs scores -1.

    Returns:
        Array with one coherence value per theme (NaN for a theme with < 2 terms).
    """
    X = sp.csc_matrix(X) if not sp.issparse(X) else X.tocsc()
    n_docs = X.shape[0]
    scores = np.full(len(top_term_indices), np.nan)
    for k, idx in enumerate(top_term_indices):
        idx = np.asarray(idx, dtype=int)
        if len(idx) < 2:
            continue
        B = (X[:, idx] > 0).astype(np.float64)
        joint = np.asarray((B.T @ B).todense()) / n_docs
        marginal = np.diag(joint).copy()
        iu = np.triu_indices(len(idx), k=1)
        p_ab = joint[iu]
        p_a, p_b = marginal[iu[0]], marginal[iu[1]]
        with np.errstate(divide="ignore", invalid="ignore"):
            pmi = np.log((p_ab + eps) / (p_a * p_b + eps))
            npmi = pmi / -np.log(p_ab + eps)
        # never co-occurring -> -1 by definition; always together (P(a,b)=1) -> 1
        npmi = np.where(p_ab <= 0, -1.0, npmi)
        npmi = np.where(p_ab >= 1.0 - 1e-12, 1.0, npmi)
        scores[k] = float(np.mean(npmi))
    return scores


def jaccard(a, b) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a | b else 1.0


def topic_stability(terms_a: Sequence[Sequence[str]], terms_b: Sequence[Sequence[str]]) -> float:
    """Mean Jaccard overlap of top-term sets after a one-to-one best matching.

    Themes of run ``a`` are matched to themes of run ``b`` by the Hungarian algorithm on
    their Jaccard similarity; the mean over the matched pairs is returned (1 = the same
    themes came back, 0 = nothing in common). Unmatched themes (different counts) count
    as 0.
    """
    if not len(terms_a) or not len(terms_b):
        return float("nan")
    sim = np.array([[jaccard(a, b) for b in terms_b] for a in terms_a])
    rows, cols = linear_sum_assignment(-sim)
    return float(sim[rows, cols].sum() / max(len(terms_a), len(terms_b)))
