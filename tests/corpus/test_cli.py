"""``newsprism ingest`` writes the corpus and the rejects and prints the balance."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from newsprism.cli import main

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


def test_ingest_writes_corpus_rejects_and_summary(tmp_path, capsys):
    out, rej = tmp_path / "corpus.parquet", tmp_path / "rejects.csv"
    code = main(["ingest", str(FIX / "articles.csv"), "--text-col", "body", "--id-col", "uid",
                 "--duplicates", "drop", "--out", str(out), "--rejects", str(rej)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "read 8 = kept 4 + rejected 4" in printed
    corpus, rejects = pd.read_parquet(out), pd.read_csv(rej, dtype=str)
    assert len(corpus) == 4 and len(rejects) == 4
    assert sorted(rejects.reason) == ["duplicate_id", "empty_text", "exact_duplicate", "near_duplicate"]
    summary = json.loads((tmp_path / "corpus_summary.json").read_text())
    assert summary["read"] == 8 and summary["rejects"]["near_duplicate"] == 1


def test_ingest_wire_folder_with_year(tmp_path, capsys):
    out = tmp_path / "wire.csv"
    assert main(["ingest", str(FIX / "wire"), "--year", "2017", "--out", str(out)]) == 0
    corpus = pd.read_csv(out)
    assert corpus.date.tolist() == ["2017-03-03", "2017-01-05", "2017-06-28"]
    assert (tmp_path / "wire_rejects.csv").exists()


def test_ingest_rejects_unknown_output_format(tmp_path, capsys):
    assert main(["ingest", str(FIX / "articles.jsonl"), "--out", str(tmp_path / "c.xlsx")]) == 1
    assert ".parquet" in capsys.readouterr().err
