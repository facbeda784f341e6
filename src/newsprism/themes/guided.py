"""Guided themes: a researcher's own themes, written as seed terms and phrases in TOML.

A theme file looks like this (see ``resources/themes_newsarticles.toml``)::

    [themes.missile_defence]
    label = "Missile defence"
    terms = ["missile defence", "missile defense", "missile shield", "interceptor*", "THAAD"]

Matching rules (documented here because they decide what is counted):

- case-insensitive, whole words only (``war`` does not match ``software``);
- a term written entirely in capitals (``US``, ``THAAD``) is matched case-sensitively, so
  ``US`` does not match "us";
- a ``*`` at the end of a word matches any word ending (``warship*`` → warships,
  ``enrich* uranium`` → enriched uranium);
- a space or hyphen inside a phrase matches a space, a hyphen or nothing, so
  ``counter-terrorism`` also finds "counter terrorism" and "counterterrorism";
- each theme is matched independently, longest phrase first, so "missile defence" can
  count for *missile defence* while "missile" counts for *military*.

Every score keeps the matched words, so a reader can see why an article got a theme.

Example:
    >>> g = GuidedThemes({"terrorism": ["counter-terrorism", "terror*"],
    ...                   "energy": ["oil", "gas pipeline*"]}).fit()
    >>> s = g.score(["Talks on counter terrorism and the new gas pipelines."])
    >>> s[["theme", "n_matches", "matched_terms"]].to_dict("records")
    [{'theme': 'terrorism', 'n_matches': 1, 'matched_terms': 'counter terrorism ×1'}, {'theme': 'energy', 'n_matches': 1, 'matched_terms': 'gas pipelines ×1'}]
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from newsprism.errors import DataError
from newsprism.resources import resource_path
from newsprism.themes.discovered import corpus_texts

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def default_theme_file() -> Path:
    """Path of the shipped example theme file for the embedded NewsArticles corpus."""
    return resource_path("themes_newsarticles.toml")


def load_theme_file(path: str | Path) -> dict[str, dict]:
    """Read a TOML theme file into ``{theme: {"label": str, "terms": [str, ...], ...}}``.

    Raises:
        DataError: naming the file and the theme (as the column) when a theme has no
            terms or a term is not a string.
    """
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise DataError("theme file not found", path=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"not valid TOML ({exc})", path=path) from None
    themes = data.get("themes")
    if not isinstance(themes, dict) or not themes:
        raise DataError("no [themes.<name>] tables found", path=path)
    out = {}
    for key, spec in themes.items():
        if isinstance(spec, list):
            spec = {"terms": spec}
        terms = spec.get("terms") if isinstance(spec, dict) else None
        if not terms or not isinstance(terms, list):
            raise DataError("theme needs a non-empty list `terms`", path=path, column=key)
        bad = [t for t in terms if not isinstance(t, str) or not t.strip()]
        if bad:
            raise DataError(f"terms must be non-empty strings, got {bad!r}", path=path, column=key)
        out[key] = {**spec, "label": spec.get("label", key.replace("_", " ")),
                    "terms": [t.strip() for t in terms]}
    return out


def term_pattern(term: str) -> tuple[str, bool]:
    """Regex for one seed term and whether it is case-sensitive (see module rules).

    Case-insensitive patterns are lower-cased and meant for lower-cased text (much faster
    in Python's ``re`` than ``re.IGNORECASE``).
    """
    wildcard = term.endswith("*")
    core = term[:-1] if wildcard else term
    letters = [c for c in core if c.isalpha()]
    case_sensitive = len(letters) >= 2 and core == core.upper()
    if not case_sensitive:
        core = core.lower()
    pieces = re.split(r"[\s\-‐–]+", core.strip())
    body = r"[\s\-‐–]?".join(re.escape(p).replace("'", "['’]").replace(r"\*", r"\w*")
                                for p in pieces if p)
    tail = r"\w*" if wildcard else ""
    return rf"\b{body}{tail}\b", case_sensitive


class _ThemeMatcher:
    """All themes' terms in one union regex (one scan of each text), then each match is
    credited to every theme whose own pattern occurs inside the matched words."""

    def __init__(self, specs: dict[str, list[str]]):
        self.keys = list(specs)
        lower, upper = {}, {}
        self.theme_rx = {}
        for key, terms in specs.items():
            lo, up = [], []
            for term in sorted(dict.fromkeys(terms), key=lambda t: (-len(t), t)):
                pat, cs = term_pattern(term)
                (up if cs else lo).append(pat)
                (upper if cs else lower)[pat] = len(term)
            self.theme_rx[key] = (re.compile("|".join(lo)) if lo else None,
                                  re.compile("|".join(up)) if up else None)
        by_len = lambda d: sorted(d, key=lambda p: -d[p])  # noqa: E731
        self.lower_rx = re.compile("|".join(by_len(lower))) if lower else None
        self.upper_rx = re.compile("|".join(by_len(upper))) if upper else None
        self._cache: dict[tuple[str, bool], list[tuple[str, str]]] = {}

    def _credit(self, surface: str, sensitive: bool) -> list[tuple[str, str]]:
        key = (surface, sensitive)
        if key not in self._cache:
            hits = []
            for theme, (lo, up) in self.theme_rx.items():
                rx = up if sensitive else lo
                m = rx.search(surface) if rx is not None else None
                if m:
                    hits.append((theme, m.group(0)))
            self._cache[key] = hits
        return self._cache[key]

    def finditer(self, text: str):
        """Yield ``(theme, matched words, start, end)`` for every match in ``text``."""
        if self.lower_rx is not None:
            low = text.lower()
            for m in self.lower_rx.finditer(low):
                for theme, words in self._credit(m.group(0), False):
                    yield theme, words.replace("’", "'"), m.start(), m.end()
        if self.upper_rx is not None:
            for m in self.upper_rx.finditer(text):
                for theme, words in self._credit(m.group(0), True):
                    yield theme, words, m.start(), m.end()


class GuidedThemes(BaseEstimator):
    """Score documents against researcher-defined themes, recording matched terms.

    Args:
        themes: ``{theme: [terms]}`` or ``{theme: {"label": ..., "terms": [...]}}``
            (what :func:`load_theme_file` returns).
        min_matches: matches a document needs before :meth:`assign` gives it a theme.
        text_columns: DataFrame columns joined into each document's text.

    Attributes:
        themes_: tidy table ``theme, label, n_terms, terms``.
        matcher_: the compiled patterns of every theme.
    """

    def __init__(self, themes=None, *, min_matches: int = 1, text_columns=("title", "text")):
        self.themes = themes
        self.min_matches = min_matches
        self.text_columns = text_columns

    @classmethod
    def from_toml(cls, path, **kwargs) -> "GuidedThemes":
        return cls(load_theme_file(path), **kwargs)

    def fit(self, X=None, y=None):
        """Compile the theme patterns (``X`` is ignored; nothing is learned)."""
        if not self.themes:
            raise ValueError("GuidedThemes needs a non-empty `themes` mapping")
        specs = {k: (v if isinstance(v, dict) else {"terms": list(v)}) for k, v in self.themes.items()}
        rows = []
        for key, spec in specs.items():
            rows.append({"theme": key, "label": spec.get("label", key.replace("_", " ")),
                         "n_terms": len(spec["terms"]), "terms": ", ".join(spec["terms"])})
        self.matcher_ = _ThemeMatcher({k: list(v["terms"]) for k, v in specs.items()})
        self.themes_ = pd.DataFrame(rows)
        return self

    def _check(self):
        if not hasattr(self, "matcher_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("call fit() first")

    def _matches(self, text: str) -> dict[str, Counter]:
        found: dict[str, Counter] = {key: Counter() for key in self.matcher_.keys}
        for theme, words, _, _ in self.matcher_.finditer(text):
            found[theme][words.lower()] += 1
        return found

    def score(self, X) -> pd.DataFrame:
        """One row per document × matched theme.

        Columns: ``doc`` (position) or the corpus' ``doc_id, date, source``, then
        ``theme, n_matches, n_distinct, per_1000_words, matched_terms`` (e.g.
        ``"military ties ×2; troops ×1"``). Documents without any match have no row.
        """
        from tqdm.auto import tqdm

        self._check()
        texts = corpus_texts(X, self.text_columns)
        rows = []
        quiet = {"disable": True} if len(texts) < 500 else {}
        for i, text in enumerate(tqdm(texts, desc="guided themes", **quiet)):
            n_words = max(len(_WORD.findall(text)), 1)
            for key, counts in self._matches(text).items():
                if not counts:
                    continue
                total = sum(counts.values())
                rows.append({"doc": i, "theme": key, "n_matches": total, "n_distinct": len(counts),
                             "per_1000_words": 1000.0 * total / n_words,
                             "matched_terms": "; ".join(f"{t} ×{c}" for t, c in counts.most_common())})
        out = pd.DataFrame(rows, columns=["doc", "theme", "n_matches", "n_distinct",
                                          "per_1000_words", "matched_terms"])
        return _attach_ids(out, X)

    def transform(self, X) -> np.ndarray:
        """Documents × themes matrix of match counts (column order = ``themes_``)."""
        s = self.score(X)
        n = len(X)
        M = np.zeros((n, len(self.themes_)), dtype=float)
        col = {k: j for j, k in enumerate(self.themes_["theme"])}
        if len(s):
            M[s["doc"].to_numpy(), s["theme"].map(col).to_numpy()] = s["n_matches"].to_numpy()
        return M

    def assign(self, corpus: pd.DataFrame, *, scores: pd.DataFrame | None = None) -> pd.DataFrame:
        """Multi-label assignment for :func:`newsprism.trends.prevalence`.

        One row per document × theme with at least ``min_matches`` matches
        (``doc_id, date, source, theme, weight=1, matched_terms``), plus one row with
        ``theme`` missing for each document that has none, so that it still counts in
        its outlet's volume. Shares from this table need not sum to 1 (an article can
        carry several themes).
        """
        s = self.score(corpus) if scores is None else scores
        s = s[s["n_matches"] >= self.min_matches]
        keep = [c for c in ("doc_id", "date", "source") if c in corpus.columns]
        base = corpus[keep].reset_index(drop=True)
        hit = base.iloc[s["doc"].to_numpy()].reset_index(drop=True)
        hit["theme"] = s["theme"].to_numpy()
        hit["weight"] = 1.0
        hit["matched_terms"] = s["matched_terms"].to_numpy()
        none = base.drop(index=np.unique(s["doc"].to_numpy())).reset_index(drop=True)
        none["theme"] = None
        none["weight"] = np.nan
        none["matched_terms"] = ""
        return pd.concat([hit, none], ignore_index=True)

    def explain(self, text: str, *, context: int = 40) -> pd.DataFrame:
        """Every match in one text with its surrounding words: ``theme, match, start, context``."""
        self._check()
        rows = []
        for theme, words, start, end in self.matcher_.finditer(text):
            lo, hi = max(start - context, 0), min(end + context, len(text))
            snippet = text[lo:start] + "[" + text[start:end] + "]" + text[end:hi]
            rows.append({"theme": theme, "match": words, "start": start,
                         "context": " ".join(snippet.split())})
        return pd.DataFrame(rows, columns=["theme", "match", "start", "context"]).sort_values(
            ["start", "theme"], ignore_index=True)


def _attach_ids(scores: pd.DataFrame, X) -> pd.DataFrame:
    if not isinstance(X, pd.DataFrame):
        return scores
    keep = [c for c in ("doc_id", "date", "source") if c in X.columns]
    ids = X[keep].reset_index(drop=True).iloc[scores["doc"].to_numpy()].reset_index(drop=True)
    return pd.concat([scores[["doc"]], ids, scores.drop(columns="doc")], axis=1)
