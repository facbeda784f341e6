"""Bad input gives one DataError naming file, row/line and column — never a pandas traceback."""

from __future__ import annotations

import gzip

import pytest

from newsprism.corpus import ingest
from newsprism.errors import DataError

GOOD = ("id,text\n1,A story that is long enough to be kept by the loader without complaint "
        "because it has well over one hundred characters in it.\n")


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "row", "column", "message"),
    [
        ("no_text.csv", b"id,headline\n1,Hello\n", None, "text", "no text column"),
        ("bad_row.csv", b"id,text\n1,fine\n2,one,too many\n3,fine\n", 3, None, "expected 2 fields, found 3"),
        ("open_quote.csv", b'id,text\n1,"never closed\n2,x\n', 2, None, "never closed"),
        ("latin1.csv", b"id,text\n1,fine\n2,caf\xe9 au lait\n", 3, None, "not valid UTF-8"),
        ("empty.csv", b"", None, None, "file is empty"),
        ("blank.jsonl", b"\n\n", None, None, "file is empty"),
        ("header_only.csv", b"id,text\n", None, None, "no rows"),
        ("broken.jsonl", b'{"id": 1, "text": "ok"}\n{"id": 2, "text": \n', 2, None, "not valid JSON"),
        ("list.jsonl", b'[1, 2]\n', 1, None, "expected a JSON object"),
        ("notes.docx", b"PK\x03\x04", None, None, "unknown format"),
        ("fake.parquet", b"not parquet at all", None, None, "not a readable Parquet"),
        ("bad.jsonl.gz", b"not gzip", None, None, "cannot read file"),
    ],
)
def test_bad_file_raises_located_data_error(tmp_path, name, data, row, column, message):
    path = _write(tmp_path, name, data)
    with pytest.raises(DataError) as info:
        ingest(path)
    err = info.value
    assert message in str(err)
    assert str(path) in str(err)
    assert err.row == row
    assert err.column == column


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        ingest(tmp_path / "nope.csv")


def test_mapped_column_that_does_not_exist_names_it(tmp_path):
    path = _write(tmp_path, "a.csv", GOOD.encode())
    with pytest.raises(DataError) as info:
        ingest(path, text="body")
    assert info.value.column == "body" and "'id', 'text'" in str(info.value)


def test_unknown_mapping_key(tmp_path):
    path = _write(tmp_path, "a.csv", GOOD.encode())
    with pytest.raises(DataError, match="unknown column mapping"):
        ingest(path, txt="text")


def test_non_utf8_replaced_only_when_asked(tmp_path):
    path = _write(tmp_path, "latin1.csv", GOOD.replace("kept", "k\xe9pt").encode("latin-1"))
    with pytest.raises(DataError):
        ingest(path)
    r = ingest(path, encoding_errors="replace")
    assert "k\ufffdpt" in r.corpus.text.iloc[0]
    assert r.summary["repairs"]["replacement_chars"] == 1


def test_non_utf8_in_gzipped_jsonl_names_the_line(tmp_path):
    path = tmp_path / "a.jsonl.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(b'{"id": "1", "text": "fine"}\n{"id": "2", "text": "caf\xe9"}\n')
    with pytest.raises(DataError) as info:
        ingest(path)
    assert info.value.row == 2


def test_empty_txt_folder(tmp_path):
    with pytest.raises(DataError, match="no .txt files"):
        ingest(tmp_path)


def test_cli_prints_one_line_and_exits_nonzero(tmp_path, capsys):
    from newsprism.cli import main

    path = _write(tmp_path, "bad_row.csv", b"id,text\n1,fine\n2,one,too many\n")
    code = main(["ingest", str(path), "--out", str(tmp_path / "c.parquet")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "row 3" in err and "Traceback" not in err
    assert not (tmp_path / "c.parquet").exists()


def test_semicolon_csv_and_json_array_are_read(tmp_path):
    body = "A story that is long enough to be kept by the loader without complaint " * 2
    semi = _write(tmp_path, "excel.csv", f"id;text\n1;{body}\n".encode())
    assert ingest(semi).corpus.doc_id.tolist() == ["1"]
    arr = _write(tmp_path, "a.json", f'[{{"id": "7", "text": "{body}"}}]'.encode())
    assert ingest(arr).corpus.doc_id.tolist() == ["7"]
    with pytest.raises(DataError, match="array of objects"):
        ingest(_write(tmp_path, "b.json", b"[1, 2]"))
