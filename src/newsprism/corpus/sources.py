"""Outlet names and URL sections.

Outlets appear as hosts (``tass.com``, ``europe.chinadaily.com.cn``) or as free-text names;
:func:`normalize_source` maps both to one display name so that ``source`` groups an
outlet's articles. Names not in the table are kept as given (AllSides outlet names such
as ``"CNN (Web News)"`` stay distinct from ``"CNN"`` on purpose: AllSides rates them
separately). :func:`url_section` extracts the site section a URL files an article under
(``tass.com/politics/929596`` → ``politics``); the topic stage maps sections to topics.

Example:
    >>> normalize_source("europe.chinadaily.com.cn"), normalize_source("www.bbc.co.uk")
    ('China Daily', 'BBC')
    >>> url_section("http://www.bbc.co.uk/news/uk-politics-38895007")
    'uk-politics'
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# host (without "www.") -> outlet display name
OUTLETS: dict[str, str] = {
    "abcnews.go.com": "ABC News",
    "aljazeera.com": "Al Jazeera",
    "bbc.com": "BBC",
    "bbc.co.uk": "BBC",
    "cnn.com": "CNN",
    "edition.cnn.com": "CNN",
    "chinadaily.com.cn": "China Daily",
    "europe.chinadaily.com.cn": "China Daily",
    "usa.chinadaily.com.cn": "China Daily",
    "dw.com": "DW",
    "huffingtonpost.com": "HuffPost",
    "huffpost.com": "HuffPost",
    "rte.ie": "RTE",
    "tass.com": "TASS",
    "reuters.com": "Reuters",
    "xinhuanet.com": "Xinhua",
    "news.xinhuanet.com": "Xinhua",
    "foxnews.com": "Fox News",
    "nytimes.com": "New York Times",
    "theguardian.com": "The Guardian",
    "washingtontimes.com": "Washington Times",
    "npr.org": "NPR",
    "politico.com": "Politico",
}

_HOSTLIKE = re.compile(r"^(?:https?://)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?:[/:].*)?$", re.I)
# path segments that are never a section
_NOT_SECTION = re.compile(r"^(?:\d+|\d{4}-\d\d|index\.html?|en|epaper|story|a-\d+|content_\d+\.htm)$", re.I)


def host_of(url) -> str:
    """Lower-case host without ``www.``; ``""`` if ``url`` is not a URL.

    Example:
        >>> host_of("http://www.rte.ie/news/2017/0207/850712-waiting-lists/")
        'rte.ie'
    """
    if not isinstance(url, str) or "." not in url:
        return ""
    if "://" not in url:
        url = "http://" + url
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:  # "http://[abc": a broken IPv6 literal is no host either
        return ""
    return host[4:] if host.startswith("www.") else host


def normalize_source(name) -> str:
    """Outlet display name for a host, URL or name; unknown names are returned stripped.

    Example:
        >>> normalize_source("tass.com"), normalize_source("Fox Online News")
        ('TASS', 'Fox Online News')
    """
    if not isinstance(name, str):
        return ""
    name = name.strip()
    m = _HOSTLIKE.match(name)
    if m and " " not in name:
        host = host_of(name)
        if host in OUTLETS:
            return OUTLETS[host]
        # a subdomain of a known outlet (usa.chinadaily.com.cn)
        for known, outlet in OUTLETS.items():
            if host.endswith("." + known):
                return outlet
        return host
    return name


def url_section(url) -> str:
    """The section an outlet files the article under, from its URL path; ``""`` if none.

    The first path segment that is a word (not a date, id or language code). A ``news``
    prefix is skipped when a more specific segment follows (``rte.ie/news/business/...``
    → ``business``; ``bbc.co.uk/news/business-38895007`` → ``business``).

    Example:
        >>> url_section("http://tass.com/politics/929596")
        'politics'
        >>> url_section("http://abcnews.go.com/Politics/wireStory/x-45327337")
        'politics'
        >>> url_section("http://www.rte.ie/news/business/2017/0207/850712-x/")
        'business'
        >>> url_section("http://www.rte.ie/news/2017/0207/850712-waiting-lists/")
        'news'
        >>> url_section("http://www.dw.com/en/poland-wants-nuclear-weapons-for-europe/a-37449773")
        ''
    """
    if not isinstance(url, str) or "/" not in url:
        return ""
    try:
        path = urlsplit(url if "://" in url else "http://" + url).path
    except ValueError:  # not a URL (e.g. an unclosed "[" where an IPv6 host would be)
        return ""
    segments = [s for s in path.split("/") if s]
    if len(segments) < 2:  # a bare slug is not a section
        return ""
    words = []
    for seg in segments[:-1]:
        if _NOT_SECTION.match(seg):
            continue
        if seg.count("-") >= 3:  # a headline slug: sections come before it
            break
        # BBC-style "uk-politics-38895007": drop the trailing article id
        seg = re.sub(r"-\d{5,}$", "", seg)
        words.append(seg.lower())
    last = re.sub(r"-\d{5,}$", "", segments[-1])
    if segments[0].lower() == "news" and re.search(r"-\d{5,}$", segments[-1]) and len(segments) == 2:
        words.append(last.lower())  # bbc.co.uk/news/business-123
    if not words:
        return ""
    if words[0] == "news" and len(words) > 1:
        return words[1]
    return words[0]


# other names an outlet goes by in its own text (display name -> aliases)
ALIASES: dict[str, tuple[str, ...]] = {
    "HuffPost": ("Huffington Post", "HuffPost", "Huffington", "HuffPo"),
    "Al Jazeera": ("Al Jazeera", "Jazeera", "AJE"),
    "ABC News": ("ABC News", "ABC"),
    "China Daily": ("China Daily", "chinadaily", "chinadailyuk"),
    "DW": ("DW", "Deutsche Welle"),
    "RTE": ("RTE", "RTÉ", "RT?"),
    "New York Times": ("New York Times", "NYTimes", "NYT"),
    "Washington Times": ("Washington Times",),
    "Fox News": ("Fox News", "Fox"),
    "CNN": ("CNN",),
    "NPR": ("NPR",),
}
# words of an outlet's name that are ordinary words too: dropped only as part of the name
GENERIC_NAME_WORDS = frozenset(
    "the a an of and news online web daily times post today new york washington hill "
    "national public radio world international global china us usa america american "
    "monitor science christian journal street wall tribune herald press media network "
    "channel tv report reports magazine weekly review opinion".split())
_PARENS = re.compile(r"\s*\([^)]*\)|\s+-\s+.*$")
_NAME_WORD = re.compile(r"[^\W_]+", re.U)


def self_reference_terms(outlets) -> dict[str, list[str]]:
    """What each outlet calls itself in its own text: ``{"phrases": [...], "tokens": [...]}``.

    *Phrases* are the outlet names and their variants (``"CNN (Web News)"`` → ``"cnn (web
    news)"``, ``"cnn"``; ``"New York Times - News"`` → ``"new york times"``; the
    :data:`ALIASES` of known outlets), lower-case, longest first. *Tokens* are the words of
    those names that are not ordinary words (:data:`GENERIC_NAME_WORDS`): ``cnn``,
    ``jazeera``, ``huffington``, but not ``washington`` or ``times``. The one list of
    self-references: distinctive terms (:mod:`newsprism.features.distinctive`) and the
    theme model's outlet terms (:mod:`newsprism.themes.outlets`) both use it.

    Example:
        >>> refs = self_reference_terms(["CNN (Web News)", "Washington Times", "HuffPost"])
        >>> refs["tokens"]
        ['cnn', 'huffington', 'huffpo', 'huffpost']
        >>> "washington times" in refs["phrases"], "cnn" in refs["phrases"]
        (True, True)
    """
    phrases: set[str] = set()
    for outlet in {str(o).strip() for o in outlets if isinstance(o, str) and o.strip()}:
        base = _PARENS.sub("", outlet).strip()
        names = {outlet, base, normalize_source(base)}
        for display in list(names):
            names.update(ALIASES.get(display, ()))
        for name in names:
            name = " ".join(name.casefold().split())
            if name:
                phrases.add(name)
                if name.startswith("the "):
                    phrases.add(name[4:])
    tokens = {w for p in phrases for w in _NAME_WORD.findall(p)
              if len(w) >= 2 and w not in GENERIC_NAME_WORDS and not w.isdigit()}
    return {"phrases": sorted(phrases, key=lambda p: (-len(p), p)), "tokens": sorted(tokens)}


def strip_self_references(texts, outlets) -> list[str]:
    """Each text without the outlets' names (:func:`self_reference_terms`), case-insensitive.

    Removing the names from the text (rather than dropping their words from a vocabulary)
    keeps ordinary words of a name used on their own: "Washington" stays, "The Washington
    Times" goes.

    Example:
        >>> strip_self_references(["He told The Washington Times in Washington, CNN's host said."],
        ...                       ["Washington Times", "CNN"])
        ['He told in Washington, host said.']
    """
    refs = self_reference_terms(outlets)
    words = refs["phrases"] + [t for t in refs["tokens"] if t not in refs["phrases"]]
    if not words:
        return ["" if t is None else str(t) for t in texts]
    # "the" before a name goes with it; word boundaries so "abc" never cuts "abcd"
    pattern = re.compile(r"(?<!\w)(?:the\s+)?(?:" + "|".join(re.escape(w) for w in words)
                         + r")(?:['’]s)?(?!\w)", re.I)
    out = []
    for text in texts:
        text = "" if text is None or (isinstance(text, float) and text != text) else str(text)
        out.append(" ".join(pattern.sub(" ", text).split()))
    return out
