"""The dialog: a parsed message plus the chat's context -> the view to show (pure, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.conversation import pay
from bot.conversation.address import decode
from bot.conversation.context import ChatContext
from bot.conversation.query import Query
from bot.conversation.sections import BY_INTENT, FOLLOW_UPS
from bot.conversation.view import View
from bot.errors import ExpiredAddress
from knowledge.store import Store


@dataclass(frozen=True)
class Decision:
    """What to do with a message: show a view (perhaps asking for something first), or say
    that the message is out of scope."""

    kind: Literal["answer", "clarify", "unknown", "unknown_role"]
    view: View | None = None
    subject: str | None = None
    note: pay.Note | None = None
    """Something to say before the view (that pay is shown gross, that a comparison was cut)."""


def decide(query: Query, ctx: ChatContext, store: Store) -> Decision:
    """The decision for a message, given the (current) context."""
    if query.unknown_role and query.role is None:
        return Decision("unknown_role", subject=query.unknown_role)
    last = _last_view(ctx, store)
    if query.navigate and last is not None and last.section == "day" and last.step:
        return Decision("answer", _step(last, query.navigate, store))
    intent = query.intent
    if pay.is_pay(last) and pay.has_pay_slots(query) and intent in ("unknown", "overview"):
        intent = "salary"  # "add data scientist", "in USD": an edit of the pay shown
    if intent == "unknown":
        has_slots = bool(query.role or query.countries or query.seniority or query.compare)
        has_slots = has_slots or pay.has_pay_slots(query)
        if last is None or not has_slots or last.section not in FOLLOW_UPS:
            return Decision("unknown")
        intent = FOLLOW_UPS[last.section]
    role = query.role or ctx.role or store.roles()[0].slug
    level = query.seniority or ctx.level or ctx.preferred_level
    if intent == "help":
        return Decision("answer", View(section="help"))
    if intent == "salary":
        asked = pay.salary(query, ctx, last, role, level)
        return Decision("clarify" if asked.clarify else "answer", asked.view, note=asked.note)
    if intent == "day_in_life":
        if level in store.day_note(role).levels:
            return Decision("answer", View(section="day", role=role, level=level, step=1))
        return Decision("clarify", View(section="day", role=role))
    if intent == "career_path":
        return Decision("answer", View(section="path", role=role, level=level))
    return Decision("answer", View(section=BY_INTENT[intent].name, role=role))


def _last_view(ctx: ChatContext, store: Store) -> View | None:
    if ctx.address is None:
        return None
    try:
        return decode(ctx.address, store)
    except ExpiredAddress:
        return None


def _step(last: View, way: str, store: Store) -> View:
    assert last.role is not None and last.level is not None and last.step is not None
    total = len(store.day(last.role, last.level).steps)
    step = min(total, last.step + 1) if way == "next" else max(1, last.step - 1)
    return last.but(step=step, choice=None)
