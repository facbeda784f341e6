"""Themes: discovered (NMF / LDA, theme count chosen by coherence and stability) and guided
(a researcher's TOML file of themes → seed terms, with matched terms recorded).

Example:
    >>> from newsprism.themes import ThemeModel, GuidedThemes, npmi_coherence  # doctest: +SKIP
    >>> tm = ThemeModel(n_themes="auto", seed=0).fit(corpus)                     # doctest: +SKIP
    >>> tm.themes_[["label", "top_terms", "coherence"]]                           # doctest: +SKIP
"""

from newsprism.themes.coherence import npmi_coherence, topic_stability
from newsprism.themes.discovered import (ThemeModel, auto_candidates, corpus_texts,
                                         themes_for_texts)
from newsprism.themes.guided import GuidedThemes, default_theme_file, load_theme_file
from newsprism.themes.nearest import nearest_articles
from newsprism.themes.outlets import outlet_term_ratio, outlet_terms, strip_datelines

__all__ = ["ThemeModel", "GuidedThemes", "load_theme_file", "npmi_coherence",
           "topic_stability", "corpus_texts", "themes_for_texts", "default_theme_file",
           "nearest_articles", "auto_candidates", "outlet_terms", "outlet_term_ratio",
           "strip_datelines"]
