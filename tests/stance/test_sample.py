"""The annotation sampler: schema, dedupe, stratification by target, outlet and week."""

from __future__ import annotations

import pandas as pd
import pytest

from newsprism.cli import main
from newsprism.stance.sample import GOLD_COLUMNS, _allocate, sample_mentions, week_of
from newsprism.stance.targets import load_targets, select_targets

TARGETS = select_targets(load_targets(), ["Russia", "NATO"])


def _corpus():
    rows = []
    outlets = ["A", "B", "C"]
    for i in range(60):
        source = outlets[i % 3]
        date = pd.Timestamp("2017-01-02") + pd.Timedelta(days=7 * ((i // 3) % 6))
        text = f"Russia said story {i} was fine. Officials in Moscow disagreed with item {i}."
        if i % 5 == 0:  # NATO is rarer
            text += f" NATO said its plan {i} stands."
        rows.append({"doc_id": f"d{i}", "source": source, "date": date, "text": text})
    # wire copy: the same sentence in two outlets is one item
    rows.append({"doc_id": "dup", "source": "B", "date": pd.Timestamp("2017-03-01"),
                 "text": "Russia said story 0 was fine."})
    return pd.DataFrame(rows)


def test_schema_offsets_and_dedupe():
    sample = sample_mentions(_corpus(), TARGETS, n=500, seed=0, progress=False)
    assert list(sample.columns) == GOLD_COLUMNS
    assert not sample.duplicated(["sentence", "target"]).any()
    assert sample.item_id.is_unique
    for row in sample.itertuples():
        assert row.sentence[row.start:row.end] == row.mention
    assert (sample.label == "").all()
    # 60 docs x 2 Russia sentences + 12 NATO sentences, the wire copy dropped
    assert (sample.target == "Russia").sum() == 120
    assert (sample.target == "NATO").sum() == 12


def test_rare_target_is_oversampled_and_outlets_balanced():
    sample = sample_mentions(_corpus(), TARGETS, n=40, seed=1, progress=False)
    counts = sample.target.value_counts()
    assert counts["NATO"] == 12  # all of the rare target, the rest to Russia
    assert counts["Russia"] == 28
    per_outlet = sample[sample.target == "Russia"].source.value_counts()
    assert per_outlet.max() - per_outlet.min() <= 1
    # spread over weeks: 28 Russia items over 6 weeks → no week gets more than its share + 1
    weeks = sample[sample.target == "Russia"].groupby("source").week.value_counts()
    assert weeks.max() <= 2


def test_same_seed_same_sample_and_weights():
    a = sample_mentions(_corpus(), TARGETS, n=30, seed=3, progress=False)
    b = sample_mentions(_corpus(), TARGETS, n=30, seed=3, progress=False)
    pd.testing.assert_frame_equal(a, b)
    w = sample_mentions(_corpus(), TARGETS, n=30, seed=3, weights={"Russia": 1, "NATO": 0},
                        progress=False)
    assert set(w.target) == {"Russia"}


def test_exclude_ids_draws_fresh_items():
    first = sample_mentions(_corpus(), TARGETS, n=20, seed=0, progress=False)
    second = sample_mentions(_corpus(), TARGETS, n=20, seed=0, exclude_ids=first.item_id,
                             progress=False)
    assert not set(first.item_id) & set(second.item_id)


@pytest.mark.parametrize("quota, capacity, weights, expected", [
    (10, {"a": 100, "b": 100}, None, {"a": 5, "b": 5}),
    (10, {"a": 2, "b": 100}, None, {"a": 2, "b": 8}),
    (9, {"a": 100, "b": 100}, {"a": 2, "b": 1}, {"a": 6, "b": 3}),
    (50, {"a": 3, "b": 4}, None, {"a": 3, "b": 4}),
    (3, {"a": 5, "b": 5, "c": 0}, None, {"a": 2, "b": 1, "c": 0}),
])
def test_allocate(quota, capacity, weights, expected):
    assert _allocate(quota, capacity, weights) == expected


def test_week_is_monday():
    assert week_of(pd.Series(pd.to_datetime(["2017-01-08", "2017-01-09", None]))).tolist() == [
        "2017-01-02", "2017-01-09", ""]


def test_sample_cli_on_a_corpus_file(tmp_path, monkeypatch, capsys):
    import newsprism.corpus as corpus_mod

    monkeypatch.setattr(corpus_mod, "load_corpus", lambda *a, **k: _corpus())
    out = tmp_path / "s.csv"
    assert main(["stance", "sample", "--corpus", "x", "--targets", "Russia", "NATO",
                 "--n", "20", "--seed", "0", "--out", str(out)]) == 0
    sample = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(sample) == 20 and list(sample.columns) == GOLD_COLUMNS
