"""One string in, one result out; many strings in, many results out."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


def as_text(value: Any) -> str:
    """``value`` as a string; missing values (None, NaN, pd.NA) become ``""``."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    try:
        if value != value:  # NaN and pd.NA
            return ""
    except (TypeError, ValueError):
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def map_text(func: Callable[[str], Any], obj: Any) -> Any:
    """Apply ``func`` to a string, or element-wise to a Series (keeping its index) or iterable.

    A ``pandas.Series`` gives a Series back, any other iterable a list.
    """
    if isinstance(obj, str):
        return func(obj)
    if obj is None:
        return func("")
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        pd = None
    if pd is not None and isinstance(obj, pd.Series):
        return pd.Series([func(as_text(v)) for v in obj], index=obj.index, name=obj.name,
                         dtype=object)
    if isinstance(obj, Iterable):
        return [func(as_text(v)) for v in obj]
    return func(as_text(obj))
