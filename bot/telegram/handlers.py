"""Handlers: read the update, call the engine, send the reply. Nothing else happens here.

HTML parse mode and disabled link previews are the Application's defaults (`bot.telegram.app`),
so no call here names them."""

from __future__ import annotations

import logging
import time
from typing import Any

from telegram import (
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    Update,
    User,
)
from telegram.constants import ChatType, MessageEntityType
from telegram.error import BadRequest, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.engine import Engine, Turn
from bot.ops.observer import Observer
from bot.screens.fallback import APOLOGY, OTHERS_ANSWER, SLOW_DOWN, addressed_to
from bot.state.interface import State
from bot.telegram import chatstate
from bot.telegram.keyboards import keyboard, link_only
from bot.telegram.photos import Photos

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE

HARMLESS = ("message is not modified", "query is too old", "query id is invalid")


def harmless(error: TelegramError) -> bool:
    """Errors that are normal events: an unchanged edit, an expired callback query."""
    return any(text in str(error).lower() for text in HARMLESS)


def in_group(update: Update) -> bool:
    """Whether the update comes from a group or supergroup."""
    chat = update.effective_chat
    return chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


def is_command(message: Message) -> bool:
    """Whether a message starts with a bot command (Telegram marks it: "/ hi" is not one)."""
    return any(e.type == MessageEntityType.BOT_COMMAND and e.offset == 0 for e in message.entities)


def addressed_to_bot(message: Message, bot_id: int, username: str) -> bool:
    """In a group: a reply to the bot, or a message that mentions it."""
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return True
    mention = f"@{username}".lower()
    for entity, text in message.parse_entities([MessageEntityType.MENTION]).items():
        if text.lower() == mention and entity.type == MessageEntityType.MENTION:
            return True
    return any(
        e.user is not None and e.user.id == bot_id
        for e in message.parse_entities([MessageEntityType.TEXT_MENTION])
    )


def unaddressed(update: Update, bot_id: int, username: str) -> bool:
    """A group message that is no command and not addressed to the bot: chat between members
    (a bot that is a group admin receives it all), which the bot neither answers nor counts."""
    message = update.message
    return (
        message is not None
        and in_group(update)
        and not is_command(message)
        and not addressed_to_bot(message, bot_id, username)
    )


class Handlers:
    """The bot's update handlers around one engine."""

    def __init__(
        self,
        engine: Engine,
        state: State,
        observer: Observer,
        flood: tuple[float, float],
        photos: Photos | None = None,
    ) -> None:
        self.engine = engine
        self.state = state
        self.observer = observer
        self.flood_rate, self.flood_period = flood
        self.photos = photos or Photos()

    async def flood(self, update: Update, context: Context) -> None:
        """Runs first: drop a flooding user's messages and taps, telling them once. Inline
        queries are not counted (clients send one per keystroke), nor group chatter that is not
        addressed to the bot."""
        user = update.effective_user
        if user is None or update.inline_query is not None:
            return
        if unaddressed(update, context.bot.id, context.bot.username):
            return  # not for the bot: `message` ignores it
        verdict = await self.state.admit(user.id, self.flood_rate, self.flood_period, time.time())
        if verdict == "ok":
            return
        self.observer.dropped(describe(update))
        if verdict == "warn" and update.callback_query is not None:
            await self._answer(update, SLOW_DOWN)
        elif verdict == "warn" and update.effective_message is not None:
            await update.effective_message.reply_text(SLOW_DOWN)
        raise ApplicationHandlerStop

    async def message(self, update: Update, context: Context) -> None:
        """A command or typed text: through the parser and the dialog."""
        started = time.perf_counter()
        message = update.effective_message
        if message is None or message.text is None:
            return
        group, kind, where = in_group(update), describe(update), chat_kind(update)
        if unaddressed(update, context.bot.id, context.bot.username):
            self.observer.handled(
                kind=kind, intent="ignored", chat_kind=where, seconds=time.perf_counter() - started
            )
            return
        key, user = chatstate.key_of(update), chatstate.user_of(update)
        ctx = await chatstate.load(self.state, key, user)
        about = await self._replied_screen(message, context.bot.id)
        turn = self.engine.text(message.text, ctx, time.time(), brief=group, about=about)
        chatstate.save(key, user, turn.context, ctx)
        await self._post(update, context, turn, message, tapped=False)
        self.observer.handled(
            kind=kind,
            intent=turn.intent,
            chat_kind=where,
            seconds=time.perf_counter() - started,
            text=message.text,
            answered=turn.answered,
            confidence=turn.confidence,
        )

    async def button(self, update: Update, context: Context) -> None:
        """A button press: answer the query first, then post the answer (`_post`)."""
        started = time.perf_counter()
        query = update.callback_query
        if query is None:
            return
        group = in_group(update)
        message = query.message if isinstance(query.message, Message) else None
        key, user = chatstate.key_of(update), chatstate.user_of(update)
        shown = await chatstate.shown_on(self.state, message) if group else None
        someone_elses = shown is not None and shown.user_id not in (None, user)
        await self._answer(update, OTHERS_ANSWER if someone_elses else None)
        ctx = await chatstate.load(self.state, key, user)
        turn = self.engine.press(query.data or "", ctx, time.time(), brief=group)
        chatstate.save(key, user, turn.context, ctx)
        if message is not None:
            tapper = query.from_user if someone_elses else None
            await self._post(update, context, turn, message, tapped=True, tapper=tapper)
        self.observer.handled(
            kind="button",
            intent=turn.intent,
            chat_kind=chat_kind(update),
            seconds=time.perf_counter() - started,
        )

    async def inline(self, update: Update, context: Context) -> None:
        """Inline mode: up to ten articles, best first, each posting a formatted answer."""
        started = time.perf_counter()
        query = update.inline_query
        if query is None:
            return
        username = context.bot.username
        results = [
            InlineQueryResultArticle(
                id=answer.reply.address or str(number),
                title=answer.title,
                description=answer.description,
                input_message_content=InputTextMessageContent(answer.reply.text),
                reply_markup=link_only(answer.reply, username),
            )
            for number, answer in enumerate(self.engine.inline(query.query))
        ]
        await query.answer(results, cache_time=300, is_personal=False)
        chatstate.replied()
        self.observer.replied("inline")
        self.observer.handled(
            kind="inline",
            intent="inline",
            chat_kind="inline",
            seconds=time.perf_counter() - started,
        )

    async def error(self, update: object, context: Context) -> None:
        """Log a failed update by id; tell the user once, briefly, never with a trace, and
        only when they did not get their answer already."""
        update_id = update.update_id if isinstance(update, Update) else None
        self.observer.failed(context.error)
        log.error("update %s failed: %r", update_id, context.error, exc_info=context.error)
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None or chatstate.scope().replied:
            return
        message = update.effective_message if isinstance(update, Update) else None
        try:
            if message is not None:  # in the chat and forum topic of the update
                await message.reply_text(APOLOGY, do_quote=False)
            else:
                await context.bot.send_message(chat.id, APOLOGY)
        except TelegramError:
            log.warning("could not send the apology for update %s", update_id)

    # --- helpers -------------------------------------------------------------------------------

    async def _replied_screen(self, message: Message, bot_id: int) -> str | None:
        """The screen of the bot's message this one replies to, if it is still kept."""
        replied = message.reply_to_message
        if replied is None or replied.from_user is None or replied.from_user.id != bot_id:
            return None
        shown = await chatstate.shown_on(self.state, replied)
        return shown.address if shown is not None else None

    async def _post(
        self,
        update: Update,
        context: Context,
        turn: Turn,
        on: Message,
        *,
        tapped: bool,
        tapper: User | None = None,
    ) -> None:
        """Post an answer: the one place that says where it goes. `on` is the message typed,
        or the bot's message whose button was tapped. A tap by someone other than the person
        that message was sent to (`tapper`) never changes it: the tapper gets their own answer
        in a new message addressed to them. Any other tap on a text answer edits it in place;
        a chart, a tap on a message without text (a chart, or one too old for Telegram to show
        the bot: date 0) and a failed edit get a new message; a message typed in a group is
        answered with a reply to it. New messages stay in the forum topic of `on`."""
        group = in_group(update)
        reply = turn.reply
        if tapper is not None:
            reply = reply.led_by(addressed_to(tapper.id, tapper.first_name))
        markup = keyboard(reply, context.bot.username, group=group)
        editable = tapped and tapper is None and reply.chart is None and on.text is not None
        if editable and await self._edited(update, turn, on, markup):
            return
        quote = group and not tapped
        if reply.chart is not None:
            shown = await self.photos.send(on, reply, markup, quote=quote)
        else:
            shown = await on.reply_text(reply.text, do_quote=quote, reply_markup=markup)
        self._shown(update, shown, turn)

    async def _edited(
        self, update: Update, turn: Turn, message: Message, markup: InlineKeyboardMarkup | None
    ) -> bool:
        """Edit the answer in place; True when it shows the answer now (an unchanged edit
        included), False when the edit failed (logged)."""
        try:
            edited = await message.edit_text(turn.reply.text, reply_markup=markup)
        except BadRequest as error:
            if harmless(error):
                chatstate.replied()
                return True
            log.info("edit failed (%s); sending a new message", error)
            return False
        self._shown(update, edited, turn, "edited")
        return True

    def _shown(self, update: Update, shown: Message | bool, turn: Turn, way: str = "sent") -> None:
        """The answer went out: remember which screen the message shows."""
        chatstate.replied()
        self.observer.replied(way)
        if isinstance(shown, Message):
            chatstate.sent(
                shown.chat.id, shown.message_id, turn.reply.address, chatstate.user_of(update)
            )

    async def _answer(self, update: Update, text: str | None = None) -> None:
        query = update.callback_query
        if query is None:
            return
        try:
            await query.answer(text)
        except BadRequest as error:
            if not harmless(error):
                raise


def chat_kind(update: Update) -> str:
    """private, group, supergroup, channel or inline."""
    chat = update.effective_chat
    return str(chat.type) if chat is not None else "inline"


def describe(update: Any) -> str:
    """The kind of an update, for logs and metrics."""
    if not isinstance(update, Update):
        return "other"
    if update.callback_query is not None:
        return "button"
    if update.inline_query is not None:
        return "inline"
    message = update.effective_message
    if message is not None and message.text and message.text.startswith("/"):
        return "command"
    return "message" if message is not None else "other"
