"""Logging set-up: plain or JSON lines (python-json-logger), with secrets redacted everywhere.

Redaction happens on the finished line (message, traceback, JSON fields alike), and uncaught
exceptions of the main thread, other threads and unraisable ones go through logging too, so no
path prints a secret: not PTB's "The token `...` was rejected" text, not a traceback field.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from collections.abc import Iterable
from types import TracebackType
from typing import Any

from pythonjsonlogger.json import JsonFormatter

PLAIN = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "[redacted]"
log = logging.getLogger("careerbot")


class Redactor:
    """Replaces secrets in text: each secret, and a bot token's secret half on its own."""

    def __init__(self, secrets: Iterable[str]) -> None:
        parts = set()
        for secret in secrets:
            if secret:
                parts.add(secret)
                _, sep, half = secret.partition(":")
                if sep and len(half) >= 8:
                    parts.add(half)
        self.secrets = sorted(parts, key=len, reverse=True)
        self._pattern = (
            re.compile("|".join(re.escape(s) for s in self.secrets), re.IGNORECASE)
            if self.secrets
            else None
        )

    def __call__(self, text: str) -> str:
        """The text with each secret replaced, in any letter case (PTB capitalises some error
        texts, which lowercases the rest of them)."""
        return self._pattern.sub(REDACTED, text) if self._pattern is not None else text


class RedactingFormatter(logging.Formatter):
    """Formats with another formatter, then redacts the whole line."""

    def __init__(self, inner: logging.Formatter, redact: Redactor) -> None:
        super().__init__()
        self.inner, self.redact = inner, redact

    def format(self, record: logging.LogRecord) -> str:
        """The inner formatter's line with every secret replaced."""
        return self.redact(self.inner.format(record))


def configure(*, json_lines: bool, level: str = "INFO", secrets: Iterable[str] = ()) -> None:
    """Send logs to stderr, one line per record, redacting the given secrets; route uncaught
    exceptions and warnings through it."""
    handler = logging.StreamHandler(sys.stderr)
    inner = (
        JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s")
        if json_lines
        else logging.Formatter(PLAIN)
    )
    handler.setFormatter(RedactingFormatter(inner, Redactor(secrets)))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("httpx", "httpcore", "apscheduler", "tornado.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.captureWarnings(True)
    sys.excepthook = _uncaught
    threading.excepthook = _uncaught_in_thread
    sys.unraisablehook = _unraisable


def _uncaught(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    log.critical("uncaught %s", kind.__name__, exc_info=(kind, error, trace))


def _uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        log.error(
            "uncaught %s in thread %s",
            args.exc_type.__name__,
            args.thread.name if args.thread else "?",
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )


def _unraisable(info: Any) -> None:
    log.warning(
        "unraisable %s: %s",
        type(info.exc_value).__name__,
        info.err_msg or "",
        exc_info=(type(info.exc_value), info.exc_value, info.exc_traceback)
        if info.exc_value is not None
        else None,
    )
