"""A learned intent guess for messages whose words carry no intent cue, and for whether a
message naming no role asks the bot anything (`Parser._beside`): multinomial naive Bayes
over the words left once names are taken out (a role, place or level says nothing about what is
asked), their pairs and their four-letter pieces (so "Sollicitatietips" shares "tips").

Trained by `scripts/train_intents.py` from the labelled development sets (never the blind or
held-out ones) into `knowledge/intent_model.json`: counting, no randomness, so the same data
always gives the same file. Only what a feature adds over the smoothing is kept, so a message
costs one dictionary look-up per feature and a few additions.
"""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from knowledge import SOURCES_DIR
from knowledge.schema import INTENTS, Intent

MODEL_PATH = SOURCES_DIR / "intent_model.json"
ALPHA = 0.5
"""Additive (Lidstone) smoothing of the feature counts."""
PIECE = 4
"""The length of the letter pieces of a word (a word of more letters than this gives pieces)."""
MIN_MESSAGES = 2
"""A feature is kept only when at least this many training messages have it (one seen once
says more about that message than about its intent)."""
DIGITS = 4
"""Decimals the weights are stored with."""


def features(words: Sequence[str]) -> set[str]:
    """A message's features: its words, its word pairs and its words' letter pieces."""
    found = {"w:" + w for w in words}
    found |= {"b:" + a + " " + b for a, b in itertools.pairwise(words)}
    for word in words:
        if len(word) > PIECE - 1 and not word.isdigit():
            marked = f"<{word}>"
            found |= {"c:" + marked[i : i + PIECE] for i in range(len(marked) - PIECE + 1)}
    return found


@dataclass(frozen=True)
class IntentModel:
    """Per intent: its log prior and the log probability of an unseen feature; per feature, what
    it adds to each intent that has seen it."""

    priors: dict[str, float]
    unseen: dict[str, float]
    weights: dict[str, dict[str, float]]

    def guess(self, words: Sequence[str]) -> tuple[Intent, float]:
        """The likeliest intent for the words and its posterior probability."""
        known = [f for f in features(words) if f in self.weights]
        scores = {i: p + len(known) * self.unseen[i] for i, p in self.priors.items()}
        for feature in known:
            for intent, weight in self.weights[feature].items():
                scores[intent] += weight
        best = max(scores, key=lambda i: (scores[i], -INTENTS.index(as_intent(i))))
        total = sum(math.exp(s - scores[best]) for s in scores.values())
        return as_intent(best), 1.0 / total

    def to_json(self) -> str:
        """The model as JSON, keys sorted, so the same model is the same text."""
        body = {"priors": self.priors, "unseen": self.unseen, "weights": self.weights}
        return json.dumps(body, sort_keys=True, ensure_ascii=False, indent=0) + "\n"

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> IntentModel | None:
        """The model stored at `path`, or None when there is none."""
        if not path.is_file():
            return None
        body = json.loads(path.read_text(encoding="utf-8"))
        return cls(body["priors"], body["unseen"], body["weights"])


def train(examples: Iterable[tuple[Sequence[str], Intent]]) -> IntentModel:
    """Naive Bayes counts over the examples (each feature counted once per message)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    messages: Counter[str] = Counter()
    for words, label in examples:
        messages[label] += 1
        counts[label].update(features(words))
    seen_in: Counter[str] = Counter()
    for found in counts.values():
        seen_in.update(found)
    vocabulary = {f for f, n in seen_in.items() if n >= MIN_MESSAGES}
    size, total = len(vocabulary), sum(messages.values())
    priors: dict[str, float] = {}
    unseen: dict[str, float] = {}
    weights: dict[str, dict[str, float]] = defaultdict(dict)
    for intent in sorted(messages):
        seen = sum(counts[intent].values())
        priors[intent] = round(math.log(messages[intent] / total), DIGITS)
        unseen[intent] = round(math.log(ALPHA / (seen + ALPHA * size)), DIGITS)
        for feature, n in counts[intent].items():
            if feature not in vocabulary:
                continue
            weights[feature][intent] = round(math.log1p(n / ALPHA), DIGITS)
    return IntentModel(priors, unseen, dict(weights))


def as_intent(value: str) -> Intent:
    """A string as the intent it names (ValueError when it names none)."""
    for intent in INTENTS:
        if intent == value:
            return intent
    raise ValueError(value)
