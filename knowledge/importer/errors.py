"""Named exceptions of the occupations importer: each names the file (and column) at fault."""

from __future__ import annotations

from knowledge.errors import KnowledgeError


class RawDataError(KnowledgeError):
    """A raw input file is missing, malformed or holds a value the importer cannot read."""


class MissingFileError(RawDataError):
    """An expected raw file (or worksheet, or table) is not there."""

    def __init__(self, path: str, what: str = "file not found") -> None:
        self.path = path
        super().__init__(f"{path}: {what}")


class MissingColumnError(RawDataError):
    """A raw file lacks a column the importer reads."""

    def __init__(self, path: str, column: str) -> None:
        self.path = path
        self.column = column
        super().__init__(f"{path}: column {column!r} not found")


class BadValueError(RawDataError):
    """A cell holds a value of the wrong kind (text where a number belongs, an unknown code)."""

    def __init__(self, path: str, column: str, row: int, value: object, expected: str) -> None:
        self.path = path
        self.column = column
        super().__init__(f"{path}: column {column!r}, row {row}: {value!r} is not {expected}")
