"""Fixtures shared across the test suite.

Real-corpus fixtures fetch the embedded data on first use (``newsprism data get``); the
external benchmarks in ``../shared/data`` are optional and their tests skip when absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from newsprism import config  # noqa: E402


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` (or $NEWSPRISM_SHARED_DATA); skips the test when it is absent."""
    path = config.shared_data_dir()
    if not path.is_dir():
        pytest.skip(f"external benchmark data not found at {path}")
    return path


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return config.data_dir()


@pytest.fixture(scope="session")
def newsarticles(data_dir):
    from newsprism.corpus import load_corpus

    return load_corpus("newsarticles", data_dir=data_dir)


@pytest.fixture(scope="session")
def bbc(data_dir):
    from newsprism.corpus import load_corpus

    return load_corpus("bbc", data_dir=data_dir)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return config.seeds_dir() / "000_9259703123286210.txt"


@pytest.fixture(autouse=True)
def _quiet_progress(monkeypatch):
    # tqdm bars in captured test output are noise
    monkeypatch.setenv("TQDM_DISABLE", "1")
    yield


IN_CI = bool(os.environ.get("CI"))


@pytest.fixture
def two_outlet_corpus() -> pd.DataFrame:
    """Six canonical rows from outlets A (Kremlin words) and B (White House words), one
    undated, one empty, with exact and near duplicates marked."""
    return pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(6)],
        "date": pd.to_datetime(["2017-01-02", "2017-01-03", "2017-01-16", None, "2017-01-04",
                                "2017-01-05"]),
        "source": ["A", "A", "A", "B", "B", "B"],
        "title": ["t"] * 6,
        "text": ["kremlin kremlin moscow said", "kremlin said today", "moscow kremlin",
                 "white house said", "white house today", ""],
        "dup_kind": ["", "", "exact", "", "near", ""],
        "dup_group": [0, 1, 0, 2, 2, 3],
    })
