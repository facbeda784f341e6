import numpy as np
import pandas as pd

from newsprism.themes.casestudy import (nearest_articles, seed_stance, topic_assignments,
                                        topic_model_for_trends)

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


def test_topic_assignments_use_argmax_not_abstention():
    pred = pd.DataFrame({"doc_id": ["a", "b"], "topic": ["other", "sport"],
                         "p_politics": [0.4, 0.1], "p_sport": [0.35, 0.8], "p_tech": [0.25, 0.1]})
    a = topic_assignments(pred, CORPUS.head(2))
    assert a["theme"].tolist() == ["politics", "sport"]
    assert list(a.columns) == ["doc_id", "date", "source", "theme"]


def test_missing_topic_model_is_a_message(tmp_path):
    out = topic_model_for_trends(CORPUS, cache_dir=tmp_path, train_if_missing=False)
    assert out.assignments is None and "no topic model" in out.message


def test_seed_stance_never_raises(tmp_path):
    out = seed_stance("NATO praised Russia. Russia criticised NATO.", cache_dir=tmp_path)
    assert isinstance(out.message, str)
    if out.summary is not None:
        assert set(out.summary["target"]) <= {"NATO", "Russia"}
        assert np.all(np.abs(out.summary["net"]) <= 1)
