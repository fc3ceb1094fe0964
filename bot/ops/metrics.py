"""Prometheus metrics of the bot, in a registry of its own (prometheus-client)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, ProcessCollector

HANDLING_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
"""Seconds to handle an update, up to 10 s (a slow Bot API call, a 429 waited out)."""
LAG_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0)
"""Seconds between a message being sent and the bot starting on it."""
CALL_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    """Counters, gauges and histograms of what the bot handles and how Telegram answers."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        ProcessCollector(registry=r)
        self.updates = Counter(
            "careerbot_updates", "Updates handled, by kind.", ["kind"], registry=r
        )
        self.intents = Counter(
            "careerbot_intents", "Typed messages by parsed intent.", ["intent"], registry=r
        )
        self.unanswered = Counter(
            "careerbot_unanswered",
            "Messages the bot could not answer (unknown or low confidence).",
            registry=r,
        )
        self.replies = Counter("careerbot_replies", "Replies made, by way.", ["way"], registry=r)
        self.errors = Counter(
            "careerbot_errors", "Updates that failed with an error, by type.", ["type"], registry=r
        )
        self.flood_drops = Counter(
            "careerbot_flood_drops", "Updates dropped by the per-user flood gate.", registry=r
        )
        self.poison = Counter(
            "careerbot_poison_updates",
            "Updates that could not be read, logged once and skipped.",
            registry=r,
        )
        self.duplicates = Counter(
            "careerbot_duplicate_updates",
            "Updates received again after they were handled, not handled again.",
            registry=r,
        )
        self.handling = Histogram(
            "careerbot_handling_seconds",
            "Time to handle an update, by kind.",
            ["kind"],
            buckets=HANDLING_BUCKETS,
            registry=r,
        )
        self.lag = Histogram(
            "careerbot_update_lag_seconds",
            "Now minus the update's date when the bot starts on it.",
            buckets=LAG_BUCKETS,
            registry=r,
        )
        self.api_calls = Counter(
            "careerbot_telegram_calls",
            "Bot API calls, by method and outcome (ok, an HTTP status, timeout, network).",
            ["method", "outcome"],
            registry=r,
        )
        self.api_seconds = Histogram(
            "careerbot_telegram_call_seconds",
            "Bot API call time, by method.",
            ["method"],
            buckets=CALL_BUCKETS,
            registry=r,
        )
        self.flood_control = Counter(
            "careerbot_telegram_429",
            "Bot API calls refused with 429 (flood control), by method.",
            ["method"],
            registry=r,
        )
        self.retry_after = Histogram(
            "careerbot_telegram_retry_after_seconds",
            "Retry-after Telegram asked for in its 429 answers.",
            buckets=(1, 2, 5, 10, 30, 60, 300),
            registry=r,
        )
        self.last_poll = Gauge(
            "careerbot_last_poll_timestamp_seconds",
            "Unix time of the last successful getUpdates.",
            registry=r,
        )
        self.pending = Gauge(
            "careerbot_updates_pending", "Updates waiting or being handled.", registry=r
        )
        self.state_writable = Gauge(
            "careerbot_state_writable", "1 when the state can be written, else 0.", registry=r
        )
        self.knowledge = Gauge(
            "careerbot_knowledge_info",
            "The knowledge store in use (value 1), by source digest.",
            ["digest", "schema"],
            registry=r,
        )

    def knowledge_version(self, digest: str, schema: int) -> None:
        """Mark the store now in use (and only it)."""
        self.knowledge.clear()
        self.knowledge.labels(digest=digest, schema=str(schema)).set(1)
