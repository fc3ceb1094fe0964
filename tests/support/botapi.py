"""A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests of the real bot process.

Start a `BotApiEmulator`, run the bot with `TELEGRAM_API_BASE_URL=emu.base_url` and
`TELEGRAM_BOT_TOKEN=emu.token`, play a user with `user_says`, `group_says`, `user_taps` and
`inline_query`, and assert on the recorded calls with `wait_for`. In webhook mode (the bot called
setWebhook) updates are POSTed instead, one at a time in order, to the targets given to
`deliver_to`, in turn as a round-robin load balancer would, the next target taking over when one
refuses or cannot be reached (`deliveries` records each attempt). `hold` keeps the next call of a
method waiting, to catch a bot in the middle of an update. The bot's messages are kept so it
can edit them, and text sent with parse_mode HTML is parsed like Telegram does (tdlib's parser),
so malformed markup fails here as it would in production (`tests.support.html`). The bot is
the one `bot.telegram.offline` describes, talking to the same user.
"""

from __future__ import annotations

import contextlib
import copy
import http.client
import json
import logging
import re
import secrets
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self, TypeAlias, cast
from urllib.parse import parse_qsl, urlsplit

from bot.telegram.offline import BOT_ID, JSON, USER
from bot.telegram.offline import BOT_USER as OFFLINE_BOT
from tests.support.html import HtmlError, parse_html, utf16_len

Predicate = Callable[[JSON], bool]

log = logging.getLogger(__name__)

BOT_USER: JSON = {
    **OFFLINE_BOT,
    "can_read_all_group_messages": True,  # the emulator delivers every group message
    "can_connect_to_business": False,
    "has_main_web_app": False,
}
DEFAULT_USER: JSON = USER
GROUP_ID = -1001234567890
GROUP_TITLE = "careerbot test group"
QUERY_TTL = 15.0
"""Seconds within which a callback or inline query must be answered."""
MAX_TEXT = 4096
"""Telegram's limit on a message's text after entity parsing, in characters."""

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
EDIT_NOT_FOUND = "Bad Request: message to edit not found"
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
CHAT_NOT_FOUND = "Bad Request: chat not found"
CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
WEBHOOK_ACTIVE = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
RETRY_DELAY = 0.1
"""Seconds before a refused delivery is tried again (on the next target)."""

METHODS = (
    "getMe",
    "getUpdates",
    "setWebhook",
    "deleteWebhook",
    "getWebhookInfo",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
    "setMyDescription",
    "getMyDescription",
    "setMyShortDescription",
    "getMyShortDescription",
    "setMyName",
    "getMyName",
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "deleteMessage",
    "answerCallbackQuery",
    "answerInlineQuery",
    "sendChatAction",
)
_CANONICAL = {name.lower(): name for name in METHODS}
_DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "query",
        "callback_query_id",
        "inline_query_id",
        "inline_message_id",
        "description",
        "short_description",
        "name",
        "title",
        "language_code",
        "action",
        "url",
        "next_offset",
        "switch_pm_text",
        "switch_pm_parameter",
        "business_connection_id",
        "message_effect_id",
        "emoji",
        "custom_emoji_id",
        "secret_token",
        "ip_address",
        "file_id",
        "photo",
        "document",
        "audio",
        "video",
        "animation",
        "voice",
        "video_note",
        "sticker",
        "thumbnail",
        "first_name",
        "last_name",
        "phone_number",
        "vcard",
        "address",
        "question",
        "explanation",
        "payload",
        "currency",
        "start_parameter",
        "web_app_query_id",
        "shipping_query_id",
        "pre_checkout_query_id",
        "error_message",
    }
)
"""Parameters whose form values are plain strings; every other form value is JSON."""

_BUTTON_ACTIONS = frozenset(
    {
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)


class ApiError(Exception):
    """A Bot API error response: HTTP status, description and optional `parameters`."""

    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> JSON:
        """The JSON Telegram sends with this error."""
        body: JSON = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str) -> ApiError:
    """A 400 with Telegram's "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {detail}")


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart/form-data request."""

    filename: str
    content_type: str
    data: bytes


def _trim(text: str, entities: list[JSON]) -> tuple[str, list[JSON]]:
    """Strip surrounding whitespace as Telegram does, clipping the entities to what remains."""
    spaces = " \t\r\n\v\f"
    body = text.strip(spaces)
    if body == text:
        return text, entities
    lead = utf16_len(text[: len(text) - len(text.lstrip(spaces))])
    end = lead + utf16_len(body)
    clipped: list[JSON] = []
    for entity in entities:
        start = max(int(entity["offset"]), lead)
        stop = min(int(entity["offset"]) + int(entity["length"]), end)
        if stop > start:
            clipped.append({**entity, "offset": start - lead, "length": stop - start})
    return body, clipped


# --- request decoding ----------------------------------------------------------------------------

_OPTION = re.compile(r';\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')


def _header_options(value: str) -> tuple[str, dict[str, str]]:
    """`type/sub; key="value"` as ("type/sub", {key: value})."""
    main = value.split(";", 1)[0].strip().lower()
    options: dict[str, str] = {}
    for key, raw in _OPTION.findall(value):
        raw = raw.strip()
        if raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
            raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
        options[key.lower()] = raw
    return main, options


def decode_value(name: str, raw: str) -> Any:
    """A form value as the Bot API reads it: JSON, except for plain-string parameters."""
    if name in _STRING_PARAMS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _parse_multipart(body: bytes, boundary: str) -> JSON:
    params: JSON = {}
    for chunk in body.split(b"--" + boundary.encode("latin-1"))[1:]:
        if chunk.startswith(b"--"):
            break
        head, _, data = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        data = data.removesuffix(b"\r\n")
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, sep, value = line.partition(":")
            if sep:
                headers[key.strip().lower()] = value.strip()
        _, options = _header_options(headers.get("content-disposition", ""))
        name = options.get("name")
        if not name:
            continue
        if "filename" in options:
            content_type = headers.get("content-type", "application/octet-stream")
            params[name] = Upload(options["filename"], content_type, data)
        else:
            params[name] = decode_value(name, data.decode("utf-8"))
    return params


def parse_params(content_type: str, body: bytes, query: str = "") -> JSON:
    """The call's parameters from the query string and a JSON, urlencoded or multipart body."""
    params: JSON = {k: decode_value(k, v) for k, v in parse_qsl(query, keep_blank_values=True)}
    kind, options = _header_options(content_type)
    if kind == "application/json" and body.strip():
        try:
            data = json.loads(body)
        except ValueError as error:
            raise bad_request("can't parse JSON encoded request parameters") from error
        if not isinstance(data, dict):
            raise bad_request("request parameters must be a JSON object")
        for key, value in data.items():
            params[key] = decode_value(key, value) if isinstance(value, str) else value
    elif kind == "application/x-www-form-urlencoded":
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
        params.update({k: decode_value(k, v) for k, v in pairs})
    elif kind == "multipart/form-data" and "boundary" in options:
        params.update(_parse_multipart(body, options["boundary"]))
    return params


# --- helpers for messages ---------------------------------------------------------------------


def _detect_entities(text: str) -> list[JSON]:
    """The bot_command and mention entities Telegram attaches to a user's text."""
    entities: list[JSON] = []
    command_end = 0
    match = re.match(r"/([A-Za-z0-9_]*)(@[A-Za-z0-9_]*)?", text)
    if match:
        name, at = match.group(1), match.group(2)
        after = text[match.end() : match.end() + 1]
        if (
            1 <= len(name) <= 64
            and (at is None or 3 <= len(at) - 1 <= 32)
            and not (after and (after.isalnum() or after in "_/<>"))
        ):
            command_end = match.end()
            entities.append(
                {"type": "bot_command", "offset": 0, "length": utf16_len(text[:command_end])}
            )
    for mention in re.finditer(r"(?<![\w])@[A-Za-z0-9_]{2,32}(?![\w])", text):
        if mention.start() >= command_end:
            offset = utf16_len(text[: mention.start()])
            entities.append({"type": "mention", "offset": offset, "length": utf16_len(mention[0])})
    return entities


def callback_buttons(message: JSON) -> list[tuple[str, str]]:
    """(label, callback_data) of every callback button on a message."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    return [
        (b.get("text", ""), b["callback_data"]) for row in rows for b in row if "callback_data" in b
    ]


def _need(params: JSON, name: str) -> Any:
    """A required parameter; 400 "<name> is empty" without it."""
    value = params.get(name)
    if value is None or value == "":
        raise bad_request(f"{name} is empty")
    return value


def _as_int(value: Any, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise bad_request(f"invalid {name} specified") from error


def _format_call(index: int, method: str, params: JSON) -> str:
    text = json.dumps(params, ensure_ascii=False, default=repr)
    return f"  #{index} {method} {text if len(text) <= 300 else text[:297] + '...'}"


# --- the emulator --------------------------------------------------------------------------------


class BotApiEmulator:
    """A fake Bot API: records every call, queues updates, keeps the bot's messages."""

    def __init__(self, *, query_ttl: float = QUERY_TTL, latency: float = 0.0) -> None:
        self.token = f"{BOT_ID}:AA{secrets.token_urlsafe(33)[:33]}"
        self.query_ttl = query_ttl
        self.latency = latency
        """Seconds every call but getUpdates takes before it is answered (benchmarks)."""
        self._cond = threading.Condition()
        self._calls: list[tuple[str, JSON]] = []
        self.call_times: list[float] = []
        """When each call in `calls` arrived (time.monotonic())."""
        self._throttled: dict[int, tuple[int, int]] = {}
        self._updates: list[JSON] = []
        self._next_update_id = 500_000_001
        self._allowed: frozenset[str] | None = None
        self._poll_generation = 0
        self._revoked = 0
        self._chats: dict[int, JSON] = {}
        self._messages: dict[tuple[int, int], JSON] = {}
        self._last_message_id: dict[int, int] = {}
        self._queries: dict[str, tuple[str, float]] = {}
        self._next_query = 0
        self._failures: dict[str, list[ApiError]] = {}
        self._commands: dict[str, list[JSON]] = {}
        self._profile: dict[tuple[str, str], str] = {}
        self._closed = False
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._webhook: JSON | None = None
        self._targets: list[str] = []
        self._turn = 0
        self._deliverer: threading.Thread | None = None
        self.deliveries: list[Delivery] = []
        """Every webhook delivery attempt, in order."""
        self._holds: dict[str, threading.Event] = {}
        self._handlers: dict[str, Callable[[JSON], Any]] = {
            "getMe": lambda _: dict(BOT_USER),
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._webhook_info,
            "setMyCommands": self._set_commands,
            "getMyCommands": lambda p: copy.deepcopy(self._commands.get(_scope_key(p), [])),
            "deleteMyCommands": self._delete_commands,
            "setMyDescription": lambda p: self._set_profile("description", p),
            "getMyDescription": lambda p: self._get_profile("description", p),
            "setMyShortDescription": lambda p: self._set_profile("short_description", p),
            "getMyShortDescription": lambda p: self._get_profile("short_description", p),
            "setMyName": lambda p: self._set_profile("name", p),
            "getMyName": lambda p: self._get_profile("name", p),
            "sendMessage": self._send_message,
            "editMessageText": self._edit_text,
            "editMessageReplyMarkup": self._edit_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": lambda p: self._answer(
                "callback", _need(p, "callback_query_id")
            ),
            "answerInlineQuery": self._answer_inline,
            "sendChatAction": self._chat_action,
        }

    # lifecycle

    def start(self) -> Self:
        """Listen on an ephemeral 127.0.0.1 port and serve from a daemon thread."""
        if self._server is not None:
            raise RuntimeError("the emulator is already started")
        with self._cond:
            self._closed = False
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="botapi-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Wake any long poll, stop serving, close every connection and join the threads."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        if self._deliverer is not None:
            self._deliverer.join(timeout=15)
            self._deliverer = None
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.shutdown()
        thread.join(timeout=5)
        server.close_connections(timeout=5)
        server.server_close()
        self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The port it listens on."""
        if self._server is None:
            raise RuntimeError("the emulator is not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """What to give PTB as base_url (TELEGRAM_API_BASE_URL)."""
        return f"http://127.0.0.1:{self.port}/bot"

    # recording and fault injection

    @property
    def calls(self) -> list[tuple[str, JSON]]:
        """Every authorised call as (method, params), in arrival order (a snapshot)."""
        with self._cond:
            return list(self._calls)

    def calls_of(self, method: str) -> list[JSON]:
        """The params of every call of one method."""
        method = _CANONICAL.get(method.lower(), method)
        return [params for name, params in self.calls if name == method]

    def mark(self) -> int:
        """The number of calls so far: pass it as `after` to wait only for newer calls."""
        with self._cond:
            return len(self._calls)

    def wait_for(
        self,
        method: str,
        predicate: Predicate | None = None,
        timeout: float = 10.0,
        after: int = 0,
    ) -> JSON:
        """The params of the first call of `method` (from index `after`) matching `predicate`."""
        method = _CANONICAL.get(method.lower(), method)
        deadline = time.monotonic() + timeout
        with self._cond:
            index = after
            while True:
                for name, params in self._calls[index:]:
                    if name == method and (predicate is None or predicate(params)):
                        return params
                index = max(index, len(self._calls))
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(self._timeout_report(method, predicate, timeout, after))
                self._cond.wait(remaining)

    def revoke(self, new_token: str) -> None:
        """The bot's token is revoked: every call with the old one gets 401 from now on, and a
        long poll waiting now ends (empty)."""
        with self._cond:
            self.token = new_token
            self._revoked += 1
            self._cond.notify_all()

    def wait_count(self, method: str, count: int, timeout: float = 10.0) -> None:
        """Wait until `method` has been called at least `count` times."""
        method = _CANONICAL.get(method.lower(), method)
        deadline = time.monotonic() + timeout
        with self._cond:
            while sum(1 for name, _ in self._calls if name == method) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(self._timeout_report(method, None, timeout, 0))
                self._cond.wait(remaining)

    def _timeout_report(
        self, method: str, predicate: Predicate | None, timeout: float, after: int
    ) -> str:
        matching = " matching the predicate" if predicate is not None else ""
        recent = [(i, m, p) for i, (m, p) in enumerate(self._calls) if m != "getUpdates"][-15:]
        polls = sum(1 for m, _ in self._calls if m == "getUpdates")
        lines = [_format_call(i, m, p) for i, m, p in recent] or ["  (none)"]
        return (
            f"no {method} call{matching} from call #{after} within {timeout}s; "
            f"{len(self._calls)} calls ({polls} getUpdates), the last others:\n" + "\n".join(lines)
        )

    def throttle(self, chat_id: int, retry_after: int, times: int) -> None:
        """Answer the next `times` sendMessage calls to one chat with 429 (flood control)."""
        with self._cond:
            self._throttled[chat_id] = (retry_after, times)

    def fail_next(
        self, method: str, status: int, description: str, retry_after: int | None = None
    ) -> None:
        """Make the next call of `method` fail with this error (429: pass `retry_after`)."""
        parameters = {"retry_after": retry_after} if retry_after is not None else None
        with self._cond:
            name = _CANONICAL.get(method.lower(), method)
            self._failures.setdefault(name, []).append(ApiError(status, description, parameters))

    def hold(self, method: str) -> threading.Event:
        """Keep the next call of `method` waiting (recorded, not answered) until the returned
        event is set (or the query TTL passes)."""
        release = threading.Event()
        with self._cond:
            self._holds[_CANONICAL.get(method.lower(), method)] = release
        return release

    # webhook delivery

    def deliver_to(self, targets: list[str]) -> None:
        """Where webhook updates go (`http://127.0.0.1:PORT` each; the registered URL's path is
        appended), in turn; starts delivering once the bot has called setWebhook."""
        with self._cond:
            self._targets = list(targets)
            self._cond.notify_all()
            if self._deliverer is None:
                self._deliverer = threading.Thread(
                    target=self._deliver_forever, name="botapi-webhook", daemon=True
                )
                self._deliverer.start()

    def delivered(self) -> list[Delivery]:
        """The delivery attempts so far (a snapshot)."""
        with self._cond:
            return list(self.deliveries)

    def _deliver_forever(self) -> None:
        while True:
            with self._cond:
                while not self._closed and not (self._webhook and self._targets and self._updates):
                    self._cond.wait()
                if self._closed:
                    return
                update, hook = copy.deepcopy(self._updates[0]), dict(self._webhook or {})
                target = self._targets[self._turn % len(self._targets)]
                self._turn += 1
            status = _post(target + urlsplit(str(hook["url"])).path, update, hook.get("secret"))
            with self._cond:
                self.deliveries.append(Delivery(update["update_id"], target, status))
                if 200 <= status < 300 and self._updates and self._updates[0] == update:
                    self._updates.pop(0)
                self._cond.notify_all()
            if not 200 <= status < 300:
                time.sleep(RETRY_DELAY)  # as Telegram backs off before delivering it again

    def _set_webhook(self, params: JSON) -> bool:
        url = str(_need(params, "url"))
        if not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self._webhook = {"url": url, "secret": params.get("secret_token")}
        allowed = params.get("allowed_updates")
        if allowed is not None:
            self._allowed = frozenset(allowed) if allowed else None
        return True

    # the bot's messages

    def sent_messages(self, chat_id: int) -> list[JSON]:
        """The bot's messages in a chat, in order, as they are now (edits applied)."""
        with self._cond:
            return [
                copy.deepcopy(m)
                for (chat, _), m in self._messages.items()
                if chat == chat_id and m["from"]["id"] == BOT_ID
            ]

    def last_message(self, chat_id: int) -> JSON:
        """The bot's latest message in a chat."""
        sent = self.sent_messages(chat_id)
        if not sent:
            raise AssertionError(f"the bot has sent nothing to chat {chat_id}")
        return sent[-1]

    def button_data(self, message: JSON, label: str) -> str:
        """The callback_data of the button whose label contains `label`."""
        current = self._stored(message)
        buttons = callback_buttons(current)
        for text, data in buttons:
            if label in text:
                return data
        raise AssertionError(f"no button {label!r} among {[text for text, _ in buttons]}")

    # playing a user

    def push_update(self, kind: str, payload: JSON) -> JSON:
        """Queue an update of any kind ("message", "edited_message", ...); returns it."""
        with self._cond:
            update = {"update_id": self._next_update_id, kind: copy.deepcopy(payload)}
            self._next_update_id += 1
            self._updates.append(update)
            self._cond.notify_all()
            return copy.deepcopy(update)

    def user_says(
        self,
        text: str,
        chat_id: int | None = None,
        user: JSON | None = None,
        chat_type: str = "private",
        reply_to: JSON | None = None,
        entities: list[JSON] | None = None,
    ) -> JSON:
        """A user sends text (in their private chat unless told otherwise); returns the update."""
        user = user or DEFAULT_USER
        if chat_type == "private":
            chat: JSON = {"id": chat_id if chat_id is not None else user["id"], "type": "private"}
            chat.update({k: user[k] for k in ("first_name", "last_name", "username") if k in user})
        else:
            chat = {"id": chat_id if chat_id is not None else GROUP_ID, "title": GROUP_TITLE}
            chat["type"] = chat_type
        return self._say(text, chat, user, reply_to, entities)

    def group_says(
        self,
        text: str,
        chat_id: int = GROUP_ID,
        title: str = GROUP_TITLE,
        user: JSON | None = None,
        reply_to: JSON | None = None,
        entities: list[JSON] | None = None,
    ) -> JSON:
        """A user writes in a supergroup; returns the update."""
        chat = {"id": chat_id, "title": title, "type": "supergroup"}
        return self._say(text, chat, user or DEFAULT_USER, reply_to, entities)

    def _say(
        self,
        text: str,
        chat: JSON,
        user: JSON,
        reply_to: JSON | None,
        entities: list[JSON] | None,
    ) -> JSON:
        with self._cond:
            self._chats[chat["id"]] = chat
            message: JSON = {
                "message_id": self._new_message_id(chat["id"]),
                "from": dict(user),
                "chat": dict(chat),
                "date": int(time.time()),
                "text": text,
            }
            found = _detect_entities(text) if entities is None else entities
            if found:
                message["entities"] = found
            if reply_to is not None:
                message["reply_to_message"] = self._quoted(self._stored(reply_to))
            self._messages[(chat["id"], message["message_id"])] = message
            return self.push_update("message", message)

    def user_taps(self, message: JSON, data: str, user: JSON | None = None) -> JSON:
        """A user taps the button with callback `data` on a bot message; returns the update."""
        with self._cond:
            current = self._stored(message)
            buttons = callback_buttons(current)
            if data not in [d for _, d in buttons]:
                raise AssertionError(
                    f"message {current['message_id']} has no button with callback_data {data!r}; "
                    f"it has {buttons}"
                )
            query_id = self._new_query("callback")
            chat_id = current["chat"]["id"]
            payload = {
                "id": query_id,
                "from": dict(user or DEFAULT_USER),
                "message": current,
                "chat_instance": str(6_000_000_000_000_000_000 + abs(chat_id)),
                "data": data,
            }
            return self.push_update("callback_query", payload)

    def inline_query(
        self, query: str, user: JSON | None = None, offset: str = "", chat_type: str = "sender"
    ) -> JSON:
        """A user types `@careerbot_test_bot query`; returns the update."""
        with self._cond:
            payload = {
                "id": self._new_query("inline"),
                "from": dict(user or DEFAULT_USER),
                "query": query,
                "offset": offset,
                "chat_type": chat_type,
            }
            return self.push_update("inline_query", payload)

    def _new_query(self, kind: str) -> str:
        self._next_query += 1
        query_id = str(4_200_000_000_000_000_000 + self._next_query)
        self._queries[query_id] = (kind, time.monotonic())
        return query_id

    def _new_message_id(self, chat_id: int) -> int:
        self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        return self._last_message_id[chat_id]

    def _stored(self, message: JSON) -> JSON:
        with self._cond:
            key = (int(message["chat"]["id"]), int(message["message_id"]))
            if key not in self._messages:
                raise AssertionError(f"no message {key[1]} in chat {key[0]}")
            return copy.deepcopy(self._messages[key])

    @staticmethod
    def _quoted(message: JSON) -> JSON:
        """A message as it appears in reply_to_message (not nested further)."""
        return {k: v for k, v in message.items() if k != "reply_to_message"}

    # serving

    def respond(self, token: str, name: str, params: JSON) -> tuple[int, JSON]:
        """The HTTP status and JSON answer to one call."""
        if token != self.token:
            return 401, ApiError(401, "Unauthorized").body()
        method = _CANONICAL.get(name.lower(), name)
        with self._cond:
            self._calls.append((method, copy.deepcopy(params)))
            self.call_times.append(time.monotonic())
            self._cond.notify_all()
            held = self._holds.pop(method, None)
        if held is not None:
            held.wait(self.query_ttl)
        with self._cond:
            handler = self._handlers.get(method)
            if handler is None:
                return 404, ApiError(404, "Not Found").body()
            failures = self._failures.get(method)
            try:
                if failures:
                    raise failures.pop(0)
                if method == "sendMessage":
                    self._flood_control(params)
                result = handler(params)
            except ApiError as error:
                return error.status, error.body()
            return 200, {"ok": True, "result": copy.deepcopy(result)}

    def _flood_control(self, params: JSON) -> None:
        retry_after, times = self._throttled.get(params.get("chat_id"), (0, 0))  # type: ignore[arg-type]
        if times > 0:
            self._throttled[params["chat_id"]] = (retry_after, times - 1)
            raise ApiError(
                429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
            )

    def _get_updates(self, params: JSON) -> list[JSON]:
        if self._webhook is not None:
            raise ApiError(409, WEBHOOK_ACTIVE)
        offset = _as_int(params.get("offset") or 0, "offset")
        limit = min(max(_as_int(params.get("limit") or 100, "limit"), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        allowed = params.get("allowed_updates")
        if allowed is not None:
            self._allowed = frozenset(allowed) if allowed else None
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        self._poll_generation += 1
        generation, revoked = self._poll_generation, self._revoked
        self._cond.notify_all()
        deadline = time.monotonic() + timeout
        while True:
            if self._poll_generation != generation:
                raise ApiError(409, CONFLICT)
            self._updates = [u for u in self._updates if self._is_allowed(u)]
            if self._updates or self._closed or self._revoked != revoked:
                return self._updates[:limit]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            self._cond.wait(remaining)

    def _is_allowed(self, update: JSON) -> bool:
        kind = next(k for k in update if k != "update_id")
        return kind in self._allowed if self._allowed else kind not in _DEFAULT_EXCLUDED

    def _delete_webhook(self, params: JSON) -> bool:
        self._webhook = None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _webhook_info(self, _: JSON) -> JSON:
        return {
            "url": self._webhook["url"] if self._webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _delete_commands(self, params: JSON) -> bool:
        self._commands.pop(_scope_key(params), None)
        return True

    def _set_commands(self, params: JSON) -> bool:
        commands = _need(params, "commands")
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
        self._commands[_scope_key(params)] = [dict(c) for c in commands]
        return True

    def _set_profile(self, field: str, params: JSON) -> bool:
        self._profile[(field, params.get("language_code") or "")] = params.get(field) or ""
        return True

    def _get_profile(self, field: str, params: JSON) -> JSON:
        default = BOT_USER["first_name"] if field == "name" else ""
        return {field: self._profile.get((field, params.get("language_code") or ""), default)}

    def _chat(self, params: JSON) -> JSON:
        if params.get("chat_id") in (None, ""):
            raise bad_request("chat_id is empty")
        chat_id = params["chat_id"]
        if not isinstance(chat_id, int) or chat_id not in self._chats:
            raise ApiError(400, CHAT_NOT_FOUND)
        return self._chats[chat_id]

    def _send_message(self, params: JSON) -> JSON:
        chat = self._chat(params)
        text, entities = _content(params)
        markup = _inline_markup(params)
        message: JSON = {
            "message_id": 0,
            "from": dict(BOT_USER),
            "chat": dict(chat),
            "date": int(time.time()),
            "text": text,
        }
        if entities:
            message["entities"] = entities
        reply = self._reply_target(params, chat["id"])
        if reply is not None:
            message["reply_to_message"] = reply
        if params.get("link_preview_options"):
            message["link_preview_options"] = params["link_preview_options"]
        if markup is not None:
            message["reply_markup"] = markup
        message["message_id"] = self._new_message_id(chat["id"])
        self._messages[(chat["id"], message["message_id"])] = message
        return message

    def _reply_target(self, params: JSON, chat_id: int) -> JSON | None:
        reply = params.get("reply_parameters")
        if reply is None and params.get("reply_to_message_id") is not None:
            reply = {"message_id": params["reply_to_message_id"]}
        if not reply:
            return None
        target_chat = reply.get("chat_id", chat_id)
        found = self._messages.get((target_chat, _as_int(reply.get("message_id"), "message_id")))
        if found is not None:
            return self._quoted(found)
        if reply.get("allow_sending_without_reply") or params.get("allow_sending_without_reply"):
            return None
        raise bad_request("message to be replied not found")

    def _own_message(self, params: JSON, missing: str) -> JSON:
        if params.get("chat_id") in (None, "") or params.get("message_id") in (None, ""):
            raise bad_request(missing)
        key = (params["chat_id"], _as_int(params["message_id"], "message_id"))
        message = self._messages.get(key)
        if message is None:
            raise bad_request(missing)
        if message["from"]["id"] != BOT_ID:
            raise bad_request("message can't be edited")
        return message

    def _edit_text(self, params: JSON) -> JSON | bool:
        text, entities = _content(params)
        markup = _inline_markup(params)
        if params.get("inline_message_id"):
            return True
        message = self._own_message(params, "message to edit not found")
        old = (message["text"], message.get("entities", []), message.get("reply_markup"))
        if old == (text, entities, markup):
            raise ApiError(400, NOT_MODIFIED)
        message["text"] = text
        message.pop("entities", None)
        if entities:
            message["entities"] = entities
        _set_markup(message, markup)
        message["edit_date"] = int(time.time())
        return message

    def _edit_markup(self, params: JSON) -> JSON | bool:
        markup = _inline_markup(params)
        if params.get("inline_message_id"):
            return True
        message = self._own_message(params, "message to edit not found")
        if message.get("reply_markup") == markup:
            raise ApiError(400, NOT_MODIFIED)
        _set_markup(message, markup)
        message["edit_date"] = int(time.time())
        return message

    def _delete_message(self, params: JSON) -> bool:
        key = (
            _as_int(params.get("chat_id"), "chat_id"),
            _as_int(params.get("message_id"), "message_id"),
        )
        if self._messages.pop(key, None) is None:
            raise bad_request("message to delete not found")
        return True

    def _answer(self, kind: str, query_id: Any) -> bool:
        issued = self._queries.pop(str(query_id), None)
        if issued is None or issued[0] != kind or time.monotonic() - issued[1] > self.query_ttl:
            raise ApiError(400, QUERY_TOO_OLD)
        return True

    def _answer_inline(self, params: JSON) -> bool:
        results = _need(params, "results")
        if len(results) > 50:
            raise bad_request("RESULTS_TOO_MUCH")
        ids = [str(r.get("id")) for r in results]
        if len(set(ids)) != len(ids):
            raise bad_request("RESULT_ID_DUPLICATE")
        return self._answer("inline", _need(params, "inline_query_id"))

    def _chat_action(self, params: JSON) -> bool:
        self._chat(params)
        if not params.get("action"):
            raise bad_request("action is empty")
        return True


@dataclass(frozen=True)
class Delivery:
    """One webhook delivery attempt: which update, to which target, the HTTP status (0: the
    target could not be reached)."""

    update_id: int
    target: str
    status: int


def _post(url: str, update: JSON, secret: object) -> int:
    """POST an update as Telegram does; the status, or 0 when nothing answered."""
    headers = {"Content-Type": "application/json"}
    if secret:
        headers[SECRET_HEADER] = str(secret)
    request = urllib.request.Request(
        url, data=json.dumps(update).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (OSError, http.client.HTTPException):
        return 0


def _scope_key(params: JSON) -> str:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps([scope, params.get("language_code") or ""], sort_keys=True)


def _content(params: JSON) -> tuple[str, list[JSON]]:
    """The text and entities a message gets from text, parse_mode and entities."""
    raw = params.get("text")
    if raw is None or raw == "":
        raise bad_request("message text is empty")
    text = str(raw)
    mode = str(params.get("parse_mode") or "").lower()
    if mode == "html":
        try:
            text, entities = parse_html(text)
        except HtmlError as error:
            raise bad_request(f"can't parse entities: {error}") from error
    elif mode in ("markdown", "markdownv2"):
        entities = []  # not emulated: the text is kept as sent
    elif mode:
        raise bad_request("unsupported parse_mode")
    else:
        entities = [dict(e) for e in params.get("entities") or []]
    text, entities = _trim(text, entities)
    if not text:
        raise bad_request("message text is empty")
    if len(text) > MAX_TEXT:
        raise bad_request("message is too long")
    return text, entities


def _inline_markup(params: JSON) -> JSON | None:
    """The inline keyboard a message keeps (others are not echoed), validated like Telegram."""
    markup = params.get("reply_markup")
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    for row in markup["inline_keyboard"]:
        for button in row:
            if not _BUTTON_ACTIONS & button.keys():
                raise bad_request("text buttons are unallowed in the inline keyboard")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= 64:
                raise bad_request("BUTTON_DATA_INVALID")
    return markup


def _set_markup(message: JSON, markup: JSON | None) -> None:
    if markup is None:
        message.pop("reply_markup", None)
    else:
        message["reply_markup"] = markup


# --- HTTP ---------------------------------------------------------------------------------------

RequestType: TypeAlias = socket.socket | tuple[bytes, socket.socket]


class _Server(ThreadingHTTPServer):
    """A threading HTTP server that tracks its connections so `stop` can close them."""

    daemon_threads = True

    def __init__(self, emulator: BotApiEmulator) -> None:
        self.emulator = emulator
        self._guard = threading.Lock()
        self._open: set[socket.socket] = set()
        self._workers: set[threading.Thread] = set()
        super().__init__(("127.0.0.1", 0), _Handler)

    def process_request(self, request: RequestType, client_address: Any) -> None:
        worker = threading.Thread(
            target=self._serve_connection,
            args=(request, client_address),
            name="botapi-connection",
            daemon=True,
        )
        with self._guard:
            self._workers.add(worker)
            if isinstance(request, socket.socket):
                self._open.add(request)
        worker.start()

    def _serve_connection(self, request: RequestType, client_address: Any) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            with self._guard:
                if isinstance(request, socket.socket):
                    self._open.discard(request)
                self._workers.discard(threading.current_thread())

    def handle_error(self, request: RequestType, client_address: Any) -> None:
        log.debug("connection from %s failed", client_address, exc_info=True)

    def close_connections(self, timeout: float) -> None:
        """Shut every open connection down and wait for their threads."""
        with self._guard:
            sockets, workers = list(self._open), list(self._workers)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + timeout
        for worker in workers:
            worker.join(max(deadline - time.monotonic(), 0))


class _Handler(BaseHTTPRequestHandler):
    """Routes `/bot{token}/{method}` to the emulator."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def _serve(self) -> None:
        url = urlsplit(self.path)
        emulator = cast(_Server, self.server).emulator
        match = re.fullmatch(r"/bot([^/]+)/([A-Za-z0-9_]+)", url.path)
        try:
            body = self._body()
        except _CutOff:  # the client died mid-request: Telegram would not act on it either
            self.close_connection = True
            return
        try:
            if match is None:
                status, payload = 404, ApiError(404, "Not Found").body()
            else:
                params = parse_params(self.headers.get("Content-Type", ""), body, url.query)
                if emulator.latency and match.group(2).lower() != "getupdates":
                    time.sleep(emulator.latency)  # a slow Bot API, for benchmarks
                status, payload = emulator.respond(match.group(1), match.group(2), params)
        except ApiError as error:
            status, payload = error.status, error.body()
        except Exception as error:  # an emulator bug: make it visible to the test
            log.exception("botapi emulator failed on %s", self.path)
            status = 500
            payload = ApiError(500, f"Internal Server Error: {error!r}").body()
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client gave up (a cancelled long poll)
            self.close_connection = True

    def _body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline().strip():
                pass
            return b"".join(chunks)
        declared = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(declared)
        if len(body) < declared:
            raise _CutOff
        return body


class _CutOff(Exception):
    """A request's body ended before its Content-Length: the client is gone."""
