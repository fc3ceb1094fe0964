"""Text in the form both sides of the knowledge compare it: the builder stores terms so, and the
parser reads messages so."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    """Case-fold and reduce to letters and digits separated by single spaces."""
    return " ".join(_WORD.findall(text.casefold()))
