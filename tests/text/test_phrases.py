import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone

from newsprism.text import PhraseModel

DOCS = [
    "nato chief de hoop scheffer spoke about missile defence",
    "lavrov met de hoop scheffer in corfu",
    "de hoop scheffer said missile defence talks would resume",
    "troops left south ossetia after the war",
    "south ossetia and abkhazia declared independence",
    "russia recognised south ossetia",
    "missile defence in poland angered moscow",
    "the secretary of state met the secretary of state of france",
    "secretary of state rice flew home",
]


@pytest.fixture(scope="module")
def model():
    return PhraseModel(min_count=3, threshold=0.5).fit(DOCS)


def test_learns_news_collocations(model):
    assert {"south_ossetia", "missile_defence", "de_hoop_scheffer",
            "secretary_of_state"} <= set(model.vocabulary_)
    assert model.transform("De Hoop Scheffer visited South Ossetia") == [
        ["de_hoop_scheffer", "visited", "south_ossetia"]]


def test_no_phrases_from_stop_words_or_rare_pairs(model):
    assert not any(p.startswith(("the_", "in_")) for p in model.vocabulary_)
    assert "abkhazia_declared" not in model.vocabulary_  # seen once


def test_token_lists_frame_and_pickle(model):
    assert model.transform([["missile", "defence", "plan"]]) == [["missile_defence", "plan"]]
    frame = model.to_frame()
    assert list(frame.columns) == ["phrase", "parts", "npmi", "pass"]
    assert frame.npmi.between(0.5, 1.0).all()
    again = pickle.loads(pickle.dumps(model))
    assert again.transform(DOCS) == model.transform(DOCS)
    assert clone(model).get_params() == model.get_params()


def test_deterministic():
    a = PhraseModel(min_count=3).fit(DOCS)
    b = PhraseModel(min_count=3).fit(list(reversed(DOCS)))
    assert a.phrases_ == b.phrases_


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(), max_size=5))
def test_never_raises(docs):
    model = PhraseModel(min_count=1).fit(docs)
    assert len(model.transform(docs)) == len(docs)
