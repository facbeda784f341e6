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
        "target": ["Russia", "NATO", "NATO"], "mention": ["Moscow", "NATO", "The alliance"],
        "start": [0, 11, 0], "end": [6, 15, 12],
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
    from newsprism.stance import train
    from newsprism.stance.train import train_and_save

    _train_jsonl(tmp_path / "train.jsonl")
    _adapt_target_csv(tmp_path / "target.csv")
    seen = []
    real = train.tune_linear

    def spy(data, **kwargs):
        seen.append(kwargs.get("unlabeled"))
        return real(data, **kwargs)

    monkeypatch.setattr(train, "tune_linear", spy)
    train_and_save(tmp_path / "train.jsonl", tmp_path / "m.skops", folds=0, tune=True,
                   n_boot=0, adapt_to=tmp_path / "target.csv")
    assert len(seen) == 1 and seen[0] is not None
    assert list(seen[0].columns) == ["text", "start", "end"] and len(seen[0]) == 3


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


# --- one-line errors for files a careless user passes (issue 18, item 7) -----------------

def _one_line(exc) -> str:
    text = str(exc)
    assert "\n" not in text
    return text


def test_latin1_csv_names_line_and_column(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("text,target\nNATO met.,NATO\n\"Two\nlines\",NATO\nRussia,Caf\xe9 Russia\n"
                     .encode("latin-1"))
    with pytest.raises(DataError, match="not UTF-8") as info:
        read_stance_data(path)
    assert (info.value.row, info.value.column) == (5, "target")  # physical line, not record
    assert "latin1.csv, row 5, column target" in _one_line(info.value)


def test_utf16_and_bom_files(tmp_path):
    path = tmp_path / "u16.csv"
    path.write_text("text,target\nNATO met.,NATO\n", encoding="utf-16")
    with pytest.raises(DataError, match="UTF-16"):
        read_stance_data(path)
    path.write_text("text,target\nNATO met.,NATO\n", encoding="utf-8-sig")
    assert read_stance_data(path)["target"].tolist() == ["NATO"]


@pytest.mark.parametrize("quote", ['"', ""])
def test_huge_field_names_line_and_column(tmp_path, quote):
    path = tmp_path / "huge.csv"
    # a quote left open swallows the rest of the file into one field
    path.write_text("text,target\n\"NATO\nmet.\",NATO\nRussia won.," + quote + "Russia "
                    + "x" * 1_400_000 + "\nNATO met.,NATO\n")
    with pytest.raises(DataError, match="longer than 131,072") as info:
        read_stance_data(path)
    assert (info.value.row, info.value.column) == (4, "target")
    _one_line(info.value)


def test_predict_refuses_a_topic_model_before_loading_it(tmp_path, capsys, monkeypatch):
    from newsprism import persist
    from newsprism.topics import TopicClassifier

    texts = ["The striker scored a goal in the match", "The bank raised interest rates",
             "Voters elected a new parliament", "The team won the cup final",
             "Shares fell on the stock market", "The minister called an election"] * 3
    model = TopicClassifier(param_grid=None, inner_splits=2, min_df=1).fit(
        texts, ["sport", "business", "politics"] * 6)
    persist.save_model(model, tmp_path / "topics.skops")
    (tmp_path / "in.csv").write_text("text,target\nNATO met.,NATO\n")

    def never(*args, **kwargs):
        raise AssertionError("a model file was opened before its card was checked")

    monkeypatch.setattr(persist, "load_model", never)
    for command in (["predict", "--input", str(tmp_path / "in.csv"), "--out",
                     str(tmp_path / "o.csv")], ["evaluate", "--data", str(tmp_path / "in.csv")]):
        code = main(["stance", command[0], "--model", str(tmp_path / "topics.skops"),
                     *command[1:]])
        err = capsys.readouterr().err.strip()
        assert code == 1 and "Traceback" not in err and len(err.splitlines()) == 1
        assert "not a stance model" in err and "TopicClassifier" in err
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize("text, target, start, end", [
    ("NATO praised Russia.", "Russia", 0, 4),  # another target's name
    ("The alliance grew.", "NATO", 4, 12),  # half of a contextual mention
    ("Putin met Xi Jinping.", "Putin", 10, 12),  # a target the targets file does not know
    ("Russia won.", "Russia", 0, 3),  # part of the name
])
def test_span_that_names_another_word_is_refused(tmp_path, text, target, start, end):
    path = tmp_path / "span.csv"
    pd.DataFrame({"text": ["NATO met.", text], "target": ["NATO", target],
                  "start": [0, start], "end": [4, end]}).to_csv(path, index=False)
    with pytest.raises(DataError, match="does not name the target") as info:
        read_stance_data(path)
    assert (info.value.row, info.value.column) == (3, "start")
    _one_line(info.value)


@pytest.mark.parametrize("text, target, start, end", [
    ("russia won.", "Russia", 0, 6),  # case does not matter
    ("Moscow hit NATO.", "Russia", 0, 6),  # an alias in the targets file
    ("The alliance grew.", "NATO", 0, 12),  # a contextual pattern
    ("Putin's plan failed.", "Putin", 0, 7),  # an unknown target's name starts the span
    ("The European  Union met.", "european union", 4, 19),  # whitespace collapsed
])
def test_span_that_names_the_target_is_accepted(tmp_path, text, target, start, end):
    path = tmp_path / "span.csv"
    pd.DataFrame({"text": [text], "target": [target], "start": [start], "end": [end]}
                 ).to_csv(path, index=False)
    assert read_stance_data(path)["mention"].tolist() == [text[start:end]]


def test_jsonl_span_must_cover_its_mention(tmp_path):
    path = tmp_path / "m.jsonl"
    _jsonl(path, [("NATO praised Russia.", [{"from": 13, "to": 19, "mention": "Russia"}]),
                  ("NATO praised Russia.", [{"from": 0, "to": 4, "mention": "Russia"}])])
    with pytest.raises(DataError, match="not its mention") as info:
        read_stance_data(path)
    assert (info.value.row, info.value.column) == (2, "targets")


@pytest.mark.parametrize("line, match", [
    ('{"sentence_normalized": "A b.", "targets": ' + "[" * 100_000 + "]" * 100_000 + "}",
     "nested too deeply"),
    ('{"sentence_normalized": "A \\ud800 b.", "targets": [{"from": 0, "to": 1}]}',
     "unencodable"),
])
def test_hostile_jsonl_is_a_data_error(tmp_path, line, match):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"sentence_normalized": "A b.", "targets": [{"from": 0, "to": 1}]}\n'
                    + line + "\n")
    with pytest.raises(DataError, match=match) as info:
        read_stance_data(path)
    assert info.value.row == 2
    _one_line(info.value)


def test_annotation_csv_in_latin1_is_a_data_error(tmp_path):
    from newsprism.stance.agreement import read_labels

    path = tmp_path / "pass1.csv"
    path.write_bytes("item_id,label\na,favor\nb,n\xe9utral\n".encode("latin-1"))
    with pytest.raises(DataError, match="not UTF-8") as info:
        read_labels(path)
    assert (info.value.row, info.value.column) == (3, "label")


def test_the_shipped_gold_set_passes_every_span_check():
    from newsprism import config

    path = config.annotations_dir() / "stance_newsarticles.csv"
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert len(read_stance_data(path)) == len(raw)
