import numpy as np
import pandas as pd
import pytest

from newsprism.themes.selection import _eligible, _select


def _table(largest, coherence=None, stability=None):
    n = len(largest)
    return pd.DataFrame({"n_themes": [5 * (i + 1) for i in range(n)],
                         "coherence": coherence or [0.3] * n,
                         "stability": stability or [np.nan] * n,
                         "largest_share": largest})


@pytest.mark.parametrize("largest, cap, expected", [
    ([0.40, 0.12, 0.08], 0.15, [False, True, True]),
    ([0.40, 0.30, 0.30], 0.15, [False, True, True]),   # none under the cap: the smallest compete
    ([0.40, 0.30, 0.10], None, [True, True, True]),
])
def test_eligible(largest, cap, expected):
    assert _eligible(_table(largest), cap).tolist() == expected


def test_a_catch_all_count_neither_wins_nor_stretches_the_scale():
    # the 5-theme fit has the best coherence but a catch-all theme: it is not chosen, and
    # the eligible counts are scaled among themselves
    sel = _select(_table([0.5, 0.1, 0.1], coherence=[0.9, 0.40, 0.35],
                         stability=[np.nan, 0.6, 0.8]), 0.15)
    assert np.isnan(sel.at[0, "score"])
    assert sel["score"].iloc[1:].tolist() == [0.5, 0.5]
    assert sel["chosen"].tolist() == [False, True, False]   # tie: the smaller count


def test_stability_breaks_a_coherence_tie():
    sel = _select(_table([0.1, 0.1], coherence=[0.4, 0.4], stability=[0.5, 0.9]), 0.15)
    assert sel["chosen"].tolist() == [False, True]
