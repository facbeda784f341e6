"""scikit-learn vectorizers built on the newsprism news-aware analyzer.

``NewsCountVectorizer``, ``NewsTfidfVectorizer`` and ``NewsHashingVectorizer`` are ordinary
scikit-learn transformers (``clone``, ``get_params``/``set_params``, ``Pipeline``,
``GridSearchCV``), with three additions:

* ``n_jobs``: documents are analysed in chunks with joblib; the vocabulary is sorted and the
  matrix put in canonical form afterwards, so the output is identical for any ``n_jobs``;
* ``cache_dir``: the analysed corpus (raw document-term counts) is stored on disk under a key
  made of the corpus content hash and every parameter that changes tokens, so rerunning a
  notebook does not re-tokenize (``min_df``/``max_df``/TF-IDF options can change freely);
* ``phrases``: ``True`` learns a :class:`~newsprism.text.PhraseModel` on the training corpus
  (``phrases_``), or pass a fitted one; phrases become single features (``south_ossetia``).

Counting is fused with tokenizing: each distinct whitespace-delimited chunk of text is mapped
once to its column id, so the per-token work is a ``str.split`` and one dict lookup (scikit-
learn's ``CountVectorizer`` runs a regex and then a Python loop with several dict operations
per token).

Example:
    >>> v = NewsTfidfVectorizer(min_df=1, max_df=1.0)
    >>> v.fit_transform(["NATO and Russia", "Russia said"]).shape
    (2, 2)
    >>> list(v.get_feature_names_out())
    ['nato', 'russia']
"""

from __future__ import annotations

import json
import numbers
import threading
from array import array
from collections import OrderedDict
from itertools import chain

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.utils.validation import check_is_fitted

from newsprism.features import cache as _cache
from newsprism.text._dispatch import as_text
from newsprism.text.phrases import PhraseModel
from newsprism.text.tokenize import NewsAnalyzer


# -- counting ------------------------------------------------------------------------------
# a chunk seen for the first time holds _PENDING - k (its place in the queue) until the
# queue is resolved; codes of real features are >= -1 and multi-feature codes stay far above
_PENDING = -(2 ** 30)


class _FeatureRegistry(dict):
    """Process-wide memory of how one analyzer configuration maps chunks of text to features.

    A dict from each whitespace chunk ever seen to a global feature id (-1: no feature;
    -2-k: several, the k-th tuple of ``multi``), so a document is counted by a C-level
    ``map`` of ``__getitem__`` over its chunks.  A chunk seen for the first time is only
    queued by ``__missing__``; ``resolve`` then maps the whole queue in one batch
    (``NewsAnalyzer.chunk_features_many``), which is what makes a cold fit cheap.  Shared by
    every vectorizer with the same analyzer settings in this process, so refits
    (GridSearchCV, subsample runs, notebook reruns) only pay for chunks they have never
    seen.  Output never depends on it: columns are re-sorted per fit.  Callers hold
    ``lock`` from the first lookup to ``resolve`` (queue codes are only valid in between).
    """

    def __init__(self, analyzer: NewsAnalyzer):
        super().__init__()
        self.analyzer = analyzer
        self.ids: dict[str, int] = {}  # feature -> global id
        self.terms: list[str] = []  # global id -> feature
        self.multi: list[tuple] = []
        self.queue: list[str] = []
        self.lock = threading.Lock()

    def __missing__(self, chunk: str) -> int:
        # queued before it is stored: a failure in between must not leave a code in the dict
        # that no queue entry backs (the next new chunk would get the same code)
        self.queue.append(chunk)
        code = self[chunk] = _PENDING + 1 - len(self.queue)
        return code

    def resolve(self) -> np.ndarray:
        """Map the queued chunks to feature codes (stored for later lookups); return them in
        queue order, so a queue code ``c`` resolves to ``codes[_PENDING - c]``."""
        queue = self.queue  # emptied only once resolved: a failure leaves codes valid
        if not queue:
            return np.zeros(0, dtype=np.int32)
        feats = self.analyzer.chunk_features_many(queue)
        ids, terms = self.ids, self.terms
        new = [f for f in dict.fromkeys(chain.from_iterable(feats)) if f not in ids]
        ids.update(zip(new, range(len(terms), len(terms) + len(new))))
        terms.extend(new)
        codes = [ids[f[0]] if len(f) == 1 else self._multi(f) for f in feats]
        self.update(zip(queue, codes))
        self.queue = []
        return np.array(codes, dtype=np.int32)

    def _multi(self, feats: tuple) -> int:
        if not feats:
            return -1
        self.multi.append(tuple([self.ids[f] for f in feats]))
        return -1 - len(self.multi)


_REGISTRIES: OrderedDict[str, _FeatureRegistry] = OrderedDict()
_REGISTRY_LOCK = threading.Lock()
_MAX_REGISTRY_CHUNKS = 2_000_000
_MAX_REGISTRIES = 8  # analyzer configurations remembered (a grid search over options)


def _registry(analyzer: NewsAnalyzer) -> _FeatureRegistry:
    key = json.dumps(analyzer.fingerprint(), sort_keys=True)
    with _REGISTRY_LOCK:
        reg = _REGISTRIES.get(key)
        if reg is None or len(reg) > _MAX_REGISTRY_CHUNKS:
            reg = _REGISTRIES[key] = _FeatureRegistry(analyzer)
        _REGISTRIES.move_to_end(key)
        while len(_REGISTRIES) > _MAX_REGISTRIES:
            _REGISTRIES.popitem(last=False)  # the least recently used configuration
        return reg


def clear_caches() -> None:
    """Forget the in-process chunk-to-feature memory (the next fit starts cold)."""
    with _REGISTRY_LOCK:
        _REGISTRIES.clear()


def _chunk_codes(reg: _FeatureRegistry, docs: list) -> tuple[np.ndarray, np.ndarray]:
    """(feature code of every whitespace chunk of ``docs`` in order, chunks per document).

    pyarrow splits the documents (its whitespace is exactly ``str.split``'s, tested on every
    code point) and encodes the chunks to distinct values in C++, so Python only touches
    each distinct chunk once: no Python string is made for the ~2 million repeated ones.
    Edge whitespace yields empty chunks, which map to no feature.
    """
    texts = [reg.analyzer.prepare(doc) for doc in docs]
    try:
        import pyarrow as pa
        import pyarrow.compute as pc

        parts = pc.utf8_split_whitespace(pa.array(texts, type=pa.large_string()))
    except (ImportError, UnicodeError, ValueError):  # ArrowInvalid is a ValueError
        # lone surrogates (text decoded with "surrogateescape") are not UTF-8: plain Python
        return _chunk_codes_python(reg, texts)
    lens = pc.list_value_length(parts).to_numpy(zero_copy_only=False).astype(np.int64)
    encoded = pc.dictionary_encode(pc.list_flatten(parts))
    distinct = encoded.dictionary.to_pylist()
    with reg.lock:  # queue codes are only meaningful until this registry resolves them
        codes = np.fromiter(map(reg.__getitem__, distinct), dtype=np.int32, count=len(distinct))
        resolved = reg.resolve()
    _unqueue(codes, resolved)
    return codes[encoded.indices.to_numpy(zero_copy_only=False)], lens


def _chunk_codes_python(reg: _FeatureRegistry, texts: list[str]):
    ids = array("i")
    lens = array("q")
    getitem = reg.__getitem__
    with reg.lock:
        for text in texts:
            chunks = text.split()
            ids.extend(map(getitem, chunks))
            lens.append(len(chunks))
        resolved = reg.resolve()
    codes = np.frombuffer(ids, dtype=np.int32).copy()
    _unqueue(codes, resolved)
    return codes, np.frombuffer(lens, dtype=np.int64)


def _unqueue(codes: np.ndarray, resolved: np.ndarray) -> None:
    queued = codes <= _PENDING
    if queued.any():
        codes[queued] = resolved[_PENDING - codes[queued]]


def _count_chunk(analyzer: NewsAnalyzer, docs: list) -> tuple[list[str], np.ndarray, np.ndarray]:
    """``(terms, rows, cols)`` of a chunk of documents: one entry per feature occurrence.

    ``cols`` index ``terms`` (the local vocabulary, in no particular order); ``rows`` are
    positions in ``docs``.  Repeated (row, col) pairs are summed later, as scikit-learn does.
    """
    n_docs = len(docs)
    if analyzer.phrases is None:
        reg = _registry(analyzer)
        gids, lens = _chunk_codes(reg, docs)
        at = np.repeat(np.arange(n_docs, dtype=np.int32), lens)  # document of each chunk
        if not analyzer.simple:
            return _count_ngrams(analyzer.ngram_range, reg, gids, at)
        keep = gids >= 0
        cols = gids[keep]
        rows = at[keep]
        multi_at = np.flatnonzero(gids < -1)
        if len(multi_at):
            # a chunk with several features ("U.S.-led" under hyphens="split", "(a)b"):
            # its features are appended as extra (row, col) pairs; order is irrelevant
            multi = reg.multi
            groups = [multi[-2 - v] for v in gids[multi_at].tolist()]
            sizes = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
            rows = np.concatenate([rows, np.repeat(at[multi_at], sizes)])
            cols = np.concatenate([cols, np.fromiter(chain.from_iterable(groups),
                                                     dtype=np.int32, count=int(sizes.sum()))])
        terms = reg.terms
        # local vocabulary: only the features this corpus uses
        used = np.flatnonzero(np.bincount(cols, minlength=len(terms)))
        table = np.empty(len(terms), dtype=np.int32)
        table[used] = np.arange(len(used), dtype=np.int32)
        return [terms[i] for i in used.tolist()], rows, table[cols]
    vocab: dict[str, int] = {}
    ids = array("i")
    lens = array("q")
    for doc in docs:
        feats = analyzer(doc)
        try:
            ids.extend([vocab[f] for f in feats])
        except KeyError:
            for f in feats:
                if f not in vocab:
                    vocab[f] = len(vocab)
            ids.extend([vocab[f] for f in feats])
        lens.append(len(feats))
    rows = np.repeat(np.arange(n_docs, dtype=np.int32), np.frombuffer(lens, dtype=np.int64))
    return list(vocab), rows, np.frombuffer(ids, dtype=np.int32).copy()


def _token_stream(reg: _FeatureRegistry, gids: np.ndarray, at: np.ndarray):
    """(term id of every unigram token in order, its document) from per-chunk codes.

    A chunk gives no token (code -1), one (its term id) or several (a ``reg.multi`` group,
    in order), exactly the token sequence ``NewsAnalyzer.tokens`` returns per document.
    """
    counts = (gids >= 0).astype(np.int64)
    multi_at = np.flatnonzero(gids < -1)
    groups = [reg.multi[-2 - v] for v in gids[multi_at].tolist()]
    sizes = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
    counts[multi_at] = sizes
    starts = np.cumsum(counts) - counts  # where each chunk's tokens begin
    tokens = np.empty(int(counts.sum()), dtype=np.int64)
    single = gids >= 0
    tokens[starts[single]] = gids[single]
    if len(groups):
        within = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        tokens[np.repeat(starts[multi_at], sizes) + within] = np.fromiter(
            chain.from_iterable(groups), dtype=np.int64, count=int(sizes.sum()))
    return tokens, np.repeat(at, counts)


def _count_ngrams(ngram_range, reg: _FeatureRegistry, gids: np.ndarray, at: np.ndarray):
    """:func:`_count_chunk` for word n-grams without phrases, from the chunk codes.

    The n-grams of a document are runs of ``n`` consecutive unigram tokens (what
    ``NewsAnalyzer.__call__`` joins with spaces); here each run is numbered from the
    number of its first ``n - 1`` tokens and its last token, with numpy, and only the
    distinct runs are turned into strings -- instead of analysing every document in
    Python. The counts equal the per-document path's (tested).
    """
    tokens, doc_of = _token_stream(reg, gids, at)
    terms = reg.terms
    min_n, max_n = ngram_range
    names: list[str] = []
    rows_parts, cols_parts = [], []
    if min_n <= 1:
        used, local = np.unique(tokens, return_inverse=True)
        names += [terms[i] for i in used.tolist()]
        rows_parts.append(doc_of)
        cols_parts.append(local.astype(np.int64))
    # gram[i]: number of the (n-1)-gram starting at token i (-1: it would cross a
    # document); gram_names: the string of each number (for n = 2, the unigram terms)
    gram, gram_names = tokens, terms
    n_terms = np.int64(len(terms))
    for n in range(2, max_n + 1):
        last = np.arange(n - 1, len(tokens))
        starts = last - (n - 1)
        ok = (doc_of[last] == doc_of[starts]) & (gram[starts] >= 0)
        starts, last = starts[ok], last[ok]
        distinct, number = np.unique(gram[starts] * n_terms + tokens[last],
                                     return_inverse=True)
        head, tail = np.divmod(distinct, n_terms)
        gram_names = [gram_names[h] + " " + terms[t]
                      for h, t in zip(head.tolist(), tail.tolist())]
        gram = np.full(len(tokens), -1, dtype=np.int64)
        gram[starts] = number
        if n >= min_n:
            rows_parts.append(doc_of[starts])
            cols_parts.append(number.astype(np.int64) + len(names))
            names += gram_names
    rows = np.concatenate(rows_parts) if rows_parts else np.zeros(0, dtype=np.int32)
    cols = np.concatenate(cols_parts) if cols_parts else np.zeros(0, dtype=np.int64)
    if any(" " in t for t in terms):
        # a unigram feature holding a space could equal an n-gram string: one column each
        index: dict[str, int] = {}
        remap = np.fromiter((index.setdefault(t, len(index)) for t in names),
                            dtype=np.int64, count=len(names))
        names, cols = list(index), remap[cols]
    return names, rows.astype(np.int32), cols.astype(np.int32)


def _merge_chunks(chunks, sizes: list[int]) -> tuple[list[str], sp.csr_matrix]:
    """Combine chunk results (of ``sizes`` documents each) into (alphabetically sorted terms,
    canonical CSR counts)."""
    n_docs = sum(sizes)
    if len(chunks) == 1:
        terms, rows, cols = chunks[0]
    else:
        gv: dict[str, int] = {}
        all_rows, all_cols, offset = [], [], 0
        for (part_terms, part_rows, part_cols), size in zip(chunks, sizes):
            remap = np.fromiter((gv.setdefault(t, len(gv)) for t in part_terms),
                                dtype=np.int32, count=len(part_terms))
            all_rows.append(part_rows + np.int32(offset))
            all_cols.append(remap[part_cols])
            offset += size
        terms = list(gv)
        rows = np.concatenate(all_rows) if all_rows else np.zeros(0, dtype=np.int32)
        cols = np.concatenate(all_cols) if all_cols else np.zeros(0, dtype=np.int32)
    ordered = sorted(terms)
    position = {t: i for i, t in enumerate(ordered)}
    rank = np.fromiter(map(position.__getitem__, terms), dtype=np.int32, count=len(terms))
    X = sp.coo_matrix((np.ones(len(cols), dtype=np.int64), (rows, rank[cols])),
                      shape=(n_docs, len(terms))).tocsr()
    X.sum_duplicates()  # sorts each row's columns and adds repeated terms
    return ordered, X


def _chunks(docs: list, n_chunks: int) -> list[list]:
    size = max(1, -(-len(docs) // max(1, n_chunks)))
    return [docs[i:i + size] for i in range(0, len(docs), size)] or [[]]


def _effective_jobs(n_jobs) -> int:
    if n_jobs is None:
        return 1
    from joblib import effective_n_jobs

    return effective_n_jobs(n_jobs)


def _as_docs(raw_documents) -> list:
    if isinstance(raw_documents, str):
        raise ValueError("Iterable over raw text documents expected, string object received.")
    return [d if d.__class__ is str else as_text(d) for d in raw_documents]


# -- base -----------------------------------------------------------------------------------
class _AnalyzerParams:
    """Analyzer construction shared by the three vectorizers."""

    def _phrase_model(self):
        if self.phrases is None or self.phrases is False:
            return None
        if self.phrases is True:
            check_is_fitted(self, "phrases_", msg="phrases=True is learned by fit(); call fit "
                            "first")
            return self.phrases_
        if isinstance(self.phrases, PhraseModel):
            fitted = getattr(self, "phrases_", None)
            if fitted is not None:
                return fitted
            check_is_fitted(self.phrases, "phrases_")
            return self.phrases
        raise ValueError(f"phrases must be None, True or a PhraseModel, not {self.phrases!r}")

    def build_analyzer(self) -> NewsAnalyzer:
        """The callable mapping one document to its list of features (as in scikit-learn).

        Example:
            >>> NewsCountVectorizer(ngram_range=(1, 2)).build_analyzer()("South Ossetia war")
            ['south', 'ossetia', 'war', 'south ossetia', 'ossetia war']
        """
        return self._analyzer_with(self._phrase_model())

    def _analyzer_with(self, phrases) -> NewsAnalyzer:
        """This estimator's tokenizer options with the given phrase model (or ``None``)."""
        return NewsAnalyzer(lowercase=self.lowercase, stop_words=self.stop_words,
                            stem=self.stem, numbers=self.numbers, hyphens=self.hyphens,
                            min_len=self.min_len, normalize=self.normalize,
                            ngram_range=tuple(self.ngram_range), phrases=phrases)

    def build_tokenizer(self):
        """Callable returning the unigram tokens of a document (phrases merged)."""
        return self.build_analyzer().tokens

    def analyze(self, doc) -> list[str]:
        """Features of one document: ``build_analyzer()(doc)``."""
        return self.build_analyzer()(doc)

    def _raw_counts(self, docs: list, analyzer: NewsAnalyzer, phrases_meta=None,
                    corpus_key: str | None = None):
        """(sorted terms, CSR counts, cached phrase data) for ``docs``, via the cache."""
        path = None
        if self.cache_dir is not None:
            params = analyzer.fingerprint()
            if phrases_meta is not None:
                params["phrases"] = phrases_meta
            corpus_key = corpus_key or _cache._corpus_key(docs)
            path = _cache.cache_path(self.cache_dir, _cache.cache_key(corpus_key, params))
            hit = _cache.load_counts(path)
            if hit is not None and hit[1].shape[0] == len(docs):
                return hit
        n_jobs = _effective_jobs(self.n_jobs)
        if n_jobs <= 1 or len(docs) < 2 * n_jobs:
            parts = [docs]
            chunks = [_count_chunk(analyzer, docs)]
        else:
            from joblib import Parallel, delayed

            # several chunks per worker keep the workers busy when documents vary in length
            parts = _chunks(docs, 4 * n_jobs)
            chunks = Parallel(n_jobs=n_jobs)(
                delayed(_count_chunk)(analyzer, part) for part in parts)
        terms, X = _merge_chunks(chunks, [len(part) for part in parts])
        meta = {}
        if path is not None:
            if analyzer.phrases is not None and self.phrases is True:
                meta["phrases"] = analyzer.phrases.phrases_
            _cache.save_counts(path, terms, X, meta)
        return terms, X, meta


class NewsCountVectorizer(_AnalyzerParams, TransformerMixin, BaseEstimator):
    """Document-term counts with the newsprism analyzer (a drop-in ``CountVectorizer``).

    Args:
        ngram_range: ``(min_n, max_n)`` word n-grams (parts joined by a space).
        min_df, max_df: drop terms in fewer / more documents than this (int = count,
            float = proportion), as in scikit-learn.
        max_features: keep the most frequent terms (ties broken alphabetically).
        lowercase, stop_words, stem, numbers, hyphens, min_len, normalize: the tokenizer
            options of :class:`newsprism.text.NewsAnalyzer`.
        phrases: ``None``, ``True`` (learn a :class:`~newsprism.text.PhraseModel` with
            default settings on the training documents) or a fitted ``PhraseModel``.
        binary: record presence (1) instead of counts.
        dtype: dtype of the returned matrix.
        n_jobs: joblib workers for tokenizing (``None`` = 1, ``-1`` = all cores).
        cache_dir: directory for the analysed-corpus cache, or ``None`` for no cache.

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
                 n_jobs=None, cache_dir=None):
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
        self.n_jobs = n_jobs
        self.cache_dir = cache_dir

    # -- fitting ----------------------------------------------------------------------------
    def _fit_phrases(self, docs: list):
        if self.phrases is True:
            return PhraseModel().fit([self._surface_analyzer().surface_tokens(d) for d in docs])
        if isinstance(self.phrases, PhraseModel):
            if hasattr(self.phrases, "phrases_"):
                return self.phrases
            return clone(self.phrases).fit(
                [self._surface_analyzer().surface_tokens(d) for d in docs])
        if self.phrases is None or self.phrases is False:
            return None
        raise ValueError(f"phrases must be None, True or a PhraseModel, not {self.phrases!r}")

    def _surface_analyzer(self) -> NewsAnalyzer:
        return NewsAnalyzer(lowercase=self.lowercase, stop_words=None, hyphens=self.hyphens,
                            min_len=self.min_len, normalize=self.normalize)

    def _check_params(self):
        for name in ("min_df", "max_df"):
            value = getattr(self, name)
            if isinstance(value, numbers.Integral) and not isinstance(value, bool):
                if value < 0:
                    raise ValueError(f"{name} must be >= 0, not {value}")
            elif isinstance(value, numbers.Real):
                if not 0.0 <= value <= 1.0:
                    raise ValueError(f"{name} as a proportion must be in [0, 1], not {value}")
            else:
                raise ValueError(f"{name} must be an int or a float, not {value!r}")
        if self.max_features is not None and (
                not isinstance(self.max_features, numbers.Integral) or self.max_features < 0):
            raise ValueError(f"max_features must be None or an int >= 0, "
                             f"not {self.max_features!r}")

    def _fit_counts(self, docs: list, corpus_key: str | None = None):
        phrases_meta = None
        if self.phrases is True or (isinstance(self.phrases, PhraseModel)
                                    and not hasattr(self.phrases, "phrases_")):
            # phrases are learned from this corpus: the cache may hold them already
            learn = (PhraseModel() if self.phrases is True else self.phrases).get_params()
            # sets (connector words) sorted: their repr follows the per-process hash seed
            phrases_meta = {"learn": repr({k: sorted(v) if isinstance(v, (set, frozenset))
                                           else v for k, v in sorted(learn.items())})}
            self.phrases_ = None
            if self.cache_dir is not None:
                params = self._analyzer_with(None).fingerprint()
                params["phrases"] = phrases_meta
                corpus_key = corpus_key or _cache._corpus_key(docs)
                hit = _cache.load_counts(_cache.cache_path(
                    self.cache_dir, _cache.cache_key(corpus_key, params)))
                if hit is not None and "phrases" in hit[2] and hit[1].shape[0] == len(docs):
                    model = PhraseModel() if self.phrases is True else clone(self.phrases)
                    model.phrases_ = hit[2]["phrases"]
                    model.vocabulary_ = sorted({model.delimiter.join(k.split(" "))
                                                for p in model.phrases_ for k in p})
                    self.phrases_ = model
                    return self._limit(hit[0], hit[1], len(docs))
            self.phrases_ = self._fit_phrases(docs)
        else:
            self.phrases_ = self._fit_phrases(docs)
        analyzer = self.build_analyzer()
        terms, X, _ = self._raw_counts(docs, analyzer, phrases_meta, corpus_key)
        return self._limit(terms, X, len(docs))

    def _limit(self, terms: list[str], X: sp.csr_matrix, n_docs: int):
        """Apply min_df / max_df / max_features; set vocabulary_; return the kept columns."""
        df = np.bincount(X.indices, minlength=X.shape[1])
        max_doc = self.max_df if isinstance(self.max_df, numbers.Integral) else self.max_df * n_docs
        min_doc = self.min_df if isinstance(self.min_df, numbers.Integral) else self.min_df * n_docs
        if max_doc < min_doc:
            raise ValueError("max_df corresponds to < documents than min_df")
        mask = (df >= min_doc) & (df <= max_doc)
        if self.max_features is not None and mask.sum() > self.max_features:
            tf = np.asarray(X.sum(axis=0)).ravel()
            cand = np.flatnonzero(mask)
            # stable sort on alphabetical columns: ties go to the earlier term
            best = cand[np.argsort(-tf[cand], kind="stable")[: self.max_features]]
            mask = np.zeros_like(mask)
            mask[best] = True
        kept = np.flatnonzero(mask)
        if len(kept) == 0:
            if X.shape[1] == 0:
                raise ValueError("empty vocabulary; perhaps the documents only contain stop "
                                 "words")
            raise ValueError("After pruning, no terms remain. Try a lower min_df or a higher "
                             "max_df.")
        self.vocabulary_ = dict(zip(map(terms.__getitem__, kept.tolist()), range(len(kept))))
        return X[:, kept]

    def _finish(self, X: sp.csr_matrix):
        X = X.astype(self.dtype) if not self.binary else (X > 0).astype(self.dtype)
        X.sort_indices()
        return X

    def fit(self, raw_documents, y=None):
        """Learn the vocabulary (and phrases, if requested) from documents."""
        self.fit_transform(raw_documents)
        return self

    def fit_transform(self, raw_documents, y=None):
        """Learn the vocabulary and return the document-term matrix."""
        self._check_params()
        docs = _as_docs(raw_documents)
        corpus_key = None if self.cache_dir is None else _cache._corpus_key(docs)
        path = self._result_path(corpus_key)
        if path is not None:
            X = self._restore_fit(path, len(docs))
            if X is not None:
                return X
        X = self._compute_fit(docs, corpus_key)
        if path is not None:
            _cache.save_counts(path, list(self.get_feature_names_out()), X,
                               {"result": type(self).__name__}, self._fitted_arrays())
        return X

    # -- the fitted-result cache: a rerun with the same corpus and parameters reads the
    # output matrix and fitted state back instead of pruning and weighting raw counts again
    def _result_path(self, corpus_key: str | None):
        if corpus_key is None or self.phrases is True or (
                isinstance(self.phrases, PhraseModel) and not hasattr(self.phrases, "phrases_")):
            return None  # phrases learned by this fit are not part of the result file
        # phrases and stop words enter through the analyzer fingerprint (as hashes): their
        # raw values (deep PhraseModel params, sets) print in a per-process hash order
        params = {k: v for k, v in self.get_params(deep=False).items()
                  if k not in ("n_jobs", "cache_dir", "phrases", "stop_words")}
        params["dtype"] = np.dtype(self.dtype).str
        params["estimator"] = type(self).__name__
        # the phrases given now: build_analyzer() prefers a phrases_ left by an earlier fit,
        # which is stale after set_params(phrases=...)
        params["analyzer"] = self._analyzer_with(self._fit_phrases([])).fingerprint()
        return _cache.cache_path(self.cache_dir, _cache.cache_key(corpus_key, params))

    def _restore_fit(self, path, n_docs: int):
        hit = _cache.load_counts(path)
        if hit is None or hit[1].shape[0] != n_docs or not self._restore_arrays(
                hit[2].get("extra", {}), hit[1].shape[1]):
            return None
        terms, X, _ = hit
        self.phrases_ = self._fit_phrases([])  # None or the fitted PhraseModel given
        self.vocabulary_ = dict(zip(terms, range(len(terms))))
        return X.astype(self.dtype, copy=False)

    def _compute_fit(self, docs: list, corpus_key: str | None):
        return self._finish(self._fit_counts(docs, corpus_key))

    def _fitted_arrays(self) -> dict:
        return {}

    def _restore_arrays(self, arrays: dict, n_features: int) -> bool:
        return True

    def _transform_counts(self, raw_documents) -> sp.csr_matrix:
        check_is_fitted(self, "vocabulary_")
        docs = _as_docs(raw_documents)
        terms, X, _ = self._raw_counts(docs, self.build_analyzer())
        cols = np.fromiter((self.vocabulary_.get(t, -1) for t in terms), dtype=np.int64,
                           count=len(terms))
        present = np.flatnonzero(cols >= 0)
        select = sp.csr_matrix((np.ones(len(present), dtype=X.dtype), (present, cols[present])),
                               shape=(len(terms), len(self.vocabulary_)))
        out = (X @ select).tocsr()
        out.sum_duplicates()
        return out

    def transform(self, raw_documents):
        """Document-term matrix of new documents over the fitted vocabulary."""
        return self._finish(self._transform_counts(raw_documents))

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


class NewsTfidfVectorizer(NewsCountVectorizer):
    """TF-IDF with the newsprism analyzer (a drop-in ``TfidfVectorizer``).

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
                 norm="l2", use_idf=True, smooth_idf=True, sublinear_tf=True, n_jobs=None,
                 cache_dir=None):
        super().__init__(ngram_range=ngram_range, min_df=min_df, max_df=max_df,
                         max_features=max_features, lowercase=lowercase, stop_words=stop_words,
                         stem=stem, numbers=numbers, hyphens=hyphens, min_len=min_len,
                         normalize=normalize, phrases=phrases, binary=binary, dtype=dtype,
                         n_jobs=n_jobs, cache_dir=cache_dir)
        self.norm = norm
        self.use_idf = use_idf
        self.smooth_idf = smooth_idf
        self.sublinear_tf = sublinear_tf

    def _transformer(self):
        return TfidfTransformer(norm=self.norm, use_idf=self.use_idf,
                                smooth_idf=self.smooth_idf, sublinear_tf=self.sublinear_tf)

    def _compute_fit(self, docs: list, corpus_key: str | None):
        counts = self._fit_counts(docs, corpus_key)
        if self.binary:
            counts = (counts > 0).astype(np.int64)
        self._tfidf = self._transformer().fit(counts)
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

    def transform(self, raw_documents):
        check_is_fitted(self, "_tfidf")
        counts = self._transform_counts(raw_documents)
        if self.binary:
            counts = (counts > 0).astype(np.int64)
        return self._tfidf.transform(counts, copy=False).astype(self.dtype, copy=False)

    @property
    def idf_(self):
        check_is_fitted(self, "_tfidf")
        return self._tfidf.idf_


class NewsHashingVectorizer(_AnalyzerParams, TransformerMixin, BaseEstimator):
    """Stateless hashed features with the newsprism analyzer, for corpora too big for memory.

    Wraps scikit-learn's ``HashingVectorizer``: no vocabulary is stored, ``transform`` can be
    called on batches read from disk, and ``fit``/``partial_fit`` do nothing.  Phrases must
    be a fitted :class:`~newsprism.text.PhraseModel` (learn it on a sample first).

    Example:
        >>> X = NewsHashingVectorizer(n_features=2**10).transform(["NATO met Russia"])
        >>> X.shape, X.nnz
        ((1, 1024), 3)
    """

    def __init__(self, *, n_features=2**20, ngram_range=(1, 1), lowercase=True,
                 stop_words="news", stem=False, numbers="keep", hyphens="keep", min_len=2,
                 normalize=True, phrases=None, binary=False, norm="l2", alternate_sign=False,
                 dtype=np.float64, n_jobs=None):
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
        self.n_jobs = n_jobs

    @property
    def cache_dir(self):  # hashing is cheap and stateless: never cached
        return None

    def _phrase_model(self):
        if self.phrases is True:
            raise ValueError("NewsHashingVectorizer needs a fitted PhraseModel, not "
                             "phrases=True (it never sees the whole corpus)")
        return super()._phrase_model()

    def _hasher(self):
        return HashingVectorizer(n_features=self.n_features, analyzer=self.build_analyzer(),
                                 binary=self.binary, norm=self.norm,
                                 alternate_sign=self.alternate_sign, dtype=self.dtype)

    def fit(self, X=None, y=None):
        """No-op (stateless); validates the parameters."""
        self._hasher()
        return self

    def partial_fit(self, X=None, y=None):
        """No-op (stateless)."""
        return self

    def transform(self, raw_documents):
        """Hashed feature matrix of the documents (rows in input order)."""
        docs = _as_docs(raw_documents)
        hasher = self._hasher()
        n_jobs = _effective_jobs(self.n_jobs)
        if n_jobs <= 1 or len(docs) < 2 * n_jobs:
            return hasher.transform(docs)
        from joblib import Parallel, delayed

        parts = Parallel(n_jobs=n_jobs)(
            delayed(hasher.transform)(chunk) for chunk in _chunks(docs, 4 * n_jobs))
        return sp.vstack(parts, format="csr")

    def fit_transform(self, raw_documents, y=None):
        return self.transform(raw_documents)
