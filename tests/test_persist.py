"""Model files: skops round trip, card contents, and refusal of anything untrusted."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline

from newsprism.errors import UntrustedModelError
from newsprism.persist import card_paths, load_card, load_model, save_model

TEXTS = ["nato troops", "russia gas", "nato summit", "russia oil", "nato allies", "russia pipeline"]
LABELS = ["mil", "energy", "mil", "energy", "mil", "energy"]


@pytest.fixture()
def fitted():
    return make_pipeline(TfidfVectorizer(), LogisticRegression()).fit(TEXTS, LABELS)


def test_round_trip_gives_identical_predictions(tmp_path, fitted):
    path = tmp_path / "m.skops"
    save_model(fitted, path, card={"label_set": ["energy", "mil"]})
    loaded = load_model(path, expected=Pipeline)
    np.testing.assert_array_equal(loaded.predict_proba(TEXTS), fitted.predict_proba(TEXTS))


def test_card_records_hash_versions_and_task_fields(tmp_path, fitted):
    path = tmp_path / "m.skops"
    save_model(fitted, path, card={"label_set": ["energy", "mil"], "name": "demo"})
    card = load_card(path)
    assert card["label_set"] == ["energy", "mil"]
    assert len(card["model_sha256"]) == 64
    assert "scikit-learn" in card["versions"]
    assert card_paths(path)[1].read_text().startswith("# Model card: demo")


def test_tampered_file_is_refused(tmp_path, fitted):
    path = tmp_path / "m.skops"
    save_model(fitted, path)
    with open(path, "ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(UntrustedModelError, match="does not match its model card"):
        load_model(path)


@pytest.mark.parametrize("name", ["m.pkl", "m.joblib", "m.pickle"])
def test_non_skops_files_are_refused(tmp_path, fitted, name):
    with pytest.raises(UntrustedModelError, match="skops"):
        save_model(fitted, tmp_path / name)
    (tmp_path / name).write_bytes(b"\x80\x04K\x01.")
    with pytest.raises(UntrustedModelError):
        load_model(tmp_path / name)


def test_missing_card_is_refused(tmp_path, fitted):
    path = tmp_path / "m.skops"
    save_model(fitted, path)
    card_paths(path)[0].unlink()
    with pytest.raises(UntrustedModelError, match="no model card"):
        load_model(path)


def test_forged_card_hash_is_refused(tmp_path, fitted):
    path = tmp_path / "m.skops"
    save_model(fitted, path)
    json_path = card_paths(path)[0]
    card = json.loads(json_path.read_text())
    card["model_sha256"] = "0" * 64
    json_path.write_text(json.dumps(card))
    with pytest.raises(UntrustedModelError):
        load_model(path)


def _double(x):
    return x * 2


def test_foreign_types_inside_a_valid_file_are_refused(tmp_path):
    # a function from outside the trusted packages could run arbitrary code on load
    from sklearn.preprocessing import FunctionTransformer

    model = FunctionTransformer(_double).fit(np.ones((2, 1)))
    path = tmp_path / "m.skops"
    save_model(model, path)
    with pytest.raises(UntrustedModelError, match="never saves.*_double"):
        load_model(path, expected=FunctionTransformer)
