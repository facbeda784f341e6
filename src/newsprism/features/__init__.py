"""scikit-learn vectorizers with the newsprism news-aware analyzer.

``NewsTfidfVectorizer`` / ``NewsCountVectorizer`` / ``NewsHashingVectorizer`` are drop-in
replacements for scikit-learn's, adding news tokenization, phrases, ``n_jobs`` and an
on-disk ``cache_dir``.  See ``docs/text.md``.

Example:
    >>> v = NewsTfidfVectorizer(min_df=1, max_df=1.0)
    >>> v.fit_transform(["NATO and Russia", "Russia said"]).shape
    (2, 2)
"""

from newsprism.features.cache import corpus_hash
from newsprism.features.vectorizers import (
    NewsCountVectorizer,
    NewsHashingVectorizer,
    NewsTfidfVectorizer,
)

__all__ = ["NewsCountVectorizer", "NewsHashingVectorizer", "NewsTfidfVectorizer", "corpus_hash"]
