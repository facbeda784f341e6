"""scikit-learn's vectorizers with the newsprism news-aware analyzer plugged in.

``NewsCountVectorizer``, ``NewsTfidfVectorizer`` and ``NewsHashingVectorizer`` count with
scikit-learn's own ``CountVectorizer`` / ``TfidfTransformer`` / ``HashingVectorizer``, passing
a :class:`~newsprism.text.NewsAnalyzer` as ``analyzer=``. They are ordinary scikit-learn
transformers (``clone``, ``get_params``/``set_params``, ``Pipeline``, ``GridSearchCV``) that
take the tokenizer options (:data:`newsprism.text.TOKENIZER_OPTIONS`) directly, plus:

* ``phrases``: ``True`` learns a :class:`~newsprism.text.PhraseModel` on the training corpus
  (``phrases_``), or pass a fitted one; phrases become single features (``south_ossetia``);
* ``cache_dir`` (count and TF-IDF): the fitted result (matrix, vocabulary, ``idf_``,
  learned phrases) is stored under a key made of the corpus content and every parameter,
  so rerunning a notebook does not tokenize again (:mod:`newsprism.features.cache`).

Example:
    >>> v = NewsTfidfVectorizer(min_df=1, max_df=1.0)
    >>> v.fit_transform(["NATO and Russia", "Russia said"]).shape
    (2, 2)
    >>> list(v.get_feature_names_out())
    ['nato', 'russia']
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.feature_extraction.text import CountVectorizer, HashingVectorizer, TfidfTransformer
from sklearn.utils.validation import check_is_fitted

from newsprism.features import cache as feature_cache
from newsprism.text._dispatch import as_text
from newsprism.text.phrases import PhraseModel
from newsprism.text.tokenize import TOKENIZER_OPTIONS, NewsAnalyzer


def _as_docs(raw_documents) -> list[str]:
    if isinstance(raw_documents, str):
        raise ValueError("Iterable over raw text documents expected, string object received.")
    return [d if d.__class__ is str else as_text(d) for d in raw_documents]


class _NewsAnalyzerParams:
    """The analyzer of a vectorizer: its tokenizer options, n-grams and phrases."""

    def _tokenizer_options(self) -> dict:
        return {name: getattr(self, name) for name in TOKENIZER_OPTIONS}

    def _phrase_model(self):
        """The phrases the analyzer applies: None, the learned ``phrases_`` or the given model."""
        if self.phrases is None or self.phrases is False:
            return None
        if self.phrases is True:
            check_is_fitted(self, "phrases_", msg="phrases=True is learned by fit(); call fit "
                            "first")
            return self.phrases_
        if isinstance(self.phrases, PhraseModel):
            if hasattr(self.phrases, "phrases_"):
                return self.phrases
            # an unfitted PhraseModel is learned by fit(), like phrases=True
            check_is_fitted(self, "phrases_", msg="the PhraseModel given is learned by fit(); "
                            "call fit first")
            return self.phrases_
        raise ValueError(f"phrases must be None, True or a PhraseModel, not {self.phrases!r}")

    def build_analyzer(self) -> NewsAnalyzer:
        """The callable mapping one document to its list of features (as in scikit-learn).

        Example:
            >>> NewsCountVectorizer(ngram_range=(1, 2)).build_analyzer()("South Ossetia war")
            ['south', 'ossetia', 'war', 'south ossetia', 'ossetia war']
        """
        return self._analyzer_with(self._phrase_model())

    def _analyzer_with(self, phrases) -> NewsAnalyzer:
        return NewsAnalyzer(ngram_range=tuple(self.ngram_range), phrases=phrases,
                            **self._tokenizer_options())

    def build_tokenizer(self):
        """Callable returning the unigram tokens of a document (phrases merged)."""
        return self.build_analyzer().tokens


class NewsCountVectorizer(_NewsAnalyzerParams, TransformerMixin, BaseEstimator):
    """Document-term counts with the newsprism analyzer (scikit-learn's ``CountVectorizer``).

    Args:
        ngram_range: ``(min_n, max_n)`` word n-grams (parts joined by a space).
        min_df, max_df: drop terms in fewer / more documents than this (int = count,
            float = proportion), as in scikit-learn.
        max_features: keep the most frequent terms (ties go to the alphabetically first).
        lowercase, stop_words, stem, numbers, hyphens, min_len, normalize: the tokenizer
            options (:data:`newsprism.text.TOKENIZER_OPTIONS`, see
            :class:`~newsprism.text.NewsAnalyzer`).
        phrases: ``None``, ``True`` (learn a :class:`~newsprism.text.PhraseModel` with
            default settings on the training documents) or a fitted ``PhraseModel``.
        binary: record presence (1) instead of counts.
        dtype: dtype of the returned matrix.
        cache_dir: directory for the fitted-result cache, or ``None`` for no cache.

    Attributes:
        vocabulary_: dict term -> column (columns in alphabetical order).
        phrases_: the PhraseModel used (``None`` without phrases).

    Example:
        >>> v = NewsCountVectorizer(min_df=1, max_df=1.0, numbers="placeholder")
        >>> X = v.fit_transform(["Russia, 2008: NATO's war", "NATO and Russia in 2009"])
        >>> list(v.get_feature_names_out()), X.toarray().tolist()
        (['<num>', 'nato', 'russia', 'war'], [[1, 1, 1, 1], [1, 1, 1, 0]])
    """

    def __init__(self, *, ngram_range=(1, 1), min_df=2, max_df=0.95, max_features=None,
                 lowercase=True, stop_words="news", stem=False, numbers="keep", hyphens="keep",
                 min_len=2, normalize=True, phrases=None, binary=False, dtype=np.int64,
                 cache_dir=None):
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.lowercase = lowercase
        self.stop_words = stop_words
        self.stem = stem
        self.numbers = numbers
        self.hyphens = hyphens
        self.min_len = min_len
        self.normalize = normalize
        self.phrases = phrases
        self.binary = binary
        self.dtype = dtype
        self.cache_dir = cache_dir

    # -- fitting ----------------------------------------------------------------------------
    def _fit_phrases(self, docs: list[str]):
        """The phrase model of this fit: learned on ``docs`` when asked, else as given."""
        learn = self.phrases is True or (isinstance(self.phrases, PhraseModel)
                                         and not hasattr(self.phrases, "phrases_"))
        if not learn:
            return self._phrase_model()
        model = PhraseModel() if self.phrases is True else clone(self.phrases)
        surface = NewsAnalyzer(**{**self._tokenizer_options(), "stop_words": None, "stem": False,
                                  "numbers": "keep"})
        return model.fit([surface.surface_tokens(d) for d in docs])

    def _count(self, docs: list[str], analyzer: NewsAnalyzer) -> sp.csr_matrix:
        """Counts over every feature of ``docs``, pruned by min_df / max_df / max_features."""
        limit = self.max_features
        if limit is not None and (not isinstance(limit, (int, np.integer)) or limit < 1):
            raise ValueError(f"max_features must be None or an int >= 1, not {limit!r}")
        counter = CountVectorizer(analyzer=analyzer, min_df=self.min_df, max_df=self.max_df,
                                  dtype=np.int64)
        X = counter.fit_transform(docs)
        vocabulary = counter.vocabulary_
        if limit is not None and X.shape[1] > limit:
            # scikit-learn's own cut sorts without a tie rule; a stable sort over the
            # alphabetical columns keeps the alphabetically first of equal counts
            tf = np.asarray(X.sum(axis=0)).ravel()
            kept = np.sort(np.argsort(-tf, kind="stable")[:limit])
            names = counter.get_feature_names_out()[kept]
            vocabulary = dict(zip(names.tolist(), range(len(kept))))
            X = X[:, kept]
        self.vocabulary_ = vocabulary
        return X

    def _weigh(self, counts: sp.csr_matrix, *, fit: bool) -> sp.csr_matrix:
        """The output matrix from counts (here: the counts, or presence with ``binary``)."""
        X = (counts > 0).astype(self.dtype) if self.binary else counts.astype(self.dtype)
        X.sort_indices()
        return X

    def fit(self, raw_documents, y=None):
        """Learn the vocabulary (and phrases, if requested) from documents."""
        self.fit_transform(raw_documents)
        return self

    def fit_transform(self, raw_documents, y=None):
        """Learn the vocabulary and return the document-term matrix."""
        docs = _as_docs(raw_documents)
        path = None
        if self.cache_dir is not None:
            path = feature_cache.result_path(self.cache_dir, type(self).__name__, docs,
                                             self._cache_params())
            hit = feature_cache.load_result(path, n_docs=len(docs))
            if hit is not None and self._restore(hit):
                return hit.matrix.astype(self.dtype, copy=False)
        self.phrases_ = self._fit_phrases(docs)
        X = self._weigh(self._count(docs, self._analyzer_with(self.phrases_)), fit=True)
        if path is not None:
            learned = self.phrases_ if self.phrases_ is not self._given_phrases() else None
            feature_cache.save_result(path, feature_cache.FittedResult(
                list(self.get_feature_names_out()), X, self._fitted_arrays(),
                None if learned is None else learned.phrases_))
        return X

    def _given_phrases(self):
        fitted = isinstance(self.phrases, PhraseModel) and hasattr(self.phrases, "phrases_")
        return self.phrases if fitted else None

    def _cache_params(self) -> dict:
        """Every parameter that changes the fitted result, JSON-able and process-stable."""
        params = {k: v for k, v in self.get_params(deep=False).items()
                  if k not in ("cache_dir", "phrases", "stop_words")}
        params["dtype"] = np.dtype(self.dtype).str
        # stop words and given phrases enter through the analyzer fingerprint (as keys):
        # sets and deep PhraseModel params print in a per-process hash order
        params["analyzer"] = self._analyzer_with(self._given_phrases()).fingerprint()
        if self._given_phrases() is None and self.phrases is not None:
            learn = (PhraseModel() if self.phrases is True else self.phrases).get_params()
            params["learn_phrases"] = {k: sorted(v) if isinstance(v, (set, frozenset)) else v
                                       for k, v in learn.items()}
        return params

    def _restore(self, hit: feature_cache.FittedResult) -> bool:
        """Set the fitted state from a cache hit (False: the hit does not fit this estimator)."""
        if not self._restore_arrays(hit.arrays, len(hit.terms)):
            return False
        if hit.phrases is not None:
            model = PhraseModel() if self.phrases is True else clone(self.phrases)
            model.phrases_ = hit.phrases
            model.vocabulary_ = sorted({model.delimiter.join(k.split(" "))
                                        for learned in hit.phrases for k in learned})
            self.phrases_ = model
        else:
            self.phrases_ = self._given_phrases()
        self.vocabulary_ = dict(zip(hit.terms, range(len(hit.terms))))
        return True

    def _fitted_arrays(self) -> dict:
        return {}

    def _restore_arrays(self, arrays: dict, n_features: int) -> bool:
        return True

    # -- applying ---------------------------------------------------------------------------
    def _transform_counts(self, raw_documents) -> sp.csr_matrix:
        check_is_fitted(self, "vocabulary_")
        counter = CountVectorizer(analyzer=self.build_analyzer(), vocabulary=self.vocabulary_,
                                  dtype=np.int64)
        return counter.transform(_as_docs(raw_documents))

    def transform(self, raw_documents):
        """Document-term matrix of new documents over the fitted vocabulary."""
        return self._weigh(self._transform_counts(raw_documents), fit=False)

    def get_feature_names_out(self, input_features=None):
        """Terms in column order (alphabetical)."""
        check_is_fitted(self, "vocabulary_")
        names = np.empty(len(self.vocabulary_), dtype=object)
        for term, j in self.vocabulary_.items():
            names[j] = term
        return names

    def inverse_transform(self, X):
        """Terms with a non-zero entry, per document."""
        names = self.get_feature_names_out()
        X = sp.csr_matrix(X)
        return [names[X.indices[X.indptr[i]:X.indptr[i + 1]]] for i in range(X.shape[0])]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags


class NewsTfidfVectorizer(NewsCountVectorizer):
    """TF-IDF with the newsprism analyzer (scikit-learn's ``TfidfVectorizer``).

    Takes every :class:`NewsCountVectorizer` argument plus scikit-learn's TF-IDF options
    ``norm``, ``use_idf``, ``smooth_idf`` and ``sublinear_tf`` (``True`` by default here:
    ``1 + log(tf)`` damps the repeated names of long wire stories).

    Attributes:
        vocabulary_, phrases_: as in :class:`NewsCountVectorizer`.
        idf_: inverse document frequencies, in column order.

    Example:
        >>> v = NewsTfidfVectorizer(min_df=1, phrases=None)
        >>> X = v.fit_transform(["NATO met Russia", "Russia said no", "NATO agreed"])
        >>> X.shape, round(float(X[0].multiply(X[0]).sum()), 6)
        ((3, 4), 1.0)
    """

    def __init__(self, *, ngram_range=(1, 1), min_df=2, max_df=0.95, max_features=None,
                 lowercase=True, stop_words="news", stem=False, numbers="keep", hyphens="keep",
                 min_len=2, normalize=True, phrases=None, binary=False, dtype=np.float64,
                 norm="l2", use_idf=True, smooth_idf=True, sublinear_tf=True, cache_dir=None):
        super().__init__(ngram_range=ngram_range, min_df=min_df, max_df=max_df,
                         max_features=max_features, lowercase=lowercase, stop_words=stop_words,
                         stem=stem, numbers=numbers, hyphens=hyphens, min_len=min_len,
                         normalize=normalize, phrases=phrases, binary=binary, dtype=dtype,
                         cache_dir=cache_dir)
        self.norm = norm
        self.use_idf = use_idf
        self.smooth_idf = smooth_idf
        self.sublinear_tf = sublinear_tf

    def _transformer(self) -> TfidfTransformer:
        return TfidfTransformer(norm=self.norm, use_idf=self.use_idf,
                                smooth_idf=self.smooth_idf, sublinear_tf=self.sublinear_tf)

    def _weigh(self, counts: sp.csr_matrix, *, fit: bool) -> sp.csr_matrix:
        """TF-IDF of the counts, as ``TfidfVectorizer`` computes it (fitting ``idf_`` on fit)."""
        if self.binary:
            counts = (counts > 0).astype(np.int64)
        if fit:
            self._tfidf = self._transformer().fit(counts)
        else:
            check_is_fitted(self, "_tfidf")
        return self._tfidf.transform(counts, copy=False).astype(self.dtype, copy=False)

    def _fitted_arrays(self) -> dict:
        return {"idf": self._tfidf.idf_} if self.use_idf else {}

    def _restore_arrays(self, arrays: dict, n_features: int) -> bool:
        tfidf = self._transformer()
        if self.use_idf:
            idf = arrays.get("idf")
            if idf is None or len(idf) != n_features:
                return False
            tfidf.idf_ = np.array(idf, dtype=np.float64)
        tfidf.n_features_in_ = n_features  # what fit() would have recorded
        self._tfidf = tfidf
        return True

    @property
    def idf_(self):
        check_is_fitted(self, "_tfidf")
        return self._tfidf.idf_


class NewsHashingVectorizer(_NewsAnalyzerParams, TransformerMixin, BaseEstimator):
    """Stateless hashed features with the newsprism analyzer, for corpora too big for memory.

    scikit-learn's ``HashingVectorizer`` with the news analyzer: no vocabulary is stored,
    ``transform`` can be called on batches read from disk, and ``fit``/``partial_fit`` do
    nothing. Phrases must be a fitted :class:`~newsprism.text.PhraseModel` (learn it on a
    sample first).

    Example:
        >>> X = NewsHashingVectorizer(n_features=2**10).transform(["NATO met Russia"])
        >>> X.shape, X.nnz
        ((1, 1024), 3)
    """

    def __init__(self, *, n_features=2**20, ngram_range=(1, 1), lowercase=True,
                 stop_words="news", stem=False, numbers="keep", hyphens="keep", min_len=2,
                 normalize=True, phrases=None, binary=False, norm="l2", alternate_sign=False,
                 dtype=np.float64):
        self.n_features = n_features
        self.ngram_range = ngram_range
        self.lowercase = lowercase
        self.stop_words = stop_words
        self.stem = stem
        self.numbers = numbers
        self.hyphens = hyphens
        self.min_len = min_len
        self.normalize = normalize
        self.phrases = phrases
        self.binary = binary
        self.norm = norm
        self.alternate_sign = alternate_sign
        self.dtype = dtype

    def _phrase_model(self):
        if self.phrases is True:
            raise ValueError("NewsHashingVectorizer needs a fitted PhraseModel, not "
                             "phrases=True (it never sees the whole corpus)")
        return super()._phrase_model()

    def _hasher(self) -> HashingVectorizer:
        return HashingVectorizer(n_features=self.n_features, analyzer=self.build_analyzer(),
                                 binary=self.binary, norm=self.norm,
                                 alternate_sign=self.alternate_sign, dtype=self.dtype)

    def fit(self, X=None, y=None):
        """No-op (stateless); validates the parameters."""
        self._hasher().fit(X)
        return self

    def partial_fit(self, X=None, y=None):
        """No-op (stateless)."""
        return self

    def transform(self, raw_documents):
        """Hashed feature matrix of the documents (rows in input order)."""
        return self._hasher().transform(_as_docs(raw_documents))

    def fit_transform(self, raw_documents, y=None):
        return self.transform(raw_documents)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = False
        return tags
