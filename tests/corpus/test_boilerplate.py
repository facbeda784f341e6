"""The outlet-boilerplate detector: repeated lines per outlet, known widgets, ingestion counts."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.corpus.boilerplate import (
    _doc_segments,
    remove_boilerplate,
    remove_widgets,
    split_segments,
)
from newsprism.corpus.ingest import ingest_frame

FOOTER = "Copyright © 2019 The Daily Planet, LLC. Click here for reprint permission."
STORIES = ["Rain fell on the capital for a third day.", "Taxes rose in the spring budget.",
           "The vote on the bill failed narrowly.", "Fans cheered the late winning goal.",
           "Ice melted early on the northern lakes.", "The mayor opened a new bridge.",
           "Prices of bread went up again.", "A new school opened in the valley."]


def _corpus():
    """Eight Planet stories with the footer, eight Courier stories without it."""
    texts = [f"{s}\n\n{FOOTER.replace('2019', str(2012 + i))}" for i, s in enumerate(STORIES)]
    texts += list(STORIES)
    return pd.Series(texts), ["Planet"] * 8 + ["Courier"] * 8


def test_planted_footer_is_removed_only_in_its_outlet():
    texts, outlets = _corpus()
    # the Courier's texts contain a copy of the footer too, in only two articles
    texts[8] = texts[8] + "\n\n" + FOOTER
    texts[9] = texts[9] + "\n\n" + FOOTER
    result = remove_boilerplate(texts, outlets)
    assert result.texts[:8].tolist() == STORIES  # the footer's years differ: digits are one key
    assert FOOTER in result.texts[8] and FOOTER in result.texts[9]
    by = result.summary["by_outlet"]
    assert by["Planet"]["articles_changed"] == 8 and by["Planet"]["segments_removed"] == 16
    assert by["Courier"]["articles_changed"] == 0
    assert set(result.lines["outlet"]) == {"Planet"}
    assert result.summary["top_lines"]["Planet"][0][1] == 8


@pytest.mark.parametrize(("copies", "removed"), [(4, False), (5, True)])
def test_a_line_needs_min_docs_articles(copies, removed):
    texts = [f"{s}\n\nSubscribe to our newsletter today." if i < copies else s
             for i, s in enumerate(STORIES)]
    result = remove_boilerplate(texts, ["A"] * len(texts), min_docs=5, min_share=0.02)
    assert all(("Subscribe" in t) != removed for t in result.texts[:copies])


def test_min_share_raises_the_bar_for_large_outlets():
    texts = [f"Story {w} was filed." for w in ("alpha beta gamma delta epsilon zeta eta theta "
                                                "iota kappa lambda mu nu xi omicron pi rho sigma "
                                                "tau upsilon").split()]
    texts = [t + " Read more." if i < 5 else t for i, t in enumerate(texts)]
    assert remove_boilerplate(texts, ["A"] * 20, min_share=0.5).summary["segments_removed"] == 0
    assert remove_boilerplate(texts, ["A"] * 20, min_share=0.1).summary["segments_removed"] == 5


def test_copies_of_one_story_are_not_boilerplate():
    # six copies of the same story (a wire story filed six times) share every sentence
    story = "The council met on Monday. It approved the budget. The mayor was absent."
    texts = [story] * 6 + STORIES[:2]
    result = remove_boilerplate(texts, ["A"] * 8)
    assert result.texts.tolist() == texts and result.summary["segments_removed"] == 0


def test_abbreviations_and_initials_do_not_end_a_segment():
    text = "Mr. Lee met Sen. Ross and George W. Bush in the U.S. at 2 p.m. Monday. They agreed."
    assert split_segments(text) == [
        "Mr. Lee met Sen. Ross and George W. Bush in the U.S. at 2 p.m. Monday.", "They agreed."]


def test_the_wire_dateline_is_never_boilerplate():
    texts = [f"MOSCOW, February 6. /TASS/. {s}" for s in STORIES]
    result = remove_boilerplate(texts, ["TASS"] * 8)
    assert result.texts.tolist() == texts


@pytest.mark.parametrize(("raw", "expected", "removed"), [
    ("Calm. Send Facebook Twitter Google+ Whatsapp Tumblr linkedin stumble Digg reddit "
     "Newsvine Permalink http://dw.com/p/2Wx5C The man is believed", "Calm. The man is believed", 1),
    ("Brexit.- Send Facebook Twitter Google+ Whatsapp Tumblr Permalink http://dw.com/p/2WtWT",
     "Brexit.-", 1),
    ("He wrote on Facebook and Twitter that he would resign.",
     "He wrote on Facebook and Twitter that he would resign.", 0),
    ("Facebook, Twitter, Google and Tumblr executives met.",
     "Facebook, Twitter, Google and Tumblr executives met.", 0),
    ("Sen. Bernie Sanders Bernie SandersOvernight Energy: Trump cuts oil | Green groups press "
     "Biden MORE (I-Vt.) ended his run.", "Sen. Bernie Sanders (I-Vt.) ended his run.", 1),
    ("President Trump Donald John TrumpSessions says he still supports Trump MORE's visit.",
     "President Trump's visit.", 1),
    ("The hearing went on.\n\nEnlarge this image toggle caption Alex Wong/Getty Images\n\nIt ended.",
     "The hearing went on.\n\nIt ended.", 1),
    ("Buy MORE now, said Jane Doe of Doe Inc.", "Buy MORE now, said Jane Doe of Doe Inc.", 0),
    ("The talks went on.\n\nReid and McConnell argued on the floor. | Susan Walsh/AP Photo\n\nIt ended.",
     "The talks went on.\n\nIt ended.", 1),
    ("Costs rose. ( PHOTOS: 39 great photos from the year) Then they fell.",
     "Costs rose. Then they fell.", 1),
    ("Sales rose 5% | Costs fell 3% in the year.", "Sales rose 5% | Costs fell 3% in the year.", 0),
])
def test_known_widgets_are_removed_and_counted(raw, expected, removed):
    result = remove_boilerplate([raw], ["Only"])  # one article: only the widget rules apply
    assert result.texts[0] == expected
    assert result.removed["widgets"].tolist() == [removed]
    assert remove_widgets(raw)[1] == removed


def test_ingest_removes_boilerplate_counts_it_and_can_keep_it():
    texts, outlets = _corpus()
    raw = pd.DataFrame({"id": range(16), "text": texts, "outlet": outlets})
    on = ingest_frame(raw, min_chars=10)
    assert not on.corpus["text"].str.contains("reprint").any()
    b = on.summary["boilerplate"]
    assert b["enabled"] and b["by_outlet"]["Planet"]["segments_removed"] == 16
    assert "boilerplate removed from 8 articles" in on.format_summary()
    assert "Planet: 8 of 8 articles" in on.format_summary()
    off = ingest_frame(raw, min_chars=10, boilerplate=False)
    assert off.corpus["text"].str.contains("reprint").sum() == 8
    assert off.summary["boilerplate"] == {"enabled": False}
    assert "boilerplate kept" in off.format_summary()


def test_an_article_that_was_only_boilerplate_is_rejected_with_its_own_reason():
    texts, outlets = _corpus()
    texts[0] = FOOTER
    raw = pd.DataFrame({"id": range(16), "text": texts, "outlet": outlets})
    result = ingest_frame(raw, min_chars=20)
    assert result.summary["rejects"] == {"boilerplate_only": 1}
    assert result.rejects.loc[0, "reason"] == "boilerplate_only"
    assert result.summary["read"] == result.summary["kept"] + result.summary["rejected"]
    assert result.summary["boilerplate"]["by_outlet"]["Planet"]["rejected_boilerplate_only"] == 1


_lines = st.sampled_from(["Advertisement", "Read more.", "Mr. Smith said so.", "Click here.",
                          "The vote failed.", "U.S. troops left.", "", "A b. C d."])


@settings(max_examples=60, deadline=None)
@given(docs=st.lists(st.tuples(st.lists(st.one_of(_lines, st.text(max_size=40)), max_size=6),
                               st.sampled_from(["A", "B", "C"])), max_size=14),
       min_docs=st.integers(2, 6))
def test_never_raises_and_never_removes_a_segment_of_only_one_article(docs, min_docs):
    texts = ["\n".join(lines) for lines, _ in docs]
    outlets = [o for _, o in docs]
    result = remove_boilerplate(texts, outlets, min_docs=min_docs, widgets=False)
    assert len(result.texts) == len(texts)
    keys = [{k for _, _, k, _ in _doc_segments(t)} for t in texts]
    for i, t in enumerate(texts):
        for a, b, k, _ in _doc_segments(t):
            if sum(k in other for other in keys) == 1:  # this segment is in one article only
                # (a changed text has its blanks collapsed, so compare words)
                assert " ".join(t[a:b].split()) in " ".join(result.texts[i].split())
