"""A small corpus for the streaming and Dask tests, with the cases that cross partitions.

80 generated articles (3 outlets, 2 topics, 6 months) plus: an exact copy and a near copy of
article 3 far later in the file (other partitions), an id reused later, an empty and a short
text. Words come from two topic vocabularies so themes and topics are learnable.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

_SPORT = ("match goal team league coach striker season player cup final win score referee "
          "stadium fans transfer keeper defender midfield injury").split()
_MONEY = ("bank shares market profit rates inflation investors economy stocks bonds growth "
          "trade budget deficit prices earnings firm quarter revenue loans").split()
_COMMON = "the a of and to in on for with said after from new".split()


def make_raw(n: int = 80, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        topic = "sport" if i % 2 else "business"
        vocab = _SPORT if topic == "sport" else _MONEY
        words = rng.choice(vocab + _COMMON, size=int(rng.integers(40, 80)))
        rows.append({"id": f"doc{i}", "date": f"2017-{1 + i % 6:02d}-{1 + i % 27:02d}",
                     "source": ["Alpha News", "Beta Post", "Gamma Times"][i % 3],
                     "title": " ".join(rng.choice(vocab, 4)).title(),
                     "text": " ".join(words).capitalize() + ".", "topic": topic})
    raw = pd.DataFrame(rows)
    extra = [
        {**rows[3], "id": "copy3"},                                   # exact copy, later
        {**rows[3], "id": "near3", "text": rows[3]["text"][:-1] + " today."},  # near copy
        {**rows[10], "id": "doc5"},                                   # id already used
        {**rows[11], "id": "empty", "text": ""},
        {**rows[12], "id": "short", "text": "Too short."},
    ]
    return pd.concat([raw, pd.DataFrame(extra)], ignore_index=True)


@pytest.fixture
def raw_corpus() -> pd.DataFrame:
    return make_raw()


@pytest.fixture
def raw_parquet(tmp_path, raw_corpus):
    path = tmp_path / "raw.parquet"
    raw_corpus.to_parquet(path, index=False)
    return path


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """The corpus as a Parquet file shared by a module's tests (they never modify it)."""
    path = tmp_path_factory.mktemp("src") / "raw.parquet"
    make_raw().to_parquet(path, index=False)
    return path
