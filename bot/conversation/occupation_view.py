"""An imported occupation's views: where its pay is for, its skill groups, the pages of the
pickers, and the checks that keep an address to one strict (a forged or stale one expires).

A pay `place` is a country's ISO code (the US: national figures; the UK: ONS figures matched by
title; any other: there is no public figure, and the US ones are shown as US ones) or a BLS
area's seven digits (a state, or a metropolitan area). A comparison's sides (`subject`,
`versus`) are a curated role's slug or an occupation's O*NET-SOC code as eight digits.
"""

from __future__ import annotations

from functools import cache

from babel import Locale

from bot.conversation.sections import BY_NAME
from bot.conversation.view import View
from bot.errors import ExpiredAddress
from knowledge.errors import NotFoundError
from knowledge.occupation_store import NATIONAL, Area, OccupationInfo
from knowledge.store import Store

SKILL_GROUPS = ("tech", "tools", "skills", "knowledge", "styles")
"""The sub-screens of an occupation's skills and tools (a View's `group`)."""
STATES_PER_PAGE = 12
METROS_PER_PAGE = 10
FIELD_PAGE = 10
"""Occupations listed per page of a field."""


def code_token(code: str) -> str:
    """An O*NET-SOC code as a comparison's side: `29-1141.00` -> `29114100`."""
    return code.replace("-", "").replace(".", "")


def token_code(token: str) -> str:
    """The O*NET-SOC code of a comparison's side written as eight digits."""
    return f"{token[:2]}-{token[2:6]}.{token[6:]}"


def side(store: Store, slug: str) -> str:
    """A role (curated slug or occupation slug) as a comparison's side."""
    return code_token(store.occupation(slug).code) if store.is_occupation(slug) else slug


def side_role(store: Store, token: str) -> str:
    """The slug a comparison's side names (a curated role's, or an occupation's)."""
    if token.isdigit():
        return store.occupation_by_code(token_code(token)).slug
    return store.role(token).slug


def place_of(code: int) -> str:
    """A BLS area as a pay place: seven digits."""
    return f"{code:07d}"


def area_of(place: str | None) -> int | None:
    """The BLS area a pay place names, or None when it names a country."""
    return int(place) if place is not None and place.isdigit() else None


@cache
def territories() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code Babel (CLDR) names."""
    names = Locale.parse("en").territories
    return frozenset(code for code in names if isinstance(code, str) and len(code) == 2)


def country_name(store: Store, code: str) -> str:
    """A country's name: the store's, else Babel's."""
    try:
        return store.country(code).name
    except NotFoundError:
        return str(Locale.parse("en").territories.get(code, code))


def states(store: Store, occupation: OccupationInfo) -> list[Area]:
    """The states where BLS publishes the occupation's wages, by name."""
    return sorted(store.wage_areas(occupation.slug, "state"), key=lambda a: a.name)


def metros(store: Store, occupation: OccupationInfo, state: Area) -> list[Area]:
    """The metropolitan (and nonmetropolitan) areas of a state with the occupation's wages."""
    found = [
        a for a in store.wage_areas(occupation.slug, "metro") if a.state_code == state.state_code
    ]
    return sorted(found, key=lambda a: (a.name.endswith("area"), a.name))


def pages(count: int, per_page: int) -> int:
    """How many pages a list of `count` takes."""
    return max(1, -(-count // per_page))


def check(view: View, store: Store) -> None:
    """The occupation parts of a view must exist in the store as it is now."""
    try:
        if view.section == "pair":
            _check_pair(view, store)
        elif view.section == "fields":
            _check_field(view, store)
        elif BY_NAME[view.section].only_occupations and view.role is not None:
            _check_occupation(view, store, store.occupation(view.role))
        elif view.place is not None:
            _check_areas(view, store)
    except NotFoundError as exc:
        raise ExpiredAddress(str(exc)) from None


def _check_pair(view: View, store: Store) -> None:
    if view.subject is None or view.versus is None or view.subject == view.versus:
        raise ExpiredAddress("a comparison needs two sides")
    first, second = side_role(store, view.subject), side_role(store, view.versus)
    if first == second:
        raise ExpiredAddress("a role compared with itself")


def _check_field(view: View, store: Store) -> None:
    if view.field is None:
        return
    if view.field not in {f.major for f in store.fields()}:
        raise ExpiredAddress("no such field")
    if view.page is None or view.page >= pages(len(store.in_field(view.field)), FIELD_PAGE):
        raise ExpiredAddress("no such page")


def _check_occupation(view: View, store: Store, occupation: OccupationInfo) -> None:
    if view.group is not None and view.group not in SKILL_GROUPS:
        raise ExpiredAddress("no such skill group")
    if view.section not in ("job_pay", "job_check"):
        return
    for place in (view.place, view.other_place):
        _check_place(store, place)
    if view.place is not None and view.place == view.other_place:
        raise ExpiredAddress("a place compared with itself")
    if view.page is None:
        return
    if view.place is None:
        if view.page >= pages(len(states(store, occupation)), STATES_PER_PAGE):
            raise ExpiredAddress("no such page")
        return
    area = area_of(view.place)
    state = store.area(area) if area is not None else None
    if state is None or state.kind != "state":
        raise ExpiredAddress("metropolitan areas are listed by state")
    if view.page >= pages(len(metros(store, occupation, state)), METROS_PER_PAGE):
        raise ExpiredAddress("no such page")


def _check_areas(view: View, store: Store) -> None:
    """A curated role's salary card with BLS's figures for US areas: in the US, each a BLS
    state or metro area (not the nation), two different ones at most."""
    if view.section != "salary" or view.country != store.areas_country():
        raise ExpiredAddress("US areas are shown on a curated role's US salary card only")
    for place in (view.place, view.other_place):
        if place is not None and area_of(place) is None:
            raise ExpiredAddress("a US area is named by its seven digits")
        _check_place(store, place)
    if view.place == view.other_place:
        raise ExpiredAddress("a place compared with itself")


def _check_place(store: Store, place: str | None) -> None:
    if place is None:
        return
    area = area_of(place)
    if area is not None:
        if area == NATIONAL:
            raise ExpiredAddress("the whole country is named by its code")
        store.area(area)
    elif place not in territories():
        raise ExpiredAddress(f"no country {place}")
