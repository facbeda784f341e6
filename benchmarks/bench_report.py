"""Benchmark: the full ``newsprism report`` on the embedded default corpus.

Three runs into a temporary reports folder with a temporary feature/model cache:

1. **cold**: empty cache, every notebook executed (``--force``);
2. **warm, re-executed**: ``--force`` again, so every notebook runs but finds its cached
   features and models;
3. **cached**: no ``--force``; notebooks whose inputs are unchanged are reused.

Goal (issue 7): cold <= 180 s, cached <= 30 s on 2 cores. Writes
``reports/benchmarks/report.json`` and ``report.md``.

The runs use a snapshot copy of ``src/`` and ``notebooks/`` (see ``--no-snapshot``), so
edits made in the working tree while the benchmark runs do not count as code changes.

Usage:
    python benchmarks/bench_report.py [--corpus newsarticles] [--fast]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsprism import config
from newsprism.persist import package_versions
from newsprism.cache import atomic_write_text
from newsprism.report.folder import carry_over, locked, new_build_folder, swap_in
from newsprism.report.run import discover_notebooks, git_state

GOALS = {"cold": 180.0, "cached": 30.0}


def _snapshot(tmp: Path) -> dict[str, str]:
    """Copy the code (package + notebooks) so edits made elsewhere during the benchmark
    cannot invalidate the cache between runs; returns the environment that uses the copy."""
    root = config.project_root()
    snap = tmp / "snapshot"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.ipynb")
    shutil.copytree(root / "src", snap / "src", ignore=ignore)
    shutil.copytree(root / "notebooks", snap / "notebooks", ignore=ignore)
    shutil.copy2(root / "pyproject.toml", snap / "pyproject.toml")
    for sub in ("annotations",):
        if (root / "data" / sub).is_dir():
            shutil.copytree(root / "data" / sub, snap / "data" / sub)
    if config.seeds_dir().is_dir():
        shutil.copytree(config.seeds_dir(), snap / "seeds")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(snap / "src"), env.get("PYTHONPATH")]))
    env["NEWSPRISM_DATA_DIR"] = str(config.data_dir())
    env["NEWSPRISM_SHARED_DATA"] = str(config.shared_data_dir())
    # the manifest's git commit and dirty flag describe the real checkout, not the copy
    env["GIT_DIR"] = str(root / ".git")
    env["GIT_WORK_TREE"] = str(root)
    return env


def _publish(built: Path, dest: Path) -> None:
    """Copy the cold run's reports to ``dest`` as a report run would: under the folder's
    lock, built aside, keeping what else lives there (e.g. benchmarks/), swapped in."""
    with locked(dest):
        build = new_build_folder(dest)
        try:
            shutil.copytree(built, build, dirs_exist_ok=True)
            carry_over(dest, build)
            swap_in(build, dest)
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise


def _run(args: list[str], env=None) -> tuple[float, dict]:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "newsprism.cli", "report", *args],
                          capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"newsprism report {' '.join(args)} failed:\n{proc.stderr[-4000:]}")
    out = Path(args[args.index("--out") + 1])
    manifest = json.loads((out / "manifest.json").read_text())
    return elapsed, manifest


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="newsarticles")
    parser.add_argument("--fast", action="store_true", help="benchmark the fast mode instead")
    parser.add_argument("--runs", nargs="+", default=["cold", "warm_reexecuted", "cached"],
                        choices=["cold", "warm_reexecuted", "cached"])
    parser.add_argument("--publish", metavar="DIR",
                        help="also copy the cold run's reports here (e.g. reports/)")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="benchmark only these notebooks")
    parser.add_argument("--no-snapshot", action="store_true",
                        help="run the working tree itself instead of a copy of its code")
    parser.add_argument("--results", default=str(config.reports_dir() / "benchmarks"))
    args = parser.parse_args(argv)

    load_start = round(os.getloadavg()[0], 2)
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        env = None if args.no_snapshot else _snapshot(Path(tmp))
        snapshot = env is not None
        # reports next to the (snapshot) notebooks, as in a checkout, so the notebooks show
        # reports_dir = "../reports"; the cache through the environment, so the notebooks'
        # parameters stay at their defaults
        out = Path(tmp) / ("snapshot" if env else "") / "reports"
        env = dict(env or os.environ)
        env["NEWSPRISM_CACHE_DIR"] = str(Path(tmp) / "cache")
        common = ["--corpus", args.corpus, "--out", str(out)] + (["--fast"] if args.fast else [])
        common += ["--notebooks", str(Path(tmp) / "snapshot" / "notebooks")] if snapshot else []
        common += ["--only", *args.only] if args.only else []
        runs = {}
        plan = {"cold": ["--force"], "warm_reexecuted": ["--force"], "cached": []}
        for label in [r for r in plan if r in args.runs]:
            extra = plan[label]
            print(f"{label}…", file=sys.stderr, flush=True)
            elapsed, manifest = _run(common + extra, env)
            if label == "cold" and args.publish:
                _publish(out, Path(args.publish))
            runs[label] = {
                "wall_s": round(elapsed, 1),
                "notebooks": {r["name"]: {"status": r["status"], "duration_s": r["duration_s"]}
                              for r in manifest["notebooks"]},
            }
            print(f"{label}: {elapsed:.1f} s", file=sys.stderr, flush=True)

    result = {
        "benchmark": "newsprism report (full run, cold / warm / cached)",
        "corpus": args.corpus,
        "fast": args.fast,
        "notebooks": [p.stem for p in discover_notebooks(config.notebooks_dir(), args.only)],
        "goals_s": GOALS,
        "runs": runs,
        "meets_goals": {k: runs[k]["wall_s"] <= GOALS[k] for k in GOALS if k in runs},
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "load_average_1m_at_start": load_start,
                    "load_average_1m_at_end": round(os.getloadavg()[0], 2)},
        "git": git_state(config.project_root()),
        "versions": package_versions(),
    }
    out = Path(args.results)
    atomic_write_text(out / "report.json", json.dumps(result, indent=2) + "\n")
    lines = [
        "# Benchmark: `newsprism report`", "",
        f"Corpus `{args.corpus}`{' (fast mode)' if args.fast else ''}, {os.cpu_count()} CPUs "
        f"(load average at the start {load_start}, at the end "
        f"{result['machine']['load_average_1m_at_end']}; the machine may have been shared), "
        "notebooks run side by side as their `requires` headers allow (so per-notebook times "
        "add up to more than the wall time), commit `" + str(result["git"]["commit"])[:12] + "`.", "",
        "| run | wall time (s) | goal (s) | notebooks |", "|---|---:|---:|---|",
    ]
    for label, run in runs.items():
        goal = GOALS.get(label)
        detail = ", ".join(f"{n} {v['status']} {v['duration_s']:.1f}s" for n, v in run["notebooks"].items())
        lines.append(f"| {label.replace('_', ' ')} | {run['wall_s']:.1f} | {goal if goal else '–'} | {detail} |")
    lines += ["", "cold: empty feature/model cache, every notebook executed; warm re-executed: "
              "`--force` with the caches filled; cached: unchanged inputs, notebooks reused.",
              "Reproduce: `python benchmarks/bench_report.py`.", ""]
    atomic_write_text(out / "report.md", "\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
