"""Charts: a valid PNG of the right size for each kind, drawn once and then served from the
cache (memory, disk); on Telegram uploaded once, then re-sent by file_id; in the shell,
written as a PNG in the state directory."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest

from bot import shell
from bot.conversation.address import decode
from bot.conversation.context import Viewer
from bot.engine import Engine
from bot.screens import render
from bot.screens.chart import DPI, ROW_INCHES, TOP_INCHES, WIDTH_INCHES, Chart, ChartCache
from knowledge.store import Store
from tests.support.harness import Bot, message, settings_for, tap

PNG = b"\x89PNG\r\n\x1a\n"
LEVELS_CHART = "machine-learning-engineer_sal_SG_yg"
COMPARE_CHART = "machine-learning-engineer_cmp_US_GBIN_senior_yg"
CHECK_CHART = "machine-learning-engineer_chk_SG_junior_8000SGDm_mg"


def size(png: bytes) -> tuple[int, int]:
    """A PNG's width and height, from its IHDR chunk."""
    assert png[:8] == PNG
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def chart_of(store: Store, address: str) -> Chart:
    chart = render(decode(address, store), store, Viewer()).chart
    assert chart is not None
    return chart


@pytest.mark.parametrize(
    ("address", "kind", "bars"),
    [(LEVELS_CHART, "levels", 4), (COMPARE_CHART, "compare", 3), (CHECK_CHART, "levels", 4)],
)
def test_each_kind_is_a_phone_sized_png(
    store: Store, tmp_path: Path, address: str, kind: str, bars: int
) -> None:
    chart = chart_of(store, address)
    assert (chart.kind, len(chart.bars)) == (kind, bars)
    width, height = size(ChartCache(tmp_path).png(chart))
    assert width == WIDTH_INCHES * DPI >= 1000
    assert height == round((TOP_INCHES + ROW_INCHES * bars) * DPI)


def test_the_numbers_are_in_the_caption(store: Store) -> None:
    chart = chart_of(store, COMPARE_CHART)
    assert "UK: $93,506 – $129,870 (£72,000 – £100,000)" in chart.caption
    assert [b.note for b in chart.bars][-1] == "₹24,00,000 – ₹38,00,000"


def test_a_pay_check_chart_marks_the_figure_as_shown(store: Store) -> None:
    """S$8,000 a month is marked where the monthly bars put it (the chart is monthly)."""
    chart = chart_of(store, CHECK_CHART)
    assert chart.mark == pytest.approx(8_000)
    assert chart.bars[0].high == pytest.approx(104_000 / 13)
    assert "Junior: S$5,769 – S$8,000" in chart.caption


def test_a_chart_is_drawn_once(store: Store, tmp_path: Path) -> None:
    chart = chart_of(store, LEVELS_CHART)
    cache = ChartCache(tmp_path)
    first = cache.png(chart)
    assert cache.png(chart) == first
    assert cache.drawn == 1
    again = ChartCache(tmp_path)
    assert again.png(chart) == first
    assert again.drawn == 0, "read from disk, not drawn again"
    assert [p.name for p in tmp_path.iterdir()] == [f"{chart.key}.png"]


async def test_telegram_uploads_a_chart_once_then_sends_its_file_id(
    bot: Bot, tmp_path: Path
) -> None:
    await bot.feed(message("/start machine-learning-engineer_sal_SG"))
    shown = bot.last_sent_message()
    buttons = [b for row in shown["reply_markup"]["inline_keyboard"] for b in row]
    (chart,) = [b["callback_data"] for b in buttons if b["text"] == "📊 Chart"]
    await bot.feed(tap(shown, chart))
    await bot.feed(tap(shown, chart))
    first, second = bot.transport.sent("sendPhoto")
    assert "photo" not in first, "the first is uploaded as a file"
    assert second["photo"] == "photo-" + str(list(bot.transport.messages)[-2][1])
    assert len(bot.transport.uploads) == 1
    assert size(bot.transport.uploads[0])[0] >= 1000
    assert "S$75,000 – S$104,000" in second["caption"]
    handlers = bot.app.bot_data["handlers"]
    assert handlers.photos.cache.drawn == 1
    (kept,) = settings_for(tmp_path).charts_path.iterdir()
    assert kept.read_bytes() == bot.transport.uploads[0], "drawn into the state dir's charts"


def test_the_shell_writes_the_chart_in_the_state_directory(store: Store, tmp_path: Path) -> None:
    out = io.StringIO()
    lines = io.StringIO(f"/start {LEVELS_CHART}\n")
    charts = settings_for(tmp_path).charts_path
    shell.run(Engine(store), lines, out, charts=ChartCache(charts))
    printed = out.getvalue()
    path = Path(printed.split("📊 Chart: ", 1)[1].split("\n", 1)[0])
    assert path.parent == charts == tmp_path / "charts"
    assert size(path.read_bytes())[0] >= 1000
    assert "Junior: S$75,000 – S$104,000" in printed
