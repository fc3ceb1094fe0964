"""The dialog for the imported occupations: a parsed message about one (or its context) -> the
occupation's screen, a choice between the occupations a title fits, the nearest ones to an
occupation the data does not have, or two roles side by side. Pure, no I/O.

What the data cannot fill is not offered: a day in the life is answered with what the
occupation does, and a note saying so. Pay is for a place: the US places the message names
(states, metropolitan areas), else its countries (the US, the UK, or any other, which has no
public figure), else the person's, else the US as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.conversation import pay
from bot.conversation.address import decode, is_occupation
from bot.conversation.context import ChatContext
from bot.conversation.occupation_view import place_of, side
from bot.conversation.query import Query
from bot.conversation.sections import BY_INTENT, FOLLOW_UPS, JOB_BY_INTENT
from bot.conversation.view import View
from bot.errors import ExpiredAddress
from knowledge.errors import NotFoundError
from knowledge.schema import Intent
from knowledge.store import Store
from knowledge.text import Canon

_PLAIN = Canon({})
"""Titles as the matcher keys them, each word singular ("Actuaries" and "actuary" are one)."""

Note = Literal["no_day", "matched", "local"]
"""What the screens say above an occupation's answer."""
NO_DAY: Note = "no_day"
"""The note of an answer to a day-in-the-life question about an occupation."""
MATCHED: Note = "matched"
"""The note of an answer reached through another of the occupation's titles."""
LOCAL: Note = "local"
"""The note of an answer reached through a name for the occupation in another language (its
subject is that name as the curation writes it)."""
CAREER = "getting_in"
"""The section a career question about an occupation opens: how people get in (an occupation
has no career stages; that section serves the curated roles and the occupations alike)."""
BARE_WORDS = 1
"""Words besides the names a message may have and still only name them ("and nurses?",
"data scientist in india")."""
SIDE_BY_SIDE: frozenset[Intent] = frozenset({"salary", "ai_risk", "overview", "unknown"})
"""Questions that two roles named together are answered side by side for."""


@dataclass(frozen=True)
class Answer:
    """What to show: a view (with a note the screens put into words), a choice of views, or
    the nearest ones to an occupation the data does not have (`subject`: the words typed)."""

    kind: Literal["answer", "choose", "unknown_role"]
    view: View | None = None
    subject: str | None = None
    options: tuple[View, ...] = ()
    note: Note | None = None
    back: bool = False


def decide(query: Query, ctx: ChatContext, last: View | None, store: Store) -> Answer | None:
    """The answer when the message (or its context) is about an imported occupation, else
    None (the curated roles' dialog answers it)."""
    if query.target_role is not None:  # a move: the target's way in, whatever it is from
        return _move(query, ctx, store)
    if query.unknown_role and query.role is None and query.nearest:
        options = tuple(_menu(store, store.occupation_by_code(c).slug) for c in query.nearest)
        return Answer("unknown_role", subject=query.unknown_role, options=options)
    if ctx.unknown and _continues(query):  # "and in the UK?" after "prompt engineer salary"
        return Answer("unknown_role", subject=ctx.unknown)
    if query.choices and (query.role is None or query.compare):
        return _choose(query, ctx, last, store)
    pair = _pair(query, store)
    if pair is not None:
        first = query.role  # the first side, reached through another of its titles: say so
        if first is not None and store.is_occupation(first) and _renamed(query, store, first):
            return Answer("answer", pair, query.typed, note=MATCHED)
        return Answer("answer", pair)
    role = query.role or ctx.role
    if role is None or not store.is_occupation(role):
        return None
    if query.navigate is not None:
        back = _back(ctx, store) if query.navigate == "previous" else None
        home = View(section="job", role=role)
        return Answer("answer", back or home, back=back is not None)
    intent = _intent(query, last)
    note: Note | None = NO_DAY if intent == "day_in_life" else None
    if note is None and query.role == role and _renamed(query, store, role):
        view = _view(intent, role, query, ctx, store)
        if query.matched and store.title_language(role, query.matched):
            return Answer("answer", view, query.matched, note=LOCAL)
        return Answer("answer", view, query.typed, note=MATCHED)
    return Answer("answer", _view(intent, role, query, ctx, store), note=note)


def _choose(query: Query, ctx: ChatContext, last: View | None, store: Store) -> Answer:
    """Which of the occupations a title fits: each as the screen asked for, or, beside another
    role ("nurse vs teacher"), each side by side with it."""
    slugs = [_slug(store, c) for c in query.choices]
    if query.role is not None:
        first = side(store, query.role)
        pairs = [View(section="pair", subject=first, versus=side(store, s)) for s in slugs]
        return Answer(
            "choose", subject=query.typed, options=tuple(p for p in pairs if p.subject != p.versus)
        )
    intent = _intent(query, last)
    if intent == "help":  # "help: teacher": each occupation's menu
        return Answer("choose", subject=query.typed, options=tuple(_menu(store, s) for s in slugs))
    options = tuple(_option(intent, s, query, ctx, store) for s in slugs)
    return Answer("choose", subject=query.typed, options=options)


def _option(intent: Intent, slug: str, query: Query, ctx: ChatContext, store: Store) -> View:
    """One option of a choice: the occupation's screen the intent asks for, or, for a curated
    role that is the very job ("scientists": Data Scientist), the role's own screen for it."""
    if is_occupation(store, slug):
        return _view(intent, slug, query, ctx, store)
    section = BY_INTENT.get(intent)
    return View(section=section.name if section else "menu", role=slug)


def _renamed(query: Query, store: Store, role: str) -> bool:
    """Whether the occupation was reached through another of its titles ("call centre agent"
    for Receptionists and Information Clerks)."""
    if not query.typed or not query.matched:
        return False
    return _PLAIN.title(query.typed) != _PLAIN.title(store.occupation(role).title)


def _continues(query: Query) -> bool:
    """Whether a message continues the last one: it names no role (a question about pay,
    skills ... of "them"), and is not a call for help."""
    return (
        query.role is None
        and query.target_role is None
        and not query.choices
        and not query.unknown_role
        and query.intent != "help"
    )


def _back(ctx: ChatContext, store: Store) -> View | None:
    """The previous screen, if it is still there."""
    for address in reversed(ctx.previous):
        try:
            return decode(address, store)
        except ExpiredAddress:
            continue
    return None


def _move(query: Query, ctx: ChatContext, store: Store) -> Answer | None:
    """A move ("how do I become a nurse", "I'm a teacher, what should I learn to become an
    electrician"): the target occupation's way in (or the section asked: its skills, its pay);
    a move to a curated role is the curated dialog's (None)."""
    target = query.target_role
    if target is None or not store.is_occupation(target):
        return None
    if query.intent in ("career_path", "overview", "unknown"):
        return Answer("answer", View(section=CAREER, role=target))
    return Answer("answer", _view(query.intent, target, query, ctx, store))


def _intent(query: Query, last: View | None) -> Intent:
    """What the message asks; a follow-up ("and in Texas?", or an occupation named alone)
    continues the last screen, a curated role's too (its counterpart: pay for pay), and a
    place continues to pay there (the only screens of an occupation that take a place)."""
    if query.intent != "unknown" and not named_alone(query):
        return query.intent
    if query.countries or query.areas or query.unsupported_countries:
        return "salary"
    if last is not None and last.role is not None:
        return FOLLOW_UPS.get(last.section, "overview")
    return "overview"


def named_alone(query: Query) -> bool:
    """A message that only names things ("nurses", "data scientist in india"): the parser calls
    it an overview question, but it is a short input that continues the conversation."""
    return query.intent == "overview" and not query.cued and len(query.rest) <= BARE_WORDS


def _slug(store: Store, code: str) -> str:
    """The slug an occupation is shown as: its curated role's when that is the very job."""
    occupation = store.occupation_by_code(code)
    return occupation.stands_for or occupation.slug


def _menu(store: Store, slug: str) -> View:
    occupation = store.occupation(slug)
    if occupation.stands_for:
        return View(section="menu", role=occupation.stands_for)
    return View(section="job", role=slug)


def _view(intent: Intent, role: str, query: Query, ctx: ChatContext, store: Store) -> View:
    """The occupation's screen an intent asks for."""
    if intent == "help":
        return View(section="help")
    if intent == "career_path":
        return View(section=CAREER, role=role)
    section = JOB_BY_INTENT.get(intent)
    if section is None:  # a day in the life: what they do
        return View(section="job_do", role=role)
    if section.name == "job_pay":
        return pay.occupation_check(_pay(role, query, ctx, store), query, store)
    return View(section=section.name, role=role)


def _pay(role: str, query: Query, ctx: ChatContext, store: Store) -> View:
    """Pay for the places the message names (its US places, then its other countries), else
    the US areas shown last, else the person's country, else the US as a whole."""
    areas = [place_of(a) for a in query.areas]
    us = store.areas_country()
    named = [*query.countries, *query.unsupported_countries]
    places = [*areas, *(c for c in named if not (areas and c == us))]
    if not places:
        places = list(ctx.remembered_areas()[:2] or ctx.remembered_countries()[:1])
    if not places:
        return View(section="job_pay", role=role)
    if len(places) >= 2:
        return View(section="job_pay", role=role, place=places[0], other_place=places[1])
    return View(section="job_pay", role=role, place=places[0])


def _pair(query: Query, store: Store) -> View | None:
    """Two roles named together, one an occupation, asked about pay, AI or nothing else."""
    roles = list(dict.fromkeys(query.roles))
    if len(roles) < 2 or query.target_role is not None or query.intent not in SIDE_BY_SIDE:
        return None
    if not any(store.is_occupation(r) for r in roles[:2]):
        return None
    try:
        first, second = side(store, roles[0]), side(store, roles[1])
    except NotFoundError:
        return None
    return View(section="pair", subject=first, versus=second)
