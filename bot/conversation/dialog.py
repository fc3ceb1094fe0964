"""The dialog: a parsed message plus the person's context -> the view to show (pure, no I/O).

Who said what last wins: what the message says comes first; what it leaves out comes from the
latest the person gave (their last messages and taps, or what they just saved in /settings),
then older context, then saved preferences (`ChatContext.remembered_*`).

Short inputs continue: a bare level, country or role ("senior", "germany", "and for data
engineers?") continues the current screen when it takes that value, else opens the natural
screen for it (a country: pay; a level: pay when a country is known, else that level's day; a
role: the same section of that role). "back" returns to the previous screen, else the menu.

Advice questions ("is a masters worth it", "how do I get my first MLE job") keep their intent
(skills, career_path ...) and go to the sub-screen of "how to get in" their words name; a move
("switch to X", `Query.target_role`) goes to how to get into X from where the person is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.conversation import occupation_dialog, pay
from bot.conversation.address import decode, is_occupation
from bot.conversation.context import ChatContext
from bot.conversation.occupation_view import area_of
from bot.conversation.query import Query
from bot.conversation.sections import BY_INTENT, BY_NAME, FOLLOW_UPS, TOPICS
from bot.conversation.view import View
from bot.errors import ExpiredAddress
from knowledge.errors import NotFoundError
from knowledge.schema import Intent
from knowledge.store import Store

GETTING_IN = "getting_in"
SIDES = 3
"""The most roles whose overviews are shown side by side."""
ADVICE: frozenset[Intent] = frozenset({"skills", "career_path", "pivots", "overview", "unknown"})
"""Intents whose questions a topic word sends to a sub-screen ("what certifications ...")."""
BROAD_TOPIC = "routes"
"""The topic of ways in, which other topics' words outrank, and which is not an answer to what
to learn (skills), where to go from a role (pivots) or how to climb above the first level."""
FROM_ANOTHER_FIELD = "career-changer"
"""The starting point of someone whose current job is not one of the roles."""
FROM_A_DEGREE = "degree"
"""The starting point of someone at the first level (a graduate, an intern, a fresher)."""
OCCUPATION = "onet:"
"""How the parse names an O*NET occupation among roles (`onet:29-1141.00`)."""
TAKES_A_LEVEL = frozenset({"salary", "compare", "day", "path"})
"""Sections whose screens show one level (a bare level continues them)."""


@dataclass(frozen=True)
class Decision:
    """What to do with a message: show a view (perhaps asking for something first), answer small
    talk, or say that the message is out of scope. `back` says the view is the previous one."""

    kind: Literal[
        "answer", "clarify", "unknown", "unknown_role", "small_talk", "no_figures", "choose"
    ]
    view: View | None = None
    subject: str | None = None
    back: bool = False
    places: tuple[str, ...] = ()
    """Places named that the bot has no figures for (said back, whatever the answer)."""
    options: tuple[View, ...] = ()
    """The views to choose from ("choose": the occupations a title fits; "unknown_role": the
    nearest occupations)."""
    note: pay.Note | occupation_dialog.Note | None = None
    """Something to say before the view (that pay is shown gross, that a comparison was cut,
    that an occupation has no hour-by-hour day)."""


def decide(query: Query, ctx: ChatContext, store: Store) -> Decision:
    """The decision for a message, given the (current) context."""
    if query.talk:
        return Decision("small_talk", subject=query.talk)
    last = _view(ctx.address, store)
    occupation = occupation_dialog.decide(query, ctx, last, store)
    if occupation is not None:
        a = occupation
        return Decision(a.kind, a.view, a.subject, a.back, options=a.options, note=a.note)
    if query.navigate:
        return _navigate(query.navigate, last, ctx, store)
    advice = _advice(query, ctx, store)
    if advice is not None:
        return Decision("answer", advice)
    if query.unknown_role and query.role is None:
        return Decision("unknown_role", subject=query.unknown_role)
    places = tuple(query.unsupported_countries)
    if query.intent == "salary" and places and not query.countries:
        return Decision("no_figures", places=places)
    if pay.edits(query, last):  # "add data scientist", "in USD", "after tax?": the pay shown
        return _answer("salary", query, ctx, store)
    if query.intent == "unknown" or _only_names(query):
        if query.off_topic or not (
            query.role or query.countries or query.seniority or query.compare
        ):
            return Decision("unknown")
        return _follow_up(query, last, ctx, store)
    return _answer(query.intent, query, ctx, store)


def _only_names(query: Query) -> bool:
    """A message that only names a role, a country or a level ("data scientist india"): the
    parser calls a role named alone an overview question, but it is a short input like any."""
    return (
        occupation_dialog.named_alone(query)
        and bool(query.role or query.countries)
        and not (query.role or "").startswith(OCCUPATION)
    )


def _view(address: str | None, store: Store) -> View | None:
    if address is None:
        return None
    try:
        return decode(address, store)
    except ExpiredAddress:
        return None


def _role(query: Query, ctx: ChatContext, store: Store) -> str:
    return query.role or ctx.role or store.roles()[0].slug


def _answer(intent: Intent, query: Query, ctx: ChatContext, store: Store) -> Decision:
    """The screen an intent asks for, with the message's values, else the remembered ones."""
    role = _role(query, ctx, store)
    level = query.seniority or ctx.remembered_level()
    if intent == "help":
        return Decision("answer", View(section="help"))
    if intent == "salary":
        homes: dict[str, list[str]] = {}
        for country in store.countries():
            homes.setdefault(country.currency, []).append(country.code)
        us = store.areas_country()
        query = query.model_copy(update={"roles": _curated(query, store)})  # rivals have ranges
        asked = pay.salary(query, ctx, _view(ctx.address, store), role, level, homes, us)
        kind: Literal["answer", "clarify"] = "clarify" if asked.clarify else "answer"
        places = tuple(query.unsupported_countries)
        return Decision(kind, asked.view, note=asked.note, places=places)
    if intent == "day_in_life":
        if level in store.day_note(role).levels:
            return Decision("answer", View(section="day", role=role, level=level, step=1))
        return Decision("clarify", View(section="day", role=role))
    if intent == "career_path":
        return Decision("answer", View(section="path", role=role, level=level))
    if intent == "overview":
        return Decision("answer", _overview(query, role, store))
    return Decision("answer", View(section=BY_INTENT[intent].name, role=role))


def _curated(query: Query, store: Store) -> list[str]:
    """The curated roles a message names, once each, in order (imported occupations have
    no ranges and no overview of this kind)."""
    return [r for r in dict.fromkeys(query.roles) if not store.is_occupation(r)]


def _overview(query: Query, role: str, store: Store) -> View:
    """What a role does; two or three curated roles named ("data engineer vs data
    scientist", "difference between ..."): what each does, side by side."""
    named = _curated(query, store)
    if len(named) < 2:
        return View(section="overview", role=role)
    return View(section="overview", role=named[0], rivals="_".join(named[1:SIDES]))


def _navigate(way: str, last: View | None, ctx: ChatContext, store: Store) -> Decision:
    """ "next" / "back": a step of the day, else the previous screen, else the menu."""
    if last is not None and last.section == "day" and last.step:
        moved = _step(last, way, store)
        if moved != last or way == "next":
            return Decision("answer", moved)
    home = View(section="menu", role=ctx.role or store.roles()[0].slug)
    if way != "previous":
        return Decision("answer", home)
    previous = next((v for a in reversed(ctx.previous) if (v := _view(a, store))), None)
    return Decision("answer", previous or home, back=True)


def _step(last: View, way: str, store: Store) -> View:
    assert last.role is not None and last.level is not None and last.step is not None
    total = len(store.day(last.role, last.level).steps)
    step = min(total, last.step + 1) if way == "next" else max(1, last.step - 1)
    return last.but(step=step, choice=None)


def _follow_up(query: Query, last: View | None, ctx: ChatContext, store: Store) -> Decision:
    """A message of bare values: the current screen with them, else the natural screen."""
    if query.countries or query.compare:
        remote = _remote_place(query, last, store)
        if remote is not None:
            return Decision("answer", remote)
        return _answer("salary", query, ctx, store)
    if query.seniority:
        if last is not None and last.section in TAKES_A_LEVEL:
            return _answer(FOLLOW_UPS[last.section], query, ctx, store)
        natural: Intent = "salary" if ctx.remembered_countries() else "day_in_life"
        return _answer(natural, query, ctx, store)
    assert query.role is not None
    if last is None or last.role is None:
        return Decision("answer", View(section="menu", role=query.role))
    section = BY_NAME.get(last.section)
    if section is not None and section.only_occupations:  # the role's counterpart screen
        intent = FOLLOW_UPS.get(last.section)
        if intent is None:
            return Decision("answer", View(section="menu", role=query.role))
        return _answer(intent, query.model_copy(update=_places_of(last, store)), ctx, store)
    return Decision("answer", _same_section(last, query.role, store))


def _places_of(last: View, store: Store) -> dict[str, list[str] | list[int]]:
    """The places an occupation's pay screen was for, as a message would name them (a BLS
    area is in the US wages' country), so another role's pay is shown there too."""
    places = [p for p in (last.place, last.other_place) if p is not None]
    if not places:
        return {}
    areas = [a for p in places if (a := area_of(p)) is not None]
    covered = {c.code for c in store.countries()}
    countries = [p for p in places if p in covered]
    if areas:
        countries = [store.areas_country() or "", *countries]
    return {"countries": [c for c in dict.fromkeys(countries) if c in covered], "areas": areas}


def _same_section(last: View, role: str, store: Store) -> View:
    """The screen shown, for another role: what only the old role has is dropped."""
    if last.section in ("salary", "compare", "check", "path"):
        return last.but(role=role)
    if last.section == "day":
        level = last.level if last.level in store.day_note(role).levels else None
        return View(section="day", role=role, level=level, step=1 if level else None)
    if last.section == GETTING_IN:
        if not _has_getting_in(store, role):
            return View(section="menu", role=role)
        if last.country is not None:
            return _remote(role, [last.country], store) or View(section=GETTING_IN, role=role)
        return View(section=GETTING_IN, role=role, topic=last.topic)
    return View(section=last.section, role=role)


def _remote_place(query: Query, last: View | None, store: Store) -> View | None:
    """A country after the remote-work screen: its place's notes, if it has any."""
    if last is None or last.section != GETTING_IN or last.topic != "remote" or not last.role:
        return None
    return _remote(last.role, list(query.countries), store)


def _remote(role: str, countries: list[str], store: Store) -> View | None:
    places = store.how_to_get_in(role).remote.places
    code = next((c for c in countries if any(c in p.countries for p in places)), None)
    if code is None:
        return None
    return View(section=GETTING_IN, role=role, topic="remote", country=code)


def _has_getting_in(store: Store, role: str) -> bool:
    try:
        store.how_to_get_in(role)
    except NotFoundError:
        return False
    return True


def _way_in(store: Store, role: str | None) -> str | None:
    """The slug whose "how to get in" screens answer for a role: the role's own, or for an
    O*NET occupation (`onet:CODE`) the curated role that stands for it, else its own."""
    if role is None or not role.startswith(OCCUPATION):
        return role if role is not None and _has_getting_in(store, role) else None
    try:
        job = store.occupation_by_code(role.removeprefix(OCCUPATION))
    except NotFoundError:
        return None
    return job.stands_for or job.slug


def _advice(query: Query, ctx: ChatContext, store: Store) -> View | None:
    """The "how to get in" screen a move or an advice question asks for, if any (an O*NET
    occupation's is one screen)."""
    target = _way_in(store, query.target_role)
    if target is not None:
        if is_occupation(store, target):
            return View(section=GETTING_IN, role=target)
        return _move(query, ctx, store, target)
    topic = query.topic
    if topic is None or topic not in TOPICS or query.intent not in ADVICE:
        return None
    if topic == BROAD_TOPIC and (
        query.intent in ("skills", "pivots") or query.seniority not in (None, "junior")
    ):
        return None
    role = _way_in(store, query.role or ctx.role or store.roles()[0].slug)
    if TOPICS[topic].name != GETTING_IN or role is None:
        return None
    if is_occupation(store, role):
        return View(section=GETTING_IN, role=role)
    starts = store.how_to_get_in(role).routes.generic
    if topic == BROAD_TOPIC and query.seniority is not None and FROM_A_DEGREE in starts:
        return View(section=GETTING_IN, role=role, origin=FROM_A_DEGREE)
    return _topic(role, topic, query, ctx, store)


def _topic(role: str, topic: str, query: Query, ctx: ChatContext, store: Store) -> View:
    """A topic of "how to get in"; remote work with the notes for the person's country."""
    if topic == "remote":
        countries = list(query.countries or ctx.remembered_countries())
        place = _remote(role, countries, store)
        if place is not None:
            return place
    return View(section=GETTING_IN, role=role, topic=topic)


def _move(query: Query, ctx: ChatContext, store: Store, target: str) -> View:
    """How to get into the target role from where the person is: the topic the message names,
    else the route from their role (or from another field), else every way in. A question of
    what to learn, from nowhere in particular, gets the target's skills; becoming a senior or a
    manager, from no other role, is the target's career path."""
    if query.topic is not None and query.topic != BROAD_TOPIC and query.topic in TOPICS:
        return _topic(target, query.topic, query, ctx, store)
    origin = next((r for r in (query.role, ctx.role) if r and r != target), None)
    if query.seniority not in (None, "junior") and query.role is None:
        return View(section="path", role=target, level=query.seniority)
    routes = store.how_to_get_in(target).routes
    if origin is not None and origin in routes.from_roles:
        return View(section=GETTING_IN, role=target, origin=origin)
    known = {r.slug for r in store.roles()}
    if query.role and query.role not in known and FROM_ANOTHER_FIELD in routes.generic:
        return View(section=GETTING_IN, role=target, origin=FROM_ANOTHER_FIELD)
    if query.intent == "skills" and origin is None:
        return View(section="skills", role=target)
    return View(section=GETTING_IN, role=target, topic=BROAD_TOPIC)
