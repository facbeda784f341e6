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


def test_plots_return_figures(two_outlet_corpus):
    import matplotlib.figure

    cv = CountVectorizer()
    figs = [
        overview.plot_counts_by_period(counts_by_period(two_outlet_corpus)),
        overview.plot_text_lengths(text_lengths(two_outlet_corpus)),
        overview.plot_distinctive_terms(distinctive_terms(two_outlet_corpus, min_count=1, vectorizer=cv)),
        overview.plot_rejects(pd.DataFrame({"reason": ["a", "b", "b"]})),
        overview.plot_rejects(pd.DataFrame({"reason": pd.Series(dtype=object)})),
    ]
    assert all(isinstance(f, matplotlib.figure.Figure) for f in figs)
    # the weekly heatmap writes counts in its cells
    texts = [t.get_text() for t in figs[0].axes[0].texts]
    assert sorted(texts) == ["1", "2", "2"]  # A: 2 + 1, B: 2 (one undated)
