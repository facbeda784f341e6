"""The researcher's own columns survive ingestion, load_corpus and ``newsprism ingest``."""

from __future__ import annotations

import pandas as pd
import pytest

from newsprism.cli import main
from newsprism.corpus import ingest, load_corpus
from newsprism.corpus.columns import CANONICAL_COLUMNS, extra_columns

CSV = (
    "Article ID,headline,body,published,outlet,tag,leaning,authors,My Code 1,source,_note\n"
    "a1,Vote,The senate voted on the budget bill after a long debate.,2019-03-01,Planet,"
    "politics,left,Ann Lee,7,print,x\n"
    "a2,Snow,Heavy snow closed the mountain roads for a second day.,2019-03-02,Courier,"
    "weather,right,,,web,y\n"
)


@pytest.fixture()
def csv_path(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_unknown_columns_are_kept_after_the_canonical_ones(csv_path):
    result = ingest(csv_path, min_chars=10, doc_id="Article ID", source="outlet")
    corpus = result.corpus
    assert corpus.columns.tolist()[:6] == CANONICAL_COLUMNS
    extras = ["tag", "authors", "My Code 1", "extra_source", "_note"]
    assert corpus.columns.tolist()[-5:] == extras
    assert corpus["tag"].tolist() == ["politics", "weather"]
    assert corpus["authors"].tolist() == ["Ann Lee", ""]  # a missing value is ""
    assert corpus["My Code 1"].tolist() == ["7", ""]
    assert corpus["extra_source"].tolist() == ["print", "web"]  # clashes with canonical source
    assert corpus["source"].tolist() == ["Planet", "Courier"]
    assert corpus["_note"].tolist() == ["x", "y"]
    assert "_row" not in corpus.columns  # the readers' bookkeeping column is not the user's
    assert result.summary["extra_columns"]["source"] == "extra_source"
    assert "tag, authors, My Code 1, source as extra_source" in result.format_summary()


def test_a_mapped_column_appears_under_its_canonical_name_only(csv_path):
    corpus = load_corpus(csv_path, min_chars=10, topic="tag")
    assert corpus["topic"].tolist() == ["politics", "weather"]
    assert "tag" not in corpus.columns and "authors" in corpus.columns


@pytest.mark.parametrize(("columns", "resolved", "expected"), [
    (["text", "tag"], {"text": "text"}, {"tag": "tag"}),
    (["text", "Date", "published"], {"text": "text", "date": "published"}, {"Date": "extra_Date"}),
    (["text", "dup_kind", "extra_dup_kind"], {"text": "text"},
     {"dup_kind": "extra_dup_kind", "extra_dup_kind": "extra_extra_dup_kind"}),
    (["body", "_reject", "_row", "_mine"], {"text": "body"}, {"_mine": "_mine"}),
])
def test_extra_column_naming_rule(columns, resolved, expected):
    assert extra_columns(columns, resolved) == expected


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_cli_output_keeps_the_researcher_columns(csv_path, tmp_path, suffix, capsys):
    out = tmp_path / f"corpus{suffix}"
    assert main(["ingest", str(csv_path), "--min-chars", "10", "--id-col", "Article ID",
                 "--source-col", "outlet", "--out", str(out)]) == 0
    table = pd.read_parquet(out) if suffix == ".parquet" else pd.read_csv(out, dtype=str,
                                                                          keep_default_na=False)
    assert {"tag", "authors", "My Code 1", "extra_source"} <= set(table.columns)
    assert table["tag"].tolist() == ["politics", "weather"]
