"""scikit-learn vectorizers with the newsprism analyzer. PROVISIONAL minimal version.

Example:
    >>> v = NewsTfidfVectorizer(min_df=1)
    >>> v.fit_transform(["NATO and Russia", "Russia said"]).shape
    (2, 2)
"""

from __future__ import annotations

from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from newsprism.text import tokenize


class NewsTfidfVectorizer(TfidfVectorizer):
    def __init__(self, *, ngram_range=(1, 1), min_df=2, max_df=0.95, sublinear_tf=True,
                 max_features=None, norm="l2"):
        super().__init__(tokenizer=tokenize, lowercase=False, token_pattern=None,
                         ngram_range=ngram_range, min_df=min_df, max_df=max_df,
                         sublinear_tf=sublinear_tf, max_features=max_features, norm=norm)


class NewsCountVectorizer(CountVectorizer):
    def __init__(self, *, ngram_range=(1, 1), min_df=2, max_df=0.95, max_features=None):
        super().__init__(tokenizer=tokenize, lowercase=False, token_pattern=None,
                         ngram_range=ngram_range, min_df=min_df, max_df=max_df,
                         max_features=max_features)
