import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.errors import DataError
from newsprism.themes import GuidedThemes, default_theme_file, load_theme_file
from newsprism.themes.guided import term_pattern

THEMES = {
    "terrorism": ["counter-terrorism", "terror*"],
    "energy": {"label": "Energy", "terms": ["oil", "gas pipeline*"]},
    "us": ["US"],
    "missiles": ["missile defence", "missile*"],
}


@pytest.fixture(scope="module")
def g():
    return GuidedThemes(THEMES).fit()


@pytest.mark.parametrize("text, theme, matched", [
    ("Talks on counter-terrorism today", "terrorism", "counter-terrorism ×1"),
    ("Talks on counter terrorism today", "terrorism", "counter terrorism ×1"),
    ("Talks on counterterrorism today", "terrorism", "counterterrorism ×1"),
    ("Terrorists and terror", "terrorism", "terrorists ×1; terror ×1"),
    ("New gas pipelines built", "energy", "gas pipelines ×1"),
    ("OIL prices", "energy", "oil ×1"),
    ("The US said", "us", "us ×1"),
    ("the missile defence plan", "missiles", "missile defence ×1"),
])
def test_matches_recorded(g, text, theme, matched):
    s = g.score([text])
    row = s[s["theme"] == theme]
    assert row["matched_terms"].item() == matched


@pytest.mark.parametrize("text, theme", [
    ("let us go", "us"),            # all-caps term is case-sensitive
    ("boiled soil", "energy"),      # whole words only
    ("gas and a pipeline", "energy"),  # phrase words must be adjacent
    ("enriching", "us"),
])
def test_no_false_match(g, text, theme):
    assert theme not in set(g.score([text])["theme"])


def test_score_has_ids_and_counts(g):
    df = pd.DataFrame({"doc_id": ["d1", "d2"], "date": pd.to_datetime(["2017-01-01", "2017-01-02"]),
                       "source": ["A", "B"], "title": ["Oil", "Nothing"],
                       "text": ["oil and oil again, terror", "quiet day"]})
    s = g.score(df)
    assert set(s["doc_id"]) == {"d1"}
    energy = s[s.theme == "energy"].iloc[0]
    assert energy["n_matches"] == 3 and energy["matched_terms"] == "oil ×3"
    a = g.assign(df)
    assert a.loc[a.doc_id == "d2", "theme"].isna().all()     # kept for the denominator
    assert set(a.loc[a.doc_id == "d1", "theme"]) == {"energy", "terrorism"}
    M = g.transform(df)
    assert M.shape == (2, 4) and M[1].sum() == 0


def test_min_matches_threshold():
    g2 = GuidedThemes(THEMES, min_matches=2).fit()
    df = pd.DataFrame({"doc_id": ["d"], "date": ["2017-01-01"], "source": ["A"], "title": [""],
                       "text": ["oil oil terror"]})
    assert set(g2.assign(df)["theme"].dropna()) == {"energy"}


def test_explain_shows_context(g):
    e = g.explain("Russia and NATO discussed missile defence in Corfu.")
    assert e["theme"].tolist() == ["missiles"]
    assert "[missile defence]" in e["context"].item()


def test_shipped_file_covers_seed(seed_path):
    themes = load_theme_file(default_theme_file())
    for key in ("military", "diplomacy", "terrorism", "energy", "economy", "elections", "migration",
                "military_ties", "afghanistan_transit", "counter_terrorism", "non_proliferation",
                "missile_defence"):
        assert key in themes
    g = GuidedThemes(themes).fit()
    s = g.score([seed_path.read_text(encoding="utf-8")])
    found = set(s["theme"])
    assert {"military_ties", "afghanistan_transit", "counter_terrorism", "non_proliferation",
            "missile_defence"} <= found


def test_bad_theme_file(tmp_path):
    p = tmp_path / "t.toml"
    p.write_text('[themes.empty]\nterms = []\n')
    with pytest.raises(DataError, match="empty"):
        load_theme_file(p)
    p.write_text("not = [valid")
    with pytest.raises(DataError, match="TOML"):
        load_theme_file(p)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes(text):
    g = GuidedThemes(THEMES).fit()
    s = g.score([text])
    assert (s["n_matches"] >= 1).all()


@pytest.mark.parametrize("term", ["S-400", "al-Qaeda", "Human Rights Watch", "enrich* uranium", "a.b"])
def test_patterns_compile(term):
    import re
    re.compile(term_pattern(term)[0])


def test_wildcard_inside_phrase():
    g = GuidedThemes({"np": ["enrich* uranium"]}).fit()
    assert g.score(["they enriched uranium"])["matched_terms"].item() == "enriched uranium ×1"
