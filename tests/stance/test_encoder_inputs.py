"""encoder_inputs: padded batches and length-sorted batches that cover every row once."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.stance.encoder_inputs import batches, collate


def test_collate_pads_and_masks_the_span():
    torch = pytest.importorskip("torch")
    ids, mask, span = collate(torch, [([101, 7, 8, 102], 1, 3), ([101, 102], 1, 1)], 0)
    assert ids.tolist() == [[101, 7, 8, 102], [101, 102, 0, 0]]
    assert mask.tolist() == [[1, 1, 1, 1], [1, 1, 0, 0]]
    assert span.tolist() == [[0, 1, 1, 0], [0, 0, 0, 0]]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(1, 200), max_size=300), st.integers(1, 40), st.integers(0, 5))
def test_batches_cover_every_row_once(lengths, size, seed):
    lengths = np.array(lengths, dtype=int)
    for rng in (None, np.random.default_rng(seed)):
        out = batches(lengths, size, rng)
        rows = np.concatenate(out) if out else np.array([], dtype=int)
        assert sorted(rows.tolist()) == list(range(len(lengths)))
        assert all(1 <= len(b) <= size for b in out)
