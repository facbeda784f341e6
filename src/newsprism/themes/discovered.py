"""Discovered themes: NMF (or LDA) over newsprism features, theme count chosen by data.

``ThemeModel`` is a scikit-learn style estimator. Before factorising it keeps the outlets
out of the themes (:mod:`newsprism.themes.outlets`): wire datelines are cut from the body
texts and, when the documents' outlets are known (a ``source`` column), terms that one
outlet uses far more often than the others (self-references, datelines, page furniture)
are dropped. With ``n_themes="auto"`` it fits every candidate count (by
default a range scaled with the corpus: :func:`auto_candidates`), scores each by

- **coherence**: mean NPMI of the themes' top terms, from document co-occurrence in the
  corpus itself (:func:`newsprism.themes.coherence.npmi_coherence`), and
- **stability**: mean best-match Jaccard overlap of top-term sets between the full fit
  and ``n_runs - 1`` refits on random 80 % subsamples of the documents with
  other seeds (Greene et al. 2014), computed only for the counts that can be chosen,

and keeps the count with the best average of the two (each min-max scaled across the
eligible counts; ties go to the smaller count) among the counts whose largest theme holds at
most ``max_theme_share`` of the documents (a catch-all theme is not a theme). ``selection_``
holds the whole comparison so a reader can overrule the choice with ``n_themes=<int>``.

Example:
    >>> docs = ["nato troops military drill", "military troops nato base",
    ...         "oil gas energy prices", "energy gas pipeline oil",
    ...         "election vote president campaign", "vote campaign election poll"] * 3
    >>> from newsprism.features import NewsTfidfVectorizer
    >>> vec = NewsTfidfVectorizer(min_df=1, max_df=1.0)
    >>> tm = ThemeModel(n_themes=3, vectorizer=vec, seed=0).fit(docs)
    >>> sorted(sorted(t.split(", ")[:3]) for t in tm.themes_["top_terms"])
    [['campaign', 'election', 'vote'], ['energy', 'gas', 'oil'], ['military', 'nato', 'troops']]
    >>> tm.transform(docs[:1]).shape
    (1, 3)
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.preprocessing import normalize

from newsprism.text import join_title_text
from newsprism.themes.coherence import npmi_coherence, topic_stability
from newsprism.themes.outlets import (DEFAULT_MAX_RATIO, outlet_terms,
                                      strip_datelines)
from newsprism.themes.selection import _eligible, _select

SUBSAMPLE = 0.8  # share of the documents in each stability refit (Greene et al. 2014)
MAX_ITER = 400
#: settings of the default vectorizer (newsprism tokens)
DEFAULT_VECTORIZER = {"ngram_range": (1, 2), "min_df": 5, "max_df": 0.5, "max_features": 5000}


def auto_candidates(n_docs: int) -> list[int]:
    """Candidate theme counts for a corpus of ``n_docs``: four geometric steps up to
    ``n_docs / 100`` (between 10 and 60), from a quarter of that (at least 6).

    Example:
        >>> auto_candidates(3758), auto_candidates(36000)
        ([10, 16, 24, 38], [15, 24, 38, 60])
    """
    high = int(np.clip(round(n_docs / 100), 10, 60))
    low = max(6, round(high / 4))
    return sorted({int(round(k)) for k in np.geomspace(low, high, 4)})


def corpus_texts(X, text_columns=("title", "text")) -> list[str]:
    """Texts of a corpus DataFrame or of an iterable of strings.

    A DataFrame's ``text_columns`` are joined with :func:`newsprism.text.join_title_text`
    (the one title + body joiner; missing values are left out).

    Example:
        >>> corpus_texts(pd.DataFrame({"title": ["Cup final", None], "text": ["A goal.", "B."]}))
        ['Cup final.\\nA goal.', 'B.']
    """
    if isinstance(X, pd.DataFrame):
        cols = [c for c in text_columns if c in X.columns]
        if not cols:
            raise ValueError(f"none of the text columns {list(text_columns)} is in the table")
        out = []
        for values in zip(*(X[c].tolist() for c in cols)):
            doc = ""
            for value in values:
                doc = join_title_text(doc, value)
            out.append(doc)
        return out
    if isinstance(X, str):
        raise TypeError("pass a list of texts or a corpus DataFrame, not a single string")
    return ["" if t is None else str(t) for t in X]


def _label(terms: list[str], n: int = 3) -> str:
    """Short label from the top terms, skipping terms contained in an earlier pick."""
    picked: list[str] = []
    for term in terms:
        if any(term in p or p in term for p in picked):
            continue
        picked.append(term)
        if len(picked) == n:
            break
    return " / ".join(picked)


class ThemeModel(BaseEstimator, TransformerMixin):
    """Discovered themes with an automatic, reported choice of their number.

    Args:
        n_themes: an int, or ``"auto"`` to choose among ``candidates``.
        candidates: theme counts tried when ``n_themes="auto"``; ``"auto"``:
            :func:`auto_candidates` of the corpus size.
        method: ``"nmf"`` (tf-idf features, default) or ``"lda"`` (count features).
        n_top_terms: top terms per theme (used for labels, coherence and stability).
        n_runs: fits per candidate for stability (the full fit + ``n_runs-1`` refits on
            80 % subsamples).
        vectorizer: an unfitted vectorizer; default :data:`DEFAULT_VECTORIZER` settings
            (newsprism tf-idf for NMF, counts for LDA: unigrams and bigrams, terms in
            at least 5 and at most half of the documents, 5,000 terms).
        text_columns: DataFrame columns joined into each document's text.
        max_outlet_ratio: drop terms that the outlet using them most uses at least this
            many times as often as the other outlets on average
            (:func:`~newsprism.themes.outlets.outlet_term_ratio`); ``None`` keeps every
            term. Needs the outlets: a ``source`` column of ``X`` or
            ``fit(..., outlets=...)``.
        max_theme_share: in automatic mode, only counts whose largest theme is the
            dominant theme of at most this share of the documents are chosen (if none
            qualifies, the counts with the smallest largest theme compete).
        seed: every random choice derives from it.

    Attributes:
        vectorizer_, model_: the fitted vectorizer and NMF / LDA.
        n_themes_: the number of themes used.
        terms_: vocabulary after the outlet filter (array of str).
        keep_: column indices of ``terms_`` in the vectorizer's vocabulary.
        outlet_terms_: the dropped terms, ``term, outlet, ratio``.
        themes_: tidy table ``theme, label, top_terms, coherence, prevalence, n_dominant``.
        selection_: per candidate ``n_themes, coherence, stability, largest_share,
            eligible, score, chosen``
            (one row when ``n_themes`` is an int).
        doc_themes_: training documents × themes weights (rows sum to 1).
        timings_: wall-clock and CPU seconds of vectorising and of fitting the candidates.
    """

    def __init__(self, n_themes="auto", *, candidates="auto", method="nmf", n_top_terms=10,
                 n_runs=3, vectorizer=None, text_columns=("title", "text"),
                 max_outlet_ratio=DEFAULT_MAX_RATIO, max_theme_share=0.15, seed=0):
        self.n_themes = n_themes
        self.candidates = candidates
        self.method = method
        self.n_top_terms = n_top_terms
        self.n_runs = n_runs
        self.vectorizer = vectorizer
        self.text_columns = text_columns
        self.max_outlet_ratio = max_outlet_ratio
        self.max_theme_share = max_theme_share
        self.seed = seed

    # -- persistence (skops cannot store DataFrames: tables travel as plain columns) ----
    _TABLES = ("selection_", "themes_", "outlet_terms_")

    def __getstate__(self):
        # a copy: on Python >= 3.11 the base returns the live __dict__
        state = dict(super().__getstate__())
        for name in self._TABLES:
            if isinstance(state.get(name), pd.DataFrame):
                state[name] = _table_state(state[name])
        return state

    def __setstate__(self, state):
        state = dict(state)
        for name in self._TABLES:
            if isinstance(state.get(name), dict) and state[name].get("__table__"):
                state[name] = _table_from_state(state[name])
        super().__setstate__(state)

    # -- fitting -----------------------------------------------------------------
    def _make_vectorizer(self):
        if self.vectorizer is not None:
            return clone(self.vectorizer)
        from newsprism.features import NewsCountVectorizer, NewsTfidfVectorizer

        if self.method == "lda":
            return NewsCountVectorizer(**DEFAULT_VECTORIZER)
        return NewsTfidfVectorizer(**DEFAULT_VECTORIZER)

    def _factoriser(self, k: int, seed: int, *, quick: bool = False):
        if self.method == "nmf":
            # nndsvda is deterministic given the data; variety across runs comes from
            # the subsamples, as in Greene et al. Stability refits only need the top
            # terms, so they stop at a looser tolerance.
            return NMF(n_components=k, init="nndsvda", max_iter=MAX_ITER,
                       random_state=seed, tol=1e-3 if quick else 1e-4)
        if self.method == "lda":
            # online variational Bayes: ~3.5x faster than batch on NewsArticles (12 s vs
            # 41 s CPU for 8 themes) with mini-batches of 512 articles
            return LatentDirichletAllocation(n_components=k, learning_method="online",
                                             batch_size=512, max_iter=10,
                                             random_state=seed)
        raise ValueError(f"method must be 'nmf' or 'lda', got {self.method!r}")

    def _top(self, components: np.ndarray) -> np.ndarray:
        return np.argsort(-components, axis=1)[:, : self.n_top_terms]

    def _fit_full(self, D, k: int):
        model = self._factoriser(k, self.seed)
        W = model.fit_transform(D)
        return model, W, npmi_coherence(self._top(model.components_), D)

    def _stability(self, D, model, k: int, rng: np.random.Generator, n_runs: int) -> float:
        """Mean top-term overlap of ``n_runs - 1`` refits on 80 % subsamples with the full fit."""
        ref_terms = [[int(i) for i in row] for row in self._top(model.components_)]
        stab = []
        n = D.shape[0]
        for run in range(1, n_runs):
            pick = np.sort(rng.choice(n, size=max(k + 1, int(SUBSAMPLE * n)), replace=False))
            other = self._factoriser(k, self.seed + run, quick=True).fit(D[pick])
            stab.append(topic_stability(ref_terms, [[int(i) for i in r]
                                                    for r in self._top(other.components_)]))
        return float(np.mean(stab)) if stab else float("nan")

    def _validate(self):
        if self.method not in ("nmf", "lda"):
            raise ValueError(f"method must be 'nmf' or 'lda', got {self.method!r}")
        if self.n_themes != "auto" and not (isinstance(self.n_themes, (int, np.integer))
                                            and self.n_themes >= 2):
            raise ValueError(f"n_themes must be 'auto' or an int >= 2, got {self.n_themes!r}")
        if int(self.n_runs) < 1:
            raise ValueError(f"need n_runs >= 1, got {self.n_runs!r}")
        if self.max_theme_share is not None and not 0 < float(self.max_theme_share) <= 1:
            raise ValueError(f"max_theme_share must be in (0, 1] or None, "
                             f"got {self.max_theme_share!r}")
        if self.max_outlet_ratio is not None and not float(self.max_outlet_ratio) > 1:
            raise ValueError(f"max_outlet_ratio must be > 1 or None, got {self.max_outlet_ratio!r}")

    def _texts(self, X) -> list[str]:
        """Documents' texts with wire datelines cut from the body (``text`` column)."""
        if isinstance(X, pd.DataFrame):
            if "text" in X.columns:
                X = X.assign(text=strip_datelines(X["text"]))
            return corpus_texts(X, self.text_columns)
        return strip_datelines(corpus_texts(X, self.text_columns))

    def _features(self, texts):
        D = self.vectorizer_.transform(texts).tocsr()[:, self.keep_]
        return normalize(D) if self.method == "nmf" else D

    def fit(self, X, y=None, *, outlets=None):
        """Vectorise ``X`` (corpus DataFrame or texts), drop outlet terms, choose the count, fit.

        ``outlets``: the outlet of each document (default: ``X["source"]`` when present).
        """
        import time

        from tqdm.auto import tqdm

        self._validate()
        clock = (time.perf_counter(), time.process_time())
        texts = self._texts(X)
        if outlets is None and isinstance(X, pd.DataFrame) and "source" in X.columns:
            outlets = X["source"].to_numpy()
        self.vectorizer_ = self._make_vectorizer()
        D = self.vectorizer_.fit_transform(texts).tocsr()
        vocabulary = np.asarray(self.vectorizer_.get_feature_names_out())
        keep = np.ones(D.shape[1], dtype=bool)
        self.outlet_terms_ = pd.DataFrame({"term": pd.Series(dtype=str),
                                           "outlet": pd.Series(dtype=str),
                                           "ratio": pd.Series(dtype=float)})
        if (self.max_outlet_ratio is not None and outlets is not None
                and pd.Series(outlets).nunique() > 1):
            # the table lists every dropped term: high outlet ratio or a word of an outlet name
            self.outlet_terms_ = outlet_terms(D, vocabulary, outlets,
                                              max_ratio=self.max_outlet_ratio)
            keep = ~np.isin(vocabulary, self.outlet_terms_["term"].to_numpy())
        self.keep_ = np.flatnonzero(keep)
        self.terms_ = vocabulary[self.keep_]
        D = D[:, self.keep_]
        D = normalize(D) if self.method == "nmf" else D
        self.timings_ = {"vectorize": _elapsed(clock)}
        clock = (time.perf_counter(), time.process_time())
        if self.n_themes == "auto":
            cands = auto_candidates(D.shape[0]) if isinstance(self.candidates, str) else self.candidates
            ks = sorted({int(k) for k in cands if 1 < int(k) < min(D.shape)})
            if not ks:
                raise ValueError(f"no candidate theme count fits a {D.shape[0]}×{D.shape[1]} matrix")
        else:
            ks = [int(self.n_themes)]
        rows, models = [], {}
        # only pass `disable` when True, so TQDM_DISABLE in the environment still works
        for k in tqdm(ks, desc="theme counts", **({"disable": True} if len(ks) == 1 else {})):
            model, W, coherence = self._fit_full(D, k)
            models[k] = (model, W, coherence)
            dominant = _dominant(self._normalise(W))
            rows.append({"n_themes": k, "coherence": float(np.nanmean(coherence)),
                         "stability": float("nan"),
                         "largest_share": float(np.bincount(dominant + 1).max(initial=0)
                                                / max(len(dominant), 1))})
        sel = pd.DataFrame(rows)
        if len(ks) > 1 and int(self.n_runs) > 1:
            # stability refits only for the counts that can be chosen: a count whose
            # largest theme is a catch-all is out whatever its stability (on NewsArticles
            # this skips a third of the fits)
            for i in np.flatnonzero(_eligible(sel, self.max_theme_share)):
                k = int(sel.at[i, "n_themes"])
                # each count draws its own subsamples, so whether other counts were
                # refitted does not change its stability
                rng = np.random.default_rng([int(self.seed), k])
                sel.at[i, "stability"] = self._stability(D, models[k][0], k, rng,
                                                         int(self.n_runs))
        self.timings_["fit_candidates"] = _elapsed(clock)
        self.selection_ = _select(sel, self.max_theme_share)
        self.n_themes_ = int(self.selection_.loc[self.selection_["chosen"], "n_themes"].iloc[0])
        self.model_, W, coherence = models[self.n_themes_]
        self.doc_themes_ = self._normalise(W)
        self.themes_ = self._themes_table(coherence, self.doc_themes_)
        return self

    @staticmethod
    def _normalise(W: np.ndarray) -> np.ndarray:
        total = W.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(total > 0, W / np.where(total > 0, total, 1), 0.0)

    def _themes_table(self, coherence, W) -> pd.DataFrame:
        top = self._top(self.model_.components_)
        labels, seen = [], {}
        for row in top:
            label = _label([str(self.terms_[i]) for i in row])
            seen[label] = seen.get(label, 0) + 1
            labels.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
        dominant = _dominant(W)
        return pd.DataFrame({
            "theme": np.arange(len(top)),
            "label": labels,
            "top_terms": [", ".join(str(self.terms_[i]) for i in row) for row in top],
            "coherence": np.asarray(coherence, dtype=float),
            "prevalence": W.mean(axis=0),
            "n_dominant": [int((dominant == k).sum()) for k in range(len(top))],
        })

    # -- using the fit -----------------------------------------------------------
    def transform(self, X) -> np.ndarray:
        """Documents × themes weights; each row sums to 1 (all zero for an empty text)."""
        return self._normalise(self.model_.transform(self._features(self._texts(X))))

    def assign(self, corpus: pd.DataFrame, *, how: str = "dominant", W: np.ndarray | None = None):
        """Tidy per-document assignment for :func:`newsprism.trends.prevalence`.

        ``how="dominant"``: one row per document ``doc_id, date, source, theme, weight``
        with its strongest theme (theme NaN for a document with no theme terms).
        ``how="weights"``: one row per document × theme with the weight (rows of a
        document sum to 1), for summed-weight prevalence.
        """
        W = self.transform(corpus) if W is None else W
        labels = self.themes_["label"].to_numpy()
        keep = [c for c in ("doc_id", "date", "source") if c in corpus.columns]
        base = corpus[keep].reset_index(drop=True)
        if how == "dominant":
            has = W.sum(axis=1) > 0
            out = base.copy()
            out["theme"] = np.where(has, labels[W.argmax(axis=1)], None)
            out["weight"] = np.where(has, W.max(axis=1), np.nan)
            return out
        if how == "weights":
            out = base.loc[base.index.repeat(W.shape[1])].reset_index(drop=True)
            out["theme"] = np.tile(labels, W.shape[0])
            out["weight"] = W.ravel()
            return out
        raise ValueError(f"how must be 'dominant' or 'weights', got {how!r}")

    def representative_docs(self, corpus: pd.DataFrame, *, n: int = 3, W: np.ndarray | None = None):
        """The ``n`` articles with the highest weight on each theme, for reading.

        Returns ``theme, label, rank, doc_id, title, source, date, weight``.
        """
        W = self.transform(corpus) if W is None else W
        corpus = corpus.reset_index(drop=True)
        rows = []
        for k, label in zip(self.themes_["theme"], self.themes_["label"]):
            order = np.argsort(-W[:, k], kind="stable")[:n]
            for rank, i in enumerate(order, start=1):
                if W[i, k] <= 0:
                    break
                rec = {"theme": int(k), "label": label, "rank": rank}
                for col in ("doc_id", "title", "source", "date"):
                    rec[col] = corpus.at[i, col] if col in corpus.columns else None
                rec["weight"] = float(W[i, k])
                rows.append(rec)
        return pd.DataFrame(rows, columns=["theme", "label", "rank", "doc_id", "title",
                                           "source", "date", "weight"])


def _table_state(table: pd.DataFrame) -> dict:
    # numeric and bool columns stay numpy arrays (exact); the rest become lists of str
    columns = {}
    for col in table.columns:
        values = table[col]
        if values.dtype.kind in "biuf":
            columns[str(col)] = values.to_numpy()
        else:
            columns[str(col)] = ["" if v is None else str(v) for v in values]
    return {"__table__": True, "order": [str(c) for c in table.columns], "columns": columns}


def _table_from_state(state: dict) -> pd.DataFrame:
    return pd.DataFrame({c: state["columns"][c] for c in state["order"]})


def _elapsed(clock) -> dict:
    import time

    return {"wall_s": round(time.perf_counter() - clock[0], 2),
            "cpu_s": round(time.process_time() - clock[1], 2)}


def _dominant(W: np.ndarray) -> np.ndarray:
    """Each document's strongest theme (-1 for a document with no theme weight)."""
    return np.where(W.sum(axis=1) > 0, W.argmax(axis=1), -1)


def themes_for_texts(model: ThemeModel, texts: Iterable[str], *, top: int = 3) -> pd.DataFrame:
    """Top themes of a few texts (e.g. one seed article): ``doc, rank, theme, label, weight``."""
    W = model.transform(list(texts))
    rows = []
    for d, row in enumerate(W):
        for rank, k in enumerate(np.argsort(-row)[:top], start=1):
            rows.append({"doc": d, "rank": rank, "theme": int(k),
                         "label": model.themes_.at[int(k), "label"], "weight": float(row[k])})
    return pd.DataFrame(rows)
