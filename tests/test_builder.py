"""The builder: malformed sources are reported as `file: field: message` and change nothing."""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import main
from knowledge import SOURCES_DIR
from knowledge.builder import build, is_current, open_store
from knowledge.errors import SourceError
from knowledge.sources import load_knowledge
from knowledge.store import Store
from knowledge.title_index import TitleTables

MLE = "roles/machine-learning-engineer.yaml"
Data = dict[str, Any]


def edit_yaml(sources: Path, name: str, change: Callable[[Data], None]) -> None:
    """Load a source file, apply a change to its data and write it back."""
    path = sources / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _bad_yaml(sources: Path) -> None:
    (sources / "roles/data-engineer.yaml").write_text("slug: data-engineer\nname: [oops\n")


def _missing_field(sources: Path) -> None:
    edit_yaml(sources, MLE, lambda d: d["ai_risk"].pop("score"))


def _unknown_country(sources: Path) -> None:
    def change(d: Data) -> None:
        d["salary"]["countries"]["FR"] = d["salary"]["countries"]["DE"]

    edit_yaml(sources, MLE, change)


def _low_above_high(sources: Path) -> None:
    edit_yaml(sources, MLE, lambda d: d["salary"]["countries"]["US"]["junior"].update(low=200000))


def _pivot_to_missing_role(sources: Path) -> None:
    edit_yaml(sources, MLE, lambda d: d["pivots"]["items"][0].update(role="astronaut"))


def _duplicate_alias(sources: Path) -> None:
    edit_yaml(sources, MLE, lambda d: d["aliases"].append("SWE"))


def _alias_is_a_country(sources: Path) -> None:
    # a country's code may double as a role's abbreviation ("DE"): the grammar decides; a name
    # may not
    edit_yaml(sources, "roles/data-engineer.yaml", lambda d: d["aliases"].append("Berlin"))


def _missing_rate(sources: Path) -> None:
    edit_yaml(sources, "countries.yaml", lambda d: d["rates"]["per_usd"].pop("SGD"))


def _bad_type(sources: Path) -> None:
    edit_yaml(sources, MLE, lambda d: d["ai_risk"].update(score="high"))


def _missing_country_salary(sources: Path) -> None:
    edit_yaml(sources, MLE, lambda d: d["salary"]["countries"].pop("VN"))


def _two_decisions(sources: Path) -> None:
    def change(d: Data) -> None:
        steps = d["day_in_life"]["days"]["junior"]["steps"]
        decision = next(s["decision"] for s in steps if s.get("decision"))
        for step in steps:
            step["decision"] = decision

    edit_yaml(sources, MLE, change)


def _unknown_key(sources: Path) -> None:
    edit_yaml(sources, MLE, lambda d: d["overview"].update(sumary="typo"))


def _gap_without_reason(sources: Path) -> None:
    edit_yaml(sources, MLE, lambda d: d["salary"]["countries"]["US"]["mid"].update(low=140000))


def _mixed_without_note(sources: Path) -> None:
    edit_yaml(sources, MLE, lambda d: d["salary"].pop("pay_basis_note"))


def _bad_pay_basis(sources: Path) -> None:
    edit_yaml(sources, MLE, lambda d: d["salary"].update(pay_basis="gross"))


def _missing_pay_norms(sources: Path) -> None:
    edit_yaml(sources, "countries.yaml", lambda d: d["countries"][0].pop("pay_norms"))


def _hours_do_not_add_up(sources: Path) -> None:
    edit_yaml(
        sources, "countries.yaml", lambda d: d["countries"][0]["pay_norms"].update(hours_per_year=1)
    )


def _bad_quotes_pay(sources: Path) -> None:
    edit_yaml(
        sources,
        "countries.yaml",
        lambda d: d["countries"][0]["pay_norms"].update(quotes_pay="week"),
    )


def _how_to(change: Callable[[Data], None]) -> Callable[[Data], None]:
    return lambda d: change(d["how_to_get_in"])


def _missing_how_to_get_in(sources: Path) -> None:
    edit_yaml(sources, MLE, lambda d: d.pop("how_to_get_in"))


def _missing_generic_route(sources: Path) -> None:
    edit_yaml(sources, MLE, _how_to(lambda h: h["routes"]["generic"].pop("bootcamp")))


def _unknown_start(sources: Path) -> None:
    generic = _how_to(lambda h: h["routes"]["generic"].update(phd=h["routes"]["generic"]["degree"]))
    edit_yaml(sources, MLE, generic)


def _route_from_unknown_role(sources: Path) -> None:
    routes = _how_to(
        lambda h: h["routes"]["from_roles"].update(
            astronaut=h["routes"]["from_roles"]["data-engineer"]
        )
    )
    edit_yaml(sources, MLE, routes)


def _pivot_without_route(sources: Path) -> None:
    edit_yaml(sources, MLE, _how_to(lambda h: h["routes"]["from_roles"].pop("data-engineer")))


def _screen_too_long(sources: Path) -> None:
    degrees = {"verdict": "x" * 901, "matters": ["a"], "does_not": ["b"]}
    edit_yaml(sources, MLE, _how_to(lambda h: h.update(degrees=degrees)))


def _unknown_remote_country(sources: Path) -> None:
    edit_yaml(sources, MLE, _how_to(lambda h: h["remote"]["places"][0]["countries"].append("FR")))


def _duplicate_key(sources: Path) -> None:
    path = sources / "roles/data-engineer.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nshort_name:", "\nname: Data Person\nshort_name:", 1))


def _unknown_onet_code(sources: Path) -> None:
    edit_yaml(sources, MLE, lambda d: d["onet"].update(code="99-9999.00"))


def _unknown_benchmark(sources: Path) -> None:
    edit_yaml(sources, MLE, lambda d: d["onet"].update(bls_benchmark="99-9999"))


def _two_exact_fits(sources: Path) -> None:
    edit_yaml(sources, MLE, lambda d: d["onet"].update(code="15-1252.00", fit="exact"))


def _slug_too_long_for_an_address(sources: Path) -> None:
    edit_yaml(sources, MLE, lambda d: d.update(slug="machine-learning-engineer-long"))


def _bad_wage_cell(sources: Path) -> None:
    path = sources / "occupations" / "wages_us.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",204350,", ",lots,", 1))


def _missing_occupation_table(sources: Path) -> None:
    (sources / "occupations" / "job_zones.csv").unlink()


def _task_of_unknown_occupation(sources: Path) -> None:
    path = sources / "occupations" / "related.csv.gz"
    text = gzip.decompress(path.read_bytes()).decode()
    changed = text.replace("11-1011.00,11-1021.00", "11-1011.00,99-9999.00")
    path.write_bytes(gzip.compress(changed.encode()))


def _nickname_of_no_area(sources: Path) -> None:
    path = sources / "occupations" / "curation" / "area_nicknames.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",0035620", ",0099999", 1))


def _unknown_money_language(sources: Path) -> None:
    edit_yaml(sources, "money.yaml", lambda d: d["languages"].append("xx"))


def _scale_below_one(sources: Path) -> None:
    edit_yaml(sources, "money.yaml", lambda d: d["scales"].update(lac=0.5))


CASES = [
    (
        _duplicate_key,
        "roles/data-engineer.yaml: line 6, column 1: invalid YAML: duplicate key 'name'",
    ),
    (_unknown_onet_code, f"{MLE}: onet.code: no occupation 99-9999.00 in the O*NET data"),
    (_unknown_benchmark, f"{MLE}: onet.bls_benchmark: no BLS wage code 99-9999"),
    (
        _two_exact_fits,
        f"roles/software-engineer.yaml: onet.code: 15-1252.00 is already the exact fit of {MLE}",
    ),
    (_slug_too_long_for_an_address, f"{MLE}: slug: String should match pattern"),
    (_bad_wage_cell, "occupations/wages_us.csv: row 2: 'lots' is not a number"),
    (_missing_occupation_table, "occupations/job_zones.csv: (file): file not found"),
    (
        _task_of_unknown_occupation,
        "occupations/related.csv.gz: row 2: unknown O*NET-SOC code '99-9999.00'",
    ),
    (
        _nickname_of_no_area,
        "occupations/curation/area_nicknames.csv: row 2: no BLS area '0099999'",
    ),
    (_bad_yaml, "roles/data-engineer.yaml: line 3, column 1: invalid YAML"),
    (_missing_field, f"{MLE}: ai_risk.score: Field required"),
    (_unknown_country, f"{MLE}: salary.countries.FR: unknown country FR"),
    (_low_above_high, f"{MLE}: salary.countries.US.junior: Value error, low (200000) is above"),
    (_pivot_to_missing_role, f"{MLE}: pivots.items.0.role: no role 'astronaut' in the store"),
    (
        _duplicate_alias,
        "roles/software-engineer.yaml: aliases: duplicate alias 'SWE', already used by "
        f"{MLE}: aliases",
    ),
    (
        _alias_is_a_country,
        "roles/data-engineer.yaml: aliases: duplicate alias 'Berlin', already used "
        "by countries.yaml: countries.DE",
    ),
    (_missing_rate, "countries.yaml: (top): Value error, SG: no exchange rate for SGD"),
    (_bad_type, f"{MLE}: ai_risk.score: Input should be a valid integer"),
    (_missing_country_salary, f"{MLE}: salary.countries: missing country VN"),
    (_two_decisions, f"{MLE}: day_in_life.days.junior: Value error, a day needs exactly one"),
    (_unknown_key, f"{MLE}: overview.sumary: Extra inputs are not permitted"),
    (
        _gap_without_reason,
        f"{MLE}: salary.countries.US: Value error, mid starts at 140,000 but junior ends at "
        "130,000",
    ),
    (_mixed_without_note, f"{MLE}: salary: Value error, pay_basis 'mixed' needs a pay_basis_note"),
    (_bad_pay_basis, f"{MLE}: salary.pay_basis: Input should be 'base', 'total' or 'mixed'"),
    (_missing_pay_norms, "countries.yaml: countries.0.pay_norms: Field required"),
    (
        _hours_do_not_add_up,
        "countries.yaml: countries.0.pay_norms: Value error, hours_per_year is 1, but 40 h a week",
    ),
    (
        _bad_quotes_pay,
        "countries.yaml: countries.0.pay_norms.quotes_pay: Input should be 'month' or 'year'",
    ),
    (_missing_how_to_get_in, f"{MLE}: how_to_get_in: Field required"),
    (
        _missing_generic_route,
        f"{MLE}: how_to_get_in.routes.generic: Value error, generic routes missing: ['bootcamp']",
    ),
    (
        _unknown_start,
        f"{MLE}: how_to_get_in.routes.generic.phd.[key]: Input should be 'degree', 'bootcamp',",
    ),
    (
        _route_from_unknown_role,
        f"{MLE}: how_to_get_in.routes.from_roles.astronaut: no role 'astronaut' in the store",
    ),
    (
        _pivot_without_route,
        f"{MLE}: how_to_get_in.routes.from_roles: no route from 'data-engineer', which lists "
        "this role as a pivot (ease medium)",
    ),
    (
        _screen_too_long,
        f"{MLE}: how_to_get_in.degrees: Value error, 905 characters of text; one screen holds at "
        "most 900",
    ),
    (
        _unknown_remote_country,
        f"{MLE}: how_to_get_in.remote.places.0.countries: unknown country FR",
    ),
    (_unknown_money_language, "money.yaml: languages: Value error, 'xx' is not a CLDR language"),
    (_scale_below_one, "money.yaml: scales.lac: Input should be greater than 1"),
]


@pytest.mark.parametrize(("breaks", "message"), CASES, ids=[c[0].__name__[1:] for c in CASES])
def test_bad_source_is_reported_and_leaves_store_untouched(
    sources: Path,
    tmp_path: Path,
    store_path: Path,
    capsys: pytest.CaptureFixture[str],
    breaks: Callable[[Path], None],
    message: str,
) -> None:
    out = tmp_path / "knowledge.sqlite3"
    shutil.copyfile(store_path, out)  # a store built by the builder from these same sources
    assert is_current(out, sources)
    before = out.read_bytes()
    breaks(sources)
    assert main(["build", "--sources", str(sources), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "the store was not changed" in err
    assert out.read_bytes() == before
    assert list(tmp_path.glob(".knowledge.sqlite3.*")) == []


def test_every_problem_is_listed_at_once(sources: Path, tmp_path: Path) -> None:
    _missing_field(sources)
    _bad_yaml(sources)
    _missing_rate(sources)
    with pytest.raises(SourceError) as caught:
        build(sources, tmp_path / "k.sqlite3")
    files = {line.split(":")[0] for line in caught.value.problems}
    assert files == {MLE, "roles/data-engineer.yaml", "countries.yaml"}
    assert not (tmp_path / "k.sqlite3").exists()


def test_build_reports_what_it_wrote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "k.sqlite3"
    assert main(["build", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    sources = load_knowledge(SOURCES_DIR)
    roles, countries = len(sources.roles), len(sources.countries.countries)
    occupations = len((SOURCES_DIR / "occupations" / "occupations.csv").read_text().splitlines())
    assert (
        f"{roles} roles, {countries} countries, {roles * countries * 4} salary ranges, "
        f"{occupations - 1:,} occupations"
    ) in printed
    store = Store(out)
    assert len(store.roles()) == roles
    assert len(store.occupations()) == occupations - 1
    store.close()
    assert out.stat().st_mode & 0o777 == 0o644, "the store is readable by the user who runs the bot"


def test_store_is_built_on_first_use_and_rebuilt_when_sources_change(
    sources: Path, tmp_path: Path
) -> None:
    db = tmp_path / "state" / "k.sqlite3"
    assert not is_current(db, sources)
    first = open_store(db, sources)
    digest = first.info().digest
    first.close()
    assert is_current(db, sources)
    edit_yaml(sources, MLE, lambda d: d.update(short_name="ML Eng"))
    assert not is_current(db, sources)
    second = open_store(db, sources)
    assert second.info().digest != digest
    assert second.role("machine-learning-engineer").short_name == "ML Eng"
    second.close()


def test_a_yaml_edit_reuses_the_occupation_tables_and_rewrites_the_curated_claims(
    sources: Path, tmp_path: Path, store_path: Path
) -> None:
    out = tmp_path / "k.sqlite3"
    shutil.copyfile(store_path, out)
    edit_yaml(sources, "roles/data-scientist.yaml", lambda d: d["onet"].update(fit="closest"))
    assert not is_current(out, sources)
    report = build(sources, out)
    store = Store(out)
    assert store.occupation("data-scientists").stands_for is None
    assert store.occupation("software-developers").stands_for == "software-engineer"
    assert len(store.occupations()) == report.occupations == len(Store(store_path).occupations())
    assert store.wages("registered-nurses") == Store(store_path).wages("registered-nurses")
    assert store.title_index() == Store(store_path).title_index()
    store.close()


def test_an_occupation_table_edit_makes_the_store_stale(
    sources: Path, tmp_path: Path, store_path: Path
) -> None:
    out = tmp_path / "k.sqlite3"
    shutil.copyfile(store_path, out)
    path = sources / "occupations" / "occupations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Registered Nurses", "Nurses (RN)"))
    assert not is_current(out, sources)
    open_store(out, sources).close()
    assert Store(out).occupation("registered-nurses").title == "Nurses (RN)"
    titles = TitleTables.from_blob(Store(out).title_index())  # compiled afresh, not copied
    assert "Nurses (RN)" in {o.title for o in titles.occupations}


def test_store_connection_is_read_only(store: Store) -> None:
    with pytest.raises(Exception, match="readonly"):
        store._db.execute("DELETE FROM roles")


def test_dump_prints_the_tables_asked_for(
    store: Store, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tables = ["roles", "countries", "salaries", "meta", "occupations", "fields"]
    assert {*tables, "sections", "days", "vocabulary", "titles", "wage_areas"} <= set(
        store.tables()
    )
    assert main(["dump", "--db", str(store_path), *tables]) == 0
    dumped = json.loads(capsys.readouterr().out)
    assert list(dumped) == tables
    roles, countries = len(store.roles()), len(store.countries())
    assert len(dumped["salaries"]) == roles * countries * 4
    assert len(dumped["occupations"]) == len(store.occupations())
    assert main(["dump", "--db", str(store_path), "passwords"]) == 1
    assert "no table passwords" in capsys.readouterr().err
