"""An imported occupation's screens, in the look of the curated roles': its menu, what they
do, skills and tools, AI exposure, related occupations, how people get in, sources, and the
fields of work to browse them by. Pay is in `bot.screens.occupation_pay`.

Everything shown comes from the store (O*NET, BLS, Microsoft, GPTs-are-GPTs, ONS) and says so;
what the data does not have is left out, never shown as an empty heading.
"""

from __future__ import annotations

import textwrap

from bot.conversation.context import Viewer
from bot.conversation.occupation_view import FIELD_PAGE, SKILL_GROUPS, pages
from bot.conversation.sections import JOB_MENU
from bot.conversation.view import View
from bot.screens.common import button, rows, screen
from bot.screens.html import bold, esc, gist, italic
from bot.screens.reply import Button, Reply
from bot.screens.words import short_title
from knowledge.occupation_store import Exposure, OccupationInfo, Rating, Score
from knowledge.store import RoleInfo, Store

TASKS_SHOWN = 8
BRIEF_TEXT = 160
"""Characters of a description in a brief answer (a group, inline)."""
BRIEF_ITEMS = 4
SKILLS_SHOWN = 6
LISTED = 25
"""Items of one skill group on its own page."""
RELATED_SHOWN = 10
CURATED_OFFERED = 3
HOT, IN_DEMAND = "🔥", "⭐"
GROUP_LABELS = {
    "tech": "💻 Technology",
    "tools": "🧰 Tools",
    "skills": "🧠 Skills",
    "knowledge": "📖 Knowledge",
    "styles": "🙂 Work styles",
}
GROUP_DOMAINS = {"skills": "skill", "knowledge": "knowledge", "styles": "work_style"}
EXPOSURE_SHOWN = ("gpt4_beta", "human_beta")
"""The GPTs-are-GPTs ratings shown: the paper's headline measure, by GPT-4 and by people."""
EXPOSURE_NAMES = {"gpt4_beta": "rated by GPT-4", "human_beta": "rated by people"}


def home(role: str) -> Button:
    """The way back to an occupation's menu."""
    return button(View(section="job", role=role), "⬅ Menu")


def title_of(store: Store, slug: str) -> str:
    """An occupation's title."""
    return store.occupation(slug).title


def curated_offers(store: Store, occupation: OccupationInfo) -> list[RoleInfo]:
    """Curated roles to offer from an occupation: those that correspond to it or to an
    occupation related to it, then those in its SOC minor group ("15-12")."""
    related = {r.occupation.code for r in store.related(occupation.slug)}
    family = occupation.soc[:4]
    scored = []
    for role in store.roles():
        if role.onet_code == occupation.code or role.onet_code in related:
            scored.append((0, role))
        elif role.onet_code.startswith(family):
            scored.append((1, role))
    return [role for _, role in sorted(scored, key=lambda s: s[0])][:CURATED_OFFERED]


def offer_buttons(store: Store, occupation: OccupationInfo) -> list[list[Button]]:
    """Buttons to the curated roles offered from an occupation (`curated_offers`)."""
    offers = curated_offers(store, occupation)
    return rows([button(View(section="menu", role=r.slug), f"⭐ {r.name}") for r in offers])


@screen("job")
def menu(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """An occupation's menu: what it is, what else it is called, and its sections."""
    assert view.role is not None
    occupation = store.occupation(view.role)
    field = next((f.title for f in store.fields() if f.major == occupation.major), None)
    lines = [f"📋 {bold(occupation.title)}", esc(gist(occupation.description, BRIEF_TEXT))]
    also = store.titles_of(view.role, 5)
    if also and not brief:
        lines.append(f"Also called: {esc(', '.join(also))}.")
    if field and not brief:
        lines.append(italic(f"Field: {field} · O*NET-SOC {occupation.code}"))
    lines += ["", "What would you like to know?"]
    cells = [button(View(section=s.name, role=view.role)) for s in JOB_MENU]
    offers = offer_buttons(store, occupation)
    others = button(View(section="roles"), "👥 Other roles")
    return Reply("\n".join(lines), [*rows(cells), *offers, [others]], shareable=True)


@screen("job_do")
def what_they_do(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """What an occupation does: O*NET's description and core tasks."""
    assert view.role is not None
    occupation = store.occupation(view.role)
    about = gist(occupation.description, BRIEF_TEXT) if brief else occupation.description
    parts = [f"🧭 {bold(f'What {occupation.title} do')}", esc(about)]
    tasks = store.tasks(view.role)
    core = [t for t in tasks if t.kind == "core"] or tasks
    if core and not brief:
        shown = core[:TASKS_SHOWN]
        heading = "Core tasks" if core is not tasks or tasks[0].kind == "core" else "Tasks"
        parts.append(bold(heading) + "\n" + "\n".join(f"• {esc(t.text)}" for t in shown))
        if len(tasks) > len(shown):
            parts.append(italic(f"{len(tasks) - len(shown)} more tasks in O*NET's list."))
    if not brief:
        parts.append(italic("Source: O*NET (see Sources)."))
    skills = button(View(section="job_skills", role=view.role))
    return Reply("\n\n".join(parts), [[skills, home(view.role)]], shareable=True)


@screen("job_skills")
def skills(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """Technology, tools, skills, knowledge and work styles: a few of each, or one in full."""
    assert view.role is not None
    title = title_of(store, view.role)
    groups = {g: _group_lines(store, view.role, g) for g in SKILL_GROUPS}
    present = [g for g in SKILL_GROUPS if groups[g]]
    back = button(view.but(group=None), "⬅ Skills & tools")
    if view.group is not None:
        shown = BRIEF_ITEMS if brief else LISTED
        lines = groups[view.group][:shown] or ["O*NET lists none for this occupation."]
        text = f"{GROUP_LABELS[view.group]} — {bold(title)}\n\n" + "\n".join(lines)
        text += "" if brief else "\n\n" + _key(view.group)
        others = [button(view.but(group=g), GROUP_LABELS[g]) for g in present if g != view.group]
        return Reply(text, [*rows(others, 3), [back, home(view.role)]], shareable=True)
    if brief:
        names = {g: _names(store, view.role, g) for g in present}
        blocks = [f"{GROUP_LABELS[g]}: {esc(gist(', '.join(names[g]), 32))}" for g in present]
        text = f"🛠 {bold(f'{title}: skills & tools')}\n" + "\n".join(blocks)
    else:
        blocks = [
            f"{bold(GROUP_LABELS[g])}\n" + "\n".join(groups[g][:SKILLS_SHOWN]) for g in present
        ]
        text = f"🛠 {bold(f'{title}: skills & tools')}\n\n" + "\n\n".join(blocks)
        text += "\n\n" + _key(None) + "\n" + italic("Source: O*NET (see Sources).")
    cells = [button(view.but(group=g), GROUP_LABELS[g]) for g in present]
    return Reply(text, [*rows(cells, 3), [home(view.role)]], shareable=True)


def _names(store: Store, slug: str, group: str) -> list[str]:
    if group in ("tech", "tools"):
        items = store.technology(slug) if group == "tech" else store.tools(slug)
        return [i.name for i in items]
    return [r.name for r in store.ratings(slug, GROUP_DOMAINS[group])]  # type: ignore[arg-type]


def _group_lines(store: Store, slug: str, group: str) -> list[str]:
    if group in ("tech", "tools"):
        items = store.technology(slug) if group == "tech" else store.tools(slug)
        return [
            f"• {esc(i.name)}{' ' + HOT if i.hot else ''}{' ' + IN_DEMAND if i.in_demand else ''}"
            for i in items
        ]
    domain = GROUP_DOMAINS[group]
    return [_rating(r) for r in store.ratings(slug, domain)]  # type: ignore[arg-type]


def _rating(rating: Rating) -> str:
    """`• Active Listening ▰▰▰▰▱ 4.0`: importance on O*NET's 1-5 scale."""
    filled = round(rating.importance)
    return f"• {esc(rating.name)} {'▰' * filled}{'▱' * (5 - filled)} {rating.importance:.1f}"


def _key(group: str | None) -> str:
    marks = f"{HOT} hot technology · {IN_DEMAND} in demand (O*NET)"
    scale = "▰ importance, 1–5 (O*NET)"
    if group in ("tech", "tools"):
        return italic(marks)
    if group is None:
        return italic(f"{marks} · {scale}")
    return italic(scale)


@screen("job_ai")
def ai_exposure(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """How exposed the occupation is to AI, by two sources, each with what it measures and
    its rank; never the curated roles' 0-100 "AI-proof" score."""
    assert view.role is not None
    title = title_of(store, view.role)
    lines = [f"🤖 {bold('AI exposure')} — {esc(title)}", ""]
    lines += exposure_lines(store, store.exposure(view.role), brief)
    related = button(View(section="job_related", role=view.role))
    return Reply("\n".join(lines), [[related, home(view.role)]], shareable=True)


def exposure_lines(store: Store, exposure: Exposure | None, brief: bool) -> list[str]:
    """The two sources' figures, ranks and (unless brief) what they measure."""
    if exposure is None:
        return ["Neither source scored this occupation."]
    measures = store.occupation_sources().measures
    lines: list[str] = []
    if exposure.microsoft is not None:
        lines.append(
            f"{bold('Microsoft AI applicability:')} {exposure.microsoft.value:.2f} — "
            f"{_rank(exposure.microsoft)}"
        )
        if not brief and "microsoft_score" in measures:
            lines.append(italic(measures["microsoft_score"]))
    for name in EXPOSURE_SHOWN:
        score = exposure.gpts.get(name)
        if score is None:
            continue
        if lines and not brief:
            lines.append("")
        lines.append(
            f"{bold(f'GPTs are GPTs, {EXPOSURE_NAMES[name]}:')} {score.value:.0%} of tasks — "
            f"{_rank(score)}"
        )
        if not brief and name in measures:
            lines.append(italic(measures[name]))
    if not brief:
        lines += ["", italic("1 = the most exposed. Neither is a 0–100 “AI-proof” score.")]
    return lines


def _rank(score: Score) -> str:
    return f"rank {score.rank:,} of {score.ranked:,}"


@screen("job_related")
def related(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """Related occupations (each opens its page) and curated roles close to this one."""
    assert view.role is not None
    occupation = store.occupation(view.role)
    found = store.related(view.role)[: BRIEF_ITEMS if brief else RELATED_SHOWN]
    lines = [f"🔀 {bold(f'Occupations related to {occupation.title}')}"]
    if not found:
        lines.append("O*NET lists none.")
    lines += [f"• {esc(r.occupation.title)}" for r in found]
    offers = curated_offers(store, occupation)
    if offers and not brief:
        names = ", ".join(r.name for r in offers)
        lines += ["", f"⭐ With a full guide (pay by country, a day in the life): {esc(names)}"]
    if not brief:
        lines += ["", italic("Source: O*NET related occupations. Tap one to open it.")]
    cells = [button(_page(r.occupation), short_title(r.occupation.title, 40)) for r in found]
    return Reply(
        "\n".join(lines),
        [*rows(cells), *offer_buttons(store, occupation), [home(view.role)]],
        shareable=True,
    )


def _page(occupation: OccupationInfo) -> View:
    """An occupation's menu, or its curated role's when that is the very job."""
    if occupation.stands_for:
        return View(section="menu", role=occupation.stands_for)
    return View(section="job", role=occupation.slug)


@screen("job_sources")
def sources(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """Every source's attribution, careerbot's note on its changes, and how UK pay is matched."""
    assert view.role is not None
    info = store.occupation_sources()
    lines = [f"📚 {bold(f'{title_of(store, view.role)}: sources')}", *([] if brief else [""])]
    for source in info.sources:
        if brief:
            lines.append(f"• {esc(textwrap.shorten(source.name, 30, placeholder='…'))}")
            continue
        lines.append(f"• {bold(source.name)} ({esc(source.vintage)}, {esc(source.licence)})")
        lines.append(f"  {esc(source.attribution)}")
    if brief:
        return Reply("\n".join(lines), [[home(view.role)]], shareable=True)
    lines += ["", italic(info.modified)]
    for note in ("us_wages", "uk_mapping"):
        if note in info.notes:
            lines += ["", esc(info.notes[note])]
    return Reply("\n".join(lines), [[home(view.role)]], shareable=True)


@screen("fields")
def fields(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """The fields of work, or one field's occupations a page at a time."""
    if view.field is None:
        all_fields = store.fields()
        total = sum(f.occupations for f in all_fields)
        text = (
            f"🗂 {bold('Browse by field')}\n{total:,} occupations in "
            f"{len(all_fields)} fields. Pick a field, or just type a job title."
        )
        cells = [
            button(View(section="fields", field=f.major, page=0), _field_name(f.major, f.title))
            for f in all_fields
        ]
        return Reply(text, [*rows(cells), [button(View(section="roles"), "⬅ Roles")]])
    assert view.page is not None
    members = store.in_field(view.field)
    name = next(_field_name(f.major, f.title) for f in store.fields() if f.major == view.field)
    count = pages(len(members), FIELD_PAGE)
    shown = members[view.page * FIELD_PAGE : (view.page + 1) * FIELD_PAGE]
    text = f"🗂 {bold(name)}\nPage {view.page + 1} of {count} · {len(members)} occupations"
    listed = [[button(_page(o), short_title(o.title, 60))] for o in shown]
    moves: list[Button] = []
    if view.page > 0:
        moves.append(button(view.but(page=view.page - 1), "◀ Previous"))
    if view.page + 1 < count:
        moves.append(button(view.but(page=view.page + 1), "Next ▶"))
    back = button(View(section="fields"), "⬅ Fields")
    return Reply(text, [*listed, moves, [back]] if moves else [*listed, [back]])


def _field_name(major: int, title: str | None) -> str:
    return (title or f"Field {major}").removesuffix(" Occupations")
