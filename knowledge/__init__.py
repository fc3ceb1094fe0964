"""careerbot's knowledge: YAML sources, their schema, the SQLite builder and the read-only store."""

from pathlib import Path

SOURCES_DIR = Path(__file__).resolve().parent
"""The sources shipped with the package: countries.yaml, lexicon.yaml and roles/*.yaml."""
