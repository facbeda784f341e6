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
