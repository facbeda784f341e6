import numpy as np
import pytest

from newsprism.themes.coherence import jaccard, npmi_coherence, topic_stability

# 4 documents × 4 terms: a,b always together; c in half the docs independently of a;
# d never with a.
X = np.array([
    [1, 1, 1, 0],
    [1, 1, 0, 0],
    [0, 0, 1, 1],
    [0, 0, 0, 1],
])


@pytest.mark.parametrize("terms, expected", [
    ([0, 1], 1.0),    # always co-occur
    ([0, 3], -1.0),   # never co-occur
    ([0, 2], 0.0),    # P(a,c) = 1/4 = P(a) P(c): independent
])
def test_npmi_known_pairs(terms, expected):
    assert npmi_coherence([terms], X)[0] == pytest.approx(expected, abs=1e-9)


def test_npmi_is_mean_over_pairs():
    # pairs (a,b)=1, (a,c)=0, (b,c)=0 -> mean 1/3
    assert npmi_coherence([[0, 1, 2]], X)[0] == pytest.approx(1 / 3, abs=1e-9)


def test_npmi_by_hand_value():
    # a in 2 of 4 docs, e in 3, both in 2: log(0.5/(0.5*0.75)) / -log(0.5)
    Y = np.array([[1, 1], [1, 1], [0, 1], [0, 0]])
    expected = np.log(0.5 / (0.5 * 0.75)) / -np.log(0.5)
    assert npmi_coherence([[0, 1]], Y)[0] == pytest.approx(expected)


def test_npmi_single_term_is_nan():
    assert np.isnan(npmi_coherence([[0]], X)[0])


def test_npmi_counts_only_presence():
    assert npmi_coherence([[0, 1]], X * 7.5)[0] == pytest.approx(1.0)


def test_stability_identical_and_disjoint():
    a = [["x", "y"], ["z", "w"]]
    assert topic_stability(a, list(reversed(a))) == 1.0
    assert topic_stability(a, [["p", "q"], ["r", "s"]]) == 0.0


def test_stability_unmatched_themes_count_as_zero():
    assert topic_stability([["x", "y"]], [["x", "y"], ["z", "w"]]) == 0.5


def test_jaccard():
    assert jaccard("ab", "bc") == pytest.approx(1 / 3)
