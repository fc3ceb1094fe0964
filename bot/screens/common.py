"""Pieces every screen shares: registration (`@screen`), buttons, the way back, dates,
provenance lines, flags and example questions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from babel.dates import format_date

from bot.conversation.address import encode
from bot.conversation.context import Viewer
from bot.conversation.sections import BY_NAME
from bot.conversation.view import View
from bot.screens.reply import Button, Reply
from knowledge.schema import Country, Provenance
from knowledge.store import RoleInfo, Store

SHARE = "🔗 Share this"
OPEN_IN_PRIVATE = "📬 Full answer in a private chat"
OPEN_IN_BOT = "📬 Open in careerbot"
"""Labels of the link buttons an adapter adds under a reply (share, open in a private chat)."""

Renderer = Callable[[View, Store, Viewer, bool], Reply]
"""A screen: the view, the store, who looks, and whether briefly (groups, inline) -> a reply."""
RENDERERS: dict[str, Renderer] = {}
"""Each section's screen, by section name (filled by `@screen`)."""


def screen(section: str) -> Callable[[Renderer], Renderer]:
    """Register a function as the screen of a section of the registry."""

    def register(renderer: Renderer) -> Renderer:
        if section not in BY_NAME or section in RENDERERS:
            raise ValueError(f"{section!r} is not a section, or already has a screen")
        RENDERERS[section] = renderer
        return renderer

    return register


def button(view: View, label: str | None = None) -> Button:
    """A button that opens a view, labelled with its section's label unless given one."""
    return Button(BY_NAME[view.section].label if label is None else label, encode(view))


def nav(role: str, *extra: Button) -> list[Button]:
    """The row that leads on or back: optional extra buttons, then the role's menu."""
    return [*extra, Button("⬅ Menu", encode(View(section="menu", role=role)))]


def month(date: dt.date) -> str:
    """`April 2026`."""
    return format_date(date, "MMMM y", locale="en")


def day(date: dt.date) -> str:
    """`1 Apr 2026`."""
    return format_date(date, "d MMM y", locale="en")


def sure(provenance: Provenance, date: dt.date) -> str:
    """A short line saying how sure a fact is."""
    if provenance is Provenance.SEED:
        return f"Source: the career page ({month(date)})"
    if provenance is Provenance.ESTIMATE:
        return f"careerbot estimate ({month(date)})"
    if provenance is Provenance.SOURCE:
        return f"From a named source ({month(date)})"
    return f"Written by careerbot's editors ({month(date)})"


def flag(code: str) -> str:
    """The flag emoji of an ISO 3166-1 alpha-2 code (regional indicator symbols)."""
    return "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in code.upper() if "A" <= c <= "Z")


@dataclass(frozen=True)
class Examples:
    """Things to mention in example questions, taken from the store (not written in code)."""

    country: Country
    neighbour: Country
    other_role: RoleInfo


def examples(store: Store, role: str) -> Examples:
    """The role's best-sourced country (the seed's first), a neighbour of it, and the role's
    first pivot."""
    countries = store.countries()
    seeded = [c for c in countries if store.pay(role, c.code)[0].provenance is Provenance.SEED]
    country = (seeded or countries)[0]
    near = [c for c in store.countries(country.region) if c.code != country.code]
    neighbour = (near or [c for c in countries if c.code != country.code])[0]
    return Examples(country, neighbour, store.role(store.pivots(role).items[0].role))


def rows(buttons: list[Button], width: int = 2) -> list[list[Button]]:
    """Buttons laid out `width` to a row."""
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]
