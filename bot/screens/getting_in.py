"""How to get in: a role's ways in (from another role, or from a degree, a bootcamp, self-taught
or another field), degrees, certifications, portfolio, the interview loop and how to prepare,
remote work and changing careers later, each a screen of its own under one menu.

Everything shown is the role's editorial `how_to_get_in` content in the store, escaped. A brief
answer (groups, inline) keeps the verdict and the first point of each list."""

from __future__ import annotations

from collections.abc import Callable

from bot.conversation.address import encode, is_occupation
from bot.conversation.context import Viewer
from bot.conversation.sections import BY_NAME
from bot.conversation.view import View
from bot.screens.common import button, nav, rows, screen, sure
from bot.screens.html import bold, esc, gist, italic
from bot.screens.occupation import home, offer_buttons
from bot.screens.reply import Button, Reply
from knowledge.occupation_store import Share
from knowledge.schema import HowToGetIn, Route, StartingPoint
from knowledge.store import Store

SECTION = "getting_in"
TOPIC_LABELS: dict[str, str] = {
    "routes": "🛤 Ways in",
    "degrees": "🎓 Degrees",
    "certs": "📜 Certifications",
    "portfolio": "🧰 Portfolio",
    "interviews": "🎤 Interview loop",
    "prep": "📝 Interview prep",
    "remote": "🌍 Remote work",
    "later": "⏳ Changing careers later",
}
"""The label of each topic's button."""
BRIEF_POINT = 120
"""Characters of a point a brief answer keeps (whole sentences)."""
BRIEF_NAMES = 2
"""Names of a list a brief answer shows."""
BRIEF_BODY = 240
"""Characters of a paragraph a brief answer keeps (whole sentences)."""
REPORTED = 3
"""Answers of O*NET's worker surveys shown per question (the most common)."""
ONET = "onet"
"""The occupation data's source whose preparation figures the occupations' screen shows."""

if set(TOPIC_LABELS) != set(BY_NAME[SECTION].topics):
    raise ImportError("getting_in: every topic of the section needs a label, and only those")

Body = Callable[[View, Store, Viewer, HowToGetIn, bool], Reply]
Points = tuple[str, str, list[str]]
"""A list of points: its heading, the mark of its first point in a brief answer, the points."""


@screen(SECTION)
def getting_in(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """The section's menu, a topic, one way in, or the remote notes for a country."""
    assert view.role is not None
    if is_occupation(store, view.role):
        return _occupation(view, store, brief)
    how = store.how_to_get_in(view.role)
    if view.origin is not None:
        body = _route(view, store, viewer, how, brief)
    elif view.topic is None:
        body = _menu(view, store, viewer, how, brief)
    else:
        body = TOPICS[view.topic](view, store, viewer, how, brief)
    text = f"{body.text}\n{'' if brief else chr(10)}{italic(sure(how.provenance, how.as_of))}"
    return Reply(text, body.buttons, shareable=True)


def label(view: View, store: Store) -> str:
    """What names one of the section's screens (inline titles): its topic, or where its way in
    starts."""
    if view.origin is not None and view.role is not None:
        return f"🛤 From {_origin_name(store, store.how_to_get_in(view.role), view.origin)}"
    return TOPIC_LABELS[view.topic] if view.topic else BY_NAME[SECTION].label


# --- pieces ------------------------------------------------------------------------------------


def _title(view: View, store: Store, mark: str, label: str) -> str:
    assert view.role is not None
    return f"{mark} {bold(f'{store.role(view.role).name}: {label}')}"


def _back(view: View, *extra: Button) -> list[list[Button]]:
    """The way back: optional extra buttons, the section's menu, then the role's menu."""
    assert view.role is not None
    home = Button(BY_NAME[SECTION].label, encode(View(section=SECTION, role=view.role)))
    return [list(extra), nav(view.role, home)] if extra else [nav(view.role, home)]


def _topic(view: View, topic: str, label: str | None = None) -> Button:
    about = View(section=SECTION, role=view.role, topic=topic)
    return Button(label or TOPIC_LABELS[topic], encode(about))


def _points(head: str, verdict: str, lists: list[Points], brief: bool) -> str:
    """A verdict and lists of points; briefly, the verdict and each list's first point."""
    if brief:
        firsts = [f"{mark} {esc(gist(items[0], BRIEF_POINT))}" for _, mark, items in lists]
        return "\n".join([head, esc(verdict), *firsts])
    blocks = [
        f"{bold(title)}\n" + "\n".join(f"• {esc(i)}" for i in items) for title, _, items in lists
    ]
    return "\n\n".join([f"{head}\n{esc(verdict)}", *blocks])


def _some(names: list[str]) -> str:
    """`A, B and 2 more`: the first names of a list a brief answer has room for."""
    shown = names[:BRIEF_NAMES]
    more = f" and {len(names) - len(shown)} more" if len(names) > len(shown) else ""
    return ", ".join(shown) + more


def _starts(how: HowToGetIn) -> dict[str, StartingPoint]:
    """The generic starting points by key."""
    return {str(key): point for key, point in how.routes.generic.items()}


def _origin_name(store: Store, how: HowToGetIn, origin: str) -> str:
    """The name of where a route starts: a starting point's label, or a role's name."""
    start = _starts(how).get(origin)
    return start.label if start is not None else store.role(origin).name


# --- screens -----------------------------------------------------------------------------------


def _menu(view: View, store: Store, viewer: Viewer, how: HowToGetIn, brief: bool) -> Reply:
    """The intro and a button per topic."""
    assert view.role is not None
    text = f"{_title(view, store, '🚪', 'how to get in')}\n{esc(how.intro)}"
    if not brief:
        text += "\n\nPick a topic: ways in, degrees, certifications, portfolio, interviews, remote "
        text += "work, or changing careers later in life."
    cells = [_topic(view, topic) for topic in BY_NAME[SECTION].topics]
    return Reply(text, [*rows(cells), nav(view.role)])


def _routes(view: View, store: Store, viewer: Viewer, how: HowToGetIn, brief: bool) -> Reply:
    """Every way in, from other roles and from the starting points, one line each (the reader's
    own role first when it has a way in)."""
    assert view.role is not None
    origins = [*how.routes.from_roles, *how.routes.generic]
    mine = viewer.role if viewer.role in how.routes.from_roles else None
    if mine:
        origins = [mine, *(o for o in origins if o != mine)]
    head = _title(view, store, "🛤", "ways in")
    if brief:
        names = ", ".join(_origin_name(store, how, o) for o in origins)
        text = f"{head}\nFrom: {esc(names)}."
    else:
        lines = [head, esc(how.intro), "", bold("From another role")]
        lines += [
            f"• {bold(store.role(o).name)} — {esc(r.headline)}"
            for o, r in how.routes.from_roles.items()
        ]
        lines += ["", bold("Starting out")]
        lines += [f"• {bold(p.label)} — {esc(p.headline)}" for p in how.routes.generic.values()]
        text = "\n".join(lines)
    cells = [
        Button(
            ("👉 " if o == mine else "") + _origin_name(store, how, o),
            encode(View(section=SECTION, role=view.role, origin=o)),
        )
        for o in origins
    ]
    return Reply(text, [*rows(cells), *_back(view)])


def _route(view: View, store: Store, viewer: Viewer, how: HowToGetIn, brief: bool) -> Reply:
    """One way in: the headline, the steps and how long it takes."""
    assert view.role is not None and view.origin is not None
    route: Route = how.routes.from_roles.get(view.origin) or _starts(how)[view.origin]
    start = _origin_name(store, how, view.origin)
    head = f"🛤 {bold(f'{start} → {store.role(view.role).name}')}\n{italic(route.headline)}"
    if brief:
        first = f"1. {esc(gist(route.steps[0], BRIEF_POINT))}"
        text = "\n".join([head, first, f"⏱ {esc(gist(route.time_frame, BRIEF_POINT))}"])
    else:
        steps = [f"{number}. {esc(step)}" for number, step in enumerate(route.steps, 1)]
        text = "\n".join([head, "", *steps, "", f"⏱ {esc(route.time_frame)}"])
    return Reply(text, _back(view, _topic(view, "routes", "🛤 Other ways in")))


def _degrees(view: View, store: Store, viewer: Viewer, how: HowToGetIn, brief: bool) -> Reply:
    """When a master's or PhD matters, and when it does not."""
    d = how.degrees
    lists = [("When it matters", "✅", d.matters), ("When it doesn't", "➖", d.does_not)]
    head = _title(view, store, "🎓", "do you need a degree?")
    text = _points(head, d.verdict, lists, brief)
    return Reply(text, _back(view, _topic(view, "certs"), _topic(view, "routes")))


def _certs(view: View, store: Store, viewer: Viewer, how: HowToGetIn, brief: bool) -> Reply:
    """Certifications employers ask for, and the ones that are noise."""
    c = how.certifications
    head = _title(view, store, "📜", "certifications")
    if brief:
        lines = [head, esc(c.verdict)]
        if c.asked_for:
            lines.append(f"✅ Asked for: {esc(_some([x.name for x in c.asked_for]))}")
        lines.append(f"➖ Mostly noise: {esc(_some([x.name for x in c.noise]))}")
        text = "\n".join(lines)
    else:
        blocks = [f"{head}\n{esc(c.verdict)}"]
        if c.asked_for:
            asked = "\n".join(f"• {bold(x.name)} — {esc(x.why)}" for x in c.asked_for)
            blocks.append(f"{bold('Employers ask for')}\n{asked}")
        noise = "\n".join(f"• {bold(x.name)} — {esc(x.why)}" for x in c.noise)
        blocks.append(f"{bold('Mostly noise')}\n{noise}")
        text = "\n\n".join(blocks)
    return Reply(text, _back(view, _topic(view, "portfolio"), _topic(view, "degrees")))


def _portfolio(view: View, store: Store, viewer: Viewer, how: HowToGetIn, brief: bool) -> Reply:
    """Projects that convince, and what each proves."""
    p = how.portfolio
    head = _title(view, store, "🧰", "a portfolio that convinces")
    if brief:
        titles = esc(" · ".join(x.title for x in p.projects))
        text = f"{head}\n{esc(p.advice)}\n{titles}"
    else:
        projects = "\n".join(f"• {bold(x.title)} — {esc(x.proves)}" for x in p.projects)
        text = f"{head}\n{esc(p.advice)}\n\n{projects}"
    return Reply(text, _back(view, _topic(view, "interviews"), _topic(view, "routes")))


def _interviews(view: View, store: Store, viewer: Viewer, how: HowToGetIn, brief: bool) -> Reply:
    """The stages of the interview loop."""
    loop = how.interviews.loop
    head = _title(view, store, "🎤", "the interview loop")
    if brief:
        text = f"{head}\n{esc(' → '.join(s.name for s in loop.stages))}"
    else:
        lines = [head, ""]
        lines += [f"{n}. {bold(s.name)} — {esc(s.tests)}" for n, s in enumerate(loop.stages, 1)]
        if loop.note:
            lines += ["", esc(loop.note)]
        text = "\n".join(lines)
    return Reply(text, _back(view, _topic(view, "prep", "📝 How to prepare")))


def _prep(view: View, store: Store, viewer: Viewer, how: HowToGetIn, brief: bool) -> Reply:
    """How to prepare for the loop."""
    steps = how.interviews.prepare.steps
    head = _title(view, store, "📝", "preparing for interviews")
    if brief:
        firsts = [f"{n}. {esc(gist(s, BRIEF_POINT))}" for n, s in enumerate(steps[:2], 1)]
        text = "\n".join([head, *firsts, "…"])
    else:
        text = "\n".join([head, "", *(f"{n}. {esc(s)}" for n, s in enumerate(steps, 1))])
    return Reply(text, _back(view, _topic(view, "interviews", "🎤 The interview loop")))


def _remote(view: View, store: Store, viewer: Viewer, how: HowToGetIn, brief: bool) -> Reply:
    """How common remote work is and what changes, with a button per place; or one place's
    notes (the place of the view's country)."""
    assert view.role is not None
    r = how.remote
    if view.country is not None:
        place = next(p for p in r.places if view.country in p.countries)
        head = _title(view, store, "🌍", f"remote work from {place.title}")
        body = gist(place.body, BRIEF_BODY) if brief else place.body
        return Reply(f"{head}\n{esc(body)}", _back(view, _topic(view, "remote", "⬅ Remote work")))
    head = _title(view, store, "🌍", "remote work")
    if brief:
        text = f"{head}\n{esc(r.how_common)}"
    else:
        changes = "\n".join(f"• {esc(c)}" for c in r.what_changes)
        text = f"{head}\n{esc(r.how_common)}\n\n{bold('What changes')}\n{changes}"
        text += "\n\nNotes for where you live:"
    cells = [
        Button(
            f"{'👉 ' if viewer.country in p.countries else ''}{p.title}",
            encode(View(section=SECTION, role=view.role, topic="remote", country=p.countries[0])),
        )
        for p in r.places
    ]
    return Reply(text, [*rows(cells), *_back(view)])


def _later(view: View, store: Store, viewer: Viewer, how: HowToGetIn, brief: bool) -> Reply:
    """Changing into the role later in life: what transfers and what to expect."""
    lc = how.later_career
    lists = [("What transfers", "✅", lc.transfers), ("What to expect", "⏳", lc.expect)]
    head = _title(view, store, "⏳", "changing careers later")
    text = _points(head, lc.verdict, lists, brief)
    return Reply(text, _back(view, _topic(view, "routes"), _topic(view, "degrees")))


def _occupation(view: View, store: Store, brief: bool) -> Reply:
    """An imported occupation's way in, from O*NET: its job zone (the education, experience
    and training it takes) and what its US workers report; briefly, the zone, its education
    and the most common answers on education."""
    assert view.role is not None
    job, prep = store.occupation(view.role), store.preparation(view.role)
    reported = [
        (name, shares)
        for name, shares in (
            ("Education", prep.education),
            ("Related experience", prep.experience),
            ("On-the-job training", prep.on_the_job),
        )
        if shares
    ]
    source = next((s for s in store.occupation_sources().sources if s.key == ONET), None)
    lines = [f"🚪 {bold(f'{job.title}: how to get in')}"]
    if brief:
        if prep.zone is not None:
            lines.append(
                f"{italic(prep.zone.name)}\n🎓 {esc(gist(prep.zone.education, BRIEF_POINT))}"
            )
        lines += [f"US workers' {name.lower()}: {esc(_most_common(s))}" for name, s in reported[:1]]
        if source is not None:
            lines.append(italic(f"Source: {source.name.split(' (')[0]}, {source.licence}"))
        return Reply("\n".join(lines), _occupation_buttons(store, view.role), shareable=True)
    if prep.zone is not None:
        lines += [
            italic(prep.zone.name),
            f"🎓 {esc(prep.zone.education)}",
            f"🧰 {esc(prep.zone.training)}",
        ]
    if reported:
        lines += ["", bold("What US workers in it report")]
        lines += [f"{name}: {esc(_most_common(shares))}" for name, shares in reported]
    if prep.zone is None and not reported:
        lines.append("O*NET has no figures on the preparation this occupation needs.")
    if source is not None:
        lines += ["", italic(source.attribution)]
    return Reply("\n".join(lines), _occupation_buttons(store, view.role), shareable=True)


def _occupation_buttons(store: Store, role: str) -> list[list[Button]]:
    """The curated roles close to the occupation, its menu and the roles."""
    job = store.occupation(role)
    return [*offer_buttons(store, job), [home(role), button(View(section="roles"), "👥 Roles")]]


def _most_common(shares: list[Share]) -> str:
    """`Bachelor's Degree 45% · Associate's Degree 19% · ...`: the most common answers, each
    category named by its words before any explanation."""
    ranked = sorted(shares, key=lambda s: -s.percent)[:REPORTED]
    return " · ".join(f"{_category(s.description)} {s.percent:.0f}%" for s in ranked)


def _category(description: str) -> str:
    """O*NET's category name without its explanation ("High School Diploma - or the
    equivalent (for example, GED)" -> "High School Diploma")."""
    return description.split(" - ")[0].split(" (")[0].strip()


TOPICS: dict[str, Body] = {
    "routes": _routes,
    "degrees": _degrees,
    "certs": _certs,
    "portfolio": _portfolio,
    "interviews": _interviews,
    "prep": _prep,
    "remote": _remote,
    "later": _later,
}
"""Each topic's screen."""
if set(TOPICS) != set(TOPIC_LABELS):
    raise ImportError("getting_in: every topic needs a screen")
