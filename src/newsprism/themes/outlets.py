"""Keep the outlet out of the themes: wire datelines and outlet-specific vocabulary.

A theme model fitted on several outlets will happily find the outlets themselves: their
self-references ("China Daily", "(CNN)"), wire datelines ("MOSCOW, February 6. /TASS/"),
page furniture ("image caption", "media playback") and house style co-occur perfectly
within one outlet. Two steps remove that signal before the factorisation:

- :func:`strip_datelines` drops a wire dateline or place opening at the start of each body
  text (:func:`newsprism.corpus.strip_dateline`);
- :func:`outlet_term_ratio` measures, for every term, how much more often the outlet
  that uses it most uses it than the other outlets do: that outlet's document rate of the
  term divided by the mean rate of the other outlets. Rates are smoothed toward the
  corpus rate with ``prior`` pseudo-documents, so a small outlet does not look extreme
  by chance, and outlet size does not matter (rates, not counts). A term every outlet
  uses alike has ratio 1; "China Daily" in China Daily's articles has a ratio in the
  hundreds. :func:`outlet_terms` lists the terms at or above ``max_ratio``, which
  :class:`~newsprism.themes.ThemeModel` drops, together with the words of the outlets'
  own names (:func:`newsprism.corpus.self_reference_terms`, the one list of
  self-references, which distinctive terms use too) whatever their ratio.

Example:
    >>> import numpy as np
    >>> X = np.array([[1, 1], [1, 0], [1, 0], [1, 0], [1, 1], [1, 0]])  # term 1: 1/2 in A, 1/4 in B
    >>> outlet_term_ratio(X, ["A", "A", "B", "B", "B", "B"], prior=0).round(2).tolist()
    [1.0, 2.0]
    >>> strip_datelines(["MOSCOW, February 6. /TASS/. Russia said no."])
    ['Russia said no.']
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from newsprism.corpus import self_reference_terms, strip_dateline

DEFAULT_PRIOR = 20.0
DEFAULT_MAX_RATIO = 5.0


def strip_datelines(texts) -> list[str]:
    """Each text without the dateline it starts with (texts without one unchanged)."""
    return [strip_dateline(text) for text in texts]


def _outlet_rates(X, outlets, prior: float):
    """``(rates, names)``: smoothed document rate of each term (columns) in each outlet (rows)."""
    B = sp.csr_matrix(X) if not sp.issparse(X) else X.tocsr()
    B = (B > 0).astype(np.float64)
    codes, names = pd.factorize(pd.Series(np.asarray(outlets, dtype=object)).fillna("(unknown)"))
    if len(codes) != B.shape[0]:
        raise ValueError(f"{len(codes)} outlets for {B.shape[0]} documents")
    onehot = sp.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))),
                           shape=(len(names), len(codes)))
    df_by_outlet = np.asarray((onehot @ B).todense())          # outlets × terms
    n_by_outlet = np.bincount(codes, minlength=len(names)).astype(float)[:, None]
    corpus_rate = df_by_outlet.sum(axis=0) / len(codes)
    return (df_by_outlet + prior * corpus_rate) / (n_by_outlet + prior), np.asarray(names)


def outlet_term_ratio(X, outlets, *, prior: float = DEFAULT_PRIOR) -> np.ndarray:
    """Per term (column of ``X``): top outlet's rate / mean rate of the other outlets.

    Args:
        X: documents × terms matrix (any values; only ``> 0`` counts).
        outlets: the outlet of each document (row); at least two distinct.
        prior: pseudo-documents at the corpus rate added to every outlet.

    Returns:
        Array of ratios ≥ 1 (``inf`` where no other outlet uses the term, NaN for a term
        no document has).
    """
    rates, names = _outlet_rates(X, outlets, prior)
    if len(names) < 2:
        raise ValueError("the outlet ratio needs documents from at least two outlets")
    top = rates.max(axis=0)
    others = (rates.sum(axis=0) - top) / (len(names) - 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(top > 0, top / others, np.nan)


def outlet_terms(X, terms, outlets, *, max_ratio: float = DEFAULT_MAX_RATIO,
                 prior: float = DEFAULT_PRIOR) -> pd.DataFrame:
    """Terms one outlet uses far more than the others: ``term, outlet, ratio``.

    Every term with :func:`outlet_term_ratio` ≥ ``max_ratio`` and every word of an
    outlet's name (:func:`newsprism.corpus.self_reference_terms`; a term any of whose words
    is one), highest ratio first; ``outlet`` is the outlet that uses it most.
    """
    ratio = outlet_term_ratio(X, outlets, prior=prior)
    rates, names = _outlet_rates(X, outlets, prior)
    own = set(self_reference_terms(names)["tokens"])
    terms = np.asarray(terms, dtype=object)
    named = np.array([any(w in own for w in str(t).lower().replace("_", " ").split())
                      for t in terms], dtype=bool)
    hit = np.flatnonzero((np.nan_to_num(ratio, posinf=np.inf) >= max_ratio) | named)
    out = pd.DataFrame({"term": terms[hit],
                        "outlet": names[rates.argmax(axis=0)][hit], "ratio": ratio[hit]})
    return out.sort_values(["ratio", "term"], ascending=[False, True], ignore_index=True)
