"""Find mentions of stance targets in text, with character offsets and their sentence.

Example:
    >>> from newsprism.stance.targets import load_targets
    >>> m = find_mentions("NATO-Russia talks stalled. The alliance blamed Moscow.", load_targets())
    >>> m[["target", "mention", "start", "end"]].values.tolist()
    [['NATO', 'NATO', 0, 4], ['Russia', 'Russia', 5, 11], ['NATO', 'The alliance', 27, 39], ['Russia', 'Moscow', 47, 53]]
    >>> m.sentence.tolist()[-1]
    'The alliance blamed Moscow.'
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from newsprism.stance.targets import Target
from newsprism.text import sentence_spans as _text_sentence_spans

MENTION_COLUMNS = ["target", "mention", "start", "end", "sentence", "sent_start", "sent_end"]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` in ``text`` of its sentences
    (:func:`newsprism.text.sentence_spans`, as plain ints).

    Example:
        >>> sentence_spans("One here.  Two\\nthere!")
        [(0, 9), (11, 21)]
    """
    return [(int(a), int(b)) for a, b in _text_sentence_spans(text)]


def _fallback_span(text: str, start: int, end: int) -> tuple[int, int]:
    # a mention the sentence splitter skipped: use its line, trimmed
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1].isspace():
        right -= 1
    return left, right


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < b[1] and b[0] < a[1] for b in spans)


def _target_candidates(text: str, target: Target) -> list[tuple[int, int, str]]:
    if not target.patterns and not any(alias.split(" ")[0] in text for alias in target.aliases):
        return []  # cheap substring test spares the regexes on most texts
    excluded = (
        [m.span() for m in target.exclude_regex.finditer(text)] if target.exclude_regex else []
    )
    plain = []
    if target.plain_regex is not None:
        plain = [m.span() for m in target.plain_regex.finditer(text)
                 if m.end() > m.start() and not _overlaps(m.span(), excluded)]
    found = [(a, b, target.name) for a, b in plain]
    if plain and target.contextual_regex is not None:
        for m in target.contextual_regex.finditer(text):
            span = m.span()
            if span[1] > span[0] and not _overlaps(span, excluded) and not _overlaps(span, plain):
                found.append((span[0], span[1], target.name))
    return found


def find_mentions(text: str, targets: Sequence[Target]) -> pd.DataFrame:
    """All mentions of ``targets`` in ``text``, ordered by position.

    Args:
        text: one document (or sentence).
        targets: from :func:`newsprism.stance.targets.load_targets`.

    Returns:
        DataFrame with columns ``target, mention, start, end, sentence, sent_start,
        sent_end``; ``start``/``end`` index ``text`` (``text[start:end] == mention``), and
        ``sent_start``/``sent_end`` locate the sentence holding the mention. Adjacent
        mentions of different targets are both kept ("NATO-Russia"); where matches
        overlap, the longer one wins ("Russians" rather than "Russia").

    Example:
        >>> from newsprism.stance.targets import load_targets
        >>> find_mentions("Russians voted.", load_targets()).mention.tolist()
        ['Russians']
    """
    rows = _mention_rows(text, targets)
    if not rows:
        return _empty_mentions()
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)


def _empty_mentions() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("start", "end", "sent_start",
                         "sent_end") else "object") for c in MENTION_COLUMNS})


def _mention_rows(text, targets: Sequence[Target]) -> list[dict]:
    """The rows of :func:`find_mentions` as dicts (no DataFrame per document)."""
    if not isinstance(text, str) or not text:
        return []
    candidates = [c for t in targets for c in _target_candidates(text, t)]
    # longest first, then leftmost: a greedy pass keeps non-overlapping mentions
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    kept: list[tuple[int, int, str]] = []
    for cand in candidates:
        if not any(cand[0] < k[1] and k[0] < cand[1] for k in kept):
            kept.append(cand)
    kept.sort(key=lambda c: (c[0], c[1]))
    spans = sentence_spans(text) if kept else []
    rows = []
    j = 0
    for start, end, name in kept:
        while j < len(spans) and spans[j][1] <= start:
            j += 1
        if j < len(spans) and spans[j][0] <= start and end <= spans[j][1]:
            s0, s1 = spans[j]
        elif j < len(spans) and spans[j][0] <= start:
            # mention straddles a split the splitter made (e.g. "U.S." then capital)
            s0 = spans[j][0]
            k = j
            while k < len(spans) and spans[k][1] < end:
                k += 1
            s1 = spans[k][1] if k < len(spans) else end
        else:
            s0, s1 = _fallback_span(text, start, end)
        rows.append({"target": name, "mention": text[start:end], "start": start, "end": end,
                     "sentence": text[s0:s1], "sent_start": s0, "sent_end": s1})
    return rows


def corpus_mentions(corpus: pd.DataFrame, targets: Sequence[Target], *,
                    text_column: str = "text", progress: bool = True) -> pd.DataFrame:
    """Mentions in every document of a corpus table.

    Returns the :func:`find_mentions` columns preceded by ``doc_id, source, date``
    (whichever of them the corpus has).

    Example:
        >>> import pandas as pd
        >>> from newsprism.stance.targets import load_targets
        >>> corpus = pd.DataFrame({"doc_id": ["a"], "source": ["X"], "date": [None],
        ...                        "text": ["The EU and China met."]})
        >>> corpus_mentions(corpus, load_targets(), progress=False).target.tolist()
        ['EU', 'China']
    """
    from tqdm.auto import tqdm

    meta = [c for c in ("doc_id", "source", "date") if c in corpus.columns]
    positions, found = [], []
    texts = corpus[text_column].tolist()
    for i, text in enumerate(tqdm(texts, desc="finding mentions", disable=not progress)):
        rows = _mention_rows(text, targets)
        positions += [i] * len(rows)
        found += rows
    if not found:
        empty = _empty_mentions()
        for col in reversed(meta):
            empty.insert(0, col, pd.Series(dtype="object"))
        return empty
    table = pd.DataFrame(found, columns=MENTION_COLUMNS)
    # document metadata taken by position, so its dtypes (dates, strings) are kept
    where = corpus[meta].iloc[positions].reset_index(drop=True)
    return pd.concat([where, table], axis=1)
