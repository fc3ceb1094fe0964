"""Updates in: chats concurrently and each chat in order, a hung call or a 429 delaying only its
own chat, nothing lost and nothing twice across a stop with a backlog, unreadable updates skipped.

The whole bot runs (`serve`, polling) on the recording transport, which serves getUpdates from a
queue, can hang the calls of one chat until released, and can answer one chat with 429s.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import ExtBot

from bot.engine import Engine
from bot.screens.html import plain
from bot.telegram.offline import JSON, TOKEN, USER, RecordingRequest, Updates, private_chat
from bot.telegram.processor import ChatOrderedProcessor
from knowledge.store import Store
from tests.support.botapi import BotApiEmulator
from tests.support.harness import OTHER, serving, settings_for

PEOPLE: list[JSON] = [{"id": 2000 + n, "is_bot": False, "first_name": f"P{n}"} for n in range(6)]


def to(chat_id: int, transport: RecordingRequest) -> list[str]:
    """The texts sent to one chat, in order."""
    return [plain(p["text"]) for p in transport.sent() if p["chat_id"] == chat_id]


# --- the processor ---------------------------------------------------------------------------


async def test_one_chat_in_order_other_chats_meanwhile() -> None:
    bot = ExtBot(TOKEN)
    updates = Updates(USER, start=10)
    a1, a2 = (Update.de_json(updates.message(t), bot) for t in ("/risk", "/path"))
    b = Update.de_json(updates.message("/risk", user=OTHER), bot)
    processor = ChatOrderedProcessor(workers=4)
    events: list[str] = []
    b_done = asyncio.Event()

    async def work(name: str, wait: Awaitable[Any] | None = None) -> None:
        events.append(f"{name} start")
        if wait is not None:
            await wait
        events.append(f"{name} end")

    async def b_work() -> None:
        await work("b")
        b_done.set()

    await asyncio.wait_for(
        asyncio.gather(
            processor.process_update(a1, work("a1", b_done.wait())),
            processor.process_update(a2, work("a2")),
            processor.process_update(b, b_work()),
        ),
        10,
    )
    assert events.index("a1 end") < events.index("a2 start"), events
    assert events.index("b end") < events.index("a1 end"), "b ran while a1 waited"


async def test_waiting_updates_hold_no_slot() -> None:
    """A backlog in one chat leaves the other chats their slots."""
    bot = ExtBot(TOKEN)
    updates = Updates(USER, start=100)
    processor = ChatOrderedProcessor(workers=2)
    release = asyncio.Event()
    backlog = [Update.de_json(updates.message("/risk"), bot) for _ in range(20)]
    other = Update.de_json(updates.message("/risk", user=OTHER), bot)
    done: list[str] = []

    async def slow() -> None:
        await release.wait()

    async def quick() -> None:
        done.append("other")
        release.set()

    tasks = [asyncio.create_task(processor.process_update(u, slow())) for u in backlog]
    await asyncio.wait_for(processor.process_update(other, quick()), 5)
    await asyncio.wait_for(asyncio.gather(*tasks), 5)
    assert done == ["other"]


# --- the whole bot ---------------------------------------------------------------------------


async def test_a_hung_call_delays_only_its_own_chat(store: Store, tmp_path: Path) -> None:
    transport = RecordingRequest()
    slow, quick = PEOPLE[0], PEOPLE[1:]
    hung = transport.hold(slow["id"])
    updates = Updates(USER)
    async with serving(settings_for(tmp_path), Engine(store), transport):
        await transport.push(updates.message("/risk", user=slow))
        await transport.push(*(updates.message("/path", user=p) for p in quick))
        await transport.wait_for("sendMessage", len(quick))
        assert to(slow["id"], transport) == []
        hung.set()
        await transport.wait_for("sendMessage", len(quick) + 1)
    assert "78/100" in to(slow["id"], transport)[0]


async def test_a_chat_refused_with_429_delays_no_other_chat(store: Store, tmp_path: Path) -> None:
    transport = RecordingRequest()
    flooded, others = PEOPLE[0], PEOPLE[1:]
    transport.throttle(flooded["id"], retry_after=1, times=2)
    updates = Updates(USER)
    async with serving(settings_for(tmp_path), Engine(store), transport):
        await transport.push(updates.message("/risk", user=flooded))
        await transport.wait_for("sendMessage", 1)  # the first 429
        await transport.push(*(updates.message("/path", user=p) for p in others))
        await transport.wait_for("sendMessage", 1 + len(others))
        answered = [p["chat_id"] for p in transport.sent()]
        assert set(answered[1:]) == {p["id"] for p in others}, "others first, during the pause"
        await transport.wait_for("sendMessage", 3 + len(others), timeout=15)
    assert [p["chat_id"] for p in transport.sent()].count(flooded["id"]) == 3
    assert "78/100" in to(flooded["id"], transport)[-1]


async def test_each_chat_is_answered_in_the_order_it_wrote(store: Store, tmp_path: Path) -> None:
    transport = RecordingRequest()
    texts = ["/risk", "/path", "/pivots", "/skills", "/sources", "/roles"]
    updates = Updates(USER)
    async with serving(settings_for(tmp_path), Engine(store), transport):
        await transport.push(*(updates.message(t, user=p) for t in texts for p in PEOPLE))
        await transport.wait_for("sendMessage", len(texts) * len(PEOPLE))
    first_lines = {
        p["id"]: [text.splitlines()[0] for text in to(p["id"], transport)] for p in PEOPLE
    }
    assert len({tuple(lines) for lines in first_lines.values()}) == 1, first_lines


async def test_a_stop_with_a_backlog_is_quick_and_nothing_is_lost_or_doubled(
    store: Store, tmp_path: Path
) -> None:
    settings = settings_for(tmp_path, CAREERBOT_STOP_SECONDS=0.5, CAREERBOT_FLOOD_RATE=1000)
    first = RecordingRequest()
    busy, rest = PEOPLE[0], PEOPLE[1:]
    first.hold(busy["id"])
    updates = Updates(USER)
    backlog = [updates.message("/risk", user=busy) for _ in range(50)]
    answered_once = [updates.message("/path", user=p) for p in rest]
    async with serving(settings, Engine(store), first) as task:
        await first.push(*backlog, *answered_once)
        await first.wait_for("sendMessage", len(rest))
    assert task.done()
    assert to(busy["id"], first) == []
    second = RecordingRequest()
    async with serving(settings, Engine(store), second):
        await second.push(*backlog, *answered_once)  # Telegram may deliver them again
        await second.wait_for("sendMessage", len(backlog))
        await second.push(updates.message("/skills", user=rest[0]))
        await second.wait_for("sendMessage", len(backlog) + 1)
    assert len(to(busy["id"], second)) == len(backlog), "the backlog, once"
    assert [len(to(p["id"], second)) for p in rest] == [1] + [0] * (len(rest) - 1)


async def test_an_unreadable_update_is_logged_once_and_skipped(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    transport = RecordingRequest()
    updates = Updates(USER, start=7000)
    poison = {"update_id": 6999, "message": {"message_id": 1}}
    async with serving(settings_for(tmp_path), Engine(store), transport) as _:
        with caplog.at_level(logging.ERROR):
            await transport.push(poison, updates.message("/risk"))
            await transport.wait_for("sendMessage", 1)
            await transport.push(poison)  # delivered again: already skipped
            await transport.push(updates.message("/path"))
            await transport.wait_for("sendMessage", 2)
    assert caplog.text.count("update 6999 cannot be read") == 1
    assert "78/100" in to(USER["id"], transport)[0]


async def test_an_unreadable_update_from_the_emulator_does_not_stop_the_bot(
    store: Store, tmp_path: Path
) -> None:
    with BotApiEmulator() as emulator:
        settings = settings_for(
            tmp_path,
            TELEGRAM_BOT_TOKEN=emulator.token,
            TELEGRAM_API_BASE_URL=emulator.base_url,
        )
        async with serving(settings, Engine(store), None):
            await asyncio.to_thread(emulator.wait_for, "getUpdates", None, 15)
            emulator.push_update("message", {"message_id": 1, "chat": private_chat(USER)})
            emulator.user_says("/risk")
            sent = await asyncio.to_thread(emulator.wait_for, "sendMessage", None, 15)
            polls = len(emulator.calls_of("getUpdates"))
        assert "78/100" in plain(sent["text"])
        assert polls < 10, "no re-polling loop"
