"""Which words set each group (outlet) apart: weighted log-odds with an informative prior.

Distinctive terms use the weighted log-odds ratio with an informative Dirichlet prior of
Monroe, Colaresi & Quinn (2008), "Fightin' Words: Lexical Feature Selection and Evaluation
for Identifying the Content of Political Conflict", *Political Analysis* 16(4). Each group
is compared with all other groups pooled; the prior is the whole corpus' word
distribution, which shrinks rare words toward zero so that the z-scores rank words by how
*reliably* a group over-uses them, not by raw frequency (as the plain log-odds ratio does,
which favours rare words) or raw difference in rates (which favours function words).

An outlet's most reliable word is its own name ("cnn", "jazeera", "huffington") and its
dateline ("MOSCOW, February 6. /TASS/."), which says nothing about its coverage. By default
:func:`distinctive_terms` therefore removes each text's opening dateline
(:func:`newsprism.corpus.strip_dateline`) and the outlets' names
(:func:`newsprism.corpus.strip_self_references`, the one list of self-references, which
the theme model uses too) before counting; ``keep_self_references=True`` keeps them. Page
furniture (share widgets, captions, footers) is removed earlier, at ingestion
(:mod:`newsprism.corpus.boilerplate`).

The functions return tidy DataFrames and never modify their input; the figure is
:func:`newsprism.plots.overview.plot_distinctive_terms`.

Example:
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"group": ["a", "a", "b", "b"], "term": ["x", "y", "x", "y"],
    ...                        "count": [30, 5, 5, 30]})
    >>> lo = weighted_log_odds(counts)
    >>> lo.loc[(lo.group == "a") & (lo.term == "x"), "z"].round(2).item() > 1.96
    True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from newsprism.corpus import strip_dateline, strip_self_references
from newsprism.features.vectorizers import NewsCountVectorizer

__all__ = ["NotEnoughText", "distinctive_terms", "term_counts", "weighted_log_odds"]

# what a vectorizer says when a corpus is too small for its min_df / max_df
_TOO_LITTLE = ("no terms remain", "empty vocabulary", "corresponds to < documents than min_df")


class NotEnoughText(ValueError):
    """Too few groups, documents or shared words to compare groups (a degenerate corpus).

    A notebook can skip its section on it:
    ``section("Distinctive terms", skip_on=(NotEnoughText,))``.
    """


def term_counts(texts, groups, *, vectorizer=None, min_count: int = 1, cache_dir=None) -> pd.DataFrame:
    """Tidy term counts per group: columns ``group``, ``term``, ``count`` (non-zero only).

    ``vectorizer`` is any scikit-learn count vectorizer (default
    ``newsprism.features.NewsCountVectorizer(min_df=2)``, tokenized corpus cached in
    ``cache_dir`` when given); terms seen fewer than ``min_count`` times in all groups
    together are dropped.

    Example:
        >>> from sklearn.feature_extraction.text import CountVectorizer
        >>> term_counts(["a b", "b c"], ["X", "Y"], vectorizer=CountVectorizer(token_pattern=r"\\w")
        ...             ).values.tolist()
        [['X', 'a', 1], ['X', 'b', 1], ['Y', 'b', 1], ['Y', 'c', 1]]
    """
    import scipy.sparse as sp

    if vectorizer is None:
        extra = {"cache_dir": str(cache_dir)} if cache_dir is not None else {}
        vectorizer = NewsCountVectorizer(min_df=2, max_df=1.0, **extra)
    texts = pd.Series(list(texts)).fillna("").astype(str)
    groups = pd.Categorical(pd.Series(list(groups)).astype(str))
    if len(texts) != len(groups):
        raise ValueError(f"{len(texts)} texts but {len(groups)} group labels")
    try:
        X = vectorizer.fit_transform(texts.tolist())
    except ValueError as exc:
        if not any(part in str(exc) for part in _TOO_LITTLE):
            raise
        raise NotEnoughText(f"no word occurs often enough to be counted in {len(texts)} "
                            f"documents ({exc})") from exc
    indicator = sp.csr_matrix(
        (np.ones(len(groups)), (groups.codes, np.arange(len(groups)))),
        shape=(len(groups.categories), len(groups)),
    )
    by_group = (indicator @ X).tocoo()
    vocab = np.asarray(vectorizer.get_feature_names_out(), dtype=object)
    out = pd.DataFrame({
        "group": np.asarray(groups.categories, dtype=object)[by_group.row],
        "term": vocab[by_group.col],
        "count": by_group.data.astype("int64"),
    })
    if min_count > 1:
        totals = out.groupby("term")["count"].transform("sum")
        out = out[totals >= min_count]
    return out.sort_values(["group", "term"], kind="stable").reset_index(drop=True)


def weighted_log_odds(counts: pd.DataFrame, *, group: str = "group", term: str = "term",
                      n: str = "count", prior_strength: float | None = None) -> pd.DataFrame:
    """Weighted log-odds (each group vs all others) with an informative Dirichlet prior.

    For group *i*, word *w*, with counts ``y``, totals ``n`` and prior ``alpha_w = a0 * pi_w``
    (``pi_w`` the word's share of the whole corpus, ``a0 = prior_strength``, by default the
    corpus size, i.e. ``alpha_w`` = the word's corpus count):

    ``delta = log((y_iw + a_w) / (n_i + a0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a0 - y_jw - a_w))``,
    ``var(delta) ~ 1/(y_iw + a_w) + 1/(y_jw + a_w)``, ``z = delta / sqrt(var)``
    (Monroe, Colaresi & Quinn 2008, eqs. 16-18), where *j* pools all other groups.

    Args:
        counts: tidy counts, one row per (group, term); missing pairs count as zero.
        prior_strength: ``a0``; smaller values shrink less (more weight to rare words).

    Returns:
        Every (group, term) pair with ``count``, ``log_odds`` (delta), ``se`` and ``z``,
        sorted by group, then ``z`` descending (ties by term).
    """
    if counts.empty:
        return pd.DataFrame(columns=[group, term, n, "log_odds", "se", "z"])
    if counts[n].lt(0).any():
        raise ValueError(f"column {n!r} has negative counts")
    g = pd.Categorical(counts[group].astype(str))
    t = pd.Categorical(counts[term].astype(str))
    Y = np.zeros((len(g.categories), len(t.categories)))
    np.add.at(Y, (g.codes, t.codes), counts[n].to_numpy(dtype=float))
    if len(g.categories) < 2:
        raise NotEnoughText(f"weighted log-odds needs at least two groups to compare, "
                            f"found {len(g.categories)}")
    if len(t.categories) < 2:  # a word that is the whole vocabulary has infinite odds
        raise NotEnoughText("weighted log-odds needs at least two distinct terms")
    word_total = Y.sum(axis=0)
    grand = word_total.sum()
    a0 = float(grand if prior_strength is None else prior_strength)
    if a0 <= 0:
        raise ValueError("prior_strength must be positive")
    alpha = a0 * word_total / grand
    n_i = Y.sum(axis=1, keepdims=True)
    Y_rest = word_total - Y
    n_rest = grand - n_i
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = (np.log(Y + alpha) - np.log(n_i + a0 - Y - alpha)
                 - np.log(Y_rest + alpha) + np.log(n_rest + a0 - Y_rest - alpha))
        se = np.sqrt(1.0 / (Y + alpha) + 1.0 / (Y_rest + alpha))
    out = pd.DataFrame({
        group: np.repeat(np.asarray(g.categories, dtype=object), Y.shape[1]),
        term: np.tile(np.asarray(t.categories, dtype=object), Y.shape[0]),
        n: Y.ravel().astype("int64"),
        "log_odds": delta.ravel(),
        "se": se.ravel(),
    })
    out["z"] = out["log_odds"] / out["se"]
    out = out.sort_values([group, "z", term], ascending=[True, False, True], kind="stable")
    return out.reset_index(drop=True)


def distinctive_terms(corpus: pd.DataFrame, *, by: str = "source", top: int = 15,
                      min_count: int = 10, prior_strength: float | None = None,
                      vectorizer=None, text: str = "text", cache_dir=None,
                      keep_self_references: bool = False) -> pd.DataFrame:
    """The ``top`` terms each outlet over-uses most reliably (highest weighted log-odds z).

    Returns columns ``<by>, rank, term, count, log_odds, se, z`` (rank 1 = most distinctive).
    Terms used fewer than ``min_count`` times in the whole corpus are not ranked.
    ``cache_dir`` caches the tokenized corpus (see :func:`term_counts`). Datelines and the
    outlets' own names are removed from the texts first unless ``keep_self_references=True``
    (when grouping ``by`` something other than outlets, the names of the values of
    ``source`` are removed if the corpus has that column).

    Example:
        >>> docs = pd.DataFrame({"source": ["CNN"] * 3 + ["BBC"] * 3, "text": [
        ...     "(CNN) CNN reports rain and floods", "CNN says floods spread", "floods and rain",
        ...     "BBC News: drought and heat", "the BBC reports heat", "drought heat"]})
        >>> sorted(set(distinctive_terms(docs, top=2, min_count=2)["term"]))
        ['drought', 'floods', 'heat', 'rain']
    """
    texts = corpus[text]
    if not keep_self_references:
        names = corpus["source"] if "source" in corpus.columns else corpus[by]
        texts = strip_self_references([strip_dateline(t) for t in texts], names.unique())
    counts = term_counts(texts, corpus[by], vectorizer=vectorizer, min_count=min_count,
                         cache_dir=cache_dir)
    lo = weighted_log_odds(counts, prior_strength=prior_strength)
    best = lo.groupby("group", sort=True).head(top).copy()
    best.insert(1, "rank", best.groupby("group").cumcount() + 1)
    return best.rename(columns={"group": by}).reset_index(drop=True)
