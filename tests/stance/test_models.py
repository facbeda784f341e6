"""Lexicon and linear stance models: behaviour, sklearn contract, skops round trip."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from newsprism.errors import UntrustedModelError
from newsprism.persist import load_model, save_model
from newsprism.stance.models import LexiconStance, LinearStance, lexicon_scores, stance_views


def _items(pairs):
    rows = []
    for sentence, mention in pairs:
        start = sentence.index(mention)
        rows.append({"text": sentence, "start": start, "end": start + len(mention)})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("sentence, mention, label", [
    ("Leaders praised NATO warmly.", "NATO", "favor"),
    ("Critics condemned NATO.", "NATO", "against"),
    ("NATO met on Tuesday.", "NATO", "neutral"),
    ("They did not trust Russia.", "Russia", "against"),
    ("Russia is not a threat.", "Russia", "favor"),
    # the clause break keeps the other target's praise away from this one
    ("China suffered a terrible defeat, but Russia celebrated.", "China", "against"),
])
def test_lexicon_baseline_reads_the_window(sentence, mention, label):
    X = _items([(sentence, mention)])
    assert LexiconStance().fit(X).predict(X).tolist() == [label]


def test_lexicon_proba_is_consistent():
    X = _items([("Leaders praised NATO warmly.", "NATO"), ("NATO met.", "NATO"),
                ("Critics condemned NATO.", "NATO")])
    model = LexiconStance().fit(X)
    proba = model.predict_proba(X)
    assert np.allclose(proba.sum(axis=1), 1) and (proba >= 0).all()
    assert model.classes_[proba.argmax(axis=1)].tolist() == ["favor", "neutral", "against"]


def test_negation_scope_reaches_across_the_mention():
    X = _items([("Germany did not NATO support.", "NATO")])
    left_pos, left_neg, right_pos, right_neg = lexicon_scores(X)[0]
    assert right_pos == 0 and right_neg > 0  # "support" flipped by "not" before the mention


def test_views_mask_the_mention():
    left, right, masked = stance_views(_items([("Critics condemned NATO over Russia.", "NATO")]))
    assert left == ["critics condemned"] and right == ["over russia"]
    assert "targetx" in masked[0] and "nato" not in masked[0]


def _train_set():
    pos = ["praised", "welcomed", "supported", "applauded"]
    neg = ["condemned", "attacked", "blamed", "criticised"]
    names = ["NATO", "Russia", "China", "Berlin", "Tokyo"]
    rows, labels = [], []
    for name in names:
        for verb in pos:
            rows.append((f"Leaders {verb} {name} today.", name)); labels.append("favor")
        for verb in neg:
            rows.append((f"Leaders {verb} {name} today.", name)); labels.append("against")
        for verb in ["visited", "met", "called", "phoned"]:
            rows.append((f"Leaders {verb} {name} today.", name)); labels.append("neutral")
    return _items(rows), np.array(labels, dtype=object)


def test_linear_model_learns_and_is_target_aware():
    X, y = _train_set()
    model = LinearStance(min_df=1).fit(X, y)
    assert set(model.classes_) == {"favor", "against", "neutral"}
    test = _items([("Leaders praised Oslo today.", "Oslo"), ("Leaders blamed Oslo today.", "Oslo")])
    assert model.predict(test).tolist() == ["favor", "against"]
    top = model.top_features(3)
    assert set(top.view) <= {"left", "right", "sentence", "lexicon"}
    # the sklearn contract: clone copies params, unfitted clone has no learned state
    fresh = clone(model)
    assert fresh.get_params() == model.get_params() and not hasattr(fresh, "clf_")


@pytest.mark.parametrize("factory", [lambda: LinearStance(min_df=1), lambda: LexiconStance()])
def test_skops_round_trip(tmp_path, factory):
    X, y = _train_set()
    model = factory().fit(X, y)
    path = tmp_path / "m.skops"
    save_model(model, path, card={"task": "stance"})
    loaded = load_model(path)
    np.testing.assert_allclose(loaded.predict_proba(X), model.predict_proba(X))
    assert loaded.predict(X).tolist() == model.predict(X).tolist()
    # a changed file is refused
    path.write_bytes(path.read_bytes() + b"x")
    with pytest.raises(UntrustedModelError):
        load_model(path)


def test_bad_input_type_is_explained():
    with pytest.raises(TypeError, match="text, start, end"):
        LexiconStance().fit(pd.DataFrame({"sentence": ["x"]}))


def test_rich_lexicon_features_carry_the_baseline_decision():
    from newsprism.stance.models import LEXICON_FEATURES, lexicon_features

    X = _items([("Leaders praised NATO warmly.", "NATO"), ("NATO met on Tuesday.", "NATO")])
    rich = lexicon_features(X, kind="rich")
    assert rich.shape == (2, len(LEXICON_FEATURES["rich"]))
    col = LEXICON_FEATURES["rich"].index
    assert rich[0, col("baseline_favor")] == 1 and rich[1, col("baseline_favor")] == 0
    assert lexicon_features(X, kind="basic").shape == (2, 5)
    with pytest.raises(ValueError):
        lexicon_features(X, kind="fancy")


def _shifted_gaussians(seed=0):
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(seed)
    means = np.array([[0, 0], [2, 0], [0, 2]])

    def draw(n, prior):
        y = rng.choice(3, size=n, p=prior)
        return means[y] + rng.normal(size=(n, 2)), y

    Xtr, ytr = draw(4000, [0.35, 0.3, 0.35])
    Xte, yte = draw(8000, [0.1, 0.2, 0.7])  # known label shift
    return LogisticRegression, Xtr, ytr, Xte, yte


@pytest.mark.parametrize("class_weight", [None, "balanced"])
def test_em_recovers_a_known_label_shift(class_weight):
    from newsprism.stance.models import effective_prior, em_priors

    LogisticRegression, Xtr, ytr, Xte, yte = _shifted_gaussians()
    clf = LogisticRegression(class_weight=class_weight).fit(Xtr, ytr)
    train_prior = effective_prior(ytr, clf.classes_, class_weight)
    if class_weight == "balanced":
        # a balanced fit's posteriors reflect equal classes, not the label counts
        np.testing.assert_allclose(train_prior, [1 / 3] * 3)
    adj, q, _ = em_priors(clf.predict_proba(Xte), train_prior)
    np.testing.assert_allclose(q, [0.1, 0.2, 0.7], atol=0.03)
    assert (adj.argmax(axis=1) == yte).mean() > (clf.predict(Xte) == yte).mean()


def test_bcts_repairs_underconfident_posteriors_for_em():
    from sklearn.model_selection import cross_val_predict

    from newsprism.stance.models import apply_bcts, effective_prior, em_priors, fit_bcts

    LogisticRegression, Xtr, ytr, Xte, yte = _shifted_gaussians(1)
    make = lambda: LogisticRegression(C=0.001, class_weight="balanced")  # noqa: E731
    clf = make().fit(Xtr, ytr)
    raw_q = em_priors(clf.predict_proba(Xte), [1 / 3] * 3)[1]
    T, b = fit_bcts(cross_val_predict(make(), Xtr, ytr, method="predict_proba"), ytr)
    cal_q = em_priors(apply_bcts(clf.predict_proba(Xte), T, b),
                      effective_prior(ytr, clf.classes_))[1]
    truth = np.array([0.1, 0.2, 0.7])
    assert np.abs(cal_q - truth).max() < 0.03 < np.abs(raw_q - truth).max()


def test_linear_prior_shift_option():
    from newsprism.stance.models import shift_posteriors

    X, y = _train_set()
    plain = LinearStance(min_df=1).fit(X, y)
    np.testing.assert_allclose(plain.train_prior_, [1 / 3] * 3)  # balanced by default
    shifted = clone(plain).set_params(prior_shift="em", prior_shift_min_rows=10).fit(X, y)
    # small batches are left alone; larger ones get the EM prior, rows still sum to 1
    np.testing.assert_allclose(shifted.predict_proba(X[:5]), plain.predict_proba(X[:5]))
    p = shifted.predict_proba(X)
    assert np.allclose(p.sum(axis=1), 1) and shifted.prior_shift_info(X)["adapted"]
    assert not hasattr(shifted, "shift_info_")  # predicting leaves the model unchanged
    assert plain.prior_shift_info(X) is None
    cal = clone(shifted).set_params(calibration="bcts").fit(X, y)
    assert cal.calibration_["temperature"] > 0
    with pytest.raises(ValueError):
        shift_posteriors(p, [1 / 3] * 3, [1 / 3] * 3, mode="magic")


NEWER_OPTIONS = ("prior_shift", "prior_shift_min_rows", "calibration", "calibration_folds",
                 "neutral_bias", "lexicon_blend", "sentence_weight", "stem", "dense_weight",
                 "dense_views", "target_min_df")


def test_a_model_saved_before_the_newer_options_loads_whole(tmp_path, mention_table):
    """skops restores __dict__ as saved: the options added since must be filled on load,
    with the values that reproduce the old behaviour (unstemmed, everything else off)."""
    from sklearn.base import clone

    from newsprism.persist import load_model

    verbs = {"favor": ["praised", "welcomed"], "against": ["condemned", "blamed"],
             "neutral": ["visited", "met"]}
    data = mention_table(verbs, names=("NATO", "Russia"), n_groups=18)
    y = data["label"].to_numpy(dtype=object)
    old = LinearStance(min_df=1, stem=False).fit(data, y)  # what an old model computed
    expected = old.predict_proba(data)
    for name in NEWER_OPTIONS:
        old.__dict__.pop(name, None)
    old.__dict__.pop("feature_mask_", None)
    path = tmp_path / "old.skops"
    _save_raw(old, path)
    loaded = load_model(path, check_card=False)
    params = loaded.get_params()
    assert params["stem"] is False and params["target_min_df"] == 0
    assert params["dense_weight"] == 0.0 and params["prior_shift"] is None
    np.testing.assert_array_equal(loaded.predict_proba(data), expected)
    assert clone(loaded).get_params() == params
    assert "LinearStance(" in repr(loaded)


def _save_raw(model, path):
    # save_model puts get_params() on the card, which an old model cannot answer: write
    # the skops file alone, as an older newsprism would have
    import skops.io as sio

    sio.dump(model, path)
