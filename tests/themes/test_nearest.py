import pandas as pd

from newsprism.themes import nearest_articles

CORPUS = pd.DataFrame({
    "doc_id": ["a", "b", "c", "d"], "date": pd.to_datetime(["2017-01-02"] * 4),
    "source": ["X", "Y", "X", "Y"], "title": ["", "", "", ""],
    "text": ["NATO and Russia resume military ties", "Oil prices fall again",
             "Russia NATO military contacts frozen", "Oil and gas prices rise"]})


def test_nearest_articles_ranks_by_cosine():
    near = nearest_articles("NATO Russia military ties resume", CORPUS, n=3, min_df=1)
    assert near["doc_id"].tolist()[:2] == ["a", "c"]
    assert near["similarity"].is_monotonic_decreasing
    assert 0 <= near["similarity"].min() and near["similarity"].max() <= 1 + 1e-9
    assert {"source", "date", "title"} <= set(near.columns)


def test_nearest_articles_does_not_touch_the_corpus():
    before = CORPUS.copy()
    nearest_articles("oil prices", CORPUS, n=2, min_df=1)
    pd.testing.assert_frame_equal(CORPUS, before)
