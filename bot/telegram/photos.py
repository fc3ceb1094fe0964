"""Charts on Telegram: each drawn once (`ChartCache`), uploaded with sendPhoto once, then sent
again by the `file_id` Telegram gave it (kept per chart, least recently used dropped first)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from pathlib import Path

from telegram import InlineKeyboardMarkup, Message
from telegram.error import BadRequest

from bot.screens.chart import CAPTION_LIMIT, ChartCache
from bot.screens.html import fit
from bot.screens.reply import Reply

log = logging.getLogger(__name__)
KEPT = 4096
"""File ids remembered."""
FILES_KEPT = 10_000
"""Chart PNGs kept on disk (some 30-60 kB each), the newest: a pay check charts whatever amount
was typed, so without a cap the folder would grow without end."""


class Photos:
    """Sends replies that carry a chart."""

    def __init__(
        self, cache: ChartCache | None = None, kept: int = KEPT, files_kept: int = FILES_KEPT
    ) -> None:
        self.cache = cache or ChartCache()
        self.kept, self.files_kept = kept, files_kept
        self.ids: OrderedDict[str, str] = OrderedDict()

    def prune(self) -> int:
        """Delete all but the `files_kept` newest chart files (one asked for again is drawn
        again); how many went. Blocking: run it in a thread."""
        directory = self.cache.directory
        if directory is None or not directory.is_dir():
            return 0
        files = sorted(directory.glob("*.png"), key=_modified, reverse=True)
        gone = 0
        for path in files[self.files_kept :]:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                gone += 1
        return gone

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


def _modified(path: Path) -> float:
    """When a file was written (0 when it is gone already)."""
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0
