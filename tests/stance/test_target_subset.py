"""Transductive feature subsetting (``target_min_df``, ``fit(..., unlabeled=T)``)."""

from __future__ import annotations

import numpy as np
import pytest

from newsprism.persist import load_model, save_model
from newsprism.stance.context import LEXICON_FEATURES, stance_views
from newsprism.stance.models import LinearStance, StanceFeatures
from newsprism.stance.train import DEFAULT_GRID, TunedLinearStance, tune_linear

# Non-VADER verbs, so the word columns (not the lexicon features) carry the labels.
# Training uses all of them; the target rows only the first two of each label.
TRAIN_VERBS = {"favor": ["hosted", "joined", "thanked"],
               "against": ["sanctioned", "expelled", "sued"],
               "neutral": ["visited", "phoned", "met"]}
TARGET_VERBS = {"favor": ["hosted", "joined"], "against": ["sanctioned", "expelled"],
                "neutral": ["visited", "phoned"]}
NAMES = ("NATO", "Russia", "China")


@pytest.fixture
def train(mention_table):
    return mention_table(TRAIN_VERBS, names=NAMES, n_groups=24)


@pytest.fixture
def target(mention_table):
    # a label column is present in the fixture on purpose; tests drop or scramble it
    return mention_table(TARGET_VERBS, names=NAMES, n_groups=6)


def _inputs(frame):
    return frame[["text", "start", "end"]]


def _n_words(model):
    return sum(len(v.vocabulary_) for v in model.features_.vectorizers_)


def _target_df(model, rows) -> np.ndarray:
    """Per word column: in how many ``rows`` its term occurs (via the analysers, not
    the model's own transform)."""
    lefts, rights, masked = stance_views(rows, window=model.window,
                                         negation_scope=model.negation_scope)
    views = [[f"ctxleft {v}" for v in lefts], [f"ctxright {v}" for v in rights], masked]
    out = []
    for vec, texts in zip(model.features_.vectorizers_, views):
        analyse = vec.build_analyzer()
        row_terms = [set(analyse(t)) for t in texts]
        for term in vec.get_feature_names_out():
            out.append(sum(term in terms for terms in row_terms))
    return np.array(out)


def test_off_by_default_and_identical_to_the_model_without_the_option(train, target):
    y = train["label"].to_numpy(dtype=object)
    assert LinearStance().get_params()["target_min_df"] == 0
    plain = LinearStance(min_df=1).fit(train, y)
    assert plain.feature_mask_ is None
    # off (0) with unlabeled rows, and on without unlabeled rows: nothing is dropped
    for model in (LinearStance(min_df=1).fit(train, y, unlabeled=_inputs(target)),
                  LinearStance(min_df=1, target_min_df=2).fit(train, y)):
        assert model.feature_mask_ is None
        np.testing.assert_array_equal(model.clf_.coef_, plain.clf_.coef_)
        np.testing.assert_array_equal(model.predict_proba(target), plain.predict_proba(target))


@pytest.mark.parametrize("k", [1, 2, 4])
def test_mask_keeps_exactly_the_columns_with_enough_target_rows(train, target, k):
    y = train["label"].to_numpy(dtype=object)
    model = LinearStance(min_df=1, target_min_df=k).fit(train, y, unlabeled=_inputs(target))
    mask = model.feature_mask_
    df = _target_df(model, target)
    assert mask.dtype == bool and len(mask) == _n_words(model) == len(df)
    np.testing.assert_array_equal(mask, df >= k)
    # some training words never occur in the target rows, so something was dropped
    assert 0 < mask.sum() < len(mask)
    # the lexicon features are always kept
    assert model.clf_.coef_.shape[1] == mask.sum() + len(LEXICON_FEATURES)
    all_words = StanceFeatures(min_df=1, lexicon_weight=0).fit(train).get_feature_names_out()
    dropped = {t for t, keep in zip(all_words, mask) if not keep}
    assert "left:thank" in dropped  # a training-only verb (stemmed)
    names = model.top_features(1000)
    assert not dropped & set(names["view"] + ":" + names["term"])


def test_predict_uses_the_mask(train, target):
    """A dropped word has no weight: swapping it for an unseen word changes nothing."""
    y = train["label"].to_numpy(dtype=object)
    params = dict(min_df=1, C=10.0, lexicon_weight=0)
    masked = LinearStance(**params, target_min_df=1).fit(train, y, unlabeled=_inputs(target))
    plain = LinearStance(**params).fit(train, y)
    rows = train[train["text"].str.contains("thanked")].head(3)
    swapped = rows.assign(text=rows["text"].str.replace("thanked", "zorbled"))
    # the full model reads the training-only verb; the masked one cannot
    assert not np.allclose(plain.predict_proba(rows), plain.predict_proba(swapped))
    np.testing.assert_allclose(masked.predict_proba(rows), masked.predict_proba(swapped))
    # and it predicts the target rows from the kept columns only
    full = StanceFeatures(min_df=1, lexicon_weight=0).fit(train).transform(target)
    expected = masked.clf_.predict_proba(full[:, masked.feature_mask_])
    np.testing.assert_allclose(masked.predict_proba(target), expected)


def test_labels_of_the_unlabeled_rows_are_never_read(train, target):
    from newsprism.stance.evaluate import cross_val_predict_grouped

    y = train["label"].to_numpy(dtype=object)
    variants = [_inputs(target),  # no label column at all
                target.assign(label="favor"), target.assign(label="against")]
    probas = [LinearStance(min_df=1, target_min_df=1).fit(train, y, unlabeled=u)
              .predict_proba(target) for u in variants]
    for p in probas[1:]:
        np.testing.assert_array_equal(p, probas[0])
    grid = {"C": [0.1, 1.0], "min_df": [1], "target_min_df": [1]}
    tuned = [TunedLinearStance(grid=grid).fit(train, y, unlabeled=u) for u in variants]
    for t in tuned[1:]:
        assert t.best_params_ == tuned[0].best_params_
        np.testing.assert_array_equal(t.predict_proba(target), tuned[0].predict_proba(target))
    # transductive CV hands each held-out fold to fit without its labels
    seen = []

    class Spy(LinearStance):
        def fit(self, X, y, unlabeled=None):
            seen.append(list(unlabeled.columns))
            return super().fit(X, y, unlabeled=unlabeled)

    cross_val_predict_grouped(Spy(min_df=1, target_min_df=1), train, folds=3,
                              transductive=True)
    assert seen == [["text", "start", "end"]] * 3


def test_round_trip_keeps_the_mask(train, target, tmp_path):
    y = train["label"].to_numpy(dtype=object)
    model = LinearStance(min_df=1, target_min_df=1).fit(train, y, unlabeled=_inputs(target))
    path = tmp_path / "m.skops"
    save_model(model, path, card={"task": "stance"})
    loaded = load_model(path)
    np.testing.assert_array_equal(loaded.feature_mask_, model.feature_mask_)
    np.testing.assert_allclose(loaded.predict_proba(train), model.predict_proba(train),
                               rtol=1e-6, atol=1e-9)


def test_tuning_masks_every_fold_and_the_refit(train, target):
    assert "target_min_df" in StanceFeatures().get_params()
    grid = {"C": [0.3], "min_df": [1], "target_min_df": [0, 1]}
    _, with_t = tune_linear(train, grid=grid, folds=3, unlabeled=_inputs(target))
    _, without = tune_linear(train, grid=grid, folds=3)
    score = {(k, bool(u)): t.set_index("param_target_min_df")["mean_test_score"][k]
             for u, t in ((True, with_t), (False, without)) for k in (0, 1)}
    # target_min_df 0 ignores the unlabeled rows; without them, 1 masks nothing either
    assert score[(0, True)] == score[(0, False)] == score[(1, False)]
    # the training-only verbs carry half of the labels inside each fold: masking them
    # must cost in-domain CV score, which shows the mask reached the tuning folds
    assert score[(1, True)] < score[(0, True)]
    y = train["label"].to_numpy(dtype=object)
    tuned = TunedLinearStance(grid={"C": [0.1, 1.0], "min_df": [1], "target_min_df": [1]}
                              ).fit(train, y, unlabeled=_inputs(target))
    ref = LinearStance(**tuned.best_params_).fit(train, y, unlabeled=_inputs(target))
    np.testing.assert_array_equal(tuned.estimator_.feature_mask_, ref.feature_mask_)


def test_negative_target_min_df_is_refused(train, target):
    with pytest.raises(ValueError, match="target_min_df"):
        LinearStance(target_min_df=-1).fit(train, train["label"], unlabeled=_inputs(target))


def test_default_grid_subsets_features_the_class_default_does_not():
    assert DEFAULT_GRID["target_min_df"] == [1]
    assert LinearStance().get_params()["target_min_df"] == 0
