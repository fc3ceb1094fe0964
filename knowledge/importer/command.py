"""The import as a command: ``careerbot import-occupations`` (``add_arguments`` on its
subparser, ``run`` as its handler) and ``scripts/import_occupations.py`` (``main``)."""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from knowledge.importer.errors import RawDataError
from knowledge.importer.run import CURATION_DIR, OUTPUT_DIR, import_occupations, summary


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's options."""
    parser.add_argument("--from", dest="raw", type=Path, required=True, help="raw data directory")
    parser.add_argument("--out", type=Path, default=OUTPUT_DIR, help="where to write the tables")
    parser.add_argument(
        "--curation", type=Path, default=CURATION_DIR, help="hand-kept metadata and overrides"
    )
    parser.add_argument(
        "--show",
        action="append",
        default=[],
        metavar="CODE",
        help="also print what was written for this O*NET-SOC code (repeatable)",
    )


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Import, print the summary (and any --show rows); 1 with the problem on bad input."""
    out = out or sys.stdout
    try:
        report = import_occupations(args.raw, args.out, args.curation)
    except RawDataError as exc:
        print(f"import failed: {exc}", file=sys.stderr)
        return 1
    for line in summary(report):
        print(line, file=out)
    for code in args.show:
        for line in show(args.out, code):
            print(line, file=out)
    return 0


SHOWN = ("occupations.csv", "wages_us.csv", "ai_exposure.csv", "uk_matches.csv")


def show(directory: Path, code: str) -> list[str]:
    """The rows written for one occupation in the main tables, as `file: column=value` lines."""
    lines = [f"{code}:"]
    keys = {"onet_code": code}
    for name in SHOWN:
        column = "wage_code" if name == "wages_us.csv" else "onet_code"
        for row in _rows(directory / name):
            if row[column] == keys.get(column):
                values = ", ".join(f"{k}={v}" for k, v in row.items() if v and k != "description")
                lines.append(f"  {name}: {values}")
                if name == "occupations.csv":
                    keys["wage_code"] = row["wage_code"]
    return lines


def _rows(path: Path) -> list[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of scripts/import_occupations.py."""
    parser = argparse.ArgumentParser(description="Turn the raw occupation data into knowledge.")
    add_arguments(parser)
    return run(parser.parse_args(argv))
