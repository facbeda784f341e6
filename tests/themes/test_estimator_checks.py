"""The scikit-learn estimator checks that apply to estimators of texts."""

from __future__ import annotations

import pytest
from sklearn.base import clone
from sklearn.utils.estimator_checks import (check_get_params_invariance,
                                            check_no_attributes_set_in_init,
                                            check_parameters_default_constructible,
                                            check_set_params)

from newsprism.themes import GuidedThemes, ThemeModel

ESTIMATORS = [ThemeModel(), GuidedThemes({"energy": ["oil", "gas"]})]
CHECKS = [check_no_attributes_set_in_init, check_parameters_default_constructible,
          check_get_params_invariance, check_set_params]


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_sklearn_check(estimator, check):
    check(type(estimator).__name__, clone(estimator))


@pytest.mark.parametrize("params, match", [({"method": "pca"}, "method"),
                                           ({"n_themes": 1}, "n_themes"),
                                           ({"n_themes": "many"}, "n_themes"),
                                           ({"max_theme_share": 0.0}, "max_theme_share"),
                                           ({"max_outlet_ratio": 1.0}, "max_outlet_ratio")])
def test_bad_parameters_are_refused_at_fit(params, match):
    model = ThemeModel(**params)  # nothing is checked (or done) in __init__
    with pytest.raises(ValueError, match=match):
        model.fit(["oil gas prices"] * 6)


def test_parameters_are_at_most_ten():
    for estimator in ESTIMATORS:
        assert len(estimator.get_params(deep=False)) <= 10
