"""The ``newsprism`` command line.

Each stage owns its sub-commands in ``newsprism/<stage>/cli.py`` through a
``register(subparsers)`` function; heavy imports happen inside the handlers so that
``newsprism --help`` stays fast.

Example:
    $ newsprism data get newsarticles
    $ newsprism ingest newsarticles --out corpus.parquet --rejects rejects.csv
"""

from __future__ import annotations

import argparse
import importlib
import sys

from newsprism.errors import NewsprismError

# Stages that contribute sub-commands, in the order they appear in --help.
_STAGES = ("corpus", "topics", "stance", "themes", "report", "workflows")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsprism",
        description="Topics, stance and themes over time in news coverage.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for stage in _STAGES:
        try:
            module = importlib.import_module(f"newsprism.{stage}.cli")
        except ModuleNotFoundError as exc:
            if exc.name == f"newsprism.{stage}.cli":
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        result = args.handler(args)
    except NewsprismError as exc:
        print(f"newsprism: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("newsprism: interrupted", file=sys.stderr)
        return 130
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
