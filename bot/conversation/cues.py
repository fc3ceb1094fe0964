"""Topic and small-talk words: which sub-screen of a section a message asks for ("is a masters
worth it" -> the degrees screen of "how to get in"), and whether a message is nothing but small
talk ("thanks!", "hello??", "who made you").

The words are the lexicon's (`topics`, `small_talk`), read from the store's vocabulary, and are
matched as whole phrases against the words the parser did not read as a role, country or level
(`Query.rest`, already corrected for typos), so "prepare for ML engineer interviews" matches
"prepare for interviews".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bot.conversation.query import Query
from bot.conversation.sections import TOPICS
from knowledge.schema import SMALL_TALK_KINDS
from knowledge.store import Store

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Match:
    """A phrase found in a message: where it starts, how many words, and what it names."""

    start: int
    size: int
    key: str


@dataclass(frozen=True)
class Cues:
    """The topic and small-talk phrases, ready to match."""

    topics: dict[Phrase, str]
    talk: dict[Phrase, str]
    filler: frozenset[str]

    @classmethod
    def from_store(cls, store: Store) -> Cues:
        """The lexicon's topic and small-talk words (topics no section has are left out)."""
        topics = {
            tuple(t.norm.split()): t.target for t in store.vocabulary("topic") if t.target in TOPICS
        }
        talk, filler = {}, set()
        for term in store.vocabulary("small_talk"):
            if term.target == "filler":
                filler.update(term.norm.split())
            else:
                talk[tuple(term.norm.split())] = term.target
        return cls(topics, talk, frozenset(filler))

    def mark(self, query: Query) -> Query:
        """The query with the topic its words ask for and, when it is only small talk, which
        kind of small talk."""
        topic, talk = self.topic(query), self.small_talk(query)
        if topic is None and talk is None:
            return query
        return query.model_copy(update={"topic": topic, "talk": talk})

    def topic(self, query: Query) -> str | None:
        """The topic of the longest topic phrase in the message; among equally long ones, the
        most specific (the latest in its section's list of topics)."""
        found = list(_find(query, self.topics))
        if not found:
            return None
        best = max(found, key=lambda m: (m.size, TOPICS[m.key].topics.index(m.key)))
        return best.key

    def small_talk(self, query: Query) -> str | None:
        """The kind of small talk of a message that is nothing else: no role, country or level,
        and either every word small talk (or filler), or no question the parser understood."""
        if query.role or query.countries or query.seniority or query.unknown_role:
            return None
        found = list(_find(query, self.talk))
        if not found:
            return None
        covered = {i for m in found for i in range(m.start, m.start + m.size)}
        covered |= {
            i
            for words in (query.rest, query.rest_typed)
            for i, word in enumerate(words)
            if word in self.filler or not any(c.isalnum() for c in word)
        }
        if len(covered) < len(query.rest) and query.intent != "unknown":
            return None
        kinds = {m.key for m in found}
        return next(kind for kind in SMALL_TALK_KINDS if kind in kinds)


def _find(query: Query, phrases: dict[Phrase, str]) -> Iterator[Match]:
    """Every occurrence of the phrases in the message's words, as corrected or as typed."""
    longest = max(map(len, phrases), default=0)
    for words in {query.rest, query.rest_typed}:
        for start in range(len(words)):
            for size in range(1, min(longest, len(words) - start) + 1):
                key = phrases.get(words[start : start + size])
                if key is not None:
                    yield Match(start, size, key)
