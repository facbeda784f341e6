"""Wire-story datelines: ``PLACE, MONTH DAY (AGENCY)`` at the start of a story.

Agency copy (Xinhua, Reuters, AP, AFP, TASS) opens with a dateline that gives where and
when the story was filed, but usually not the year::

    Corfu (Greece), June 28 (Xinhua) NATO and Russia have agreed ...
    MOSCOW, March 3 (Reuters) - Russia said ...
    BEIJING, Jan. 5 (Xinhua) -- China's exports ...
    MOSCOW, February 6. /TASS/. Russia's ...

:func:`parse_dateline` splits the dateline from the body. :func:`infer_year` guesses the
missing year from the years the story mentions, so that a date can still be placed on a
timeline; a date built that way must be flagged as inferred (``date_inferred``).

Example:
    >>> d = parse_dateline("Corfu (Greece), June 28 (Xinhua) NATO and Russia agreed.")
    >>> d.place, d.month, d.day, d.agency, d.body
    ('Corfu (Greece)', 6, 28, 'Xinhua', 'NATO and Russia agreed.')
    >>> infer_year("frozen since the war in August 2008 ... the war last year")
    2009
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_RE = (r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
             r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
# PLACE may hold a parenthesised country: "Corfu (Greece)"; it starts the line and has no
# sentence punctuation.
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][^\n,.;:!?()]{0,60}?(?:\s*\([^()\n]{1,40}\))?)\s*,\s*"
    + _MONTH_RE
    + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\s*[.,]?\s*"
    + r"(?:\((?P<agency>[^()\n]{1,40})\)|/(?P<agency2>[A-Za-z]{2,20})/\.?)"
    + r"\s*(?:-{1,2}|—|–|:)?\s*",
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_RELATIVE = {
    "last year": 1, "a year ago": 1, "previous year": 1,
    "next year": -1, "this year": 0, "two years ago": 2,
}


@dataclass(frozen=True)
class Dateline:
    """A parsed dateline; ``body`` is the text after it."""

    place: str
    month: int
    day: int
    agency: str
    body: str
    raw: str = field(default="", repr=False)

    def as_dict(self) -> dict:
        return {"place": self.place, "month": self.month, "day": self.day,
                "agency": self.agency, "body": self.body}


def parse_dateline(text: str) -> Dateline | None:
    """Parse the dateline at the start of ``text``; ``None`` when there is none.

    Example:
        >>> parse_dateline("MOSCOW, March 3 (Reuters) - Russia said.").as_dict()
        {'place': 'MOSCOW', 'month': 3, 'day': 3, 'agency': 'Reuters', 'body': 'Russia said.'}
        >>> parse_dateline("BEIJING, Jan. 5 (Xinhua) -- Exports rose.").month
        1
        >>> parse_dateline("No dateline here, just text.") is None
        True
    """
    if not isinstance(text, str):
        return None
    m = _DATELINE.match(text)
    if not m:
        return None
    day = int(m.group("day"))
    month = MONTHS[m.group("month")[:3].lower()]
    if not 1 <= day <= 31:
        return None
    agency = (m.group("agency") or m.group("agency2") or "").strip()
    return Dateline(place=m.group("place").strip(), month=month, day=day, agency=agency,
                    body=text[m.end():].strip(), raw=m.group(0).strip())


def infer_year(text: str) -> int | None:
    """Guess the filing year from the years a story mentions; ``None`` if it names none.

    Each explicit year votes for itself. A relative phrase next to a year shifts it:
    "last year" means the story was filed the year after the most recent year mentioned
    (the seed story: "August 2008" + "the war ... last year" → 2009). Without relative
    phrases the most recent mentioned year wins (stories rarely cite years after their own).

    Example:
        >>> infer_year("Sales in 2015 beat 2014."), infer_year("No year at all.")
        (2015, None)
    """
    if not isinstance(text, str):
        return None
    years = [int(y) for y in _YEAR.findall(text)]
    if not years:
        return None
    latest = max(years)
    lowered = text.lower()
    shifts = Counter(shift for phrase, shift in _RELATIVE.items() if phrase in lowered)
    if shifts:
        # the story refers back to an event it also dates explicitly: the past-most shift
        # applied to the latest explicit year
        return latest + max(shifts)
    return latest


# openings that name where a story was filed without a date: "WASHINGTON — ",
# "Washington (CNN) ", "(CNN) ", "LONDON (Reuters) - "; the agency in brackets is in
# capitals or a known agency name, so "Sen. Ann Lee (D-Vt.) said" is left alone
_PLACE_OPENING = re.compile(
    r"^\s*(?:(?:[A-Z][\w.'’-]*(?:[ ,]+[A-Z][\w.'’-]*){0,3})?\s*"
    r"\((?:[A-Z]{2,10}|Reuters|Xinhua|Bloomberg)\)|[A-Z]{3,}(?:[ ,.]+[A-Z]{2,}){0,3}\s+[—–-]{1,2})"
    r"\s*(?:[—–:-]{1,2}\s*)?")


def strip_dateline(text) -> str:
    """``text`` without the dateline or place opening it starts with (else unchanged).

    Wire datelines (:func:`parse_dateline`) and the shorter openings ``WASHINGTON —``,
    ``Washington (CNN)`` and ``(CNN)`` are removed: they say where a story was filed and
    which outlet filed it, and would otherwise become the outlet's "distinctive" words.

    Example:
        >>> strip_dateline("MOSCOW, February 6. /TASS/. Russia said no.")
        'Russia said no.'
        >>> strip_dateline("Washington (CNN)Vice President Mike Pence cast a vote.")
        'Vice President Mike Pence cast a vote.'
        >>> strip_dateline("WASHINGTON — Hundreds of groups wrote.")
        'Hundreds of groups wrote.'
        >>> strip_dateline("Sen. Ann Lee (D-Vt.) said no.")
        'Sen. Ann Lee (D-Vt.) said no.'
    """
    if text is None or (isinstance(text, float) and text != text):
        return ""
    text = str(text)
    found = parse_dateline(text)
    if found is not None:
        return found.body
    m = _PLACE_OPENING.match(text)
    return text[m.end():] if m else text
