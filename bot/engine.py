"""The conversation engine: typed text, button presses and deep links in, replies out.

One path for every adapter (Telegram, the terminal shell, `ask`): the adapter hands over plain
values and the chat's context, and gets back a Reply and the new context. Errors the user can
cause (a stale button, an unknown role) become friendly text here, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from bot import screens
from bot.conversation import dialog
from bot.conversation.address import decode, encode
from bot.conversation.context import ChatContext
from bot.conversation.nlu import Parser, clean, split_command
from bot.conversation.sections import BY_INTENT, BY_NAME, FOLLOW_UPS, NAVIGATION, RELATED
from bot.conversation.view import View
from bot.errors import ExpiredAddress
from bot.screens.common import button, examples, rows
from bot.screens.html import bold, esc, fit, plain
from bot.screens.reply import Button, Reply
from knowledge.schema import Level
from knowledge.store import Store

CONTEXT_CONFIDENCE = 0.7
"""How sure a follow-up answered from the conversation ("and in Germany?") is."""
RENDER_CACHE = 4096
"""Replies kept ready; about 9,000 screens exist per chat preference, most never shown."""


@dataclass(frozen=True)
class InlineAnswer:
    """One inline-mode result: a title, a one-line description and the message it posts."""

    title: str
    description: str
    reply: Reply


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
        self.parser = parser or Parser.from_store(store)
        self._rendered = lru_cache(maxsize=RENDER_CACHE)(self._render_view)
        self._roles = frozenset(r.slug for r in store.roles())
        self._countries = frozenset(c.code for c in store.countries())

    def render(self, view: View, ctx: ChatContext, *, brief: bool = False) -> Reply:
        """A view's reply; screens depend only on the view and the chat's role and preferences,
        and the store is read-only, so replies are cached."""
        return self._rendered(view, brief, ctx.role, ctx.preferred_country, ctx.preferred_level)

    def _render_view(
        self, view: View, brief: bool, role: str | None, country: str | None, level: Level | None
    ) -> Reply:
        ctx = ChatContext(role=role, preferred_country=country, preferred_level=level)
        return screens.render(view, self.store, ctx, brief=brief)

    # --- inputs ------------------------------------------------------------------------------

    def checked(self, ctx: ChatContext, now: float) -> ChatContext:
        """The context as of now, without what the store no longer has (a context saved
        before the knowledge changed may name a role or country that is gone)."""
        ctx = ctx.current(now)
        known = self._countries
        return ctx.model_copy(
            update={
                "role": ctx.role if ctx.role in self._roles else None,
                "countries": tuple(c for c in ctx.countries if c in known),
                "preferred_country": ctx.preferred_country
                if ctx.preferred_country in known
                else None,
            }
        )

    def text(self, text: str, ctx: ChatContext, now: float, *, brief: bool = False) -> Turn:
        """Answer a typed message (commands included)."""
        ctx = self.checked(ctx, now)
        command = split_command(text)
        if command and command[0] in NAVIGATION:
            return self._navigation(command[0], command[1], ctx, now)
        query = self.parser.parse(text)
        decision = dialog.decide(query, ctx, self.store)
        if decision.view is None:
            reply = (
                self._unknown_role(decision.subject or "")
                if decision.kind == "unknown_role"
                else self._unknown(text, ctx)
            )
            return Turn(
                reply, ctx.unanswered(now), "unknown", answered=False, confidence=query.confidence
            )
        lead = self._clarify_lead(decision.view) if decision.kind == "clarify" else None
        intent = FOLLOW_UPS.get(decision.view.section, query.intent)
        turn = self._show(decision.view, ctx, now, brief=brief, lead=lead, intent=intent)
        from_context = query.intent == "unknown"  # a follow-up the conversation resolved
        return replace(turn, confidence=CONTEXT_CONFIDENCE if from_context else query.confidence)

    def press(self, address: str, ctx: ChatContext, now: float, *, brief: bool = False) -> Turn:
        """Answer a button press or a deep link: the address names the view to show."""
        ctx = self.checked(ctx, now)
        try:
            view = decode(address, self.store)
        except ExpiredAddress:
            return self._show(
                self._home(ctx),
                ctx,
                now,
                lead="⌛ That menu has expired. Here is the main menu.",
                intent="expired",
            )
        if view.section == "settings":
            ctx, lead = self._apply_setting(view, ctx)
            return self._show(
                view.but(country=None, level=None), ctx, now, lead=lead, intent="settings"
            )
        return self._show(view, ctx, now, brief=brief, intent="button")

    def start(self, payload: str, ctx: ChatContext, now: float) -> Turn:
        """/start with an optional deep-link payload (a view address)."""
        if payload.strip():
            return self.press(payload.strip(), ctx, now)
        role = self.store.roles()[0]
        country = examples(self.store, role.slug).neighbour
        lead = (
            f"👋 Hi! I'm careerbot. I answer career questions — start with the "
            f"{esc(role.name)}, or ask me anything in your own words (try "
            f"“salary for a senior {esc(role.short_name)} in {esc(country.name)}”)."
        )
        return self._show(
            View(section="menu", role=role.slug),
            self.checked(ctx, now),
            now,
            lead=lead,
            intent="help",
        )

    def inline(self, text: str, limit: int = 10) -> list[InlineAnswer]:
        """Inline-mode results for a query, best first; an empty query gets the most useful."""
        answers: list[InlineAnswer] = []
        for view in self._inline_views(text):
            if len(answers) == limit:
                break
            reply = self.render(view, ChatContext(), brief=True)
            if any(a.reply.address == reply.address for a in answers):
                continue
            lines = [line for line in plain(reply.text).splitlines() if line.strip()]
            figures = [line for line in lines[:3] if any(ch.isdigit() for ch in line)]
            summary = figures[0] if figures else " ".join(lines[1:3])
            answers.append(InlineAnswer(self._title(view), summary[:120], reply))
        return answers

    def _inline_views(self, text: str) -> list[View]:
        role = self.store.roles()[0].slug
        top = [c.code for c in self.store.countries()]
        if not clean(text).strip():
            about = examples(self.store, role)
            return [
                View(section="overview", role=role),
                *(
                    View(section="salary", role=role, country=c.code)
                    for c in (about.country, about.neighbour)
                ),
                View(section="day", role=role, level="junior", step=1),
                View(section="risk", role=role),
                View(section="path", role=role),
                View(section="pivots", role=role),
                *(View(section="overview", role=r.slug) for r in self.store.roles()[1:]),
            ]
        query = self.parser.parse(text)
        decision = dialog.decide(query, ChatContext(), self.store)
        view = decision.view
        if view is None or view.role is None:
            return [View(section="roles"), *self._inline_views("")]
        if view.section == "salary" and view.country is None:
            return [view.but(country=c, level=query.seniority) for c in top]
        if view.section == "day" and view.level is None:
            levels = self.store.day_note(view.role).levels
            return [view.but(level=lv, step=1) for lv in levels]
        related = [View(section=s.name, role=view.role) for s in RELATED]
        if view.section == "salary":
            related = [view.but(level=None), *(view.but(country=c) for c in top)]
        if view.section == "compare":
            related = [
                view.but(section="salary", other=None),
                view.but(section="salary", country=view.other, other=None),
            ]
        return [view, *related]

    def _title(self, view: View) -> str:
        """`💰 MLE · Senior · United Kingdom`."""
        if view.role is None:
            return BY_NAME["roles"].label
        labels = self.store.level_labels()
        parts = [self.store.role(view.role).short_name]
        if view.level:
            parts.append(labels[view.level])
        for code in (view.country, view.other):
            if code:
                parts.append(self.store.country(code).name)
        label = BY_NAME[view.section].label
        return f"{label} · {' · '.join(parts)}"

    # --- helpers -----------------------------------------------------------------------------

    def _navigation(self, name: str, args: str, ctx: ChatContext, now: float) -> Turn:
        if name == "start":
            return self.start(args, ctx, now)
        view = {
            "menu": self._home(ctx),
            "roles": View(section="roles"),
            "settings": View(section="settings"),
            "help": View(section="help"),
        }[name]
        return self._show(view, ctx, now, intent="help")

    def _home(self, ctx: ChatContext) -> View:
        """The main menu: the current role's, else the first role's."""
        role = ctx.role if ctx.role else self.store.roles()[0].slug
        return View(section="menu", role=role)

    def _show(
        self,
        view: View,
        ctx: ChatContext,
        now: float,
        *,
        brief: bool = False,
        lead: str | None = None,
        intent: str = "button",
    ) -> Turn:
        reply = self.render(view, ctx, brief=brief)
        if lead:
            reply = Reply(
                fit(f"{lead}\n\n{reply.text}"), reply.buttons, reply.address, reply.shareable
            )
        countries = tuple(c for c in (view.country, view.other) if c)
        new_ctx = ctx.showing(encode(view), view.role, countries, view.level, now)
        return Turn(reply, new_ctx, intent)

    def _clarify_lead(self, view: View) -> str:
        if view.section == "day":
            return "Which level should the day be at?"
        return "Which country? Pick a region below, or just type one."

    def _apply_setting(self, view: View, ctx: ChatContext) -> tuple[ChatContext, str | None]:
        if view.country:
            name = self.store.country(view.country).name
            return ctx.prefer(country=view.country), f"✅ Saved: your country is {esc(name)}."
        if view.level:
            label = self.store.level_labels()[view.level]
            return ctx.prefer(level=view.level), f"✅ Saved: your level is {esc(label)}."
        return ctx, None

    def _unknown(self, text: str, ctx: ChatContext) -> Reply:
        """A short, friendly reply with the nearest things the bot can answer."""
        role = ctx.role or self.store.roles()[0].slug
        suggestions = self._nearest(text, role)
        lines = [
            "🤔 Sorry, I didn't catch that. I answer questions about roles: what they do, "
            "skills, a working day, pay by country, AI risk, career path and pivots."
        ]
        if suggestions:
            lines.append("Maybe one of these?")
        buttons = [[b] for b in suggestions]
        buttons.append(
            [
                Button("📋 Main menu", encode(View(section="menu", role=role))),
                button(View(section="help")),
            ]
        )
        return Reply("\n".join(lines), buttons)

    def _nearest(self, text: str, role: str) -> list[Button]:
        """Up to three screens whose prose matches the message, else the most asked-for."""
        found: list[Button] = []
        seen: set[tuple[str, str]] = set()
        for hit in self.store.search(clean(text), limit=10):
            section = BY_INTENT.get(hit.section)  # type: ignore[call-overload]
            if section is None or (hit.role, section.name) in seen:
                continue
            seen.add((hit.role, section.name))
            name = self.store.role(hit.role).short_name
            found.append(
                Button(
                    f"{section.label} · {name}",
                    encode(View(section=section.name, role=hit.role)),
                )
            )
            if len(found) == 3:
                return found
        if found:
            return found
        return [button(View(section=s, role=role)) for s in ("salary", "day", "skills")]

    def _unknown_role(self, subject: str) -> Reply:
        """The message names an occupation the store does not cover."""
        names = ", ".join(r.name for r in self.store.roles())
        text = (
            f"🙇 I don't have {bold(subject)} in my knowledge yet, and I won't guess with "
            f"another role's numbers.\n\nRoles I cover: {esc(names)}."
        )
        buttons = [
            Button(r.name, encode(View(section="menu", role=r.slug))) for r in self.store.roles()
        ]
        return Reply(text, rows(buttons))
