"""Property: every row read is either kept or rejected with a reason, whatever the rows."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.corpus.ingest import REJECT_REASONS, ingest_frame

texts = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["", "   ", "A" * 150, "Same story text that repeats across rows. " * 4,
                     "same  STORY text that repeats across rows. " * 4,
                     'Quote artefact"?here and "?there ' * 5, "donâ€™t " * 30]),
)
rows = st.lists(
    st.fixed_dictionaries({
        "id": st.one_of(st.sampled_from(["1", "2", "2", "", "x"]), st.text(max_size=5)),
        "text": texts,
        "date": st.one_of(st.sampled_from(["", "2017-02-07", "6/15/17", "0001-01-01", "2050-1-1",
                                           "junk", "2017-02-30"]), st.text(max_size=12)),
        "url": st.sampled_from(["", "http://tass.com/politics/1", "not a url", "www.bbc.co.uk/news/uk-123456"]),
    }),
    max_size=25,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows, st.sampled_from(["flag", "drop"]), st.integers(0, 200))
def test_read_equals_kept_plus_rejected(records, duplicates, min_chars):
    raw = pd.DataFrame(records, columns=["id", "text", "date", "url"])
    r = ingest_frame(raw, duplicates=duplicates, min_chars=min_chars, repair_quotes=True)
    s = r.summary
    assert s["read"] == len(raw) == len(r.corpus) + len(r.rejects)
    assert s["kept"] == len(r.corpus) and s["rejected"] == len(r.rejects)
    assert sum(s["rejects"].values()) == s["rejected"]
    assert set(r.rejects["reason"]) <= set(REJECT_REASONS)
    assert r.corpus["doc_id"].is_unique
    assert (r.corpus["text"].str.len() >= max(min_chars, 1)).all()
    if duplicates == "drop":
        # no two kept texts are exact duplicates after normalisation
        norm = r.corpus["text"].str.casefold().str.split().str.join(" ")
        assert not norm.duplicated().any()
    # rejects point back at the rows they came from
    assert set(r.rejects["row"]) <= {str(i) for i in range(1, len(raw) + 1)}
