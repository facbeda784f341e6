"""Shared toy data for the stance tests."""

from __future__ import annotations

import pandas as pd
import pytest


@pytest.fixture
def mention_table():
    """Factory of tiny stance tables: one article per group, one row per target name.

    ``mention_table(verbs, names, n_groups)``: article ``g`` takes the ``g % len(verbs)``-th
    label and says "Leaders <verb> <name> today." with that label's verbs in turn.
    """

    def make(verbs: dict[str, list[str]], names=("NATO", "Russia"), n_groups: int = 24):
        rows = []
        for g in range(n_groups):
            label = list(verbs)[g % len(verbs)]
            for k, name in enumerate(names):
                text = f"Leaders {verbs[label][k % len(verbs[label])]} {name} today."
                start = text.index(name)
                rows.append({"text": text, "start": start, "end": start + len(name),
                             "label": label, "group": f"doc{g}"})
        return pd.DataFrame(rows)

    return make


INFLECTED_VERBS = {"favor": ["praised", "praises", "praising", "welcomed"],
                   "against": ["condemned", "condemns", "condemning", "blamed"],
                   "neutral": ["visited", "visits", "met", "called"]}


@pytest.fixture
def inflected_mentions(mention_table):
    """24 articles × 3 targets whose verbs come in several inflections (for stem/view tests)."""
    return mention_table(INFLECTED_VERBS, names=("NATO", "Russia", "China"), n_groups=24)
