"""A scripted chat on the real engine: type text or tap buttons by label, on a fake clock."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.conversation.context import ChatContext
from bot.engine import Engine
from bot.screens.html import plain
from bot.screens.reply import Reply


@dataclass
class Chat:
    """One chat: its context, its clock and the last reply."""

    engine: Engine
    now: float = 1_800_000_000.0
    context: ChatContext = field(default_factory=ChatContext)
    last: Reply | None = None
    brief: bool = False

    def say(self, text: str) -> Reply:
        """Type a message."""
        turn = self.engine.text(text, self.context, self.now, brief=self.brief)
        return self._keep(turn.reply, turn.context)

    def tap(self, label: str) -> Reply:
        """Tap the last reply's button whose label contains `label`."""
        assert self.last is not None
        matches = [b for b in self.last.button_list() if label in b.label]
        assert matches, f"no button {label!r} in {[b.label for b in self.last.button_list()]}"
        turn = self.engine.press(matches[0].address, self.context, self.now)
        return self._keep(turn.reply, turn.context)

    def wait(self, seconds: float) -> None:
        """Let time pass."""
        self.now += seconds

    def _keep(self, reply: Reply, context: ChatContext) -> Reply:
        self.last, self.context = reply, context
        return reply

    @property
    def labels(self) -> list[str]:
        """The last reply's button labels."""
        assert self.last is not None
        return [b.label for b in self.last.button_list()]

    @property
    def text(self) -> str:
        """The last reply as plain text."""
        assert self.last is not None
        return plain(self.last.text)
