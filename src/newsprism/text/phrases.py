"""Collocation (phrase) detection: frequent multi-word names learned from a corpus.

Scores adjacent token pairs — and pairs joined by one connector word, as in ``bank of
america`` — by normalised pointwise mutual information (NPMI, Bouma 2009), the way gensim's
``Phrases`` does, and merges pairs scoring above a threshold into one token.  Each extra
pass (``passes``) can join a learned phrase with a neighbour, so two passes find trigrams
such as ``de_hoop_scheffer`` (``de_hoop`` + ``scheffer``).

Example:
    >>> docs = ["nato chief de hoop scheffer spoke about missile defence",
    ...         "lavrov met de hoop scheffer in corfu",
    ...         "de hoop scheffer said missile defence talks would resume",
    ...         "troops left south ossetia after the war",
    ...         "south ossetia and abkhazia declared independence",
    ...         "russia recognised south ossetia", "missile defence in poland angered moscow"]
    >>> pm = PhraseModel(min_count=3, threshold=0.5).fit(docs)
    >>> pm.transform(["de hoop scheffer met south ossetia leaders on missile defence"])
    [['de_hoop_scheffer', 'met', 'south_ossetia', 'leaders', 'on', 'missile_defence']]
"""

from __future__ import annotations

import math
from collections import Counter

from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.utils.validation import check_is_fitted

from newsprism import cache
from newsprism.text._dispatch import as_text

#: Words allowed *inside* a phrase but never at its ends (gensim's English connector words).
CONNECTOR_WORDS = frozenset({
    "a", "an", "the", "for", "of", "with", "without", "and", "or", "from", "to", "in",
    "on", "at", "by", "as", "into", "onto", "upon",
})
_NOT_AT_ENDS = (frozenset(ENGLISH_STOP_WORDS) | CONNECTOR_WORDS) - {"de", "bill", "fire"}


def _is_content(tok: str) -> bool:
    return len(tok) > 1 and tok not in _NOT_AT_ENDS and not tok.replace(",", "").replace(
        ".", "").isdigit()


class PhraseModel(TransformerMixin, BaseEstimator):
    """Learn collocations from a corpus and merge them into single tokens.

    Args:
        min_count: a candidate phrase must occur at least this many times.
        threshold: minimum NPMI score in (-1, 1]; 0.5 keeps strong names and terms.
        passes: learning passes; pass k can build phrases of up to 2**k words.
        connector_words: words that may sit inside a phrase (``secretary of state``) but
            never start or end one.  ``None`` disables connector phrases.
        delimiter: joins the words of a merged phrase.
        max_phrases: keep at most this many phrases per pass (highest scores), or ``None``.

    Attributes:
        phrases_: list (one per pass) of dicts mapping the space-joined parts of each
            phrase (``"missile defence"``, ``"de_hoop scheffer"``) to its NPMI score.
        vocabulary_: sorted list of all merged tokens the model can produce.

    ``fit`` and ``transform`` accept a string, a Series/iterable of strings (tokenized with
    :func:`newsprism.text.tokenize` without stop words) or an iterable of token lists.

    Example:
        >>> pm = PhraseModel(min_count=2).fit([["south", "ossetia", "war"]] * 3)
        >>> pm.phrases_[0]["south ossetia"] > 0.5, pm.vocabulary_
        (True, ['ossetia_war', 'south_ossetia', 'south_ossetia_war'])
    """

    def __init__(self, *, min_count=5, threshold=0.5, passes=2, connector_words=CONNECTOR_WORDS,
                 delimiter="_", max_phrases=None):
        self.min_count = min_count
        self.threshold = threshold
        self.passes = passes
        self.connector_words = connector_words
        self.delimiter = delimiter
        self.max_phrases = max_phrases

    # -- input handling ---------------------------------------------------------------------
    @staticmethod
    def _as_token_lists(X) -> list[list[str]]:
        from newsprism.text.tokenize import NewsAnalyzer

        analyzer = NewsAnalyzer(stop_words=None)
        if isinstance(X, str):
            X = [X]
        out = []
        for doc in X:
            if isinstance(doc, (list, tuple)):
                out.append([as_text(t) for t in doc])
            else:
                out.append(analyzer.surface_tokens(doc))
        return out

    # -- learning ---------------------------------------------------------------------------
    def _learn_pass(self, docs: list[list[str]]) -> dict[str, float]:
        connectors = frozenset(self.connector_words or ())
        words: Counter = Counter()
        pairs: Counter = Counter()
        triples: Counter = Counter()
        for toks in docs:
            words.update(toks)
            pairs.update(zip(toks, toks[1:]))
            if connectors:
                triples.update([t for t in zip(toks, toks[1:], toks[2:]) if t[1] in connectors])
        total = sum(words.values())
        if total == 0:
            return {}
        log_n = math.log(total)
        scored: dict[str, float] = {}
        for cands in (pairs, triples):
            for parts, count in cands.items():
                if count < self.min_count:
                    continue
                a, b = parts[0], parts[-1]
                if not (_is_content(a) and _is_content(b)) or a == b:
                    continue
                if len(parts) == 2 and (a in connectors or b in connectors):
                    continue
                # NPMI = ln(p(ab) / (p(a) p(b))) / -ln p(ab)
                log_pab = math.log(count) - log_n
                pmi = log_pab - (math.log(words[a]) - log_n) - (math.log(words[b]) - log_n)
                npmi = pmi / -log_pab if log_pab < 0 else 1.0
                if npmi >= self.threshold:
                    scored[" ".join(parts)] = round(npmi, 6)
        if self.max_phrases is not None and len(scored) > self.max_phrases:
            best = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[: self.max_phrases]
            scored = dict(best)
        return dict(sorted(scored.items()))

    def fit(self, X, y=None):
        """Learn phrases from documents (strings) or token lists."""
        if not 1 <= int(self.passes):
            raise ValueError(f"passes must be >= 1, not {self.passes!r}")
        docs = self._as_token_lists(X)
        self.phrases_ = []
        self._tables = None
        for _ in range(int(self.passes)):
            learned = self._learn_pass(docs)
            if not learned:
                break
            self.phrases_.append(learned)
            self._tables = None
            docs = [self._apply_pass(toks, len(self.phrases_) - 1) for toks in docs]
        merged = set()
        for learned in self.phrases_:
            merged.update(self.delimiter.join(k.split(" ")) for k in learned)
        self.vocabulary_ = sorted(merged)
        return self

    # -- applying ---------------------------------------------------------------------------
    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("_tables", None)
        return state

    def _lookup_tables(self):
        tables = getattr(self, "_tables", None)
        if tables is None:
            tables = []
            for learned in self.phrases_:
                pairs, triples = set(), set()
                for key in learned:
                    parts = tuple(key.split(" "))
                    (pairs if len(parts) == 2 else triples).add(parts)
                firsts = {p[0] for p in pairs} | {t[0] for t in triples}
                tables.append((firsts, pairs, triples))
            self._tables = tables
        return tables

    def _apply_pass(self, toks: list[str], k: int) -> list[str]:
        firsts, pairs, triples = self._lookup_tables()[k]
        d = self.delimiter
        out, i, n = [], 0, len(toks)
        while i < n:
            a = toks[i]
            if a in firsts:
                if i + 1 < n and (a, toks[i + 1]) in pairs:
                    out.append(a + d + toks[i + 1])
                    i += 2
                    continue
                if i + 2 < n and (a, toks[i + 1], toks[i + 2]) in triples:
                    out.append(d.join(toks[i:i + 3]))
                    i += 3
                    continue
            out.append(a)
            i += 1
        return out

    def apply(self, tokens: list[str]) -> list[str]:
        """Merge the learned phrases in one token list (left to right, greedy, pass by pass)."""
        check_is_fitted(self, "phrases_")
        for k in range(len(self.phrases_)):
            tokens = self._apply_pass(tokens, k)
        return tokens

    def transform(self, X):
        """Token lists with phrases merged (one list per document)."""
        check_is_fitted(self, "phrases_")
        return [self.apply(toks) for toks in self._as_token_lists(X)]

    def fingerprint(self) -> str:
        """Hash of the learned phrases (part of feature cache keys)."""
        check_is_fitted(self, "phrases_")
        return cache.key(self.delimiter, self.phrases_)

    def to_frame(self):
        """The learned phrases as a DataFrame ``phrase, parts, npmi, pass`` (best first).

        Example:
            >>> PhraseModel(min_count=2).fit([["south", "ossetia"]] * 3).to_frame().phrase[0]
            'south_ossetia'
        """
        import pandas as pd

        check_is_fitted(self, "phrases_")
        rows = [
            {"phrase": self.delimiter.join(key.split(" ")), "parts": key, "npmi": score,
             "pass": k + 1}
            for k, learned in enumerate(self.phrases_) for key, score in learned.items()
        ]
        frame = pd.DataFrame(rows, columns=["phrase", "parts", "npmi", "pass"])
        return frame.sort_values(["npmi", "phrase"], ascending=[False, True],
                                 ignore_index=True)
