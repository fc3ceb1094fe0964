"""An HTTP endpoint for operators: `/metrics` (Prometheus) and `/healthz` (JSON), in a thread."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from wsgiref.types import StartResponse, WSGIEnvironment

from prometheus_client import make_wsgi_app

from bot.ops.metrics import Metrics

Status = Callable[[], dict[str, Any]]


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Scrapes every few seconds are not worth a log line."""


class HealthServer:
    """Serves /metrics and /healthz on host:port until stopped."""

    def __init__(self, metrics: Metrics, status: Status, host: str, port: int) -> None:
        self._metrics_app = make_wsgi_app(metrics.registry)
        self._status = status
        self._server: WSGIServer = make_server(host, port, self._app, handler_class=_Quiet)
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

    def _app(self, environ: WSGIEnvironment, start: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            status = self._status()
            healthy = bool(status.get("healthy"))
            body = json.dumps(status).encode()
            start(
                "200 OK" if healthy else "503 Service Unavailable",
                [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
            )
            return [body]
        return self._metrics_app(environ, start)  # type: ignore[no-any-return]
