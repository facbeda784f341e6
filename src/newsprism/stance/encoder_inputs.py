"""The encoder's input rows: the sentence with the mention marked, cut to length, batched.

:func:`encode_rows` turns ``text, start, end`` rows into word-piece ids with the mention
between two marker pieces (``[CLS] … [unused0] Putin [unused1] … [SEP]``); :func:`collate`
pads a batch into tensors and :func:`batches` forms length-sorted batches in a seeded order.
Used by :class:`newsprism.stance.encoder.EncoderStance`.

Example:
    >>> batches(np.array([5, 3, 9]), 2, None)
    [array([1, 0]), array([2])]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from newsprism.stance.context import check_X

MARKERS = ("[unused0]", "[unused1]")  # word pieces of the vocabulary that mark the mention
BUCKET = 50  # batches whose rows are sorted by length together (less padding, same order)


def encode_rows(tokenizer, X: pd.DataFrame, max_length: int) -> list[tuple[list[int], int, int]]:
    """Word-piece ids of each row with the mention marked, and the marked span's positions.

    Returns ``(ids, span_start, span_end)`` per row: ``ids`` is ``[CLS] left [m] mention [/m]
    right [SEP]`` cut to ``max_length`` around the mention; ``ids[span_start:span_end]``
    covers the two markers and the mention's word pieces.

    Example:
        >>> from newsprism.features.sentence_encoder import load_encoder  # doctest: +SKIP
        >>> tok, _ = load_encoder()  # doctest: +SKIP
        >>> X = pd.DataFrame({"text": ["Critics condemned NATO."], "start": [18], "end": [22]})
        >>> ids, a, b = encode_rows(tok, X, 128)[0]  # doctest: +SKIP
        >>> tok.convert_ids_to_tokens(ids[a:b])  # doctest: +SKIP
        ['[unused0]', 'nato', '[unused1]']
    """
    if max_length < 8:
        raise ValueError(f"max_length must be at least 8, got {max_length}")
    X = check_X(X)
    open_id, close_id = tokenizer.convert_tokens_to_ids(list(MARKERS))
    texts = X["text"].astype(str).tolist()
    if not texts:
        return []
    unique = list(dict.fromkeys(texts))
    # whole sentences, uncut (cutting happens around the mention below); verbose=False
    # drops the "longer than the maximum length" warning that this would trigger
    encoded = tokenizer(unique, add_special_tokens=False, return_offsets_mapping=True,
                        truncation=False, verbose=False)
    by_text = {t: (ids, offs) for t, ids, offs in
               zip(unique, encoded["input_ids"], encoded["offset_mapping"])}
    budget = max_length - 4  # [CLS], [SEP] and the two markers
    rows = []
    for text, start, end in zip(texts, X["start"].astype(int), X["end"].astype(int)):
        ids, offsets = by_text[text]
        inside = [k for k, (s, e) in enumerate(offsets) if s < end and e > start]
        if inside:
            first, last = inside[0], inside[-1] + 1
        else:  # a span between word pieces: the markers meet where it starts
            first = last = next((k for k, (s, _) in enumerate(offsets) if s >= start),
                                len(ids))
        left, span, right = ids[:first], ids[first:last][:budget], ids[last:]
        room = budget - len(span)
        keep_left = min(len(left), max(room - len(right), room // 2))
        keep_right = min(len(right), room - keep_left)
        left = left[len(left) - keep_left:]
        out = ([tokenizer.cls_token_id] + left + [open_id] + span + [close_id]
               + right[:keep_right] + [tokenizer.sep_token_id])
        rows.append((out, 1 + len(left), 3 + len(left) + len(span)))
    return rows


def collate(torch, rows, pad_id: int):
    """Padded ``input_ids``, ``attention_mask`` and ``span_mask`` of a batch of
    ``(ids, span_start, span_end)`` rows.

    Example:
        >>> import torch
        >>> ids, mask, span = collate(torch, [([101, 7, 102], 1, 2), ([101, 102], 1, 1)], 0)
        >>> mask.tolist(), span.tolist()
        ([[1, 1, 1], [1, 1, 0]], [[0, 1, 0], [0, 0, 0]])
    """
    width = max(len(r[0]) for r in rows)
    ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    span = torch.zeros((len(rows), width), dtype=torch.long)
    for i, (row_ids, span_start, span_end) in enumerate(rows):
        ids[i, :len(row_ids)] = torch.tensor(row_ids, dtype=torch.long)
        mask[i, :len(row_ids)] = 1
        span[i, span_start:span_end] = 1
    return ids, mask, span


def batches(lengths: np.ndarray, batch_size: int, rng: np.random.Generator | None):
    """Row indices per batch: shuffled (``rng``) or in order, sorted by length in buckets."""
    order = rng.permutation(len(lengths)) if rng is not None else np.arange(len(lengths))
    out = []
    size = batch_size * BUCKET
    for start in range(0, len(order), size):
        chunk = order[start:start + size]
        chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
        out += [chunk[k:k + batch_size] for k in range(0, len(chunk), batch_size)]
    if rng is not None:
        out = [out[k] for k in rng.permutation(len(out))]
    return out
