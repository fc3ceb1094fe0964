"""Charts on Telegram: each drawn once (`ChartCache`), uploaded with sendPhoto once, then sent
again by the `file_id` Telegram gave it (kept per chart, least recently used dropped first)."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.error import BadRequest

from bot.screens.chart import ChartCache
from bot.screens.reply import Reply

log = logging.getLogger(__name__)
KEPT = 4096
"""File ids remembered."""


class Photos:
    """Sends replies that carry a chart."""

    def __init__(self, cache: ChartCache | None = None, kept: int = KEPT) -> None:
        self.cache = cache or ChartCache()
        self.kept = kept
        self.ids: OrderedDict[str, str] = OrderedDict()

    async def send(
        self,
        bot: Bot,
        chat_id: int,
        reply: Reply,
        markup: InlineKeyboardMarkup | None,
        *,
        reply_to: int | None = None,
    ) -> Message:
        """Send the reply's chart with its text as the caption: by file id when Telegram has
        it already, else uploaded (and its file id kept)."""
        chart = reply.chart
        assert chart is not None
        known = self.ids.get(chart.key)
        if known is not None:
            try:
                return await self._send(bot, chat_id, known, reply, markup, reply_to)
            except BadRequest as error:  # the id expired or belongs to another bot
                log.info("sending chart by file id failed (%s); uploading it again", error)
                self.ids.pop(chart.key, None)
        png = await asyncio.to_thread(self.cache.png, chart)  # drawing must not stall the loop
        sent = await self._send(bot, chat_id, png, reply, markup, reply_to)
        if sent.photo:
            self.ids[chart.key] = sent.photo[-1].file_id
            while len(self.ids) > self.kept:
                self.ids.popitem(last=False)
        return sent

    async def _send(
        self,
        bot: Bot,
        chat_id: int,
        photo: str | bytes,
        reply: Reply,
        markup: InlineKeyboardMarkup | None,
        reply_to: int | None,
    ) -> Message:
        return await bot.send_photo(
            chat_id,
            photo,
            caption=reply.text,
            reply_markup=markup,
            reply_to_message_id=reply_to,
        )
