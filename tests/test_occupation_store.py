"""The imported occupations in the built store: the read API against the derived tables'
figures, the rules for showing them (top codes, broader groups, UK matches), and its size."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from knowledge import SOURCES_DIR
from knowledge.errors import NotFoundError
from knowledge.occupation_store import NATIONAL, Figure
from knowledge.store import Store
from knowledge.title_index import TitleTables

DATA = SOURCES_DIR / "occupations"
NURSES = "registered-nurses"
TEXAS, SEATTLE = 4_800_000, 42_660
MAX_STORE_BYTES = 30_000_000


def table(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_occupation_is_in_the_store_with_its_slug_and_field(store: Store) -> None:
    rows = table("occupations.csv")
    assert [(o.code, o.slug, o.title) for o in store.occupations()] == [
        (r["onet_code"], r["slug"], r["title"]) for r in rows
    ]
    assert store.occupation_by_code("29-1141.00").slug == NURSES
    assert sum(f.occupations for f in store.fields()) == len(rows)
    assert store.fields()[0].title == "Management Occupations"
    assert all(o.major == 29 for o in store.in_field(29))


def test_curated_roles_name_their_occupation_and_stand_for_exact_fits(store: Store) -> None:
    curated = {r["slug"]: r for r in table("curated.csv")}
    for role in store.roles():
        assert role.onet_code == curated[role.slug]["onet_code"]
        assert role.onet_fit.value == curated[role.slug]["fit"]
        assert (role.bls_benchmark or "") == curated[role.slug]["bls_benchmark"]
    assert store.occupation("software-developers").stands_for == "software-engineer"
    assert store.occupation("data-scientists").stands_for == "data-scientist"
    assert store.occupation("computer-information-research-scientists").stands_for is None


def test_national_wages_are_blss_figures(store: Store) -> None:
    wages = store.wages(NURSES)
    assert wages is not None
    assert wages.annual is not None
    assert wages.hourly is not None
    assert (wages.code, wages.basis, wages.employment) == ("29-1141", "detailed", 3_379_720)
    assert wages.annual.median == Figure(amount=97_550)
    assert wages.hourly.median == Figure(amount=46.90)
    assert wages.area.kind == "national"


def test_state_and_metro_wages(store: Store) -> None:
    texas = store.wages(NURSES, TEXAS)
    assert texas is not None
    assert texas.annual is not None
    assert (texas.area.name, texas.annual.median) == ("Texas", Figure(amount=95_970))
    seattle = store.wages(NURSES, SEATTLE)
    assert seattle is not None
    assert seattle.area.name == "Seattle-Tacoma-Bellevue, WA"
    states = store.wage_areas(NURSES, "state")
    assert TEXAS in {a.code for a in states}
    assert {a.kind for a in states} == {"state"}


def test_top_coded_wages_are_at_least_figures(store: Store) -> None:
    wages = store.wages("chief-executives", 3_900_003)
    assert wages is not None
    assert wages.annual is not None
    assert wages.annual.p90 == Figure(amount=239_200, at_least=True)
    assert wages.annual.p75 == Figure(amount=374_190)


def test_hourly_only_occupations_have_no_annual_figures(store: Store) -> None:
    wages = store.wages("actors")
    assert wages is not None
    assert wages.annual is None
    assert wages.hourly is not None
    assert wages.hourly.median == Figure(amount=29.05)
    texas = store.wages("actors", TEXAS)
    assert texas is not None
    assert texas.annual is None
    assert texas.hourly is not None


def test_broader_group_wages_say_so(store: Store) -> None:
    broader = [o for o in store.occupations() if o.wage_basis == "broader"]
    assert broader
    wages = store.wages(broader[0].slug)
    assert wages is not None
    assert wages.basis == "broader"
    assert wages.code.endswith("0")
    assert wages.code != broader[0].soc
    unpaid = [o for o in store.occupations() if o.wage_code is None]
    assert unpaid
    assert store.wages(unpaid[0].slug) is None


def test_what_they_do_skills_and_getting_in(store: Store) -> None:
    tasks = store.tasks(NURSES)
    assert tasks[0].kind == "core"
    assert [t.kind for t in tasks] == sorted((t.kind for t in tasks), key=lambda k: k != "core")
    tech = store.technology(NURSES)
    assert {"Epic Systems", "Microsoft Excel"} <= {t.name for t in tech}
    assert any(t.hot for t in tech)
    assert store.tools(NURSES)
    skills = store.ratings(NURSES, "skill")
    importances = [s.importance for s in skills]
    assert importances == sorted(importances, reverse=True)
    assert 1 <= importances[-1] <= importances[0] <= 5
    assert store.ratings("software-developers", "skill") == []  # O*NET rates none
    assert store.ratings(NURSES, "work_style")[0].name == "Dependability"
    preparation = store.preparation(NURSES)
    assert preparation.zone is not None
    assert preparation.zone.zone == 4
    assert preparation.education[0].percent >= preparation.education[-1].percent


def test_related_occupations_are_in_tier_order(store: Store) -> None:
    related = store.related(NURSES)
    assert related[0].tier == "primary-short"
    assert "nurse-practitioners" in {r.occupation.slug for r in related}


def test_ai_exposure_has_both_sources_with_ranks(store: Store) -> None:
    exposure = store.exposure(NURSES)
    assert exposure is not None
    assert exposure.microsoft is not None
    assert (exposure.microsoft.value, exposure.microsoft.ranked) == (0.1218, 785)
    assert 1 <= exposure.microsoft.rank <= 785
    assert exposure.gpts["gpt4_beta"].ranked == 923
    assert store.exposure("software-developers") is not None


def test_uk_pay_only_through_reviewed_or_strong_matches(store: Store) -> None:
    matches = {r["onet_code"]: r for r in table("uk_matches.csv")}
    for occupation in store.occupations():
        pay = store.uk_pay(occupation.slug)
        match = matches[occupation.code]
        strong = match["method"] == "exact" and int(match["hits"] or 0) >= 3
        if match["method"] in ("reviewed", "override") or strong:
            assert pay is not None or not match["soc2020"], occupation.code
        else:
            assert pay is None, occupation.code
    nurses = store.uk_pay(NURSES)
    assert nurses is not None
    assert nurses.soc2020 == 2237
    assert nurses.figures["median"].amount == 40_737
    assert store.uk_pay("chief-executives") is None  # an unreviewed one-title match


def test_suppressed_uk_cells_are_absent(store: Store) -> None:
    suppressed = [r["soc2020"] for r in table("uk_pay.csv") if r["median"] and not r["p90"]]
    shown = [
        p
        for o in store.occupations()
        if (p := store.uk_pay(o.slug)) is not None and str(p.soc2020) in suppressed
    ]
    assert shown, "expected a shown UK group with a suppressed P90"
    assert all("p90" not in p.figures for p in shown)


def test_sources_carry_every_attribution_and_what_each_figure_measures(store: Store) -> None:
    sources = store.occupation_sources()
    assert {s.key for s in sources.sources} == {
        "onet",
        "bls",
        "microsoft",
        "gpts",
        "ons_ashe",
        "ons_soc2020",
    }
    assert all(s.attribution for s in sources.sources)
    assert "careerbot" in sources.modified
    assert {"microsoft_score", "gpt4_beta"} <= set(sources.measures)


def test_titles_for_matching(store: Store) -> None:
    rows = store.title_rows().rows
    assert len(rows) > 60_000
    nurse = [r for r in rows if r[0] == "registered nurse"]
    assert [r[1] for r in nurse] == ["29-1141.00"]
    assert "Staff Nurse" in store.titles_of(NURSES)


def test_the_stored_title_index_is_what_the_titles_compile_to(store: Store) -> None:
    stored = store.title_index()
    compiled = TitleTables.compile(store.title_rows(), store.occupations(), store.spellings())
    assert compiled.to_blob() == stored
    index = TitleTables.from_blob(stored)
    assert index.to_blob() == stored
    assert [o.code for o in index.occupations] == [o.code for o in store.occupations()]
    assert len(index.titles) > 60_000
    assert index.titles == sorted(index.titles)


@pytest.mark.parametrize("call", ["occupation", "tasks", "wages", "related", "exposure"])
def test_unknown_occupation_is_not_found(store: Store, call: str) -> None:
    with pytest.raises(NotFoundError):
        getattr(store, call)("astronaut-of-the-deep")


def test_unknown_area_has_no_wages(store: Store) -> None:
    assert store.wages(NURSES, 9_999_999) is None
    assert store.wages(NURSES, NATIONAL) is not None
    with pytest.raises(NotFoundError):
        store.area(9_999_999)


def test_store_file_is_compact(store_path: Path) -> None:
    assert store_path.stat().st_size <= MAX_STORE_BYTES
