"""Cross-validation splits that keep duplicate articles on one side.

News corpora repeat themselves: the BBC set holds about a hundred exact and near copies.
If one copy lands in training and the other in the test fold, the classifier is scored on
an article it has already seen and the score is inflated. :class:`DuplicateGroupedStratifiedKFold`
is scikit-learn's ``StratifiedGroupKFold`` with the duplicate clusters as groups: every
cluster sits wholly in one fold, and the class mix stays close to the corpus's.

Example:
    >>> texts = ["Goal in the final minute.", "goal in the  final minute.", "Shares fell.",
    ...          "Shares rose.", "A late goal.", "Profits up.", "Cup final tonight.", "Bank rates."]
    >>> y = ["sport", "sport", "business", "business", "sport", "business", "sport", "business"]
    >>> cv = DuplicateGroupedStratifiedKFold(n_splits=2, random_state=0)
    >>> groups = text_groups(texts).tolist()
    >>> groups[:3]
    [0, 0, 1]
    >>> all((0 in tr) == (1 in tr) for tr, _ in cv.split(texts, y, groups))
    True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedGroupKFold

from newsprism.corpus.dedup import duplicate_groups


def text_groups(texts: Sequence[str], *, near: bool = True) -> np.ndarray:
    """Duplicate-cluster id per text: exact and, with ``near``, MinHash near duplicates.

    The clusters of :func:`newsprism.corpus.dedup.duplicate_groups`, numbered in order of
    first appearance.
    """
    texts = ["" if t is None or (isinstance(t, float) and np.isnan(t)) else str(t) for t in texts]
    kwargs = {} if near else {"threshold": 2.0}
    return duplicate_groups(texts, **kwargs)["dup_group"].to_numpy(dtype=np.int64)


def corpus_groups(corpus: pd.DataFrame, *, text_col: str = "text") -> np.ndarray:
    """Duplicate groups of a canonical corpus: its ``dup_group`` column, else computed.

    Rows with a missing or negative ``dup_group`` get a group of their own, so a sloppy
    column can never merge unrelated articles into one giant group.
    """
    if "dup_group" not in corpus.columns:
        return text_groups(corpus[text_col].tolist())
    raw = pd.to_numeric(corpus["dup_group"], errors="coerce").to_numpy(dtype=float)
    bad = np.isnan(raw) | (raw < 0)
    groups = np.where(bad, 0, raw).astype(np.int64)
    if bad.any():
        start = int(groups.max()) + 1 if len(groups) else 0
        groups[bad] = start + np.arange(int(bad.sum()))
    return groups


def outlet_groups(corpus: pd.DataFrame, *, by: str = "source", text_col: str = "text") -> np.ndarray:
    """Groups for leave-outlets-out CV: each article's outlet, copies kept with their cluster.

    A duplicate cluster spanning outlets joins the outlet of its first member, so a story and
    its reprints never sit on both sides of a split either.

    Example:
        >>> df = pd.DataFrame({"source": ["A", "B", "B", "C"], "dup_group": [0, 0, 1, 2],
        ...                    "text": ["x", "x", "y", "z"]})
        >>> outlet_groups(df).tolist()
        [0, 0, 1, 2]
    """
    if by not in corpus.columns:
        raise ValueError(f"leave-outlets-out CV needs a {by!r} column")
    dup = corpus_groups(corpus, text_col=text_col)
    outlet = pd.Series(corpus[by].astype(str).to_numpy())
    first = outlet.groupby(dup).transform("first")
    codes = {name: k for k, name in enumerate(sorted(set(first)))}
    return first.map(codes).to_numpy(dtype=np.int64)


class DuplicateGroupedStratifiedKFold(StratifiedGroupKFold):
    """Stratified k-fold in which every duplicate cluster stays within one fold.

    Args:
        n_splits: number of folds.
        shuffle: shuffle the groups before assigning them to folds.
        random_state: seed used when ``shuffle`` is true.

    ``split(X, y, groups)`` takes the duplicate-cluster ids as ``groups``; when they are
    omitted and ``X`` holds texts, they are computed with :func:`text_groups`.
    """

    def __init__(self, n_splits: int = 5, *, shuffle: bool = True, random_state=None):
        super().__init__(n_splits=n_splits, shuffle=shuffle, random_state=random_state)

    def split(self, X, y=None, groups=None):
        if groups is None:
            groups = text_groups(list(X))
        yield from super().split(X, y, groups)


def check_no_leak(splits, groups) -> None:
    """Raise ``AssertionError`` if any group appears on both sides of any split."""
    groups = np.asarray(groups)
    for k, (train, test) in enumerate(splits):
        shared = np.intersect1d(groups[train], groups[test])
        if len(shared):
            raise AssertionError(f"fold {k}: duplicate groups {shared[:5].tolist()} on both sides")
