"""Engine replies as Telegram keyboards: callback buttons, share and deep links."""

from __future__ import annotations

from urllib.parse import quote

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.helpers import create_deep_linked_url

from bot.reply import Reply


def deep_link(username: str, address: str | None) -> str:
    """`https://t.me/<bot>?start=<address>`: opens that screen in a private chat."""
    return create_deep_linked_url(username, address or None)


def keyboard(reply: Reply, username: str, *, group: bool = False) -> InlineKeyboardMarkup | None:
    """The reply's buttons, plus a share link (private chats) or an open-in-private link."""
    rows = [
        [InlineKeyboardButton(b.label, callback_data=b.address) for b in row]
        for row in reply.buttons
        if row
    ]
    if group:
        rows.append(
            [
                InlineKeyboardButton(
                    "📬 Full menu in a private chat", url=deep_link(username, reply.address)
                )
            ]
        )
    elif reply.shareable and reply.address:
        link = deep_link(username, reply.address)
        rows.append(
            [InlineKeyboardButton("🔗 Share this", url=f"https://t.me/share/url?url={quote(link)}")]
        )
    return InlineKeyboardMarkup(rows) if rows else None


def link_only(reply: Reply, username: str) -> InlineKeyboardMarkup:
    """A single button that opens the reply's screen in a private chat (for inline results)."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton("📬 Open in careerbot", url=deep_link(username, reply.address))]]
    )
