"""Engine replies as Telegram keyboards: callback buttons, share and deep links."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.helpers import create_deep_linked_url

from bot.screens.common import OPEN_IN_BOT, OPEN_IN_PRIVATE, SHARE
from bot.screens.reply import Reply

Rows = tuple[tuple[tuple[str, str], ...], ...]


def deep_link(username: str, address: str | None) -> str:
    """`https://t.me/<bot>?start=<address>`: opens that screen in a private chat."""
    return create_deep_linked_url(username, address or None)


def keyboard(reply: Reply, username: str, *, group: bool = False) -> InlineKeyboardMarkup | None:
    """The reply's buttons, plus a share link (private chats) or an open-in-private link."""
    rows: Rows = tuple(tuple((b.label, b.address) for b in row) for row in reply.buttons if row)
    link = reply.address if (group or reply.shareable) else None
    return _markup(rows, username, link, group)


@lru_cache(maxsize=4096)
def _markup(
    rows: Rows, username: str, link: str | None, group: bool
) -> InlineKeyboardMarkup | None:
    """Built once per distinct keyboard: PTB objects are immutable and costly to build."""
    keys = [
        [InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows
    ]
    if group:
        keys.append([InlineKeyboardButton(OPEN_IN_PRIVATE, url=deep_link(username, link))])
    elif link:
        shared = deep_link(username, link)
        keys.append(
            [InlineKeyboardButton(SHARE, url=f"https://t.me/share/url?url={quote(shared)}")]
        )
    return InlineKeyboardMarkup(keys) if keys else None


def link_only(reply: Reply, username: str) -> InlineKeyboardMarkup:
    """A single button that opens the reply's screen in a private chat (for inline results)."""
    return _link_only(reply.address, username)


@lru_cache(maxsize=1024)
def _link_only(address: str | None, username: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(OPEN_IN_BOT, url=deep_link(username, address))]]
    )
