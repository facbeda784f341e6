"""scikit-learn's estimator checks for the vectorizers, as far as they apply to text input.

``parametrize_with_checks`` runs only ``check_estimator_cloneable`` for an estimator whose
tags say it takes strings, not a 2-D array (every other common check feeds numeric
matrices). So the API checks that never touch data are called directly, and the
behavioural checks scikit-learn would run on numbers are restated on a small literal news
corpus below. Left out, because they are about numeric input: dtypes, NaN/inf, sparse
input, memmaps, complex data, 1-D/2-D array shapes and ``n_features_in_``.
"""

import pickle
import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError, SkipTestWarning
from sklearn.utils import estimator_checks as sk
from sklearn.utils.estimator_checks import parametrize_with_checks

from newsprism.features import NewsCountVectorizer, NewsHashingVectorizer, NewsTfidfVectorizer

DOCS = ["NATO and Russia agreed to resume military ties, officials said.",
        "Russia hopes a dialogue with Washington on missile defence succeeds.",
        "De Hoop Scheffer said NATO and Russia still differ over South Ossetia.",
        "The U.S. plan for missile defence in Poland angered Moscow.",
        "South Ossetia and Abkhazia were recognised by Russia in 2008."] * 2
ESTIMATORS = [NewsCountVectorizer(min_df=1), NewsTfidfVectorizer(min_df=1, ngram_range=(1, 2)),
              NewsHashingVectorizer(n_features=2**10)]
API_CHECKS = [sk.check_estimator_tags_renamed, sk.check_valid_tag_types,
              sk.check_estimator_repr, sk.check_no_attributes_set_in_init,
              sk.check_do_not_raise_errors_in_init_or_set_params, sk.check_mixin_order,
              sk.check_get_params_invariance, sk.check_set_params,
              sk.check_parameters_default_constructible]


def same(a, b):
    return a.shape == b.shape and (a != b).nnz == 0


with warnings.catch_warnings():  # "Can't test estimator ... string input": known, see above
    warnings.simplefilter("ignore", SkipTestWarning)
    SKLEARN_CHECKS = parametrize_with_checks(ESTIMATORS)


@SKLEARN_CHECKS
def test_sklearn_runs_what_applies_to_text(estimator, check):
    check(estimator)


@pytest.mark.parametrize("check", API_CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_api_checks(estimator, check):
    check(type(estimator).__name__, clone(estimator))


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_fit_contract_on_text(estimator):
    est = clone(estimator)
    params = est.get_params()
    assert est.fit(DOCS) is est
    assert est.get_params() == params  # fit does not overwrite parameters
    public = {k for k in vars(est) if not k.startswith("_") and not k.endswith("_")}
    assert public == set(params)  # fit sets only attributes ending in "_" (or private)
    X = est.transform(DOCS)
    state = {k: v for k, v in vars(est).items()}
    est.transform(DOCS[:3])
    assert {k: v for k, v in vars(est).items()} == state  # transform changes nothing
    assert same(clone(estimator).fit(DOCS).transform(DOCS), X)  # fit is idempotent
    assert same(est.fit(DOCS).transform(DOCS), X)
    assert same(est.fit_transform(DOCS), X)


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_subset_and_order_invariance(estimator):
    est = clone(estimator).fit(DOCS)
    X = est.transform(DOCS).toarray()
    rows = np.vstack([est.transform([d]).toarray() for d in DOCS])
    np.testing.assert_array_equal(rows, X)
    order = np.random.default_rng(0).permutation(len(DOCS))
    np.testing.assert_array_equal(est.transform([DOCS[i] for i in order]).toarray(), X[order])


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_pickle_round_trip(estimator):
    est = clone(estimator).fit(DOCS)
    again = pickle.loads(pickle.dumps(est))
    assert same(again.transform(DOCS), est.transform(DOCS))


@pytest.mark.parametrize("estimator", ESTIMATORS[:2], ids=lambda e: type(e).__name__)
def test_unfitted_and_bad_input(estimator):
    with pytest.raises(NotFittedError):
        clone(estimator).transform(DOCS)
    with pytest.raises(ValueError):
        clone(estimator).fit([])
    with pytest.raises(ValueError, match="string object received"):
        clone(estimator).fit("one string")
