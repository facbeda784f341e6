"""Accuracy of the sentence splitter against hand-checked gold sentences.

Example:
    >>> gold = [{"text": "Mr. A left. B came.", "sentences": ["Mr. A left.", "B came."]}]
    >>> sentence_accuracy(gold)["boundary_f1"]
    1.0
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from newsprism.text.sentences import sentence_spans


def _boundaries(text: str, sents: list[str]) -> set[int]:
    cuts, cursor = set(), 0
    for sent in sents:
        at = text.index(sent, cursor)
        cursor = at + len(sent)
        cuts.add(cursor)
    cuts.discard(len(text.rstrip()))
    return cuts


def sentence_accuracy(passages: Iterable[dict],
                      split: Callable[[str], list[tuple[int, int]]] = sentence_spans) -> dict:
    """Boundary precision/recall/F1 and share of passages split exactly right.

    Args:
        passages: dicts with ``text`` and gold ``sentences`` (exact substrings, in order).
        split: function returning sentence spans of a text (default: :func:`sentence_spans`).
    """
    tp = fp = fn = exact = n = 0
    for item in passages:
        text = item["text"]
        gold = _boundaries(text, item["sentences"])
        pred = {b for _, b in split(text)}
        pred.discard(len(text.rstrip()))
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
        exact += gold == pred
        n += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"passages": n, "gold_boundaries": tp + fn, "boundary_precision": precision,
            "boundary_recall": recall, "boundary_f1": f1, "passage_exact": exact / n if n else 0.0}
