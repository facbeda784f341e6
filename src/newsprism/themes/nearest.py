"""The corpus articles most similar to a text (cosine over newsprism tf-idf features).

Example:
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "title": ["", "", ""],
    ...     "text": ["NATO and Russia resume military ties", "Oil prices fall",
    ...              "Russia NATO military contacts frozen"]})
    >>> nearest_articles("NATO Russia military ties", corpus, n=2, min_df=1)["doc_id"].tolist()
    ['a', 'c']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from newsprism.themes.discovered import corpus_texts


def nearest_articles(text: str, corpus: pd.DataFrame, *, n: int = 5, vectorizer=None,
                     min_df: int = 2, ngram_range=(1, 2), text_columns=("title", "text")) -> pd.DataFrame:
    """The ``n`` corpus articles closest to ``text`` by cosine similarity of tf-idf vectors.

    The vectoriser (default :class:`newsprism.features.NewsTfidfVectorizer`) is fitted on
    the corpus, so rare words of the query that the corpus never uses do not count.
    Returns the corpus columns ``doc_id, date, source, title`` (those present) plus
    ``similarity`` (0–1), best first.
    """
    from sklearn.base import clone

    if vectorizer is None:
        from newsprism.features import NewsTfidfVectorizer

        vectorizer = NewsTfidfVectorizer(ngram_range=tuple(ngram_range), min_df=min_df, max_df=0.95)
    vec = clone(vectorizer)
    X = vec.fit_transform(corpus_texts(corpus, text_columns))
    q = vec.transform([text])
    # tf-idf rows are L2-normalised, so the dot product is the cosine
    sims = np.asarray((X @ q.T).todense()).ravel()
    order = np.argsort(-sims, kind="stable")[:n]
    keep = [c for c in ("doc_id", "date", "source", "title") if c in corpus.columns]
    out = corpus.iloc[order][keep].reset_index(drop=True)
    out["similarity"] = sims[order]
    return out
