"""Writing derived tables deterministically: sorted rows, '\\n' line endings, gzip with mtime 0."""

from __future__ import annotations

import csv
import gzip
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

Row = Sequence[str]


@dataclass(frozen=True)
class Output:
    """One derived table: its file name (``.csv`` or ``.csv.gz``), header and rows in order."""

    name: str
    header: tuple[str, ...]
    rows: Sequence[Row] = ()

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.header):
                raise ValueError(f"{self.name}: row {list(row)!r} does not fit {self.header}")


def csv_bytes(header: Sequence[str], rows: Iterable[Row]) -> bytes:
    """RFC 4180 CSV (minimal quoting) with '\\n' line endings, UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def encode(output: Output) -> bytes:
    """The file's bytes; gzip (level 9, no name, mtime 0) when the name ends in .gz."""
    data = csv_bytes(output.header, output.rows)
    if not output.name.endswith(".gz"):
        return data
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=buffer, mtime=0) as gz:
        gz.write(data)
    return buffer.getvalue()


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step (a temporary file in the same folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def fixed(value: Decimal | float | None, places: int) -> str:
    """A number with a fixed number of decimals ('' for None), rounding half-even."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-places)
    return str(Decimal(str(value)).quantize(quantum))
