"""The content itself: pay bands that meet, what pay figures measure, how pay is counted in each
country, and titles that read well. Every case is derived from the real sources, so adding a role
or a country adds cases rather than breaking counts."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from pydantic import ValidationError

from knowledge import SOURCES_DIR
from knowledge.schema import LEVELS, SCREEN_CHARS, STARTS, CountrySalary, Ease, Provenance, Role
from knowledge.sources import load_knowledge
from knowledge.store import Store
from knowledge.text import normalise

KNOWLEDGE = load_knowledge(SOURCES_DIR)
ROLES = {role.slug: role for role in KNOWLEDGE.roles}
COUNTRIES = [country.code for country in KNOWLEDGE.countries.countries]
LEVEL_WORDS = {
    level: {normalise(word) for word in words.words}
    for level, words in KNOWLEDGE.lexicon.levels.items()
}
ROLE_COUNTRY = [(slug, code) for slug in ROLES for code in COUNTRIES]


def _bands(*pairs: tuple[int, int]) -> dict[str, Any]:
    """The four level bands, junior first, as source data."""
    return {lv: {"low": low, "high": high} for lv, (low, high) in zip(LEVELS, pairs, strict=True)}


def _count(text: str, phrase: str) -> int:
    """How often a phrase occurs in normalised text as whole words."""
    return len(re.findall(rf"(?<!\S){re.escape(phrase)}(?!\S)", text))


# --- pay bands meet from level to level ------------------------------------------------------


@pytest.mark.parametrize(("role", "code"), ROLE_COUNTRY)
def test_bands_are_contiguous_or_say_why(role: str, code: str) -> None:
    pay = ROLES[role].salary.countries[code]
    breaks = [
        (lower, upper)
        for lower, upper in itertools.pairwise(LEVELS)
        if pay.band(upper).low != pay.band(lower).high
    ]
    assert not breaks or pay.gaps_note, f"{role} {code}: bands do not meet at {breaks}"


BAND_CASES = [
    ("contiguous", _bands((95, 130), (130, 180), (180, 255), (255, 380)), None, None),
    ("gap", _bands((70, 100), (140, 190), (190, 240), (240, 320)), None, "mid starts at 140 but"),
    ("overlap", _bands((80, 115), (115, 155), (155, 215), (200, 300)), None, "manager starts at"),
    ("gap, reason", _bands((70, 100), (140, 190), (190, 250), (250, 380)), "Thin data.", None),
    (
        "reason, no gap",
        _bands((95, 130), (130, 180), (180, 255), (255, 380)),
        "Thin data.",
        "gaps_note is given",
    ),
]


@pytest.mark.parametrize(
    ("bands", "gaps_note", "error"), [c[1:] for c in BAND_CASES], ids=[c[0] for c in BAND_CASES]
)
def test_band_validation_table(bands: dict[str, Any], gaps_note: str | None, error: str) -> None:
    data = {"provenance": "estimate", "basis": "test", "gaps_note": gaps_note, **bands}
    if error is None:
        assert CountrySalary.model_validate(data).gaps_note == gaps_note
    else:
        with pytest.raises(ValidationError, match=re.escape(error)):
            CountrySalary.model_validate(data)


@pytest.mark.parametrize(("role", "code"), ROLE_COUNTRY)
def test_store_bands_are_the_sources(store: Store, role: str, code: str) -> None:
    pay = ROLES[role].salary.countries[code]
    assert [p.band for p in store.pay(role, code)] == [pay.band(lv) for lv in LEVELS]
    assert {p.gaps_note for p in store.pay(role, code)} == {pay.gaps_note}


# --- what the figures measure ----------------------------------------------------------------


@pytest.mark.parametrize(("role", "code"), ROLE_COUNTRY)
def test_every_salary_says_base_or_total(store: Store, role: str, code: str) -> None:
    own = ROLES[role].salary.countries[code].pay_basis
    expected = own or ROLES[role].salary.pay_basis
    for pay in store.pay(role, code):
        assert pay.pay_basis == expected
        assert pay.pay_basis in {"base", "total", "mixed"}
        if pay.pay_basis == "mixed":
            assert "total" in (pay.pay_basis_note or "").lower()


def test_seed_figures_are_called_a_blend(store: Store) -> None:
    """The page's trackers include Levels.fyi (total compensation), so they are not base pay."""
    (us_junior, *_) = store.pay("machine-learning-engineer", "US")
    assert us_junior.provenance.value == "seed"
    assert us_junior.pay_basis == "mixed"
    assert "Levels.fyi" in (us_junior.pay_basis_note or "")


@pytest.mark.parametrize("role", ROLES)
def test_salary_meta_carries_the_role_basis(store: Store, role: str) -> None:
    meta = store.salary_meta(role)
    assert (meta.pay_basis, meta.pay_basis_note) == (
        ROLES[role].salary.pay_basis,
        ROLES[role].salary.pay_basis_note,
    )


# --- how pay is counted in each country ------------------------------------------------------


@pytest.mark.parametrize("code", COUNTRIES)
def test_every_country_has_pay_norms(store: Store, code: str) -> None:
    norms = store.pay_norms(code)
    source = next(c for c in KNOWLEDGE.countries.countries if c.code == code).pay_norms
    assert norms == source
    assert norms.quotes_pay in {"month", "year"}
    assert 12 <= norms.months_per_year <= 16
    assert (norms.months_per_year > 12) == (norms.extra_pay != "none")
    assert norms.hours_per_year == round(norms.hours_per_week * 52)
    assert norms.months_note
    assert norms.hours_note


NORM_FACTS = [
    ("PH", 13, "statutory"),  # PD 851 13th-month pay
    ("ID", 13, "statutory"),  # THR religious holiday allowance
    ("SG", 13, "customary"),  # AWS, not required by the Employment Act
    ("US", 12, "none"),
]


@pytest.mark.parametrize(("code", "months", "rule"), NORM_FACTS)
def test_extra_months_follow_the_law(store: Store, code: str, months: int, rule: str) -> None:
    if code not in COUNTRIES:
        pytest.fail(f"{code} left the sources: update this table of legal facts")
    norms = store.pay_norms(code)
    assert (norms.months_per_year, norms.extra_pay) == (months, rule)


def test_us_hours_are_the_usual_full_time_year(store: Store) -> None:
    assert store.pay_norms("US").hours_per_year == 2080


# --- titles and headlines read well ----------------------------------------------------------


def _title_lines(role: Role) -> list[str]:
    """Every title as a screen shows it: each stage title, and each day as
    `<first stage title at that level> — <headline>`."""
    first: dict[str, str] = {}
    for stage in role.career_path.stages:
        first.setdefault(stage.level, stage.title)
    lines = [stage.title for stage in role.career_path.stages]
    lines += [f"{first[lv]} — {day.headline}" for lv, day in role.day_in_life.days.items()]
    return lines


def _slips(role: Role, line: str) -> list[str]:
    text = normalise(line)
    names = {normalise(role.name), normalise(role.short_name)}
    slips = [f"{name!r} appears twice" for name in names if _count(text, name) > 1]
    slips += [
        f"level word {word!r} ({level}) appears twice"
        for level, words in LEVEL_WORDS.items()
        for word in words
        if _count(text, word) > 1
    ]
    slips += [f"word {w!r} doubled" for w in re.findall(r"\b(\w+) \1\b", text)]
    return slips


@pytest.mark.parametrize("role", ROLES)
def test_titles_do_not_repeat_the_role_or_a_level(role: str) -> None:
    problems = {line: _slips(ROLES[role], line) for line in _title_lines(ROLES[role])}
    assert {line: slips for line, slips in problems.items() if slips} == {}


@pytest.mark.parametrize(
    "line",
    [
        "Junior Data Engineer — Junior Data Engineer — first data platform role",
        "Senior Data Scientist — senior work on methods",
        "Head of AI Governance / Responsible AI — Head of AI Governance",
        "Junior Junior Cloud Engineer",
    ],
)
def test_title_check_catches_slips(line: str) -> None:
    probe = next(iter(ROLES.values())).model_copy(
        update={"name": "Data Engineer", "short_name": "DE"}
    )
    assert _slips(probe, line)


# --- how to get in ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_how_to_get_in_is_stored_as_written(store: Store, role: str) -> None:
    section = store.how_to_get_in(role)
    assert section == ROLES[role].how_to_get_in
    assert section.provenance is Provenance.EDITORIAL


@pytest.mark.parametrize("role", ROLES)
def test_every_role_has_the_generic_routes(store: Store, role: str) -> None:
    generic = store.how_to_get_in(role).routes.generic
    assert set(generic) >= set(STARTS)
    for point in generic.values():
        assert point.label
        assert len(point.steps) >= 2
        assert point.time_frame


@pytest.mark.parametrize("role", ROLES)
def test_routes_come_from_real_roles(store: Store, role: str) -> None:
    origins = set(store.how_to_get_in(role).routes.from_roles)
    assert origins <= set(ROLES) - {role}
    for origin in origins:
        route = store.entry_route(role, origin)
        assert route is not None
        assert route == ROLES[role].how_to_get_in.routes.from_roles[origin]


@pytest.mark.parametrize("role", ROLES)
def test_every_easy_pivot_into_a_role_has_a_route(store: Store, role: str) -> None:
    """Whoever is offered "pivot to X" from Y can also be shown how to get into X from Y."""
    pivoting = {
        other.slug
        for other in ROLES.values()
        for pivot in other.pivots.items
        if pivot.role == role and pivot.ease is not Ease.LOW
    }
    routes = set(store.how_to_get_in(role).routes.from_roles)
    assert pivoting <= routes
    for origin in set(ROLES) - routes:
        assert store.entry_route(role, origin) is None


@pytest.mark.parametrize("role", ROLES)
def test_every_screen_fits(store: Store, role: str) -> None:
    screens = store.how_to_get_in(role).screens()
    sizes = {path: len(screen.text()) for path, screen in screens.items()}
    assert {path: n for path, n in sizes.items() if n > SCREEN_CHARS} == {}
    assert all(n > 100 for n in sizes.values()), sizes
    assert len(store.how_to_get_in(role).intro) <= 300


@pytest.mark.parametrize("role", ROLES)
def test_remote_places_name_real_countries(store: Store, role: str) -> None:
    for place in store.how_to_get_in(role).remote.places:
        assert set(place.countries) <= set(COUNTRIES)


def test_each_role_is_written_for_itself() -> None:
    """No sentence of advice is shared between two roles (labels and headings aside)."""
    owners: dict[str, set[str]] = {}
    for slug, role in ROLES.items():
        for screen in role.how_to_get_in.screens().values():
            for line in screen.text().splitlines():
                owners.setdefault(line, set()).add(slug)
    shared = {line: roles for line, roles in owners.items() if len(roles) > 1 and len(line) > 40}
    assert shared == {}


HOW_TO_SCREENS = [
    (slug, path, screen.text().splitlines()[0])
    for slug, role in ROLES.items()
    for path, screen in role.how_to_get_in.screens().items()
]


@pytest.mark.parametrize(("role", "path", "first_line"), HOW_TO_SCREENS)
def test_every_screen_is_searchable(store: Store, role: str, path: str, first_line: str) -> None:
    hits = store.search(first_line, limit=50)
    assert any((h.role, h.section, h.title) == (role, "how_to_get_in", path) for h in hits), (
        first_line
    )


def test_advice_questions_find_the_section(store: Store) -> None:
    hits = store.search("certifications employers ask for", limit=20)
    assert {h.title for h in hits if h.section == "how_to_get_in"} >= {"certifications"}
    hits = store.search("interview loop system design", limit=20)
    assert any(h.title.startswith("interviews.") for h in hits)
