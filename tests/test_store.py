"""The built store: the seed's facts exactly, full coverage, provenance, and the read API."""

from __future__ import annotations

import itertools

import pytest

from knowledge.errors import NotFoundError
from knowledge.schema import LEVELS, Provenance
from knowledge.store import Store

MLE = "machine-learning-engineer"
ROLES = [
    "machine-learning-engineer",
    "software-engineer",
    "data-engineer",
    "data-scientist",
    "cloud-engineer",
    "ai-governance-analyst",
    "backend-developer",
]
COUNTRIES = [
    "MY",
    "SG",
    "PH",
    "TH",
    "ID",
    "VN",
    "IN",
    "AU",
    "NZ",
    "GB",
    "DE",
    "NL",
    "US",
    "CA",
    "AE",
]


def test_roles_are_the_seed_role_and_its_pivots(store: Store) -> None:
    assert set(ROLES) <= {r.slug for r in store.roles()}
    assert store.roles()[0].slug == MLE


def test_countries_and_regions_are_the_seeds(store: Store) -> None:
    in_menu = [c.code for c in store.countries()]
    assert [code for code in in_menu if code in COUNTRIES] == COUNTRIES
    assert [r.name for r in store.regions()] == [
        "Southeast Asia",
        "South Asia & Oceania",
        "Europe",
        "Americas & Middle East",
    ]
    assert [c.code for c in store.countries("europe")] == ["GB", "DE", "NL"]
    assert store.country("GB").short_name == "UK"
    assert store.country("AE").short_name == "UAE"


@pytest.mark.parametrize(
    ("level", "low", "high"),
    [
        ("junior", 95_000, 130_000),
        ("mid", 130_000, 180_000),
        ("senior", 180_000, 255_000),
        ("manager", 255_000, 380_000),
    ],
)
def test_seed_us_salaries_exact(store: Store, level: str, low: int, high: int) -> None:
    (pay,) = store.pay(MLE, "US", level)  # type: ignore[arg-type]
    assert (pay.band.low, pay.band.high) == (low, high)
    assert pay.provenance is Provenance.SEED


def test_seed_ai_risk(store: Store) -> None:
    risk = store.ai_risk(MLE)
    assert (risk.score, risk.label, len(risk.points)) == (78, "Relatively safe", 4)
    assert risk.points[0].startswith("This role builds and operates the systems")


@pytest.mark.parametrize(
    ("index", "title", "years", "level"),
    [
        (0, "Junior Machine Learning Engineer", (0, 2), "junior"),
        (1, "Machine Learning Engineer", (2, 4), "mid"),
        (2, "Senior Machine Learning Engineer", (4, 7), "senior"),
        (3, "Staff / Lead Machine Learning Engineer", (7, 10), "senior"),
        (4, "ML Engineering Manager / Head of ML Platform", (10, None), "manager"),
    ],
)
def test_seed_career_path(
    store: Store, index: int, title: str, years: tuple[int, int | None], level: str
) -> None:
    stage = store.career_path(MLE).stages[index]
    assert (stage.title, (stage.years_min, stage.years_max), stage.level) == (title, years, level)


def test_seed_pivots(store: Store) -> None:
    pivots = [(p.role, p.ease.value) for p in store.pivots(MLE).items]
    assert pivots == [
        ("software-engineer", "high"),
        ("data-engineer", "high"),
        ("data-scientist", "medium"),
        ("cloud-engineer", "medium"),
        ("ai-governance-analyst", "medium"),
        ("backend-developer", "high"),
    ]


def test_seed_duties_and_update(store: Store) -> None:
    overview = store.overview(MLE)
    assert len(overview.duties) == 8
    assert overview.duties[0].title == "Model deployment"
    assert overview.duties[-1].title == "Expensive to enter"
    assert store.sources(MLE).last_updated.isoformat() == "2026-04-01"


def _seed_strings(store: Store) -> list[str]:
    overview, risk = store.overview(MLE), store.ai_risk(MLE)
    path, pivots = store.career_path(MLE), store.pivots(MLE)
    strings = [overview.summary, overview.note or ""]
    strings += [f"{d.title} — {d.text}" for d in overview.duties]
    strings += [risk.label, risk.basis, *risk.points, risk.note or ""]
    strings += [s for st in path.stages for s in (st.title, st.summary)] + [path.note or ""]
    strings += [p.why for p in pivots.items] + [pivots.note or ""]
    strings += [
        store.sources(MLE).methodology,
        store.skills(MLE).note or "",
        store.day_note(MLE).note or "",
        store.salary_meta(MLE).note,
        store.salary_meta(MLE).limited_data_note,
    ]
    strings += [g.title for g in store.skills(MLE).groups]
    return strings


def test_every_seed_string_is_verbatim_in_the_page(store: Store, seed_page: str) -> None:
    page = " ".join(seed_page.split())
    missing = [s for s in _seed_strings(store) if " ".join(s.split()) not in page]
    assert missing == []


@pytest.mark.parametrize("role", ROLES)
def test_every_role_has_every_country_and_level_rising(store: Store, role: str) -> None:
    for code in COUNTRIES:
        pays = store.pay(role, code)
        assert [p.level for p in pays] == list(LEVELS)
        for lower, upper in itertools.pairwise(pays):
            assert upper.band.low > lower.band.low
            assert upper.band.high > lower.band.high
        assert all(
            p.provenance in (Provenance.SEED, Provenance.ESTIMATE, Provenance.SOURCE) for p in pays
        )
        assert all(p.basis for p in pays)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_section_is_complete(store: Store, role: str) -> None:
    assert {p.role for p in store.pivots(role).items} <= set(ROLES) - {role}
    assert {"junior", "senior"} <= set(store.day_note(role).levels)
    assert [g.key for g in store.skills(role).groups] == ["hard", "tools", "soft", "personality"]
    assert all(len(g.items) >= 6 for g in store.skills(role).groups)
    assert 0 <= store.ai_risk(role).score <= 100
    assert store.salary_meta(role).period == "year"


def test_only_us_mle_figures_claim_the_seed(store: Store) -> None:
    seeded = {
        (p.role, p.country)
        for role in ROLES
        for code in COUNTRIES
        for p in store.pay(role, code)
        if p.provenance is Provenance.SEED
    }
    assert seeded == {(MLE, "US")}


@pytest.mark.parametrize("level", LEVELS)
def test_mle_days_differ_per_level(store: Store, level: str) -> None:
    day = store.day(MLE, level)  # type: ignore[arg-type]
    others = [store.day(MLE, lv) for lv in LEVELS if lv != level]
    titles = {s.title for s in day.steps}
    assert 8 <= len(day.steps) <= 10
    assert all(len(titles & {s.title for s in o.steps}) <= 2 for o in others)


def test_junior_day_headline_is_the_seeds(store: Store) -> None:
    assert store.day(MLE, "junior").headline == "first production ML role"


def test_pay_by_level_lists_countries_in_menu_order(store: Store) -> None:
    assert [p.country for p in store.pay_by_level(MLE, "senior")] == COUNTRIES


@pytest.mark.parametrize(
    ("call", "arg"), [("role", "dentist"), ("overview", "dentist"), ("country", "FR")]
)
def test_unknown_keys_raise_not_found(store: Store, call: str, arg: str) -> None:
    with pytest.raises(NotFoundError):
        getattr(store, call)(arg)


def test_vocabulary_has_every_kind(store: Store) -> None:
    kinds = {(t.kind, t.target) for t in store.vocabulary()}
    assert ("country", "GB") in kinds
    assert ("role", MLE) in kinds
    assert ("level", "manager") in kinds
    assert ("intent", "salary") in kinds
    cities = {t.term for t in store.vocabulary("country") if t.origin == "city"}
    assert {"Berlin", "London", "Bangalore", "Toronto", "Dubai"} <= cities


@pytest.mark.parametrize(("query", "role"), [("drift", MLE), ("model deployment", MLE)])
def test_full_text_search_finds_prose(store: Store, query: str, role: str) -> None:
    assert role in {hit.role for hit in store.search(query)}


@pytest.mark.parametrize(
    "hostile", ['"', "'; DROP TABLE roles; --", "NEAR(", "a OR", "*", "\x00", "", "title:drift"]
)
def test_full_text_search_takes_any_text(store: Store, hostile: str) -> None:
    assert isinstance(store.search(hostile), list)
    assert {r.slug for r in store.roles()} >= set(ROLES)
