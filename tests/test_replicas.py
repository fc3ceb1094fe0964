"""Several bots on one PostgreSQL state, each the whole `serve` (as `careerbot run` runs it) on a
recording transport of its own, in this event loop: a follow-up or a button that reaches another
replica is answered in context, one poller at a time with the other on standby, a /reload on one
switches the others, /stats and `careerbot unanswered` read the shared log, and a webhook update
the state cannot keep is refused (503) until the database is back. Then Telegram-level tests
that touch state, run on both backends."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import shutil
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.cli import main
from bot.engine import Engine
from bot.screens.html import plain
from bot.settings import Settings
from bot.state.model import Key
from bot.telegram.app import build_application, reloader
from bot.telegram.offline import BOT_USERNAME, JSON, USER, RecordingRequest
from knowledge.store import Store
from tests.support.harness import (
    GROUP,
    OTHER,
    Bot,
    free_port,
    message,
    serving,
    settings_for,
    tap,
)
from tests.support.postgres import PostgresServer
from tests.test_postgres import eventually

SECRET = "replica-secret"
HEADER = "X-Telegram-Bot-Api-Secret-Token"
EVA: JSON = {"id": 2001, "is_bot": False, "first_name": "Eva"}
FINN: JSON = {"id": 2002, "is_bot": False, "first_name": "Finn"}
BOT = f"@{BOT_USERNAME}"
FIRST_IDS = itertools.count(10_000, 10_000)
"""Where each replica's message ids start: Telegram numbers a chat's messages once, whichever
replica sent them."""


class Replica:
    """One running bot: its transport, where its webhook and its health listen."""

    def __init__(self, settings: Settings, transport: RecordingRequest) -> None:
        self.settings, self.transport = settings, transport

    async def post(self, update: dict[str, Any]) -> int:
        """Deliver an update to its webhook as Telegram would; returns the HTTP status."""
        url = f"http://127.0.0.1:{self.settings.webhook_port}/telegram"
        async with httpx.AsyncClient() as client:
            answer = await client.post(url, json=update, headers={HEADER: SECRET})
        return answer.status_code

    async def health(self) -> dict[str, Any]:
        url = f"http://127.0.0.1:{self.settings.metrics_port}/healthz"
        async with httpx.AsyncClient() as client:
            answer = await client.get(url)
        body: dict[str, Any] = answer.json()
        return body

    def texts(self, method: str = "sendMessage") -> list[str]:
        return [plain(str(p["text"])) for p in self.transport.sent(method)]

    async def answer(self, update: JSON) -> JSON:
        """Deliver an update and wait for the one message it sends; that message."""
        count = self.transport.counts["sendMessage"]
        assert await self.post(update) == 200
        await self.transport.wait_for("sendMessage", count + 1)
        return list(self.transport.messages.values())[-1]


def replica_settings(folder: Path, url: str, **extra: Any) -> Settings:
    folder.mkdir(parents=True, exist_ok=True)
    return settings_for(
        folder,
        CAREERBOT_STATE_URL=url,
        CAREERBOT_METRICS_PORT=free_port(),
        CAREERBOT_WEBHOOK_URL="https://bot.example",
        CAREERBOT_WEBHOOK_SECRET=SECRET,
        CAREERBOT_WEBHOOK_LISTEN="127.0.0.1",
        CAREERBOT_WEBHOOK_PORT=free_port(),
        CAREERBOT_ADMIN_IDS=str(USER["id"]),
        **extra,
    )


@contextlib.asynccontextmanager
async def running(
    settings: Settings, engine: Engine, *, webhook: bool = True, sources: Path | None = None
) -> AsyncIterator[Replica]:
    """A replica serving until the block ends."""
    transport = RecordingRequest(first_id=next(FIRST_IDS))
    reload = reloader(settings.db_path, sources) if sources is not None else None
    async with serving(settings, engine, transport, webhook=webhook, reload=reload):
        await transport.wait_for("setWebhook" if webhook else "getMe")
        yield Replica(settings, transport)


@pytest.fixture
async def pair(store: Store, tmp_path: Path, postgres_url: str) -> AsyncIterator[list[Replica]]:
    """Two webhook replicas on one database, as behind a load balancer."""
    async with (
        running(replica_settings(tmp_path / "a", postgres_url), Engine(store)) as a,
        running(replica_settings(tmp_path / "b", postgres_url), Engine(store)) as b,
    ):
        yield [a, b]


async def test_a_follow_up_on_the_other_replica_is_answered_in_context(
    pair: list[Replica],
) -> None:
    a, b = pair
    assert await a.post(message("senior salary germany")) == 200
    await a.transport.wait_for("sendMessage")
    assert "Senior Machine Learning Engineer in 🇩🇪 Germany" in a.texts()[-1]
    assert await b.post(message("and in the uk?")) == 200
    await b.transport.wait_for("sendMessage")
    assert "Senior Machine Learning Engineer in 🇬🇧 United Kingdom" in b.texts()[-1]
    assert await a.post(message("and in India?")) == 200
    await a.transport.wait_for("sendMessage", 2)
    assert "Senior Machine Learning Engineer in 🇮🇳 India" in a.texts()[-1]


async def test_a_follow_up_waits_for_the_question_still_being_answered_elsewhere(
    pair: list[Replica],
) -> None:
    """The question is in a's hands (its Bot API call hangs) when the follow-up reaches b: b
    waits until a has committed, and then answers in context."""
    a, b = pair
    hung = a.transport.hold(int(USER["id"]))
    assert await a.post(message("senior salary germany")) == 200
    assert await b.post(message("and in the uk?")) == 200
    hung.set()
    await b.transport.wait_for("sendMessage")
    assert "Senior Machine Learning Engineer in 🇬🇧 United Kingdom" in b.texts()[-1]
    assert "Senior Machine Learning Engineer in 🇩🇪 Germany" in a.texts()[-1]


async def test_a_button_pressed_on_the_other_replica_works(pair: list[Replica]) -> None:
    a, b = pair
    assert await a.post(message("/salary")) == 200
    await a.transport.wait_for("sendMessage")
    shown = list(a.transport.messages.values())[-1]
    buttons = {
        button["text"]: button["callback_data"]
        for row in shown["reply_markup"]["inline_keyboard"]
        for button in row
        if "callback_data" in button
    }
    europe = next(data for label, data in buttons.items() if "Europe" in label)
    assert await b.post(tap(shown, europe)) == 200
    await b.transport.wait_for("editMessageText")
    assert "Europe" in b.texts("editMessageText")[-1]
    assert a.transport.sent("editMessageText") == []


async def test_group_members_keep_their_own_context_across_replicas(
    pair: list[Replica],
) -> None:
    """Each member's context and the message -> screen map are in the database: whichever
    replica a member's next message reaches goes on from their own question."""
    a, b = pair

    def said(sender: JSON, text: str, reply_to: JSON | None = None) -> JSON:
        return message(text, chat=GROUP, user=sender, reply_to=reply_to)

    eva_uk = await a.answer(said(EVA, f"/salary@{BOT_USERNAME} senior uk"))
    assert "Senior Machine Learning Engineer in 🇬🇧 United Kingdom" in plain(eva_uk["text"])
    finn_de = await b.answer(said(FINN, f"{BOT} what does a data engineer do"))
    assert "What a Data Engineer actually does" in plain(finn_de["text"])
    eva_ca = await b.answer(said(EVA, "and in Canada?", reply_to=eva_uk))
    assert "Senior Machine Learning Engineer in 🇨🇦 Canada" in plain(eva_ca["text"])
    finn_pay = await a.answer(said(FINN, f"{BOT} and in Germany?"))
    assert "Data Engineer · 🇩🇪 Germany" in plain(finn_pay["text"]), "Finn's role, not Eva's"
    eva_junior = await b.answer(said(EVA, "what about juniors?", reply_to=eva_uk))
    assert "Junior Machine Learning Engineer in 🇬🇧 United Kingdom" in plain(eva_junior["text"])


async def test_a_redelivery_to_the_other_replica_is_not_answered_twice(
    pair: list[Replica],
) -> None:
    a, b = pair
    update = message("/risk")
    assert await a.post(update) == 200
    assert await b.post(update) == 200, "Telegram is told it arrived"
    await a.transport.wait_for("sendMessage")
    assert await b.post(message("/path")) == 200
    await b.transport.wait_for("sendMessage")
    assert len(a.texts()) + len(b.texts()) == 2
    assert "career progression" in b.texts()[-1]


async def test_one_poller_at_a_time_and_the_standby_takes_over(
    store: Store, tmp_path: Path, postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    first_settings = replica_settings(tmp_path / "a", postgres_url)
    async with contextlib.AsyncExitStack() as first_running:
        first = await first_running.enter_async_context(
            running(first_settings, Engine(store), webhook=False)
        )
        await first.transport.wait_for("getUpdates")
        second_settings = replica_settings(tmp_path / "b", postgres_url)
        caplog.set_level(logging.INFO, logger="bot.telegram.replicas")
        async with running(second_settings, Engine(store), webhook=False) as second:
            await health_until(second, lambda h: h["mode"] == "standby")
            assert "standby: another careerbot is polling this bot" in caplog.text
            health = await second.health()
            assert health["healthy"] is True, health
            assert (await first.health())["mode"] == "polling"
            assert second.transport.counts["getUpdates"] == 0
            assert second.transport.counts["deleteWebhook"] == 0
            await first_running.aclose()  # the first one stops: its lock goes with it
            await second.transport.wait_for("getUpdates")
            assert "took over polling" in caplog.text
            await second.transport.push(message("/risk"))
            await second.transport.wait_for("sendMessage")
            assert "78/100" in second.texts()[-1]
            assert (await second.health())["mode"] == "polling"


async def health_until(
    replica: Replica, check: Callable[[dict[str, Any]], bool], timeout: float = 10.0
) -> None:
    """Wait until the replica's /healthz answer satisfies `check`."""

    async def holds() -> bool:
        return check(await replica.health())

    await eventually(holds, timeout)


async def test_a_reload_on_one_replica_switches_the_others(
    sources: Path, store_path: Path, tmp_path: Path, postgres_url: str
) -> None:
    settings = [
        replica_settings(tmp_path / name, postgres_url, CAREERBOT_DB=tmp_path / f"{name}.sqlite3")
        for name in ("a", "b")
    ]
    for each in settings:  # built from the same sources as `sources`, before the edit
        shutil.copyfile(store_path, each.db_path)
    async with (
        running(settings[0], Engine(Store(settings[0].db_path)), sources=sources) as a,
        running(settings[1], Engine(Store(settings[1].db_path)), sources=sources) as b,
    ):
        role = sources / "roles" / "machine-learning-engineer.yaml"
        role.write_text(role.read_text().replace("score: 78", "score: 71"))
        assert await a.post(message("/reload")) == 200
        await a.transport.wait_for("sendMessage")
        assert "Reloaded the knowledge" in a.texts()[-1]
        digest = (await a.health())["store"]["digest"]
        await health_until(b, lambda h: h["store"]["digest"] == digest)
        assert await b.post(message("/risk")) == 200
        await b.transport.wait_for("sendMessage")
        assert "71/100" in b.texts()[-1]


async def test_stats_and_the_unanswered_command_read_the_shared_log(
    pair: list[Replica],
    postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    a, b = pair
    for n, text in enumerate(["asdfghjkl", "qwertyuiop", "asdfghjkl"]):
        assert await (a, b)[n % 2].post(message(text)) == 200
    await a.transport.wait_for("sendMessage", 2)
    await b.transport.wait_for("sendMessage", 1)
    assert await b.post(message("/stats")) == 200
    await b.transport.wait_for("sendMessage", 2)
    assert "2× asdfghjkl" in b.texts()[-1]
    monkeypatch.setenv("CAREERBOT_STATE_URL", postgres_url)
    assert await asyncio.to_thread(main, ["unanswered"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[0] == "2"
    assert lines[0].endswith("asdfghjkl")
    assert lines[1].endswith("qwertyuiop")


async def test_a_webhook_update_the_state_cannot_keep_is_refused_until_it_can(
    store: Store, tmp_path: Path, postgres_url: str, postgres: PostgresServer
) -> None:
    async with running(replica_settings(tmp_path, postgres_url), Engine(store)) as bot:
        postgres.stop()
        await health_until(bot, lambda h: "state_not_writable" in h["problems"])
        state = (await bot.health())["state"]
        assert state["backend"] == "postgresql"
        assert state["database"].startswith(f"127.0.0.1:{postgres.port}/")
        assert state["writable"] is False
        assert state["error"]
        update = message("/risk")
        assert await bot.post(update) == 503, "Telegram will deliver it again"
        postgres.start()
        await health_until(bot, lambda h: h["healthy"], timeout=20)
        assert await bot.post(update) == 200
        assert await bot.post(update) == 200, "a redelivery"
        assert await bot.post(message("/path")) == 200
        await bot.transport.wait_for("sendMessage", 2)
        assert ["78/100" in t for t in bot.texts()] == [True, False], "each answered once"


# --- Telegram-level tests that touch state, on both backends ---------------------------------


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    """Extra settings naming the state backend."""
    if request.param == "postgres":
        yield {"CAREERBOT_STATE_URL": request.getfixturevalue("postgres_url")}
    else:
        yield {}


async def test_context_survives_the_process_and_updates_are_handled_once(
    store: Store, tmp_path: Path, backend: dict[str, str]
) -> None:
    """One Application writes and "dies" (no shutdown); a new one on the same state goes on in
    context, and does not answer again an update the first one handled."""
    first = RecordingRequest()
    app = build_application(settings_for(tmp_path, **backend), Engine(store), first)
    await app.initialize()
    question = message("senior MLE salary uk")
    await Bot(app, first).feed(question)
    second = RecordingRequest()
    again = build_application(settings_for(tmp_path, **backend), Engine(store), second)
    await again.initialize()
    try:
        await Bot(again, second).feed(question)
        assert second.sent() == [], "handled already"
        await Bot(again, second).feed(message("and in Germany?"))
        assert "Senior Machine Learning Engineer in 🇩🇪 Germany" in plain(second.sent()[-1]["text"])
        assert await again.state.context(Key(OTHER["id"], OTHER["id"])) is None
    finally:
        await again.shutdown()
        await app.shutdown()


async def test_the_flood_gate_holds_across_applications(
    store: Store, tmp_path: Path, postgres_url: str
) -> None:
    """On PostgreSQL the budget is the person's, whichever replica their messages reach."""
    extra = {"CAREERBOT_STATE_URL": postgres_url, "CAREERBOT_FLOOD_RATE": "3"}
    bots = []
    for _ in range(2):
        transport = RecordingRequest()
        app = build_application(settings_for(tmp_path, **extra), Engine(store), transport)
        await app.initialize()
        bots.append(Bot(app, transport))
    try:
        for n in range(6):
            await bots[n % 2].feed(message("/risk"))
        texts = [plain(str(p["text"])) for bot in bots for p in bot.transport.sent()]
        assert sum("78/100" in t for t in texts) == 3
        assert sum(t.startswith("🐢") for t in texts) == 1, json.dumps(texts)[:300]
    finally:
        for bot in bots:
            await bot.app.shutdown()
