"""fit_or_load: a theme fit is saved once (skops + card) and reused only for identical input."""

from __future__ import annotations

import numpy as np
import pandas as pd

from newsprism.themes import ThemeModel, fit_or_load

DOCS = ["nato troops military drill", "military troops nato base",
        "oil gas energy prices", "energy gas pipeline oil",
        "election vote president campaign", "vote campaign election poll"] * 3


def _model(**kw):
    return ThemeModel(n_themes="auto", candidates=[2, 3], n_runs=2, min_df=1, max_df=1.0,
                      ngram_range=(1, 1), seed=0, **kw)


def test_second_call_loads_an_identical_model(tmp_path):
    first, how = fit_or_load(_model(), DOCS, tmp_path)
    again, how_again = fit_or_load(_model(), DOCS, tmp_path)
    assert how.startswith("fitted") and how_again.startswith("loaded")
    assert len(list((tmp_path / "models").glob("themes-*.skops"))) == 1
    np.testing.assert_array_equal(first.transform(DOCS), again.transform(DOCS))
    pd.testing.assert_frame_equal(first.themes_, again.themes_)
    pd.testing.assert_frame_equal(first.selection_, again.selection_)
    assert again.n_themes_ == first.n_themes_


def test_other_texts_or_parameters_fit_afresh(tmp_path):
    fit_or_load(_model(), DOCS, tmp_path)
    _, other_texts = fit_or_load(_model(), DOCS[:-1], tmp_path)
    _, other_params = fit_or_load(_model(n_top_terms=5), DOCS, tmp_path)
    assert other_texts.startswith("fitted") and other_params.startswith("fitted")
    assert len(list((tmp_path / "models").glob("themes-*.skops"))) == 3


def test_a_corrupt_saved_fit_is_refitted_not_fatal(tmp_path):
    fit_or_load(_model(), DOCS, tmp_path)
    path = next((tmp_path / "models").glob("themes-*.skops"))
    path.write_bytes(b"not a zip")
    model, how = fit_or_load(_model(), DOCS, tmp_path)
    assert how.startswith("fitted") and "unreadable" in how
    assert model.transform(DOCS[:1]).shape == (1, model.n_themes_)


def test_saving_does_not_alter_the_fitted_model(tmp_path):
    model, _ = fit_or_load(_model(), DOCS, tmp_path)
    assert isinstance(model.themes_, pd.DataFrame) and isinstance(model.selection_, pd.DataFrame)
