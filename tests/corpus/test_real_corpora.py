"""The built-in corpora and the AllSides benchmark, end to end (slow: real data).

Expected numbers are what the corpora contain, checked by hand (see docs/ingestion.md).
"""

from __future__ import annotations

import pandas as pd
import pytest

from newsprism.corpus import ingest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def na(data_dir):
    return ingest("newsarticles", data_dir=data_dir)


@pytest.fixture(scope="module")
def bbc_result(data_dir):
    return ingest("bbc", data_dir=data_dir)


def test_newsarticles_counts(na):
    s = na.summary
    assert s["read"] == 3824 == s["kept"] + s["rejected"]
    assert s["rejects"] == {"empty_text": 36, "too_short": 26}
    assert na.corpus.source.nunique() == 9
    assert sorted(na.corpus.source.unique()) == [
        "ABC News", "Al Jazeera", "BBC", "CNN", "China Daily", "DW", "HuffPost", "RTE", "TASS"]
    assert na.corpus.doc_id.str.match(r"^na-\d+$").all() and na.corpus.doc_id.is_unique


def test_newsarticles_dates(na):
    d = na.corpus.date
    assert d.notna().all()
    # the corpus is Dec 2016 - Mar 2017, except three older CNN features it links to
    in_window = d.between("2016-12-01", "2017-03-31")
    assert in_window.mean() > 0.999
    outside = na.corpus[~in_window]
    assert (outside.source == "CNN").all() and len(outside) == 3
    assert d.min() == pd.Timestamp("2016-04-19") and d.max() == pd.Timestamp("2017-03-30")


def test_newsarticles_repairs_and_duplicates(na):
    r = na.summary["repairs"]
    assert r["quote_artefacts"] > 900  # about a quarter of the articles carry "?
    assert not na.corpus.text.str.contains('"?', regex=False).any()
    assert na.summary["duplicates"]["exact"] >= 1
    kinds = set(na.corpus.dup_kind)
    assert kinds <= {"", "exact", "near"}


def test_bbc_counts_and_duplicates(bbc_result):
    s = bbc_result.summary
    assert s["read"] == 2225 == s["kept"] + s["rejected"]
    c = bbc_result.corpus
    assert c.topic.value_counts().to_dict() == {
        "sports": 511, "business": 510, "politics": 417, "tech": 401, "entertainment": 386}
    assert c.doc_id.str.match(r"^bbc-[a-z]+-\d+$").all()
    # 98 files are byte-identical copies of another file; a few more differ only in the title
    assert s["duplicates"]["exact"] >= 98
    dup = c[c.dup_kind == "exact"]
    first = c[c.dup_kind == ""].set_index("dup_group")
    assert (dup.text.str.casefold().str.split().str.join(" ")
            == first.loc[dup.dup_group, "text"].str.casefold().str.split().str.join(" ").values).all()


@pytest.mark.shared_data
def test_allsides_sample_date_problems_counted(shared_data):
    r = ingest(shared_data / "allsides" / "articles.jsonl.gz", sample=3000, seed=0)
    s = r.summary
    assert s["read"] == 3000 and s["sampled_from"] == 36254
    assert s["read"] == s["kept"] + s["rejected"]
    dates = s["dates"]
    # ~11% of AllSides dates are empty: all of them are counted, none silently dropped
    assert 200 < dates["missing"] < 500
    # every NaT in the corpus is explained by a counted problem
    counted = dates.get("missing", 0) + dates.get("impossible", 0) + dates.get("unparseable", 0)
    assert r.corpus.date.isna().sum() <= counted
    assert dates["parsed"] + counted == s["read"]
    assert set(r.corpus.bias) == {"left", "center", "right"}
    assert "CNN (Web News)" in set(r.corpus.source)  # AllSides outlet names are kept
