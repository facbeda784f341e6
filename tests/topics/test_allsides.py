import pandas as pd
import pytest

from newsprism.errors import DataError
from newsprism.topics import load_macro_topic_map, macro_topics, with_macro_topics


def test_macro_table_has_10_to_15_topics():
    table = load_macro_topic_map()
    assert len(table) == 108
    assert 10 <= table.macro_topic[table.macro_topic != ""].nunique() <= 15


@pytest.mark.parametrize("tag, macro", [
    ("elections", "elections"), ("us_senate", "us_government"), ("coronavirus", "healthcare"),
    ("middle_east", "foreign_policy"), ("gun_control_and_gun_rights", "crime_guns_justice"),
    ("general_news", ""), ("not_a_tag", ""),
])
def test_tags_map_to_macro_topics(tag, macro):
    assert macro_topics(pd.Series([tag])).tolist() == [macro]


def test_strict_mode_names_unknown_tags():
    with pytest.raises(DataError, match="not_a_tag"):
        macro_topics(pd.Series(["elections", "not_a_tag"]), strict=True)


def test_with_macro_topics_drops_unmapped_rows():
    df = pd.DataFrame({"topic": ["elections", "general_news"], "text": ["a", "b"]})
    out = with_macro_topics(df)
    assert out.macro_topic.tolist() == ["elections"]
    assert "macro_topic" not in df.columns


@pytest.mark.shared_data
def test_every_allsides_tag_is_in_the_table(shared_data):
    import gzip
    import re

    # pull only the tag out of each line: parsing 36k full articles is slow
    pattern = re.compile(r'"topic":\s*"([^"]*)"')
    with gzip.open(shared_data / "allsides" / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        tags = {m.group(1) for line in f if (m := pattern.search(line))}
    assert len(tags) == 108
    macro_topics(pd.Series(sorted(tags)), strict=True)
