"""News-aware tokenizer: one compiled regular-expression pass plus a per-word-type cache.

A document is split on whitespace (``str.split``, C speed); each distinct whitespace-delimited
*chunk* (``"NATO's"``, ``"(Xinhua)"``, ``"Saturday."``) is mapped once and the answer is
remembered.  A chunk that is a bare word once edge punctuation is stripped (the vast majority)
shares the entry of that word, so ``"(NATO"``, ``"NATO,"`` and ``"NATO"`` cost one mapping;
only the other chunks run the compiled regex (initialisms like ``U.S.``, numbers like ``9/11``
or ``1,000``, words with inner hyphens/apostrophes like ``al-Qaeda``).  Mapping means case
folding, possessive stripping, stop words, number placeholder, stemming.  News text is
Zipfian, so after the first few hundred documents almost every chunk is a dictionary hit and
the per-document work is ``split`` + one C-level dict lookup per chunk.

Example:
    >>> tokenize("The U.S. said NATO's plan for 9/11 victims angered al-Qaeda.")
    ['u.s.', 'nato', 'plan', '9/11', 'victims', 'angered', 'al-qaeda']
"""

from __future__ import annotations

import re
import unicodedata
from itertools import chain
from functools import lru_cache
from typing import Any

from newsprism.text._dispatch import as_text, map_text
from newsprism.text.normalize import _INVISIBLE
from newsprism.text.stopwords import get_stop_words, stop_words_fingerprint

#: Bumped whenever tokenizer output changes, so on-disk feature caches are invalidated.
TOKENIZER_VERSION = 1

# U.S.  a.m.  U.N. -- the final period is optional ("U.S" in text); _surface restores it
_INITIALISM = r"[^\W\d_](?:\.[^\W\d_])+\.?"
# A word: letters/digits with inner hyphens or apostrophes (al-Qaeda, O'Brien, NATO's), and a
# number may continue with separators (9/11, 1,000, 3.5, 10:30).  One alternation, initialism
# first: this is the only per-character work in the whole tokenizer.
_WORD_KEEP = r"\w+(?:[-'\u2019\u2010\u2011]\w+)*(?:(?<=\d)[.,:/]\d+)*"
_WORD_SPLIT = r"\w+(?:['\u2019]\w+)*(?:(?<=\d)[.,:/]\d+)*"
_PATTERNS = {
    "keep": re.compile(_INITIALISM + "|" + _WORD_KEEP),
    "split": re.compile(_INITIALISM + "|" + _WORD_SPLIT),
}
_INITIALISM_RE = re.compile(_INITIALISM)
_MAX_CACHE = 2_000_000
_EDGE_PUNCT = ".,;:!?\"'()[]{}<>*\u201c\u201d\u2018\u2019"
_NUMERIC = re.compile(r"[+-]?\d+(?:[.,]\d+)*")
NUMBER_PLACEHOLDER = "<num>"
_NUMBER_START = frozenset("0123456789+-")
_POSSESSIVE = frozenset(("'s", "'S", "\u2019s", "\u2019S"))
# "US" written without dots would fold into the stop word "us".
_CASE_SENSITIVE = {"US": "u.s.", "U.S": "u.s."}
_OPTIONS = ("lowercase", "stop_words", "stem", "numbers", "hyphens", "min_len", "normalize")


class Memo(dict):
    """dict computing misses with ``func``; read it with ``[memo[c] for c in chunks]``.

    Indexing a dict subclass with ``__missing__`` inside a comprehension costs one lookup
    per hit (no ``in`` test, no retry), and the miss path runs only for new chunks.
    """

    __slots__ = ("func",)

    def __init__(self, func):
        super().__init__()
        self.func = func

    def __missing__(self, key):
        if len(self) > _MAX_CACHE:
            self.clear()
        value = self[key] = self.func(key)
        return value


class _TokenMemo(dict):
    """chunk -> its features joined by one space (``""`` = none), filled on first sight.

    A string value, not a tuple: a document's tokens are then ``filter(None, map(...))``,
    C-level with no flattening; the rare chunks with several features ("U.S.-led" under
    ``hyphens="split"``, "Obama/Trump") are recorded in ``multi`` and expanded by a
    ``join``/``split`` of the few documents that contain one.  Features never contain
    whitespace, so the expansion is exact.
    """

    __slots__ = ("analyzer", "multi")

    def __init__(self, analyzer):
        super().__init__()
        self.analyzer = analyzer
        self.multi: set[str] = set()

    def __missing__(self, chunk):
        feats = self.analyzer.chunk_features(chunk)
        if len(feats) == 1:
            value = feats[0]
        elif not feats:
            value = ""
        else:
            value = " ".join(feats)
            self.multi.add(value)
        if len(self) > _MAX_CACHE:
            self.clear()
        self[chunk] = value
        return value


def lookup(memo: Memo, chunks: list[str]) -> list[str]:
    """Flatten the memoised tuples of ``chunks``."""
    return list(chain.from_iterable([memo[c] for c in chunks]))


class NewsAnalyzer:
    """Callable turning one document into a list of features (tokens, phrases, n-grams).

    Picklable (the per-type cache is rebuilt in each process), so it can be shipped to
    joblib workers.  ``tokenize`` and the newsprism vectorizers are thin layers over it.

    Args:
        lowercase: fold case (``U.S.`` -> ``u.s.``; ``US`` also becomes ``u.s.``).
        stop_words: ``"news"`` (scikit-learn's English list + the news list in
            ``resources/stopwords_news.txt``), ``"english"``, ``None`` or a list of words.
        stem: apply NLTK's Snowball English stemmer (no data download needed); stemmed
            output is lower-case.  Initialisms, numbers and phrases are not stemmed.
        numbers: ``"keep"``, ``"drop"`` or ``"placeholder"`` (plain numbers such as
            ``2008``, ``1,000`` or ``3.5`` become ``"<num>"``; ``9/11`` is kept).
        hyphens: ``"keep"`` (``al-qaeda`` is one token) or ``"split"``.
        min_len: tokens shorter than this are dropped (2 matches scikit-learn's default).
        normalize: apply NFKC and typographic folding to non-ASCII documents first.
        ngram_range: ``(min_n, max_n)`` word n-grams, formed after stop-word removal
            (as in scikit-learn); n-gram parts are joined with a space.
        phrases: a fitted :class:`~newsprism.text.PhraseModel` merging collocations
            (applied before stop-word removal), or ``None``.

    Example:
        >>> NewsAnalyzer(ngram_range=(1, 2))("Missile defence plans")
        ['missile', 'defence', 'plans', 'missile defence', 'defence plans']
    """

    def __init__(self, *, lowercase=True, stop_words="news", stem=False, numbers="keep",
                 hyphens="keep", min_len=2, normalize=True, ngram_range=(1, 1), phrases=None):
        if numbers not in ("keep", "drop", "placeholder"):
            raise ValueError(f"numbers must be 'keep', 'drop' or 'placeholder', not {numbers!r}")
        if hyphens not in _PATTERNS:
            raise ValueError(f"hyphens must be 'keep' or 'split', not {hyphens!r}")
        min_n, max_n = ngram_range
        if not 1 <= min_n <= max_n:
            raise ValueError(f"ngram_range must be (min_n, max_n) with 1 <= min_n <= max_n, "
                             f"not {ngram_range!r}")
        self.lowercase = bool(lowercase)
        self.stop_words = stop_words
        self.stem = bool(stem)
        self.numbers = numbers
        self.hyphens = hyphens
        self.min_len = int(min_len)
        self.normalize = bool(normalize)
        self.ngram_range = (int(min_n), int(max_n))
        self.phrases = phrases
        self._setup()

    # -- pickling: drop caches and compiled objects, rebuild on load ---------------------
    def __getstate__(self):
        return {k: getattr(self, k) for k in (*_OPTIONS, "ngram_range", "phrases")}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._setup()

    def _setup(self):
        self._regex = _PATTERNS[self.hyphens]
        self._stop = get_stop_words(self.stop_words)
        self._stemmer = None
        if self.stem:
            from nltk.stem.snowball import SnowballStemmer

            self._stemmer = SnowballStemmer("english")
        self._words: dict[str, tuple] = {}  # bare alphanumeric word -> features
        self._raws: dict[str, str] = {}  # other regex token -> feature ("" = none)
        self._features = _TokenMemo(self)  # chunk -> features joined by " "
        self._surface_cache = Memo(self._chunk_surface)  # chunk -> surface tokens
        self._final_cache = Memo(self._final_tuple)  # surface token -> (feature,) or ()

    def fingerprint(self) -> dict[str, Any]:
        """JSON-able description of everything that changes the output (for cache keys)."""
        return {
            "tokenizer_version": TOKENIZER_VERSION,
            "lowercase": self.lowercase, "stem": self.stem, "numbers": self.numbers,
            "hyphens": self.hyphens, "min_len": self.min_len, "normalize": self.normalize,
            "ngram_range": list(self.ngram_range),
            "stop_words": stop_words_fingerprint(self.stop_words),
            "phrases": None if self.phrases is None else self.phrases.fingerprint(),
        }

    # -- per-type mapping (each distinct raw token is seen once) --------------------------
    def _surface(self, raw: str) -> str:
        """Raw regex match -> surface token ('' = drop): apostrophes, possessives, case."""
        if raw.isalnum() and raw not in _CASE_SENSITIVE:  # most words: nothing to fix
            if len(raw) < self.min_len:
                return ""
            return raw.lower() if self.lowercase else raw
        tok = raw.replace("\u2019", "'").replace("\u2010", "-").replace("\u2011", "-")
        if tok.endswith("'s") or tok.endswith("'S"):
            tok = tok[:-2]
        if len(tok) < self.min_len:
            return ""
        if tok[1:2] == "." and not tok.endswith(".") and _INITIALISM_RE.fullmatch(tok):
            tok += "."
        if tok in _CASE_SENSITIVE:
            return _CASE_SENSITIVE[tok] if self.lowercase else "U.S."
        return tok.lower() if self.lowercase else tok

    def _final(self, tok: str) -> str:
        """Surface token -> feature ('' = drop): stop words, numbers, stemming."""
        if not tok:
            return ""
        if "_" in tok and self.phrases is not None:
            return tok  # a learned phrase: never a stop word, never stemmed
        low = tok.lower()
        if low in self._stop:
            return ""
        if tok[0] in _NUMBER_START and _NUMERIC.fullmatch(tok):
            if self.numbers == "drop":
                return ""
            if self.numbers == "placeholder":
                return NUMBER_PLACEHOLDER
            return tok
        if self._stemmer is not None and "." not in tok:
            return self._stemmer.stem(tok)
        return tok

    def _final_tuple(self, tok: str) -> tuple[str, ...]:
        feat = self._final(tok)
        return (feat,) if feat else ()

    def _word(self, word: str) -> tuple[str, ...]:
        """Features of a bare alphanumeric word (the bulk of all types), memoised."""
        feat = self._final(self._surface(word))
        found = (feat,) if feat else ()
        if len(self._words) > _MAX_CACHE:
            self._words.clear()
        self._words[word] = found
        return found

    def chunk_features(self, chunk: str) -> tuple[str, ...]:
        """Unigram features of one whitespace-delimited chunk (phrases not applied).

        Example:
            >>> NewsAnalyzer().chunk_features("(NATO's")
            ('nato',)
        """
        core = chunk.strip(_EDGE_PUNCT)
        if core.isalnum():
            # most chunks are a word with punctuation around it: "(NATO", "NATO:" and
            # "NATO." share the mapping of the word, and no regex runs
            # (str.isalnum is exactly the non-underscore part of the regex's \w)
            found = self._words.get(core)
            return self._word(core) if found is None else found
        if chunk.startswith(("http", "www.")) or "://" in chunk:
            return ()
        if core[-2:] in _POSSESSIVE and core[:-2].isalnum():
            # "NATO's" is the word "NATO" (what the regex path would find, without a regex)
            found = self._words.get(core[:-2])
            return self._word(core[:-2]) if found is None else found
        # regex tokens recur across chunks ("al-Qaeda," "(al-Qaeda"): memoise them as well
        words, raws, feats = self._words, self._raws, []
        for raw in self._regex.findall(chunk):
            if raw.isalnum():
                found = words.get(raw)
                feats.extend(self._word(raw) if found is None else found)
                continue
            feat = raws.get(raw)
            if feat is None:
                if len(raws) > _MAX_CACHE:
                    raws.clear()
                feat = raws[raw] = self._final(self._surface(raw))
            if feat:
                feats.append(feat)
        return tuple(feats)

    def chunk_features_many(self, chunks: list[str]) -> list[tuple[str, ...]]:
        """``chunk_features`` of each chunk, computed as a batch (the same answers).

        For the first pass over a corpus, where most chunks are new: the bare words behind
        them are found and mapped once each in one loop, instead of one chain of calls per
        chunk; only chunks that are not a bare word take the per-chunk path.

        Example:
            >>> NewsAnalyzer().chunk_features_many(["(NATO's", "NATO.", "the", "9/11,"])
            [('nato',), ('nato',), (), ('9/11',)]
        """
        cores = [c.strip(_EDGE_PUNCT) for c in chunks]
        words = self._words
        for word in dict.fromkeys(cores):  # each distinct bare word mapped once
            if word not in words and word.isalnum():
                self._word(word)
        found = list(map(words.get, cores))  # None: not a bare word (or the memo was reset)
        for i in [i for i, feats in enumerate(found) if feats is None]:
            found[i] = self.chunk_features(chunks[i])
        return found

    def _chunk_surface(self, chunk: str) -> tuple[str, ...]:
        core = chunk.strip(_EDGE_PUNCT)
        if core.isalnum():
            surface = self._surface(core)
            return (surface,) if surface else ()
        if chunk.startswith(("http", "www.")) or "://" in chunk:
            return ()
        return tuple(s for s in map(self._surface, self._regex.findall(chunk)) if s)

    # -- documents --------------------------------------------------------------------------
    def prepare(self, doc) -> str:
        """``doc`` as the text that is split into chunks: a string, Unicode-normalised.

        Example:
            >>> NewsAnalyzer().prepare("the \ufb01re")
            'the fire'
        """
        if not isinstance(doc, str):
            doc = as_text(doc)
        if self.normalize and not doc.isascii():
            doc = unicodedata.normalize("NFKC", _INVISIBLE.sub("", doc))
        return doc

    def chunks(self, doc) -> list[str]:
        """Whitespace-delimited chunks of ``doc`` after Unicode normalisation.

        Example:
            >>> NewsAnalyzer().chunks("the \ufb01re  (NATO.")
            ['the', 'fire', '(NATO.']
        """
        # trailing "." / "," stay on their chunk ("Saturday."): stripping them per document
        # (str.replace) costs more than the extra chunk types, which reuse the word's entry
        return self.prepare(doc).split()

    def surface_tokens(self, doc) -> list[str]:
        """Tokens of ``doc`` before stop words, numbers and stemming (what phrases learn from)."""
        return lookup(self._surface_cache, self.chunks(doc))

    def tokens(self, doc) -> list[str]:
        """Unigram features of ``doc`` (phrases merged, stop words removed)."""
        if self.phrases is None:
            # C-level loop: one dict hit per chunk, dropped chunks ("") filtered out
            memo = self._features
            tokens = list(filter(None, map(memo.__getitem__, self.chunks(doc))))
            if memo.multi and not memo.multi.isdisjoint(tokens):
                return " ".join(tokens).split()
            return tokens
        merged = self.phrases.apply(self.surface_tokens(doc))
        return lookup(self._final_cache, merged)

    @property
    def simple(self) -> bool:
        """True when features are single mapped tokens (no n-grams, no phrases)."""
        return self.phrases is None and self.ngram_range == (1, 1)

    def __call__(self, doc) -> list[str]:
        tokens = self.tokens(doc)
        min_n, max_n = self.ngram_range
        if max_n == 1:
            return tokens
        out = tokens if min_n == 1 else []
        for n in range(max(min_n, 2), max_n + 1):
            out = out + list(map(" ".join, zip(*(tokens[i:] for i in range(n)))))
        return out


def _freeze(stop_words):
    if stop_words is None or isinstance(stop_words, (str, bool)):
        return stop_words
    return tuple(sorted(str(w) for w in stop_words))


@lru_cache(maxsize=32)
def _shared_analyzer(lowercase, stop_words, stem, numbers, hyphens, min_len, normalize):
    return NewsAnalyzer(lowercase=lowercase, stop_words=stop_words, stem=stem, numbers=numbers,
                        hyphens=hyphens, min_len=min_len, normalize=normalize)


def tokenize(text, *, lowercase: bool = True, stop_words="news", stem: bool = False,
             numbers: str = "keep", hyphens: str = "keep", min_len: int = 2,
             normalize: bool = True):
    """Split news text into tokens.

    News-aware: initialisms (``U.S.``, ``a.m.``) and numbers with separators (``9/11``,
    ``1,000``) stay whole; hyphenated names (``al-Qaeda``) stay whole unless
    ``hyphens="split"``; possessives are stripped (``NATO's`` -> ``nato``); ``US`` is read as
    ``u.s.`` rather than the pronoun; URLs are dropped; name particles (``de Hoop
    Scheffer`` -> ``de``, ``hoop``, ``scheffer``) are kept so :class:`PhraseModel` can join
    them.  See :class:`NewsAnalyzer` for every option.

    Args:
        text: a string, or a pandas Series / iterable of strings.
        lowercase, stop_words, stem, numbers, hyphens, min_len, normalize: see
            :class:`NewsAnalyzer`.

    Returns:
        A list of tokens; for a Series, a Series of lists (same index); for another
        iterable, a list of lists.

    Example:
        >>> tokenize("Jaap de Hoop Scheffer told reporters in 2009.", numbers="placeholder")
        ['jaap', 'de', 'hoop', 'scheffer', '<num>']
        >>> tokenize("Russia's troops", stop_words=None, stem=True)
        ['russia', 'troop']
    """
    analyzer = _shared_analyzer(bool(lowercase), _freeze(stop_words), bool(stem), numbers,
                                hyphens, int(min_len), bool(normalize))
    return map_text(analyzer.tokens, text)
