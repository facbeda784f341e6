"""Input formats, the train/predict CLI (order and count preserved), malformed rows."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from newsprism.cli import main
from newsprism.errors import DataError
from newsprism.stance.io import read_stance_data

TRAIN = [
    ("Critics condemned {m} for the attack.", "against"),
    ("Observers praised {m} for its generous help.", "favor"),
    ("{m} held a meeting on Tuesday.", "neutral"),
    ("Protesters accused {m} of lying and cheating.", "against"),
    ("Experts welcomed {m} and its excellent plan.", "favor"),
    ("{m} will publish the report next week.", "neutral"),
]
NAMES = ["NATO", "Russia", "China", "the EU", "Trump", "Germany", "Moscow", "Paris"]


def _jsonl(path, rows):
    with open(path, "w") as handle:
        for k, (sentence, targets) in enumerate(rows):
            handle.write(json.dumps({"primary_gid": f"allsides_{k}_1_x", "sentence_normalized":
                                     sentence, "targets": targets}) + "\n")


def _train_jsonl(path):
    pol = {"favor": 6.0, "neutral": 4.0, "against": 2.0}
    rows = []
    for name in NAMES:
        for template, label in TRAIN:
            sentence = template.format(m=name)
            start = sentence.index(name)
            rows.append((sentence, [{"from": start, "to": start + len(name), "mention": name,
                                     "polarity": pol[label]}]))
    _jsonl(path, rows)


@pytest.fixture(scope="module")
def model_path(tmp_path_factory):
    folder = tmp_path_factory.mktemp("model")
    _train_jsonl(folder / "train.jsonl")
    out = folder / "m.skops"
    assert main(["stance", "train", "--data", str(folder / "train.jsonl"), "--model-out",
                 str(out), "--metrics-out", str(folder / "metrics.json"), "--folds", "3"]) == 0
    return out


def test_train_writes_model_card_and_metrics(model_path):
    card = json.loads(model_path.with_suffix("").with_suffix(".card.json").read_text())
    assert card["kind"] == "linear" and card["training_data"]["n_items"] == 48
    assert card["model_sha256"]
    metrics = json.loads((model_path.parent / "metrics.json").read_text())
    assert {"f1m", "accuracy", "f1pn"} <= set(metrics["cv"])
    assert metrics["cv"]["f1m"]["ci_low"] <= metrics["cv"]["f1m"]["value"] <= metrics["cv"]["f1m"]["ci_high"]


def test_predict_csv_keeps_order_and_count(model_path, tmp_path):
    rows = pd.DataFrame({
        "text": ["Observers praised Rome for its generous help.", "Critics condemned Oslo.",
                 "Oslo held a meeting.", "Critics condemned Oslo.", "Rome and Oslo met."],
        "target": ["Rome", "Oslo", "Oslo", "Oslo", "Oslo"],
    })
    rows.to_csv(tmp_path / "in.csv", index=False)
    out = tmp_path / "out.csv"
    assert main(["stance", "predict", "--model", str(model_path), "--input",
                 str(tmp_path / "in.csv"), "--out", str(out)]) == 0
    pred = pd.read_csv(out)
    assert len(pred) == 5
    assert pred.text.tolist() == rows.text.tolist()
    assert pred.line.tolist() == [2, 3, 4, 5, 6]
    assert pred.label.iloc[0] == "favor" and pred.label.iloc[1] == "against"
    probs = pred[["p_favor", "p_against", "p_neutral"]].sum(axis=1)
    assert probs.round(6).eq(1).all()
    assert pred.mention.tolist() == ["Rome", "Oslo", "Oslo", "Oslo", "Oslo"]
    assert pred.start.iloc[4] == 9


def test_predict_jsonl_one_row_per_target(model_path, tmp_path):
    s1 = "Critics condemned Oslo and praised Rome."
    s2 = "Rome will publish it."
    _jsonl(tmp_path / "in.jsonl", [
        (s1, [{"from": 18, "to": 22, "mention": "Oslo"}, {"from": 35, "to": 39, "mention": "Rome"}]),
        (s2, [{"from": 0, "to": 4, "mention": "Rome"}]),
    ])
    out = tmp_path / "out.csv"
    assert main(["stance", "predict", "--model", str(model_path), "--input",
                 str(tmp_path / "in.jsonl"), "--out", str(out)]) == 0
    pred = pd.read_csv(out)
    assert pred.mention.tolist() == ["Oslo", "Rome", "Rome"]
    assert pred.line.tolist() == [1, 1, 2]


@pytest.mark.parametrize("content, line, match", [
    ('{"sentence_normalized": "A b.", "targets": [{"from": 0, "to": 1}]}\n{oops\n', 2,
     "not valid JSON"),
    ('{"sentence_normalized": "A b.", "targets": [{"from": 0, "to": 1}]}\n'
     '{"sentence_normalized": "A b.", "targets": [{"from": 2, "to": 99}]}\n', 2, "outside"),
    ('{"sentence_normalized": "", "targets": []}\n', 1, "sentence_normalized"),
    ('{"sentence_normalized": "A b.", "targets": [{"to": 1}]}\n', 1, "from"),
])
def test_malformed_jsonl_names_the_line(tmp_path, content, line, match):
    path = tmp_path / "bad.jsonl"
    path.write_text(content)
    with pytest.raises(DataError, match=match) as info:
        read_stance_data(path)
    assert info.value.row == line and f"row {line}" in str(info.value)


@pytest.mark.parametrize("content, line, match", [
    ("text,target\nNATO met.,NATO\nRussia won.,Atlantis\n", 3, "does not occur"),
    ("text,target\nNATO met.,NATO\n,NATO\n", 3, "text is empty"),
    ('text,target\n"NATO\nmet.",NATO\nRussia won.,\n', 4, "target is empty"),
    ("text,target,start,end\nNATO met.,NATO,0,4\nRussia won.,Russia,x,6\n", 3, "integers"),
    ("text,target,start,end\nNATO met.,NATO,0,40\n", 2, "outside"),
    ("text,target,label\nNATO met.,NATO,great\n", 2, "label"),
    ("sentence,target,mention,start,end\nNATO met.,NATO,NATO,1,5\n", 2, "mention"),
])
def test_malformed_csv_names_the_line(tmp_path, content, line, match):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(DataError, match=match) as info:
        read_stance_data(path)
    assert info.value.row == line


def test_predict_cli_reports_bad_line_in_one_line(model_path, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("text,target\nNATO met.,NATO\nRussia won.,Atlantis\n")
    code = main(["stance", "predict", "--model", str(model_path), "--input", str(path),
                 "--out", str(tmp_path / "o.csv")])
    err = capsys.readouterr().err
    assert code == 1 and "row 3" in err and "Atlantis" in err and "Traceback" not in err


def test_gold_schema_csv_reads_offsets_and_skips_unlabelled(tmp_path):
    gold = pd.DataFrame({
        "item_id": ["a", "b", "c"], "doc_id": ["d1", "d1", "d2"],
        "target": ["Russia", "NATO", "NATO"], "mention": ["Moscow", "NATO", "alliance"],
        "start": [0, 11, 4], "end": [6, 15, 12],
        "sentence": ["Moscow hit NATO hard.", "Moscow hit NATO hard.", "The alliance grew."],
        "label": ["neutral", "Against", ""],
    })
    gold.to_csv(tmp_path / "gold.csv", index=False)
    data = read_stance_data(tmp_path / "gold.csv", require_label=True)
    assert data.item_id.tolist() == ["a", "b"]
    assert data.label.tolist() == ["neutral", "against"]
    assert data.group.tolist() == ["d1", "d1"]
    assert data.mention.tolist() == ["Moscow", "NATO"]


def test_newsmtsc_polarity_mapping(tmp_path):
    _jsonl(tmp_path / "p.jsonl", [("A and B and C.", [
        {"from": 0, "to": 1, "polarity": 6.0}, {"from": 6, "to": 7, "polarity": 4.0},
        {"from": 12, "to": 13, "polarity": 2.0}])])
    data = read_stance_data(tmp_path / "p.jsonl", require_label=True)
    assert data.label.tolist() == ["favor", "neutral", "against"]


def test_train_adapt_to_keeps_only_words_of_the_target_inputs(tmp_path):
    from newsprism.persist import load_model

    _train_jsonl(tmp_path / "train.jsonl")
    # the data the model will be applied to: a label column is present but must be unused
    pd.DataFrame({"text": ["Critics condemned Oslo.", "Observers praised Rome warmly."],
                  "target": ["Oslo", "Rome"], "label": ["favor", "against"]}
                 ).to_csv(tmp_path / "target.csv", index=False)
    plain, adapted = tmp_path / "plain.skops", tmp_path / "adapted.skops"
    common = ["--data", str(tmp_path / "train.jsonl"), "--folds", "0"]
    assert main(["stance", "train", *common, "--model-out", str(plain)]) == 0
    assert main(["stance", "train", *common, "--model-out", str(adapted),
                 "--adapt-to", str(tmp_path / "target.csv")]) == 0
    card = json.loads(adapted.with_suffix("").with_suffix(".card.json").read_text())
    assert card["adapted_to"]["n_rows"] == 2 and card["adapted_to"]["target_min_df"] == 1
    mask = load_model(adapted).feature_mask_
    assert 0 < card["adapted_to"]["word_columns_kept"] == mask.sum() < mask.size
    assert load_model(plain).feature_mask_ is None


def test_train_adapt_to_refuses_the_lexicon(tmp_path):
    from newsprism.errors import NewsprismError

    _train_jsonl(tmp_path / "train.jsonl")
    pd.DataFrame({"text": ["Critics condemned Oslo."], "target": ["Oslo"]}).to_csv(
        tmp_path / "target.csv", index=False)
    with pytest.raises(NewsprismError, match="linear"):
        from newsprism.stance.train import train_and_save

        train_and_save(tmp_path / "train.jsonl", tmp_path / "m.skops", kind="lexicon",
                       folds=0, adapt_to=tmp_path / "target.csv")


def _adapt_target_csv(path):
    pd.DataFrame({"text": ["Critics condemned Oslo.", "Observers praised Rome warmly.",
                           "Oslo held a meeting on Tuesday."],
                  "target": ["Oslo", "Rome", "Oslo"]}).to_csv(path, index=False)


def test_train_tune_with_adapt_to_tunes_the_model_it_saves(tmp_path, monkeypatch):
    """C is chosen for the masked model that is saved (as TunedLinearStance does), so the
    tuning CV must see the same target inputs as the final fit."""
    from newsprism.stance import evaluate
    from newsprism.stance.train import train_and_save

    _train_jsonl(tmp_path / "train.jsonl")
    _adapt_target_csv(tmp_path / "target.csv")
    seen = []
    real = evaluate.tune_linear

    def spy(data, **kwargs):
        seen.append(kwargs.get("unlabeled"))
        return real(data, **kwargs)

    monkeypatch.setattr(evaluate, "tune_linear", spy)
    train_and_save(tmp_path / "train.jsonl", tmp_path / "m.skops", folds=0, tune=True,
                   n_boot=0, adapt_to=tmp_path / "target.csv")
    assert len(seen) == 1 and seen[0] is not None
    assert list(seen[0].columns) == ["text", "start", "end"] and len(seen[0]) == 3


def test_train_adapt_to_counts_only_word_columns_with_dense_blocks(tmp_path):
    pytest.importorskip("wordllama")
    from newsprism.persist import load_model
    from newsprism.stance.train import train_and_save

    _train_jsonl(tmp_path / "train.jsonl")
    _adapt_target_csv(tmp_path / "target.csv")
    card = train_and_save(tmp_path / "train.jsonl", tmp_path / "m.skops", folds=0,
                          params={"dense_weight": 1.0, "min_df": 1},
                          adapt_to=tmp_path / "target.csv")
    model = load_model(tmp_path / "m.skops")
    n_words = sum(len(v.vocabulary_) for v in (model.vec_left_, model.vec_right_,
                                                model.vec_sentence_) if v is not None)
    assert model.feature_mask_.size > n_words  # the dense blocks follow the word columns
    assert card["adapted_to"]["word_columns_kept"] == model.feature_mask_[:n_words].sum()


def test_adapt_to_file_labels_are_not_read(tmp_path):
    # a label column in the data a model is adapted to may hold anything
    _train_jsonl(tmp_path / "train.jsonl")
    pd.DataFrame({"text": ["Critics condemned Oslo.", "Observers praised Rome warmly."],
                  "target": ["Oslo", "Rome"], "label": ["maybe", "??"]}
                 ).to_csv(tmp_path / "target.csv", index=False)
    with pytest.raises(DataError, match="label"):
        read_stance_data(tmp_path / "target.csv")  # ordinary reading still checks labels
    inputs = read_stance_data(tmp_path / "target.csv", ignore_labels=True)
    assert inputs["label"].tolist() == ["", ""] and len(inputs) == 2
    assert main(["stance", "train", "--data", str(tmp_path / "train.jsonl"), "--folds", "0",
                 "--model-out", str(tmp_path / "m.skops"),
                 "--adapt-to", str(tmp_path / "target.csv")]) == 0
    with pytest.raises(ValueError, match="exclude"):
        read_stance_data(tmp_path / "target.csv", require_label=True, ignore_labels=True)
