"""Content fingerprints: the one home of every hash newsprism stores or keys a cache with.

* :func:`file_sha256` - a file's bytes (model cards record it; loading checks it);
* :func:`path_fingerprint` - a file, or every file name and byte below a folder;
* :func:`source_fingerprint` - the installed newsprism code, or the parts of it a cached
  result depends on;
* :func:`texts_fingerprint` - an ordered sequence of documents (None/NaN count as "");
* :func:`frame_fingerprint` - chosen columns of a table, row order included.

Example:
    >>> texts_fingerprint(["a", "b"]) == texts_fingerprint(["a", "b"]) != texts_fingerprint(["ab"])
    True
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from newsprism.errors import NewsprismError


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    return value if isinstance(value, str) else str(value)


def file_sha256(path: str | Path) -> str:
    """SHA-256 hex digest of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def files_under(folder: str | Path) -> list[Path]:
    """Every file below ``folder`` except caches (``__pycache__``) and hidden files."""
    folder = Path(folder)
    return [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
            and not p.name.startswith(".")]


def _sha256_files(paths: Iterable[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for item in sorted(paths, key=lambda p: p.relative_to(root).as_posix()):
        digest.update(item.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        with open(item, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        digest.update(b"\0")
    return digest.hexdigest()


def path_fingerprint(path: str | Path) -> str:
    """SHA-256 over a file, or over every file (relative names and bytes) below a folder."""
    path = Path(path)
    if path.is_file():
        return _sha256_files([path], path.parent)
    if path.is_dir():
        return _sha256_files(files_under(path), path)
    raise NewsprismError(f"{path} does not exist")


def source_fingerprint(*parts: str) -> str:
    """SHA-256 of the installed newsprism source, or of ``parts`` of it.

    ``parts`` are paths relative to the package (modules such as ``"stance/encoder.py"``
    or folders such as ``"themes"``). A cache keyed by the parts its result depends on
    survives edits elsewhere: a fine-tune that takes half an hour is not repeated because
    a plotting function changed.

    Example:
        >>> source_fingerprint("cache.py") == source_fingerprint("cache.py") != source_fingerprint()
        True
    """
    import newsprism

    root = Path(newsprism.__file__).resolve().parent
    if not parts:
        return path_fingerprint(root)
    digest = hashlib.sha256()
    for part in sorted(parts):
        digest.update(f"{part}\0{path_fingerprint(root / part)}\n".encode())
    return digest.hexdigest()


def texts_fingerprint(texts: Iterable) -> str:
    """SHA-256 of an ordered sequence of documents: each one's UTF-8 length, then its bytes."""
    digest = hashlib.sha256()
    count = 0
    for text in texts:
        data = _as_text(text).encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
        count += 1
    digest.update(count.to_bytes(8, "little"))
    return digest.hexdigest()


def frame_fingerprint(frame, columns: Sequence[str]) -> str:
    """SHA-256 of the given columns of a DataFrame (missing columns count as empty)."""
    parts = []
    for column in columns:
        values = frame[column] if column in frame.columns else [""] * len(frame)
        parts.append(f"{column}\0{texts_fingerprint(values)}")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
