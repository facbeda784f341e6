"""workflows: a theme fit is saved once (skops + card) and reused only for identical input;
model files have one name; the topic and stance steps report what they used."""

from __future__ import annotations

import numpy as np
import pytest
import pandas as pd

from newsprism.features import NewsTfidfVectorizer
from newsprism.themes import ThemeModel
from newsprism.workflows import (fit_or_load, model_path, seed_stance, theme_model,
                                 topic_model_for_trends)

DOCS = ["nato troops military drill", "military troops nato base",
        "oil gas energy prices", "energy gas pipeline oil",
        "election vote president campaign", "vote campaign election poll"] * 3


def _model(**kw):
    return ThemeModel(n_themes="auto", candidates=[2, 3], n_runs=2,
                      vectorizer=NewsTfidfVectorizer(min_df=1, max_df=1.0), seed=0, **kw)


def test_second_call_loads_an_identical_model(tmp_path):
    first, how = fit_or_load(_model(), DOCS, tmp_path)
    again, how_again = fit_or_load(_model(), DOCS, tmp_path)
    assert how.startswith("fitted") and how_again.startswith("loaded")
    assert len(list((tmp_path / "models").glob("themes-*.skops"))) == 1
    np.testing.assert_array_equal(first.transform(DOCS), again.transform(DOCS))
    pd.testing.assert_frame_equal(first.themes_, again.themes_)
    pd.testing.assert_frame_equal(first.selection_, again.selection_)
    assert again.n_themes_ == first.n_themes_


def test_other_texts_or_parameters_fit_afresh(tmp_path):
    fit_or_load(_model(), DOCS, tmp_path)
    _, other_texts = fit_or_load(_model(), DOCS[:-1], tmp_path)
    _, other_params = fit_or_load(_model(n_top_terms=5), DOCS, tmp_path)
    assert other_texts.startswith("fitted") and other_params.startswith("fitted")
    assert len(list((tmp_path / "models").glob("themes-*.skops"))) == 3


def test_a_corrupt_saved_fit_is_refitted_not_fatal(tmp_path):
    fit_or_load(_model(), DOCS, tmp_path)
    path = next((tmp_path / "models").glob("themes-*.skops"))
    path.write_bytes(b"not a zip")
    model, how = fit_or_load(_model(), DOCS, tmp_path)
    assert how.startswith("fitted") and "unreadable" in how
    assert model.transform(DOCS[:1]).shape == (1, model.n_themes_)


def test_saving_does_not_alter_the_fitted_model(tmp_path):
    model, _ = fit_or_load(_model(), DOCS, tmp_path)
    assert isinstance(model.themes_, pd.DataFrame) and isinstance(model.selection_, pd.DataFrame)


CORPUS = pd.DataFrame({
    "doc_id": ["a", "b", "c", "d"], "date": pd.to_datetime(["2017-01-02"] * 4),
    "source": ["X", "Y", "X", "Y"], "title": ["", "", "", ""],
    "text": ["NATO and Russia resume military ties", "Oil prices fall again",
             "Russia NATO military contacts frozen", "Oil and gas prices rise"]})


@pytest.mark.parametrize("name, stem", [("topics", "topics_bbc"), ("stance", "stance_linear"),
                                        ("my_model", "my_model")])
def test_model_path_names_the_files_once(tmp_path, name, stem):
    assert model_path(tmp_path, name) == tmp_path / "models" / f"{stem}.skops"


def test_theme_model_fast_mode_is_shared_between_calls(tmp_path):
    tm, how = theme_model(DOCS, tmp_path, n_themes=2, fast=True)
    again, how_again = theme_model(DOCS, tmp_path, n_themes=2, fast=True)
    assert how.startswith("fitted") and how_again.startswith("loaded the fit saved at")
    assert tm.n_themes_ == again.n_themes_ == 2


def test_missing_topic_model_is_a_message(tmp_path):
    out = topic_model_for_trends(CORPUS, cache_dir=tmp_path, train_if_missing=False)
    assert out.assignments is None and "no topic model" in out.message


def test_an_unreadable_topic_model_is_a_message_not_a_crash(tmp_path):
    path = model_path(tmp_path, "topics")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a zip")
    out = topic_model_for_trends(CORPUS, cache_dir=tmp_path)
    assert out.assignments is None and "UntrustedModelError" in out.message


def test_seed_stance_falls_back_to_the_lexicon(tmp_path):
    out = seed_stance("NATO praised Russia. Russia criticised NATO.", cache_dir=tmp_path)
    assert "lexicon baseline" in out.message
    assert set(out.summary["target"]) == {"NATO", "Russia"}
    assert np.all(np.abs(out.summary["net"]) <= 1)


def test_seed_stance_says_why_a_saved_model_was_not_used(tmp_path):
    path = model_path(tmp_path, "stance")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage")
    out = seed_stance("NATO praised Russia.", cache_dir=tmp_path)
    assert f"could not load {path.name}" in out.message and "lexicon" in out.message


def test_theme_model_sees_the_outlets_of_a_corpus(tmp_path):
    docs = pd.DataFrame({"doc_id": range(300), "title": "",
                         "source": ["Wire", "Post", "Daily"] * 100,
                         "text": [f"{'oil gas prices' if i % 2 else 'troops military drill'}"
                                  f"{' wirecorp' if i % 3 == 0 else ''}" for i in range(300)]})
    model = ThemeModel(n_themes=2, vectorizer=NewsTfidfVectorizer(min_df=1, max_df=1.0))
    fitted, _ = fit_or_load(model, docs, tmp_path)
    assert "wirecorp" in set(fitted.outlet_terms_["term"])
    other_outlets = docs.assign(source=["Wire", "Post", "Daily"][::-1] * 100)
    _, how = fit_or_load(model, other_outlets, tmp_path)
    assert how.startswith("fitted")   # outlets are part of the key


def _dated(n_per_outlet=40):
    dates = pd.date_range("2013-01-01", "2019-12-31", periods=n_per_outlet)
    return pd.DataFrame({"source": ["A"] * n_per_outlet + ["B"] * n_per_outlet,
                         "date": list(dates) * 2, "doc_id": [str(i) for i in range(2 * n_per_outlet)]})


def test_select_articles_counts_what_a_date_range_drops_and_chooses_the_period():
    from newsprism.workflows import select_articles

    whole = select_articles(_dated())
    assert whole.message == "" and len(whole.docs) == 80
    assert whole.period == "Y" and whole.period_reason.startswith("Period chosen from the corpus")
    ranged = select_articles(_dated(), start="2016-01-01", end="2017-12-31", period="M")
    n = len(ranged.docs)
    assert 0 < n < 80 and f"keeps {n} of 80 articles ({80 - n} dropped" in ranged.message
    assert ranged.period == "M" and "set by the configuration" in ranged.period_reason
    one = select_articles(_dated(), outlets=["B"], period="Q")
    assert set(one.docs["source"]) == {"B"} and "40 articles of 80" in one.message


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"outlets": ["C"]}, "'C' not in the corpus \\(its outlets: A, B\\)"),
    ({"period": "fortnight"}, "period 'fortnight'"),
])
def test_select_articles_refuses_what_the_corpus_does_not_have(kwargs, match):
    from newsprism.errors import NewsprismError
    from newsprism.workflows import select_articles

    with pytest.raises(NewsprismError, match=match):
        select_articles(_dated(), **kwargs)


def test_domain_confusion_uses_transfer_rows_only_where_measured():
    from newsprism.workflows import domain_confusion

    cv = {"labels": ["a", "b", "c"], "matrix": [[90, 5, 5], [5, 90, 5], [5, 5, 90]]}
    labels, m, why = domain_confusion(cv, None)
    assert why.startswith("ACC correction in-domain only") and m.tolist() == np.array(cv["matrix"], float).tolist()
    transfer = {"labels": ["b", "a"], "matrix": [[3, 2], [20, 30]]}  # other order, c missing
    labels, m, why = domain_confusion(cv, transfer)
    assert m[0].tolist() == [30, 20, 0] and m[1].tolist() == [5, 90, 5]  # b has only 5 rows
    assert "1 of 3 topics (a)" in why and "the other 2 keep" in why


def test_transfer_confusion_is_used_only_for_its_corpus_and_model(tmp_path):
    from newsprism.workflows import read_transfer_confusion, save_transfer_confusion

    class Evaluation:
        def cv_confusion(self):
            return {"labels": ["a"], "matrix": [[4]]}

    save_transfer_confusion(tmp_path, "/data/mine.csv", "topics_bbc.skops", Evaluation())
    assert read_transfer_confusion(tmp_path, "/data/mine.csv", "topics_bbc.skops")["matrix"] == [[4]]
    assert read_transfer_confusion(tmp_path, "/data/other.csv", "topics_bbc.skops") is None
    assert read_transfer_confusion(tmp_path, "/data/mine.csv", "topics_mine.skops") is None
    save_transfer_confusion(tmp_path, "/data/mine.csv", "topics_bbc.skops", None)  # nothing measured
    assert read_transfer_confusion(tmp_path, "/data/mine.csv", "topics_bbc.skops") is None


def test_select_articles_leaves_out_stray_dates_with_a_count():
    from newsprism.workflows import select_articles
    dates = ["2016-04-18"] * 3 + ["2016-12-05"] * 99 + ["2017-03-27"] * 99
    docs = pd.DataFrame({"source": ["A", "B", "C"] * 67, "date": pd.to_datetime(dates)})
    chosen = select_articles(docs, period="M")
    assert len(chosen.docs) == 198
    assert "3 articles with stray dates" in chosen.message and "2016-04-18" in chosen.message
    kept_all = select_articles(docs, start="2016-01-01", period="M")
    assert len(kept_all.docs) == 201
