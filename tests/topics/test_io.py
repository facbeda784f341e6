import json

import numpy as np
import pytest

from newsprism.errors import UntrustedModelError
from newsprism.persist import save_model
from newsprism.topics import (
    evaluate,
    load_topic_model,
    predict_topics,
    save_topic_model,
    train_topic_model,
)


@pytest.fixture()
def saved(tiny_corpus, fast_clf, tmp_path):
    ev = evaluate(tiny_corpus, "topic", estimator=fast_clf, n_splits=2, n_boot=20, progress=False)
    model = train_topic_model(tiny_corpus, "topic", estimator=fast_clf)
    path = tmp_path / "topics.skops"
    card = save_topic_model(model, path, training_name="tiny", training_data=tiny_corpus,
                            label_col="topic", evaluation=ev)
    return model, path, card


def test_round_trip_gives_identical_predictions(saved, tiny_corpus):
    model, path, _ = saved
    loaded = load_topic_model(path)
    before = predict_topics(model, tiny_corpus)
    after = predict_topics(loaded, tiny_corpus)
    assert before.equals(after)
    assert list(after.columns) == ["doc_id", "topic", "abstained", "confidence",
                                   "p_business", "p_politics", "p_sport"]


def test_card_carries_what_prevalence_correction_needs(saved, tiny_corpus):
    _, path, card = saved
    on_disk = json.loads(path.with_suffix("").with_suffix(".card.json").read_text())
    for key in ("label_set", "training_data", "n_docs", "metrics", "cv_confusion", "versions"):
        assert key in on_disk
    assert on_disk["label_set"] == ["business", "politics", "sport"]
    assert len(on_disk["training_data"]["sha256"]) == 64
    assert on_disk["n_docs"] == len(tiny_corpus)
    conf = on_disk["cv_confusion"]
    assert conf["labels"] == on_disk["label_set"]
    matrix = np.asarray(conf["matrix"])
    assert matrix.shape == (3, 3) and matrix.sum() == len(tiny_corpus)
    # rows are true topics: each row sums to the topic's support
    assert matrix.sum(axis=1).tolist() == [9, 8, 9]
    low, high = on_disk["metrics"]["macro_f1_ci"]
    assert low <= on_disk["metrics"]["macro_f1"] <= high
    assert set(on_disk["metrics"]["per_class"]) == {"business", "politics", "sport"}


def test_tampered_model_is_refused(saved):
    _, path, _ = saved
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(UntrustedModelError, match="does not match"):
        load_topic_model(path)


def test_pickle_and_missing_card_are_refused(saved, tmp_path):
    _, path, _ = saved
    pkl = tmp_path / "m.pkl"
    pkl.write_bytes(path.read_bytes())
    with pytest.raises(UntrustedModelError, match="non-.skops"):
        load_topic_model(pkl)
    orphan = tmp_path / "orphan.skops"
    orphan.write_bytes(path.read_bytes())
    with pytest.raises(UntrustedModelError, match="no model card"):
        load_topic_model(orphan)


def test_other_model_type_is_refused(tmp_path):
    from sklearn.linear_model import LogisticRegression

    path = tmp_path / "lr.skops"
    save_model(LogisticRegression().fit([[0.0], [1.0]], [0, 1]), path)
    with pytest.raises(UntrustedModelError, match="LogisticRegression, expected newsprism.topics"):
        load_topic_model(path)


def test_predict_topics_on_empty_corpus(saved, tiny_corpus):
    model, _, _ = saved
    out = predict_topics(model, tiny_corpus.head(0))
    assert out.empty and "p_sport" in out.columns
