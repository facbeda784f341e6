"""``newsprism report``: execute every notebook and regenerate the reports folder."""

from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser(
        "report",
        help="run every notebook (papermill) and regenerate reports/ with index.html",
        description=(
            "Execute notebooks/NN_*.py in order with papermill, render them to HTML and write "
            "reports/ (index.html, manifest.json, NN_name.html, notebooks/, figures/, tables/). "
            "The folder is built aside and swapped in only when every notebook succeeded. "
            "Notebooks whose inputs are unchanged since the last run are reused, not re-run."
        ),
    )
    p.add_argument("--fast", action="store_true",
                   help="run every notebook on a small sample (default output: build/reports-fast)")
    p.add_argument("--corpus", default="newsarticles", metavar="NAME|PATH",
                   help="built-in corpus name or a file/folder to analyse (default: newsarticles)")
    p.add_argument("--only", nargs="+", metavar="NAME",
                   help="run only these notebooks (01, corpus_overview or 01_corpus_overview); "
                        "the others keep their previous output")
    p.add_argument("--force", action="store_true",
                   help="re-execute notebooks even when their inputs are unchanged")
    p.add_argument("--out", metavar="DIR", help="destination folder (default: reports/)")
    p.add_argument("--seed", type=int, default=0, help="random seed passed to every notebook")
    p.add_argument("--notebooks", metavar="DIR", help="notebooks folder (default: notebooks/)")
    p.add_argument("--data-dir", metavar="DIR", help="raw corpus cache (default: data/raw)")
    p.add_argument("--cache-dir", metavar="DIR",
                   help="cached features and models (default: data/interim)")
    p.add_argument("--jobs", type=int, metavar="N",
                   help="notebooks executed side by side (default: up to 3, at most the CPU "
                        "count; 1 runs them one after another)")
    p.set_defaults(handler=_report)


def _report(args) -> int:
    import signal
    from pathlib import Path

    from newsprism import config
    from newsprism.errors import NewsprismError
    from newsprism.report.run import NotebookFailed, corpus_fingerprint, run_report

    if args.jobs is not None and args.jobs < 1:
        raise NewsprismError(f"--jobs {args.jobs}: give a positive number of notebooks")

    # the notebooks run in their own folder: every path the caller typed means the caller's
    # working directory (run_report makes corpus, data and cache paths absolute)
    if args.out:
        out = Path(args.out).expanduser().absolute()
    elif args.fast:
        out = config.project_root() / "build" / "reports-fast"
    else:
        out = config.reports_dir()
    notebooks = (Path(args.notebooks).expanduser().absolute() if args.notebooks
                 else config.notebooks_dir())
    corpus_hash = corpus_fingerprint(args.corpus, args.data_dir or config.data_dir())
    extra = [config.shared_data_dir(), config.annotations_dir(), config.seeds_dir()]
    # a plain `kill` must still remove the half-built folder (cleanup runs on SystemExit)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))
    try:
        manifest = run_report(
            notebooks, out, corpus=args.corpus, fast=args.fast, seed=args.seed,
            only=args.only, force=args.force, data_dir=args.data_dir, cache_dir=args.cache_dir,
            corpus_hash=corpus_hash, extra_inputs=extra, jobs=args.jobs,
        )
    except NotebookFailed as exc:
        print(f"newsprism: error: {exc.details()}", file=sys.stderr)
        return 1
    counts = {}
    for run in manifest["notebooks"]:
        counts[run["status"]] = counts.get(run["status"], 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    skipped = sum(len(run.get("skipped", [])) for run in manifest["notebooks"])
    if skipped:
        summary += f"; {skipped} section{'s' * (skipped != 1)} skipped, listed in the index"
    print(f"report written to {out / 'index.html'} ({summary}; {manifest['duration_s']:.1f} s)")
    return 0
