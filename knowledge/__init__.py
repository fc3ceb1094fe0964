"""careerbot's knowledge: YAML sources, their schema, the SQLite builder and the read-only store.

Two sides: the build side (`sources` loads and checks the YAML, `builder` writes the store file)
and the read side (`store`), which never imports the build side or YAML.
"""

from pathlib import Path

SOURCES_DIR = Path(__file__).resolve().parent
"""The sources shipped with the package: countries.yaml, lexicon.yaml and roles/*.yaml."""
SCHEMA_VERSION = 7
"""The store file's layout, written by the builder and checked by the store: bump it when the
store's tables change, and a store of another version is rebuilt."""
