import json

import pandas as pd
import pytest

from newsprism.cli import main


@pytest.fixture()
def tiny_csv(tiny_corpus, tmp_path):
    # long enough texts to pass the loader's minimum length
    df = tiny_corpus.assign(text=(tiny_corpus.text + ". ") * 8)
    path = tmp_path / "tiny.csv"
    df.to_csv(path, index=False)
    return path


def test_train_then_predict(tiny_csv, tmp_path, capsys):
    model = tmp_path / "m.skops"
    metrics = tmp_path / "metrics.json"
    code = main(["topics", "train", "--corpus", str(tiny_csv), "--label-col", "topic",
                 "--model-out", str(model), "--metrics-out", str(metrics),
                 "--folds", "2", "--n-boot", "20"])
    assert code == 0
    m = json.loads(metrics.read_text())
    assert {"macro_f1", "macro_f1_ci", "n_docs", "n_folds", "grouped_duplicates"} <= set(m)
    assert m["n_folds"] == 2 and m["grouped_duplicates"] is True and len(m["macro_f1_ci"]) == 2
    assert model.is_file() and model.with_suffix("").with_suffix(".card.json").is_file()

    out = tmp_path / "preds.csv"
    assert main(["topics", "predict", "--model", str(model), "--corpus", str(tiny_csv),
                 "--out", str(out)]) == 0
    preds = pd.read_csv(out)
    assert list(preds.columns[:3]) == ["doc_id", "topic", "abstained"]
    assert {"p_business", "p_politics", "p_sport"} <= set(preds.columns)
    assert len(preds) > 0
    assert "articles labelled" in capsys.readouterr().out


def test_predict_refuses_a_pickle(tiny_csv, tmp_path, capsys):
    bad = tmp_path / "m.pkl"
    bad.write_bytes(b"\x80\x04K\x01.")
    code = main(["topics", "predict", "--model", str(bad), "--corpus", str(tiny_csv),
                 "--out", str(tmp_path / "p.csv")])
    assert code == 1
    assert "non-.skops" in capsys.readouterr().err


def test_metrics_out_needs_folds(tiny_csv, tmp_path, capsys):
    code = main(["topics", "train", "--corpus", str(tiny_csv), "--model-out",
                 str(tmp_path / "m.skops"), "--metrics-out", str(tmp_path / "x.json"), "--folds", "0"])
    assert code == 1
    assert "--metrics-out" in capsys.readouterr().err


def test_train_on_a_researcher_label_column_with_outlets_left_out(tiny_csv, tmp_path, capsys):
    """Issue 16: ``topics train --corpus mine.csv --label-col tag`` on the researcher's own
    column, which ingestion keeps (it used to drop unknown columns and fail with "no label
    column 'tag'")."""
    df = pd.read_csv(tiny_csv).rename(columns={"topic": "tag"})
    df["outlet"] = [f"Outlet {i % 3}" for i in range(len(df))]
    mine = tmp_path / "mine.csv"
    df.to_csv(mine, index=False)
    code = main(["topics", "train", "--corpus", str(mine), "--label-col", "tag",
                 "--split", "outlets", "--model-out", str(tmp_path / "m.skops"),
                 "--folds", "3", "--n-boot", "20"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "outlets left out" in captured.out
