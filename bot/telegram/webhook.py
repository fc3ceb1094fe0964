"""The webhook server (tornado, as PTB's own): Telegram POSTs each update to `/<path>`.

In this order: the secret token header is checked before anything is read (403), the declared
body size before the body is read (413 above 1 MB, also enforced while it streams in), then the
JSON (400 when malformed or not an update). An update is answered 200 once it is in the inbox
(`Intake.take`), so a redelivery after a crash or a timeout is recognised by its update_id and
handled once; 503 when the state cannot keep it (its database is away), so Telegram delivers it
again.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import tornado.netutil
import tornado.web
from tornado.httpserver import HTTPServer

from bot.state.interface import StateUnavailable
from bot.state.model import RawUpdate
from bot.telegram.intake import raw

log = logging.getLogger(__name__)
MAX_BODY = 1_048_576
"""Bytes an update may take (Telegram's are a few kB)."""
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
Take = Callable[[Sequence[RawUpdate]], Awaitable[int]]


@tornado.web.stream_request_body
class UpdateHandler(tornado.web.RequestHandler):
    """One POSTed update."""

    def initialize(self, secret: str, take: Take) -> None:
        """Tornado's per-request set-up."""
        self.secret, self.take = secret, take
        self.body = bytearray()

    def prepare(self) -> None:
        """Before the body: the secret, then the declared size."""
        if self.request.method != "POST":
            self._refuse(405)
            return
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            self._refuse(403)
            return
        declared = self.request.headers.get("Content-Length")
        if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
            self._refuse(413)
            return
        connection = self.request.connection
        if connection is not None and hasattr(connection, "set_max_body_size"):
            connection.set_max_body_size(MAX_BODY)

    def data_received(self, chunk: bytes) -> None:
        """The body as it streams in, refused once it grows past the limit."""
        if self._finished:
            return
        self.body.extend(chunk)
        if len(self.body) > MAX_BODY:
            self._refuse(413)

    async def post(self) -> None:
        """Parse, keep, queue; 200 once the update is kept."""
        if self._finished:
            return
        try:
            data: Any = json.loads(bytes(self.body))
        except ValueError:
            self._refuse(400)
            return
        update_id = data.get("update_id") if isinstance(data, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            self._refuse(400)
            return
        try:
            await self.take([raw(update_id, data)])
        except StateUnavailable:  # not kept: Telegram delivers it again later
            self._refuse(503)
            return
        self.set_status(200)
        self.finish()

    def _refuse(self, status: int) -> None:
        self.set_status(status)
        self.set_header("Connection", "close")
        self.finish()

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        """Errors are logged by type only (a request never carries anything worth a trace)."""
        log.warning("webhook request failed: %s", getattr(typ, "__name__", typ))


class WebhookServer:
    """Serves the update path on listen:port in the running event loop."""

    def __init__(self, path: str, secret: str, take: Take) -> None:
        app = tornado.web.Application(
            [(f"/{path.strip('/')}", UpdateHandler, {"secret": secret, "take": take})]
        )
        self._server = HTTPServer(
            app,
            max_body_size=MAX_BODY,
            max_buffer_size=MAX_BODY * 2,
            idle_connection_timeout=60,
            body_timeout=10,
        )

    def listen(self, port: int, address: str) -> int:
        """Start listening; returns the port bound (useful with port 0)."""
        sockets = tornado.netutil.bind_sockets(port, address)
        self._server.add_sockets(sockets)
        return int(sockets[0].getsockname()[1])

    async def stop(self) -> None:
        """Stop accepting and close open connections."""
        self._server.stop()
        await self._server.close_all_connections()
