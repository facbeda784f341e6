"""Choice of the number of themes: eligibility (no catch-all theme) and the combined score.

:class:`~newsprism.themes.ThemeModel` fits every candidate count, then keeps the count with
the best average of min-max scaled coherence and stability among the counts whose largest
theme holds at most ``max_theme_share`` of the documents.

Example:
    >>> import pandas as pd
    >>> sel = pd.DataFrame({"n_themes": [5, 10, 20], "coherence": [0.30, 0.40, 0.35],
    ...                     "stability": [float("nan"), 0.7, 0.8],
    ...                     "largest_share": [0.40, 0.12, 0.08]})
    >>> _select(sel, 0.15)[["eligible", "score", "chosen"]].to_dict("list")
    {'eligible': [False, True, True], 'score': [nan, 0.5, 0.5], 'chosen': [False, True, False]}
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def _eligible(sel: pd.DataFrame, max_theme_share) -> pd.Series:
    """Counts whose largest theme holds at most ``max_theme_share`` of the documents (if
    none does, the counts with the smallest largest theme)."""
    cap = 1.0 if max_theme_share is None else float(max_theme_share)
    eligible = sel["largest_share"] <= cap + 1e-12
    if not eligible.any():
        eligible = sel["largest_share"] <= sel["largest_share"].min() + 1e-12
    return eligible


def _select(sel: pd.DataFrame, max_theme_share) -> pd.DataFrame:
    """Add ``eligible, score, chosen``: best coherence + stability among eligible counts.

    Scores are min-max scaled among the eligible counts (the others get NaN): a count
    that cannot be chosen does not stretch the scale of those that can.
    """
    eligible = _eligible(sel, max_theme_share)
    sel = sel.assign(eligible=eligible)
    score = _scaled(sel.loc[eligible, "coherence"])
    if sel.loc[eligible, "stability"].notna().any():
        score = (score + _scaled(sel.loc[eligible, "stability"])) / 2
    sel["score"] = score.reindex(sel.index)
    best = sel.loc[eligible, "score"].idxmax()  # idxmax: first = smallest count
    sel["chosen"] = sel.index == best
    return sel


def _scaled(values: pd.Series) -> pd.Series:
    lo, hi = values.min(), values.max()
    if not np.isfinite(hi - lo) or hi - lo <= 0:
        return pd.Series(np.ones(len(values)), index=values.index)
    return (values - lo) / (hi - lo)
