"""The conversation state of an update: whose it is, loading it, and staging what changed.

Each update runs with its own `Changes` (a context variable set by the Application for the
update's task); handlers stage into it and the Application commits it, with the update id, in
one transaction after the update. A chat's context is keyed by (chat, person): in a private
chat the person is the chat's user; in a group each member has their own, so one member's role,
level or country never enters another's answer. Preferences belong to the person, wherever
they talk.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from dataclasses import dataclass

from pydantic import ValidationError
from telegram import Message, Update
from telegram.constants import ChatType

from bot.conversation.context import ChatContext, Preferences
from bot.state.interface import State
from bot.state.model import Changes, Json, Key, Screen, Unanswered


@dataclass
class Scope:
    """One update being handled: its state changes, and whether the user got an answer."""

    changes: Changes
    replied: bool = False


CURRENT: ContextVar[Scope | None] = ContextVar("careerbot_update", default=None)


def scope() -> Scope:
    """The update being handled (a throwaway outside of one)."""
    current = CURRENT.get()
    return current if current is not None else Scope(Changes(None, time.time()))


def changes() -> Changes:
    """The changes of the update being handled."""
    return scope().changes


def replied() -> None:
    """The user got their answer: a later failure is logged, not apologised for."""
    scope().replied = True


def keep_unanswered(entry: Unanswered) -> None:
    """Stage an unanswered message with the update's changes."""
    changes().unanswered.append(entry)


def key_of(update: Update) -> Key | None:
    """Whose conversation an update belongs to."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return None
    if chat.type == ChatType.PRIVATE:
        return Key(chat.id, user.id if user is not None else chat.id)
    return Key(chat.id, user.id if user is not None else 0)


def user_of(update: Update) -> int:
    """The person's id (0 when Telegram does not say)."""
    return update.effective_user.id if update.effective_user is not None else 0


async def load(state: State, key: Key | None, user_id: int) -> ChatContext:
    """The context and the person's preferences as one ChatContext (fresh when unreadable)."""
    data: Json = dict(await state.context(key) or {}) if key is not None else {}
    try:
        ctx = ChatContext.model_validate(data)
    except ValidationError:
        ctx = ChatContext()
    if user_id:
        try:
            stored = Preferences.model_validate(await state.preferences(user_id) or {})
        except ValidationError:
            stored = Preferences()
        ctx = ctx.model_copy(update={"preferences": stored})
    return ctx


def save(key: Key | None, user_id: int, ctx: ChatContext, loaded: ChatContext) -> None:
    """Stage the new context, and the preferences when they differ from those `load` read
    (never read again: another replica may have saved newer ones since, which an unchanged
    copy must not overwrite)."""
    unit = changes()
    if key is not None:
        unit.contexts[key] = ctx.model_dump(mode="json", exclude={"preferences"})
    if user_id and ctx.preferences != loaded.preferences:
        unit.preferences[user_id] = ctx.preferences.model_dump(mode="json")


async def shown_on(state: State, message: Message | None) -> Screen | None:
    """What one of the bot's messages shows and whom it was sent to, if it is still kept."""
    if message is None:
        return None
    return await state.screen(message.chat.id, message.message_id)


def sent(chat_id: int, message_id: int, address: str | None, user_id: int) -> None:
    """Stage which screen a message the bot sent (or edited) shows."""
    if address:
        changes().screens.append(Screen(chat_id, message_id, address, user_id or None, time.time()))
