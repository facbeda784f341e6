"""The one cache of newsprism: keys, on-disk layout, atomic writes, in-process memos.

Everything that is computed once and reused goes through this module:

* :func:`key` turns JSON-able parts (parameters, fingerprints) into a short stable hex key;
* :func:`path` places an artefact under ``<cache_dir>/<kind>/<name>-<key><suffix>``;
* :func:`atomic_write_bytes` / :func:`atomic_write_text` / :func:`atomic_path` write through a
  private temporary file in the target folder and rename it, so a reader never sees half a
  file and a crash leaves no partial artefact under the final name;
* :func:`memo` gives a named, size-bounded in-process LRU mapping; :func:`clear` empties every
  memo at once (tests, long sessions, after changing a resource file).

Example:
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> k = key({"model": "nmf", "k": 10})
    >>> p = path(root, "models", "themes", k, ".json")
    >>> _ = atomic_write_text(p, "{}")
    >>> p.read_text(), p.parent.name
    ('{}', 'models')
    >>> m = memo("doctest", maxsize=2)
    >>> m["a"] = 1; m["b"] = 2; m["c"] = 3
    >>> sorted(m)
    ['b', 'c']
    >>> clear(); len(memo("doctest", maxsize=2))
    0
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

KEY_LENGTH = 32  # hex characters: 128 bits, far beyond any cache's collision risk


def key(*parts: Any) -> str:
    """Stable hex key of JSON-able ``parts`` (dict order does not matter)."""
    blob = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:KEY_LENGTH]


def path(cache_dir: str | Path, kind: str, name: str, cache_key: str, suffix: str) -> Path:
    """``<cache_dir>/<kind>/<name>-<cache_key><suffix>``: the one on-disk layout."""
    return Path(cache_dir) / kind / f"{name}-{cache_key}{suffix}"


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a private temporary path next to ``target``; rename it onto ``target`` on success.

    On any exception the temporary file is removed and ``target`` is left as it was.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def atomic_write_bytes(target: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically; returns ``target`` as a Path."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def atomic_write_text(target: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``target`` atomically (UTF-8, ``\\n`` line ends kept as given)."""
    return atomic_write_bytes(target, text.encode(encoding))


class _BoundedMemo(MutableMapping):
    """A thread-safe LRU mapping that drops its least recently used entries past ``maxsize``."""

    def __init__(self, maxsize: int):
        self.maxsize = maxsize
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.RLock()

    def __getitem__(self, item):
        with self._lock:
            value = self._data[item]
            self._data.move_to_end(item)
            return value

    def __setitem__(self, item, value):
        with self._lock:
            self._data[item] = value
            self._data.move_to_end(item)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def __delitem__(self, item):
        with self._lock:
            del self._data[item]

    def __iter__(self):
        with self._lock:
            return iter(list(self._data))

    def __len__(self):
        return len(self._data)

    def clear(self):
        with self._lock:
            self._data.clear()


_MEMOS: dict[str, _BoundedMemo] = {}
_MEMOS_LOCK = threading.Lock()


def memo(name: str, maxsize: int = 128) -> MutableMapping:
    """The process-wide memo called ``name`` (created on first use, at most ``maxsize`` items).

    Callers keep their own key discipline; a memo holds derived values only, so dropping
    any entry at any time is always safe.
    """
    if maxsize < 1:
        raise ValueError(f"memo {name!r}: maxsize must be at least 1, got {maxsize}")
    with _MEMOS_LOCK:
        found = _MEMOS.get(name)
        if found is None:
            found = _MEMOS[name] = _BoundedMemo(maxsize)
        found.maxsize = maxsize
        return found


def clear() -> None:
    """Empty every in-process memo (on-disk artefacts stay; delete ``cache_dir`` for those)."""
    with _MEMOS_LOCK:
        for found in _MEMOS.values():
            found.clear()
