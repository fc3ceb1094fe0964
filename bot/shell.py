"""The terminal adapter: a chat on the same engine, buttons shown numbered.

Typing a button's number presses it; anything else is a message. When stdin is not a
terminal it reads messages line by line and prints each reply, so it can be scripted.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import TextIO

from bot.conversation.context import ChatContext
from bot.engine import Engine, Turn
from bot.screens.chart import ChartCache
from bot.screens.fallback import APOLOGY
from bot.screens.html import plain
from bot.screens.reply import Reply

log = logging.getLogger(__name__)
QUIT = frozenset({"/quit", "/exit", "quit", "exit"})


def show(reply: Reply, out: TextIO, charts: ChartCache | None = None) -> None:
    """Print a reply as terminal text with numbered buttons; a chart is written as a PNG in
    the charts directory and its path printed."""
    out.write(plain(reply.text) + "\n")
    if reply.chart is not None and charts is not None and charts.directory is not None:
        out.write(f"📊 Chart: {charts.file(reply.chart)}\n")
    for number, button in enumerate(reply.button_list(), 1):
        out.write(f"  [{number}] {button.label}\n")
    out.flush()


class Shell:
    """One local chat: its context and the last reply's buttons."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.context = ChatContext()
        self.last: Reply | None = None

    def answer(self, line: str) -> Reply:
        """The reply to one line: a button number presses that button, anything else is text."""
        now = time.time()
        try:
            turn = self._turn(line.strip(), now)
        except Exception:  # the shell must never show a traceback
            log.exception("shell turn failed")
            return Reply(APOLOGY)
        self.context = turn.context
        self.last = turn.reply
        return turn.reply

    def _turn(self, line: str, now: float) -> Turn:
        buttons = self.last.button_list() if self.last else []
        if line.isdecimal() and 1 <= int(line) <= len(buttons):
            return self.engine.press(buttons[int(line) - 1].address, self.context, now)
        return self.engine.text(line, self.context, now)


def run(
    engine: Engine,
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    charts: ChartCache | None = None,
) -> int:
    """Chat until end of input or /quit; charts go to `charts` (a cache with a directory)."""
    shell = Shell(engine)
    interactive = stdin.isatty()
    if interactive:
        import readline  # noqa: F401  (line editing and history at the prompt)

        out.write("careerbot — type a question, a button's number, or /quit.\n\n")
        show(shell.answer("/start"), out, charts)
    while True:
        if interactive:
            out.write("\nyou> ")
            out.flush()
        line = stdin.readline()
        if not line or line.strip() in QUIT:
            return 0
        if not line.strip():
            continue
        reply = shell.answer(line)
        if not interactive:
            out.write(f"> {line.strip()}\n")
        show(reply, out, charts)
        if not interactive:
            out.write("\n")
