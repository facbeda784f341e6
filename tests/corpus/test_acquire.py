"""Acquisition of the GitHub-hosted benchmarks: pinned hashes, --from, offline errors, idempotence."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import zipfile

import pytest

from newsprism.corpus import acquire
from newsprism.errors import DownloadError


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def tiny_newsmtsc(monkeypatch, tmp_path):
    """A fake 'newsmtsc' whose pins match two tiny files in a local folder."""
    src = tmp_path / "copy"
    src.mkdir()
    files = {"train.jsonl": b'{"sentence_normalized": "a"}\n', "devtest_mt.jsonl": b'{"x": 1}\n'}
    for name, data in files.items():
        (src / name).write_bytes(data)
    spec = dataclasses.replace(acquire.DATASETS["newsmtsc"],
                               files={k: _sha(v) for k, v in files.items()})
    monkeypatch.setitem(acquire.DATASETS, "newsmtsc", spec)
    return src, files


def test_from_local_copy_verifies_and_is_idempotent(tiny_newsmtsc, tmp_path):
    src, files = tiny_newsmtsc
    dest = tmp_path / "cache"
    out = acquire.fetch("newsmtsc", dest, from_path=src)
    assert (out / "train.jsonl").read_bytes() == files["train.jsonl"]
    stamp = (out / ".complete").stat().st_mtime_ns
    # second run: no work, even if the source has gone
    (src / "train.jsonl").unlink()
    assert acquire.fetch("newsmtsc", dest, from_path=src) == out
    assert (out / ".complete").stat().st_mtime_ns == stamp


def test_hash_mismatch_refused_and_nothing_written(tiny_newsmtsc, tmp_path):
    src, _ = tiny_newsmtsc
    (src / "devtest_mt.jsonl").write_bytes(b"tampered\n")
    dest = tmp_path / "cache"
    with pytest.raises(DownloadError, match="SHA-256"):
        acquire.fetch("newsmtsc", dest, from_path=src)
    assert not (dest / "newsmtsc").exists()
    assert list(dest.iterdir()) == []  # no staging folder left behind


def test_missing_file_in_local_copy(tiny_newsmtsc, tmp_path):
    src, _ = tiny_newsmtsc
    (src / "train.jsonl").unlink()
    with pytest.raises(DownloadError, match="not found"):
        acquire.fetch("newsmtsc", tmp_path / "cache", from_path=src)


def test_offline_download_says_use_from(monkeypatch, tmp_path):
    import urllib.error
    import urllib.request

    def offline(*args, **kwargs):
        raise urllib.error.URLError("Name or service not known")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    for name in ("allsides", "newsmtsc"):
        with pytest.raises(DownloadError, match=f"newsprism data get {name} --from PATH"):
            acquire.fetch(name, tmp_path, quiet=True)
    assert list(tmp_path.iterdir()) == []


def test_cli_data_get_offline_exits_nonzero(monkeypatch, tmp_path, capsys):
    from newsprism.cli import main

    monkeypatch.setattr(acquire, "_download", lambda url, name: (_ for _ in ()).throw(
        DownloadError(f"{name}: could not download {url}; use --from PATH")))
    assert main(["data", "get", "allsides", "--dest", str(tmp_path)]) == 1
    assert "--from PATH" in capsys.readouterr().err


def test_allsides_archive_conversion_withholds_test_split(monkeypatch, tmp_path):
    """The upstream layout (data/jsons/*.json + data/splits) converts to our cache layout."""
    buf = io.BytesIO()
    train = b"ID\tbias\nA1\t0\n"
    with zipfile.ZipFile(buf, "w") as z:
        for art_id, bias in (("A1", "left"), ("T1", "right")):
            z.writestr(f"repo-main/data/jsons/{art_id}.json", json.dumps({
                "ID": art_id, "topic": "elections", "source": "Vox", "bias": 0, "bias_text": bias,
                "url": "https://www.vox.com/x", "title": "t", "date": "2019-01-01", "authors": "",
                "content": "tokenised", "content_original": "Original text.", "source_url": "www.vox.com"}))
        for split in ("random", "media"):
            z.writestr(f"repo-main/data/splits/{split}/train.tsv", train)
            z.writestr(f"repo-main/data/splits/{split}/valid.tsv", b"ID\tbias\n")
            z.writestr(f"repo-main/data/splits/{split}/test.tsv", b"ID\tbias\nT1\t2\n")
    pins = {f"splits/{s}/{f}": _sha(train if f == "train.tsv" else b"ID\tbias\n")
            for s in ("random", "media") for f in ("train.tsv", "valid.tsv")}
    spec = dataclasses.replace(acquire.DATASETS["allsides"],
                               files={"articles.jsonl.gz": "0" * 64, **pins})
    monkeypatch.setitem(acquire.DATASETS, "allsides", spec)
    monkeypatch.setattr(acquire, "_download", lambda url, name: buf.getvalue())
    out = acquire.fetch("allsides", tmp_path, quiet=True)
    import gzip

    records = [json.loads(line) for line in gzip.open(out / "articles.jsonl.gz", "rt")]
    assert [r["id"] for r in records] == ["A1"]  # the test-split article is withheld
    assert records[0]["text"] == "Original text." and records[0]["bias"] == "left"
    assert not (out / "splits" / "random" / "test.tsv").exists()
