"""What the bot saw: one log line per update, metrics, counts for /stats, and what goes to the
unanswered-questions log. No Telegram types and no rendering: the adapter hands over plain
values and renders the numbers."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from prometheus_client import Counter as PromCounter

from bot.ops.metrics import Metrics
from bot.state.model import Question, Unanswered

log = logging.getLogger("careerbot.updates")
LOW_CONFIDENCE = 0.5
"""Below this, an answered message is still logged as (probably) not understood."""
TOP = 5
"""Intents and unanswered questions shown in /stats."""
Keep = Callable[[Unanswered], None]
"""Where an unanswered message goes (the current update's state changes)."""


def _nowhere(entry: Unanswered) -> None:
    """Keep nothing (the unanswered log is off)."""


@dataclass
class Observer:
    """Collects what happens to updates."""

    metrics: Metrics
    keep: Keep = _nowhere
    started: float = field(default_factory=time.time)
    mode: str = "starting"

    @property
    def kinds(self) -> Counter[str]:
        """Updates handled, by kind (read from the metrics, the one count kept)."""
        return _by_label(self.metrics.updates, "kind")

    @property
    def intents(self) -> Counter[str]:
        """Typed messages, by the intent answered."""
        return _by_label(self.metrics.intents, "intent")

    def handled(
        self,
        *,
        kind: str,
        intent: str,
        seconds: float,
        chat_kind: str,
        text: str | None = None,
        answered: bool = True,
        confidence: float = 1.0,
    ) -> None:
        """One update handled: count it, time it, log one line, keep it if unanswered."""
        self.metrics.updates.labels(kind=kind).inc()
        self.metrics.handling.labels(kind=kind).observe(seconds)
        if text is not None:
            self.metrics.intents.labels(intent=intent).inc()
        missed = text is not None and (not answered or confidence < LOW_CONFIDENCE)
        if missed and text:
            self.metrics.unanswered.inc()
            entry = Unanswered.of(
                text, at=time.time(), chat_kind=chat_kind, intent=intent, confidence=confidence
            )
            if entry is not None:
                self.keep(entry)
        log.info(
            "update kind=%s chat=%s intent=%s confidence=%.2f answered=%s ms=%.1f",
            kind,
            chat_kind,
            intent,
            confidence,
            answered and not missed,
            seconds * 1000,
            extra={
                "kind": kind,
                "chat": chat_kind,
                "intent": intent,
                "ms": round(seconds * 1000, 2),
            },
        )

    def replied(self, way: str) -> None:
        """A reply went out: sent, edited or as inline results."""
        self.metrics.replies.labels(way=way).inc()

    def dropped(self, kind: str) -> None:
        """The flood gate dropped an update."""
        self.metrics.flood_drops.inc()
        log.info(
            "update kind=%s dropped by the flood gate",
            kind,
            extra={"kind": kind, "intent": "flood"},
        )

    def failed(self, error: BaseException | None = None) -> None:
        """An update failed with an error."""
        self.metrics.errors.labels(type=type(error).__name__ if error else "unknown").inc()

    def poisoned(self, update_id: int | None, error: BaseException) -> None:
        """An update that cannot be read: logged once (here), counted, skipped by the caller."""
        self.metrics.poison.inc()
        self.metrics.errors.labels(type="unreadable_update").inc()
        log.error(
            "update %s cannot be read (%s: %s); skipped",
            update_id,
            type(error).__name__,
            str(error)[:200],
            extra={"update_id": update_id},
        )

    def duplicate(self, update_id: int) -> None:
        """An update that was already handled arrived again."""
        self.metrics.duplicates.inc()
        log.info("update %s was already handled; not again", update_id)

    def stats(self, unanswered: list[Question] | None = None, now: float | None = None) -> Stats:
        """What happened since the start: uptime, counts, and the top unanswered questions."""
        return Stats(
            seconds=int((now if now is not None else time.time()) - self.started),
            mode=self.mode,
            kinds=self.kinds,
            intents=self.intents,
            errors=_total(self.metrics.errors),
            flood_drops=_total(self.metrics.flood_drops),
            unanswered=unanswered or [],
        )


@dataclass(frozen=True)
class Stats:
    """A summary for admins (counts read from the metrics, the one count kept)."""

    seconds: int
    mode: str
    kinds: Counter[str]
    intents: Counter[str]
    errors: int
    flood_drops: int
    unanswered: list[Question]

    @property
    def unknown_rate(self) -> float:
        """The share of typed messages the bot did not understand."""
        typed = sum(self.intents.values())
        return self.intents["unknown"] / typed if typed else 0.0


def _by_label(counter: PromCounter, label: str) -> Counter[str]:
    """A labelled Prometheus counter's values by label."""
    return Counter(
        {
            sample.labels[label]: int(sample.value)
            for metric in counter.collect()
            for sample in metric.samples
            if sample.name.endswith("_total")
        }
    )


def _total(counter: PromCounter) -> int:
    """A Prometheus counter's value, summed over its labels."""
    return sum(
        int(s.value) for m in counter.collect() for s in m.samples if s.name.endswith("_total")
    )
