"""The one accessor for files shipped inside the package (``newsprism/resources/``).

Example:
    >>> resource_path("stopwords_news.txt").name
    'stopwords_news.txt'
    >>> "the" in read_text("stopwords_news.txt").split()
    True
"""

from __future__ import annotations

from importlib import resources as _resources
from pathlib import Path

from newsprism.errors import NewsprismError


def resource_path(name: str) -> Path:
    """Path of a packaged resource file, e.g. ``"targets_newsarticles.toml"``."""
    found = Path(str(_resources.files("newsprism").joinpath("resources", *name.split("/"))))
    if not found.is_file():
        raise NewsprismError(f"newsprism ships no resource {name!r} (looked at {found})")
    return found


def read_text(name: str) -> str:
    """The UTF-8 text of a packaged resource file."""
    return resource_path(name).read_text("utf-8")
