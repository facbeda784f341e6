"""AllSides topic tags grouped into macro topics: a richer label set for US political news.

The AllSides corpus (Baly et al. 2020) tags each article with one of 108 topics, many
tiny or overlapping (``us_house``, ``us_senate``, ``us_congress``). The packaged table
``resources/allsides_macro_topics.csv`` (columns ``tag, macro_topic, note``) folds them into
14 macro topics: elections, us_government, immigration, healthcare, economy,
foreign_policy, security_defense, crime_guns_justice, civil_rights_society, media,
environment_energy, science_technology, education, culture_lifestyle. ``general_news``
carries no content topic and is left out (empty ``macro_topic``).

Example:
    >>> import pandas as pd
    >>> macro_topics(pd.Series(["us_house", "isis", "general_news"])).tolist()
    ['us_government', 'security_defense', '']
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from newsprism.errors import DataError
from newsprism.resources import resource_path


def load_macro_topic_map(path: str | Path | None = None) -> pd.DataFrame:
    """The tag -> macro topic table (the packaged one when ``path`` is None)."""
    path = resource_path("allsides_macro_topics.csv") if path is None else Path(path)
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    if not {"tag", "macro_topic"} <= set(table.columns):
        raise DataError("needs columns tag and macro_topic", path=path)
    dup = table["tag"].duplicated()
    if dup.any():
        raise DataError(f"tag {table['tag'][dup].iloc[0]!r} listed twice", path=path,
                        row=int(dup.to_numpy().argmax()) + 2, column="tag")
    return table


def macro_topics(tags: pd.Series, mapping: pd.DataFrame | None = None, *,
                 strict: bool = False) -> pd.Series:
    """Macro topic per tag; ``""`` for tags left out (and, unless ``strict``, unknown tags).

    With ``strict`` an unknown tag raises :class:`DataError` naming it.
    """
    mapping = load_macro_topic_map() if mapping is None else mapping
    lookup = dict(zip(mapping["tag"], mapping["macro_topic"]))
    clean = tags.fillna("").astype(str).str.strip()
    unknown = sorted(set(clean) - set(lookup) - {""})
    if strict and unknown:
        raise DataError(f"tags not in the macro-topic table: {unknown[:10]}", column="topic")
    return clean.map(lambda t: lookup.get(t, "")).rename("macro_topic")


def with_macro_topics(corpus: pd.DataFrame, tag_col: str = "topic",
                      mapping: pd.DataFrame | None = None) -> pd.DataFrame:
    """A copy of ``corpus`` with a ``macro_topic`` column, keeping only mapped rows."""
    if tag_col not in corpus.columns:
        raise DataError(f"no tag column {tag_col!r}", column=tag_col)
    out = corpus.assign(macro_topic=macro_topics(corpus[tag_col], mapping).to_numpy())
    return out[out["macro_topic"] != ""].reset_index(drop=True)
