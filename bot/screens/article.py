"""An inline-mode article: the title and one-line description beside a rendered answer."""

from __future__ import annotations

from bot.conversation.sections import BY_NAME
from bot.conversation.view import View
from bot.screens import getting_in
from bot.screens.html import plain
from bot.screens.reply import Reply
from knowledge.store import Store

MAX_DESCRIPTION = 120


def title(view: View, store: Store) -> str:
    """`💰 Salary · MLE · Senior · United Kingdom`."""
    if view.role is None:
        return (
            BY_NAME[view.section].label
            if view.section in ("pair", "fields")
            else BY_NAME["roles"].label
        )
    if store.is_occupation(view.role):
        return f"{BY_NAME[view.section].label} · {store.occupation(view.role).title}"
    parts = [" vs ".join(store.role(r).short_name for r in view.roles)]
    if view.level:
        parts.append(store.level_labels()[view.level])
    names = [store.country(code).name for code in view.places]
    if names:
        parts.append(" · ".join(names))
    head = getting_in.label(view, store) if view.section == getting_in.SECTION else None
    return f"{head or BY_NAME[view.section].label} · {' · '.join(parts)}"


def description(reply: Reply) -> str:
    """The answer's first figure, else its first lines after the heading."""
    lines = [line for line in plain(reply.text).splitlines() if line.strip()]
    figures = [line for line in lines[:3] if any(ch.isdigit() for ch in line)]
    summary = figures[0] if figures else " ".join(lines[1:3])
    return summary[:MAX_DESCRIPTION]
