"""Views and their compact text addresses (button data, deep links, inline ids, shell options).

An address is at most 64 bytes of `A-Z a-z 0-9 _ -`: a role slug or keyword, then a section
code, then positional parameters, joined by `_`. Decoding is strict: the grammar, and then
the store (the role, country, level, step and choice must exist), so a stale, forged or
malformed address raises ExpiredAddress and never reaches further.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from bot.errors import ExpiredAddress
from knowledge.errors import NotFoundError
from knowledge.schema import LEVELS, Level
from knowledge.store import Store

MAX_BYTES = 64
ALPHABET = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

Section = Literal[
    "roles",
    "help",
    "settings",
    "menu",
    "overview",
    "skills",
    "day",
    "salary",
    "compare",
    "risk",
    "path",
    "pivots",
    "sources",
]

CODES: dict[Section, str] = {
    "overview": "ov",
    "skills": "sk",
    "day": "day",
    "salary": "sal",
    "compare": "cmp",
    "risk": "risk",
    "path": "path",
    "pivots": "piv",
    "sources": "src",
}
"""Section codes that follow a role slug."""
SECTIONS = {code: section for section, code in CODES.items()}

_LEVEL = "(?P<level>" + "|".join(LEVELS) + ")"
_ROLE = r"(?P<role>[a-z][a-z0-9-]{1,40})"
_GRAMMAR: dict[str, re.Pattern[str]] = {
    name: re.compile(rf"^{pattern}$")
    for name, pattern in {
        "roles": "roles",
        "help": "help",
        "settings": rf"set(?:_c_(?P<country>[A-Z]{{2}})|_l_{_LEVEL}|_r(?P<region>\d{{1,2}}))?",
        "menu": _ROLE,
        "overview": rf"{_ROLE}_ov",
        "skills": rf"{_ROLE}_sk(?:_(?P<group>[a-z]{{1,16}}))?",
        "day": rf"{_ROLE}_day(?:_{_LEVEL}_(?P<step>\d{{1,2}})(?:_(?P<choice>\d))?)?",
        "salary": rf"{_ROLE}_sal"
        rf"(?:_r(?P<region>\d{{1,2}})|_(?P<country>[A-Z]{{2}})(?:_{_LEVEL})?)?",
        "compare": rf"{_ROLE}_cmp_(?P<country>[A-Z]{{2}})"
        rf"(?:_r(?P<region>\d{{1,2}})|_(?P<other>[A-Z]{{2}})(?:_{_LEVEL})?)?",
        "risk": rf"{_ROLE}_risk",
        "path": rf"{_ROLE}_path(?:_{_LEVEL})?",
        "pivots": rf"{_ROLE}_piv",
        "sources": rf"{_ROLE}_src",
    }.items()
}


class View(BaseModel):
    """A screen: a section of a role, with its parameters."""

    model_config = ConfigDict(frozen=True)

    section: Section
    role: str | None = None
    level: Level | None = None
    country: str | None = None
    other: str | None = None
    region: int | None = None
    group: str | None = None
    step: int | None = None
    choice: int | None = None

    def but(self, **changes: object) -> View:
        """A copy with some fields changed."""
        return self.model_copy(update=changes)


def encode(view: View) -> str:
    """The address of a view."""
    if view.section in ("roles", "help"):
        return view.section
    if view.section == "settings":
        return _settings_address(view)
    if view.role is None:
        raise ValueError(f"a {view.section} view needs a role")
    if view.section == "menu":
        return view.role
    parts = [view.role, CODES[view.section], *_params(view)]
    address = "_".join(parts)
    if len(address.encode()) > MAX_BYTES:
        raise ValueError(f"address too long: {address}")
    return address


def _settings_address(view: View) -> str:
    if view.country:
        return f"set_c_{view.country}"
    if view.level:
        return f"set_l_{view.level}"
    if view.region is not None:
        return f"set_r{view.region}"
    return "set"


def _params(view: View) -> list[str]:
    if view.section == "skills":
        return [view.group] if view.group else []
    if view.section == "day":
        if view.level is None or view.step is None:
            return []
        return [view.level, str(view.step), *([str(view.choice)] if view.choice else [])]
    if view.section == "salary":
        if view.region is not None:
            return [f"r{view.region}"]
        return [p for p in (view.country, view.level) if p]
    if view.section == "compare":
        if view.region is not None:
            return [str(view.country), f"r{view.region}"]
        return [p for p in (view.country, view.other, view.level) if p]
    if view.section == "path":
        return [view.level] if view.level else []
    return []


def decode(address: str, store: Store) -> View:
    """The view an address names; ExpiredAddress when it is malformed or names nothing."""
    if not isinstance(address, str) or not ALPHABET.fullmatch(address):
        raise ExpiredAddress("malformed address")
    for section, pattern in _GRAMMAR.items():
        match = pattern.fullmatch(address)
        if match:
            fields = {k: v for k, v in match.groupdict().items() if v is not None}
            view = View(section=section, **_typed(fields))
            _check(view, store)
            return view
    raise ExpiredAddress("unknown address")


def _typed(fields: dict[str, str]) -> dict[str, object]:
    return {k: int(v) if k in ("region", "step", "choice") else v for k, v in fields.items()}


def _check(view: View, store: Store) -> None:
    """Every part of the view must exist in the store as it is now."""
    try:
        if view.role is not None:
            store.role(view.role)
        for code in (view.country, view.other):
            if code is not None:
                store.country(code)
    except NotFoundError as exc:
        raise ExpiredAddress(str(exc)) from None
    if view.country is not None and view.country == view.other:
        raise ExpiredAddress("a country compared with itself")
    if view.region is not None and view.region >= len(store.regions()):
        raise ExpiredAddress("no such region")
    if (
        view.section == "skills"
        and view.group is not None
        and view.role is not None
        and view.group not in {g.key for g in store.skills(view.role).groups}
    ):
        raise ExpiredAddress("no such skill group")
    if view.section == "day" and view.level is not None and view.role is not None:
        _check_day(view, store, view.role, view.level)


def _check_day(view: View, store: Store, role: str, level: Level) -> None:
    if level not in store.day_note(role).levels:
        raise ExpiredAddress("no day at that level")
    steps = store.day(role, level).steps
    if view.step is None or not 1 <= view.step <= len(steps):
        raise ExpiredAddress("no such step")
    decision = steps[view.step - 1].decision
    if view.choice is not None and (
        decision is None or not 1 <= view.choice <= len(decision.choices)
    ):
        raise ExpiredAddress("no such choice")
