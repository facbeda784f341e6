"""Stance over time: per-article counts, the net index, outlet × period CIs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from newsprism.stance.models import LexiconStance
from newsprism.trends import (article_stance, document_stance, net_stance,
                              predict_corpus_stance, prevalence, stance_over_time)
from newsprism.trends.stance import OVERTIME_COLUMNS
from newsprism.stance.targets import load_targets, select_targets


def _sentences():
    return pd.DataFrame({
        "doc_id": ["a", "a", "a", "b", "c", "c"],
        "source": ["X", "X", "X", "X", "Y", "Y"],
        "date": pd.to_datetime(["2017-01-02", "2017-01-02", "2017-01-02", "2017-01-05",
                                "2017-01-10", "2017-01-10"]),
        "target": ["NATO", "NATO", "Russia", "NATO", "NATO", "NATO"],
        "label": ["favor", "neutral", "against", "against", "favor", "favor"],
    })


def test_article_counts_and_net_index():
    arts = article_stance(_sentences())
    a_nato = arts[(arts.doc_id == "a") & (arts.target == "NATO")].iloc[0]
    assert (a_nato.n_favor, a_nato.n_against, a_nato.n_neutral, a_nato.mentions) == (1, 0, 1, 2)
    assert a_nato.net == pytest.approx(0.5)
    assert arts.net.between(-1, 1).all()
    assert len(arts) == 4  # (a,NATO) (a,Russia) (b,NATO) (c,NATO)


def test_over_time_pools_articles_per_week():
    table = stance_over_time(article_stance(_sentences()), period="W", n_boot=200, seed=0)
    assert list(table.columns) == OVERTIME_COLUMNS
    x_nato = table[(table.source == "X") & (table.target == "NATO")].iloc[0]
    # articles a (1 favor of 2) and b (1 against of 1) in the week of 2017-01-02
    assert x_nato.n == 2 and x_nato.net == pytest.approx(0.0)
    assert x_nato.ci_low <= x_nato.net <= x_nato.ci_high
    assert x_nato.period == pd.Timestamp("2017-01-02")
    single = table[table.source == "Y"].iloc[0]
    assert single.n == 1 and np.isnan(single.ci_low)  # one article: no interval
    monthly = stance_over_time(article_stance(_sentences()), period="M", n_boot=50)
    assert set(monthly.period) == {pd.Timestamp("2017-01-01")}


def test_corpus_and_document_stance_with_a_model():
    targets = select_targets(load_targets(), ["Russia", "NATO"])
    corpus = pd.DataFrame({"doc_id": ["d1"], "source": ["X"], "date": [pd.Timestamp("2017-01-02")],
                           "text": ["Leaders praised NATO warmly. Critics condemned Russia. "
                                    "NATO and NATO met."]})
    model = LexiconStance().fit(pd.DataFrame({"text": ["x"], "start": [0], "end": [1]}))
    sent = predict_corpus_stance(model, corpus, targets, progress=False)
    assert sent.target.tolist() == ["NATO", "Russia", "NATO"]  # one row per sentence+target
    assert sent.label.tolist()[:2] == ["favor", "against"]
    _, summary = document_stance(model, corpus.text[0], targets)
    assert summary.set_index("target").loc["NATO", "mentions"] == 2


def test_net_stance_pools_sentences_per_outlet_and_target():
    articles = pd.DataFrame({"source": ["X", "X", "Y"], "target": ["NATO", "NATO", "NATO"],
                             "n_favor": [2, 0, 0], "n_against": [0, 1, 1],
                             "mentions": [3, 1, 2]})
    table = net_stance(articles)
    assert table.loc["X", "NATO"] == (2 - 1) / 4  # pooled, not the mean of article nets
    assert table.loc["Y", "NATO"] == -0.5


def test_weeks_are_the_weeks_of_prevalence():
    dates = pd.to_datetime(["2017-01-01", "2017-01-02", "2017-01-08", "2017-01-09"])
    arts = pd.DataFrame({"source": "X", "target": "NATO", "date": dates,
                         "n_favor": 1, "n_against": 0, "mentions": 1})
    weeks = stance_over_time(arts, period="W", n_boot=0)["period"]
    prev = prevalence(pd.DataFrame({"doc_id": range(4), "date": dates, "source": "X",
                                    "theme": "t"}), period="W", n_boot=0)
    assert sorted(weeks) == sorted(prev["period"])


def test_interval_is_the_shared_bootstrap_of_the_ratio():
    from newsprism.evaluation import resample_counts

    arts = pd.DataFrame({"source": "X", "target": "NATO",
                         "date": pd.to_datetime(["2017-01-02"] * 5),
                         "n_favor": [3, 0, 1, 0, 2], "n_against": [0, 2, 1, 1, 0],
                         "mentions": [4, 2, 3, 1, 2]})
    row = stance_over_time(arts, n_boot=400, seed=7).iloc[0]
    counts = resample_counts(5, 400, np.random.default_rng(7))
    diff = (arts["n_favor"] - arts["n_against"]).to_numpy(float)
    boot = counts @ diff / (counts @ arts["mentions"].to_numpy(float))
    assert (row.ci_low, row.ci_high) == tuple(np.percentile(boot, [2.5, 97.5]))


def test_inputs_are_not_changed():
    sent = _sentences()
    before = sent.copy()
    stance_over_time(article_stance(sent), n_boot=20)
    pd.testing.assert_frame_equal(sent, before)
