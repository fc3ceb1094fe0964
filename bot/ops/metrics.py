"""Prometheus metrics of the bot, in a registry of its own (prometheus-client)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


class Metrics:
    """Counters and a histogram of what the bot handles."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
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
        self.errors = Counter("careerbot_errors", "Updates that failed with an error.", registry=r)
        self.flood_drops = Counter(
            "careerbot_flood_drops", "Updates dropped by the per-user flood gate.", registry=r
        )
        self.handling = Histogram(
            "careerbot_handling_seconds",
            "Time to handle an update.",
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
            registry=r,
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
