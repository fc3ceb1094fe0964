"""Running the real Application with no network: a Bot API transport that records every call
and answers like Telegram, and the updates Telegram would send (tests and benchmarks).

`RecordingRequest` replaces PTB's HTTP transport (a `telegram.request.BaseRequest`, as PTB's
own tests do with their OfflineRequest): the real Application, Bot and handlers run, and only
the bytes never leave the process. It also serves getUpdates from a queue (`push`, long-polled
like Telegram), can add latency to every call, and can refuse one chat's messages with 429s.
`Updates` makes update dicts with fresh ids, ready for `Update.de_json`.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections import Counter, defaultdict
from typing import Any

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

JSON = dict[str, Any]

BOT_ID = 123456789
BOT_USERNAME = "careerbot_test_bot"
TOKEN = f"{BOT_ID}:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw8"
BOT_USER: JSON = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": "careerbot",
    "username": BOT_USERNAME,
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}
USER: JSON = {"id": 1001, "is_bot": False, "first_name": "Ada", "language_code": "en"}
"""The person who talks to the bot."""
DATE = 1_800_000_000
"""The date of every message made here (a fixed clock)."""


class RecordingRequest(BaseRequest):
    """Records (method, parameters) of every call and counts calls per method; failures can be
    queued per method. With `keep=False` only the counts are kept, so memory stays flat. The
    messages it sends are numbered after `first_id` (replicas sharing a chat: apart, as Telegram
    numbers a chat's messages once)."""

    def __init__(self, *, keep: bool = True, latency: float = 0.0, first_id: int = 1000) -> None:
        self.keep = keep
        self.latency = latency
        self.calls: list[tuple[str, JSON]] = []
        self.counts: Counter[str] = Counter()
        self.failures: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.messages: dict[tuple[int, int], JSON] = {}
        self.uploads: list[bytes] = []
        """The files uploaded (photos), in order."""
        self.throttled: dict[int, tuple[int, int]] = {}
        """chat id -> (retry_after, how many more sendMessage calls get a 429)."""
        self.updates: list[JSON] = []
        self.held: dict[int, asyncio.Event] = {}
        """chat id -> an event: calls about that chat wait until it is set (a hung call)."""
        self._next_id = first_id
        self._changed: asyncio.Condition | None = None

    async def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> None:
        """Wait until `method` has been called `count` times (no sleeping: woken per call)."""
        self._changed = self._changed or asyncio.Condition()
        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: self.counts[method] >= count), timeout
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

    def hold(self, chat_id: int) -> asyncio.Event:
        """Make every call about one chat hang until the returned event is set."""
        return self.held.setdefault(chat_id, asyncio.Event())

    def throttle(self, chat_id: int, retry_after: int, times: int) -> None:
        """Answer the next `times` messages to one chat with 429 (flood control)."""
        self.throttled[chat_id] = (retry_after, times)

    async def push(self, *updates: JSON) -> None:
        """Queue updates for getUpdates (and wake a waiting long poll)."""
        self.updates.extend(updates)
        await self._notify()

    async def _notify(self) -> None:
        self._changed = self._changed or asyncio.Condition()
        async with self._changed:
            self._changed.notify_all()

    def methods(self) -> list[str]:
        """The methods called, in order."""
        return [method for method, _ in self.calls]

    def sent(self, method: str = "sendMessage") -> list[JSON]:
        """The parameters of every call of one method."""
        return [params for name, params in self.calls if name == method]

    def total(self) -> int:
        """Calls made so far."""
        return sum(self.counts.values())

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
        params: JSON = json.loads(json.dumps(request_data.parameters if request_data else {}))
        if name == "getUpdates":
            return 200, json.dumps({"ok": True, "result": await self._poll(params)}).encode()
        if self.latency:
            await asyncio.sleep(self.latency)
        held = self.held.get(params.get("chat_id"))  # type: ignore[arg-type]
        if held is not None:
            await held.wait()
        self.counts[name] += 1
        if self.keep:
            self.calls.append((name, params))
            if request_data is not None and request_data.contains_files:
                parts = [part[1] for part in request_data.multipart_data.values()]
                self.uploads += [p if isinstance(p, bytes) else p.read() for p in parts]
        if self._changed is not None:
            await self._notify()
        refused = self._refused(name, params)
        if refused is not None:
            status, body = refused
            return status, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": self._result(name, params)}).encode()

    def _refused(self, name: str, params: JSON) -> tuple[int, JSON] | None:
        """A queued failure, or a 429 for a throttled chat."""
        if self.failures[name]:
            status, description = self.failures[name].pop(0)
            return status, {"ok": False, "error_code": status, "description": description}
        chat = params.get("chat_id")
        if name == "sendMessage" and isinstance(chat, int) and chat in self.throttled:
            retry_after, times = self.throttled[chat]
            if times > 0:
                self.throttled[chat] = (retry_after, times - 1)
                return 429, {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {retry_after}",
                    "parameters": {"retry_after": retry_after},
                }
        return None

    async def _poll(self, params: JSON) -> list[JSON]:
        """getUpdates: confirm below the offset, then wait up to `timeout` for updates."""
        offset = int(params.get("offset") or 0)
        self.updates = [u for u in self.updates if int(u["update_id"]) >= offset]
        self.counts["getUpdates"] += 1
        if not self.updates:
            self._changed = self._changed or asyncio.Condition()
            with contextlib.suppress(TimeoutError):
                async with self._changed:
                    await asyncio.wait_for(
                        self._changed.wait_for(lambda: bool(self.updates)),
                        float(params.get("timeout") or 0),
                    )
        return self.updates[: int(params.get("limit") or 100)]

    def _result(self, name: str, params: JSON) -> Any:
        if name == "getMe":
            return BOT_USER
        if name in ("sendMessage", "editMessageText", "sendPhoto"):
            return self._message(name, params)
        if name == "getUpdates":
            return []
        return True

    def _message(self, name: str, params: JSON) -> JSON:
        chat_id = int(params["chat_id"])
        if name in ("sendMessage", "sendPhoto"):
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
        if name == "sendPhoto":
            message.pop("text")
            message["caption"] = params.get("caption", "")
            known = str(params.get("photo") or f"photo-{message_id}")  # no id: uploaded
            message["photo"] = [
                {"file_id": known, "file_unique_id": known, "width": 1200, "height": 600}
            ]
        if self.keep:
            self.messages[(chat_id, message_id)] = message
        return message


def private_chat(user: JSON) -> JSON:
    """The private chat of a user with the bot."""
    return {"id": user["id"], "type": "private", "first_name": user["first_name"]}


class Updates:
    """Update dicts as Telegram sends them, each with fresh ids, from one user unless told."""

    def __init__(self, user: JSON, start: int = 1) -> None:
        self.user = user
        self._ids = itertools.count(start)

    def message(
        self,
        text: str,
        *,
        chat: JSON | None = None,
        user: JSON | None = None,
        reply_to: JSON | None = None,
    ) -> JSON:
        """A text message, with the entities Telegram would attach (a leading command, a
        mention of the bot)."""
        user = user or self.user
        entities = []
        command = re.match(r"/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?", text)
        if command:  # as Telegram: "/ anyone?" is no command
            entities.append({"type": "bot_command", "offset": 0, "length": command.end()})
        mention = f"@{BOT_USERNAME}"
        if mention in text and not text.startswith("/"):
            entities.append(
                {"type": "mention", "offset": text.index(mention), "length": len(mention)}
            )
        body: JSON = {
            "message_id": next(self._ids),
            "date": DATE,
            "chat": chat or private_chat(user),
            "from": user,
            "text": text,
            "entities": entities,
        }
        if reply_to is not None:
            body["reply_to_message"] = reply_to
        return {"update_id": next(self._ids), "message": body}

    def tap(self, shown: JSON, data: str, user: JSON | None = None) -> JSON:
        """A button press (callback query) on a message the bot sent."""
        return {
            "update_id": next(self._ids),
            "callback_query": {
                "id": str(next(self._ids)),
                "from": user or self.user,
                "chat_instance": "ci",
                "data": data,
                "message": shown,
            },
        }

    def inline(self, query: str, user: JSON | None = None) -> JSON:
        """An inline query."""
        body = {"id": str(next(self._ids)), "from": user or self.user, "query": query, "offset": ""}
        return {"update_id": next(self._ids), "inline_query": body}
