"""Small talk is small: a greeting gets a few lines and three example questions to tap; thanks,
praise, a goodbye or a question about the bot itself get one line; in groups, one line."""

from __future__ import annotations

from bot.conversation.view import View
from bot.screens.common import button, examples
from bot.screens.reply import Reply
from knowledge.schema import SMALL_TALK_KINDS
from knowledge.store import Store

GREETING = "greeting"
LINES: dict[str, str] = {
    "identity": "🤖 I'm careerbot, an open-source bot that answers from a curated knowledge store "
    "of roles, pay and skills: not a human, and not an LLM.",
    "thanks": "😊 You're welcome! Ask me anything else about a role.",
    "praise": "🙏 Thank you, glad it helps!",
    "farewell": "👋 Bye, come back any time.",
}
"""The one line each kind of small talk gets (besides greetings)."""
GROUP_GREETING = (
    "👋 Hi! Mention me or reply to me with a question about a role: its pay, a working day, "
    "how to get in."
)

if set(LINES) | {GREETING} != set(SMALL_TALK_KINDS):
    raise ImportError("talk: every kind of small talk needs a reply")


def reply(kind: str, store: Store, role: str, *, brief: bool = False) -> Reply:
    """The answer to a kind of small talk, about `role` when it gives examples."""
    if kind != GREETING:
        return Reply(LINES[kind])
    if brief:
        return Reply(GROUP_GREETING)
    return greeting(store, role)


def greeting(store: Store, role: str) -> Reply:
    """Who the bot is in two lines, and three example questions to tap."""
    info, about = store.role(role), examples(store, role)
    labels = store.level_labels()
    text = (
        "👋 Hi! I'm careerbot. I answer career questions: what a role does, its pay in "
        f"{len(store.countries())} countries, a working day, and how to get in.\n"
        "Ask in your own words, or tap an example:"
    )
    short = info.short_name
    buttons = [
        button(
            View(section="salary", role=role, country=about.neighbour.code, level="senior"),
            f"💰 {labels['senior']} {short} pay in {about.neighbour.name}",
        ),
        button(
            View(section="day", role=role, level="junior", step=1),
            f"🕘 A {labels['junior'].lower()} {short}'s day",
        ),
        button(View(section="getting_in", role=role), f"🚪 Getting into {short}"),
    ]
    return Reply(text, [[b] for b in buttons])
