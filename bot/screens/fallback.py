"""What the bot says around the screens: the greeting, a clarifying question, a saved
preference, an expired menu or link, and what it answers when it cannot answer."""

from __future__ import annotations

from babel import Locale

from bot.conversation import occupation_dialog
from bot.conversation.address import encode
from bot.conversation.occupation_view import side_role
from bot.conversation.sections import BY_INTENT
from bot.conversation.view import View
from bot.screens.common import button, examples
from bot.screens.html import bold, esc
from bot.screens.reply import Button, Reply
from bot.screens.words import short_title
from knowledge.store import Store

EXPIRED = "⌛ That menu has expired. Here is the main menu."
EXPIRED_LINK = "⌛ That link has expired: what it showed is no longer here. Here is the main menu."
NO_SUCH_LINK = "🔗 That link doesn't open anything I have. Here is the main menu."
APOLOGY = "😓 Sorry, something went wrong on my side. Please try again in a moment."
OTHERS_ANSWER = "That answer is someone else's: yours is below."
"""The notice of a tap on another person's answer in a group (which stays as it was)."""
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


def addressed_to(user_id: int, name: str) -> str:
    """The lead of an answer sent to one member of a group: a mention of them."""
    return f'👤 <a href="tg://user?id={int(user_id)}">{esc(name)}</a>, your answer:'


def expired(source: str) -> str:
    """What a stale button or link is told."""
    return EXPIRED_LINK if source == "link" else EXPIRED


def clarify(view: View) -> str:
    """The question shown above a picker when a message left out what the screen needs."""
    if view.section == "day":
        return "Which level should the day be at?"
    return "Which country? Pick a region below, or just type one."


NOTES = {
    "gross": (
        "ℹ️ I show gross pay, before tax. Take-home pay depends on personal circumstances "
        "(residence, family, deductions, pension and insurance contributions, tax-free "
        "allowances), so one net figure would be wrong for most people; a local tax "
        "calculator gives yours."
    ),
    "trimmed": "✂️ That is more than one table can show; here are the first of them.",
    "national": (
        "📍 A comparison shows the US as a whole. For BLS's figures in a US state or city, "
        "ask about the US alone, naming the state or city."
    ),
    "no_rate": (
        "💱 I have no exchange rate for that currency. I show pay in US dollars and in the "
        "currencies of the countries I cover: pick one with 💱 Currency."
    ),
}
"""What the bot says before a screen, by the dialog's note."""


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


def unknown_role(store: Store, subject: str, nearest: tuple[View, ...] = ()) -> Reply:
    """The message names an occupation the data does not have: say so, and offer the nearest
    few (by title), labelled as nearest, and the fields to browse; never another's figures."""
    total = len(store.occupations())
    text = (
        f"🙇 I don't have {bold(subject)} among the {total:,} occupations I know, and I won't "
        "answer with another occupation's figures."
    )
    if nearest:
        text += "\n\nThe nearest I have, by title:"
    buttons = [[button(v, f"≈ {_label(store, v)} (nearest)")] for v in nearest]
    buttons.append([button(View(section="fields")), button(View(section="roles"), "👥 Roles")])
    return Reply(text, buttons)


def nearest(subject: str) -> str:
    """The lead of a nearest occupation's screen shown for one the data does not have."""
    return f"≈ I don't have {bold(subject)}; this is the nearest occupation I have, by title."


def choose(store: Store, subject: str, options: tuple[View, ...]) -> Reply:
    """A title that fits several occupations: which one?"""
    text = f"🤔 “{esc(subject)}” fits several occupations. Which one do you mean?"
    buttons = [[button(v, _label(store, v))] for v in options]
    buttons.append([button(View(section="fields"))])
    return Reply(text, buttons)


def note(key: str, view: View, store: Store, subject: str | None = None) -> str | None:
    """What the dialog's note says above a view (pay's `gross`, `trimmed`; an occupation's)."""
    if key in NOTES:
        return NOTES[key]
    if key == occupation_dialog.MATCHED and subject:
        named = view.role or (side_role(store, view.subject) if view.subject else None)
        if named is not None:  # a comparison's: its first side's
            title = store.occupation(named).title
            return f"🔎 “{esc(subject)}”: O*NET lists this title under {bold(title)}."
    if key == occupation_dialog.LOCAL and view.role is not None and subject:
        title = store.occupation(view.role).title
        language = store.title_language(view.role, subject) or "en"
        name = Locale.parse("en").languages.get(language, language)
        said = "" if language == "en" else f" ({esc(str(name))})"
        return (
            f"🔎 I read “{esc(subject)}”{said} as {bold(title)}, the occupation it is closest "
            "to in O*NET's list."
        )
    if key == occupation_dialog.NO_DAY and view.role is not None:
        title = store.occupation(view.role).title
        return (
            f"🕘 I have no hour-by-hour day for {esc(title)} (I only have that for the roles "
            "with a full guide). Here is what they do:"
        )
    return None


def _label(store: Store, view: View) -> str:
    """The name a view's button shows: its occupation's title or its role's name, or the
    names of a comparison's two sides."""
    if view.subject is not None and view.versus is not None:
        first, second = side_role(store, view.subject), side_role(store, view.versus)
        return f"{short_title(_name(store, first), 28)} vs {short_title(_name(store, second), 28)}"
    assert view.role is not None
    return _name(store, view.role)


def _name(store: Store, role: str) -> str:
    if store.is_occupation(role):
        return short_title(store.occupation(role).title, 60)
    return store.role(role).name


def _territory(code: str) -> str:
    """A territory's English name (Babel, CLDR), else its code."""
    name = Locale.parse("en").territories.get(code)
    return name if isinstance(name, str) else code


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def no_figures(store: Store, places: tuple[str, ...]) -> str:
    """What the bot says about places it has no salary figures for, and what it covers."""
    covered = ", ".join(c.name for c in store.countries())
    missing = _listed([_territory(code) for code in places])
    return f"🌍 I don't have salary data for {esc(missing)} yet; I cover {esc(covered)}."


def no_figures_reply(store: Store, places: tuple[str, ...], role: str) -> Reply:
    """The reply to a pay question about places only the bot has no figures for."""
    buttons = [
        button(View(section="salary", role=role), "💰 Pick a country I cover"),
        button(View(section="menu", role=role), "📋 Main menu"),
    ]
    return Reply(no_figures(store, places), [buttons])


def language_note(language: str) -> str:
    """Said once a conversation: the question was read in another language, and the answer is
    in English."""
    name = Locale.parse("en").languages.get(language, language)
    return f"🌐 I read your message in {esc(str(name))}; I answer in English for now."
