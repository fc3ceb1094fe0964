"""The webhook (`careerbot run --webhook`, served in this event loop on a recording transport):
the secret is checked before anything is read, the size before the body is read, malformed JSON
is a 400, an update id is handled once, and an unreadable update is skipped."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.engine import Engine
from bot.screens.html import plain
from bot.telegram.offline import RecordingRequest
from knowledge.store import Store
from tests.support.harness import free_port, message, serving, settings_for

SECRET = "s3cret-Token_1"
HEADER = "X-Telegram-Bot-Api-Secret-Token"


class Hook:
    """A running webhook bot: where to post, and its transport."""

    def __init__(self, port: int, transport: RecordingRequest) -> None:
        self.url, self.port, self.transport = f"http://127.0.0.1:{port}/telegram", port, transport

    async def post(self, body: Any, secret: str | None = SECRET) -> int:
        headers = {HEADER: secret} if secret is not None else {}
        content = body if isinstance(body, bytes) else json.dumps(body).encode()
        async with httpx.AsyncClient() as client:
            answer = await client.post(self.url, content=content, headers=headers)
        return answer.status_code

    async def raw(self, head: str) -> bytes:
        """Send only a request's head (no body) and read what comes back."""
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        writer.write(head.encode())
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(200), 5)
        writer.close()
        return answer


@pytest.fixture
async def hook(store: Store, tmp_path: Path) -> AsyncIterator[Hook]:
    port = free_port()
    settings = settings_for(
        tmp_path,
        CAREERBOT_WEBHOOK_URL="https://bot.example",
        CAREERBOT_WEBHOOK_SECRET=SECRET,
        CAREERBOT_WEBHOOK_LISTEN="127.0.0.1",
        CAREERBOT_WEBHOOK_PORT=port,
    )
    transport = RecordingRequest()
    async with serving(settings, Engine(store), transport, webhook=True):
        await transport.wait_for("setWebhook")
        (registered,) = transport.sent("setWebhook")
        assert registered["secret_token"] == SECRET
        assert registered["url"] == "https://bot.example/telegram"
        yield Hook(port, transport)


@pytest.mark.parametrize("secret", [None, "wrong", SECRET[:-1]])
async def test_a_request_without_the_secret_is_refused(hook: Hook, secret: str | None) -> None:
    assert await hook.post(message("/risk"), secret) == 403
    assert hook.transport.sent() == []


async def test_the_secret_is_checked_before_the_body_is_read(hook: Hook) -> None:
    answer = await hook.raw(
        "POST /telegram HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: 60000000\r\n\r\n"
    )
    assert answer.startswith(b"HTTP/1.1 403")


async def test_a_body_over_1_mb_is_refused_before_it_is_read(hook: Hook) -> None:
    answer = await hook.raw(
        f"POST /telegram HTTP/1.1\r\nHost: x\r\n{HEADER}: {SECRET}\r\n"
        "Content-Length: 1048577\r\n\r\n"
    )
    assert answer.startswith(b"HTTP/1.1 413")


@pytest.mark.parametrize(
    "body", [b"{not json", b"", b"[1, 2]", b'{"message": {}}', b'{"update_id": "7"}']
)
async def test_malformed_json_or_no_update_is_a_400(hook: Hook, body: bytes) -> None:
    assert await hook.post(body) == 400


async def test_each_update_id_is_handled_once(hook: Hook) -> None:
    update = message("/risk")
    assert await hook.post(update) == 200
    assert await hook.post(update) == 200, "a redelivery is acknowledged"
    assert await hook.post(message("/path")) == 200
    await hook.transport.wait_for("sendMessage", 2)
    texts = [plain(p["text"]) for p in hook.transport.sent()]
    assert len(texts) == 2
    assert "78/100" in texts[0] or "78/100" in texts[1]


async def test_an_unreadable_update_is_acknowledged_and_skipped(
    hook: Hook, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        assert await hook.post({"update_id": 41, "message": {"message_id": 1}}) == 200
        assert await hook.post(message("/risk")) == 200
        await hook.transport.wait_for("sendMessage", 1)
    assert caplog.text.count("update 41 cannot be read") == 1
