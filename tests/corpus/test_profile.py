"""newsprism.corpus.profile: sizes, dates, lengths and the ingestion report of a corpus."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.corpus import profile


def test_outlet_summary_and_duplicates(two_outlet_corpus):
    summary = profile.outlet_summary(two_outlet_corpus)
    a = summary.set_index("source").loc["A"]
    assert (a.n_docs, a.n_undated, a.n_duplicates) == (3, 0, 1)
    assert summary.set_index("source").loc["B", "n_undated"] == 1
    assert summary.share.sum() == pytest.approx(1.0)
    dups = profile.duplicates_by_outlet(two_outlet_corpus)
    assert dups.values.tolist() == [["A", 1, 0, 3], ["B", 0, 1, 3]]
    examples = profile.duplicate_examples(two_outlet_corpus)
    assert examples.doc_id.tolist() == ["d0", "d2", "d3", "d4"]
    assert profile.duplicate_examples(two_outlet_corpus.drop(columns="dup_kind")).empty


def test_counts_by_period_is_a_complete_grid(two_outlet_corpus):
    weekly = profile.counts_by_period(two_outlet_corpus)
    # weeks of 2017-01-02, -09, -16 for both outlets, the undated document left out
    assert len(weekly) == 6 and weekly.n_docs.sum() == 5
    assert weekly.period.min() == pd.Timestamp("2017-01-02")
    assert weekly[(weekly.source == "A") & (weekly.period == "2017-01-09")].n_docs.item() == 0
    assert profile.counts_by_period(two_outlet_corpus.assign(date=pd.NaT)).empty


@pytest.mark.parametrize("text, words, chars", [
    ("", 0, 0), (None, 0, 0), ("One two,three", 3, 13), ("naïve café — déjà", 3, 17),
    ("<script>alert(1)</script>", 4, 25),
])
def test_text_lengths(text, words, chars):
    df = pd.DataFrame({"doc_id": ["x"], "source": ["S"], "text": [text]})
    row = profile.text_lengths(df).iloc[0]
    assert (row.n_words, row.n_chars) == (words, chars)


def test_ingestion_tables():
    rejects = pd.DataFrame({"reason": ["too_short", "empty_text", "empty_text"]})
    assert profile.rejects_by_reason(rejects).values.tolist() == [["empty_text", 2], ["too_short", 1]]
    table = profile.ingestion_table({"read": 3, "kept": 1, "rejected": 2, "rejects": {"x": 2},
                                      "dates": {"parsed": 3}, "duplicates_policy": "flag"})
    assert table.step.tolist() == ["total", "total", "total", "rejected", "dates"]


def test_core_period():
    dates = pd.to_datetime(["2015-01-01"] + ["2017-02-01"] * 50 + ["2017-03-01"] * 48 + ["2030-01-01"])
    start, end = profile.core_period(dates, coverage=0.98)
    assert (start, end) == (pd.Timestamp("2017-02-01"), pd.Timestamp("2017-03-01"))
    with pytest.raises(ValueError):
        profile.core_period([None])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=60), min_size=1, max_size=12))
def test_text_lengths_take_any_text(texts):
    df = pd.DataFrame({"doc_id": [str(i) for i in range(len(texts))], "source": "A", "text": texts})
    lengths = profile.text_lengths(df)
    assert (lengths.n_words >= 0).all() and len(lengths) == len(texts)
    assert (lengths.n_chars == [len(t) for t in texts]).all()


@pytest.mark.parametrize("dates, expected", [
    # three mis-dated articles eight months early: the bulk starts in December
    (["2016-04-18"] * 3 + ["2016-12-01"] * 100 + ["2017-03-31"] * 100, ("2016-12-01", None)),
    # a late stray as well
    (["2016-12-01"] * 100 + ["2017-03-31"] * 100 + ["2019-01-01"], (None, "2017-03-31")),
    # a long corpus with a thin early tail has no strays
    ([f"{y}-06-01" for y in range(2012, 2021) for _ in range(20)] + ["2012-01-02"], (None, None)),
    # too few dates to tell
    (["2016-04-18", "2017-01-01"], (None, None)),
])
def test_bulk_date_range_leaves_out_only_far_strays(dates, expected):
    from newsprism.corpus.profile import bulk_date_range
    got = bulk_date_range(pd.to_datetime(dates))
    assert tuple(None if t is None else t.date().isoformat() for t in got) == expected
