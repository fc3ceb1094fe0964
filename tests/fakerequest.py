"""A `telegram.request.BaseRequest` that records every Bot API call and answers like Telegram.

This replaces PTB's HTTP transport in handler tests (python-telegram-bot's own approach): the
real Application, Bot and handlers run; only the bytes never leave the process.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import defaultdict
from typing import Any

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

BOT_ID = 123456789
BOT_USERNAME = "careerbot_test_bot"
TOKEN = f"{BOT_ID}:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw8"
BOT_USER = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": "careerbot",
    "username": BOT_USERNAME,
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}


class RecordingRequest(BaseRequest):
    """Records (method, parameters) of every call; failures can be queued per method."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.failures: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._next_id = 1000
        self._changed: asyncio.Condition | None = None

    async def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> None:
        """Wait until `method` has been called `count` times (no sleeping: woken per call)."""
        self._changed = self._changed or asyncio.Condition()
        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: len(self.sent(method)) >= count), timeout
            )

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    def fail_next(self, method: str, status: int, description: str) -> None:
        """Make the next call of `method` fail like Telegram would."""
        self.failures[method].append((status, description))

    def methods(self) -> list[str]:
        """The methods called, in order."""
        return [method for method, _ in self.calls]

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        """The parameters of every call of one method."""
        return [params for name, params in self.calls if name == method]

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params: dict[str, Any] = json.loads(
            json.dumps(request_data.parameters if request_data else {})
        )
        self.calls.append((name, params))
        if self._changed is not None:
            async with self._changed:
                self._changed.notify_all()
        if self.failures[name]:
            status, description = self.failures[name].pop(0)
            body = {"ok": False, "error_code": status, "description": description}
            return status, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": self._result(name, params)}).encode()

    def _result(self, name: str, params: dict[str, Any]) -> Any:
        if name == "getMe":
            return BOT_USER
        if name in ("sendMessage", "editMessageText"):
            return self._message(name, params)
        if name == "getUpdates":
            return []
        return True

    def _message(self, name: str, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        if name == "sendMessage":
            self._next_id += 1
            message_id = self._next_id
        else:
            message_id = int(params["message_id"])
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": BOT_USER,
            "text": params.get("text", ""),
        }
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        self.messages[(chat_id, message_id)] = message
        return message
