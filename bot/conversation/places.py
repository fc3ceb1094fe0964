"""US places as people name them -> BLS areas (states and metropolitan areas), for pay by
place ("a nurse in Texas", "seattle vs new york", "Austin, TX").

The vocabulary is BLS's own area names (knowledge/occupations/areas.csv, through the store):
each state by its name, each metropolitan area by the cities in its name ("Seattle-Tacoma-
Bellevue, WA" is Seattle, Tacoma and Bellevue, in WA), each state's postal code from the
metropolitan names of that state. A name of several words is a place wherever it stands; a
one-word name only where the message makes it one: the parser read it as a place, a state
follows it ("Mobile, AL", "Portland Oregon"), or it is capitalised and no frequent word.
A state's own name is a proper name, a place wherever it stands, in any case ("wyoming"), however
frequent the word. A city in several states ("Columbus") is every one of them, the largest
first, unless the state is given. A name that is a state's and a metropolitan area's first city
("New York", "Washington") is the city, unless the parser read a longer place there
("Washington State"); a state's name that only follows the first city of an area ("Grand
Rapids-Wyoming-Kentwood") is the state, unless that state follows it ("Wyoming, MI").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from knowledge.occupation_store import Area
from knowledge.text import match_form

MAX_WORDS = 4


@dataclass(frozen=True)
class Mention:
    """A place named in a message: its word positions and the BLS areas it may be, best
    first (one, unless a city is in several states)."""

    start: int
    end: int
    areas: tuple[int, ...]


class Places:
    """BLS area names compiled for matching."""

    def __init__(
        self, areas: Sequence[Area], sizes: dict[int, int], nicknames: Mapping[str, int] = {}
    ) -> None:
        self.states: dict[str, int] = {}
        self.postal: dict[str, int] = {}
        cities: dict[str, list[int]] = defaultdict(list)
        self.principal: set[str] = set()
        """Each metropolitan area's first city ("New York" of "New York-Newark-Jersey City")."""
        for area in areas:
            if area.kind == "state":
                self.states[match_form(area.name)] = area.code
        state_of = {a.state_code: a.code for a in areas if a.kind == "state"}
        for area in areas:
            if area.kind != "metro" or "," not in area.name:
                continue  # nonmetropolitan areas have no city to name
            names, _, codes = area.name.rpartition(",")
            for k, city in enumerate(names.split("-")):
                cities[match_form(city)].append(area.code)
                if k == 0:
                    self.principal.add(match_form(city))
            postal = codes.strip().split("-")
            if len(postal) == 1 and area.state_code in state_of:
                self.postal[match_form(postal[0])] = state_of[area.state_code]
        self.nicknames = {match_form(nick) for nick in nicknames}
        """What people call some areas ("NYC", "Bay Area"): curated to name nothing else, so
        read in any case, where a city's one-word name must be capitalised and no frequent
        word."""
        for nick, code in nicknames.items():
            cities[match_form(nick)].append(code)
        self.cities = {
            city: tuple(sorted(codes, key=lambda c: -sizes.get(c, 0)))
            for city, codes in cities.items()
        }
        self.state_of_area = {a.code: state_of.get(a.state_code or -1) for a in areas}
        self.longest = max((len(n.split()) for n in [*self.states, *self.cities]), default=1)
        self.firsts = frozenset(n.split(" ", 1)[0] for n in [*self.states, *self.cities])
        """The first words of the names (most words start none, and are passed at once)."""

    def find(
        self,
        words: Sequence[str],
        original: Sequence[str],
        breaks: Sequence[bool],
        placed: Sequence[tuple[int, int]],
        common: Callable[[str], bool],
    ) -> list[Mention]:
        """The US places a message names, in order. `words` are folded, `placed` the spans
        (start, end) the parser read as a place."""
        found: list[Mention] = []
        i, n = 0, len(words)
        while i < n:
            mention = self._at(i, words, original, breaks, placed, common)
            if mention is None:
                i += 1
                continue
            found.append(mention)
            i = mention.end
        return found

    def _at(
        self,
        i: int,
        words: Sequence[str],
        original: Sequence[str],
        breaks: Sequence[bool],
        placed: Sequence[tuple[int, int]],
        common: Callable[[str], bool],
    ) -> Mention | None:
        if words[i] not in self.firsts:
            return None
        for size in range(min(self.longest, len(words) - i), 0, -1):
            if any(breaks[k] for k in range(i + 1, i + size)):
                continue
            name = " ".join(words[i : i + size])
            city, state = self.cities.get(name), self.states.get(name)
            if city is None and state is None:
                continue
            end = i + size
            after = self._state_after(end, words, breaks)
            read = next((e for s, e in placed if s == i), None)
            state_first = state is not None and name not in self.principal
            if size == 1 and not (
                read is not None
                or after is not None
                or state_first
                or name in self.nicknames
                or (original[i][:1].isupper() and not common(words[i]))
            ):
                continue
            if city is not None and after is not None:
                chosen = tuple(c for c in city if self.state_of_area.get(c) == after[0])
                if chosen:
                    return Mention(i, after[1], chosen)
            if state is not None and (city is None or state_first or (read or end) > end):
                return Mention(i, read or end, (state,))  # "Washington State", not DC
            if city is not None:
                return Mention(i, end, city)
            return Mention(i, end, (state,)) if state is not None else None
        return None

    def _state_after(
        self, end: int, words: Sequence[str], breaks: Sequence[bool]
    ) -> tuple[int, int] | None:
        """A state named right after a city ("Austin, TX", "Portland Oregon"): its area code
        and the position after it."""
        if end >= len(words):
            return None
        for size in (2, 1):
            name = " ".join(words[end : end + size])
            code = self.postal.get(name) if size == 1 else None
            code = code if code is not None else self.states.get(name)
            if code is not None:
                return code, end + size
        return None
