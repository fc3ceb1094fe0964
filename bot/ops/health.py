"""An HTTP endpoint for operators, `/metrics` (Prometheus) and `/healthz` (JSON), and what
health is made of.

The server runs in threads of its own, one per connection, each with a socket timeout: a client
that sends half a request holds one thread for a few seconds and blocks nobody, and a bot whose
event loop is busy still answers its health checks.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from wsgiref.types import StartResponse, WSGIEnvironment

from prometheus_client import make_wsgi_app

from bot.ops.metrics import Metrics

log = logging.getLogger(__name__)
Status = Callable[[], dict[str, Any]]
REQUEST_TIMEOUT = 5.0
"""Seconds a client may take to send its request."""


@dataclass
class TelegramHealth:
    """How Telegram has been answering: the last success, and since when calls keep failing."""

    last_ok: float | None = None
    failing_since: float | None = None
    last_error: str | None = None

    def ok(self, now: float) -> None:
        """A call Telegram answered."""
        self.last_ok, self.failing_since, self.last_error = now, None, None

    def failed(self, error: str, now: float) -> None:
        """A call that failed (network, timeout, 5xx, 401/404)."""
        if self.failing_since is None:
            self.failing_since = now
        self.last_error = error

    def failing_for(self, now: float) -> float:
        """Seconds the current run of failures has lasted (0 when calls succeed)."""
        return 0.0 if self.failing_since is None else now - self.failing_since

    def as_json(self, now: float) -> dict[str, Any]:
        """For /healthz."""
        return {
            "ok": self.failing_since is None,
            "failing_seconds": round(self.failing_for(now), 1),
            "last_success_seconds_ago": None
            if self.last_ok is None
            else round(now - self.last_ok, 1),
            "last_error": self.last_error,
        }


def problems(
    *,
    mode: str,
    telegram: TelegramHealth,
    threshold: float,
    writable: bool,
    store_open: bool,
    now: float,
) -> list[str]:
    """Why the bot is not healthy (empty when it is)."""
    found = []
    if mode not in ("polling", "webhook", "standby"):
        found.append(mode)
    if telegram.failing_for(now) > threshold:
        found.append("telegram_failing")
    if not writable:
        found.append("state_not_writable")
    if not store_open:
        found.append("knowledge_store")
    return found


class _Quiet(WSGIRequestHandler):
    timeout = REQUEST_TIMEOUT

    def log_message(self, format: str, *args: Any) -> None:
        """Scrapes every few seconds are not worth a log line."""


class _ThreadedServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    block_on_close = False


class HealthServer:
    """Serves /metrics and /healthz on host:port until stopped."""

    def __init__(
        self,
        metrics: Metrics,
        status: Status,
        host: str,
        port: int,
        redact: Callable[[str], str] = str,
    ) -> None:
        self._metrics_app = make_wsgi_app(metrics.registry)
        self._status = status
        self._redact = redact
        self._server: WSGIServer = make_server(
            host, port, self._app, server_class=_ThreadedServer, handler_class=_Quiet
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, daemon=True, name="health"
        )

    @property
    def port(self) -> int:
        """The port actually bound (useful when asked for port 0)."""
        return int(self._server.server_port)

    def start(self) -> HealthServer:
        """Serve in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _report(self) -> dict[str, Any]:
        try:
            return self._status()
        except Exception as error:  # health must answer, whatever the status function hit
            log.warning("health status failed: %s", type(error).__name__)
            return {"healthy": False, "problems": ["status_error"], "error": type(error).__name__}

    def _app(self, environ: WSGIEnvironment, start: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            status = self._report()
            status.setdefault("time", round(time.time(), 3))
            body = self._redact(json.dumps(status)).encode()
            start(
                "200 OK" if status.get("healthy") else "503 Service Unavailable",
                [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
            )
            return [body]
        return self._metrics_app(environ, start)  # type: ignore[no-any-return]
