"""One fitted instance of every model kind newsprism saves, on tiny literal data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest


def _stance_items():
    rows, labels = [], []
    verbs = {"favor": ["praised", "welcomed"], "against": ["condemned", "blamed"],
             "neutral": ["visited", "met"]}
    for name in ["NATO", "Russia", "China"]:
        for label, words in verbs.items():
            for verb in words:
                text = f"Leaders {verb} {name} today."
                start = text.index(name)
                rows.append({"text": text, "target": name, "start": start,
                             "end": start + len(name)})
                labels.append(label)
    return pd.DataFrame(rows), np.array(labels, dtype=object)


@pytest.fixture
def fitted_models():
    """``{name: fitted model}`` for each model kind ``save_model`` writes in newsprism."""
    from newsprism.features import NewsTfidfVectorizer
    from newsprism.stance.models import LexiconStance, LinearStance
    from newsprism.themes import ThemeModel
    from newsprism.topics import TopicClassifier

    texts = ["The striker scored a goal in the match", "The bank raised interest rates",
             "Voters elected a new parliament", "The team won the cup final",
             "Shares fell on the stock market", "The minister called an election"] * 3
    topics = ["sport", "business", "politics"] * 6
    X, y = _stance_items()
    return {
        "vectorizer": NewsTfidfVectorizer(min_df=1).fit(texts),
        "topics": TopicClassifier(param_grid=None, inner_splits=2, min_df=1).fit(texts, topics),
        "lexicon": LexiconStance().fit(X),
        "linear": LinearStance(min_df=1).fit(X, y),
        "themes": ThemeModel(n_themes=2, vectorizer=NewsTfidfVectorizer(min_df=1, max_df=1.0))
        .fit(pd.Series(texts)),
    }
