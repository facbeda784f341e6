"""Outlet boilerplate: text an outlet repeats across its articles, found and removed at ingestion.

Scraped news carries page furniture that is not the article: share widgets, photo captions
("Enlarge this image toggle caption AP"), newsletter and copyright footers ("Copyright ©
2019 The Washington Times, LLC. Click here for reprint permission."), "Story Continued
Below", "Advertisement", "Read more" link lists. Left in, it dominates distinctive terms
and themes, because it co-occurs perfectly within one outlet.

Two rules, both counted per outlet:

- **Repeated segments** (the statistical rule). Each text is cut into segments: its lines,
  and the sentences of each line (a sentence splitter that does not break after ``Mr.``,
  ``Sen.``, ``U.S.``, ``p.m.`` or initials). A segment is normalised (case folded,
  whitespace collapsed, every digit run replaced by ``0`` so "© 2018" and "© 2019" are one
  line). A normalised segment is boilerplate of an outlet when at least
  ``max(min_docs, min_share × articles of the outlet)`` of the outlet's articles contain it
  (defaults 5 and 2%), counting articles that are copies of each other once (articles
  sharing their longest non-boilerplate segment count as one), and it has at least
  ``min_words`` words unless it is a line of its own. It is then removed from every article
  of that outlet. A segment that occurs in only one article is never removed, and outlets
  with fewer than ``min_docs`` articles are left alone. The wire dateline a text opens with
  is never a segment (it is data, see :mod:`newsprism.corpus.dateline`).
- **Known widgets** (patterns): a run of four or more share-service names ("Send Facebook
  Twitter Google+ Whatsapp Tumblr Permalink http://dw.com/p/2Wx5C"); The Hill's inline
  link lists ("Sen. Bernie Sanders Bernie SandersOvernight Energy: ... | ... MORE (I-Vt.)"
  becomes "Sen. Bernie Sanders (I-Vt.)"), which carry later headlines into older articles;
  NPR's "Enlarge this image toggle caption <credit>" lines; Politico's photo credit lines
  ("<caption> | Susan Walsh/AP Photo <headline>") and "(PHOTOS: …)", "(Also on POLITICO: …)"
  teasers; CNN's photo galleries
  ("Photos: <gallery> – <caption> Hide Caption 3 of 55") and video teasers ("JUST WATCHED
  … Replay More Videos … MUST WATCH … 01:15"); HuffPost's "Share this slide:"; "Click for
  more from <outlet>", "Read or share this story: <link>" and "Follow <name> on Twitter:
  <link>". These vary per article (credits, captions, headlines), so no count finds them.

Hashing the normalised segments is linear in the text length (about 0.3 s for 3,000
articles) and the result depends only on the texts and outlets (deterministic).

Example:
    >>> footer = "Copyright 2019 Daily Planet. Click here for reprint permission."
    >>> stories = ["Rain fell.", "Taxes rose.", "The vote failed.", "Fans cheered.", "Ice melted."]
    >>> texts = [f"{story}\\n\\n{footer}" for story in stories]
    >>> result = remove_boilerplate(texts + ["A story without it."], ["Planet"] * 5 + ["Other"])
    >>> result.texts.tolist()
    ['Rain fell.', 'Taxes rose.', 'The vote failed.', 'Fans cheered.', 'Ice melted.', 'A story without it.']
    >>> result.summary["by_outlet"]["Planet"]["segments_removed"]
    10
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pandas as pd
from tqdm.auto import tqdm

from newsprism.corpus.dateline import parse_dateline

DEFAULT_MIN_DOCS = 5
DEFAULT_MIN_SHARE = 0.02
DEFAULT_MIN_WORDS = 2
# examples of boilerplate lines kept in the summary, per outlet
_TOP_LINES = 5

# abbreviations a sentence does not end at (the word before the period, case-insensitive)
_ABBREVIATIONS = ("mr", "mrs", "ms", "dr", "sen", "sens", "rep", "reps", "gov", "govs", "gen",
                  "lt", "col", "sgt", "capt", "cmdr", "adm", "st", "jr", "sr", "prof", "rev",
                  "hon", "pres", "vs", "no", "nos", "mt", "ft", "inc", "corp", "co", "ltd",
                  "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec",
                  "u.s", "u.k", "u.n", "p.m", "a.m", "d.c", "e.g", "i.e", "etc", "al")
_ABBREVIATION_SET = frozenset(_ABBREVIATIONS)
# a candidate sentence end: . ! ? (maybe a closing quote), blanks, an upper-case start;
# abbreviations and initials ("George W. Bush") are then skipped in Python (a regex with
# one look-behind per abbreviation is several times slower)
_BREAK = re.compile(r"\n\s*|[.!?][\"”’]?[ \t]+(?=[A-Z0-9\"“‘'(\[])")
_DIGIT = re.compile(r"[1-9]")  # ASCII digits; "0" is already "0"

_SHARE_SERVICE = (r"(?:Send|Share|Facebook|Twitter|Google\+|Whats[Aa]pp|Tumblr|LinkedIn|stumble"
                  r"|StumbleUpon|Digg|reddit|Newsvine|Pinterest|E-?mail|Print|Permalink)")
_SHARE_WIDGET = re.compile(
    rf"(?<!\w){_SHARE_SERVICE}(?:\s+{_SHARE_SERVICE}){{3,}}(?:\s+https?://\S+)?(?!\w)", re.I)
# "Name <Full Name>Headline | Headline ... MORE": the displayed surname is repeated at the
# end of the linked full name, glued to the first headline; the list ends with " MORE"
_MORE_LINKS = re.compile(r"\b(?P<last>[A-Z][\w'’-]+) (?:[A-Z(][\w.()'’\"-]* ){0,4}(?P=last)"
                         r"(?=[A-Z0-9\"“‘'])[^\n]{0,1500}? MORE\b")
_BLANKS = re.compile(r"\n{3,}")
# blanks around a line break, or two or more blanks
_GAPS = re.compile(r"[ \t]+\n[ \t]*|\n[ \t]+|[ \t]{2,}")
# line widgets: NPR's caption toggles, syndication credits, "read or share" links
_WIDGET_LINES = re.compile(
    r"^[ \t]*(?:(?:Enlarge this image[ \t]+)?toggle caption|Click (?:here )?for more from "
    r"|Read or share this story:|Hide caption )[^\n]*$", re.M)
# Politico's photo lines: "<caption> | Susan Walsh/AP Photo <headline>" (only the lines that
# hold " | " are tried: a pattern tried at every line of every text is the slowest step)
_PHOTO_LINE = re.compile(r"[^|]{0,800} \| [^|]{0,60}?\b(?:AP|REUTERS|Reuters|Getty|AFP|POLITICO|"
                         r"Photos?)\b")
# inline widgets: CNN photo galleries ("Photos: <gallery> – <caption> Hide Caption 3 of 55")
# and video teasers ("JUST WATCHED <title> Replay More Videos ... MUST WATCH <title> 01:15"),
# HuffPost's "Share this slide:", "Follow <name> on Twitter: <link>"
_WIDGET_INLINE = re.compile(
    r"(?:Photos?: [^\n]{0,1500}?)?Hide Caption \d+ of \d+"
    r"|JUST WATCHED [^\n]{0,300}? Replay More Videos \.\.\. MUST WATCH [^\n]{0,300}? \d\d:\d\d"
    r"|Share this slide:|pic\.twitter\.com/\w+"
    r"|\(\s*(?:PHOTOS?|VIDEO|POLL|[Aa]lso on POLITICO|ALSO ON POLITICO):[^)\n]{0,200}\)"
    r"|Hide caption [^\n]{0,600}?Previous Next[^\n]*"
    r"|Follow [A-Z][^.\n]{0,60} on Twitter:? ?(?:https?://\S+|@\w+)")
_WIDGET_HINTS = ("Hide Caption", "JUST WATCHED", "Share this slide", "on Twitter",
                 "pic.twitter", "Hide caption", "PHOTOS:", "PHOTO:", "VIDEO:", "POLL:", "POLITICO:")


def remove_widgets(text: str) -> tuple[str, int]:
    """Remove the known widgets (share rows, "… MORE" link lists, caption toggles).

    Returns the text and how many widgets were removed.

    Example:
        >>> remove_widgets("Calm returned. Send Facebook Twitter Google+ Whatsapp "
        ...                "Tumblr Permalink http://dw.com/p/2Wx5C The talks went on.")
        ('Calm returned.  The talks went on.', 1)
        >>> remove_widgets("Sen. Ann Lee Ann Mary LeeBudget talks stall | Votes due MORE (D) spoke.")
        ('Sen. Ann Lee (D) spoke.', 1)
        >>> remove_widgets("He posted it on Facebook and Twitter.")[1]
        0
    """
    count = 0
    if "acebook" in text or "witter" in text:
        text, k = _SHARE_WIDGET.subn("", text)
        count += k
    if " MORE" in text:
        text, k = _MORE_LINKS.subn(lambda m: m.group("last"), text)
        count += k
    if any(h in text for h in ("toggle caption", "Click ", "Read or share", "Hide caption")):
        text, k = _WIDGET_LINES.subn("", text)
        count += k
    if " | " in text:
        lines = text.split("\n")
        kept = [line for line in lines if " | " not in line or not _PHOTO_LINE.match(line)]
        if len(kept) < len(lines):
            text, count = "\n".join(kept), count + len(lines) - len(kept)
    if any(h in text for h in _WIDGET_HINTS):
        text, k = _WIDGET_INLINE.subn("", text)
        count += k
    return text, count


def _doc_segments(text: str) -> list[tuple[int, int, str, bool]]:
    """``(start, end, key, whole line)`` of every segment (sentence of a line) of ``text``.

    One scan of the whole text for line breaks and candidate sentence ends (a loop per line
    costs twice as much); the key is the segment lower-cased with every digit replaced by
    ``0`` (ASCII digits), computed once per text (both steps keep positions, so a key is a slice).
    """
    low = _DIGIT.sub("0", text.lower())
    if len(low) != len(text):  # a few characters lower-case to two: normalise per segment
        low = None
    spans: list[list] = []
    begin, line_first = 0, 0
    for m in _BREAK.finditer(text):
        at = m.start()
        if text[at] == "\n":
            stop = at
        else:
            if text[at] == ".":
                # (a segment never spans a line break, so the word starts after a space)
                source = low if low is not None else text.lower()
                word = source[text.rfind(" ", begin, at) + 1:at].lstrip("\"“‘'([")
                if len(word) <= 1 or word in _ABBREVIATION_SET:
                    continue  # an initial or an abbreviation, not a sentence end
            stop = at + 1 + (text[at + 1] in "\"”’")
        _add_span(spans, text, begin, stop)
        begin = m.end()
        if text[at] == "\n":
            _end_line(spans, line_first)
            line_first = len(spans)
    _add_span(spans, text, begin, len(text))
    _end_line(spans, line_first)
    return [(a, b, low[a:b] if low is not None else _DIGIT.sub("0", text[a:b].lower()), whole)
            for a, b, whole in spans]


def _add_span(spans: list, text: str, begin: int, stop: int) -> None:
    while begin < stop and text[begin].isspace():
        begin += 1
    while stop > begin and text[stop - 1].isspace():
        stop -= 1
    if stop > begin:
        spans.append([begin, stop, False])


def _end_line(spans: list, line_first: int) -> None:
    if len(spans) - line_first == 1:
        spans[-1][2] = True


def split_segments(text: str) -> list[str]:
    """The lines of ``text`` cut into sentences (blank lines dropped, ends stripped).

    Example:
        >>> split_segments("Mr. Lee met Sen. Ross in the U.S. on Monday. They agreed.\\n\\nAdvertisement")
        ['Mr. Lee met Sen. Ross in the U.S. on Monday.', 'They agreed.', 'Advertisement']
    """
    return [text[a:b] for a, b, _, _ in _doc_segments(text)]


@dataclass
class BoilerplateResult:
    """What :func:`remove_boilerplate` returns.

    ``texts``: the texts without boilerplate (same index); ``removed``: per text, the
    segments and widgets removed and the characters they had; ``lines``: every boilerplate
    segment found (``outlet, line, articles``: normalised text and how many articles of the
    outlet contain it); ``summary``: counts per outlet (see :func:`remove_boilerplate`).
    """

    texts: pd.Series
    removed: pd.DataFrame
    lines: pd.DataFrame
    summary: dict = field(default_factory=dict)


def _split_dateline(text: str) -> tuple[str, str]:
    found = parse_dateline(text) if text[:1].isupper() else None
    if found is None or not found.raw or not text.startswith(found.raw):
        return "", text
    return text[: len(found.raw)], text[len(found.raw):]


def find_boilerplate(segments_by_doc: list, outlets: list, *, min_docs: int, min_share: float,
                     min_words: int) -> dict[str, dict[str, int]]:
    """Outlet → {normalised boilerplate segment: articles containing it}.

    ``segments_by_doc`` holds, per article, the output of ``_doc_segments``.
    """
    docs_of: dict[str, list[int]] = defaultdict(list)
    for i, outlet in enumerate(outlets):
        docs_of[outlet].append(i)
    found: dict[str, dict[str, int]] = {}
    for outlet, docs in docs_of.items():
        need = max(min_docs, min_share * len(docs))
        if len(docs) < need:
            continue
        # pass 1 counts exact copies once; pass 2 counts articles that share their longest
        # segment that is not a candidate (near copies: the same story updated) once
        seen: set = set()
        counter: Counter = Counter()
        for i in docs:
            segs = segments_by_doc[i]
            keys = tuple(k for _, _, k, _ in segs)
            if not keys or keys in seen:
                continue
            seen.add(keys)
            counter.update({k for _, _, k, whole in segs
                            if whole or k.count(" ") + 1 >= min_words})
        candidates = {k for k, n in counter.items() if n >= need}
        if not candidates:
            continue
        support: dict[str, set] = defaultdict(set)
        for i in docs:
            segs = segments_by_doc[i]
            hit = {k for _, _, k, whole in segs
                   if k in candidates and (whole or k.count(" ") + 1 >= min_words)}
            if not hit:
                continue
            content = [k for _, _, k, _ in segs if k not in candidates]
            group = max(content or [k for _, _, k, _ in segs], key=len)
            for k in hit:
                support[k].add(group)
        counts = {k: len(g) for k, g in support.items() if len(g) >= need}
        if counts:
            found[outlet] = counts
    return found


def remove_boilerplate(texts, outlets, *, min_docs: int = DEFAULT_MIN_DOCS,
                       min_share: float = DEFAULT_MIN_SHARE, min_words: int = DEFAULT_MIN_WORDS,
                       widgets: bool = True) -> BoilerplateResult:
    """Find each outlet's repeated segments and remove them (and known widgets) everywhere.

    Args:
        texts: the article texts (list or Series; None/NaN count as empty).
        outlets: the outlet of each text.
        min_docs, min_share: a segment is boilerplate of an outlet when at least
            ``max(min_docs, min_share × the outlet's articles)`` articles contain it.
        min_words: shorter sentences count only when they are a line of their own.
        widgets: also remove the known widget patterns (:func:`remove_widgets`).

    Returns:
        :class:`BoilerplateResult`; ``summary`` has ``min_docs``, ``min_share``,
        ``articles_changed``, ``segments_removed``, ``widgets_removed``, ``chars_removed``
        and ``by_outlet`` (the same counts per outlet plus ``articles``) and ``top_lines``
        (per outlet up to five ``[line, articles]`` pairs, most frequent first).
    """
    if min_docs < 2:
        raise ValueError(f"min_docs must be at least 2 (a line in one article is content), not {min_docs}")
    series = texts if isinstance(texts, pd.Series) else pd.Series(list(texts))
    values = ["" if t is None or (isinstance(t, float) and t != t) else str(t) for t in series]
    outlet_list = [str(o) for o in outlets]
    if len(outlet_list) != len(values):
        raise ValueError(f"{len(values)} texts but {len(outlet_list)} outlets")
    widget_counts = [0] * len(values)
    heads, bodies = [], []
    for i, t in enumerate(tqdm(values, desc="boilerplate", unit="doc", leave=False,
                               disable=True if len(values) < 2000 else None)):
        if widgets:
            t, widget_counts[i] = remove_widgets(t)
        head, body = _split_dateline(t)
        heads.append(head)
        bodies.append(body)
    segs = [_doc_segments(b) for b in bodies]
    found = find_boilerplate(segs, outlet_list, min_docs=min_docs, min_share=min_share,
                             min_words=min_words)
    out, n_segs, n_chars = [], [], []
    for i, t in enumerate(values):
        flagged = found.get(outlet_list[i])
        hit = [(a, b) for a, b, k, _ in segs[i] if flagged and k in flagged]
        if not hit and not widget_counts[i]:
            out.append(t)
            n_segs.append(0)
            n_chars.append(0)
            continue
        new = _rebuild(bodies[i], hit)
        new = (heads[i] + " " + new).strip() if heads[i] else new
        out.append(new)
        n_segs.append(len(hit))
        n_chars.append(len(t) - len(new))
    removed = pd.DataFrame({"segments": n_segs, "widgets": widget_counts, "chars": n_chars},
                           index=series.index)
    lines = pd.DataFrame(
        [(o, k, n) for o, c in found.items() for k, n in c.items()],
        columns=["outlet", "line", "articles"],
    ).sort_values(["outlet", "articles", "line"], ascending=[True, False, True], ignore_index=True)
    summary = _summary(removed, outlet_list, lines, min_docs=min_docs, min_share=min_share)
    return BoilerplateResult(texts=pd.Series(out, index=series.index, dtype=object),
                             removed=removed, lines=lines, summary=summary)


def _rebuild(text: str, hit: list[tuple[int, int]]) -> str:
    """``text`` without the ``hit`` spans; a line left empty is dropped."""
    pieces, last = [], 0
    for a, b in hit:
        pieces.append(text[last:a])
        last = b
    pieces.append(text[last:])
    # only the blanks a removal leaves behind need collapsing
    return _BLANKS.sub("\n\n", _GAPS.sub(_gap, "".join(pieces))).strip()


def _gap(m: re.Match) -> str:
    return "\n" if "\n" in m.group() else " "


def _summary(removed: pd.DataFrame, outlets: list, lines: pd.DataFrame, *, min_docs: int,
             min_share: float) -> dict:
    frame = removed.assign(outlet=outlets)
    frame["changed"] = (frame["segments"] > 0) | (frame["widgets"] > 0)
    by_outlet = {}
    for outlet, g in frame.groupby("outlet", sort=True):
        by_outlet[str(outlet)] = {"articles": int(len(g)), "articles_changed": int(g["changed"].sum()),
                                  "segments_removed": int(g["segments"].sum()),
                                  "widgets_removed": int(g["widgets"].sum()),
                                  "chars_removed": int(g["chars"].sum())}
    top = {str(o): [[line, int(n)] for line, n in zip(g["line"], g["articles"])][:_TOP_LINES]
           for o, g in lines.groupby("outlet", sort=True)}
    return {"min_docs": min_docs, "min_share": min_share,
            "articles_changed": int(frame["changed"].sum()),
            "segments_removed": int(frame["segments"].sum()),
            "widgets_removed": int(frame["widgets"].sum()),
            "chars_removed": int(frame["chars"].sum()),
            "by_outlet": by_outlet, "top_lines": top}


def segment_counts(texts) -> Counter:
    """How many texts contain each normalised segment (a diagnostic for choosing thresholds).

    Example:
        >>> segment_counts(["A long story. Read more.", "Other text. Read more."])["read more."]
        2
    """
    counts: Counter = Counter()
    for t in texts:
        counts.update({k for _, _, k, _ in _doc_segments("" if t is None else str(t))})
    return counts
