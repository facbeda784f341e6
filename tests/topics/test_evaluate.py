import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import f1_score

from newsprism.errors import DataError
from newsprism.topics import cross_validate_topics, evaluate, misclassified, score_predictions


def _preds(true, pred, groups=None, abstained=None):
    return pd.DataFrame({"doc_id": range(len(true)), "true": true, "predicted": pred,
                         "dup_group": range(len(true)) if groups is None else groups,
                         "abstained": [False] * len(true) if abstained is None else abstained})


def test_scores_match_sklearn():
    true = ["a", "a", "a", "b", "b", "c", "c", "c"]
    pred = ["a", "b", "a", "b", "b", "c", "a", "c"]
    ev = score_predictions(_preds(true, pred), ["a", "b", "c"], n_boot=200)
    assert ev.metrics["macro_f1"] == pytest.approx(f1_score(true, pred, average="macro"))
    assert ev.metrics["accuracy"] == pytest.approx(6 / 8)
    low, high = ev.metrics["macro_f1_ci"]
    assert low < ev.metrics["macro_f1"] < high
    per = ev.per_class.set_index("label")
    assert per.loc["b", "precision"] == pytest.approx(2 / 3)
    assert per.loc["c", "recall"] == pytest.approx(2 / 3)
    assert per.support.tolist() == [3, 2, 3]


def test_confusion_rows_are_true_labels():
    ev = score_predictions(_preds(["a", "a", "b"], ["a", "b", "b"]), ["a", "b"], n_boot=10)
    assert ev.cv_confusion() == {"labels": ["a", "b"], "matrix": [[1, 1], [0, 1]]}


def test_bootstrap_resamples_duplicate_groups():
    true = np.repeat(["a", "b", "a", "b", "a", "b", "a", "b", "a", "b"], 6)
    pred = np.repeat(["a", "b", "b", "b", "a", "a", "a", "b", "a", "b"], 6)
    # 10 judgements, each copied 6 times: resampling copies as if independent is overconfident
    as_if_independent = score_predictions(_preds(true, pred), ["a", "b"], n_boot=300)
    by_cluster = score_predictions(_preds(true, pred, groups=np.repeat(np.arange(10), 6)),
                                   ["a", "b"], n_boot=300)
    width = lambda ev: ev.metrics["macro_f1_ci"][1] - ev.metrics["macro_f1_ci"][0]
    assert width(by_cluster) > 1.5 * width(as_if_independent)


def test_abstentions_count_against_coverage_not_argmax_score():
    ev = score_predictions(_preds(["a", "b", "b"], ["a", "b", "a"], abstained=[False, False, True]),
                           ["a", "b"], n_boot=10)
    assert ev.metrics["coverage"] == pytest.approx(2 / 3)
    assert ev.metrics["macro_f1_answered"] == 1.0
    assert ev.metrics["macro_f1"] < 1.0


def test_grouped_cv_on_tiny_corpus(tiny_corpus, fast_clf):
    ev = evaluate(tiny_corpus, "topic", estimator=fast_clf, n_splits=3, n_boot=50, progress=False)
    m = ev.metrics
    assert m["n_docs"] == 26 and m["n_folds"] == 3 and m["grouped_duplicates"] is True
    assert m["macro_f1"] > 0.6  # three well-separated vocabularies
    pred = ev.predictions.set_index("doc_id")
    # copies sit in the same fold as their originals
    assert pred.loc["d24", "fold"] == pred.loc["d00", "fold"]
    assert pred.loc["d25", "fold"] == pred.loc["d08", "fold"]
    assert set(misclassified(ev, tiny_corpus).columns) >= {"doc_id", "title", "true", "predicted"}


def test_ungrouped_cv_is_labelled_leaky(tiny_corpus, fast_clf):
    ev = cross_validate_topics(tiny_corpus.text, tiny_corpus.topic, estimator=fast_clf,
                               n_splits=2, grouped=False, n_boot=10, progress=False)
    assert ev.metrics["grouped_duplicates"] is False


def test_too_few_documents_per_fold_is_explained(tiny_corpus, fast_clf):
    with pytest.raises(DataError, match="fewer than the 10 folds"):
        evaluate(tiny_corpus, "topic", estimator=fast_clf, n_splits=10, progress=False)


def test_missing_label_column_is_named(tiny_corpus):
    with pytest.raises(DataError, match="label"):
        evaluate(tiny_corpus, "label")
