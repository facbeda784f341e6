"""News-aware tokenizer: one compiled regular-expression pass plus a per-word-type memo.

A document is split on whitespace (``str.split``, C speed); each distinct whitespace-delimited
*chunk* (``"NATO's"``, ``"(Xinhua)"``, ``"Saturday."``) is mapped once and the answer is
remembered.  A chunk that is a bare word once edge punctuation is stripped (the vast majority)
shares the entry of that word, so ``"(NATO"``, ``"NATO,"`` and ``"NATO"`` cost one mapping;
only the other chunks run the compiled regex (initialisms like ``U.S.``, numbers like ``9/11``
or ``1,000``, words with inner hyphens/apostrophes like ``al-Qaeda``).  Mapping means case
folding, possessive stripping, stop words, number placeholder, stemming.  News text is
Zipfian, so after the first few hundred documents almost every chunk is a dictionary hit and
the per-document work is ``split`` + one C-level dict lookup per chunk.

The memo of one tokenizer configuration is kept in ``newsprism.cache.memo("newsprism.text.
tokenizers")``: every analyzer with the same options shares it, it is bounded, and
``newsprism.cache.clear()`` empties it.

Example:
    >>> tokenize("The U.S. said NATO's plan for 9/11 victims angered al-Qaeda.")
    ['u.s.', 'nato', 'plan', '9/11', 'victims', 'angered', 'al-qaeda']
"""

from __future__ import annotations

import re
import unicodedata
from itertools import chain
from typing import Any

from newsprism import cache
from newsprism.text._dispatch import as_text, map_text
from newsprism.text.normalize import _INVISIBLE
from newsprism.text.stopwords import get_stop_words, stop_words_fingerprint

#: Bumped whenever tokenizer output changes, so on-disk feature caches are invalidated.
TOKENIZER_VERSION = 1

#: The tokenizer options and their defaults. Every tokenizer and vectorizer of newsprism
#: takes exactly these (see :class:`NewsAnalyzer` for what each one does).
TOKENIZER_OPTIONS: dict[str, Any] = {
    "lowercase": True, "stop_words": "news", "stem": False, "numbers": "keep",
    "hyphens": "keep", "min_len": 2, "normalize": True,
}

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
_MAX_ENTRIES = 2_000_000  # per memo dict; past it the dict starts again (bounded memory)
_MAX_CONFIGURATIONS = 16  # tokenizer configurations whose memos are kept
_EDGE_PUNCT = ".,;:!?\"'()[]{}<>*\u201c\u201d\u2018\u2019"
_NUMERIC = re.compile(r"[+-]?\d+(?:[.,]\d+)*")
NUMBER_PLACEHOLDER = "<num>"
_NUMBER_START = frozenset("0123456789+-")
_POSSESSIVE = frozenset(("'s", "'S", "\u2019s", "\u2019S"))
# "US" written without dots would fold into the stop word "us".
_CASE_SENSITIVE = {"US": "u.s.", "U.S": "u.s."}


def check_tokenizer_options(options: dict) -> dict[str, Any]:
    """``options`` completed with the defaults of :data:`TOKENIZER_OPTIONS`, validated.

    Example:
        >>> check_tokenizer_options({"stem": 1})["stem"], check_tokenizer_options({})["min_len"]
        (True, 2)
    """
    unknown = sorted(set(options) - set(TOKENIZER_OPTIONS))
    if unknown:
        raise TypeError(f"unknown tokenizer options {unknown}; the options are "
                        f"{list(TOKENIZER_OPTIONS)}")
    out = {**TOKENIZER_OPTIONS, **options}
    if out["numbers"] not in ("keep", "drop", "placeholder"):
        raise ValueError(f"numbers must be 'keep', 'drop' or 'placeholder', not {out['numbers']!r}")
    if out["hyphens"] not in _PATTERNS:
        raise ValueError(f"hyphens must be 'keep' or 'split', not {out['hyphens']!r}")
    get_stop_words(out["stop_words"])  # raises on a bad value
    for name in ("lowercase", "stem", "normalize"):
        out[name] = bool(out[name])
    out["min_len"] = int(out["min_len"])
    return out


class _Memo(dict):
    """dict computing misses with ``func``; read it with ``[memo[c] for c in chunks]``.

    Indexing a dict subclass with ``__missing__`` inside a comprehension costs one lookup
    per hit (no ``in`` test, no retry), and the miss path runs only for new chunks.
    """

    __slots__ = ("func",)

    def __init__(self, func):
        super().__init__()
        self.func = func

    def __missing__(self, key):
        if len(self) > _MAX_ENTRIES:
            self.clear()
        value = self[key] = self.func(key)
        return value


class _FeatureMemo(dict):
    """chunk -> its features joined by one space (``""`` = none), filled on first sight.

    A string value, not a tuple: a document's tokens are then ``filter(None, map(...))``,
    C-level with no flattening; the rare chunks with several features ("U.S.-led" under
    ``hyphens="split"``, "Obama/Trump") are recorded in ``multi`` and expanded by a
    ``join``/``split`` of the few documents that contain one.  Features never contain
    whitespace, so the expansion is exact.
    """

    __slots__ = ("tokenizer", "multi")

    def __init__(self, tokenizer: _Tokenizer):
        super().__init__()
        self.tokenizer = tokenizer
        self.multi: set[str] = set()

    def __missing__(self, chunk):
        feats = self.tokenizer.chunk_features(chunk)
        value = feats[0] if len(feats) == 1 else " ".join(feats)
        if len(feats) > 1:
            self.multi.add(value)
        if len(self) > _MAX_ENTRIES:
            self.clear()
        self[chunk] = value
        return value


class _Tokenizer:
    """One compiled tokenizer configuration with its memos (shared through ``cache.memo``)."""

    def __init__(self, options: dict, phrases: bool):
        self.lowercase, self.stem = options["lowercase"], options["stem"]
        self.numbers, self.min_len = options["numbers"], options["min_len"]
        self.phrases = phrases  # "_" tokens are learned phrases: never stop words or stemmed
        self.regex = _PATTERNS[options["hyphens"]]
        self.stop = get_stop_words(options["stop_words"])
        self.stemmer = None
        if self.stem:
            from nltk.stem.snowball import SnowballStemmer

            self.stemmer = SnowballStemmer("english")
        self.words: dict[str, tuple] = {}  # bare alphanumeric word -> features
        self.raws: dict[str, str] = {}  # other regex token -> feature ("" = none)
        self.features = _FeatureMemo(self)  # chunk -> features joined by " "
        self.surfaces = _Memo(self.chunk_surface)  # chunk -> surface tokens
        self.finals = _Memo(self.final_tuple)  # surface token -> (feature,) or ()

    def surface(self, raw: str) -> str:
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

    def final(self, tok: str) -> str:
        """Surface token -> feature ('' = drop): stop words, numbers, stemming."""
        if not tok:
            return ""
        if "_" in tok and self.phrases:
            return tok  # a learned phrase: never a stop word, never stemmed
        if tok.lower() in self.stop:
            return ""
        if tok[0] in _NUMBER_START and _NUMERIC.fullmatch(tok):
            if self.numbers == "drop":
                return ""
            return NUMBER_PLACEHOLDER if self.numbers == "placeholder" else tok
        if self.stemmer is not None and "." not in tok:
            return self.stemmer.stem(tok)
        return tok

    def final_tuple(self, tok: str) -> tuple[str, ...]:
        feat = self.final(tok)
        return (feat,) if feat else ()

    def word(self, word: str) -> tuple[str, ...]:
        """Features of a bare alphanumeric word (the bulk of all types), memoised."""
        found = self.words.get(word)
        if found is None:
            feat = self.final(self.surface(word))
            found = (feat,) if feat else ()
            if len(self.words) > _MAX_ENTRIES:
                self.words.clear()
            self.words[word] = found
        return found

    def chunk_features(self, chunk: str) -> tuple[str, ...]:
        """Unigram features of one whitespace-delimited chunk (phrases not applied)."""
        core = chunk.strip(_EDGE_PUNCT)
        if core.isalnum():
            # most chunks are a word with punctuation around it: "(NATO", "NATO:" and
            # "NATO." share the mapping of the word, and no regex runs
            # (str.isalnum is exactly the non-underscore part of the regex's \w)
            return self.word(core)
        if chunk.startswith(("http", "www.")) or "://" in chunk:
            return ()
        if core[-2:] in _POSSESSIVE and core[:-2].isalnum():
            # "NATO's" is the word "NATO" (what the regex path would find, without a regex)
            return self.word(core[:-2])
        # regex tokens recur across chunks ("al-Qaeda," "(al-Qaeda"): memoise them as well
        raws, feats = self.raws, []
        for raw in self.regex.findall(chunk):
            if raw.isalnum():
                feats.extend(self.word(raw))
                continue
            feat = raws.get(raw)
            if feat is None:
                if len(raws) > _MAX_ENTRIES:
                    raws.clear()
                feat = raws[raw] = self.final(self.surface(raw))
            if feat:
                feats.append(feat)
        return tuple(feats)

    def chunk_surface(self, chunk: str) -> tuple[str, ...]:
        core = chunk.strip(_EDGE_PUNCT)
        if core.isalnum():
            surface = self.surface(core)
            return (surface,) if surface else ()
        if chunk.startswith(("http", "www.")) or "://" in chunk:
            return ()
        return tuple(s for s in map(self.surface, self.regex.findall(chunk)) if s)


class NewsAnalyzer:
    """Callable turning one document into a list of features (tokens, phrases, n-grams).

    Picklable (only the options travel; the memo is looked up by them), so it can be
    passed to scikit-learn's vectorizers as ``analyzer=`` and shipped to joblib workers.
    :func:`tokenize` and the newsprism vectorizers are thin layers over it.

    Args:
        ngram_range: ``(min_n, max_n)`` word n-grams, formed after stop-word removal
            (as in scikit-learn); n-gram parts are joined with a space.
        phrases: a fitted :class:`~newsprism.text.PhraseModel` merging collocations
            (applied before stop-word removal), or ``None``.
        **options: the tokenizer options (:data:`TOKENIZER_OPTIONS`):

            * ``lowercase`` (True): fold case (``U.S.`` -> ``u.s.``; ``US`` also becomes
              ``u.s.``);
            * ``stop_words`` (``"news"``): scikit-learn's English list + the news list in
              ``resources/stopwords_news.txt``; ``"english"``, ``None`` or a list of words;
            * ``stem`` (False): NLTK's Snowball English stemmer (no data download); stemmed
              output is lower-case; initialisms, numbers and phrases are not stemmed;
            * ``numbers`` (``"keep"``): ``"drop"`` or ``"placeholder"`` (plain numbers such
              as ``2008``, ``1,000`` or ``3.5`` become ``"<num>"``; ``9/11`` is kept);
            * ``hyphens`` (``"keep"``): ``al-qaeda`` is one token; ``"split"`` splits it;
            * ``min_len`` (2): shorter tokens are dropped (scikit-learn's default);
            * ``normalize`` (True): NFKC and invisible-character removal for non-ASCII text.

    Example:
        >>> NewsAnalyzer(ngram_range=(1, 2))("Missile defence plans")
        ['missile', 'defence', 'plans', 'missile defence', 'defence plans']
    """

    def __init__(self, *, ngram_range=(1, 1), phrases=None, **options):
        min_n, max_n = ngram_range
        if not 1 <= min_n <= max_n:
            raise ValueError(f"ngram_range must be (min_n, max_n) with 1 <= min_n <= max_n, "
                             f"not {ngram_range!r}")
        self.options = check_tokenizer_options(options)
        self.ngram_range = (int(min_n), int(max_n))
        self.phrases = phrases
        # the memo's key: every option that changes a chunk's features (stop words by
        # content), and whether "_" tokens are phrases
        self._key = cache.key({k: v for k, v in self.options.items() if k != "stop_words"},
                              stop_words_fingerprint(self.options["stop_words"]),
                              phrases is not None)

    def __getstate__(self):
        return {"options": self.options, "ngram_range": self.ngram_range,
                "phrases": self.phrases, "_key": self._key}

    def __setstate__(self, state):
        self.__dict__.update(state)

    def _compiled(self) -> _Tokenizer:
        tokenizers = cache.memo("newsprism.text.tokenizers", maxsize=_MAX_CONFIGURATIONS)
        try:
            return tokenizers[self._key]
        except KeyError:
            found = tokenizers[self._key] = _Tokenizer(self.options, self.phrases is not None)
            return found

    def fingerprint(self) -> dict[str, Any]:
        """JSON-able description of everything that changes the output (for cache keys)."""
        return {
            "tokenizer_version": TOKENIZER_VERSION,
            **{k: v for k, v in self.options.items() if k != "stop_words"},
            "ngram_range": list(self.ngram_range),
            "stop_words": stop_words_fingerprint(self.options["stop_words"]),
            "phrases": None if self.phrases is None else self.phrases.fingerprint(),
        }

    def chunk_features(self, chunk: str) -> tuple[str, ...]:
        """Unigram features of one whitespace-delimited chunk (phrases not applied).

        Example:
            >>> NewsAnalyzer().chunk_features("(NATO's")
            ('nato',)
        """
        return self._compiled().chunk_features(chunk)

    # -- documents --------------------------------------------------------------------------
    def prepare(self, doc) -> str:
        """``doc`` as the text that is split into chunks: a string, Unicode-normalised.

        Example:
            >>> NewsAnalyzer().prepare("the \ufb01re")
            'the fire'
        """
        if not isinstance(doc, str):
            doc = as_text(doc)
        if self.options["normalize"] and not doc.isascii():
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
        surfaces = self._compiled().surfaces
        return list(chain.from_iterable([surfaces[c] for c in self.chunks(doc)]))

    def tokens(self, doc) -> list[str]:
        """Unigram features of ``doc`` (phrases merged, stop words removed)."""
        compiled = self._compiled()
        if self.phrases is None:
            # C-level loop: one dict hit per chunk, dropped chunks ("") filtered out
            memo = compiled.features
            tokens = list(filter(None, map(memo.__getitem__, self.chunks(doc))))
            if memo.multi and not memo.multi.isdisjoint(tokens):
                return " ".join(tokens).split()
            return tokens
        merged = self.phrases.apply(self.surface_tokens(doc))
        finals = compiled.finals
        return list(chain.from_iterable([finals[t] for t in merged]))

    def __call__(self, doc) -> list[str]:
        tokens = self.tokens(doc)
        min_n, max_n = self.ngram_range
        if max_n == 1:
            return tokens
        out = tokens if min_n == 1 else []
        for n in range(max(min_n, 2), max_n + 1):
            out = out + list(map(" ".join, zip(*(tokens[i:] for i in range(n)))))
        return out

    def __repr__(self) -> str:
        changed = {k: v for k, v in self.options.items() if TOKENIZER_OPTIONS[k] != v}
        if self.ngram_range != (1, 1):
            changed["ngram_range"] = self.ngram_range
        if self.phrases is not None:
            changed["phrases"] = self.phrases
        return f"NewsAnalyzer({', '.join(f'{k}={v!r}' for k, v in changed.items())})"


def tokenize(text, **options):
    """Split news text into tokens.

    News-aware: initialisms (``U.S.``, ``a.m.``) and numbers with separators (``9/11``,
    ``1,000``) stay whole; hyphenated names (``al-Qaeda``) stay whole unless
    ``hyphens="split"``; possessives are stripped (``NATO's`` -> ``nato``); ``US`` is read as
    ``u.s.`` rather than the pronoun; URLs are dropped; name particles (``de Hoop
    Scheffer`` -> ``de``, ``hoop``, ``scheffer``) are kept so :class:`PhraseModel` can join
    them.

    Args:
        text: a string, or a pandas Series / iterable of strings.
        **options: the tokenizer options (:data:`TOKENIZER_OPTIONS`, described in
            :class:`NewsAnalyzer`): ``lowercase``, ``stop_words``, ``stem``, ``numbers``,
            ``hyphens``, ``min_len``, ``normalize``.

    Returns:
        A list of tokens; for a Series, a Series of lists (same index); for another
        iterable, a list of lists.

    Example:
        >>> tokenize("Jaap de Hoop Scheffer told reporters in 2009.", numbers="placeholder")
        ['jaap', 'de', 'hoop', 'scheffer', '<num>']
        >>> tokenize("Russia's troops", stop_words=None, stem=True)
        ['russia', 'troop']
    """
    return map_text(NewsAnalyzer(**options).tokens, text)
