"""``newsprism themes discover | guided | prevalence``.

Example:
    $ newsprism themes discover newsarticles --out build/themes
    $ newsprism themes guided newsarticles --min-matches 2 --out build/themes
    $ newsprism themes prevalence build/themes/guided_assignments.csv --period W \\
          --out build/themes/guided_prevalence.csv
"""

from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    themes = sub.add_parser("themes", help="discovered / guided themes and their prevalence over time")
    tsub = themes.add_subparsers(dest="themes_command", metavar="ACTION")

    disc = tsub.add_parser("discover", help="NMF/LDA themes, count chosen by coherence + stability")
    disc.add_argument("corpus", help="built-in name or path of a corpus file")
    disc.add_argument("--n-themes", default="auto", help="'auto' (default) or a number")
    disc.add_argument("--candidates", default="auto",
                      help="theme counts tried with --n-themes auto, e.g. 10,20,30 (default: "
                           "five counts scaled with the corpus size)")
    disc.add_argument("--method", choices=("nmf", "lda"), default="nmf")
    disc.add_argument("--seed", type=int, default=0)
    disc.add_argument("--data-dir", help="cache of built-in datasets (default: data/raw)")
    disc.add_argument("--out", required=True, help="folder for themes.csv, selection.csv, "
                                                   "representative_articles.csv, assignments.csv")
    disc.set_defaults(handler=_discover)

    gd = tsub.add_parser("guided", help="score articles against a TOML file of themes → seed terms")
    gd.add_argument("corpus", help="built-in name or path of a corpus file")
    gd.add_argument("--themes", help="TOML theme file (default: the shipped NewsArticles example)")
    gd.add_argument("--min-matches", type=int, default=2,
                    help="matches an article needs to carry a theme (default 2)")
    gd.add_argument("--data-dir", help="cache of built-in datasets (default: data/raw)")
    gd.add_argument("--out", required=True, help="folder for guided_scores.csv (with matched "
                                                 "words) and guided_assignments.csv")
    gd.set_defaults(handler=_guided)

    pv = tsub.add_parser("prevalence", help="share per period × outlet with bootstrap CIs")
    pv.add_argument("assignments", help="CSV with doc_id, date, source, theme[, weight]")
    pv.add_argument("--period", choices=("D", "W", "M", "Q", "Y"), default="W")
    pv.add_argument("--by", default="source", help="grouping column (default source; 'none' pools)")
    pv.add_argument("--weight", help="column of theme weights (summed-weight prevalence)")
    pv.add_argument("--n-boot", type=int, default=1000)
    pv.add_argument("--seed", type=int, default=0)
    pv.add_argument("--out", required=True, help="CSV to write")
    pv.set_defaults(handler=_prevalence)


def _load(args):
    from newsprism import config
    from newsprism.corpus import load_corpus

    return load_corpus(args.corpus, data_dir=args.data_dir or config.data_dir())


def _discover(args) -> int:
    from newsprism.themes import ThemeModel

    docs = _load(args)
    n = args.n_themes if args.n_themes == "auto" else int(args.n_themes)
    cands = "auto" if args.candidates == "auto" else tuple(int(c) for c in args.candidates.split(","))
    tm = ThemeModel(n_themes=n, candidates=cands, method=args.method, seed=args.seed).fit(docs)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tm.themes_.to_csv(out / "themes.csv", index=False)
    tm.selection_.to_csv(out / "selection.csv", index=False)
    tm.representative_docs(docs, n=5).to_csv(out / "representative_articles.csv", index=False)
    tm.assign(docs).to_csv(out / "assignments.csv", index=False)
    print(f"{len(docs):,} articles → {tm.n_themes_} themes ({args.method}); wrote {out}/")
    for row in tm.themes_.itertuples():
        print(f"  {row.theme:2d}  NPMI {row.coherence:5.2f}  {row.label}")
    return 0


def _guided(args) -> int:
    from newsprism.themes import GuidedThemes, default_theme_file

    docs = _load(args)
    g = GuidedThemes.from_toml(args.themes or default_theme_file(), min_matches=args.min_matches).fit()
    scores = g.score(docs)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    scores.to_csv(out / "guided_scores.csv", index=False)
    assign = g.assign(docs, scores=scores)
    assign.to_csv(out / "guided_assignments.csv", index=False)
    counts = assign.dropna(subset=["theme"]).groupby("theme")["doc_id"].nunique()
    print(f"{len(docs):,} articles scored; articles with ≥ {args.min_matches} matches per theme:")
    for theme, n in counts.sort_values(ascending=False).items():
        print(f"  {theme:24s} {n:6,d}")
    return 0


def _prevalence(args) -> int:
    import pandas as pd

    from newsprism.errors import DataError
    from newsprism.trends import prevalence

    a = pd.read_csv(args.assignments)
    missing = {"doc_id", "date", "theme"} - set(a.columns)
    if missing:
        raise DataError(f"missing columns {sorted(missing)}", path=args.assignments)
    by = None if args.by.lower() == "none" else args.by
    if by is not None and by not in a.columns:
        raise DataError(f"no column {by!r} to group by", path=args.assignments, column=by)
    prev = prevalence(a, period=args.period, by=by, weight=args.weight, n_boot=args.n_boot,
                      seed=args.seed)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    prev.to_csv(args.out, index=False, float_format="%.6g")
    print(f"{len(prev):,} rows ({prev['period'].nunique()} periods) → {args.out}")
    return 0
