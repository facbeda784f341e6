"""A tiny literal corpus for the topic tests: three topics, distinct vocabularies, duplicates."""

from __future__ import annotations

import pandas as pd
import pytest

SPORT = ["The striker scored a late goal in the cup final",
         "The coach praised the keeper after the league match",
         "Fans cheered as the team won the title on penalties",
         "The tennis champion won the match in straight sets",
         "The club signed a new striker before the season",
         "The runner broke the record at the athletics final",
         "The captain scored twice as the team won the derby",
         "The league leaders lost the match after a late goal"]
BUSINESS = ["Shares in the bank fell after profits dropped sharply",
            "The central bank raised interest rates to curb inflation",
            "The firm reported record profits and higher sales",
            "Oil prices rose as markets reacted to the output cut",
            "The company cut jobs after sales fell for a third year",
            "Investors sold shares as the currency fell against the dollar",
            "The retailer said profits rose on strong online sales",
            "Inflation slowed and the bank held interest rates"]
POLITICS = ["The prime minister faced MPs over the election pledge",
            "The opposition leader attacked the government budget plan",
            "Voters head to the polls in the general election",
            "The minister resigned after a row with the party leader",
            "Parliament voted on the government immigration bill",
            "The party unveiled its election manifesto on tax",
            "MPs debated the minister's plan for council elections",
            "The government lost a vote in parliament on the bill"]


@pytest.fixture()
def tiny_corpus() -> pd.DataFrame:
    texts = SPORT + BUSINESS + POLITICS
    topics = ["sport"] * 8 + ["business"] * 8 + ["politics"] * 8
    df = pd.DataFrame({"doc_id": [f"d{i:02d}" for i in range(len(texts))],
                       "title": [t.split(" ", 3)[-1][:20] for t in texts],
                       "text": texts, "topic": topics})
    # two exact copies (different case/spacing) that must stay with their originals
    extra = pd.DataFrame({"doc_id": ["d24", "d25"], "title": ["copy", "copy"],
                          "text": [SPORT[0].upper(), "  " + BUSINESS[0] + "  "],
                          "topic": ["sport", "business"]})
    return pd.concat([df, extra], ignore_index=True)


@pytest.fixture()
def fast_clf():
    from newsprism.topics import TopicClassifier

    return TopicClassifier(param_grid={"C": [1.0]}, inner_splits=2, min_df=1, max_df=1.0,
                           abstain_threshold=0.0)
