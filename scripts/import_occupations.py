"""Import the public occupation data (O*NET, BLS, Microsoft, GPTs-are-GPTs, ONS) into knowledge/.

.venv/bin/python scripts/import_occupations.py --from ../shared/data/occupations [--out DIR]
    [--show 29-1141.00 ...]

Prints what it found and wrote (counts to check against the data's README, file sizes, time).
"""

from __future__ import annotations

import sys

from knowledge.importer.command import main

if __name__ == "__main__":
    sys.exit(main())
