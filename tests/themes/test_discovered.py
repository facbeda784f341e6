import numpy as np
import pandas as pd
import pytest

from newsprism.features import NewsCountVectorizer, NewsTfidfVectorizer
from newsprism.themes import ThemeModel, themes_for_texts

GROUPS = {
    "military": "nato troops military drill base soldiers",
    "energy": "oil gas energy pipeline prices barrel",
    "election": "election vote president campaign ballot poll",
}


def _corpus(n_per=8, seed=0):
    rng = np.random.default_rng(seed)
    rows = []
    for g, words in GROUPS.items():
        w = words.split()
        for i in range(n_per):
            text = " ".join(rng.choice(w, size=12))
            rows.append({"doc_id": f"{g}-{i}", "date": pd.Timestamp("2017-01-02") + pd.Timedelta(days=i),
                         "source": "A" if i % 2 else "B", "title": f"{g} {i}", "text": text, "group": g})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def fitted():
    df = _corpus()
    tm = ThemeModel(n_themes="auto", candidates=(2, 3, 5), n_top_terms=5,
                    vectorizer=NewsTfidfVectorizer(min_df=1, max_df=1.0), seed=0).fit(df)
    return df, tm


def test_auto_recovers_three_themes(fitted):
    df, tm = fitted
    assert tm.n_themes_ == 3
    assert set(tm.selection_["n_themes"]) == {2, 3, 5}
    assert tm.selection_["chosen"].sum() == 1
    chosen = tm.selection_.loc[tm.selection_.chosen].iloc[0]
    assert chosen["score"] == tm.selection_["score"].max()
    # the true count comes back identically from subsamples; 2 or 5 themes do not
    assert chosen["stability"] == tm.selection_["stability"].max()
    assert (tm.selection_["coherence"] > 0.5).all()   # every theme's terms co-occur


def test_dominant_theme_matches_group(fitted):
    df, tm = fitted
    a = tm.assign(df)
    # each generating group maps to exactly one dominant theme
    purity = pd.crosstab(df["group"], a["theme"]).max(axis=1) / df.groupby("group").size()
    assert (purity == 1).all()
    assert a["theme"].nunique() == 3


def test_weights_rows_sum_to_one(fitted):
    df, tm = fitted
    W = tm.transform(df)
    assert np.allclose(W.sum(axis=1), 1)
    long = tm.assign(df, how="weights")
    assert np.allclose(long.groupby("doc_id")["weight"].sum(), 1)


def test_themes_table_and_representatives(fitted):
    df, tm = fitted
    t = tm.themes_
    assert list(t.columns) == ["theme", "label", "top_terms", "coherence", "prevalence", "n_dominant"]
    assert t["n_dominant"].sum() == len(df)
    reps = tm.representative_docs(df, n=2)
    assert reps.groupby("theme").size().tolist() == [2, 2, 2]
    assert {"doc_id", "title", "source", "date", "weight"} <= set(reps.columns)


def test_empty_text_gets_no_theme(fitted):
    _, tm = fitted
    assert np.allclose(tm.transform(["", "zzz unknown"]), 0)
    top = themes_for_texts(tm, ["oil gas pipeline"], top=1)
    assert "oil" in tm.themes_.at[top["theme"].item(), "top_terms"]


def test_lda_option_runs():
    tm = ThemeModel(n_themes=3, method="lda",
                    vectorizer=NewsCountVectorizer(min_df=1, max_df=1.0)).fit(_corpus())
    assert tm.transform(["oil gas"]).shape == (1, 3)


def test_bad_method():
    with pytest.raises(ValueError, match="method"):
        ThemeModel(n_themes=2, method="bogus", vectorizer=NewsTfidfVectorizer(min_df=1)).fit(_corpus())


def test_stability_only_for_counts_that_can_be_chosen():
    df = _corpus()
    tm = ThemeModel(n_themes="auto", candidates=(2, 3, 6), n_top_terms=5, max_theme_share=0.4,
                    vectorizer=NewsTfidfVectorizer(min_df=1, max_df=1.0), seed=0).fit(df)
    sel = tm.selection_.set_index("n_themes")
    assert not sel.at[2, "eligible"] and np.isnan(sel.at[2, "stability"])  # 2 themes: one holds 2/3
    assert sel.loc[sel["eligible"], "stability"].notna().all()
    assert tm.n_themes_ == 3
