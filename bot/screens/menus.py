"""Menus: the roles, a role's sections, help and settings."""

from __future__ import annotations

from bot.conversation.address import encode
from bot.conversation.context import Viewer
from bot.conversation.sections import COMMANDS, MENU
from bot.conversation.view import View
from bot.screens.common import button, examples, flag, rows, screen
from bot.screens.html import bold, esc, gist
from bot.screens.reply import Button, Reply
from bot.screens.words import with_article
from knowledge.schema import LEVELS
from knowledge.store import Store

BRIEF_CHARS = 200
"""Characters of a summary a brief answer keeps (whole sentences)."""


@screen("roles")
def roles_list(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """Every role the store covers."""
    total = len(store.occupations())
    lines = [
        bold("Roles I cover"),
        "These have a full guide: pay by country and level, a working day, how to get in.",
        f"I also know {total:,} more occupations from public data (US and UK pay, skills, AI "
        "exposure): browse them by field, or just type a job title.",
    ]
    buttons = [[Button(r.name, encode(View(section="menu", role=r.slug)))] for r in store.roles()]
    buttons.append([button(View(section="fields")), button(View(section="help"))])
    return Reply("\n".join(lines), buttons)


@screen("menu")
def role_menu(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """A role's main menu."""
    assert view.role is not None
    role, overview = store.role(view.role), store.overview(view.role)
    if brief:
        text = f"{bold(role.name)}\n{esc(gist(overview.summary, BRIEF_CHARS))}"
    else:
        text = f"{bold(role.name)}\n{esc(overview.summary)}\n\nWhat would you like to know?"
    cells = [button(View(section=s.name, role=view.role)) for s in MENU]
    others = button(View(section="roles"), "👥 Other roles")
    return Reply(text, [*rows(cells), [others]], shareable=True)


@screen("help")
def help_screen(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """What the bot can do, its commands and example questions."""
    curated = {r.slug: r for r in store.roles()}
    role = curated.get(viewer.role or "", store.roles()[0])  # an occupation's: the default's
    about = examples(store, role.slug)
    if brief:
        text = (
            f"{bold('careerbot')} answers career questions: a role's pay in "
            f"{len(store.countries())} countries, a working day, skills, AI risk, how to get "
            f"in.\nMention me or reply to me, e.g. “salary for a senior {esc(role.short_name)} "
            f"in {esc(about.neighbour.name)}”, or use /salary, /day, /getin."
        )
        return Reply(
            text, [[Button(f"📋 {role.name}", encode(View(section="menu", role=role.slug)))]]
        )
    commands = "\n".join(
        f"/{c.name} {esc(c.args)} — {esc(c.description)}".replace("  ", " ") for c in COMMANDS
    )
    asks = "\n".join(
        f"• {esc(e)}"
        for e in (
            f"salary for a senior {role.short_name} in {about.neighbour.name}",
            f"{about.country.short_name} vs {about.neighbour.name} for juniors",
            f"what does {with_article(role.name)} do all day",
            f"will AI replace {about.other_role.name.lower()}s?",
            f"can {with_article(role.short_name)} pivot to {about.other_role.name}?",
        )
    )
    text = (
        f"{bold('careerbot')} answers career questions: what a role does, skills, a working "
        f"day hour by hour, pay in {len(store.countries())} countries, AI risk, career path "
        f"and pivots.\n\n{bold('Ask in your own words')}, typos welcome:\n{asks}\n\n"
        f"{bold('Commands')}\n{commands}"
    )
    buttons = [
        [Button(f"📋 {role.name}", encode(View(section="menu", role=role.slug)))],
        [button(View(section="roles"), "👥 All roles"), button(View(section="settings"))],
    ]
    return Reply(text, buttons)


@screen("settings")
def settings(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """The chat's preferences: a country and a level used when a question leaves them out."""
    labels = store.level_labels()
    country = store.country(viewer.country).name if viewer.country else "not set"
    level = labels[viewer.level] if viewer.level else "not set"
    text = (
        f"{bold('Settings')}\nWhen a question leaves them out, I use these.\n\n"
        f"Country: {bold(country)}\nLevel: {bold(level)}"
    )
    if view.region is not None:
        region = store.regions()[view.region]
        text += f"\n\nPick your country in {esc(region.name)}:"
        cells = [
            button(View(section="settings", country=c.code), f"{flag(c.code)} {c.name}")
            for c in store.countries(region.key)
        ]
        return Reply(text, [*rows(cells), [button(View(section="settings"), "⬅ Settings")]])
    regions = [
        button(View(section="settings", region=i), r.name) for i, r in enumerate(store.regions())
    ]
    levels = [button(View(section="settings", level=lv), labels[lv]) for lv in LEVELS]
    back = [
        Button("⬅ Menu", encode(View(section="menu", role=viewer.role)))
        if viewer.role
        else button(View(section="roles"), "👥 Roles")
    ]
    return Reply(
        text + "\n\nYour country's region:",
        [regions[:2], regions[2:], levels[:2], levels[2:], back],
    )
