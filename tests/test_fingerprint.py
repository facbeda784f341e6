"""Fingerprints key every cache: equal inputs give equal keys, any change a different one."""

from __future__ import annotations

import pandas as pd
import pytest

from newsprism.errors import NewsprismError
from newsprism.fingerprint import (frame_fingerprint, path_fingerprint, source_fingerprint,
                                   texts_fingerprint)
from newsprism.stance.encoder_io import WEIGHTS_CODE
from newsprism.workflows import THEME_CODE


@pytest.mark.parametrize("a, b", [(["ab"], ["a", "b"]), (["a", "b"], ["b", "a"]),
                                  ([None], ["None"]), ([""], [])])
def test_texts_fingerprint_tells_apart_what_differs(a, b):
    assert texts_fingerprint(a) != texts_fingerprint(b)


def test_texts_fingerprint_treats_missing_as_empty():
    assert texts_fingerprint([None, float("nan")]) == texts_fingerprint(["", ""])


def test_frame_fingerprint_reads_only_the_named_columns():
    a = pd.DataFrame({"text": ["x", "y"], "other": [1, 2]})
    assert frame_fingerprint(a, ["text"]) == frame_fingerprint(a.assign(other=0), ["text"])
    assert frame_fingerprint(a, ["text"]) != frame_fingerprint(a.iloc[::-1], ["text"])


def test_path_fingerprint_changes_with_a_file_below_the_folder(tmp_path):
    (tmp_path / "a.txt").write_text("one", encoding="utf-8")
    before = path_fingerprint(tmp_path)
    (tmp_path / "a.txt").write_text("two", encoding="utf-8")
    assert path_fingerprint(tmp_path) != before
    with pytest.raises(NewsprismError, match="does not exist"):
        path_fingerprint(tmp_path / "missing")


def test_source_fingerprint_of_parts_is_order_free_and_narrower_than_the_whole():
    assert source_fingerprint("cache.py", "text") == source_fingerprint("text", "cache.py")
    assert source_fingerprint("cache.py") != source_fingerprint("text") != source_fingerprint()
    with pytest.raises(NewsprismError, match="does not exist"):
        source_fingerprint("no_such_module.py")


@pytest.mark.parametrize("parts", [WEIGHTS_CODE, THEME_CODE], ids=["encoder", "themes"])
def test_cache_keys_name_modules_that_exist(parts):
    source_fingerprint(*parts)  # a renamed module must not silently drop out of a key
