"""Prevalence from per-chunk sufficient statistics (newsprism.trends.sufficient)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from newsprism.trends import prevalence
from newsprism.trends.sufficient import (combine_stats, poisson_weights, prevalence_from_stats,
                                         sufficient_stats)

THEMES = ["oil", "war", "vote"]


def _assignments(n=600, seed=0, multi=False):
    rng = np.random.default_rng(seed)
    a = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)],
                      "source": rng.choice(["X", "Y", "Z", None], n),
                      "date": pd.Timestamp("2017-01-01")
                      + pd.to_timedelta(rng.integers(0, 150, n), unit="D"),
                      "theme": rng.choice([*THEMES, None], n),
                      "weight": rng.random(n)})
    a.loc[[3, 9], "date"] = pd.NaT
    a.loc[a["source"].isna() & (np.arange(n) % 2 == 0), "source"] = "Z"
    if multi:  # a second theme row for some documents
        a = pd.concat([a, a.iloc[::4].assign(theme="vote")], ignore_index=True)
    return a


def _chunked(a, k, seed=1, **kw):
    order = np.random.default_rng(seed).permutation(a["doc_id"].unique())
    chunks = np.array_split(order, k)
    stats = [sufficient_stats(a[a["doc_id"].isin(c)], themes=THEMES, period="M",
                              n_boot=100, **kw) for c in chunks]
    return prevalence_from_stats(combine_stats(stats), themes=THEMES, period="M",
                                 weight=kw.get("weight"))


@pytest.mark.parametrize("multi", [False, True])
@pytest.mark.parametrize("weight", [None, "weight"])
def test_point_estimates_equal_in_memory_prevalence(multi, weight):
    a = _assignments(multi=multi)
    mem = prevalence(a, period="M", themes=THEMES, weight=weight, n_boot=0)
    ours = _chunked(a, 5, weight=weight)
    cols = ["period", "source", "theme", "n_docs"]
    pd.testing.assert_frame_equal(ours[cols], mem[cols])
    np.testing.assert_allclose(ours["n"], mem["n"], rtol=1e-12)
    np.testing.assert_allclose(ours["share"], mem["share"], rtol=1e-12)
    if weight is None:
        pd.testing.assert_series_equal(ours["n"], mem["n"])
        pd.testing.assert_series_equal(ours["share"], mem["share"])


@pytest.mark.parametrize("k", [2, 7])
def test_intervals_do_not_depend_on_the_partitioning(k):
    a = _assignments()
    one, many = _chunked(a, 1), _chunked(a, k, seed=k)
    pd.testing.assert_frame_equal(one, many)
    cells = one.dropna(subset=["share"])
    assert ((cells["ci_low"] <= cells["share"]) & (cells["share"] <= cells["ci_high"])).all()


def test_intervals_close_to_the_multinomial_bootstrap():
    a = _assignments(n=3000)
    mem = prevalence(a, period="M", themes=THEMES, n_boot=400)
    ours = _chunked(a, 3)
    width_mem, width = mem["ci_high"] - mem["ci_low"], ours["ci_high"] - ours["ci_low"]
    assert np.nanmedian(np.abs(width - width_mem) / width_mem) < 0.15


def test_poisson_weights_are_per_document_and_seeded():
    w = poisson_weights([f"d{i}" for i in range(5000)], 40, seed=3)
    assert w.dtype == np.uint8 and abs(w.mean() - 1) < 0.02 and abs(w.var() - 1) < 0.05
    again = poisson_weights(["d7", "d1"], 40, seed=3)
    assert (again == w[[7, 1]]).all()
    assert not (poisson_weights(["d7"], 40, seed=4) == w[[7]]).all()


def test_empty_chunk_and_no_bootstrap():
    a = _assignments()
    empty = sufficient_stats(a.iloc[:0], themes=THEMES, n_boot=10)
    full = sufficient_stats(a, themes=THEMES, n_boot=0, period="M")
    p = prevalence_from_stats(combine_stats([empty, full]), themes=THEMES, period="M")
    assert p["ci_low"].isna().all() and p["share"].notna().any()
    with pytest.raises(ValueError, match="no statistics"):
        combine_stats([empty])
