"""Stop-word lists: scikit-learn's English list and the documented newsprism news list.

The news list lives in ``newsprism/resources/stopwords_news.txt`` (one word per line, each
group commented with why it is there).

Example:
    >>> "said" in get_stop_words("news"), "said" in get_stop_words("english")
    (True, False)
"""

from __future__ import annotations

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from newsprism import cache
from newsprism.resources import read_text


def _news_list() -> tuple[frozenset[str], frozenset[str]]:
    """(words the news list adds, words it keeps), read once per process."""
    memo = cache.memo("newsprism.text.stopwords", maxsize=4)
    found = memo.get("news list")
    if found is None:
        words = [line.split("#", 1)[0].strip().lower()
                 for line in read_text("stopwords_news.txt").splitlines()]
        added = frozenset(w for w in words if w and not w.startswith("-"))
        removed = frozenset(w[1:] for w in words if w.startswith("-") and len(w) > 1)
        found = memo["news list"] = (added, removed)
    return found


def news_stop_words() -> frozenset[str]:
    """The words the news list adds to scikit-learn's English list.

    Example:
        >>> sorted(news_stop_words() & {"told", "xinhua", "nato"})
        ['told', 'xinhua']
    """
    return _news_list()[0]


def news_kept_words() -> frozenset[str]:
    """Words of scikit-learn's English list that the news list keeps (``bill``, ``fire``...).

    Example:
        >>> sorted(news_kept_words() & {"bill", "de", "the"})
        ['bill', 'de']
    """
    return _news_list()[1]


def get_stop_words(stop_words="news") -> frozenset[str]:
    """Resolve a ``stop_words`` argument to a set of lower-case words.

    Args:
        stop_words: ``"news"`` (scikit-learn's English list plus the news list),
            ``"english"`` (scikit-learn's list), ``None``/``False`` (none), or any
            collection of words (used as given, lower-cased).

    Example:
        >>> len(get_stop_words(None)), sorted(get_stop_words(["Foo"]))
        (0, ['foo'])
    """
    if stop_words is None or stop_words is False:
        return frozenset()
    if isinstance(stop_words, str):
        if stop_words == "news":
            added, removed = _news_list()
            return (frozenset(ENGLISH_STOP_WORDS) - removed) | added
        if stop_words == "english":
            return frozenset(ENGLISH_STOP_WORDS)
        raise ValueError(f"stop_words must be 'news', 'english', None or a list of words, "
                         f"not {stop_words!r}")
    return frozenset(str(w).lower() for w in stop_words)


def stop_words_fingerprint(stop_words="news") -> str:
    """A key of the resolved stop-word set (part of tokenizer and feature cache keys).

    Example:
        >>> stop_words_fingerprint(["b", "a"]) == stop_words_fingerprint(("a", "b"))
        True
    """
    named = stop_words is None or isinstance(stop_words, (str, bool))
    memo = cache.memo("newsprism.text.stopwords", maxsize=4)
    found = memo.get(("key", stop_words)) if named else None
    if found is None:
        found = cache.key(sorted(get_stop_words(stop_words)))
        if named:
            memo[("key", stop_words)] = found
    return found
