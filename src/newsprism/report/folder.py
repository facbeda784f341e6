"""The reports folder: one writer at a time, built aside, swapped in whole.

* :func:`locked` holds an exclusive lock on ``.<name>.lock`` next to the destination for the
  whole run; a second run into the same folder stops at once with :class:`ReportBusy`. The
  lock is an OS file lock, released by the kernel when its process ends, so a lock left by a
  killed run is simply taken over.
* :func:`new_build_folder` first removes the ``.<name>.build-*`` / ``.<name>.old-*``
  folders that killed runs left behind (safe: no other run can hold the lock), then creates
  a fresh private one with ``tempfile.mkdtemp``.
* :func:`swap_in` replaces the destination with the finished build.

Example:
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "reports"
    >>> with locked(out):
    ...     build = new_build_folder(out)
    ...     _ = (build / "index.html").write_text("ok")
    ...     swap_in(build, out)
    >>> (out / "index.html").read_text()
    'ok'
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsprism.errors import NewsprismError
from newsprism.report.notebooks import NOTEBOOK_PATTERN

# Top-level entries of a reports folder that a report run owns (everything else in the
# destination, e.g. benchmarks/, is carried over untouched).
MANAGED_DIRS = ("notebooks", "figures", "tables")
MANAGED_FILES = ("index.html", "manifest.json")


class ReportBusy(NewsprismError):
    """Another run is writing into the same reports folder."""


def lock_path(out_dir: Path) -> Path:
    """Where the lock of reports folder ``out_dir`` lives (next to it, not inside)."""
    return out_dir.parent / f".{out_dir.name}.lock"


@contextlib.contextmanager
def locked(out_dir: str | Path) -> Iterator[Path]:
    """Hold the lock of ``out_dir`` for the ``with`` block, or raise :class:`ReportBusy`."""
    out_dir = Path(out_dir)
    path = lock_path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    while True:
        try:  # O_NOFOLLOW: a symlink planted under the lock's name is refused, not followed
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except OSError as exc:
            raise NewsprismError(f"cannot open the lock file {path}: {exc.strerror}") from None
        if not _try_lock(fd):
            holder = os.read(fd, 500).decode("utf-8", "replace").strip() or "unknown process"
            os.close(fd)
            raise ReportBusy(
                f"{out_dir} is being written by another newsprism report ({holder}); wait "
                "for it to finish or choose another --out")
        try:  # the file may have been removed by the run that just released it: retry
            same = os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} on {socket.gethostname()}\n".encode())
        yield path
    finally:
        with contextlib.suppress(OSError):
            path.unlink()  # while still locked: a waiting run then retries on a new file
        os.close(fd)


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:  # a file system without locks (some network mounts)
        os.close(fd)
        raise NewsprismError(f"cannot lock the reports folder: {exc.strerror}; write the "
                             "report to a local disk (--out)") from None
    return True


def stale_folders(out_dir: Path) -> list[Path]:
    """Build and swap folders of ``out_dir`` that earlier (killed) runs left behind."""
    parent = out_dir.parent
    if not parent.is_dir():
        return []
    prefixes = (f".{out_dir.name}.build-", f".{out_dir.name}.old-")
    return sorted(p for p in parent.iterdir()
                  if p.name.startswith(prefixes) and p.is_dir() and not p.is_symlink())


def new_build_folder(out_dir: Path) -> Path:
    """Remove stale build folders of ``out_dir``, then create a fresh private one beside it.

    Call it while holding :func:`locked`, so no running build is mistaken for a stale one.
    """
    for stale in stale_folders(out_dir):
        shutil.rmtree(stale, ignore_errors=True)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.build-", dir=out_dir.parent))


def swap_in(build: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` with ``build`` (two renames in the same folder)."""
    holder = None
    if out_dir.exists():
        holder = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        out_dir.rename(holder / out_dir.name)
    try:
        build.rename(out_dir)
    except OSError:
        if holder is not None:
            (holder / out_dir.name).rename(out_dir)
        raise
    if holder is not None:
        shutil.rmtree(holder, ignore_errors=True)


def read_manifest(out_dir: Path) -> dict:
    """The ``manifest.json`` of the previous run in ``out_dir`` (``{}`` when there is none)."""
    try:
        return json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def copy_files(src: Path, dst: Path, relative: Iterable[str]) -> None:
    """Copy the files ``relative`` to ``src`` into the same places under ``dst``."""
    for rel in relative:
        target = dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src / rel, target)


def move_outputs(stage: Path, build: Path) -> list[str]:
    """Move a notebook's ``figures/`` and ``tables/`` from its staging folder into the build."""
    written = []
    for sub in ("figures", "tables"):
        base = stage / sub
        if not base.is_dir():
            continue
        for p in sorted(base.rglob("*")):
            if p.is_file():
                rel = p.relative_to(stage).as_posix()
                target = build / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(p), target)
                written.append(rel)
    return written


def is_managed(entry: Path) -> bool:
    """True for the top-level entries a report run rebuilds (never carried over)."""
    if entry.name in MANAGED_DIRS or entry.name in MANAGED_FILES:
        return True
    # a rendered notebook from an earlier run
    return entry.suffix == ".html" and bool(NOTEBOOK_PATTERN.match(entry.stem + ".py"))


def carry_over(out_dir: Path, build: Path) -> None:
    """Copy what else lives in the destination (e.g. ``benchmarks/``) into the build."""
    if not out_dir.is_dir():
        return
    for entry in out_dir.iterdir():
        if is_managed(entry) or (build / entry.name).exists():
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, build / entry.name, symlinks=True)
        else:
            shutil.copy2(entry, build / entry.name, follow_symlinks=False)
