"""Unicode and typography normalisation for news text.

Example:
    >>> normalize("“Hello”  —  it’s  the U.S.…")
    '"Hello" - it\\'s the U.S....'
"""

from __future__ import annotations

import re
import unicodedata

from newsprism.text._dispatch import as_text, map_text

# Removed before NFKC so that a base letter and its combining mark separated by an
# invisible character compose the same way on every pass (keeps normalize idempotent).
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff\x00-\x08\x0b\x0e-\x1b\x7f-\x84\x86-\x9f]")
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-",
    "\u2014": " - ", "\u2015": " - ",
    "\u2026": "...",
})
_SPACES = re.compile(r"\s+")
_LINE_SPACES = re.compile(r"[^\S\n]+")
_NEWLINES = re.compile(r" ?\n[\s]*")


def _normalize_one(text: str, keep_newlines: bool) -> str:
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_FOLD)
    if keep_newlines:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = _LINE_SPACES.sub(" ", text)
        # one newline ends a line, two or more a paragraph
        text = _NEWLINES.sub(lambda m: "\n\n" if m.group().count("\n") > 1 else "\n", text)
        return text.strip()
    return _SPACES.sub(" ", text).strip()


def normalize(text, *, keep_newlines: bool = False):
    """Normalise news text: NFKC, typographic quotes/dashes/ellipsis folded, whitespace collapsed.

    * Unicode NFKC (full-width letters, ligatures, non-breaking spaces become plain ones);
    * soft hyphens, zero-width characters and control characters are removed;
    * curly quotes and primes become ``'`` / ``"``, guillemets ``"``; hyphen and en-dash
      variants become ``-``; em-dashes become `` - ``; ``…`` becomes ``...``;
    * runs of whitespace become one space (or, with ``keep_newlines=True``, line breaks are
      kept: one newline between lines, a blank line between paragraphs).

    ``normalize(normalize(x)) == normalize(x)`` for every string (property-tested).

    Args:
        text: a string, or a pandas Series / iterable of strings (missing values become "").
        keep_newlines: keep line and paragraph breaks instead of folding them into spaces.

    Returns:
        A string, or a Series (same index) / list of strings.

    Example:
        >>> normalize("NATO\\u2019s  chief\\u00a0said \\u2014 again")
        "NATO's chief said - again"
        >>> normalize(["a\\n\\n b", None])
        ['a b', '']
    """
    return map_text(lambda t: _normalize_one(t, keep_newlines), text)


_END_PUNCTUATION = ".!?:"


def join_title_text(title, text) -> str:
    """One document from a headline and a body: ``"Title.\\nBody"``.

    The one way newsprism joins a title and a text. Both are stripped; a missing or empty
    part is left out; a title that does not end in ``. ! ? :`` gets a full stop, so the
    sentence splitter and the n-grams do not run it into the body.

    Example:
        >>> join_title_text("Cup final", "A goal.")
        'Cup final.\\nA goal.'
        >>> join_title_text("Why?", " Because. "), join_title_text(None, "Only text.")
        ('Why?\\nBecause.', 'Only text.')
    """
    head, body = as_text(title).strip(), as_text(text).strip()
    if not head or not body:
        return head or body
    return head + ("" if head[-1] in _END_PUNCTUATION else ".") + "\n" + body
