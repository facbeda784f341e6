"""LinearStance's dense embedding blocks (``dense_weight``, ``dense_views``; issue 5, round 4)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from newsprism.persist import load_model, save_model
from newsprism.stance.models import LEXICON_FEATURES, LinearStance, dense_texts

pytest.importorskip("wordllama")

from newsprism.features.embeddings import StaticEmbeddingVectorizer  # noqa: E402

@pytest.fixture
def data(inflected_mentions):
    return inflected_mentions


def _n_sparse(model):
    return sum(len(v.vocabulary_) for v in (model.vec_left_, model.vec_right_,
                                             model.vec_sentence_) if v is not None)


def test_off_by_default_and_identical_to_the_model_without_the_option(data, saved_before):
    y = data["label"].to_numpy(dtype=object)
    assert LinearStance().get_params()["dense_weight"] == 0.0
    plain = LinearStance(min_df=1).fit(data, y)
    assert plain.vec_dense_ is None
    assert plain.clf_.coef_.shape[1] == _n_sparse(plain) + len(LEXICON_FEATURES["rich"])
    # dense_views means nothing while the weight is 0
    other = LinearStance(min_df=1, dense_views=("left",)).fit(data, y)
    np.testing.assert_array_equal(other.predict_proba(data), plain.predict_proba(data))
    # a model saved before the option (no dense attributes at all) predicts the same
    other = saved_before(other, ("dense_weight", "dense_views", "vec_dense_"))
    np.testing.assert_array_equal(other.predict_proba(data), plain.predict_proba(data))


@pytest.mark.parametrize("weight, views", [(1.0, ("left", "right", "sentence")),
                                           (0.5, ("left", "right"))])
def test_dense_blocks_follow_the_sparse_views(data, weight, views):
    plain = LinearStance(min_df=1)
    words0, dense0 = plain._blocks(data, fit=True)
    model = LinearStance(min_df=1, dense_weight=weight, dense_views=views)
    words, dense = model._blocks(data, fit=True)
    n0 = words0.shape[1]
    assert words.shape[1] == n0 + 256 * len(views)
    # the sparse views and lexicon features are untouched
    assert abs(words[:, :n0] - words0).max() < 1e-12
    np.testing.assert_array_equal(dense, dense0)
    texts = dense_texts(data, window=10)
    reference = StaticEmbeddingVectorizer().fit([])
    for k, view in enumerate(views):
        block = words[:, n0 + 256 * k:n0 + 256 * (k + 1)].toarray()
        np.testing.assert_allclose(block, weight * reference.transform(texts[view]),
                                   rtol=1e-5, atol=1e-7)
        norms = np.linalg.norm(block, axis=1)
        np.testing.assert_allclose(norms[norms > 0], weight, rtol=1e-4)


def test_dense_texts_drop_negation_marks_and_the_mention():
    X = pd.DataFrame({"text": ["Berlin did not back NATO, but Paris did."],
                      "start": [20], "end": [24]})
    texts = dense_texts(X)
    assert texts["left"] == ["berlin did not back"]
    assert texts["right"] == [""]  # the clause break ends the right window
    assert texts["sentence"] == ["berlin did not back but paris did"]


def test_round_trip_with_dense_blocks(data, tmp_path):
    y = data["label"].to_numpy(dtype=object)
    model = LinearStance(min_df=1, dense_weight=1.0).fit(data, y)
    assert model.clf_.coef_.shape[1] == (_n_sparse(model) + 3 * 256
                                         + len(LEXICON_FEATURES["rich"]))
    assert {"dense_left", "dense_right", "dense_sentence"} <= set(
        model.top_features(300)["view"])
    path = tmp_path / "m.skops"
    save_model(model, path, card={"task": "stance"})
    loaded = load_model(path)
    np.testing.assert_allclose(loaded.predict_proba(data), model.predict_proba(data),
                               rtol=1e-6, atol=1e-9)


def test_dense_blocks_reach_words_never_seen_in_training(mention_table):
    """Synonyms absent from training: no word feature fires, the dense block still reads."""
    train = mention_table({"favor": ["praised", "welcomed", "applauded"],
                           "against": ["condemned", "blamed", "criticised"]},
                          names=("NATO", "Russia", "China"), n_groups=24)
    test = mention_table({"favor": ["commended", "lauded", "hailed"],
                          "against": ["denounced", "slammed", "attacked"]},
                         names=("NATO", "Russia", "China"), n_groups=24)
    y = train["label"].to_numpy(dtype=object)
    accuracy = {}
    for weight in (0.0, 1.0):
        # lexicon features off: they would solve the toy task from VADER's list alone
        model = LinearStance(min_df=1, C=10.0, lexicon_weight=0, dense_weight=weight,
                             dense_views=("left",)).fit(train, y)
        accuracy[weight] = float((model.predict(test) == test["label"]).mean())
    assert accuracy[0.0] <= 0.5  # the sparse model sees only "leaders ... today"
    assert accuracy[1.0] > accuracy[0.0] + 0.2


@pytest.mark.parametrize("params", [{"dense_weight": -1.0},
                                    {"dense_weight": 1.0, "dense_views": ("middle",)},
                                    {"dense_weight": 1.0, "dense_views": ()}])
def test_bad_dense_settings_are_refused(data, params):
    with pytest.raises(ValueError, match="dense_"):
        LinearStance(**params).fit(data, data["label"])


def test_tuning_treats_the_dense_options_as_feature_parameters(data):
    from newsprism.stance.benchmark import TunedLinearStance
    from newsprism.stance.evaluate import tune_linear

    assert {"dense_weight", "dense_views"} <= set(LinearStance.FEATURE_PARAMS)
    _, table = tune_linear(data, grid={"C": [0.3], "dense_weight": [0.0, 1.0]}, folds=3)
    assert len(table) == 2
    tuned = TunedLinearStance(grid={"C": [0.1, 1.0], "dense_weight": [0.5],
                                    "dense_views": [("right",)]}).fit(data, data["label"])
    assert tuned.estimator_.vec_dense_ is not None
    assert tuned.estimator_.vec_dense_.weight == 0.5
