"""THE registry of sections: every kind of screen is declared here, once.

Every other table is derived from these declarations: the address grammar (each section's
address templates, used both to encode and to decode), which intent asks for which section,
the bot's commands (for /help, Telegram's command menu and the parser's command words), the
role menu's buttons and their labels, and the sections offered beside an inline answer.
A section's screen registers itself under the section's name (see `bot.screens`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from knowledge.schema import Intent


def forms(head: str, *optional: str, needs: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Address templates with optional parts: `head` followed by any of the parts, in their
    order (those with more parts first), each with at least one of the parts it `needs`."""
    return tuple(
        head + "".join(parts)
        for size in range(len(optional), -1, -1)
        for parts in itertools.combinations(optional, size)
        if not needs or set(parts) & set(needs)
    )


@dataclass(frozen=True)
class Command:
    """A slash command: its place in /help and Telegram's menu, its name, its arguments and what
    it does."""

    rank: int
    name: str
    args: str
    description: str


@dataclass(frozen=True)
class Section:
    """One kind of screen and everything the bot derives from it."""

    name: str
    address: tuple[str, ...]
    """Address templates, each `{field}` a View field (see `bot.conversation.address`)."""
    intent: Intent | None = None
    """The intent that asks for this section; also the knowledge store's name for its prose."""
    resumes: Intent | None = None
    """The intent a follow-up after this screen continues ("and in Germany?"); default: intent."""
    label: str = ""
    """The label of a button or title that names the section."""
    in_menu: bool = False
    """Whether the role's menu has a button for it."""
    related: bool = False
    """Whether inline mode offers it beside the answer asked for."""
    navigation: bool = False
    """Whether its commands open it directly, without parsing the message (as they do for any
    section that no intent asks for)."""
    commands: tuple[Command, ...] = ()
    words: tuple[str, ...] = ()
    """More command words that ask for it, not listed in /help (`/pay`, `/about`)."""
    occupations: bool = False
    """Whether its screens exist for the imported (O*NET) occupations too, addressed by the
    occupation's slug where a role's screen has the role's."""
    topics: tuple[str, ...] = ()
    """Its sub-screens (a View's `topic`), from the most general to the most specific: the
    lexicon's topic words ask for them, and a message naming several gets the one its longest
    phrase names, else the most specific."""
    only_occupations: bool = False
    """Whether its screens are an imported occupation's only (their `role` is its slug)."""
    stands_for: str | None = None
    """For an occupation's section, the curated roles' section it is the counterpart of (its
    menu stands for "menu": /menu opens it when the current role is an occupation)."""

    @property
    def follow_up(self) -> Intent | None:
        """The intent a follow-up after this screen continues."""
        return self.resumes or self.intent

    @property
    def direct(self) -> bool:
        """Whether its commands open it directly: navigation, or no intent asks for it."""
        return self.navigation or self.intent is None

    @property
    def of_a_role(self) -> bool:
        """Whether its screens belong to a role (its addresses start with the role)."""
        return all(template.startswith("{role}") for template in self.address)

    @property
    def command_intent(self) -> Intent:
        """The intent its commands ask for: navigation is help, the rest is the section's."""
        return "help" if self.navigation or self.intent is None else self.intent


SECTIONS: tuple[Section, ...] = (
    Section(
        "roles",
        ("roles",),
        label="👥 Roles I cover",
        navigation=True,
        commands=(Command(11, "roles", "", "every role I cover"),),
    ),
    Section(
        "help",
        ("help",),
        intent="help",
        label="❓ Help",
        navigation=True,
        commands=(Command(1, "help", "", "what I can do and how to ask"),),
    ),
    Section(
        "settings",
        ("set_c_{country}", "set_l_{level}", "set_r{region}", "set"),
        label="⚙ Settings",
        navigation=True,
        commands=(Command(12, "settings", "", "your preferred country and level"),),
    ),
    Section("pair", ("vs_{subject}_{versus}",), resumes="salary", label="⚖️ Side by side"),
    Section("fields", ("fields_{field}_{page}", "fields"), label="🗂 Browse by field"),
    Section(
        "menu",
        ("{role}",),
        resumes="overview",
        label="📋 Menu",
        navigation=True,
        commands=(
            Command(0, "start", "", "start here: the main menu"),
            Command(2, "menu", "", "the sections of the current role"),
        ),
    ),
    Section(
        "overview",
        forms("{role}_ov", "_w{rivals}"),
        intent="overview",
        label="🧭 What they do",
        in_menu=True,
        related=True,
        words=("about", "overview"),
    ),
    Section(
        "skills",
        ("{role}_sk_{group}", "{role}_sk"),
        intent="skills",
        label="🛠 Skills",
        in_menu=True,
        related=True,
        commands=(Command(5, "skills", "", "skills and tools the role needs"),),
    ),
    Section(
        "day",
        ("{role}_day_{level}_{step}_{choice}", "{role}_day_{level}_{step}", "{role}_day"),
        intent="day_in_life",
        label="🕘 Day in the life",
        in_menu=True,
        commands=(Command(4, "day", "[level]", "step through a working day, e.g. /day junior"),),
    ),
    Section(
        "salary",
        (
            "{role}_sal_r{region}",
            *forms("{role}_sal_{country}_a{place}", "_{other_place}", "_{level}", "_{show}"),
            *forms("{role}_sal_{country}", "_{level}", "_{show}"),
            "{role}_sal",
        ),
        intent="salary",
        label="💰 Salary",
        in_menu=True,
        commands=(Command(3, "salary", "[level] [country]", "pay ranges, e.g. /salary senior uk"),),
        words=("pay",),
    ),
    Section(
        "compare",
        (
            "{role}_cmp_{country}_r{region}",
            *forms(
                "{role}_cmp_{country}",
                *("_{other}", "_w{rivals}", "_{level}", "_{show}"),
                needs=("_{other}", "_w{rivals}"),
            ),
            "{role}_cmp_{country}",
            *forms("{role}_cmp_w{rivals}", "_r{region}", "_{level}"),
        ),
        resumes="salary",
        label="⚖️ Compare",
    ),
    Section(
        "check",
        (
            *forms("{role}_chk_{country}", "_{level}", "_{offer}", "_{show}", needs=("_{offer}",)),
            *forms("{role}_chk", "_r{region}", "_{level}", "_{offer}", needs=("_{offer}",)),
        ),
        resumes="salary",
        label="💰 Pay check",
    ),
    Section(
        "risk",
        ("{role}_risk",),
        intent="ai_risk",
        label="🤖 AI risk",
        in_menu=True,
        related=True,
        commands=(Command(6, "risk", "", "how exposed the role is to AI"),),
    ),
    Section(
        "path",
        ("{role}_path_{level}", "{role}_path"),
        intent="career_path",
        label="📈 Career path",
        in_menu=True,
        related=True,
        commands=(Command(7, "path", "", "career progression, stage by stage"),),
    ),
    Section(
        "pivots",
        ("{role}_piv",),
        intent="pivots",
        label="🔀 Pivots",
        in_menu=True,
        related=True,
        commands=(Command(8, "pivots", "", "roles you can move to from here"),),
    ),
    Section(
        "getting_in",
        (
            "{role}_in_from_{origin}",
            "{role}_in_{topic}_{country}",
            "{role}_in_{topic}",
            "{role}_in",
        ),
        label="🚪 How to get in",
        in_menu=True,
        related=True,
        commands=(Command(9, "getin", "", "how to get in: routes, degrees, interviews, remote"),),
        occupations=True,
        topics=(
            "routes",
            "degrees",
            "certs",
            "portfolio",
            "interviews",
            "prep",
            "remote",
            "later",
        ),
    ),
    Section(
        "sources",
        ("{role}_src",),
        intent="sources",
        label="📚 Sources",
        in_menu=True,
        commands=(Command(10, "sources", "", "where the figures come from"),),
    ),
    # --- the imported occupations (bot/screens/occupation*.py) ---------------------------
    Section(
        "job",
        ("{role}_o",),
        resumes="overview",
        label="📋 Menu",
        only_occupations=True,
        stands_for="menu",
    ),
    Section(
        "job_do",
        ("{role}_do",),
        intent="overview",
        label="🧭 What they do",
        in_menu=True,
        related=True,
        only_occupations=True,
    ),
    Section(
        "job_skills",
        ("{role}_ts_{group}", "{role}_ts"),
        intent="skills",
        label="🛠 Skills & tools",
        in_menu=True,
        related=True,
        only_occupations=True,
    ),
    Section(
        "job_pay",
        (
            "{role}_p_{place}_m{page}",
            "{role}_p_{place}_{other_place}",
            "{role}_p_{place}",
            "{role}_p_s{page}",
            "{role}_p",
        ),
        intent="salary",
        label="💰 Pay",
        in_menu=True,
        only_occupations=True,
    ),
    Section(
        "job_check",
        ("{role}_pk_{place}_{offer}",),
        resumes="salary",
        label="💰 Pay check",
        only_occupations=True,
    ),
    Section(
        "job_ai",
        ("{role}_ai",),
        intent="ai_risk",
        label="🤖 AI exposure",
        in_menu=True,
        related=True,
        only_occupations=True,
    ),
    Section(
        "job_related",
        ("{role}_rel",),
        intent="pivots",
        label="🔀 Related occupations",
        in_menu=True,
        related=True,
        only_occupations=True,
    ),
    Section(
        "job_sources",
        ("{role}_cite",),
        intent="sources",
        label="📚 Sources",
        in_menu=True,
        only_occupations=True,
    ),
)
"""Every section, in the order of the role menu's buttons. Addresses are decoded in this order,
so the fixed words (`roles`, `help`, `set`) come before a bare role slug."""

BY_NAME: dict[str, Section] = {s.name: s for s in SECTIONS}
BY_INTENT: dict[Intent, Section] = {
    s.intent: s for s in SECTIONS if s.intent is not None and not s.only_occupations
}
"""The section each intent asks for (also keyed by the store's names for prose sections)."""
JOB_BY_INTENT: dict[Intent, Section] = {
    s.intent: s for s in SECTIONS if s.intent is not None and s.only_occupations
}
"""The occupation section each intent asks for (an occupation has no day in the life)."""
STANDS_FOR: dict[str, str] = {s.stands_for: s.name for s in SECTIONS if s.stands_for}
"""A curated roles' section -> the occupations' section that stands for it."""
FOLLOW_UPS: dict[str, Intent] = {s.name: s.follow_up for s in SECTIONS if s.follow_up}
"""The intent a follow-up continues, by the section last shown."""
MENU: tuple[Section, ...] = tuple(s for s in SECTIONS if s.in_menu and not s.only_occupations)
JOB_MENU: tuple[Section, ...] = tuple(
    s for s in SECTIONS if s.in_menu and (s.only_occupations or s.occupations)
)
"""An imported occupation's menu: its own sections and those it shares with the roles."""
TOPICS: dict[str, Section] = {topic: s for s in SECTIONS for topic in s.topics}
"""The section each topic is a sub-screen of."""
RELATED: tuple[Section, ...] = tuple(s for s in SECTIONS if s.related and not s.only_occupations)
JOB_RELATED: tuple[Section, ...] = tuple(s for s in SECTIONS if s.related and s.only_occupations)
COMMANDS: tuple[Command, ...] = tuple(
    sorted((c for s in SECTIONS for c in s.commands), key=lambda c: c.rank)
)
"""The listed commands, in /help and Telegram's menu order."""
COMMAND_SECTIONS: dict[str, Section] = {
    word: s for s in SECTIONS for word in (*(c.name for c in s.commands), *s.words)
}
"""Every command word and the section it asks for."""
COMMAND_INTENTS: dict[str, Intent] = {
    word: section.command_intent for word, section in COMMAND_SECTIONS.items()
}
"""Every command word and the intent it asks for."""
NAVIGATION: frozenset[str] = frozenset(w for w, s in COMMAND_SECTIONS.items() if s.direct)
"""Commands that open their screen directly."""
