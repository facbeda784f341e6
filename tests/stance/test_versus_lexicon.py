"""versus_lexicon: one row per split with both models' score and who wins."""

import pandas as pd

from newsprism.stance.benchmark import versus_lexicon


def test_one_row_per_split_in_table_order_ties_do_not_count_as_wins():
    rows = [("b", "linear (target-aware)", 0.40), ("b", "lexicon (VADER window)", 0.44),
            ("a", "linear (target-aware)", 0.50), ("a", "lexicon (VADER window)", 0.50),
            ("a", "always neutral (measured)", 0.22)]
    table = pd.DataFrame(rows, columns=["split", "model", "value"]).assign(metric="f1m")
    out = versus_lexicon(table)
    assert out["split"].tolist() == ["b", "a"]
    assert out["linear_beats_lexicon"].tolist() == [False, False]
    assert out.loc[0, "lexicon"] == 0.44
