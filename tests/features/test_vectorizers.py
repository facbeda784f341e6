import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.pipeline import Pipeline

from newsprism.features import NewsCountVectorizer, NewsHashingVectorizer, NewsTfidfVectorizer
from newsprism.text import PhraseModel

DOCS = [
    "NATO and Russia agreed to resume military ties, officials said Saturday.",
    "Russia hopes a dialogue with Washington on missile defence succeeds.",
    "De Hoop Scheffer said NATO and Russia still differ over South Ossetia.",
    "The U.S. plan for missile defence in Poland angered Moscow.",
    "South Ossetia and Abkhazia were recognised by Russia in 2008.",
    "Lavrov met De Hoop Scheffer; missile defence and South Ossetia came up.",
] * 2
LABELS = [0, 1, 0, 1, 0, 1] * 2
VECTORIZERS = [NewsCountVectorizer, NewsTfidfVectorizer]


def same(a, b):
    return a.shape == b.shape and (a != b).nnz == 0


@pytest.mark.parametrize("cls", VECTORIZERS)
def test_sklearn_contract(cls):
    v = cls(min_df=1, max_df=1.0, ngram_range=(1, 2))
    params = v.get_params()
    assert params["ngram_range"] == (1, 2) and params["min_df"] == 1
    c = clone(v)
    assert c.get_params() == params
    c.set_params(min_df=2)
    assert c.min_df == 2 and v.min_df == 1
    X = v.fit_transform(DOCS)
    assert X.shape == (len(DOCS), len(v.vocabulary_))
    assert same(X, v.transform(DOCS))
    assert same(X, cls(**params).fit(DOCS).transform(DOCS))
    names = v.get_feature_names_out()
    assert list(names) == sorted(names) and "missile defence" in set(names)


@pytest.mark.parametrize("cls", VECTORIZERS)
def test_lists_series_and_missing(cls):
    v = cls(min_df=1, max_df=1.0)
    a = v.fit_transform(DOCS)
    b = clone(v).fit_transform(pd.Series(DOCS, index=range(100, 100 + len(DOCS))))
    assert same(a, b)
    assert v.transform([None, float("nan"), ""]).nnz == 0
    with pytest.raises(ValueError):
        v.fit("a single string")


def test_counts_match_sklearn_with_same_tokens():
    ours = NewsCountVectorizer(min_df=1, max_df=1.0, stop_words=None)
    X = ours.fit_transform(DOCS)
    analyzer = ours.build_analyzer()
    ref = CountVectorizer(analyzer=analyzer).fit(DOCS)
    assert list(ref.get_feature_names_out()) == list(ours.get_feature_names_out())
    assert same(X, ref.transform(DOCS))
    tf = NewsTfidfVectorizer(min_df=1, max_df=1.0, stop_words=None, sublinear_tf=False)
    reft = TfidfVectorizer(analyzer=analyzer).fit_transform(DOCS)
    assert np.allclose(tf.fit_transform(DOCS).toarray(), reft.toarray())


def test_df_filters_and_max_features():
    v = NewsCountVectorizer(min_df=3, max_df=0.9).fit(DOCS)
    X = v.transform(DOCS)
    df = (X > 0).sum(axis=0).A1
    assert df.min() >= 3 and df.max() <= 0.9 * len(DOCS)
    full = NewsCountVectorizer(min_df=1, max_df=1.0).fit(DOCS)
    tf = full.transform(DOCS).sum(axis=0).A1
    ranked = sorted(zip(-tf, full.get_feature_names_out()))[:3]
    top = NewsCountVectorizer(min_df=1, max_df=1.0, max_features=3).fit(DOCS)
    assert sorted(top.vocabulary_) == sorted(name for _, name in ranked)
    with pytest.raises(ValueError):
        NewsCountVectorizer(min_df=5, max_df=2).fit(DOCS)
    with pytest.raises(ValueError, match="max_features"):
        NewsCountVectorizer(max_features=0).fit(DOCS)
    with pytest.raises(ValueError):
        NewsCountVectorizer(min_df=1).fit(["the and of", "said told"])


def test_options_reach_the_analyzer():
    v = NewsCountVectorizer(min_df=1, max_df=1.0, numbers="placeholder", stem=True).fit(DOCS)
    assert "<num>" in v.vocabulary_ and "recognis" in v.vocabulary_
    assert v.build_analyzer()("2008 troops") == ["<num>", "troop"]
    assert v.build_tokenizer()("NATO's troops") == ["nato", "troop"]


def test_phrases_learned_and_given():
    v = NewsTfidfVectorizer(min_df=1, max_df=1.0, phrases=True)
    v.fit(DOCS)
    assert isinstance(v.phrases_, PhraseModel)
    assert {"south_ossetia", "missile_defence"} <= set(v.vocabulary_)
    fitted = PhraseModel(min_count=3).fit(DOCS)
    w = NewsCountVectorizer(min_df=1, max_df=1.0, phrases=fitted).fit(DOCS)
    assert w.phrases_ is fitted and "de_hoop_scheffer" in w.vocabulary_
    with pytest.raises(Exception):
        NewsCountVectorizer(phrases=True).build_analyzer()


@pytest.mark.parametrize("cls", VECTORIZERS)
@pytest.mark.parametrize("kwargs", [{}, {"ngram_range": (1, 2)}, {"phrases": True}])
def test_identical_across_runs(cls, kwargs):
    base = cls(min_df=1, max_df=1.0, **kwargs)
    X1 = clone(base).fit_transform(DOCS * 3)
    X2 = clone(base).fit_transform(DOCS * 3)
    assert same(X1, X2) and X1.dtype == X2.dtype and np.array_equal(X1.indptr, X2.indptr)


def test_cache_roundtrip(tmp_path):
    v = NewsTfidfVectorizer(min_df=1, max_df=1.0, cache_dir=tmp_path, phrases=True)
    X = v.fit_transform(DOCS)
    files = list((tmp_path / "features").glob("NewsTfidfVectorizer-*.bin"))
    assert len(files) == 1
    w = clone(v)
    Y = w.fit_transform(DOCS)  # served from the cache
    assert same(X, Y) and w.vocabulary_ == v.vocabulary_
    assert w.phrases_.phrases_ == v.phrases_.phrases_
    assert same(clone(v).set_params(min_df=2).fit_transform(DOCS),
                NewsTfidfVectorizer(min_df=2, max_df=1.0, phrases=True).fit_transform(DOCS))
    clone(v).fit_transform(DOCS[:-1])  # another corpus: another key
    clone(v).set_params(stem=True).fit_transform(DOCS)  # another analyzer: another key
    assert len(list((tmp_path / "features").glob("*.bin"))) == 4


def test_corrupt_cache_is_ignored(tmp_path):
    v = NewsCountVectorizer(min_df=1, max_df=1.0, cache_dir=tmp_path)
    X = v.fit_transform(DOCS)
    for f in tmp_path.glob("features/*.bin"):
        f.write_bytes(b"garbage")
    with pytest.warns(UserWarning, match="unreadable feature cache"):
        Y = clone(v).fit_transform(DOCS)
    assert same(X, Y)


def test_pipeline_and_grid_search():
    pipe = Pipeline([("tfidf", NewsTfidfVectorizer(min_df=1, max_df=1.0)),
                     ("clf", LogisticRegression())])
    grid = GridSearchCV(pipe, {"tfidf__ngram_range": [(1, 1), (1, 2)],
                               "tfidf__stem": [False, True]}, cv=2)
    grid.fit(DOCS, LABELS)
    assert set(grid.best_params_) == {"tfidf__ngram_range", "tfidf__stem"}
    Pipeline([("v", NewsCountVectorizer(min_df=1)), ("svd", TruncatedSVD(2))]).fit(DOCS)


def test_hashing():
    h = NewsHashingVectorizer(n_features=2**12)
    X = h.fit_transform(DOCS)
    assert X.shape == (len(DOCS), 2**12)
    assert same(X[:3], h.transform(DOCS[:3]))
    assert h.partial_fit(DOCS) is h
    with pytest.raises(ValueError):
        NewsHashingVectorizer(phrases=True).transform(DOCS)
    model = PhraseModel(min_count=3).fit(DOCS)
    assert NewsHashingVectorizer(phrases=model).transform(DOCS).shape[0] == len(DOCS)


def test_inverse_transform():
    v = NewsCountVectorizer(min_df=1, max_df=1.0)
    X = v.fit_transform(["NATO met Russia"])
    assert sorted(v.inverse_transform(X)[0]) == ["met", "nato", "russia"]


def test_tokenizer_memo_never_changes_output_and_is_cleared():
    from newsprism import cache

    cache.clear()
    cold = NewsTfidfVectorizer(min_df=1, max_df=1.0).fit_transform(DOCS[:5])
    assert len(cache.memo("newsprism.text.tokenizers")) >= 1
    NewsTfidfVectorizer(min_df=1, max_df=1.0).fit(["unrelated words first", *DOCS[::-1]])
    warm = NewsTfidfVectorizer(min_df=1, max_df=1.0).fit_transform(DOCS[:5])
    assert same(cold, warm)
    cache.clear()
    assert len(cache.memo("newsprism.text.tokenizers")) == 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=6))
def test_never_raises_on_unicode_except_empty_vocabulary(docs):
    v = NewsCountVectorizer(min_df=1, max_df=1.0)
    try:
        X = v.fit_transform(docs)
    except ValueError as exc:  # scikit-learn's contract for corpora without any term
        assert "empty vocabulary" in str(exc) or "no terms remain" in str(exc)
        return
    assert X.shape[0] == len(docs) and (X.data > 0).all()
    assert NewsHashingVectorizer(n_features=64).transform(docs).shape == (len(docs), 64)


def test_max_features_ties_go_to_the_alphabetically_first_term():
    # every term occurs once: the cut keeps the first ones in alphabetical order
    v = NewsCountVectorizer(min_df=1, max_df=1.0, max_features=3).fit(["delta alpha echo bravo"])
    assert list(v.get_feature_names_out()) == ["alpha", "bravo", "delta"]
    w = NewsCountVectorizer(min_df=1, max_df=1.0, max_features=2).fit(
        ["zulu zulu yankee", "alpha xray"])
    assert list(w.get_feature_names_out()) == ["alpha", "zulu"]


def test_cache_hit_matches_cold_counts_in_dtype_and_is_writable(tmp_path):
    cold = NewsCountVectorizer(min_df=1, max_df=1.0).fit_transform(DOCS)
    NewsCountVectorizer(min_df=1, max_df=1.0, cache_dir=tmp_path).fit_transform(DOCS)
    hit = NewsCountVectorizer(min_df=1, max_df=1.0, cache_dir=tmp_path).fit_transform(DOCS)
    assert same(cold, hit) and hit.dtype == cold.dtype
    hit.data *= 2  # downstream code scales counts in place


def test_truncated_cache_file_is_ignored(tmp_path):
    v = NewsCountVectorizer(min_df=1, max_df=1.0, cache_dir=tmp_path)
    X = v.fit_transform(DOCS)
    (path,) = tmp_path.glob("features/*.bin")
    path.write_bytes(path.read_bytes()[:-7])
    with pytest.warns(UserWarning, match="unreadable feature cache"):
        Y = clone(v).fit_transform(DOCS)
    assert same(X, Y)


@pytest.mark.parametrize("docs", [
    ["NATO \udc80said  Russia", "Russia's \ud800 NATO"],  # lone surrogates
    ["  leading and trailing  ", "", "\u3000wide\u2003spaces\x1c"],
])
def test_awkward_text_is_counted_and_cached(tmp_path, docs):
    ours = NewsCountVectorizer(min_df=1, max_df=1.0, stop_words=None, cache_dir=tmp_path)
    X = ours.fit_transform(docs)
    ref = CountVectorizer(analyzer=ours.build_analyzer()).fit(docs)
    assert list(ref.get_feature_names_out()) == list(ours.get_feature_names_out())
    assert same(X, ref.transform(docs))
    again = clone(ours)
    assert same(again.fit_transform(docs), X) and again.vocabulary_ == ours.vocabulary_


_FITTED_PHRASES = PhraseModel(min_count=2, threshold=0.0).fit(
    [d.lower().split() for d in DOCS])


@pytest.mark.parametrize("cls, params", [
    (NewsCountVectorizer, {}),
    (NewsCountVectorizer, {"binary": True, "dtype": np.float32, "max_features": 5}),
    (NewsCountVectorizer, {"phrases": _FITTED_PHRASES, "ngram_range": (1, 2)}),
    (NewsCountVectorizer, {"phrases": True}),
    (NewsCountVectorizer, {"phrases": PhraseModel(min_count=2)}),  # learned by fit
    (NewsTfidfVectorizer, {}),
    (NewsTfidfVectorizer, {"sublinear_tf": False, "norm": "l1", "smooth_idf": False}),
    (NewsTfidfVectorizer, {"use_idf": False, "binary": True, "dtype": np.float32}),
])
def test_a_cached_refit_is_the_same_fit(tmp_path, cls, params):
    # the second fit is served from the cache: output, vocabulary, idf, phrases and
    # transform of unseen text must be those of an uncached fit
    new_docs = ["NATO said missile defence talks with Russia resume", "nothing known here"]
    plain = cls(min_df=1, max_df=1.0, **params)
    expected = plain.fit_transform(DOCS)
    cls(min_df=1, max_df=1.0, cache_dir=tmp_path, **params).fit_transform(DOCS)
    cached = cls(min_df=1, max_df=1.0, cache_dir=tmp_path, **params)
    X = cached.fit_transform(DOCS)
    assert len(list(tmp_path.glob("features/*.bin"))) == 1
    assert same(X, expected) and X.dtype == expected.dtype
    assert cached.vocabulary_ == plain.vocabulary_
    assert same(cached.transform(new_docs), plain.transform(new_docs))
    if hasattr(plain, "idf_") and plain.use_idf:
        np.testing.assert_array_equal(cached.idf_, plain.idf_)
    assert (cached.phrases_ is None) == (plain.phrases_ is None)
    if plain.phrases_ is not None:
        assert cached.phrases_.phrases_ == plain.phrases_.phrases_
        assert cached.phrases_.vocabulary_ == plain.phrases_.vocabulary_


def test_result_cache_is_keyed_by_every_fit_parameter(tmp_path):
    first = NewsTfidfVectorizer(min_df=1, max_df=1.0, cache_dir=tmp_path).fit_transform(DOCS)
    other = NewsTfidfVectorizer(min_df=3, max_df=1.0, cache_dir=tmp_path)
    X = other.fit_transform(DOCS)
    assert len(list(tmp_path.glob("features/*.bin"))) == 2
    assert same(X, NewsTfidfVectorizer(min_df=3, max_df=1.0).fit_transform(DOCS))
    assert X.shape[1] < first.shape[1]


@pytest.mark.parametrize("phrases", ["fitted", "learned"])
def test_result_cache_key_is_the_same_in_a_new_interpreter(tmp_path, phrases):
    # a notebook rerun is a new process with another string-hash seed: set-valued
    # parameters (a PhraseModel's connector words, a stop-word set) must not make the key
    # depend on set iteration order, or the cache never hits
    import subprocess
    import sys

    code = (
        "from newsprism.features import NewsTfidfVectorizer\n"
        "from newsprism.text import PhraseModel\n"
        f"docs = {DOCS!r}\n"
        "pm = PhraseModel(min_count=2, threshold=0.0).fit([d.lower().split() for d in docs])\n"
        f"pm = pm if {phrases == 'fitted'} else PhraseModel(min_count=2)\n"
        "v = NewsTfidfVectorizer(min_df=1, phrases=pm, cache_dir='.',\n"
        "                        stop_words={'said', 'the', 'and', 'with', 'over', 'by'})\n"
        "v.fit(docs)\n")
    for seed in range(3):
        subprocess.run([sys.executable, "-c", code], env={"PYTHONHASHSEED": str(seed)},
                       cwd=tmp_path, check=True)
    assert len(list(tmp_path.glob("features/*.bin"))) == 1


def test_result_cache_follows_new_phrases_after_set_params(tmp_path):
    # a refit keys its result on the phrases it is given now, not on the phrases_ that the
    # previous fit left on the estimator
    one_pass = PhraseModel(min_count=2, threshold=0.0, passes=1, max_phrases=1).fit(
        [d.lower().split() for d in DOCS])
    assert one_pass.vocabulary_ != _FITTED_PHRASES.vocabulary_
    expected = NewsCountVectorizer(min_df=1, max_df=1.0, phrases=one_pass).fit_transform(DOCS)
    v = NewsCountVectorizer(min_df=1, max_df=1.0, phrases=_FITTED_PHRASES, cache_dir=tmp_path)
    v.fit(DOCS)
    X = v.set_params(phrases=one_pass).fit_transform(DOCS)
    plain = NewsCountVectorizer(min_df=1, max_df=1.0, phrases=one_pass).fit(DOCS)
    assert v.vocabulary_ == plain.vocabulary_
    assert same(X, expected)


@pytest.mark.parametrize("cls", [NewsCountVectorizer, NewsTfidfVectorizer, NewsHashingVectorizer])
def test_every_vectorizer_takes_the_tokenizer_options(cls):
    # declared once (TOKENIZER_OPTIONS): each vectorizer's signature mirrors it
    import inspect

    from newsprism.text import TOKENIZER_OPTIONS

    params = inspect.signature(cls).parameters
    assert {k: params[k].default for k in TOKENIZER_OPTIONS} == TOKENIZER_OPTIONS
    options = {"lowercase": False, "stem": True, "numbers": "placeholder", "min_len": 1}
    analyzer = cls(**options).build_analyzer()
    assert {k: analyzer.options[k] for k in options} == options


@pytest.mark.parametrize("params", [
    {"ngram_range": (1, 2)},
    {"ngram_range": (2, 2)},
    {"ngram_range": (1, 3), "stop_words": None},
    {"ngram_range": (3, 3), "hyphens": "split"},
    {"ngram_range": (2, 4), "lowercase": False, "stem": True},
])
def test_ngram_counts_match_the_analyzer(params):
    docs = ["Obama/Trump talks, U.S.-led and US-led", "NATO/Russia: U.S.-led (again)",
            "Obama/Trump", "", "the of and", "See https://x.org now. NATO's NATO NATO",
            "\u3000wide\u2003spaces\x1c NATO Russia NATO Russia"]
    ours = NewsCountVectorizer(min_df=1, max_df=1.0, **params)
    X = ours.fit_transform(docs)
    ref = CountVectorizer(analyzer=ours.build_analyzer()).fit(docs)
    assert list(ref.get_feature_names_out()) == list(ours.get_feature_names_out())
    assert same(X, ref.transform(docs))
