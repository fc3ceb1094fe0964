"""Screens: a view in, a reply out. Every sentence a user reads is written here.

Each section's screen registers itself with `@screen("name")` (bot.screens.common); importing
this package imports every module in it, so a new screen module needs no other line.
"""

from __future__ import annotations

import importlib
import pkgutil

from bot.conversation.address import encode
from bot.conversation.context import Viewer
from bot.conversation.sections import BY_NAME
from bot.conversation.view import View
from bot.screens.common import RENDERERS
from bot.screens.html import fit
from bot.screens.reply import Reply
from knowledge.store import Store

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
if set(RENDERERS) != set(BY_NAME):
    raise ImportError(f"sections without a screen: {sorted(set(BY_NAME) - set(RENDERERS))}")


def render(view: View, store: Store, viewer: Viewer, *, brief: bool = False) -> Reply:
    """The reply that shows a view."""
    reply = RENDERERS[view.section](view, store, viewer, brief)
    return Reply(fit(reply.text), reply.buttons, encode(view), reply.shareable, reply.chart)
