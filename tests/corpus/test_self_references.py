"""The one list of self-references, dateline stripping, and the content-keyed corpus cache."""

from __future__ import annotations

import pandas as pd
import pytest

from newsprism.corpus import load_corpus, self_reference_terms, strip_dateline, strip_self_references


@pytest.mark.parametrize(("outlets", "present", "absent"), [
    (["CNN (Web News)"], {"cnn"}, {"web", "news"}),
    (["HuffPost"], {"huffpost", "huffington"}, set()),
    (["Al Jazeera", "ABC News", "BBC"], {"jazeera", "abc", "bbc"}, {"news"}),
    (["Washington Times", "New York Times - News", "USA TODAY"], set(), {"washington", "times", "york"}),
])
def test_self_reference_tokens(outlets, present, absent):
    tokens = set(self_reference_terms(outlets)["tokens"])
    assert present <= tokens and not (absent & tokens)


def test_names_are_removed_as_phrases_and_ordinary_words_stay():
    out = strip_self_references(["The Washington Times said Washington (AP) agreed, told CNN's desk"],
                                ["Washington Times", "CNN (Web News)"])
    assert out == ["said Washington (AP) agreed, told desk"]


@pytest.mark.parametrize(("text", "body"), [
    ("LONDON (Reuters) - Prices rose.", "Prices rose."),
    ("(CNN) Prices rose.", "Prices rose."),
    ("Rep. Ann Lee (R-Ohio) spoke.", "Rep. Ann Lee (R-Ohio) spoke."),
    ("", ""),
])
def test_strip_dateline(text, body):
    assert strip_dateline(text) == body


def test_load_corpus_cache_keys_on_content(tmp_path):
    path = tmp_path / "c.csv"
    pd.DataFrame({"id": ["1"], "text": ["The first version of a story long enough."]}).to_csv(path, index=False)
    first = load_corpus(path, min_chars=10, cache_dir=tmp_path / "cache")
    stat = path.stat()
    # same size, same modification time, other bytes: must not be served from the cache
    pd.DataFrame({"id": ["1"], "text": ["The other version of a story long enough."]}).to_csv(path, index=False)
    import os

    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    second = load_corpus(path, min_chars=10, cache_dir=tmp_path / "cache")
    assert first["text"][0].startswith("The first") and second["text"][0].startswith("The other")
    assert len(list((tmp_path / "cache" / "corpus").glob("c-*.parquet"))) == 4  # 2 × corpus+rejects
