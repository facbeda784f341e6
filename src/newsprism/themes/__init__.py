"""Themes: discovered (NMF / LDA, theme count chosen by coherence and stability) and guided
(a researcher's TOML file of themes → seed terms, with matched terms recorded).

Example:
    >>> from newsprism.themes import ThemeModel, GuidedThemes, npmi_coherence  # doctest: +SKIP
    >>> tm = ThemeModel(n_themes="auto", seed=0).fit(corpus)                     # doctest: +SKIP
    >>> tm.themes_[["label", "top_terms", "coherence"]]                           # doctest: +SKIP
"""

from newsprism.themes.coherence import npmi_coherence, topic_stability
from newsprism.themes.discovered import (ThemeModel, corpus_texts, corpus_theme_model, fit_or_load,
                                        themes_for_texts)
from newsprism.themes.guided import GuidedThemes, load_theme_file

__all__ = ["ThemeModel", "GuidedThemes", "load_theme_file", "npmi_coherence",
           "topic_stability", "corpus_texts", "themes_for_texts", "fit_or_load", "corpus_theme_model",
           "default_theme_file"]


def default_theme_file():
    """Path of the shipped example theme file for the embedded NewsArticles corpus."""
    from pathlib import Path

    return Path(__file__).resolve().parent.parent / "resources" / "themes_newsarticles.toml"
