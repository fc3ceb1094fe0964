"""The admins' commands: /reload (rebuild the knowledge and switch to it) and /stats.

Anyone not listed in CAREERBOT_ADMIN_IDS gets what an unknown command gets: the unknown reply
in a private chat, silence in a group.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from telegram import Update

from bot.conversation.text import read
from bot.engine import Engine
from bot.ops.observer import TOP, Stats
from bot.screens.html import bold, esc
from bot.telegram.handlers import Context, Handlers, chat_kind, in_group
from knowledge.errors import SourceError
from knowledge.store import Store

log = logging.getLogger(__name__)
COMMANDS = ["reload", "stats"]
"""Commands only admins may use; not in the command menu."""
SHOWN_PROBLEMS = 10
"""Source problems listed in a failed reload's reply."""
PROBLEM_CHARS = 300
"""Characters of one problem shown (the rest is cut, with an ellipsis)."""
REPLY_CHARS = 3_500
"""A reply stays well under Telegram's 4,096 characters."""

Reload = Callable[[], Engine]
"""Rebuilds the knowledge store and returns an engine on it; raises SourceError on bad sources."""


class Admin:
    """The admin commands, acting on the handlers' engine and observer."""

    def __init__(
        self, handlers: Handlers, admins: frozenset[int] = frozenset(), reload: Reload | None = None
    ) -> None:
        self.handlers, self.admins, self.reload = handlers, admins, reload
        self._retired: Store | None = None

    async def command(self, update: Update, context: Context) -> None:
        """/reload or /stats from an admin; from anyone else, what an unknown command gets."""
        user, message = update.effective_user, update.effective_message
        if message is None or message.text is None:
            return
        if user is None or user.id not in self.admins:
            if not in_group(update):
                await self.handlers.message(update, context)
            return
        started = time.perf_counter()
        command = read(message.text).command or ""
        if command == "stats":
            answer = await self._stats(private=not in_group(update))
        else:
            answer = await self._reload()
        await message.reply_text(answer)
        self.handlers.observer.handled(
            kind="admin",
            intent=command,
            chat_kind=chat_kind(update),
            seconds=time.perf_counter() - started,
        )

    async def _stats(self, *, private: bool) -> str:
        """/stats; the unanswered questions (what users typed) only in a private chat."""
        state = self.handlers.state
        questions = await state.top_unanswered(TOP) if private else []
        return stats_text(self.handlers.observer.stats(questions), private=private)

    async def _reload(self) -> str:
        """Rebuild and reopen the store; on bad sources keep serving the old one and say why."""
        if self.reload is None:
            return "Reload is not available in this process."
        try:
            engine = await asyncio.to_thread(self.reload)
        except SourceError as error:
            return reload_failed(error.problems)
        digest = self._switch(engine)
        await self.handlers.state.set_knowledge_version(digest, time.time())
        return (
            f"✅ Reloaded the knowledge: {len(engine.store.roles())} roles, "
            f"version <code>{esc(digest)}</code>."
        )

    async def follow(self, digest: str) -> None:
        """The knowledge version in force became `digest` (a /reload on another replica):
        rebuild from this replica's sources and switch to them. Sources that build another
        version are said in the log (every replica should have the same)."""
        current = self.handlers.engine.store.info().digest
        if digest == current or self.reload is None:
            return
        try:
            engine = await asyncio.to_thread(self.reload)
        except SourceError as error:
            log.error(
                "another replica switched to knowledge %s; these sources have %d problem(s), "
                "so this one keeps serving %s",
                digest,
                len(error.problems),
                current,
            )
            return
        built = engine.store.info().digest
        if built == current:
            engine.store.close()
        else:
            self._switch(engine)
        if built == digest:
            log.info("switched to knowledge %s after a /reload on another replica", digest)
        else:
            log.warning(
                "another replica switched to knowledge %s, but these sources build %s: give "
                "every replica the same knowledge sources",
                digest,
                built,
            )

    def _switch(self, engine: Engine) -> str:
        """Serve `engine` from now on; returns its knowledge digest. The store it replaces is
        closed at the next switch, not now: a reader in another thread (/healthz) that took
        the old engine a moment before can still finish with it."""
        old, self.handlers.engine = self.handlers.engine, engine
        info = engine.store.info()
        self.handlers.observer.metrics.knowledge_version(info.digest, info.schema_version)
        if self._retired is not None:
            self._retired.close()
        self._retired = old.store
        return info.digest


def reload_failed(problems: list[str]) -> str:
    """Why a reload failed: the first few problems as code, each cut to a line's worth and
    all of them to what fits one message."""
    shown: list[str] = []
    used = 0
    for problem in problems[:SHOWN_PROBLEMS]:
        line = problem if len(problem) <= PROBLEM_CHARS else problem[: PROBLEM_CHARS - 1] + "…"
        if used + len(line) > REPLY_CHARS:
            break
        shown.append(line)
        used += len(line) + 1
    more = len(problems) - len(shown)
    tail = f"\n… and {more} more" if more > 0 else ""
    body = "\n".join(esc(p) for p in shown)
    return f"❌ Reload failed; still serving the previous knowledge.\n\n<code>{body}{tail}</code>"


def stats_text(stats: Stats, *, private: bool = True) -> str:
    """/stats: uptime, counts, top intents, top unanswered questions (in private only)."""
    up = stats.seconds
    typed = sum(stats.intents.values())
    kinds = ", ".join(f"{k} {n}" for k, n in stats.kinds.most_common()) or "none"
    intents = "\n".join(f"• {esc(i)}: {n}" for i, n in stats.intents.most_common(TOP))
    questions = "\n".join(f"• {q.count}× {esc(q.text)}" for q in stats.unanswered)
    return "\n".join(
        [
            bold("careerbot stats"),
            f"Up {up // 3600}h {up % 3600 // 60}m, mode {esc(stats.mode)}",
            f"Updates: {sum(stats.kinds.values())} ({esc(kinds)}); errors {stats.errors}, "
            f"flood drops {stats.flood_drops}",
            f"Unknown rate: {stats.unknown_rate:.0%} of {typed} typed messages",
            "",
            bold("Top intents"),
            intents or "none yet",
            "",
            bold("Top unanswered"),
            (questions or "none kept") if private else "only shown in a private chat with me",
        ]
    )
