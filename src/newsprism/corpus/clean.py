"""Text repairs applied at ingestion, each one counted so the load summary can report it.

- **Mojibake** (UTF-8 read as Latin-1/cp1252, e.g. ``donâ€™t``) is repaired with ftfy.
- **Unicode NFC**, so that ``é`` typed two ways compares equal.
- **The NewsArticles quote artefact**: in that corpus every typographic quote, apostrophe
  or dash (``’ “ ” —``) was turned into ``"?`` by a lossy re-encoding, usually swallowing
  the space after it (``DeVos"?highly`` was ``DeVos’ highly``; ``choice,"?Sen.`` was
  ``choice,” Sen.``). The original character is gone, so the repair reconstructs it from
  context: after whitespace an opening ``“`` when a quote closes later in the paragraph,
  else a dash ``—``; a closing ``”`` (plus the lost space) after
  punctuation or when a double quote is open, otherwise an apostrophe ``’`` plus the lost
  space (``teachers’ unions``). ``"\ufffd`` before a word is an opening ``“``.
- Share widgets and other outlet boilerplate are not repaired here: ingestion removes them
  per outlet (:mod:`newsprism.corpus.boilerplate`, the one home of that rule).
- **Whitespace**: runs of spaces/tabs collapsed, paragraph breaks kept, ends stripped.

Characters that were destroyed upstream (``K?ln`` for Köln, lone ``\ufffd``) cannot be
restored; they are counted (``replacement_chars``) rather than guessed.

Example:
    >>> clean_text('The Senate voted on DeVos"?highly contentious nomination.',
    ...            quote_artefacts=True).text
    'The Senate voted on DeVos’ highly contentious nomination.'
    >>> clean_text('They work together "?all of them, he said: "?We agree,"?he added.',
    ...            quote_artefacts=True).text
    'They work together — all of them, he said: “We agree,” he added.'
    >>> clean_text('"It is hard to imagine a worse choice,"?Sen. Warren said.',
    ...            quote_artefacts=True).text
    '"It is hard to imagine a worse choice,” Sen. Warren said.'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import ftfy

_ARTEFACT = re.compile(r'"(?:\?|\ufffd)')
# the next quote-like mark: group 1 set when it opens (follows whitespace), so no close
_CLOSER = re.compile(r'(\s)"\??|\S"\??|”')
# What mojibake and escaped text look like: a UTF-8 lead byte decoded as Latin-1/cp1252
# followed by a continuation byte decoded the same way, HTML entities, control characters.
# ftfy is slow on long texts (~3 ms each), so it only runs on texts that match.
# What mojibake and escaped text look like: a UTF-8 lead byte decoded as Latin-1/cp1252
# followed by a continuation byte decoded the same way, HTML entities, control characters.
# ftfy is slow on long texts (~3 ms each), so it only runs on texts that match. The three
# checks are separate so that pure-ASCII text skips the mojibake scan and text without "&"
# the entity scan (one alternation scanned every text at a third of the speed).
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# blanks to collapse: a space followed by more blanks, or any other blank (tab, no-break
# space, ...), so that the single spaces between words (most blanks) are never matched
_BLANK = "[ \t\u00a0\u2000-\u200a\u3000]"
_SPACES = re.compile(rf"(?: {_BLANK}|[\t\u00a0\u2000-\u200a\u3000]){_BLANK}*")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def _suspicious(text: str) -> bool:
    if not text.isascii() and _MOJIBAKE.search(text):
        return True
    if "&" in text and _ENTITY.search(text):
        return True
    return _CONTROL.search(text) is not None


@dataclass(frozen=True)
class CleanedText:
    """The repaired text and what was done to it."""

    text: str
    mojibake: bool = False
    quotes: int = 0
    replacement_chars: int = 0
    changed: bool = False


def _quote_open(prefix: str) -> bool:
    """Is a double quote open at the end of ``prefix`` (within the current paragraph)?

    Decided by the nearest quote mark before: an opening one (``“``, or ``"`` after a space
    or at the paragraph start) means open. Counting parity over the paragraph is fragile
    here because the same corpus also turned some apostrophes into ``"`` (``don"t``).
    """
    para = prefix[prefix.rfind("\n") + 1 :]
    for k in range(len(para) - 1, -1, -1):
        ch = para[k]
        if ch in "“«":
            return True
        if ch in "”»":
            return False
        if ch == '"':
            before = para[k - 1] if k > 0 else " "
            after = para[k + 1] if k + 1 < len(para) else " "
            if before.isalpha() and after.isalpha():
                continue  # don"t: a broken apostrophe, not a quote
            return before.isspace() or before in "([{—–-"
    return False


def _closes_later(text: str, pos: int) -> bool:
    para_end = text.find("\n", pos)
    rest = text[pos : para_end if para_end >= 0 else len(text)]
    m = _CLOSER.search(rest)
    return m is not None and m.group(1) is None


def repair_quote_artefacts(text: str) -> tuple[str, int]:
    """Repair NewsArticles' ``"?`` artefacts; return the new text and how many were fixed.

    Example:
        >>> repair_quote_artefacts('teachers"?unions and "?open" and "a,"?b')
        ('teachers’ unions and “open" and "a,” b', 3)
    """
    if '"?' not in text and '"\ufffd' not in text:
        return text, 0
    out: list[str] = []
    last = 0
    count = 0
    for m in _ARTEFACT.finditer(text):
        start, end = m.span()
        before = text[start - 1] if start > 0 else " "
        after = text[end] if end < len(text) else " "
        if m.group() == '"\ufffd':
            if not (after.isalnum() or after in "[("):
                continue
            repl = "“"
        elif before.isspace() or before in "([{—–-" or start == 0:
            # after a space: an opening quote if something closes it later in the
            # paragraph, else a dash whose following space was swallowed
            repl = "“" if _closes_later(text, end) else ("— " if after.isalnum() else "—")
        else:
            prefix = "".join(out) + text[last:start]
            if before.isdigit() and after.isdigit():
                repl = "–"  # number range, 2011–2012 (the next digit is lost upstream)
            elif before in ",.!?;:)]" or _quote_open(prefix):
                repl = "”"
            else:
                repl = "’"
            if repl != "–" and (after.isalnum() or after in "“\"("):
                repl += " "  # the space the re-encoding swallowed
        out.append(text[last:start])
        out.append(repl)
        last = end
        count += 1
    out.append(text[last:])
    return "".join(out), count


def _fix_mojibake(text: str) -> str:
    """ftfy without its own NFC/quote/whitespace steps (so mojibake can be told apart), and
    only on texts that look suspicious (ftfy is slow)."""
    if not _suspicious(text):
        return text
    return ftfy.fix_text(text, normalization=None, uncurl_quotes=False, fix_line_breaks=False,
                         remove_control_chars=True, fix_latin_ligatures=False,
                         fix_character_width=False)


def normalize_whitespace(text: str) -> str:
    """Collapse spaces and tabs, keep paragraph breaks (max one blank line), strip ends.

    Example:
        >>> normalize_whitespace("  a \\t b \\r\\n\\n\\n\\n c  ")
        'a b\\n\\nc'
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() or "  " in text or "\t" in text:  # fast path: nothing to collapse
        text = _SPACES.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = "\n".join(line.strip(" ") for line in text.split("\n"))
    if "\n\n\n" in text:
        text = _MANY_NEWLINES.sub("\n\n", text)
    return text.strip()


def clean_text(text, *, quote_artefacts: bool = False) -> CleanedText:
    """Repair one text: ftfy mojibake fix, NFC, quote artefacts, whitespace.

    Args:
        text: the raw text (``None``/NaN become ``""``).
        quote_artefacts: repair the NewsArticles ``"?`` artefact (only sensible for
            corpora that have it; plain ``"?`` is rare elsewhere but can be legitimate).
    """
    if text is None or (isinstance(text, float) and text != text):
        return CleanedText("")
    raw = str(text)
    fixed = _fix_mojibake(raw)
    mojibake = fixed != raw
    fixed = unicodedata.normalize("NFC", fixed)
    quotes = 0
    if quote_artefacts:
        fixed, quotes = repair_quote_artefacts(fixed)
    fixed = normalize_whitespace(fixed)
    again = _fix_mojibake(fixed)
    if again != fixed:  # ftfy reads some mojibake only once the blanks next to it are gone
        fixed, mojibake = normalize_whitespace(unicodedata.normalize("NFC", again)), True
    return CleanedText(fixed, mojibake=mojibake, quotes=quotes,
                       replacement_chars=fixed.count("\ufffd"), changed=fixed != raw.strip())
