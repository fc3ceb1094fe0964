"""What the bot says around the screens: the greeting, a clarifying question, a saved
preference, an expired menu or link, and what it answers when it cannot answer."""

from __future__ import annotations

from bot.conversation.address import encode
from bot.conversation.sections import BY_INTENT
from bot.conversation.view import View
from bot.screens.common import button, examples, rows
from bot.screens.html import bold, esc
from bot.screens.reply import Button, Reply
from knowledge.store import Store

EXPIRED = "⌛ That menu has expired. Here is the main menu."
EXPIRED_LINK = "⌛ That link has expired: what it showed is no longer here. Here is the main menu."
NO_SUCH_LINK = "🔗 That link doesn't open anything I have. Here is the main menu."
APOLOGY = "😓 Sorry, something went wrong on my side. Please try again in a moment."
SLOW_DOWN = "🐢 That's a lot of messages at once — I'll answer again in a few seconds."
SUGGESTED = ("salary", "day", "skills")
"""The most asked-for sections, suggested when nothing in the store matches a message."""


def greeting(store: Store) -> str:
    """The lead of /start: who the bot is and an example question, from the store."""
    role = store.roles()[0]
    country = examples(store, role.slug).neighbour
    return (
        f"👋 Hi! I'm careerbot. I answer career questions — start with the "
        f"{esc(role.name)}, or ask me anything in your own words (try "
        f"“salary for a senior {esc(role.short_name)} in {esc(country.name)}”)."
    )


def expired(source: str) -> str:
    """What a stale button or link is told."""
    return EXPIRED_LINK if source == "link" else EXPIRED


def clarify(view: View) -> str:
    """The question shown above a picker when a message left out what the screen needs."""
    if view.section == "day":
        return "Which level should the day be at?"
    return "Which country? Pick a region below, or just type one."


def saved(view: View, store: Store) -> str | None:
    """What a settings button saved, if anything."""
    if view.country:
        return f"✅ Saved: your country is {esc(store.country(view.country).name)}."
    if view.level:
        return f"✅ Saved: your level is {esc(store.level_labels()[view.level])}."
    return None


def unknown(store: Store, text: str, role: str) -> Reply:
    """A short, friendly reply with the nearest things the bot can answer."""
    suggestions = _nearest(store, text, role)
    lines = [
        "🤔 Sorry, I didn't catch that. I answer questions about roles: what they do, "
        "skills, a working day, pay by country, AI risk, career path and pivots."
    ]
    if suggestions:
        lines.append("Maybe one of these?")
    buttons = [[b] for b in suggestions]
    buttons.append(
        [button(View(section="menu", role=role), "📋 Main menu"), button(View(section="help"))]
    )
    return Reply("\n".join(lines), buttons)


def _nearest(store: Store, text: str, role: str) -> list[Button]:
    """Up to three screens whose prose matches the message, else the most asked-for."""
    found: list[Button] = []
    seen: set[tuple[str, str]] = set()
    for hit in store.search(text, limit=10):
        section = BY_INTENT.get(hit.section)  # type: ignore[call-overload]
        if section is None or (hit.role, section.name) in seen:
            continue
        seen.add((hit.role, section.name))
        name = store.role(hit.role).short_name
        found.append(
            Button(f"{section.label} · {name}", encode(View(section=section.name, role=hit.role)))
        )
        if len(found) == 3:
            return found
    return found or [button(View(section=s, role=role)) for s in SUGGESTED]


def unknown_role(store: Store, subject: str) -> Reply:
    """The message names an occupation the store does not cover."""
    names = ", ".join(r.name for r in store.roles())
    text = (
        f"🙇 I don't have {bold(subject)} in my knowledge yet, and I won't guess with "
        f"another role's numbers.\n\nRoles I cover: {esc(names)}."
    )
    buttons = [button(View(section="menu", role=r.slug), r.name) for r in store.roles()]
    return Reply(text, rows(buttons))
