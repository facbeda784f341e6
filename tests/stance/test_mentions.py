"""Mention finder: aliases, offsets, overlapping and contextual mentions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.errors import DataError
from newsprism.stance.mentions import find_mentions, sentence_spans
from newsprism.stance.targets import load_targets, parse_targets, select_targets

TARGETS = load_targets()


def found(text):
    m = find_mentions(text, TARGETS)
    return list(zip(m.target, m.mention))


@pytest.mark.parametrize("text, expected", [
    ("Russia warned Kiev.", [("Russia", "Russia")]),
    ("Russians voted on Sunday.", [("Russia", "Russians")]),
    ("The Russian navy sailed.", [("Russia", "Russian")]),
    ("The Kremlin denied it.", [("Russia", "Kremlin")]),
    ("NATO-Russia talks stalled.", [("NATO", "NATO"), ("Russia", "Russia")]),
    ("US-China trade rose.", [("United States", "US"), ("China", "China")]),
    ("Tell us what you think.", []),
    ("He bought fine china.", []),
    ("Ships in the South China Sea.", []),
    ("China Daily reported the story.", []),
    ("Ivanka Trump spoke.", []),
    ("President Donald Trump spoke.", [("Donald Trump", "President Donald Trump")]),
    ("The U.S. embassy opened.", [("United States", "U.S.")]),
    ("Latin American leaders met.", []),
    ("The European Union and the EU Commission.",
     [("EU", "European Union"), ("EU", "EU")]),
    ("The North Atlantic Treaty Organization met.",
     [("NATO", "North Atlantic Treaty Organization")]),
])
def test_aliases_and_exclusions(text, expected):
    assert found(text) == expected


def test_contextual_alias_needs_plain_mention():
    assert found("The alliance expanded eastward.") == []
    assert found("NATO met. The alliance expanded eastward.") == [
        ("NATO", "NATO"), ("NATO", "The alliance")]
    # "the bloc" is the EU only in an article naming the EU
    assert found("The bloc agreed.") == []
    assert found("EU leaders met. The bloc agreed.")[-1] == ("EU", "The bloc")


def test_offsets_index_the_text_and_sentence():
    text = "First line.\n\nThen  NATO-Russia talks   stalled. Moscow blamed the alliance."
    m = find_mentions(text, TARGETS)
    assert list(m.target) == ["NATO", "Russia", "Russia", "NATO"]
    for row in m.itertuples():
        assert text[row.start:row.end] == row.mention
        assert text[row.sent_start:row.sent_end] == row.sentence
        assert row.sent_start <= row.start and row.end <= row.sent_end
    assert m.sentence.iloc[0] == "Then  NATO-Russia talks   stalled."
    assert m.sentence.iloc[-1] == "Moscow blamed the alliance."


def test_overlap_keeps_longer_match_across_targets():
    spec = {"target": [{"name": "A", "aliases": ["New York"]},
                       {"name": "B", "aliases": ["York"]}]}
    m = find_mentions("She left New York and York.", parse_targets(spec))
    assert list(zip(m.target, m.mention, m.start)) == [("A", "New York", 9), ("B", "York", 22)]


def test_no_text_gives_empty_frame_with_columns():
    m = find_mentions("", TARGETS)
    assert len(m) == 0 and "sentence" in m.columns


def test_bad_target_files_name_the_problem(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text('[[target]]\nname = "X"\npatterns = ["(unclosed"]\n')
    with pytest.raises(DataError, match="bad regex"):
        load_targets(path)
    with pytest.raises(DataError, match="unknown target"):
        select_targets(TARGETS, ["Atlantis"])


def test_sentence_spans_map_back_to_original_whitespace():
    text = "  One here.\n\nTwo\u00a0there! Three."
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == ["One here.", "Two\u00a0there!", "Three."]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("NATO Russia US the alliance.\n-'")), max_size=80))
def test_offsets_hold_for_arbitrary_text(text):
    m = find_mentions(text, TARGETS)
    spans = sorted(zip(m.start, m.end))
    for (a, b), row in zip(zip(m.start, m.end), m.itertuples()):
        assert text[a:b] == row.mention
        assert text[row.sent_start:row.sent_end] == row.sentence
        assert row.sent_start <= a and b <= row.sent_end
    for (a1, b1), (a2, b2) in zip(spans, spans[1:]):
        assert b1 <= a2  # mentions never overlap


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["U.S.", "U.S.A.", "US", "USA", "Russia", "Russian",
                                 "Russians", "N.A.T.O.", "NATO", "the", ".", "x", "-", "'s",
                                 "\n", " ", "  "]), max_size=12))
def test_one_alternation_finds_what_one_pattern_per_alias_found(words):
    # the aliases regex factors the word guards out of the alternation; the per-alias
    # form it replaced is the reference
    import re

    from newsprism.stance.targets import _aliases_regex

    aliases = ["U.S.", "U.S.A.", "US", "USA", "Russia", "Russian", "Russians", "N.A.T.O.",
               "NATO"]
    text = "".join(words)  # no separators: "x.US", "USA\nRussians" and the like
    reference = re.compile("|".join(
        r"(?<![\w.])" + re.escape(a).replace(r"\ ", r"\s+") + r"(?![\w])"
        for a in sorted(aliases, key=len, reverse=True)))
    assert ([m.span() for m in re.finditer(_aliases_regex(aliases), text)]
            == [m.span() for m in reference.finditer(text)])
