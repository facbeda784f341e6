"""On the embedded NewsArticles corpus the default themes carry no outlet self-references."""

from __future__ import annotations

import pytest

from newsprism.corpus import without_copies
from newsprism.themes import ThemeModel

# an outlet's own name, and the words of its datelines ("MOSCOW, February 6. /TASS/")
SELF_REFERENCES = {"al jazeera", "jazeera", "tass", "china daily", "cnn", "bbc", "dw",
                   "deutsche welle", "rte", "abc news", "huffpost", "huffington post",
                   "moscow february", "moscow march", "moscow january", "february tass"}


@pytest.mark.slow
def test_no_outlet_self_reference_among_top_terms(newsarticles):
    docs = without_copies(newsarticles)
    # one count of the automatic range, fitted once (the benchmark runs the full choice)
    tm = ThemeModel(n_themes=24, seed=0).fit(docs)
    top = {t for terms in tm.themes_["top_terms"] for t in terms.split(", ")}
    assert not top & SELF_REFERENCES, sorted(top & SELF_REFERENCES)
    assert tm.themes_["n_dominant"].max() <= 0.20 * len(docs)
    dropped = set(tm.outlet_terms_["term"])
    assert "china daily" in dropped


@pytest.mark.slow
def test_without_the_filter_outlet_names_are_top_terms(newsarticles):
    docs = without_copies(newsarticles)
    tm = ThemeModel(n_themes=24, max_outlet_ratio=None, seed=0).fit(docs)
    top = {t for terms in tm.themes_["top_terms"] for t in terms.split(", ")}
    assert top & SELF_REFERENCES   # the test above can fail
