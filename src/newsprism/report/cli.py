"""``newsprism report``: execute every notebook and regenerate the reports folder."""

from __future__ import annotations

import os
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
    p.add_argument("--corpus", metavar="NAME|PATH",
                   help="built-in corpus name or a file/folder to analyse (default: the study "
                        "file's corpus, else newsarticles)")
    p.add_argument("--config", metavar="TOML",
                   help="study file setting notebook parameters (see --init-config)")
    p.add_argument("-p", "--parameter", action="append", default=[], metavar="NAME=VALUE",
                   help="set one notebook parameter (repeatable; True/None/numbers as "
                        "papermill's -p, else text); wins over --config")
    p.add_argument("-y", "--yaml-parameter", action="append", default=[], metavar="NAME=YAML",
                   help="set one parameter to a YAML value, e.g. -y outlets='[CNN, NPR]'")
    p.add_argument("--init-config", nargs="?", const="-", metavar="PATH",
                   help="write a commented study file for --corpus to PATH (default: stdout) "
                        "and exit")
    p.add_argument("--only", nargs="+", metavar="NAME",
                   help="run only these notebooks (01, corpus_overview or 01_corpus_overview); "
                        "the others keep their previous output")
    p.add_argument("--force", action="store_true",
                   help="re-execute notebooks even when their inputs are unchanged")
    p.add_argument("--out", metavar="DIR", help="destination folder (default: reports/)")
    p.add_argument("--seed", type=int, help="random seed passed to every notebook (default 0)")
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
    from newsprism.report.config import RunConfig, merged, parse_assignments, read_config
    from newsprism.report.run import NotebookFailed, corpus_fingerprint, run_report

    notebooks = (Path(args.notebooks).expanduser().absolute() if args.notebooks
                 else config.notebooks_dir())
    if args.init_config:
        return _init_config(args, notebooks)
    study = read_config(args.config) if args.config else RunConfig()
    overrides = {**parse_assignments(args.parameter),
                 **parse_assignments(args.yaml_parameter, yaml=True)}
    study = merged(study, _paths_from_here(overrides))
    # corpus and seed are the runner's own arguments (they key the cache and the manifest)
    corpus = args.corpus or study.shared.pop("corpus", None) or "newsarticles"
    seed = args.seed if args.seed is not None else int(study.shared.pop("seed", 0))
    study.shared.pop("corpus", None), study.shared.pop("seed", None)
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
    corpus_hash = corpus_fingerprint(corpus, args.data_dir or config.data_dir())
    extra = [config.shared_data_dir(), config.annotations_dir(), config.seeds_dir()]
    # a plain `kill` must still remove the half-built folder (cleanup runs on SystemExit)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))
    try:
        manifest = run_report(
            notebooks, out, corpus=corpus, fast=args.fast, seed=seed, config=study,
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


def _paths_from_here(values: dict) -> dict:
    """Relative paths typed on the command line mean the caller's folder (notebooks run elsewhere)."""
    from pathlib import Path

    from newsprism.report.config import _resolve_paths

    return _resolve_paths(values, Path.cwd())


def _init_config(args, notebooks) -> int:
    from pathlib import Path

    from newsprism import config
    from newsprism.errors import NewsprismError
    from newsprism.report.notebooks import discover_notebooks
    from newsprism.report.template import corpus_facts, render_template

    facts = None
    if args.corpus:
        from newsprism.corpus import load_corpus

        facts = corpus_facts(load_corpus(args.corpus, data_dir=args.data_dir or config.data_dir()))
    corpus = args.corpus
    if corpus and Path(corpus).exists() and args.init_config != "-":
        # the study file's relative paths mean its own folder
        corpus = os.path.relpath(Path(corpus).absolute(), Path(args.init_config).absolute().parent)
    text = render_template(discover_notebooks(notebooks), corpus, facts)
    if args.init_config == "-":
        sys.stdout.write(text)
        return 0
    target = Path(args.init_config)
    if target.exists():
        raise NewsprismError(f"--init-config {target}: the file exists; remove it or pick another name")
    target.write_text(text, encoding="utf-8")
    print(f"study file written to {target}; run `newsprism report --config {target}`")
    return 0
