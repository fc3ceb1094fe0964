"""What the engine answers: Telegram-flavoured HTML text and rows of buttons, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from bot.screens.chart import Chart
from bot.screens.html import fit


@dataclass(frozen=True)
class Button:
    """A button that opens a view (by its address)."""

    label: str
    address: str


@dataclass(frozen=True)
class Reply:
    """A message to show: HTML text, button rows, and the address of the view it shows."""

    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    address: str | None = None
    shareable: bool = False
    chart: Chart | None = None
    """A chart to send as an image, with the text as its caption."""

    def led_by(self, lead: str) -> Reply:
        """This reply with a paragraph before it (within Telegram's length limit)."""
        return replace(self, text=fit(f"{lead}\n\n{self.text}"))

    def button_list(self) -> list[Button]:
        """Every button, row by row."""
        return [button for row in self.buttons for button in row]
