"""Rendering views as replies: menus and the role's sections (salary and the day have modules
of their own). Everything shown comes from the store; everything from it is escaped."""

from __future__ import annotations

from collections.abc import Callable

from bot import pay, workday
from bot.address import View, encode
from bot.commands import COMMANDS
from bot.context import ChatContext
from bot.markup import bold, esc, fit, italic
from bot.reply import Button, Reply
from bot.screen import day, examples, flag, month, nav, rows, sure
from knowledge.schema import LEVELS, Provenance, SkillGroup
from knowledge.store import Store

SECTION_BUTTONS: tuple[tuple[str, str], ...] = (
    ("overview", "🧭 What they do"),
    ("skills", "🛠 Skills"),
    ("day", "🕘 Day in the life"),
    ("salary", "💰 Salary"),
    ("risk", "🤖 AI risk"),
    ("path", "📈 Career path"),
    ("pivots", "🔀 Pivots"),
    ("sources", "📚 Sources"),
)
EASE_MARK = {"high": "🟢", "medium": "🟡", "low": "🟠"}
GAUGE_CELLS = 10


def render(view: View, store: Store, ctx: ChatContext, *, brief: bool = False) -> Reply:
    """The reply that shows a view."""
    renderer = RENDERERS[view.section]
    reply = renderer(view, store, ctx, brief)
    return Reply(fit(reply.text), reply.buttons, encode(view), reply.shareable)


# --- menus -----------------------------------------------------------------------------------


def roles_list(view: View, store: Store, ctx: ChatContext, brief: bool) -> Reply:
    """Every role the store covers."""
    lines = [
        bold("Roles I cover"),
        "Pick one to see what it does, its pay, a working day and more.",
    ]
    buttons = [[Button(r.name, encode(View(section="menu", role=r.slug)))] for r in store.roles()]
    buttons.append([Button("❓ Help", "help")])
    return Reply("\n".join(lines), buttons)


def role_menu(view: View, store: Store, ctx: ChatContext, brief: bool) -> Reply:
    """A role's main menu."""
    assert view.role is not None
    role, overview = store.role(view.role), store.overview(view.role)
    text = f"{bold(role.name)}\n{esc(overview.summary)}\n\nWhat would you like to know?"
    cells = [
        Button(label, encode(View(section=section, role=view.role)))
        for section, label in SECTION_BUTTONS
    ]
    return Reply(text, [*rows(cells), [Button("👥 Other roles", "roles")]], shareable=True)


def help_screen(view: View, store: Store, ctx: ChatContext, brief: bool) -> Reply:
    """What the bot can do, its commands and example questions."""
    role = store.role(ctx.role) if ctx.role else store.roles()[0]
    about = examples(store, role.slug)
    commands = "\n".join(
        f"/{c.name} {esc(c.args)} — {esc(c.description)}".replace("  ", " ") for c in COMMANDS
    )
    asks = "\n".join(
        f"• {esc(e)}"
        for e in (
            f"salary for a senior {role.short_name} in {about.neighbour.name}",
            f"{about.country.short_name} vs {about.neighbour.name} for juniors",
            f"what does a {role.name.lower()} do all day",
            f"will AI replace {about.other_role.name.lower()}s?",
            f"can a {role.short_name} pivot to {about.other_role.name}?",
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
        [Button("👥 All roles", "roles"), Button("⚙ Settings", "set")],
    ]
    return Reply(text, buttons)


def settings(view: View, store: Store, ctx: ChatContext, brief: bool) -> Reply:
    """The chat's preferences: a country and a level used when a question leaves them out."""
    labels = store.level_labels()
    country = store.country(ctx.preferred_country).name if ctx.preferred_country else "not set"
    level = labels[ctx.preferred_level] if ctx.preferred_level else "not set"
    text = (
        f"{bold('Settings')}\nWhen a question leaves them out, I use these.\n\n"
        f"Country: {bold(country)}\nLevel: {bold(level)}"
    )
    if view.region is not None:
        region = store.regions()[view.region]
        text += f"\n\nPick your country in {esc(region.name)}:"
        cells = [
            Button(f"{flag(c.code)} {c.name}", f"set_c_{c.code}")
            for c in store.countries(region.key)
        ]
        return Reply(text, [*rows(cells), [Button("⬅ Settings", "set")]])
    regions = [Button(r.name, f"set_r{i}") for i, r in enumerate(store.regions())]
    levels = [Button(labels[lv], f"set_l_{lv}") for lv in LEVELS]
    back = [
        Button("⬅ Menu", encode(View(section="menu", role=ctx.role)))
        if ctx.role
        else Button("👥 Roles", "roles")
    ]
    return Reply(
        text + "\n\nYour country's region:",
        [regions[:2], regions[2:], levels[:2], levels[2:], back],
    )


# --- sections --------------------------------------------------------------------------------


def overview(view: View, store: Store, ctx: ChatContext, brief: bool) -> Reply:
    """What the role does."""
    assert view.role is not None
    role, ov = store.role(view.role), store.overview(view.role)
    parts = [f"🧭 {bold(f'What a {role.name} actually does')}", esc(ov.summary)]
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


def skills(view: View, store: Store, ctx: ChatContext, brief: bool) -> Reply:
    """The four skill groups, or one group with the reason for each skill."""
    assert view.role is not None
    role, sk = store.role(view.role), store.skills(view.role)
    groups: dict[str, SkillGroup] = {g.key: g for g in sk.groups}
    back = Button("⬅ Skills", encode(view.but(group=None)))
    if view.group is not None:
        group = groups[view.group]
        items = "\n".join(f"• {bold(s.name)} — {esc(s.why)}" for s in group.items)
        text = f"🛠 {bold(f'{role.name}: {group.title}')}\n\n{items}"
        others = [
            Button(g.title, encode(view.but(group=g.key))) for g in sk.groups if g.key != view.group
        ]
        return Reply(text, [others[:2], others[2:], nav(view.role, back)], shareable=True)
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


def risk(view: View, store: Store, ctx: ChatContext, brief: bool) -> Reply:
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


def path(view: View, store: Store, ctx: ChatContext, brief: bool) -> Reply:
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
        "\n\n".join(lines),
        [
            cells[:2],
            cells[2:],
            nav(view.role, Button("🔀 Pivots", encode(view.but(section="pivots", level=None)))),
        ],
        shareable=True,
    )


def pivots(view: View, store: Store, ctx: ChatContext, brief: bool) -> Reply:
    """Adjacent roles and how easy each move is."""
    assert view.role is not None
    role, pv = store.role(view.role), store.pivots(view.role)
    lines = [f"🔀 {bold(f'Where can you pivot from {role.name}?')}"]
    for item in pv.items:
        target = store.role(item.role)
        lines.append(
            f"{EASE_MARK[item.ease.value]} {bold(target.name)} — Ease: "
            f"{esc(item.ease.value.capitalize())}\n    {esc(item.why)}"
        )
    if pv.note:
        lines.append(italic(f"Note: {pv.note}"))
    lines.append("Tap a role to open it.")
    cells = [
        Button(store.role(i.role).name, encode(View(section="menu", role=i.role))) for i in pv.items
    ]
    return Reply("\n\n".join(lines), [*rows(cells), nav(view.role)], shareable=True)


def sources(view: View, store: Store, ctx: ChatContext, brief: bool) -> Reply:
    """Methodology, references, provenance and the last update."""
    assert view.role is not None
    role, src = store.role(view.role), store.sources(view.role)
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


Renderer = Callable[[View, Store, ChatContext, bool], Reply]
RENDERERS: dict[str, Renderer] = {
    "roles": roles_list,
    "help": help_screen,
    "settings": settings,
    "menu": role_menu,
    "overview": overview,
    "skills": skills,
    "day": workday.render,
    "salary": pay.render_salary,
    "compare": pay.render_compare,
    "risk": risk,
    "path": path,
    "pivots": pivots,
    "sources": sources,
}
