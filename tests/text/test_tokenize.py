"""Tokenizer behaviour on real news cases (seed article and NewsArticles sentences)."""

import pickle

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.text import NewsAnalyzer, get_stop_words, tokenize
from newsprism.text.tokenize import _EDGE_PUNCT

CASES = [
    # seed: dateline, agency, attribution verbs and weekday are stop words
    ("Corfu (Greece), June 28 (Xinhua) NATO and Russia have agreed",
     ["corfu", "greece", "june", "28", "nato", "russia", "agreed"]),
    ("NATO Secretary-general Jaap de Hoop Scheffer told reporters here Saturday.",
     ["nato", "secretary-general", "jaap", "de", "hoop", "scheffer"]),
    ("restart military-to-military contacts", ["restart", "military-to-military", "contacts"]),
    ("NATO\u2019s campaign and Russia's recognition", ["nato", "campaign", "russia", "recognition"]),
    ("Lavrov praised US President Barack Obama\u2019s intention",
     ["lavrov", "praised", "u.s.", "president", "barack", "obama", "intention"]),
    ("the Russia-Georgia military conflict in August 2008.",
     ["russia-georgia", "military", "conflict", "august", "2008"]),
    # NewsArticles
    ("ruled by U.S. District Court Judge James Robart", ["ruled", "u.s.", "district", "court",
                                                        "judge", "james", "robart"]),
    ("As of 7 a.m. ET, almost 2 inches", ["a.m.", "et", "inches"]),
    ("Sen. Elizabeth Warren, D-Mass., said", ["sen", "elizabeth", "warren", "d-mass"]),
    ("about 2,000 protesters gathered", ["2,000", "protesters", "gathered"]),
    ("attacks since 9/11 by al-Qaeda", ["attacks", "9/11", "al-qaeda"]),
    ("teachers\u2019 unions", ["teachers", "unions"]),
    ("read https://example.org/a?b=1 tonight", ["read", "tonight"]),
    ("He did. It's a fact,\u201d Conway said", ["did", "fact", "conway"]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_news_cases(text, expected):
    assert tokenize(text) == expected


@pytest.mark.parametrize("kwargs, expected", [
    ({"numbers": "placeholder"}, ["<num>", "u.s.", "troops", "9/11", "<num>"]),
    ({"numbers": "drop"}, ["u.s.", "troops", "9/11"]),
    ({"lowercase": False}, ["2,000", "U.S.", "troops", "9/11", "2008"]),
    ({"stop_words": None}, ["2,000", "u.s.", "troops", "since", "9/11", "in", "2008"]),
    ({"stem": True}, ["2,000", "u.s.", "troop", "9/11", "2008"]),
])
def test_options(kwargs, expected):
    assert tokenize("2,000 US troops since 9/11 in 2008", **kwargs) == expected


def test_hyphen_split():
    assert tokenize("al-Qaeda", hyphens="split") == ["al", "qaeda"]


def test_stop_words_news_list():
    stop = get_stop_words("news")
    assert {"said", "told", "reporters", "xinhua", "reuters"} <= stop
    assert "the" in stop and "bill" not in stop and "de" not in stop
    assert "said" not in get_stop_words("english")
    assert tokenize("the bill said", stop_words=["bill"]) == ["the", "said"]


def test_series_and_iterables():
    s = pd.Series(["NATO met", None], index=["a", "b"])
    out = tokenize(s)
    assert list(out.index) == ["a", "b"] and list(out) == [["nato", "met"], []]
    assert tokenize(iter(["NATO", "Russia"])) == [["nato"], ["russia"]]


def test_analyzer_ngrams_after_stop_words_and_pickle():
    a = NewsAnalyzer(ngram_range=(1, 2))
    assert a("missile defence of Poland") == ["missile", "defence", "poland",
                                              "missile defence", "defence poland"]
    b = pickle.loads(pickle.dumps(a))
    assert b("missile defence of Poland") == a("missile defence of Poland")
    assert NewsAnalyzer(ngram_range=(2, 2))("a b") == []


def test_bad_options():
    with pytest.raises(ValueError):
        NewsAnalyzer(numbers="nope")
    with pytest.raises(ValueError):
        NewsAnalyzer(ngram_range=(2, 1))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_unicode(text):
    for kwargs in ({}, {"stem": True, "numbers": "placeholder"}, {"lowercase": False}):
        tokens = tokenize(text, **kwargs)
        assert all(isinstance(t, str) and t and not any(c.isspace() for c in t) for t in tokens)


@pytest.mark.parametrize("kwargs, expected", [
    ({}, ["obama", "trump", "talks", "u.s.", "nato", "fire", "2,000", "us-led", "u.s.", "led"]),
    ({"hyphens": "split"}, ["obama", "trump", "talks", "u.s.", "nato", "fire", "2,000", "u.s.",
                            "led", "u.s.", "led"]),
])
def test_chunks_with_several_tokens_trailing_periods_and_nfkc(kwargs, expected):
    # "Obama/Trump" and "U.S.-led" map to several tokens (the memo's join/split path);
    # "U.S." and "Saturday." end sentences; full-width letters and the "fi" ligature are
    # folded by NFKC.  Each document twice: the second pass is served from the memo.
    text = ("Obama/Trump talks in the U.S. Then Saturday. "
            "\uff2e\uff41\uff54\uff4f\u2019s \ufb01re (2,000) US-led U.S.-led")
    analyzer = NewsAnalyzer(**kwargs)
    assert analyzer.tokens(text) == expected
    assert analyzer.tokens(text) == expected
    assert tokenize(text, **kwargs) == expected


def _regex_only(analyzer, chunk):
    """Reference reading of a chunk: the regex path alone, without the word shortcuts."""
    compiled = analyzer._compiled()
    core = chunk.strip(_EDGE_PUNCT)
    if core.isalnum():
        feat = compiled.final(compiled.surface(core))
        return (feat,) if feat else ()
    if chunk.startswith(("http", "www.")) or "://" in chunk:
        return ()
    feats = (compiled.final(compiled.surface(raw)) for raw in compiled.regex.findall(chunk))
    return tuple(f for f in feats if f)


_CHUNK_ANALYZERS = [{}, {"stem": True}, {"lowercase": False}, {"numbers": "placeholder"},
                    {"hyphens": "split", "min_len": 1}, {"stop_words": None}]
# pieces that hit every branch: possessives, initialisms, "US", URLs, numbers, edge punctuation
_chunk_text = st.lists(
    st.sampled_from(list("aZé1'\u2019s.,-()/_:") + ["US", "U.S", "http", "NATO", "\u00bd"]),
    max_size=8).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_chunk_text, st.text(max_size=6)), max_size=12))
def test_chunk_shortcuts_agree_with_the_regex_path(chunks):
    # the word shortcuts must read a chunk exactly as the regex would; repeated chunks
    # exercise the memo hits
    chunks = [c for c in chunks if c and not any(ch.isspace() for ch in c)] * 2
    for kwargs in _CHUNK_ANALYZERS:
        analyzer = NewsAnalyzer(**kwargs)
        reference = [_regex_only(analyzer, c) for c in chunks]
        assert [analyzer.chunk_features(c) for c in chunks] == reference


@pytest.mark.parametrize("chunk, expected", [
    ("NATO's", ("nato",)), ("(Russia\u2019s,", ("russia",)), ("US's", ("u.s.",)),
    ("it's", ()), ("1990's", ("1990",)), ("https's", ()), ("A's", ()), ("al-Qaeda's", ("al-qaeda",)),
])
def test_possessive_chunks(chunk, expected):
    assert NewsAnalyzer().chunk_features(chunk) == expected
    assert _regex_only(NewsAnalyzer(), chunk) == expected


def test_options_are_declared_once():
    from newsprism.text import TOKENIZER_OPTIONS

    assert NewsAnalyzer().options == TOKENIZER_OPTIONS
    with pytest.raises(TypeError, match="unknown tokenizer options"):
        NewsAnalyzer(stemming=True)
    with pytest.raises(TypeError, match="unknown tokenizer options"):
        tokenize("text", lower=False)
    with pytest.raises(ValueError, match="stop_words"):
        NewsAnalyzer(stop_words="german")
    assert repr(NewsAnalyzer(stem=True, ngram_range=(1, 2))) == (
        "NewsAnalyzer(stem=True, ngram_range=(1, 2))")


def test_memo_is_shared_bounded_and_cleared():
    from newsprism import cache

    cache.clear()
    first, second = NewsAnalyzer(), NewsAnalyzer(ngram_range=(1, 2))
    first.tokens("NATO met Russia")
    assert second._compiled() is first._compiled()  # n-grams do not change unigram features
    assert NewsAnalyzer(stem=True)._compiled() is not first._compiled()
    memo = cache.memo("newsprism.text.tokenizers")
    for min_len in range(1, 40):
        NewsAnalyzer(min_len=min_len).tokens("internationalisation")
    assert len(memo) <= memo.maxsize
    cache.clear()
    assert len(memo) == 0 and first.tokens("NATO met Russia") == ["nato", "met", "russia"]
