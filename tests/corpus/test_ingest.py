"""ingest()/load_corpus() on the hand-made fixtures in tests/fixtures/corpus/."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pandas as pd
import pytest

from newsprism.corpus import ingest, load_corpus
from newsprism.corpus.ingest import CANONICAL_COLUMNS, ingest_frame

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def csv_result():
    return ingest(FIX / "articles.csv", text="body", doc_id="uid")


def test_csv_every_row_accounted_for(csv_result):
    s = csv_result.summary
    assert s["read"] == 8 and s["kept"] == 6 and s["rejected"] == 2
    assert s["rejects"] == {"empty_text": 1, "duplicate_id": 1}
    rej = csv_result.rejects.set_index("row")
    assert rej.loc["6", "reason"] == "empty_text" and rej.loc["6", "doc_id"] == "a5"
    assert rej.loc["8", "reason"] == "duplicate_id" and rej.loc["8", "doc_id"] == "a3"
    # the first row with id a3 is the one kept
    corpus = csv_result.corpus.set_index("doc_id")
    assert corpus.loc["a3", "title"] == "Senate vote"


def test_csv_columns_detected_and_canonical(csv_result):
    c = csv_result.corpus
    assert c.columns.tolist()[:6] == CANONICAL_COLUMNS
    assert c.columns.tolist()[-2:] == ["dup_group", "dup_kind"]
    assert csv_result.summary["columns"]["date"] == "published"
    assert csv_result.summary["columns"]["url"] == "link"
    assert pd.api.types.is_datetime64_any_dtype(c["date"])
    assert c["doc_id"].is_unique


def test_csv_sources_sections_and_repairs(csv_result):
    c = csv_result.corpus.set_index("doc_id")
    assert c.loc["a1", "source"] == "TASS"  # tass.com
    assert c.loc["a2", "source"] == "BBC"  # empty outlet: taken from the URL host
    assert c.loc["a4", "source"] == "RTE"
    assert c.loc[["a1", "a2", "a3", "a4"], "section"].tolist() == ["politics", "business", "politics", "business"]
    assert "don’t" in c.loc["a4", "text"]
    assert csv_result.summary["repairs"]["mojibake_or_entities"] == 1


def test_csv_dates_problems_counted(csv_result):
    c = csv_result.corpus.set_index("doc_id")
    assert c.loc["a2", "date"] == pd.Timestamp("2017-02-08")  # 2/8/17
    assert pd.isna(c.loc["a3", "date"]) and pd.isna(c.loc["a6", "date"])  # empty, year 1
    d = csv_result.summary["dates"]
    assert (d["month_day_year"], d["missing"], d["impossible"]) == (1, 1, 1)


def test_csv_duplicates_flagged(csv_result):
    c = csv_result.corpus.set_index("doc_id")
    assert c.loc["a6", "dup_kind"] == "exact" and c.loc["a6", "dup_group"] == c.loc["a1", "dup_group"]
    assert c.loc["a7", "dup_kind"] == "near" and c.loc["a7", "dup_group"] == c.loc["a2", "dup_group"]
    assert c.loc["a1", "dup_kind"] == "" and c.loc["a2", "dup_kind"] == ""


def test_duplicates_drop_moves_them_to_rejects():
    r = ingest(FIX / "articles.csv", text="body", doc_id="uid", duplicates="drop")
    assert r.summary["rejects"] == {"empty_text": 1, "duplicate_id": 1, "exact_duplicate": 1,
                                    "near_duplicate": 1}
    assert set(r.corpus.doc_id) == {"a1", "a2", "a3", "a4"}
    detail = r.rejects.set_index("doc_id").loc["a6", "detail"]
    assert detail == "duplicate of a1"
    assert r.summary["read"] == len(r.corpus) + len(r.rejects)


def test_jsonl_plain_and_gzipped_give_the_same_corpus(tmp_path):
    gz = tmp_path / "articles.jsonl.gz"
    with open(FIX / "articles.jsonl", "rb") as src, gzip.open(gz, "wb") as dst:
        shutil.copyfileobj(src, dst)
    plain, zipped = ingest(FIX / "articles.jsonl"), ingest(gz)
    pd.testing.assert_frame_equal(plain.corpus, zipped.corpus)
    c = plain.corpus.set_index("doc_id")
    assert c.loc["j1", "bias"] == "right"
    assert pd.isna(c.loc["j2", "date"])  # year 2050
    assert c.loc["j3", "date"] == pd.Timestamp("2017-06-15") and c.loc["j3", "source"] == "NPR"
    assert plain.summary["rejects"] == {"too_short": 1}
    assert plain.summary["dates"]["impossible"] == 1


def test_parquet_roundtrip_with_renamed_columns(tmp_path):
    raw = pd.read_csv(FIX / "articles.csv", dtype=str, keep_default_na=False)
    path = tmp_path / "a.parquet"
    raw.rename(columns={"body": "content", "uid": "article_id"}).to_parquet(path)
    r = ingest(path)
    assert r.summary["columns"]["text"] == "content" and r.summary["columns"]["doc_id"] == "article_id"
    assert r.summary["read"] == 8 and r.summary["kept"] == 6


def test_wire_folder_datelines():
    r = ingest(FIX / "wire")
    c = r.corpus.set_index("doc_id")
    assert c.loc["001", "place"] == "MOSCOW" and c.loc["001", "agency"] == "Reuters"
    assert c.loc["001", "text"].startswith("Russia said on Friday")
    assert c.loc["002", "source"] == "Xinhua" and c.loc["002", "date"].month == 1
    assert c["date_inferred"].loc[["001", "002"]].all()
    assert pd.isna(c.loc["003", "date"]) and not c.loc["003", "date_inferred"]
    assert r.summary["dates"]["no_year"] == 1


def test_wire_folder_year_argument_is_not_inferred():
    c = ingest(FIX / "wire", year=2017).corpus.set_index("doc_id")
    assert c.loc["003", "date"] == pd.Timestamp("2017-06-28")
    assert not c["date_inferred"].any()


def test_txt_folder_titles_and_topics():
    c = ingest(FIX / "folder").corpus.set_index("doc_id")
    assert c.loc["economy/e1", "topic"] == "economy"
    assert c.loc["sport/s1", "title"] == "Home side wins the derby"
    assert c.loc["sport/s1", "text"].startswith("The home side")


def test_seed_loads_with_place_agency_and_inferred_date(seed_path):
    c = load_corpus(seed_path.parent)
    row = c.set_index("doc_id").loc[seed_path.stem]
    assert row["date"] == pd.Timestamp("2009-06-28")
    assert row["place"] == "Corfu (Greece)" and row["agency"] == "Xinhua"
    assert row["source"] == "Xinhua" and bool(row["date_inferred"])
    assert row["text"].startswith("NATO and Russia have agreed")


def test_sample_is_seeded_and_reported():
    a = ingest(FIX / "articles.csv", text="body", doc_id="uid", sample=4, seed=1)
    b = ingest(FIX / "articles.csv", text="body", doc_id="uid", sample=4, seed=1)
    assert a.summary["read"] == 4 and a.summary["sampled_from"] == 8
    pd.testing.assert_frame_equal(a.corpus, b.corpus)


def test_ingest_frame_does_not_mutate_input():
    raw = pd.DataFrame({"id": ["1", "1"], "text": ["  Some text that is long enough to keep.  "] * 2})
    before = raw.copy()
    r = ingest_frame(raw, min_chars=5)
    pd.testing.assert_frame_equal(raw, before)
    assert r.summary["rejects"] == {"duplicate_id": 1}


def test_format_summary_states_the_balance(csv_result):
    text = csv_result.format_summary()
    assert text.splitlines()[0] == "articles: read 8 = kept 6 + rejected 2"
    assert "empty_text: 1" in text and "duplicate_id: 1" in text


def test_newsmtsc_is_not_a_corpus(tmp_path):
    from newsprism.errors import NewsprismError

    with pytest.raises(NewsprismError, match="sentence-level"):
        load_corpus("newsmtsc", data_dir=tmp_path)


def test_cache_reuses_result_until_input_changes(tmp_path):
    src = tmp_path / "a.csv"
    shutil.copy(FIX / "articles.csv", src)
    first = ingest(src, text="body", doc_id="uid", cache_dir=tmp_path / "cache")
    cached = list((tmp_path / "cache" / "corpus").glob("*.parquet"))
    assert len(cached) == 2  # corpus + rejects
    again = ingest(src, text="body", doc_id="uid", cache_dir=tmp_path / "cache")
    pd.testing.assert_frame_equal(first.corpus, again.corpus, check_dtype=False)
    assert again.summary["rejects"] == first.summary["rejects"]
    # other arguments or a changed file: a new entry
    ingest(src, text="body", doc_id="uid", duplicates="drop", cache_dir=tmp_path / "cache")
    assert len(list((tmp_path / "cache" / "corpus").glob("*.parquet"))) == 4


# ------------------------------------------------ issue 18 item 5: .txt folders lose no file

STORY = "A story that is long enough to be kept by the loader without complaint. " * 2


def _folder(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_nested_txt_files_get_their_relative_path_as_id(tmp_path):
    folder = _folder(tmp_path / "d", {"a/b.txt": "First " + STORY, "a-b.txt": "Second " + STORY,
                                      "top.txt": "Third " + STORY})
    r = ingest(folder)
    assert sorted(r.corpus.doc_id) == ["a-b", "a/b", "top"]
    assert r.summary["rejects"] == {}
    assert r.corpus.set_index("doc_id").loc["a/b", "topic"] == "a"


@pytest.mark.parametrize("names", [["UPPER.TXT", "lower.txt", "Mixed.Txt"], ["x.txt", "x.TXT"]])
def test_txt_extensions_are_matched_in_any_case(tmp_path, names):
    folder = _folder(tmp_path / "d", {n: f"{n} " + STORY for n in names})
    r = ingest(folder)
    assert r.summary["read"] == r.summary["kept"] == len(names)
    assert r.corpus.doc_id.is_unique


def test_every_file_in_a_txt_folder_is_counted(tmp_path):
    folder = _folder(tmp_path / "d", {"a.txt": STORY, "notes.md": "# not a story",
                                      "sub/data.csv": "x,y", "sub/b.txt": "short",
                                      ".hidden/c.txt": STORY, ".DS_Store": ""})
    r = ingest(folder)
    s = r.summary
    assert s["read"] == 4 == s["kept"] + s["rejected"]  # hidden entries are not part of it
    assert s["rejects"] == {"too_short": 1, "not_txt": 2}
    rejected = r.rejects.set_index("row")
    assert rejected.loc["notes.md", "reason"] == "not_txt"
    assert rejected.loc["sub/data.csv", "detail"] == ".csv: only .txt files are read"
    assert "not_txt: 2" in r.format_summary()


def test_a_folder_without_txt_files_says_what_it_holds(tmp_path):
    from newsprism.errors import DataError

    folder = _folder(tmp_path / "d", {"a.md": "x", "b.csv": "y"})
    with pytest.raises(DataError, match="no .txt files \\(it holds 2 other files\\)"):
        ingest(folder)
