"""Reports folders: one writer at a time, no leftovers, private temporary folders.

Issue 18 item 6: two runs into one folder both "succeeded" and one reverted the other; a
killed run left a ``.DIR.build-*`` folder forever; a symlink planted at
``/tmp/newsprism-failed`` was followed and its target overwritten.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from newsprism.errors import NewsprismError
from newsprism.report import run as runner

HEADER = '''# %% [markdown]
# # {title}

# %% tags=["parameters"]
corpus = "newsarticles"
fast = False
seed = 0
reports_dir = None
data_dir = None
cache_dir = None
'''
SLOW = HEADER.format(title="Slow") + '''
# %%
import time
time.sleep(60)
'''
QUICK = HEADER.format(title="Quick") + '''
# %%
print("quick")
'''
BROKEN = HEADER.format(title="Broken") + '''
# %%
raise ValueError("deliberate")
'''
FIXED = {"corpus_hash": "0" * 64, "code_hash": "c" * 64, "jobs": 1}


def _notebooks(root: Path, **sources) -> Path:
    folder = root / "notebooks"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in sources.items():
        (folder / f"{name}.py").write_text(text)
    return folder


def _start_slow_run(nbs: Path, out: Path) -> subprocess.Popen:
    code = ("import sys; from newsprism.report.run import run_report; "
            "run_report(sys.argv[1], sys.argv[2], corpus_hash='0' * 64, code_hash='c' * 64, jobs=1)")
    # its own session, so the test can end the run and its kernel together, by process group
    proc = subprocess.Popen([sys.executable, "-c", code, str(nbs), str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while not list(out.parent.glob(f".{out.name}.build-*/notebooks")):
        assert proc.poll() is None, "the slow run ended early"
        assert time.monotonic() < deadline, "the slow run never started building"
        time.sleep(0.2)
    return proc


def _kill(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def test_a_second_run_into_the_same_folder_refuses(tmp_path):
    slow = _notebooks(tmp_path / "a", **{"01_slow": SLOW})
    quick = _notebooks(tmp_path / "b", **{"01_quick": QUICK})
    out = tmp_path / "reports"
    proc = _start_slow_run(slow, out)
    try:
        with pytest.raises(NewsprismError, match=r"being written by another newsprism report "
                                                 rf"\(pid {proc.pid} on"):
            runner.run_report(quick, out, log=lambda _: None, **FIXED)
    finally:
        _kill(proc)
    assert not (out / "index.html").exists()


def test_a_killed_run_leaves_nothing_that_blocks_or_lingers(tmp_path):
    slow = _notebooks(tmp_path / "a", **{"01_slow": SLOW})
    quick = _notebooks(tmp_path / "b", **{"01_quick": QUICK})
    out = tmp_path / "reports"
    proc = _start_slow_run(slow, out)
    _kill(proc)  # SIGKILL: no cleanup code runs
    assert list(tmp_path.glob(".reports.build-*")), "the killed run left no build folder?"
    manifest = runner.run_report(quick, out, log=lambda _: None, **FIXED)  # the lock is taken over
    assert [r["name"] for r in manifest["notebooks"]] == ["01_quick"]
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".reports."))
    assert leftovers == [], leftovers


def test_failed_notebook_is_saved_in_a_private_folder_never_through_a_planted_link(
        tmp_path, monkeypatch):
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "01_broken.ipynb").write_text("precious")
    (private_tmp / "newsprism-failed").symlink_to(victim, target_is_directory=True)
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    nbs = _notebooks(tmp_path, **{"01_broken": BROKEN})
    with pytest.raises(runner.NotebookFailed) as info:
        runner.run_report(nbs, tmp_path / "reports", log=lambda _: None, **FIXED)
    assert (victim / "01_broken.ipynb").read_text() == "precious"
    saved = info.value.saved
    assert saved is not None and saved.is_file() and "deliberate" in saved.read_text()
    assert saved.parent.parent == private_tmp and not saved.parent.is_symlink()
    assert stat.S_IMODE(saved.parent.stat().st_mode) == 0o700
    assert str(saved) in info.value.details()


def test_the_lock_file_is_never_followed_through_a_symlink(tmp_path):
    from newsprism.report.folder import lock_path, locked

    out = tmp_path / "reports"
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep")
    lock_path(out).symlink_to(target)
    with pytest.raises(NewsprismError, match="cannot open the lock file"):
        with locked(out):
            pass
    assert target.read_text() == "keep"
