"""The pay part of the dialog: which salary card, comparison or pay check a salary question
asks for, and how a follow-up changes the last one ("add Germany", "drop India", "seniors
only", "in USD", "per month?"). Pure, like the rest of the dialog."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from bot.conversation.address import fits
from bot.conversation.amounts import DISPLAY_UNITS, Amount
from bot.conversation.context import ChatContext
from bot.conversation.occupation_view import place_of
from bot.conversation.query import Query
from bot.conversation.view import Display, Offer, Unit, View
from knowledge.occupation_store import UK_PAY, US_WAGES
from knowledge.schema import LEVELS, Level
from knowledge.store import Store

PAY_SECTIONS = frozenset({"salary", "compare", "check"})
"""Sections whose screens show pay, which pay follow-ups edit."""
MAX_PLACES = 6
"""The most places one comparison shows."""
MAX_ROLES = 4
"""The most roles one comparison shows."""
MAX_ROWS = 6
"""The most rows (a role in a place) one comparison table shows."""
UNIT_ALONE = 3
"""The most words a message that only names a unit has ("what about per hour?" has 4)."""
Note = Literal["gross", "trimmed", "no_rate", "national"]
"""Something to say before the screen: that pay is shown gross, that a comparison was cut,
that the currency asked for has no exchange rate here, or that a comparison shows the US as a
whole (not the state or city named)."""


@dataclass(frozen=True)
class Asked:
    """What a salary question asks for: a view, whether a picker must ask for a country first,
    and a note to say before it."""

    view: View
    clarify: bool = False
    note: Note | None = None


def is_pay(view: View | None) -> bool:
    """Whether a view shows pay for a role."""
    return view is not None and view.section in PAY_SECTIONS and view.role is not None


def has_pay_slots(query: Query) -> bool:
    """Whether a message says something about how pay is shown or compared."""
    return bool(query.unit or query.currency or query.uncovered_currency or query.net or query.edit)


def edits(query: Query, last: View | None) -> bool:
    """Whether a message edits the pay view shown last ("add Germany", "in USD", "after
    tax?"), rather than asking about something else; a unit alone ("per hour?", "per jam?")
    does, whatever its words would otherwise ask (hours cue a working day)."""
    if not (is_pay(last) and has_pay_slots(query) and query.amount is None):
        return False
    if query.intent in ("unknown", "overview", "salary"):
        return True
    alone = len(query.rest) <= UNIT_ALONE and not (query.role or query.countries)
    return query.unit in DISPLAY_UNITS and alone


def salary(
    query: Query,
    ctx: ChatContext,
    last: View | None,
    role: str,
    level: Level | None,
    homes: Mapping[str, Sequence[str]] = MappingProxyType({}),
    areas_in: str | None = None,
) -> Asked:
    """The pay view a salary question asks for, given the last view shown; `homes` are the
    countries whose currency each currency is (an amount in one says where it is paid), and
    `areas_in` the country of the BLS areas (states, metros) a message may name."""
    before = last if last is not None and is_pay(last) and _continues(query, last) else None
    roles = _roles(query, role, before)
    places = _places(query, ctx, before, homes)
    if before is not None and not query.seniority:
        level = before.level
    offer = _offer(query, before)
    display = _display(query, before, offer)
    note: Note | None = None
    if query.amount is None:
        note = "gross" if query.net else "no_rate" if query.uncovered_currency else None
    if offer is not None:
        view = View(section="check", role=roles[0], level=level, offer=offer.token())
        if places:
            view = view.but(country=places[0], show=display.token())
        return Asked(view, clarify=not places, note=note)
    if len(roles) > 1 or len(places) > 1:
        view = View(section="compare", level=level, show=display.token())
        view, trimmed = _fitted(view.comparing(tuple(roles), tuple(places)))
        if note is None and query.areas and areas_in in view.places:
            note = "national"  # "in Texas vs Germany": the US card alone has Texas's figures
        return Asked(view, clarify=not places, note="trimmed" if trimmed else note)
    if not places:
        return Asked(View(section="salary", role=roles[0]), clarify=True, note=note)
    view = View(section="salary", role=roles[0], country=places[0], level=level)
    view = view.but(show=display.token())
    if areas_in is not None and places[0] == areas_in:
        view = _with_areas(view, _areas(query, ctx, before))
    return Asked(view, note=note)


def _areas(query: Query, ctx: ChatContext, before: View | None) -> list[str]:
    """The BLS areas a salary card shows: those the message names ("in Texas", "Seattle vs
    New York"), else, when it names no place at all, those shown last (on this card, else
    on any pay screen the person saw since they last gave a country)."""
    if query.areas:
        return list(dict.fromkeys(place_of(a) for a in query.areas))
    if query.countries or query.unsupported_countries:
        return []
    if before is None:
        return list(ctx.remembered_areas())
    return [p for p in (before.place, before.other_place) if p is not None]


def _with_areas(view: View, areas: list[str]) -> View:
    """The card with the first two areas whose address fits at every level (fewer if not)."""
    for count in range(min(2, len(areas)), 0, -1):
        chosen: list[str | None] = [*areas[:count], None]
        candidate = view.but(place=chosen[0], other_place=chosen[1])
        if all(fits(candidate.but(level=lv)) for lv in LEVELS):
            return candidate
    return view


def _continues(query: Query, last: View) -> bool:
    """Whether a message edits the pay view shown last rather than asking anew: it adds or
    drops something, changes how figures are shown, asks about tax, or names nothing new."""
    if has_pay_slots(query):
        return query.amount is None
    if query.amount is not None:
        return False
    if query.countries:  # "in Germany and the Netherlands?": the comparison's roles there
        return last.section == "compare" and not query.roles
    return query.role is None or query.role in last.roles or len(query.roles) > 1


def _roles(query: Query, role: str, before: View | None) -> list[str]:
    named = list(dict.fromkeys(query.roles))
    if before is None:
        return (named if len(named) > 1 else [role])[:MAX_ROLES]
    base = list(before.roles)
    if query.edit == "add":
        base += [r for r in named if r not in base]
    elif query.edit == "drop":
        base = [r for r in base if r not in named] or base
    elif len(named) > 1:
        base = named
    return base[:MAX_ROLES]


def _places(
    query: Query, ctx: ChatContext, before: View | None, homes: Mapping[str, Sequence[str]]
) -> list[str]:
    named = list(dict.fromkeys(query.countries))
    if before is not None:
        base = list(before.places)
        if query.edit == "add":
            base += [c for c in named if c not in base]
        elif query.edit == "drop":
            base = [c for c in base if c not in named] or base[:1]
        elif named:
            base = named
        return base[:MAX_PLACES]
    remembered = list(ctx.remembered_countries())
    amount = query.amount
    if not named and amount is not None and amount.currency_said and amount.currency:
        home = list(homes.get(amount.currency, ()))  # "7,500 SGD a month" is paid in Singapore
        if home and not set(remembered[:1]) & set(home):
            return home if len(home) == 1 else []
    if query.compare and len(named) == 1 and len(query.roles) < 2:
        first = next((c for c in remembered if c != named[0]), None)
        named = [first, *named] if first else named
    return (named or remembered[:1])[:MAX_PLACES]


def _offer(query: Query, before: View | None) -> Offer | None:
    if query.amount is not None:
        return _said(query.amount)
    return before.checked if before is not None else None


def _said(amount: Amount) -> Offer:
    """An amount to check as the asker wrote it (what they did not say left out)."""
    return Offer(
        amount.value,
        amount.currency if amount.currency_said else None,
        amount.period if amount.period_said else None,
        amount.net,
    )


def _display(query: Query, before: View | None, offer: Offer | None) -> Display:
    """Per year, month or hour, and in which currency: as asked, else as shown last, else
    (for a pay check) in the unit the asker gave."""
    shown = before.display if before is not None else Display()
    unit: Unit = shown.unit
    if query.unit in ("year", "month", "hour"):
        unit = query.unit
    elif before is None and offer is not None and offer.period in ("month", "hour"):
        unit = offer.period
    return Display(unit, query.currency or shown.currency)


def _fitted(view: View) -> tuple[View, bool]:
    """A comparison whose address fits with any level (so its level buttons work): without
    its display options if need be, then with places and roles dropped from the end (True when
    any were)."""
    candidates = [view, view.but(show=None)]
    roles, places = list(view.roles), list(view.places)
    while len(roles) > 1 or len(places) > 1:
        if len(places) > 1:
            places.pop()
        else:
            roles.pop()
        candidates.append(view.but(show=None).comparing(tuple(roles), tuple(places)))
    for candidate in candidates:
        rows = len(candidate.roles) * len(candidate.places)
        if rows <= MAX_ROWS and all(fits(candidate.but(level=lv)) for lv in LEVELS):
            return candidate, candidate.roles != view.roles or candidate.places != view.places
    return candidates[-1], True


def occupation_check(shown: View, query: Query, store: Store) -> View:
    """An occupation's pay screen, or with an amount its pay check: in the place the message
    (or the person) gives, else where the amount's currency is the pay sources' (GBP: the UK),
    else the US."""
    amount = query.amount
    if amount is None or shown.role is None or shown.other_place is not None:
        return shown
    place = shown.place
    if place is None:
        sources = store.occupation_sources()
        countries = [c for k in (US_WAGES, UK_PAY) if (c := sources.source(k).country)]
        paid = [c for c in countries if store.country(c).currency == amount.currency]
        place = (paid or countries)[0]
    return View(section="job_check", role=shown.role, place=place, offer=_said(amount).token())
