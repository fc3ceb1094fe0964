"""Inline mode: the screens a query most likely wants, best first, each rendered briefly.

An empty query gets the most useful screens of the first role; a query the dialog cannot
place on a role gets the roles list and those; otherwise the screen asked for comes first,
then its neighbours (every country for a salary, every level for a day, related sections).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.conversation import dialog
from bot.conversation.address import is_occupation
from bot.conversation.context import ChatContext
from bot.conversation.query import Query
from bot.conversation.sections import BY_NAME, JOB_RELATED, RELATED
from bot.conversation.text import Message, read
from bot.conversation.view import View
from bot.screens import article, fallback
from bot.screens.common import examples
from bot.screens.reply import Reply
from knowledge.store import Store

MAX_ANSWERS = 10


@dataclass(frozen=True)
class InlineAnswer:
    """One inline-mode result: a title, a one-line description and the message it posts."""

    title: str
    description: str
    reply: Reply


class Inline:
    """Answers inline queries with the parser, the dialog and the (cached) screens."""

    def __init__(
        self,
        store: Store,
        understand: Callable[[Message], Query],
        render: Callable[[View], Reply],
    ) -> None:
        self.store, self.understand, self.render = store, understand, render

    def answers(self, text: str, limit: int = MAX_ANSWERS) -> list[InlineAnswer]:
        """Results for a query, best first, one per screen. An occupation the data does not
        have gets that said first, and its nearest occupations each labelled as nearest."""
        message = read(text)
        query = self.understand(message) if message.text.strip() else None
        decision = dialog.decide(query, ChatContext(), self.store) if query else None
        subject = decision.subject if decision and decision.kind == "unknown_role" else None
        answers: list[InlineAnswer] = []
        if decision is not None and subject is not None:
            said = fallback.unknown_role(self.store, subject, decision.options)
            answers.append(
                InlineAnswer(f"🙇 No “{subject}” in my data", article.description(said), said)
            )
        nearest = decision.options if subject is not None and decision is not None else ()
        for view in self._views(query, decision):
            if len(answers) == limit:
                break
            reply = self.render(view)
            if any(a.reply.address == reply.address for a in answers):
                continue
            title = article.title(view, self.store)
            if subject is not None and view in nearest:
                title, reply = f"≈ {title} (nearest)", reply.led_by(fallback.nearest(subject))
            answers.append(InlineAnswer(title, article.description(reply), reply))
        return answers

    def _views(self, query: Query | None, decision: dialog.Decision | None) -> list[View]:
        """The screens a query may want, best first (duplicates possible)."""
        if query is None or decision is None:
            return self._featured()
        view = decision.view
        if decision.kind == "unknown_role":  # never another role's screens
            return [*decision.options, View(section="fields"), View(section="roles")]
        if decision.options:  # the occupations a title fits
            return [*decision.options, View(section="fields")]
        if view is not None and (view.section == "pair" or self._of_an_occupation(view)):
            jobs = [View(section=s.name, role=view.role) for s in JOB_RELATED if view.role]
            return [view, *jobs]
        if view is None or view.role is None:
            return [View(section="roles"), *self._featured()]
        top = [c.code for c in self.store.countries()]
        if view.section == "salary" and view.country is None:
            return [view.but(country=c, level=query.seniority) for c in top]
        if view.section == "day" and view.level is None:
            levels = self.store.day_note(view.role).levels
            return [view.but(level=lv, step=1) for lv in levels]
        related = [View(section=s.name, role=view.role) for s in RELATED]
        if view.section == "salary":
            elsewhere = view.but(place=None, other_place=None)  # US areas are the US card's
            related = [view.but(level=None), *(elsewhere.but(country=c) for c in top)]
        if view.section == "compare":
            related = [
                View(section="salary", role=role, country=code)
                for role in view.roles
                for code in view.places
            ]
        return [view, *related]

    def _of_an_occupation(self, view: View) -> bool:
        """Whether a screen is an imported occupation's (its own sections, or a section both
        kinds have, such as how to get in, for an occupation's slug)."""
        if BY_NAME[view.section].only_occupations:
            return True
        return view.role is not None and is_occupation(self.store, view.role)

    def _featured(self) -> list[View]:
        """The first role's most useful screens, then the other roles."""
        roles = self.store.roles()
        role = roles[0].slug
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
            *(View(section="overview", role=r.slug) for r in roles[1:]),
        ]
