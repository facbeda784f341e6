import numpy as np
import pandas as pd
import pytest

from newsprism.trends import adjust_shares, confusion_from_card, confusion_rates, prevalence_acc


def test_binary_matches_forman_formula():
    tpr, fpr = 0.8, 0.15
    R = np.array([[1 - fpr, fpr], [1 - tpr, tpr]])   # rows: true neg, true pos
    for p_true in (0.05, 0.3, 0.6):
        q_pos = fpr + (tpr - fpr) * p_true
        p = adjust_shares([1 - q_pos, q_pos], R)
        assert p[1] == pytest.approx((q_pos - fpr) / (tpr - fpr))


def test_three_class_recovers_truth_and_clips():
    C = np.array([[70, 20, 10], [10, 80, 10], [5, 15, 80]])
    R = confusion_rates(C)
    p = np.array([0.5, 0.2, 0.3])
    assert np.allclose(adjust_shares(R.T @ p, R), p)
    # an impossible observed share still gives a distribution
    out = adjust_shares([0.0, 0.0, 1.0], R)
    assert (out >= 0).all() and out.sum() == pytest.approx(1)


def _synthetic(seed=0, n=2000):
    """Documents with a known true topic; a classifier confuses them per C."""
    rng = np.random.default_rng(seed)
    labels = ["a", "b", "c"]
    C = np.array([[160, 30, 10], [20, 170, 10], [10, 40, 150]])
    R = confusion_rates(C)
    true = rng.choice(3, n, p=[0.6, 0.1, 0.3])
    pred = np.array([rng.choice(3, p=R[t]) for t in true])
    df = pd.DataFrame({"doc_id": np.arange(n), "date": pd.Timestamp("2017-01-02"),
                       "source": "S", "theme": np.array(labels)[pred]})
    return df, labels, C, np.bincount(true, minlength=3) / n


def test_acc_closer_to_truth_than_raw():
    df, labels, C, truth = _synthetic()
    out = prevalence_acc(df, labels, C, n_boot=300)
    raw = out[out.estimate == "raw"].set_index("theme").loc[labels]
    acc = out[out.estimate == "acc"].set_index("theme").loc[labels]
    assert np.abs(acc["share"] - truth).sum() < np.abs(raw["share"] - truth).sum() / 2
    assert acc["share"].sum() == pytest.approx(1)
    assert ((acc.ci_low <= truth) & (truth <= acc.ci_high)).all()
    assert ((acc.ci_low <= acc.share) & (acc.share <= acc.ci_high)).all()


def test_confusion_uncertainty_widens_interval():
    df, labels, C, _ = _synthetic()
    wide = prevalence_acc(df, labels, C / 10, n_boot=300)     # 10x fewer validation docs
    narrow = prevalence_acc(df, labels, C, n_boot=300)
    w = lambda t: (t[t.estimate == "acc"].ci_high - t[t.estimate == "acc"].ci_low).mean()  # noqa: E731
    assert w(wide) > w(narrow)


def test_rates_need_counts():
    df, labels, C, _ = _synthetic(n=50)
    with pytest.raises(ValueError, match="n_per_class"):
        prevalence_acc(df, labels, confusion_rates(C), n_boot=10)
    out = prevalence_acc(df, labels, confusion_rates(C), n_per_class=C.sum(1), n_boot=10)
    assert set(out.estimate) == {"raw", "acc"}


def test_unknown_label_rejected():
    df, labels, C, _ = _synthetic(n=20)
    with pytest.raises(ValueError, match="not in the confusion"):
        prevalence_acc(df.assign(theme="zzz"), labels, C, n_boot=5)


def test_card_reader():
    labels, M = confusion_from_card({"cv_confusion": {"labels": ["x", "y"], "matrix": [[3, 1], [0, 4]]}})
    assert labels == ["x", "y"] and M.shape == (2, 2)
    with pytest.raises(ValueError):
        confusion_from_card({})


def test_topic_assignments_use_argmax_not_abstention():
    from newsprism.trends import topic_assignments

    corpus = pd.DataFrame({"doc_id": ["a", "b"], "date": pd.to_datetime(["2017-01-02"] * 2),
                           "source": ["X", "Y"], "text": ["", ""]})
    pred = pd.DataFrame({"doc_id": ["a", "b"], "topic": ["other", "sport"],
                         "p_politics": [0.4, 0.1], "p_sport": [0.35, 0.8], "p_tech": [0.25, 0.1]})
    a = topic_assignments(pred, corpus)
    assert a["theme"].tolist() == ["politics", "sport"]
    assert list(a.columns) == ["doc_id", "date", "source", "theme"]


STANCE = ["favor", "against", "neutral"]
# a stance model that calls 30% of true favor "neutral" and 20% of neutral "against"
STANCE_CM = np.array([[140, 10, 50], [10, 170, 20], [10, 40, 150]])


def _stance_articles(rng, true_p, n_articles=150, mentions=4):
    """Articles whose mentions have true stance ~ true_p, labelled through STANCE_CM."""
    R = confusion_rates(STANCE_CM)
    rows = []
    for source, p in true_p.items():
        for _ in range(n_articles):
            truth = rng.choice(3, size=mentions, p=p)
            pred = np.array([rng.choice(3, p=R[t]) for t in truth])
            counts = np.bincount(pred, minlength=3)
            rows.append({"date": pd.Timestamp("2017-01-02"), "source": source, "target": "NATO",
                         "n_favor": counts[0], "n_against": counts[1], "n_neutral": counts[2]})
    return pd.DataFrame(rows)


def test_stance_shares_are_corrected_with_a_known_confusion_matrix():
    from newsprism.trends import stance_shares_acc

    true_p = {"X": np.array([0.5, 0.2, 0.3]), "Y": np.array([0.1, 0.6, 0.3])}
    hits, raw_err, acc_err = [], [], []
    for rep in range(20):
        arts = _stance_articles(np.random.default_rng(rep), true_p)
        t = stance_shares_acc(arts, STANCE, STANCE_CM, n_boot=200, seed=rep)
        for source, p in true_p.items():
            truth = dict(zip(STANCE + ["net"], list(p) + [p[0] - p[1]]))
            for est in ("raw", "acc"):
                cell = t[(t.source == source) & (t.estimate == est)].set_index("stance")
                err = [abs(cell.at[s, "share"] - truth[s]) for s in truth]
                (raw_err if est == "raw" else acc_err).append(np.mean(err))
                if est == "acc":
                    hits += [cell.at[s, "ci_low"] <= truth[s] <= cell.at[s, "ci_high"] for s in truth]
    assert np.mean(acc_err) < 0.5 * np.mean(raw_err)   # counting labels is biased, ACC is not
    assert np.mean(hits) >= 0.85                          # intervals include the correction


def test_stance_raw_shares_are_the_label_counts():
    from newsprism.trends import stance_shares_acc

    arts = _stance_articles(np.random.default_rng(0), {"X": np.array([0.4, 0.4, 0.2])}, 30)
    t = stance_shares_acc(arts, STANCE, STANCE_CM, n_boot=50)
    raw = t[t.estimate == "raw"].set_index("stance")["share"]
    total = arts[["n_favor", "n_against", "n_neutral"]].to_numpy().sum()
    assert raw["favor"] == pytest.approx(arts["n_favor"].sum() / total)
    assert raw["net"] == pytest.approx(raw["favor"] - raw["against"])
    assert set(t.columns) >= {"n_articles", "mentions", "ci_low", "ci_high"}


def test_stance_shares_need_the_article_counts():
    from newsprism.trends import stance_shares_acc

    with pytest.raises(ValueError, match="n_favor"):
        stance_shares_acc(pd.DataFrame({"date": [], "source": [], "target": []}), STANCE,
                          STANCE_CM)


def test_raw_stance_shares_of_an_all_favor_cell_get_a_wilson_interval():
    from newsprism.trends import stance_shares_acc

    arts = pd.DataFrame({"date": pd.to_datetime(["2017-01-02"] * 3), "source": "X",
                         "target": "NATO", "n_favor": [2, 1, 3], "n_against": 0, "n_neutral": 0})
    t = stance_shares_acc(arts, STANCE, STANCE_CM, n_boot=100)
    raw = t[t.estimate == "raw"].set_index("stance")
    assert raw.at["favor", "share"] == 1.0 and raw.at["favor", "ci_method"] == "wilson"
    # n = 3 articles (the resampling unit), not 6 mentions
    assert raw.at["favor", "ci_low"] == pytest.approx(3 / (3 + 1.959964 ** 2), rel=1e-5)
    assert raw.at["net", "ci_method"] == "bootstrap"
    assert set(t.loc[t.estimate == "acc", "ci_method"]) == {"bootstrap"}
