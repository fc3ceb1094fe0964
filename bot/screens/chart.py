"""Charts of pay: a place's four level bands, or a comparison in one currency with each row's
local range beside its bar. A screen describes its chart (`Chart`, pure data, with the numbers
also in a caption); `draw` renders it with matplotlib (Agg, no display) to a PNG at least
1,000 pixels wide in type large enough for a phone; `ChartCache` renders each chart once and
keeps it in memory and on disk."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

WIDTH_INCHES = 12.0
DPI = 100
"""12 inches at 100 dpi: 1,200 pixels wide."""
ROW_INCHES = 0.9
TOP_INCHES = 1.6
FONT = 20
CAPTION_LIMIT = 1024
"""Telegram's limit on a photo caption, in characters."""
MEMORY = 64
"""Charts kept in memory (PNGs of some 30-60 kB)."""
STYLE = "v1"
"""Part of every chart's key: change it when the drawing changes, so cached PNGs are redrawn."""


@dataclass(frozen=True)
class Bar:
    """One bar: a range, its label on the left and the text written beside it."""

    label: str
    low: float
    high: float
    note: str


@dataclass(frozen=True)
class Chart:
    """What a chart shows: its kind, title, the axis unit, its bars, and the caption that
    gives the same numbers as text."""

    kind: Literal["levels", "compare"]
    title: str
    axis: str
    bars: tuple[Bar, ...]
    caption: str
    mark: float | None = None
    """A value to draw a line at (the amount of a pay check)."""

    @property
    def key(self) -> str:
        """A stable key of what is drawn (so equal charts share one PNG and one file id)."""
        text = repr((STYLE, self.kind, self.title, self.axis, self.bars, self.mark))
        return hashlib.sha256(text.encode()).hexdigest()[:24]


def draw(chart: Chart) -> bytes:
    """The chart as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    bars = list(reversed(chart.bars))
    figure = Figure(figsize=(WIDTH_INCHES, TOP_INCHES + ROW_INCHES * len(bars)), dpi=DPI)
    axes = figure.add_subplot()
    top = max(b.high for b in bars) if bars else 1.0
    for y, bar in enumerate(bars):
        axes.barh(y, bar.high - bar.low, left=bar.low, height=0.6, color="#3b7dd8")
        axes.text(
            bar.high + top * 0.01, y, bar.note, va="center", fontsize=FONT * 0.75, parse_math=False
        )
    if chart.mark is not None:
        axes.axvline(chart.mark, color="#d83b3b", linewidth=3)
        axes.text(
            chart.mark, len(bars) - 0.45, " your figure", color="#d83b3b", fontsize=FONT * 0.75
        )
    axes.set_yticks(range(len(bars)), [b.label for b in bars], fontsize=FONT)
    axes.set_xlim(0, top * 1.55)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: _short(v)))
    axes.tick_params(axis="x", labelsize=FONT * 0.8)
    axes.set_xlabel(chart.axis, fontsize=FONT * 0.8)
    axes.set_title(chart.title, fontsize=FONT * 1.1, loc="left")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _short(value: float) -> str:
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"


@dataclass
class ChartCache:
    """Each chart drawn once: kept in memory (least recently used dropped first) and, with a
    directory, as `<key>.png` files there (written atomically), so a restart draws nothing
    already drawn. `drawn` counts the charts drawn by this cache."""

    directory: Path | None = None
    size: int = MEMORY
    drawn: int = 0
    _memory: OrderedDict[str, bytes] = field(default_factory=OrderedDict)

    def path(self, chart: Chart) -> Path | None:
        """Where the chart's PNG is (or would be) on disk."""
        return self.directory / f"{chart.key}.png" if self.directory else None

    def png(self, chart: Chart) -> bytes:
        """The chart's PNG, drawn only the first time."""
        key = chart.key
        if key in self._memory:
            self._memory.move_to_end(key)
            return self._memory[key]
        path = self.path(chart)
        if path is not None and path.is_file():
            data = path.read_bytes()
        else:
            data = draw(chart)
            self.drawn += 1
            if path is not None:
                _write(path, data)
        self._memory[key] = data
        while len(self._memory) > self.size:
            self._memory.popitem(last=False)
        return data

    def file(self, chart: Chart) -> Path:
        """The chart's PNG as a file (drawn if need be)."""
        path = self.path(chart)
        if path is None:
            raise ValueError("this chart cache has no directory")
        data = self.png(chart)
        if not path.is_file():
            _write(path, data)
        return path


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, path)
