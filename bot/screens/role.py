"""A role's sections: what it does, skills, AI risk, career path, pivots and sources (salary
and the day have modules of their own). Everything shown comes from the store; everything from
it is escaped."""

from __future__ import annotations

from bot.conversation.address import encode
from bot.conversation.context import Viewer
from bot.conversation.view import View
from bot.screens.common import day, month, nav, rows, screen, sure
from bot.screens.html import bold, esc, gist, italic
from bot.screens.reply import Button, Reply
from bot.screens.words import with_article
from knowledge.schema import LEVELS, Provenance, SkillGroup
from knowledge.store import Store

EASE_MARK = {"high": "🟢", "medium": "🟡", "low": "🟠"}
GAUGE_CELLS = 10
BRIEF_SKILLS = 3
"""Skills of each group named in a brief answer."""
BRIEF_CHARS = 200
"""Characters of prose a brief answer keeps (whole sentences)."""
SIDE_DUTIES = 4
"""Duties named for each role of a side-by-side overview."""


@screen("overview")
def overview(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """What the role does; with rivals, what each of the roles does, side by side."""
    assert view.role is not None
    if len(view.roles) > 1:
        return _side_by_side(view, store)
    role, ov = store.role(view.role), store.overview(view.role)
    parts = [
        f"🧭 {bold(f'What {with_article(role.name)} actually does')}",
        esc(gist(ov.summary, BRIEF_CHARS) if brief else ov.summary),
    ]
    if not brief:
        parts.append("\n".join(f"• {bold(d.title)} — {esc(d.text)}" for d in ov.duties))
        if ov.note:
            parts.append(italic(f"Note: {ov.note}"))
    buttons = [
        nav(
            view.role,
            Button("🛠 Skills", encode(view.but(section="skills"))),
            Button("🕘 A day", encode(view.but(section="day"))),
        )
    ]
    return Reply("\n\n".join(parts), buttons, shareable=True)


def _side_by_side(view: View, store: Store) -> Reply:
    """Each role's gist and its main duties, one after the other, with a button to each
    role's own overview and one to their pay side by side."""
    roles = [store.role(slug) for slug in view.roles]
    parts = [f"🧭 {bold(' vs '.join(r.name for r in roles))}"]
    for role in roles:
        ov = store.overview(role.slug)
        duties = ", ".join(d.title for d in ov.duties[:SIDE_DUTIES])
        parts.append(
            f"{bold(role.name)}\n{esc(gist(ov.summary, BRIEF_CHARS))}\n"
            f"{italic('Main work: ' + duties)}"
        )
    own = [
        Button(f"🧭 {r.short_name or r.name}", encode(View(section="overview", role=r.slug)))
        for r in roles
    ]
    pay = View(section="compare", role=view.role, rivals=view.rivals)
    buttons = [own, [Button("⚖️ Pay side by side", encode(pay))]]
    return Reply("\n\n".join(parts), buttons, shareable=True)


@screen("skills")
def skills(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """The four skill groups, or one group with the reason for each skill."""
    assert view.role is not None
    role, sk = store.role(view.role), store.skills(view.role)
    groups: dict[str, SkillGroup] = {g.key: g for g in sk.groups}
    back = Button("⬅ Skills", encode(view.but(group=None)))
    if view.group is not None:
        group = groups[view.group]
        items = "\n".join(f"• {bold(s.name)} — {esc(s.why)}" for s in group.items)
        if brief:
            items = esc(" · ".join(s.name for s in group.items))
        text = f"🛠 {bold(f'{role.name}: {group.title}')}\n\n{items}"
        others = [
            Button(g.title, encode(view.but(group=g.key))) for g in sk.groups if g.key != view.group
        ]
        return Reply(text, [others[:2], others[2:], nav(view.role, back)], shareable=True)
    if brief:
        lines = [
            f"{bold(g.title)}: {esc(', '.join(s.name for s in g.items[:BRIEF_SKILLS]))}"
            for g in sk.groups
        ]
        text = "\n".join([f"🛠 {bold(f'{role.name} skills needed')}", *lines])
        cells = [Button(g.title, encode(view.but(group=g.key))) for g in sk.groups]
        return Reply(text, [cells[:2], cells[2:], nav(view.role)], shareable=True)
    blocks = [f"{bold(g.title)}\n{esc(' · '.join(s.name for s in g.items))}" for g in sk.groups]
    text = f"🛠 {bold(f'{role.name} skills needed')}\n\n" + "\n\n".join(blocks)
    if sk.note:
        text += f"\n\n{italic(f'Note: {sk.note}')}"
    text += "\n\nTap a group to see why each skill matters."
    cells = [Button(g.title, encode(view.but(group=g.key))) for g in sk.groups]
    return Reply(text, [cells[:2], cells[2:], nav(view.role)], shareable=True)


def gauge(score: int) -> str:
    """A text gauge: ▰▰▰▰▰▰▰▰▱▱ for 78."""
    filled = round(score / 100 * GAUGE_CELLS)
    return "▰" * filled + "▱" * (GAUGE_CELLS - filled)


@screen("risk")
def risk(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """How AI-proof the role is."""
    assert view.role is not None
    role, r = store.role(view.role), store.ai_risk(view.role)
    lines = [
        f"🤖 {bold('AI risk & future-proofing')} — {esc(role.name)}",
        "How AI-proof is this career?",
        f"{gauge(r.score)} {bold(f'{r.score}/100')} · {bold(r.label)}",
        italic("High risk · Moderate · Safe — higher is safer"),
    ]
    if not brief:
        lines += ["", "\n".join(f"• {esc(p)}" for p in r.points)]
        if r.note:
            lines += ["", italic(f"Note: {r.note}")]
    said = "estimate" in r.basis.lower() and r.provenance is Provenance.ESTIMATE
    how = f"{r.basis} ({month(r.as_of)})" if said else f"{r.basis}. {sure(r.provenance, r.as_of)}"
    lines += ["", esc(f"{how}.")]
    buttons = [
        nav(
            view.role,
            Button("📈 Career path", encode(view.but(section="path"))),
            Button("🔀 Pivots", encode(view.but(section="pivots"))),
        )
    ]
    return Reply("\n".join(lines), buttons, shareable=True)


@screen("path")
def path(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """The career stages, with the reader's level highlighted."""
    assert view.role is not None
    role, cp = store.role(view.role), store.career_path(view.role)
    level = view.level
    lines = [f"📈 {bold(f'{role.name}: career progression')}"]
    for number, stage in enumerate(cp.stages, 1):
        years = (
            f"{stage.years_min}–{stage.years_max} years"
            if stage.years_max is not None
            else f"{stage.years_min}+ years"
        )
        mine = stage.level == level
        title = f"{number:02d} {stage.title}"
        head = (
            f"👉 {bold(title)} · {esc(years)} (your level)"
            if mine
            else (f"{esc(title)} · {esc(years)}")
        )
        lines.append(head if brief else f"{head}\n    {esc(stage.summary)}")
    if cp.note and not brief:
        lines.append(italic(f"Note: {cp.note}"))
    labels = store.level_labels()
    cells = [
        Button(
            ("✓ " if lv == level else "") + f"I'm {labels[lv].lower()}",
            encode(view.but(level=None if lv == level else lv)),
        )
        for lv in LEVELS
    ]
    return Reply(
        ("\n" if brief else "\n\n").join(lines),
        [
            cells[:2],
            cells[2:],
            nav(view.role, Button("🔀 Pivots", encode(view.but(section="pivots", level=None)))),
        ],
        shareable=True,
    )


@screen("pivots")
def pivots(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """Adjacent roles and how easy each move is."""
    assert view.role is not None
    role, pv = store.role(view.role), store.pivots(view.role)
    lines = [f"🔀 {bold(f'Where can you pivot from {role.name}?')}"]
    for item in pv.items:
        target = store.role(item.role)
        head = (
            f"{EASE_MARK[item.ease.value]} {bold(target.name)} — Ease: "
            f"{esc(item.ease.value.capitalize())}"
        )
        lines.append(head if brief else f"{head}\n    {esc(item.why)}")
    if pv.note and not brief:
        lines.append(italic(f"Note: {pv.note}"))
    lines.append("Tap a role to open it.")
    cells = [
        Button(store.role(i.role).name, encode(View(section="menu", role=i.role))) for i in pv.items
    ]
    text = ("\n" if brief else "\n\n").join(lines)
    return Reply(text, [*rows(cells), nav(view.role)], shareable=True)


@screen("sources")
def sources(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """Methodology, references, provenance and the last update."""
    assert view.role is not None
    role, src = store.role(view.role), store.sources(view.role)
    if brief:
        text = (
            f"📚 {bold(f'{role.name}: sources & methodology')}\n"
            f"{esc(gist(src.methodology, BRIEF_CHARS))}\n"
            f"Last updated: {bold(month(src.last_updated))}"
        )
        return Reply(text, [nav(view.role)], shareable=True)
    meta, rates = store.salary_meta(view.role), store.rate("USD")
    refs = "\n".join(f"• {esc(r)}" for r in src.references)
    text = (
        f"📚 {bold(f'{role.name}: sources & methodology')}\n\n{esc(src.methodology)}\n\n"
        f"{bold('References')}\n{refs}\n\n{bold('How sure is each figure?')}\n"
        "• career page: stated on the page this bot was built from\n"
        "• estimate: careerbot's estimate, with its basis, shown with the figure\n"
        "• ⚠️ limited data: few public figures; treat as a broad estimate\n\n"
        f"Salaries are yearly, for {esc(meta.valid_for)}; USD equivalents use rates of "
        f"{esc(day(rates.as_of))}.\n"
        f"Last updated: {bold(month(src.last_updated))}"
    )
    return Reply(text, [nav(view.role)], shareable=True)
