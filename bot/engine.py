"""The conversation engine: typed text, button presses, deep links and inline queries in,
replies out.

One path for every adapter (Telegram, the terminal shell, `ask`): the adapter hands over plain
values and the chat's context, and gets back a Reply and the new context. The engine only
orchestrates: `bot.conversation` reads and decides, `bot.screens` renders (and writes every
sentence, the friendly ones for errors the user can cause included), `bot.inline` picks inline
answers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from weakref import WeakKeyDictionary

from bot.conversation import dialog
from bot.conversation.address import decode, encode
from bot.conversation.context import ChatContext, Source, Viewer
from bot.conversation.cues import Cues
from bot.conversation.nlu import Parser
from bot.conversation.occupation_view import area_of, side_role
from bot.conversation.query import Query
from bot.conversation.sections import (
    BY_NAME,
    COMMAND_SECTIONS,
    FOLLOW_UPS,
    NAVIGATION,
    STANDS_FOR,
)
from bot.conversation.text import Message, read
from bot.conversation.view import View
from bot.errors import ExpiredAddress, UnknownAddress
from bot.inline import MAX_ANSWERS, Inline, InlineAnswer
from bot.screens import fallback, render, talk
from bot.screens.reply import Reply
from knowledge.store import Store

CONTEXT_CONFIDENCE = 0.7
"""How sure a follow-up answered from the conversation ("and in Germany?") is."""
RENDER_CACHE = 4096
"""Replies kept ready; about 9,000 screens exist per chat preference, most never shown."""
NOBODY = Viewer()
"""The viewer of inline answers, which are shared with anyone."""
_PARSERS: WeakKeyDictionary[Store, Parser] = WeakKeyDictionary()
"""The parser of each open store (see `parser_for`)."""


def parser_for(store: Store) -> Parser:
    """The store's parser, built once per open store: a store is read-only, and the parser
    (its title index over every occupation title) is the costly part of an engine, so engines
    on one store (replicas in one process, a shell beside the bot) share it."""
    parser = _PARSERS.get(store)
    if parser is None:
        parser = _PARSERS[store] = Parser.from_store(store)
    return parser


@dataclass(frozen=True)
class Turn:
    """The engine's answer to one input: the reply and the chat's new context."""

    reply: Reply
    context: ChatContext
    intent: str
    answered: bool = True
    confidence: float = 1.0


class Engine:
    """Answers messages from the knowledge store."""

    def __init__(self, store: Store, parser: Parser | None = None) -> None:
        self.store = store
        self.parser = parser or parser_for(store)
        self.cues = Cues.from_store(store)
        self._rendered = lru_cache(maxsize=RENDER_CACHE)(self._render)
        self._inline = Inline(store, self.understand, lambda view: self.render(view, NOBODY, True))
        self._roles = frozenset(r.slug for r in store.roles())
        self._occupations = frozenset(o.slug for o in store.occupations())
        self._countries = frozenset(c.code for c in store.countries())
        self._areas_in = store.areas_country()

    def render(self, view: View, viewer: Viewer, brief: bool = False) -> Reply:
        """A view's reply; screens depend only on the view and the viewer, and the store is
        read-only, so replies are cached."""
        return self._rendered(view, viewer, brief)

    def _render(self, view: View, viewer: Viewer, brief: bool) -> Reply:
        return render(view, self.store, viewer, brief=brief)

    # --- inputs ------------------------------------------------------------------------------

    def checked(self, ctx: ChatContext, now: float) -> ChatContext:
        """The context as of now, without what the store no longer has (a context saved
        before the knowledge changed may name a role or country that is gone)."""
        ctx = ctx.current(now)
        known = self._countries
        countries = ctx.countries
        if countries is not None:
            kept = tuple(c for c in countries.value if c in known)
            countries = countries.model_copy(update={"value": kept}) if kept else None
        prefs = ctx.preferences
        if prefs.country is not None and prefs.country.value not in known:
            prefs = prefs.model_copy(update={"country": None})
        return ctx.model_copy(
            update={
                "role": ctx.role if ctx.role in self._roles | self._occupations else None,
                "countries": countries,
                "preferences": prefs,
            }
        )

    def understand(self, message: Message) -> Query:
        """A message read once: parsed, and marked with its topic and small talk."""
        return self.cues.mark(self.parser.understand(message))

    def text(
        self,
        text: str,
        ctx: ChatContext,
        now: float,
        *,
        brief: bool = False,
        about: str | None = None,
    ) -> Turn:
        """Answer a typed message (commands included); it is read and parsed once. `about` is
        the address of the screen the message replies to: it continues from that screen."""
        ctx = self.checked(ctx, now)
        if about is not None:
            ctx = self._resume(about, ctx, now)
        message = read(text)
        if message.command in NAVIGATION:
            return self._navigate(message.command, message.args, ctx, now, brief=brief)
        query = self.understand(message)
        decision = dialog.decide(query, ctx, self.store)
        if decision.kind == "small_talk":  # one line, plain: the note waits for an answer
            reply = talk.reply(decision.subject or "", self.store, self._curated(ctx), brief=brief)
            return Turn(reply, ctx, "small_talk", confidence=query.confidence)
        noted, ctx = _language(query, ctx)
        if decision.kind == "no_figures":
            reply = fallback.no_figures_reply(self.store, decision.places, self._curated(ctx))
            reply = reply.led_by(noted) if noted else reply
            return Turn(reply, ctx.unanswered(now), "salary", confidence=query.confidence)
        if decision.kind == "choose":
            reply = fallback.choose(self.store, decision.subject or "", decision.options)
            reply = reply.led_by(noted) if noted else reply
            return Turn(reply, ctx.unanswered(now), "choose", confidence=query.confidence)
        if decision.view is None:
            if decision.kind == "unknown_role":
                reply = fallback.unknown_role(self.store, decision.subject or "", decision.options)
                ctx = ctx.asked_about(decision.subject or "", now)
            else:
                reply = fallback.unknown(self.store, message.text, self._curated(ctx))
                ctx = ctx.unanswered(now)
            reply = reply.led_by(noted) if noted else reply
            return Turn(reply, ctx, "unknown", answered=False, confidence=query.confidence)
        leads = [fallback.clarify(decision.view)] if decision.kind == "clarify" else []
        if decision.note is not None:
            said = fallback.note(decision.note, decision.view, self.store, decision.subject)
            leads[:0] = [said] if said else []
        if decision.places:
            leads.insert(0, fallback.no_figures(self.store, decision.places))
        if noted:
            leads.insert(0, noted)
        lead = "\n\n".join(leads) or None
        intent = FOLLOW_UPS.get(decision.view.section, query.intent)
        if decision.back:
            ctx = ctx.rewind(encode(decision.view))
        turn = self._show(decision.view, ctx, now, brief=brief, lead=lead, intent=intent)
        from_context = query.intent == "unknown"  # a follow-up the conversation resolved
        return replace(turn, confidence=CONTEXT_CONFIDENCE if from_context else query.confidence)

    def press(
        self,
        address: str,
        ctx: ChatContext,
        now: float,
        *,
        brief: bool = False,
        source: Source = "button",
    ) -> Turn:
        """Answer a button press or a deep link: the address names the view to show. A button
        that names nothing (any more) has expired; so has a link to something gone, and a
        link that never named anything says so."""
        ctx = self.checked(ctx, now)
        try:
            view = decode(address, self.store)
        except ExpiredAddress as error:
            unknown_link = source == "link" and isinstance(error, UnknownAddress)
            said = fallback.NO_SUCH_LINK if unknown_link else fallback.expired(source)
            return self._show(self._home(ctx), ctx, now, brief=brief, lead=said, intent="expired")
        if view.section == "settings":
            lead = fallback.saved(view, self.store)
            ctx = ctx.prefer(now, country=view.country, level=view.level)
            return self._show(
                view.but(country=None, level=None), ctx, now, lead=lead, intent="settings"
            )
        return self._show(view, ctx, now, brief=brief, intent=source, source=source)

    def start(self, payload: str, ctx: ChatContext, now: float, *, brief: bool = False) -> Turn:
        """/start with an optional deep-link payload (a view address)."""
        if payload.strip():
            return self.press(payload.strip(), ctx, now, brief=brief, source="link")
        first = View(section="menu", role=self.store.roles()[0].slug)
        lead = fallback.greeting(self.store)
        return self._show(first, self.checked(ctx, now), now, lead=lead, intent="help")

    def inline(self, text: str, limit: int = MAX_ANSWERS) -> list[InlineAnswer]:
        """Inline-mode results for a query, best first; an empty query gets the most useful."""
        return self._inline.answers(text, limit)

    # --- helpers -----------------------------------------------------------------------------

    def _resume(self, address: str, ctx: ChatContext, now: float) -> ChatContext:
        """The context of someone continuing from a screen (by replying to its message): as if
        that screen had just been shown; unchanged if the screen is gone."""
        try:
            view = decode(address, self.store)
        except ExpiredAddress:
            return ctx
        countries, areas = self._places(view)
        return ctx.showing(address, view.role, countries, view.level, now, areas=areas)

    def _navigate(
        self, command: str, args: str, ctx: ChatContext, now: float, *, brief: bool
    ) -> Turn:
        """A command that opens its screen directly (/start, /menu, /help, /roles, /settings),
        for the current role if the screen belongs to one."""
        if command == "start":
            return self.start(args, ctx, now, brief=brief)
        section = COMMAND_SECTIONS[command]
        role = self._role(ctx) if section.of_a_role else None
        name = section.name
        if role in self._occupations:  # /menu for an occupation: its own menu
            name = STANDS_FOR.get(name, name)
        view = View(section=name, role=role)
        return self._show(view, ctx, now, brief=brief, intent="help")

    def _role(self, ctx: ChatContext) -> str:
        """The current role (perhaps an imported occupation), else the first role."""
        return ctx.role or self.store.roles()[0].slug

    def _curated(self, ctx: ChatContext) -> str:
        """The current curated role, else the first role."""
        return ctx.role if ctx.role in self._roles else self.store.roles()[0].slug

    def _home(self, ctx: ChatContext) -> View:
        """The main menu: the current role's (or occupation's), else the first role's."""
        if ctx.role in self._occupations:
            return View(section="job", role=ctx.role)
        return View(section="menu", role=self._curated(ctx))

    def _show(
        self,
        view: View,
        ctx: ChatContext,
        now: float,
        *,
        brief: bool = False,
        lead: str | None = None,
        intent: str = "button",
        source: Source = "message",
    ) -> Turn:
        reply = self.render(view, ctx.viewer, brief)
        if lead:
            reply = reply.led_by(lead)
        role = self._about(view)
        countries, areas = self._places(view)
        new_ctx = ctx.showing(encode(view), role, countries, view.level, now, source, areas)
        return Turn(reply, new_ctx, intent)

    def _places(self, view: View) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The countries and the US areas a view names (a US area's country counted too);
        an occupation's pay places may be countries too."""
        spots = [p for p in (view.place, view.other_place) if p is not None]
        areas = tuple(p for p in spots if area_of(p) is not None)
        by_place = BY_NAME[view.section].only_occupations
        others = [p for p in spots if by_place and area_of(p) is None]
        us = [self._areas_in] if areas and self._areas_in else []
        return tuple(dict.fromkeys((*view.places, *others, *us))), areas

    def _about(self, view: View) -> str | None:
        """The role a screen is about; two side by side: the first named, so that a follow-up
        ("and in Germany?") is about it, not the default role."""
        if view.role is None and view.subject is not None:
            return side_role(self.store, view.subject)
        return view.role


def _language(query: Query, ctx: ChatContext) -> tuple[str | None, ChatContext]:
    """The note that the question was read in another language and is answered in English,
    said once a conversation per language (None when said, or the question was in English)."""
    if query.language == "en" or ctx.language_noted == query.language:
        return None, ctx
    return fallback.language_note(query.language), ctx.noting(query.language)
