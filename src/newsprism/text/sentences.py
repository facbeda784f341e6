"""Rule-based sentence splitting for news text (no trained model, no data download).

A boundary is sentence-final punctuation (``.``, ``!``, ``?``, ``...``), optionally followed by
closing quotes or brackets, then whitespace, then something that can open a sentence (a
capital, a digit, an opening quote or bracket) — unless the word before the period is a
known abbreviation:

* titles (``Mr.``, ``Gen.``, ``Sen.``, ``Gov.``, ``Lt.``...) and single initials
  (``John F. Kennedy``) never end a sentence;
* months (``Jan.``) and ``No.``/``Nos.`` do not end one before a number (``Jan. 5``);
* initialisms (``U.S.``, ``a.m.``) and company suffixes (``Inc.``, ``Corp.``, ``Jr.``) end a
  sentence only when the next word is a typical sentence opener (``The``, ``He``, ``But``...).

A blank line (paragraph break) always ends a sentence; a single line break only with
``split_on_newline=True`` (use it for feeds that put one headline or paragraph per line without
final punctuation; leave it off for hard-wrapped text).

Example:
    >>> sentences("Gen. Smith met U.S. envoys at 9 a.m. Jan. 5. He left. “We won,” he said.")
    ['Gen. Smith met U.S. envoys at 9 a.m. Jan. 5.', 'He left.', '“We won,” he said.']
"""

from __future__ import annotations

import re

from newsprism.text._dispatch import map_text

_TITLES = frozenset("""
mr mrs ms messrs dr prof gen lt col maj capt cpt sgt cpl pvt adm cmdr cdr brig gov sen rep
reps sens rev fr msgr hon pres supt det insp atty amb ald st mt ft ave blvd sr jr vs v dept
univ assn bros gens govs lt-gen maj-gen brig-gen rt
""".split()) - {"sr", "jr"}
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
_BEFORE_NUMBER = _MONTHS | {"no", "nos", "art", "fig", "p", "pp", "vol", "ch", "sec", "para"}
_MAYBE_END = frozenset("inc corp co ltd llc plc jr sr etc al bros ph.d".split())
_OPENERS = frozenset("""
the a an he she it they we i you his her its their our my this that these those there here
but and or so yet in on at for from with by as after before when while if although though
since because however meanwhile still also then now today yesterday last next one some many
most both all no not what who why how where which mr mrs ms dr according despite officials
police critics analysts under over during until among about
""".split())

# A run of sentence-final punctuation ("...", "?!", "…"), closing quotes or brackets, then
# whitespace. The run starts only where the previous character is not punctuation and both
# quantifiers are possessive, so a long run of dots is scanned once (linear time) instead of
# being re-split at every position (the old "(?:\.\.\.|[.!?…])+" backtracked exponentially).
_CANDIDATE = re.compile(r"(?<![.!?\u2026])[.!?\u2026]++[\"'\u201d\u2019)\]]*+(?=\s)")
_NEXT = re.compile(r"\s+([\"'\u201c\u2018(\[]*)(\S*)")
_NEWLINES = re.compile(r"\n")
_PARAGRAPHS = re.compile(r"\n[^\S\n]*\n")


def _word_before(text: str, end: int) -> str:
    """The run of non-space characters that ends at ``end`` (or just before a line break
    there), as the pattern ``(\\S+?)$`` searched in ``text[0:end]`` finds it -- but scanning
    back from ``end`` instead of trying every start position (quadratic on long texts)."""
    if end and text[end - 1] == "\n":
        end -= 1
    start = end
    while start and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def _is_boundary(text: str, start: int, end: int) -> bool:
    punct = text[start:end].rstrip("\"'\u201d\u2019)]")
    nxt = _NEXT.match(text, end)
    if nxt is None:
        return False
    opener, word = nxt.group(1), nxt.group(2)
    if not word and not opener:
        return False
    first = word[:1]
    if not (first.isupper() or first.isdigit() or opener):
        return False  # '"Why?" he asked' / 'differences ... the spirit'
    if punct != ".":
        return True
    prev = _word_before(text, start)
    prev = prev.lstrip("\"'\u201c\u2018([")
    low = prev.lower()
    bare = low.rstrip(".")
    word_low = word.lower().strip("\"'\u201c\u2018,;:")
    # an opening quote starts a sentence; an opening bracket usually glosses ("Inc. (TWSE")
    opener_next = word_low in _OPENERS or any(q in opener for q in "\"'\u201c\u2018")
    if bare in _TITLES:
        return False
    if len(prev) == 1 and prev.isalpha() and prev.isupper():
        return False  # an initial: John F. Kennedy
    if bare in _BEFORE_NUMBER:
        return not first.isdigit()
    if "." in prev:  # initialism (U.S., a.m.) or dotted abbreviation
        return opener_next
    if bare in _MAYBE_END:
        return opener_next
    return True


def sentence_spans(text: str, *, split_on_newline: bool = False) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of one string (offsets into ``text``).

    Spans exclude surrounding whitespace; whitespace-only text gives ``[]``.

    Example:
        >>> text = "Mr. Lavrov spoke.  NATO agreed."
        >>> [text[a:b] for a, b in sentence_spans(text)]
        ['Mr. Lavrov spoke.', 'NATO agreed.']
    """
    if not isinstance(text, str):
        from newsprism.text._dispatch import as_text

        text = as_text(text)
    cuts = [m.end() for m in _CANDIDATE.finditer(text) if _is_boundary(text, m.start(), m.end())]
    breaks = _NEWLINES if split_on_newline else _PARAGRAPHS
    cuts = sorted(set(cuts) | {m.start() for m in breaks.finditer(text)})
    spans, start = [], 0
    for cut in [*cuts, len(text)]:
        a, b = start, cut
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((a, b))
        start = cut
    return spans


def sentences(text, *, spans: bool = False, split_on_newline: bool = False):
    """Split news text into sentences without NLTK data.

    Handles abbreviations (``U.S.``, ``Mr.``, ``Gen.``, ``Jan.``, ``a.m.``), quotations
    (``"...," he said.`` stays one sentence) and datelines (``WASHINGTON (Reuters) -`` starts
    the first sentence).  Accuracy on a hand-checked set of news passages is reported in
    ``docs/text.md``.

    Args:
        text: a string, or a pandas Series / iterable of strings.
        spans: return ``(start, end)`` character offsets into the text instead of strings.
        split_on_newline: treat every line break as a sentence boundary (blank lines
            always are).

    Returns:
        A list of sentence strings (or spans); a Series / list of such lists for many texts.
        The strings are exact slices of the input (no normalisation), stripped.

    Example:
        >>> sentences("Corfu (Greece), June 28 (Xinhua) NATO met. It was the U.S. plan.")
        ['Corfu (Greece), June 28 (Xinhua) NATO met.', 'It was the U.S. plan.']
        >>> sentences(["One. Two.", "Three"], spans=True)
        [[(0, 4), (5, 9)], [(0, 5)]]
    """
    def one(t: str):
        found = sentence_spans(t, split_on_newline=split_on_newline)
        return found if spans else [t[a:b] for a, b in found]

    return map_text(one, text)
