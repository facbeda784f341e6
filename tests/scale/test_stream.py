"""Streamed ingest (newsprism.corpus.stream): same corpus, rejects and accounting as the
in-memory ingest, whatever the partitioning; resumable; partial files never taken as done."""

from __future__ import annotations

import pandas as pd
import pytest

from newsprism.corpus.cli import spreadsheet_safe
from newsprism.corpus.ingest import ingest_frame
from newsprism.corpus.stream import (is_done, read_parts, split_source, stream_ingest_parts,
                                     write_done, write_rejects_csv)
from newsprism.errors import DataError


def _stream(raw_parquet, out, chunk_rows, duplicates, **kw):
    parts = split_source(raw_parquet, out, chunk_rows=chunk_rows)
    summary = stream_ingest_parts(parts, out, duplicates=duplicates, min_chars=30, **kw)
    corpus = pd.concat(read_parts(out / "corpus"), ignore_index=True)
    rejects = pd.concat(read_parts(out / "rejects"), ignore_index=True)
    return summary, corpus, rejects


@pytest.mark.parametrize("duplicates", ["flag", "drop"])
@pytest.mark.parametrize("chunk_rows", [7, 25, 1000])
def test_stream_equals_in_memory_ingest(tmp_path, raw_parquet, raw_corpus, chunk_rows,
                                        duplicates):
    mem = ingest_frame(raw_corpus, duplicates=duplicates, min_chars=30)
    summary, corpus, rejects = _stream(raw_parquet, tmp_path, chunk_rows, duplicates)
    assert summary["read"] == len(raw_corpus) == summary["kept"] + summary["rejected"]
    assert summary["rejects"] == mem.summary["rejects"]
    assert summary["duplicates"] == mem.summary["duplicates"]
    pd.testing.assert_frame_equal(corpus, mem.corpus)
    pd.testing.assert_frame_equal(rejects, mem.rejects)
    csv = write_rejects_csv(tmp_path, tmp_path / "rejects.csv")
    assert csv.read_text() == spreadsheet_safe(mem.rejects).to_csv(index=False)


def test_duplicates_across_partitions_are_found(tmp_path, raw_parquet):
    # doc3 is row 4 (partition 0); its exact and near copies are rows 81-82 (partition 3)
    _, corpus, rejects = _stream(raw_parquet, tmp_path, 25, "flag")
    by_id = corpus.set_index("doc_id")
    assert by_id.loc["copy3", "dup_kind"] == "exact"
    assert by_id.loc["near3", "dup_kind"] == "near"
    assert by_id.loc["copy3", "dup_group"] == by_id.loc["doc3", "dup_group"]
    assert rejects.set_index("doc_id").loc["doc5", "reason"] == "duplicate_id"


def test_interrupted_run_resumes_after_last_finished_partition(tmp_path, raw_parquet):
    parts = split_source(raw_parquet, tmp_path, chunk_rows=20)
    with pytest.raises(RuntimeError, match="partition 2"):
        stream_ingest_parts(parts, tmp_path, min_chars=30, fail_at=2)
    done = sorted(p.name for p in (tmp_path / "corpus").glob("*.parquet") if is_done(p))
    assert done == ["part-00000.parquet", "part-00001.parquet"]
    stamp = (tmp_path / "corpus" / "part-00000.parquet").stat().st_mtime_ns
    summary = stream_ingest_parts(parts, tmp_path, min_chars=30)
    assert (tmp_path / "corpus" / "part-00000.parquet").stat().st_mtime_ns == stamp
    fresh = tmp_path / "fresh"
    expected = stream_ingest_parts(split_source(raw_parquet, fresh, chunk_rows=20), fresh,
                                   min_chars=30)
    assert {**summary, "path": None} == {**expected, "path": None}
    pd.testing.assert_frame_equal(pd.concat(read_parts(tmp_path / "corpus")),
                                  pd.concat(read_parts(fresh / "corpus")))


def test_file_without_marker_is_not_finished(tmp_path):
    frame = pd.DataFrame({"a": [1]})
    write_done(tmp_path / "part-00000.parquet", frame)
    frame.to_parquet(tmp_path / "part-00001.parquet")  # as if the run died before its marker
    assert is_done(tmp_path / "part-00000.parquet")
    assert not is_done(tmp_path / "part-00001.parquet")
    with pytest.raises(DataError, match="not finished"):
        list(read_parts(tmp_path))


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".jsonl.gz"])
def test_text_formats_stream_like_parquet(tmp_path, raw_corpus, raw_parquet, suffix):
    path = tmp_path / f"raw{suffix}"
    if suffix == ".csv":
        raw_corpus.to_csv(path, index=False)
    else:
        raw_corpus.to_json(path, orient="records", lines=True)
    s_text, c_text, _ = _stream(path, tmp_path / "t", 30, "flag")
    s_pq, c_pq, _ = _stream(raw_parquet, tmp_path / "p", 30, "flag")
    assert (s_text["read"], s_text["kept"], s_text["rejects"]) == (s_pq["read"], s_pq["kept"],
                                                                  s_pq["rejects"])
    pd.testing.assert_frame_equal(c_text, c_pq)
