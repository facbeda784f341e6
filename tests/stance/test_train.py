"""Model kinds, tuning (tune_linear, TunedLinearStance) and loading only stance models."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from newsprism.errors import DataError, NewsprismError, UntrustedModelError
from newsprism.persist import save_model
from newsprism.stance.kinds import MODEL_KINDS, model_class
from newsprism.stance.models import LexiconStance, LinearStance
from newsprism.stance.train import (DEFAULT_GRID, TunedLinearStance, load_stance_model,
                                    make_model, tune_linear)

_VERBS = {"favor": ["praised"], "against": ["condemned"], "neutral": ["visited"]}


def test_every_kind_is_an_estimator_class():
    assert set(MODEL_KINDS) == {"linear", "lexicon", "encoder"}
    for kind in MODEL_KINDS:
        cls = model_class(kind)
        assert f"{cls.__module__}.{cls.__qualname__}" == MODEL_KINDS[kind]
    assert isinstance(make_model("linear", C=1.0), LinearStance)
    with pytest.raises(NewsprismError, match="unknown stance model kind"):
        make_model("transformer")


@pytest.mark.parametrize("kind, names_lexicon", [("lexicon", True), ("linear", True),
                                                  ("encoder", False)])
def test_card_names_the_lexicon_only_for_models_that_use_it(kind, names_lexicon):
    from newsprism.stance.train import model_card

    data = pd.DataFrame({"text": ["a"], "start": [0], "end": [1], "label": ["favor"]})
    card = model_card(None, data, kind=kind)
    assert ("lexicon" in card) is names_lexicon and card["kind"] == kind


def test_tune_linear_picks_within_one_standard_error(mention_table):
    data = mention_table(_VERBS)
    grid = {"C": [0.1, 1.0, 10.0], "min_df": [1]}
    best, table = tune_linear(data, grid=grid, folds=3)
    assert set(table.columns) >= {"param_C", "mean_test_score", "std_test_score"}
    assert table["mean_test_score"].is_monotonic_decreasing
    # the pick is never less regularised than the best-scoring point, and scores within
    # one standard error of it
    top = table.iloc[0]
    assert best["C"] <= top["param_C"]
    picked = table.set_index("param_C").loc[best["C"], "mean_test_score"]
    assert picked >= top["mean_test_score"] - top["std_test_score"]


def test_tune_linear_refuses_unknown_parameters(mention_table):
    with pytest.raises(ValueError, match="stem"):
        tune_linear(mention_table(_VERBS), grid={"C": [1.0], "stem": [False]})


def test_tuned_model_refits_the_chosen_point(mention_table):
    data = mention_table(_VERBS)
    y = data["label"].to_numpy(dtype=object)
    tuned = TunedLinearStance(grid={"C": [0.1, 1.0], "min_df": [1]}).fit(data, y)
    assert set(tuned.best_params_) == {"C", "min_df"} and len(tuned.cv_results_) == 2
    ref = LinearStance(**tuned.best_params_).fit(data, y)
    np.testing.assert_array_equal(tuned.predict_proba(data), ref.predict_proba(data))
    # a one-point grid is fitted directly, without CV
    one = TunedLinearStance(grid={"C": [0.3], "min_df": [1]}).fit(data, y)
    assert one.best_params_ == {"C": 0.3, "min_df": 1} and one.cv_results_.empty
    assert TunedLinearStance().get_params()["grid"] is None and DEFAULT_GRID["C"][0] == 0.01


def _save(model, path, **card):
    save_model(model, path, card=card or None)
    return path


def test_load_stance_model_refuses_a_topic_model_before_loading(tmp_path):
    from newsprism.topics import TopicClassifier

    texts = ["The striker scored a goal in the match", "The bank raised interest rates",
             "Voters elected a new parliament", "The team won the cup final",
             "Shares fell on the stock market", "The minister called an election"] * 3
    topics = TopicClassifier(param_grid=None, inner_splits=2, min_df=1).fit(
        texts, ["sport", "business", "politics"] * 6)
    path = _save(topics, tmp_path / "topics.skops")
    with pytest.raises(DataError, match="not a stance model") as info:
        load_stance_model(path)
    assert "topics.skops" in str(info.value) and "\n" not in str(info.value)
    assert "TopicClassifier" in str(info.value)


def test_load_stance_model_checks_the_file_as_well_as_the_card(tmp_path):
    from sklearn.linear_model import LogisticRegression

    X = pd.DataFrame({"text": ["NATO met."], "start": [0], "end": [4]})
    lexicon = _save(LexiconStance().fit(X), tmp_path / "lex.skops")
    assert isinstance(load_stance_model(lexicon), LexiconStance)
    # a card that claims a stance model for a file holding something else
    other = _save(LogisticRegression().fit([[0.0], [1.0]], [0, 1]), tmp_path / "lr.skops",
                  model_type=MODEL_KINDS["linear"])
    with pytest.raises(UntrustedModelError, match="expected"):
        load_stance_model(other)
