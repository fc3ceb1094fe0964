"""Screens: a view in, a reply out. Every sentence a user reads is written here."""

from __future__ import annotations

from collections.abc import Callable

from bot.conversation.address import encode
from bot.conversation.context import ChatContext
from bot.conversation.view import View
from bot.screens import menus, role, salary, workday
from bot.screens.html import fit
from bot.screens.reply import Reply
from knowledge.store import Store


def render(view: View, store: Store, ctx: ChatContext, *, brief: bool = False) -> Reply:
    """The reply that shows a view."""
    renderer = RENDERERS[view.section]
    reply = renderer(view, store, ctx, brief)
    return Reply(fit(reply.text), reply.buttons, encode(view), reply.shareable)


Renderer = Callable[[View, Store, ChatContext, bool], Reply]
RENDERERS: dict[str, Renderer] = {
    "roles": menus.roles_list,
    "help": menus.help_screen,
    "settings": menus.settings,
    "menu": menus.role_menu,
    "overview": role.overview,
    "skills": role.skills,
    "day": workday.render,
    "salary": salary.render_salary,
    "compare": salary.render_compare,
    "risk": role.risk,
    "path": role.path,
    "pivots": role.pivots,
    "sources": role.sources,
}
