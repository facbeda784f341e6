"""newsprism.plots.overview: the corpus-overview figures of notebook 01."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from sklearn.feature_extraction.text import CountVectorizer  # noqa: E402

from newsprism.corpus.profile import counts_by_period, text_lengths  # noqa: E402
from newsprism.features.distinctive import distinctive_terms  # noqa: E402
from newsprism.plots import overview  # noqa: E402


@pytest.fixture
def tiny() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(6)],
        "date": pd.to_datetime(["2017-01-02", "2017-01-03", "2017-01-16", None, "2017-01-04", "2017-01-05"]),
        "source": ["A", "A", "A", "B", "B", "B"],
        "title": ["t"] * 6,
        "text": ["kremlin kremlin moscow said", "kremlin said today", "moscow kremlin",
                 "white house said", "white house today", ""],
        "dup_kind": ["", "", "exact", "", "near", ""],
        "dup_group": [0, 1, 0, 2, 2, 3],
    })



def test_plots_return_figures(tiny):
    import matplotlib.figure

    cv = CountVectorizer()
    figs = [
        overview.plot_counts_by_period(counts_by_period(tiny)),
        overview.plot_text_lengths(text_lengths(tiny)),
        overview.plot_distinctive_terms(distinctive_terms(tiny, min_count=1, vectorizer=cv)),
        overview.plot_rejects(pd.DataFrame({"reason": ["a", "b", "b"]})),
        overview.plot_rejects(pd.DataFrame({"reason": pd.Series(dtype=object)})),
    ]
    assert all(isinstance(f, matplotlib.figure.Figure) for f in figs)
    # the weekly heatmap writes counts in its cells
    texts = [t.get_text() for t in figs[0].axes[0].texts]
    assert sorted(texts) == ["1", "2", "2"]  # A: 2 + 1, B: 2 (one undated)
