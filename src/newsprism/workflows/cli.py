"""``newsprism pipeline``: the whole pipeline on a corpus of any size (see
:mod:`newsprism.workflows.scale`).

Example:
    $ newsprism pipeline articles.jsonl.gz --out run/ --engine stream --chunk-rows 20000
    $ newsprism pipeline articles.parquet --out run/ --engine dask --workers 2
"""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("pipeline", help="ingest, dedup, features, themes, topics and prevalence "
                                        "in partitions (memory, stream or dask engine)")
    p.add_argument("source", help=".parquet, .csv, .tsv or .jsonl file (optionally .gz)")
    p.add_argument("--out", required=True, help="output folder (an interrupted run resumes there)")
    p.add_argument("--engine", choices=("memory", "stream", "dask"), default="stream")
    p.add_argument("--workers", type=int, default=2, help="dask: local worker processes")
    p.add_argument("--scheduler", help="dask: address of an existing scheduler (default "
                                       "$NEWSPRISM_DASK_SCHEDULER, else a local cluster)")
    p.add_argument("--chunk-rows", type=int, default=20_000, help="rows per partition")
    p.add_argument("--duplicates", choices=("flag", "drop"), default="flag")
    p.add_argument("--min-chars", type=int, default=100)
    p.add_argument("--period", choices=("D", "W", "M", "Q", "Y"), default="M")
    p.add_argument("--n-themes", type=int, default=12)
    p.add_argument("--sample-size", type=int, default=5000,
                   help="articles the theme and topic models are fitted on")
    p.add_argument("--n-boot", type=int, default=200)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-features", action="store_true", help="skip the hashed feature files")
    p.set_defaults(handler=_pipeline)


def _pipeline(args) -> int:
    from pathlib import Path

    from newsprism.corpus.ingest import format_summary
    from newsprism.errors import NewsprismError
    from newsprism.workflows.scale import ScaleConfig, run_pipeline

    if args.chunk_rows < 1 or args.workers < 1:
        raise NewsprismError("--chunk-rows and --workers must be positive")
    cfg = ScaleConfig(chunk_rows=args.chunk_rows, duplicates=args.duplicates,
                      min_chars=args.min_chars, period=args.period, n_boot=args.n_boot,
                      seed=args.seed, sample_size=args.sample_size, n_themes=args.n_themes,
                      features=not args.no_features)
    run = run_pipeline(Path(args.source), Path(args.out), engine=args.engine, cfg=cfg,
                       workers=args.workers, scheduler=args.scheduler)
    print(format_summary(run["summary"]))
    print("stages (s): " + ", ".join(f"{k} {v:.1f}" for k, v in run["timings"].items()))
    print(f"wrote {args.out}/: corpus/, rejects.csv, assign/, "
          + ", ".join(f"prevalence_{k}.parquet" for k in run["tables"]) + ", run.json")
    return 0
