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
        ("bad_deflate.csv.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage", None, None,
         "cannot read file"),
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


# --------------------------------------------------------------- issue 18 item 7: one line each

BODY = "A story that is long enough to be kept by the loader without complaint " * 2


@pytest.mark.parametrize(
    ("name", "data", "row", "column", "message"),
    [
        ("deep.json", b"[" * 100_000 + b"]" * 100_000, None, None, "nested too deeply"),
        ("deep.jsonl", b'{"id": "1", "text": "x"}\n{"text": ' + b"[" * 100_000 + b"]" * 100_000
         + b"}\n", 2, None, "nested too deeply"),
        ("surrogate.jsonl", b'{"id": "1", "text": "ok"}\n{"id": "2", "text": "half \\ud800 pair"}\n',
         2, "text", "lone surrogate"),
        ("nested_surrogate.jsonl", b'{"id": "1", "text": "ok", "authors": ["\\udc00"]}\n', 1,
         "authors", "lone surrogate"),
        ("wrapped.json", b'{"articles": [{"id": "1", "text": "x"}], "count": 1}', 1, None,
         "the list under 'articles'"),
        ("wrapped.jsonl", b'{"articles": [{"id": "1", "text": "x"}]}\n', 1, None,
         "the list under 'articles'"),
        ("utf16_no_bom.csv", "id,text\n1,hello\n".encode("utf-16-le"), None, None,
         "UTF-16 without a byte-order mark, which is not supported; save it as UTF-8"),
        ("bad_utf16.csv", "id,text\n1,x\n".encode("utf-16") + b"\x00\xd8", None, None,
         "not valid UTF-16"),
        # physical lines, not record numbers: the first record spans lines 2-4
        ("multiline.csv", b'id,text\n1,"line one\nline two\nline three"\n2,fine\n3,one,too many\n',
         6, None, "expected 2 fields, found 3"),
        ("multiline_open.csv", b'id,text\n1,"a\nb"\n2,"never closed\n3,x\n', 4, None, "never closed"),
        ("empty_header.csv", b"id,,text\n1,2,3\n", 1, "#2", "empty column name"),
    ],
)
def test_bad_input_is_one_located_line(tmp_path, name, data, row, column, message):
    path = _write(tmp_path, name, data)
    with pytest.raises(DataError) as info:
        ingest(path)
    err = info.value
    assert message in str(err) and str(path) in str(err)
    assert (err.row, err.column) == (row, column)
    assert "\n" not in str(err)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_files_with_a_utf16_or_utf32_byte_order_mark_are_decoded(tmp_path, encoding):
    data = f"id,text\n1,{BODY}caf\u00e9\n".encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    r = ingest(_write(tmp_path, "wide.csv", data))
    assert r.corpus.text.iloc[0].endswith("café")


def test_lone_surrogates_are_replaced_when_asked(tmp_path):
    path = _write(tmp_path, "s.jsonl", f'{{"id": "1", "text": "{BODY} \\ud800"}}\n'.encode())
    r = ingest(path, encoding_errors="replace")
    assert r.corpus.text.iloc[0].endswith("\ufffd")
    assert r.summary["repairs"]["replacement_chars"] == 1


def test_multiline_csv_rows_point_at_their_first_line(tmp_path):
    path = _write(tmp_path, "m.csv", f'id,text\n1,"{BODY}\n\nmore"\n2,{BODY}\n'.encode())
    r = ingest(path, min_chars=10_000)
    assert r.rejects.row.tolist() == ["2", "5"]


def test_csv_with_a_huge_field_and_stray_quotes_reads_as_pandas_did(tmp_path):
    big = "word " * 300_000  # 1.5 MB in one field: beyond the csv module's default limit
    path = _write(tmp_path, "big.csv", f'id,text,note\n1,"{big}",x"y"\n2,{BODY},"a"b\n3,{BODY}\n'
                  .encode())
    r = ingest(path)
    assert r.corpus.doc_id.tolist() == ["1", "2", "3"]
    assert len(r.corpus.text.iloc[0]) > 1_000_000


def test_one_json_object_is_one_article(tmp_path):
    path = _write(tmp_path, "one.json", f'{{"id": "7", "text": "{BODY}", "tags": [{{"a": 1}}]}}'
                  .encode())
    assert ingest(path).corpus.doc_id.tolist() == ["7"]


def test_gzipped_parquet_is_read(tmp_path):
    import pandas as pd

    plain = tmp_path / "a.parquet"
    pd.DataFrame({"id": ["1"], "text": [BODY]}).to_parquet(plain)
    zipped = _write(tmp_path, "a.parquet.gz", gzip.compress(plain.read_bytes()))
    assert ingest(zipped).corpus.text.tolist() == ingest(plain).corpus.text.tolist()


@pytest.mark.parametrize(("value", "problem"), [
    ("2017-02-07 25:99", "impossible_time"),
    ("2017-02-07T23:60:00", "impossible_time"),
    ("2017-02-07 24:30", "impossible_time"),
    ("2017-02-07 12:30:61", "impossible_time"),
    ("2017-02-07 24:00:00", None),
    ("2017-02-07 23:59:60", None),  # a leap second
    ("2017-02-07T07:11:00+02:00", None),
    ("2016/12/30 7:11", None),
])
def test_impossible_times_are_not_accepted_silently(tmp_path, value, problem):
    path = _write(tmp_path, "t.csv", f"id,date,text\n1,{value},{BODY}\n".encode())
    r = ingest(path)
    if problem is None:
        assert r.corpus.date.notna().all() and r.summary["dates"] == {"parsed": 1}
    else:
        assert r.corpus.date.isna().all() and r.summary["dates"] == {"parsed": 0, problem: 1}
