"""The stance benchmark: splits, transductive fits, the versus-lexicon view, proxy splits."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from newsprism.stance.benchmark import headline, run_benchmark, versus_lexicon
from newsprism.stance.io import read_stance_data
from newsprism.stance.models import LinearStance

TRAIN_VERBS = {"favor": ["hosted", "joined", "thanked"],
               "against": ["sanctioned", "expelled", "sued"],
               "neutral": ["visited", "phoned", "met"]}
TARGET_VERBS = {"favor": ["hosted", "joined"], "against": ["sanctioned", "expelled"],
                "neutral": ["visited", "phoned"]}
NAMES = ("NATO", "Russia", "China")


def _inputs(frame):
    return frame[["text", "start", "end"]]


def test_one_row_per_split_in_table_order_ties_do_not_count_as_wins():
    rows = [("b", "linear (target-aware)", 0.40), ("b", "lexicon (VADER window)", 0.44),
            ("a", "linear (target-aware)", 0.50), ("a", "lexicon (VADER window)", 0.50),
            ("a", "always neutral (measured)", 0.22)]
    table = pd.DataFrame(rows, columns=["split", "model", "value"]).assign(metric="f1m")
    out = versus_lexicon(table)
    assert out["split"].tolist() == ["b", "a"]
    assert out["linear_beats_lexicon"].tolist() == [False, False]
    assert out.loc[0, "lexicon"] == 0.44


def _write_newsmtsc(path, frame):
    import json

    pol = {"favor": 6.0, "neutral": 4.0, "against": 2.0}
    with open(path, "w") as handle:
        for k, r in enumerate(frame.itertuples()):
            handle.write(json.dumps({
                "primary_gid": f"allsides_{k}_1_x", "sentence_normalized": r.text,
                "targets": [{"from": int(r.start), "to": int(r.end),
                             "mention": r.text[r.start:r.end],
                             "polarity": pol[r.label]}]}) + "\n")


@pytest.mark.parametrize("transductive", [False, True])
def test_run_benchmark_passes_each_test_sets_inputs(mention_table, tmp_path, transductive):
    _write_newsmtsc(tmp_path / "train.jsonl",
                    mention_table(TRAIN_VERBS, names=NAMES, n_groups=24))
    _write_newsmtsc(tmp_path / "devtest_mt.jsonl",
                    mention_table(TARGET_VERBS, names=NAMES, n_groups=6))
    gold = mention_table({"favor": ["joined", "thanked"], "against": ["sued", "expelled"],
                          "neutral": ["met", "phoned"]}, names=NAMES, n_groups=12)
    grid = {"C": [0.3], "min_df": [1], "target_min_df": [1 if transductive else 0]}
    result = run_benchmark(newsmtsc_dir=tmp_path, gold=gold, folds=3, n_boot=0, grid=grid,
                           min_gold=10)
    train = read_stance_data(tmp_path / "train.jsonl", require_label=True)
    dev = read_stance_data(tmp_path / "devtest_mt.jsonl", require_label=True)
    if not transductive:
        assert set(result.models) == {"linear_newsmtsc", "linear_gold"}
        assert all(m.estimator_.feature_mask_ is None for m in result.models.values())
        return
    assert set(result.models) == {"linear_newsmtsc@devtest_mt", "linear_newsmtsc@gold",
                                  "linear_gold@devtest_mt"}
    params = {"C": 0.3, "min_df": 1, "target_min_df": 1}
    for key, fit_on, target in (("linear_newsmtsc@devtest_mt", train, dev),
                                ("linear_newsmtsc@gold", train, gold),
                                ("linear_gold@devtest_mt", gold, dev)):
        ref = LinearStance(**params).fit(fit_on, fit_on["label"], unlabeled=_inputs(target))
        np.testing.assert_array_equal(result.models[key].estimator_.feature_mask_,
                                      ref.feature_mask_)
    # the two NewsMTSC models differ only by the target set they were fitted for
    a = result.models["linear_newsmtsc@devtest_mt"].estimator_.feature_mask_
    b = result.models["linear_newsmtsc@gold"].estimator_.feature_mask_
    assert not np.array_equal(a, b)
    wide = headline(result.table)
    assert {"f1m", "accuracy", "f1pn", "n_train", "n_test"} <= set(wide.columns)


def test_no_data_no_rows():
    result = run_benchmark(newsmtsc_dir=None, gold=None)
    assert result.table.empty and list(result.table.columns)[:3] == ["split", "model", "metric"]


def test_proxy_splits_keep_articles_apart_and_mimic_gold_mix():
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    try:
        from stance_proxies import RECIPES, proxy_splits
    finally:
        sys.path.pop(0)
    assert {name.split()[0] for name in RECIPES} == {"R6", "R14", "R15"}
    rng = np.random.default_rng(0)
    n = 2000
    train = pd.DataFrame({"label": rng.choice(["favor", "against", "neutral"], n,
                                              p=[0.3, 0.35, 0.35]),
                          "group": rng.integers(0, 400, n)})
    ptr, pte, pte71 = proxy_splits(train, seed=0, neutral_share=0.71)
    assert not set(ptr["group"]) & set(pte["group"])
    assert len(ptr) + len(pte) == n
    assert abs((pte71["label"] == "neutral").mean() - 0.71) < 0.01
    # pte71 keeps every neutral row of pte and drops only non-neutral ones
    assert (pte71["label"] == "neutral").sum() == (pte["label"] == "neutral").sum()
    assert len(pte71) < len(pte)
