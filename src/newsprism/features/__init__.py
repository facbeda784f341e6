"""scikit-learn's vectorizers with the newsprism news-aware analyzer.

``NewsTfidfVectorizer`` / ``NewsCountVectorizer`` / ``NewsHashingVectorizer`` count with
scikit-learn's own vectorizers and add news tokenization (the tokenizer options of
:data:`newsprism.text.TOKENIZER_OPTIONS`), phrases and an on-disk ``cache_dir``.
See ``docs/text.md``.

Example:
    >>> v = NewsTfidfVectorizer(min_df=1, max_df=1.0)
    >>> v.fit_transform(["NATO and Russia", "Russia said"]).shape
    (2, 2)
"""

from newsprism.features.vectorizers import (
    NewsCountVectorizer,
    NewsHashingVectorizer,
    NewsTfidfVectorizer,
)

__all__ = ["NewsCountVectorizer", "NewsHashingVectorizer", "NewsTfidfVectorizer"]
