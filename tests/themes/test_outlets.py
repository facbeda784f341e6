"""The outlet-term filter and dateline stripping on tiny corpora with planted outlet words."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.features import NewsTfidfVectorizer
from newsprism.themes import ThemeModel, outlet_term_ratio, outlet_terms, strip_datelines

TOPICS = {"energy": "oil gas pipeline prices barrel energy",
          "election": "election vote campaign ballot poll president",
          "military": "troops military drill soldiers base army"}


def _corpus(n_per=60, seed=0):
    """Three topics written by three outlets alike; outlet "Wire" signs every article."""
    rng = np.random.default_rng(seed)
    rows = []
    for topic, words in TOPICS.items():
        for i in range(n_per):
            outlet = ["Wire", "Daily", "Post"][i % 3]
            text = " ".join(rng.choice(words.split(), size=10))
            if outlet == "Wire":
                text = f"MOSCOW, February {i % 27 + 1}. /WIRE/. {text} wirecorp reports"
            rows.append({"doc_id": f"{topic}{i}", "source": outlet, "title": "",
                         "text": text, "topic": topic,
                         "date": pd.Timestamp("2017-02-01") + pd.Timedelta(days=i)})
    return pd.DataFrame(rows)


def _vec():
    return NewsTfidfVectorizer(min_df=1, max_df=1.0)


def test_ratio_flags_the_planted_outlet_word_only():
    docs = _corpus()
    vec = _vec()
    X = vec.fit_transform(strip_datelines(docs["text"]))
    terms = vec.get_feature_names_out()
    table = outlet_terms(X, terms, docs["source"], max_ratio=8)
    assert table["term"].tolist() == ["reports", "wirecorp"]   # the planted signature
    assert set(table["outlet"]) == {"Wire"} and np.allclose(table["ratio"], 10.0)  # prior-smoothed
    ratio = dict(zip(terms, outlet_term_ratio(X, docs["source"])))
    assert max(ratio[t] for w in TOPICS.values() for t in w.split()) < 3


def test_theme_model_drops_outlet_words_and_datelines():
    docs = _corpus()
    tm = ThemeModel(n_themes=3, vectorizer=_vec(), seed=0).fit(docs)
    top = {t for terms in tm.themes_["top_terms"] for t in terms.split(", ")}
    assert not top & {"wirecorp", "reports", "moscow", "february", "wire"}
    assert "wirecorp" in set(tm.outlet_terms_["term"]) and "wirecorp" not in set(tm.terms_)
    kept = ThemeModel(n_themes=3, vectorizer=_vec(), max_outlet_ratio=None, seed=0).fit(docs)
    assert "wirecorp" in set(kept.terms_) and kept.outlet_terms_.empty
    # the filtered model still finds the three topics
    dominant = tm.doc_themes_.argmax(axis=1)
    assert pd.crosstab(docs["topic"], dominant).max(axis=1).sum() >= 0.9 * len(docs)


def test_outlets_can_be_passed_for_plain_texts():
    docs = _corpus()
    tm = ThemeModel(n_themes=3, vectorizer=_vec(), seed=0).fit(docs["text"].tolist(),
                                                             outlets=docs["source"])
    assert "wirecorp" in set(tm.outlet_terms_["term"])
    assert tm.transform(["oil gas prices wirecorp"]).shape == (1, 3)


@pytest.mark.parametrize("text, body", [
    ("MOSCOW, February 6. /TASS/. Russia said no.", "Russia said no."),
    ("BEIJING, Jan. 5 (Xinhua) -- China's exports rose", "China's exports rose"),
    ("No dateline here, February 6 was a Monday.", "No dateline here, February 6 was a Monday."),
    (None, ""),
])
def test_strip_datelines(text, body):
    assert strip_datelines([text]) == [body]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(max_size=80), min_size=1, max_size=5))
def test_strip_datelines_never_fails_and_keeps_the_count(texts):
    out = strip_datelines(texts)
    assert len(out) == len(texts) and all(isinstance(t, str) for t in out)


def test_one_outlet_is_an_error():
    with pytest.raises(ValueError, match="two outlets"):
        outlet_term_ratio(np.ones((3, 2)), ["A", "A", "A"])
