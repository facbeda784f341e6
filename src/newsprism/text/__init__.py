"""News-aware text processing. PROVISIONAL minimal version; the signatures are the contract.

Example:
    >>> tokenize("The U.S. said NATO's plan...")
    ['u.s.', 'nato', 'plan']
"""

from __future__ import annotations

import re
import unicodedata

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:[-'’]\w+)*", re.UNICODE)
_NEWS_STOP = frozenset({"said", "says", "told", "reporters", "reuters", "xinhua", "tass", "ap", "afp"})


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", normalize(text)) if s]


def tokenize(text: str, *, lowercase: bool = True, stop_words="news") -> list[str]:
    tokens = [re.sub(r"['’]s$", "", t) for t in _TOKEN.findall(normalize(text))]
    if lowercase:
        tokens = [t.lower() for t in tokens]
    if stop_words:
        stop = ENGLISH_STOP_WORDS | _NEWS_STOP
        tokens = [t for t in tokens if t.lower() not in stop]
    return [t for t in tokens if t]
