"""Cohen's kappa against a hand-computed example; agreement on CSV files."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from newsprism.cli import main
from newsprism.errors import DataError
from newsprism.stance.agreement import agreement, cohen_kappa, confusion, read_labels

# 10 items. A: 4 favor, 3 against, 3 neutral. B: 3 favor, 3 against, 4 neutral.
A = ["favor", "favor", "favor", "favor", "against", "against", "against", "neutral", "neutral", "neutral"]
B = ["favor", "favor", "favor", "neutral", "against", "against", "neutral", "neutral", "neutral", "against"]
# by hand: p_o = 7/10; p_e = .4*.3 + .3*.3 + .3*.4 = .33; kappa = (.7-.33)/(.67) = .37/.67
HAND_KAPPA = 0.37 / 0.67


def test_kappa_matches_hand_computation():
    assert cohen_kappa(A, B) == pytest.approx(HAND_KAPPA, abs=1e-9)


def test_kappa_perfect_and_degenerate():
    assert cohen_kappa(A, A) == pytest.approx(1.0)
    assert math.isnan(cohen_kappa(["neutral"] * 3, ["neutral"] * 3))


def test_confusion_rows_are_first_annotator():
    table = confusion(A, B)
    assert table.loc["favor", "neutral"] == 1
    assert table.loc["neutral", "against"] == 1
    assert int(table.to_numpy().trace()) == 7


def _write(path, ids, labels, targets=None):
    pd.DataFrame({"item_id": ids, "target": targets or ["NATO"] * len(ids),
                  "label": labels}).to_csv(path, index=False)


def test_agreement_matches_on_item_id_not_row_order(tmp_path):
    ids = [f"st-{i}" for i in range(10)]
    _write(tmp_path / "a.csv", ids, A)
    # B in reverse order plus one unlabelled and one extra item
    _write(tmp_path / "b.csv", ids[::-1] + ["st-x", "st-y"], B[::-1] + ["", "favor"])
    result = agreement(read_labels(tmp_path / "a.csv"), read_labels(tmp_path / "b.csv"))
    assert result.n == 10 and result.n_only_b == 1 and result.n_only_a == 0
    assert result.kappa == pytest.approx(HAND_KAPPA)


def test_agreement_cli_prints_kappa(tmp_path, capsys):
    ids = [f"st-{i}" for i in range(10)]
    _write(tmp_path / "a.csv", ids, A)
    _write(tmp_path / "b.csv", ids, B)
    assert main(["stance", "agreement", str(tmp_path / "a.csv"), str(tmp_path / "b.csv")]) == 0
    out = capsys.readouterr().out
    assert f"Cohen's kappa: {HAND_KAPPA:.3f}" in out


def test_bad_label_names_the_line(tmp_path):
    _write(tmp_path / "a.csv", ["1", "2", "3"], ["favor", "positive", "neutral"])
    with pytest.raises(DataError, match=r"row 3, column label"):
        read_labels(tmp_path / "a.csv")
