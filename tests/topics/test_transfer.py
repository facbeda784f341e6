import pandas as pd
import pytest

from newsprism.errors import DataError
from newsprism.topics import (
    load_section_map,
    map_sections,
    sections_of,
    train_topic_model,
    transfer_check,
)

BBC_TOPICS = {"business", "entertainment", "politics", "sports", "tech"}


def test_packaged_section_map_is_consistent():
    table = load_section_map()
    assert not table.duplicated(["source", "section"]).any()
    assert set(table.topic) - {""} <= BBC_TOPICS
    # every section without a counterpart says why
    assert (table.loc[table.topic == "", "note"].str.len() > 0).all()
    for source in ("TASS", "BBC", "ABC News", "RTE"):
        assert (table.source == source).sum() >= 4


def test_bad_section_map_is_located(tmp_path):
    path = tmp_path / "map.csv"
    path.write_text("source,section,topic\nTASS,sport,sports\nTASS,Sport,sports\n")
    with pytest.raises(DataError, match="row 3"):
        load_section_map(path)


@pytest.mark.parametrize("url, section", [
    ("http://tass.com/economy/929942", "economy"),
    ("http://www.bbc.co.uk/news/business-38895007", "business"),
    ("http://abcnews.go.com/Politics/ryan-pulls-gop-health-care-bill/story?id=46346773", "politics"),
    ("http://www.rte.ie/news/business/2017/0207/850712-x/", "business"),
])
def test_sections_from_urls(url, section):
    assert sections_of(pd.DataFrame({"url": [url]})).tolist() == [section]


def test_map_and_transfer_on_tiny_corpora(tiny_corpus, fast_clf):
    model = train_topic_model(tiny_corpus, "topic", estimator=fast_clf)
    target = pd.DataFrame({
        "doc_id": ["n1", "n2", "n3", "n4"],
        "source": ["TASS", "TASS", "TASS", "RTE"],
        "title": ["", "", "", ""],
        "url": ["http://tass.com/sport/1", "http://tass.com/economy/2",
                "http://tass.com/world/3", "http://www.rte.ie/news/2017/0207/850712-x/"],
        "text": ["The striker scored a goal and the team won the match",
                 "Shares fell as the bank cut interest rates",
                 "The minister met the party leader before the election",
                 "The club won the cup final"],
    })
    custom = pd.DataFrame({"source": ["TASS", "TASS", "TASS"], "section": ["sport", "economy", "world"],
                           "topic": ["sport", "business", ""]})
    mapped = map_sections(target, custom)
    assert mapped.section_topic.tolist() == ["sport", "business", "", ""]
    result = transfer_check(model, target, custom, n_boot=20)
    assert result.evaluation.metrics["n_docs"] == 2
    assert result.evaluation.metrics["accuracy"] == 1.0
    world = result.by_section.set_index("section").loc["world"]
    assert world.articles == 1 and world.most_common_prediction == "politics"
    assert set(result.unmapped.section) == {"world"}
