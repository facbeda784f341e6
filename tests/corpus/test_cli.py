"""``newsprism ingest`` writes the corpus and the rejects and prints the balance."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

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


# ------------------------------------- issue 18 items 6 and 7: outputs that must be refused

GOOD = "A story that is long enough to be kept by the loader without complaint " * 2


def _input(tmp_path) -> Path:
    path = tmp_path / "data.csv"
    path.write_text(f"id,text\n1,{GOOD}\n2,=HYPERLINK(\"http://x\")\n3,-1\n4,+cmd\n5,@SUM(A1)\n"
                    f"6,plain short\n")
    return path


def _refused(argv, capsys, expected: str):
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert expected in err
    return err


def test_rejects_equal_to_out_is_refused(tmp_path, capsys):
    src = _input(tmp_path)
    out = tmp_path / "corpus.csv"
    _refused(["ingest", str(src), "--out", str(out), "--rejects", str(out)], capsys,
             "are the same file")
    assert not out.exists()


def test_collisions_are_found_through_other_spellings_and_symlinks(tmp_path, capsys):
    src = _input(tmp_path)
    (tmp_path / "sub").mkdir()
    out = tmp_path / "corpus.csv"
    out.write_text("the previous corpus")
    (tmp_path / "link.csv").symlink_to(out)
    for rejects in (tmp_path / "sub" / ".." / "corpus.csv", tmp_path / "link.csv"):
        _refused(["ingest", str(src), "--out", str(out), "--rejects", str(rejects)], capsys,
                 "are the same file")
    _refused(["ingest", str(src), "--out", str(tmp_path / "c.parquet"), "--rejects",
              str(tmp_path / "c_summary.json")], capsys, "are the same file")
    _refused(["ingest", str(src), "--out", str(tmp_path / "sub" / ".." / "data.csv")], capsys,
             "is the input file")
    assert out.read_text() == "the previous corpus"
    assert src.read_text().startswith("id,text\n1,")


def test_a_folder_as_rejects_is_refused(tmp_path, capsys):
    (tmp_path / "rejects").mkdir()
    _refused(["ingest", str(_input(tmp_path)), "--out", str(tmp_path / "c.csv"), "--rejects",
              str(tmp_path / "rejects")], capsys, "is a folder; give a file name")


@pytest.mark.parametrize("sample", ["-1", "0"])
def test_a_sample_must_be_positive(tmp_path, capsys, sample):
    _refused(["ingest", str(_input(tmp_path)), "--out", str(tmp_path / "c.csv"), "--sample",
              sample], capsys, f"--sample {sample}: give a positive number of rows")


def test_rejects_csv_cells_cannot_run_as_formulas(tmp_path, capsys):
    rejects = tmp_path / "rejects.csv"
    assert main(["ingest", str(_input(tmp_path)), "--out", str(tmp_path / "c.csv"),
                 "--rejects", str(rejects)]) == 0
    table = pd.read_csv(rejects, dtype=str, keep_default_na=False).set_index("doc_id")
    assert table.loc["2", "text"] == "'=HYPERLINK(\"http://x\")"
    assert table.loc["3", "text"] == "'-1" and table.loc["4", "text"] == "'+cmd"
    assert table.loc["5", "text"] == "'@SUM(A1)" and table.loc["6", "text"] == "plain short"
    for cell in table.reset_index().to_numpy().ravel():
        assert not str(cell).startswith(("=", "+", "-", "@"))
    corpus = pd.read_csv(tmp_path / "c.csv", dtype=str)
    assert corpus.text.iloc[0] == GOOD.strip()  # the corpus itself is written as it is
