"""Charts on Telegram: each drawn once (`ChartCache`), uploaded with sendPhoto once, then sent
again by the `file_id` Telegram gave it (kept per chart, least recently used dropped first)."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict

from telegram import InlineKeyboardMarkup, Message
from telegram.error import BadRequest

from bot.screens.chart import CAPTION_LIMIT, ChartCache
from bot.screens.html import fit
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
        self, to: Message, reply: Reply, markup: InlineKeyboardMarkup | None, *, quote: bool
    ) -> Message:
        """Send the reply's chart with its text as the caption into the chat (and forum topic)
        of `to`, quoting it when told: by file id when Telegram has it already, else uploaded
        (and its file id kept)."""
        chart = reply.chart
        assert chart is not None
        known = self.ids.get(chart.key)
        if known is not None:
            try:
                return await self._send(to, known, reply, markup, quote)
            except BadRequest as error:  # the id expired or belongs to another bot
                log.info("sending chart by file id failed (%s); uploading it again", error)
                self.ids.pop(chart.key, None)
        png = await asyncio.to_thread(self.cache.png, chart)  # drawing must not stall the loop
        sent = await self._send(to, png, reply, markup, quote)
        if sent.photo:
            self.ids[chart.key] = sent.photo[-1].file_id
            while len(self.ids) > self.kept:
                self.ids.popitem(last=False)
        return sent

    async def _send(
        self,
        to: Message,
        photo: str | bytes,
        reply: Reply,
        markup: InlineKeyboardMarkup | None,
        quote: bool,
    ) -> Message:
        caption = fit(reply.text, CAPTION_LIMIT)
        return await to.reply_photo(photo, caption=caption, reply_markup=markup, do_quote=quote)
