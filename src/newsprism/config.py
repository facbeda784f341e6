"""Default paths, resolved relative to the project root.

Only the CLI, the Makefile and the notebooks use this module; library functions take
paths as arguments. Override any default with an environment variable:

- ``NEWSPRISM_DATA_DIR``   where downloaded corpora are cached (default ``<root>/data/raw``)
- ``NEWSPRISM_CACHE_DIR``  cached features and models (default ``<root>/data/interim``)
- ``NEWSPRISM_SHARED_DATA`` external benchmarks (default ``<root>/../shared/data``)

Example:
    >>> from newsprism import config
    >>> config.data_dir().name
    'raw'
"""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The checkout's root (the folder holding ``pyproject.toml``), else the working dir."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file() and (parent / "src" / "newsprism").is_dir():
            return parent
    return Path.cwd()


def _env_path(var: str, default: Path) -> Path:
    value = os.environ.get(var)
    return Path(value).expanduser() if value else default


def data_dir() -> Path:
    """Cache of downloaded raw corpora (read-only once written)."""
    return _env_path("NEWSPRISM_DATA_DIR", project_root() / "data" / "raw")


def cache_dir() -> Path:
    """Cache of derived artefacts: tokenised features, fitted models."""
    return _env_path("NEWSPRISM_CACHE_DIR", project_root() / "data" / "interim")


def processed_dir() -> Path:
    """Canonical corpora written by ``newsprism ingest``."""
    return project_root() / "data" / "processed"


def annotations_dir() -> Path:
    """Hand-made annotations tracked in git."""
    return project_root() / "data" / "annotations"


def shared_data_dir() -> Path:
    """External labelled benchmarks (AllSides, NewsMTSC); may not exist."""
    return _env_path("NEWSPRISM_SHARED_DATA", project_root().parent / "shared" / "data")


def reports_dir() -> Path:
    return project_root() / "reports"


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def seeds_dir() -> Path:
    return project_root() / "seeds"
