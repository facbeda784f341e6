"""LinearStance's ``sentence_weight`` and ``stem`` options (issue 5, third round)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from newsprism.features import NewsTfidfVectorizer
from newsprism.persist import load_model, save_model
from newsprism.stance.models import LEXICON_FEATURES, LinearStance, lexicon_features, stance_views

@pytest.fixture
def data(inflected_mentions):
    return inflected_mentions


def _sentence_cols(model):
    n_left = len(model.vec_left_.vocabulary_)
    n_right = len(model.vec_right_.vocabulary_)
    return n_left + n_right, n_left + n_right + len(model.vec_sentence_.vocabulary_)


@pytest.mark.parametrize("stem", [False, True])
def test_three_views_side_by_side_at_weight_one(data, stem):
    """stem=False, sentence_weight=1 is exactly the round-2 model; stem=True only stems."""
    model = LinearStance(min_df=1, stem=stem)
    assert model.get_params()["sentence_weight"] == 1.0
    words, dense = model._blocks(data, fit=True)
    # the reference: three plain vectorisers side by side, nothing rescaled
    lefts, rights, masked = stance_views(data, window=10)
    vecs = [NewsTfidfVectorizer(min_df=1, max_df=1.0, stem=stem) for _ in range(3)]
    expected = sp.hstack([vecs[0].fit_transform([f"ctxleft {v}" for v in lefts]),
                          vecs[1].fit_transform([f"ctxright {v}" for v in rights]),
                          vecs[2].fit_transform(masked)], format="csr")
    assert words.shape == expected.shape
    assert abs(words - expected).max() < 1e-12
    np.testing.assert_array_equal(dense, lexicon_features(data, window=10))


def test_default_is_stemmed_since_the_third_round():
    from newsprism.stance.evaluate import DEFAULT_GRID

    assert LinearStance().get_params()["stem"] is True and DEFAULT_GRID["stem"] == [True]


def test_sentence_weight_scales_the_sentence_block_only(data):
    full = LinearStance(min_df=1)
    half = LinearStance(min_df=1, sentence_weight=0.5)
    w1, _ = full._blocks(data, fit=True)
    w5, _ = half._blocks(data, fit=True)
    lo, hi = _sentence_cols(full)
    assert w1.shape == w5.shape
    assert abs(w5[:, :lo] - w1[:, :lo]).max() < 1e-12
    assert abs(w5[:, lo:hi] - 0.5 * w1[:, lo:hi]).max() < 1e-12
    assert w1[:, lo:hi].nnz > 0


def test_sentence_weight_zero_drops_the_view(data, tmp_path):
    y = data["label"].to_numpy(dtype=object)
    model = LinearStance(min_df=1, sentence_weight=0).fit(data, y)
    assert model.vec_sentence_ is None
    n_words = len(model.vec_left_.vocabulary_) + len(model.vec_right_.vocabulary_)
    assert model.clf_.coef_.shape[1] == n_words + len(LEXICON_FEATURES["rich"])
    assert "sentence" not in set(model.top_features(20)["view"])
    assert (model.predict(data) == y).mean() > 0.9
    path = tmp_path / "m.skops"
    save_model(model, path, card={"task": "stance"})
    np.testing.assert_allclose(load_model(path).predict_proba(data), model.predict_proba(data))


def test_negative_sentence_weight_is_refused(data):
    with pytest.raises(ValueError, match="sentence_weight"):
        LinearStance(sentence_weight=-1).fit(data, data["label"])


def test_stem_merges_inflections_in_every_view(data):
    y = data["label"].to_numpy(dtype=object)
    plain = LinearStance(min_df=1, stem=False).fit(data, y)
    stemmed = LinearStance(min_df=1, stem=True).fit(data, y)
    # the verbs sit left of the mention (and in the sentence); the right view is "today"
    for view in ("vec_left_", "vec_sentence_"):
        assert len(getattr(stemmed, view).vocabulary_) < len(getattr(plain, view).vocabulary_)
    assert stemmed.vec_right_.stem is True and plain.vec_right_.stem is False
    left_plain = set(plain.vec_left_.vocabulary_)
    left_stem = set(stemmed.vec_left_.vocabulary_)
    assert {"condemned", "condemns", "condemning"} <= left_plain
    assert "condemn" in left_stem and not left_stem & {"condemned", "condemns"}


def test_stem_keeps_negation_marks():
    X = pd.DataFrame({"text": ["They did not support NATO.", "They never supported NATO."],
                      "start": [21, 23], "end": [25, 27]})
    model = LinearStance(min_df=1, stem=True)
    model._blocks(X, fit=True)
    assert "neg_support" in model.vec_left_.vocabulary_
    assert "neg_supported" not in model.vec_left_.vocabulary_


def test_tuning_treats_the_new_options_as_feature_parameters(data):
    from newsprism.stance.benchmark import TunedLinearStance
    from newsprism.stance.evaluate import tune_linear

    assert {"stem", "sentence_weight"} <= set(LinearStance.FEATURE_PARAMS)
    grid = {"C": [0.3], "sentence_weight": [0.0, 1.0], "stem": [False, True]}
    _, table = tune_linear(data, grid=grid, folds=3)
    assert len(table) == 4
    tuned = TunedLinearStance(grid={"C": [0.1, 1.0], "stem": [True],
                                    "sentence_weight": [0.0]}).fit(data, data["label"])
    assert tuned.estimator_.stem is True and tuned.estimator_.vec_sentence_ is None
