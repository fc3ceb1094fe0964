"""Named exceptions of the knowledge package."""

from __future__ import annotations


class KnowledgeError(Exception):
    """Base class of every knowledge-store error."""


class SourceError(KnowledgeError):
    """One or more source files are invalid; `problems` lists `file: field.path: message` lines."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class StoreMissingError(KnowledgeError):
    """The store file does not exist or is not a careerbot store."""


class StoreVersionError(KnowledgeError):
    """The store was built with another schema version and must be rebuilt."""


class NotFoundError(KnowledgeError):
    """A role, country, level or section the store does not have."""
