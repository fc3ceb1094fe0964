"""Reading the raw files (tab-separated text, Excel workbooks, SQLite) into checked tables.

Every reader names the file, relative to the raw directory, in its errors, and every column is
looked up by its header, so a renamed or missing column is reported instead of misread.
"""

from __future__ import annotations

import contextlib
import csv
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Literal

from knowledge.importer.errors import BadValueError, MissingColumnError, MissingFileError

Cell = str | int | float | None


@dataclass(frozen=True)
class Table:
    """Rows of one raw file under their header; `label` names the file in messages."""

    label: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    first_row: int = 2
    """The file's row number of rows[0], for messages."""

    def index(self, column: str) -> int:
        """The position of a column, or MissingColumnError."""
        try:
            return self.header.index(column)
        except ValueError:
            raise MissingColumnError(self.label, column) from None

    def select(self, *columns: str) -> Iterator[tuple[int, tuple[Cell, ...]]]:
        """(row number, values of the named columns) for every row; columns checked first."""
        positions = [self.index(c) for c in columns]
        for number, row in enumerate(self.rows, start=self.first_row):
            yield number, tuple(row[p] if p < len(row) else None for p in positions)

    def text(self, number: int, column: str, value: Cell) -> str:
        """A required text cell, stripped."""
        result = "" if value is None else str(value).strip()
        if not result:
            raise BadValueError(self.label, column, number, value, "a non-empty text")
        return result

    def decimal(self, number: int, column: str, value: Cell) -> Decimal:
        """A required numeric cell as an exact Decimal (xlsx floats via their shortest repr)."""
        try:
            if isinstance(value, bool) or value is None:
                raise InvalidOperation
            return Decimal(str(value).strip())
        except InvalidOperation:
            raise BadValueError(self.label, column, number, value, "a number") from None


def _path(raw: Path, name: str) -> Path:
    path = raw / name
    if not path.is_file():
        raise MissingFileError(name)
    return path


def read_tsv(raw: Path, name: str) -> Table:
    """A tab-separated O*NET text file; header names and cells are stripped of padding."""
    return _read_text(raw, name, "\t", csv.QUOTE_NONE)


def read_csv(raw: Path, name: str) -> Table:
    """A comma-separated file with a header row."""
    return _read_text(raw, name, ",", csv.QUOTE_MINIMAL)


def _read_text(raw: Path, name: str, delimiter: str, quoting: Literal[0, 3]) -> Table:
    path = _path(raw, name)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh, delimiter=delimiter, quoting=quoting))
    if not lines:
        raise MissingFileError(name, "empty file")
    header = tuple(h.strip() for h in lines[0])
    rows = tuple(tuple(c.strip() for c in line) for line in lines[1:] if line)
    return Table(name, header, rows)


def read_xlsx(
    raw: Path, name: str, sheet: str | None = None, header_first: str | None = None
) -> Table:
    """One worksheet (the first unless named) of an .xlsx file.

    The header is the first row, or with `header_first` the first row whose first cell is that
    text (ONS tables put titles above the header). Header cells are read as text.
    """
    from openpyxl import load_workbook  # the `import` extra: needed only by the importer

    path = _path(raw, name)
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise MissingFileError(name, f"no worksheet {sheet!r}")
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        values: list[tuple[Cell, ...]] = [
            tuple(_cell(v) for v in row) for row in worksheet.iter_rows(values_only=True)
        ]
    finally:
        workbook.close()
    label = f"{name} [{sheet}]" if sheet else name
    start = 0
    if header_first is not None:
        found = [i for i, row in enumerate(values) if row and _header(row[0]) == header_first]
        if not found:
            raise MissingColumnError(label, header_first)
        start = found[0]
    if not values:
        raise MissingFileError(label, "empty worksheet")
    header = tuple(_header(v) for v in values[start])
    rows = tuple(row for row in values[start + 1 :] if any(v is not None for v in row))
    return Table(label, header, rows, first_row=start + 2)


def _cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float):
        return value
    return str(value)


def _header(value: Cell) -> str:
    return "" if value is None else " ".join(str(value).split())


def read_sqlite(raw: Path, name: str, table: str, columns: Sequence[str], where: str = "") -> Table:
    """Selected columns of one table of a SQLite file, opened read-only."""
    path = _path(raw, name)
    label = f"{name} [{table}]"
    with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
        try:
            present = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
        except sqlite3.DatabaseError as exc:
            raise MissingFileError(name, f"not a SQLite database ({exc})") from None
        if not present:
            raise MissingFileError(name, f"no table {table!r}")
        for column in columns:
            if column not in present:
                raise MissingColumnError(label, column)
        sql = f"SELECT {', '.join(columns)} FROM {table} {where}"
        rows = tuple(tuple(row) for row in db.execute(sql))
    return Table(label, tuple(columns), rows)
