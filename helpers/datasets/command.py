"""``python -m helpers.datasets fetch NAME|all`` and ``verify``: one line per dataset, status 1 if any failed."""

from __future__ import annotations

import argparse
import sys

from .catalog import DATASETS, DatasetError, verify
from .sources import fetch_all

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """``python -m helpers.datasets fetch NAME|all`` and ``verify``: one line per dataset; 1 if any failed."""
    parser = argparse.ArgumentParser(
        prog="python -m helpers.datasets", description="Fetch and verify the suite's datasets."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    fetch_cmd = sub.add_parser("fetch", help="fetch and verify a dataset into the cache")
    fetch_cmd.add_argument("name", choices=[*DATASETS, "all"])
    sub.add_parser("verify", help="verify every cached dataset")
    args = parser.parse_args(argv)
    if args.command == "fetch":
        outcomes = fetch_all(list(DATASETS) if args.name == "all" else [args.name])
    else:
        outcomes = {}
        for name in DATASETS:
            try:
                outcomes[name] = f"ok: {verify(name)}"
            except DatasetError as exc:
                outcomes[name] = f"failed: {exc}"
    for name, outcome in outcomes.items():
        failed = outcome.startswith("failed")
        print(
            f"{name}: {'error: ' + outcome.removeprefix('failed: ') if failed else outcome}",
            file=sys.stderr if failed else sys.stdout,
        )
    return 1 if any(outcome.startswith("failed") for outcome in outcomes.values()) else 0
