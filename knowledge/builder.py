"""Compiling validated sources into one SQLite store, atomically, and opening a store that is
rebuilt first when its sources changed (the build side: it loads the YAML)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel import Locale
from pydantic import BaseModel

from knowledge import SCHEMA_VERSION, SOURCES_DIR, occupation_tables
from knowledge.errors import SourceError, StoreMissingError, StoreVersionError
from knowledge.schema import LEVELS, Grammar, Role
from knowledge.sources import Knowledge, digest_of, load_knowledge
from knowledge.store import Store
from knowledge.text import match_form
from knowledge.title_index import TitleTables

if TYPE_CHECKING:
    import sqlite_utils

STORE_MODE = 0o644  # the store holds public knowledge: anyone on the machine may read it
TABLED = frozenset({"salary", "onet"})
"""Role parts stored in tables of their own rather than as a JSON document."""
SECTIONS = tuple(
    name
    for name, field in Role.model_fields.items()
    if isinstance(field.annotation, type)
    and issubclass(field.annotation, BaseModel)
    and name not in TABLED
)
"""Role sections kept whole as JSON documents (each of the role's section models, so a new
section in the schema is stored with no change here; its days get a table of their own too)."""


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote."""

    path: Path
    digest: str
    roles: int
    countries: int
    salaries: int
    occupations: int
    seconds: float


def build(sources: Path, out: Path) -> BuildReport:
    """Validate the sources and write the store to `out`; on any error `out` is left untouched."""
    import sqlite_utils  # here: serving a built store never loads it (nor numpy, which it does)

    started = time.perf_counter()
    knowledge = load_knowledge(sources)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.chmod(STORE_MODE)  # mkstemp makes it private; the knowledge is public and read by others
    try:
        with contextlib.closing(sqlite3.connect(tmp)) as conn:
            salaries = _write(sqlite_utils.Database(conn), knowledge)
            occupations = _write_occupations(conn, sources, knowledge, out, tmp)
            conn.commit()
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return BuildReport(
        out,
        knowledge.digest,
        len(knowledge.roles),
        len(knowledge.countries.countries),
        salaries,
        occupations,
        time.perf_counter() - started,
    )


def _write(db: sqlite_utils.Database, k: Knowledge) -> int:
    db.execute("PRAGMA journal_mode = MEMORY")
    db.execute("PRAGMA synchronous = OFF")
    built_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    db.table("meta").insert_all(
        [
            {"key": "schema_version", "value": str(SCHEMA_VERSION)},
            {"key": "digest", "value": k.digest},
            {"key": "occupations_digest", "value": k.occupations_digest},
            {"key": "occupations_layout", "value": occupation_tables.LAYOUT},
            {"key": "built_at", "value": built_at},
        ],
        pk="key",
    )
    _write_countries(db, k)
    _write_lexicon(db, k)
    _write_languages(db, k)
    db.table("money_words").insert_all(_money_words(k), pk=("kind", "target", "term"), ignore=True)
    count = 0
    for position, role in enumerate(k.roles):
        count += _write_role(db, role, position)
    db.table("prose").enable_fts(["title", "body"], create_triggers=False, tokenize="porter")
    db.table("prose").optimize()
    return count


def _write_occupations(
    conn: sqlite3.Connection, sources: Path, k: Knowledge, previous: Path, path: Path
) -> int:
    """The occupation tables: copied from the previous store when it was built from the same
    occupation data (a YAML edit then rebuilds in about a second), else read from the sources
    and the title index compiled from them; the curated roles' claims are written afresh
    either way."""
    if not occupation_tables.copy_from(conn, previous, k.occupations_digest, k.stands_for()):
        try:
            occupation_tables.write(conn, sources, k.stands_for())
        except occupation_tables.TableProblems as exc:
            raise SourceError(exc.problems) from None
        conn.commit()
        _write_title_index(conn, path)
    (count,) = conn.execute("SELECT count(*) FROM occupations").fetchone()
    return int(count)


def _write_title_index(conn: sqlite3.Connection, path: Path) -> None:
    """The title index, compiled from the titles just written, read as the bot reads them."""
    store = Store(path)
    try:
        tables = TitleTables.compile(store.title_rows(), store.occupations(), store.spellings())
    finally:
        store.close()
    conn.execute("INSERT INTO title_index (id, body) VALUES (1, ?)", (tables.to_blob(),))


def _write_countries(db: sqlite_utils.Database, k: Knowledge) -> None:
    c = k.countries
    db.table("regions").insert_all(
        ({"key": r.key, "name": r.name, "position": i} for i, r in enumerate(c.regions)), pk="key"
    )
    db.table("countries").insert_all(
        (
            {
                **country.model_dump(
                    include={"code", "name", "short_name", "region", "currency", "locale"}
                ),
                "position": i,
            }
            for i, country in enumerate(c.countries)
        ),
        pk="code",
        foreign_keys=[("region", "regions", "key")],
    )
    db.table("countries").create_index(["region"])
    db.table("pay_norms").insert_all(
        ({"code": country.code, **country.pay_norms.model_dump()} for country in c.countries),
        pk="code",
        foreign_keys=[("code", "countries", "code")],
    )
    db.table("rates").insert_all(
        (
            {
                "currency": cur,
                "per_usd": rate,
                "as_of": c.rates.as_of.isoformat(),
                "source": c.rates.source,
            }
            for cur, rate in c.rates.per_usd.items()
        ),
        pk="currency",
    )
    db.table("vocabulary").insert_all(_country_terms(k), pk="id", alter=True, ignore=True)


def _country_terms(k: Knowledge) -> Iterator[dict[str, Any]]:
    for country in k.countries.countries:
        yield _term(country.code, "country", country.code, "code")
        for origin, values in (
            ("name", [country.name, country.short_name]),
            ("alias", country.aliases),
            ("demonym", country.demonyms),
            ("city", country.cities),
        ):
            for value in values:
                yield _term(value, "country", country.code, origin)


def _term(term: str, kind: str, target: str, origin: str, lang: str = "en") -> dict[str, Any]:
    norm = match_form(term)
    return {
        "id": f"{lang}:{kind}:{target}:{norm}",
        "term": term,
        "norm": norm,
        "kind": kind,
        "target": target,
        "origin": origin,
        "lang": lang,
    }


def _write_lexicon(db: sqlite_utils.Database, k: Knowledge) -> None:
    db.table("levels").insert_all(
        (
            {"key": lv, "label": k.lexicon.levels[lv].label, "position": i}
            for i, lv in enumerate(LEVELS)
        ),
        pk="key",
    )
    rows = [
        _term(w, "level", lv, "word") for lv, words in k.lexicon.levels.items() for w in words.words
    ]
    for intent, cues in k.lexicon.intents.items():
        rows += [_term(w, "intent", intent, "cue") for w in cues.cues]
        rows += [_term(w, "intent", intent, "weak") for w in cues.weak]
    rows += [_term(w, "other_role", "", "name") for w in k.lexicon.other_roles]
    rows += [_term(w, "common", "", "word") for w in k.lexicon.common_words]
    rows += [
        _term(w, "navigation", way, "word")
        for way, words in k.lexicon.navigation.items()
        for w in words
    ]
    rows += [
        _term(short, "spelling", full, "shorthand") for short, full in k.lexicon.spellings.items()
    ]
    rows += [
        {**_term(symbol, "symbol", word, "symbol"), "id": f"en:symbol:{symbol}"}
        for symbol, word in k.lexicon.symbols.items()
    ]
    rows += _grammar_terms(k.lexicon, "en", k)
    db.table("vocabulary").insert_all(rows, pk="id", alter=True, ignore=True)
    db.table("vocabulary").create_index(["kind"])
    db.table("vocabulary").create_index(["norm"])


def _grammar_terms(grammar: Grammar, lang: str, k: Knowledge) -> list[dict[str, Any]]:
    """The words of a language that frame the names: places, locatives, function words, moves,
    units, follow-ups and comparisons."""
    supported = {c.code for c in k.countries.countries}
    rows = [
        _term(name, "country" if code in supported else "place", code, "name", lang)
        for code, names in grammar.places.items()
        for name in names
    ]
    for kind, words in (
        ("locative", grammar.locatives),
        ("determiner", grammar.determiners),
        ("function", grammar.function_words),
        ("possessive", grammar.possessives),
        ("money", grammar.money),
        ("marker", grammar.markers),
        ("follow_up", grammar.follow_ups),
        ("comparison", grammar.comparisons),
        ("contrast", grammar.contrasts),
        ("conjunction", grammar.conjunctions),
        ("suffix", grammar.suffixes),
        ("link", grammar.compound_links),
        ("correction", grammar.corrections),
        ("doer_ending", grammar.doer_endings),
        ("doer_word", grammar.doer_words),
        ("identity", grammar.identities),
    ):
        rows += [_term(w, kind, "", "word", lang) for w in words]
    rows += [_term(w, "unit", "years", "word", lang) for w in grammar.years]
    rows += [_term(w, "unit", "months", "word", lang) for w in grammar.months]
    rows += [_term(w, "number", str(n), "word", lang) for w, n in grammar.numbers.items()]
    rows += [_term(w, "span", "", "word", lang) for w in grammar.spans]
    rows += [
        _term(w, "state", code, "code", lang)
        for code, words in grammar.state_codes.items()
        for w in words
    ]
    rows += [
        _term(w, "topic", topic, "cue", lang)
        for topic, words in grammar.topics.items()
        for w in words
    ]
    rows += [
        _term(w, "small_talk", kind, "cue", lang)
        for kind, words in grammar.small_talk.model_dump().items()
        for w in words
    ]
    moves = grammar.moves
    for way, words in (
        ("before", moves.before),
        ("after", moves.after),
        ("after_into", moves.after_into),
        ("origin", moves.origin),
        ("onward", moves.onward),
    ):
        rows += [_term(w, "move", way, "word", lang) for w in words]
    rows += [_term(w, "into", "", "word", lang) for w in moves.into]
    return rows


def _write_languages(db: sqlite_utils.Database, k: Knowledge) -> None:
    """Every other language's words, and every territory's name in each language (Babel)."""
    rows: list[dict[str, Any]] = []
    for lang in k.languages:
        code = lang.code
        rows += [
            _term(w, "level", lv, "word", code) for lv, words in lang.levels.items() for w in words
        ]
        for intent, cues in lang.intents.items():
            rows += [_term(w, "intent", intent, "cue", code) for w in cues.cues]
            rows += [_term(w, "intent", intent, "weak", code) for w in cues.weak]
        rows += [
            _term(w, "role", slug, "alias", code)
            for slug, words in lang.roles.items()
            for w in words
        ]
        rows += _grammar_terms(lang, code, k)
        rows += [_term(other, "reads_with", code, "word", code) for other in lang.reads_with]
    rows += _territory_terms(k, rows)
    db.table("vocabulary").insert_all(rows, pk="id", alter=True, ignore=True)


def _territory_terms(k: Knowledge, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Babel's (CLDR's) name of every territory in English and each language's locale, except
    names that are ordinary words or already name something in the vocabulary."""
    supported = {c.code for c in k.countries.countries}
    taken = {r["norm"] for r in rows if r["kind"] not in ("country", "place")}
    taken |= {
        match_form(w)
        for w in (
            *k.lexicon.function_words,
            *k.lexicon.locatives,
            *k.lexicon.determiners,
            *k.lexicon.possessives,
        )
    }
    for lv in k.lexicon.levels.values():
        taken |= {match_form(w) for w in lv.words}
    for cues in k.lexicon.intents.values():
        taken |= {match_form(w) for w in (*cues.cues, *cues.weak)}
    taken |= {
        match_form(w) for role in k.roles for w in (role.name, role.short_name, *role.aliases)
    }
    curated = {r["norm"] for r in rows if r["kind"] in ("country", "place")}
    curated |= {
        match_form(w)
        for c in k.countries.countries
        for w in (c.name, c.code, c.short_name, *c.aliases, *c.demonyms, *c.cities)
    }
    found: list[dict[str, Any]] = []
    locales = [("en", "en"), *((lang.code, lang.babel) for lang in k.languages)]
    for lang, locale in locales:
        for code, name in Locale.parse(locale).territories.items():
            if len(code) != 2 or not code.isalpha() or code in ("ZZ", "EU", "EZ", "UN", "QO"):
                continue
            kind = "country" if code in supported else "place"
            for variant in _variants(name):
                norm = match_form(variant)
                if norm and norm not in taken and norm not in curated:
                    found.append(_term(variant, kind, code, "babel", lang))
    return found


def _variants(name: str) -> list[str]:
    """A territory's name, and its parts when it has a parenthesis ("Myanmar (Burma)")."""
    if "(" not in name:
        return [name]
    outer, _, inner = name.partition("(")
    return [name, outer.strip(), inner.rstrip(")").strip()]


def _money_words(k: Knowledge) -> Iterator[dict[str, Any]]:
    """The money source as (kind, target, term) rows, read by `Store.money_words`."""
    m = k.money
    rows = [("language", lang, lang) for lang in m.languages]
    rows += [("symbol", cur, sym) for cur, sym in m.symbols.items()]
    rows += [("currency", cur, w) for cur, words in m.currency_words.items() for w in words]
    rows += [("dollar", "", w) for w in m.dollar_words]
    rows += [("scale", f"{factor:g}", w) for w, factor in m.scales.items()]
    rows += [("period", period, w) for period, words in m.periods.items() for w in words]
    rows += [(kind, "", w) for kind in ("net", "into", "add", "drop") for w in getattr(m, kind)]
    for position, (kind, target, term) in enumerate(rows):
        yield {"kind": kind, "target": target, "term": term, "position": position}


def _write_role(db: sqlite_utils.Database, role: Role, position: int) -> int:
    db.table("roles").insert(
        {
            "slug": role.slug,
            "name": role.name,
            "short_name": role.short_name,
            "position": position,
            "onet_code": role.onet.code,
            "onet_fit": role.onet.fit.value,
            "bls_benchmark": role.onet.bls_benchmark,
            "onet_basis": role.onet.basis,
        },
        pk="slug",
        not_null={"onet_code", "onet_fit"},
        columns={"bls_benchmark": str},
    )
    db.table("sections").insert_all(
        (
            {
                "role": role.slug,
                "section": name,
                "body": getattr(role, name).model_dump_json(exclude={"days"}),
            }
            for name in SECTIONS
        ),
        pk=("role", "section"),
        foreign_keys=[("role", "roles", "slug")],
    )
    db.table("days").insert_all(
        (
            {
                "role": role.slug,
                "level": level,
                "headline": day.headline,
                "body": day.model_dump_json(),
            }
            for level, day in role.day_in_life.days.items()
        ),
        pk=("role", "level"),
        foreign_keys=[("role", "roles", "slug")],
    )
    terms = [_term(t, "role", role.slug, "name") for t in (role.name, role.short_name)]
    terms += [
        _term(t, "role", role.slug, "alias") for t in (role.slug.replace("-", " "), *role.aliases)
    ]
    db.table("vocabulary").insert_all(terms, pk="id", alter=True, ignore=True)
    _write_prose(db, role)
    return _write_salaries(db, role)


def _write_salaries(db: sqlite_utils.Database, role: Role) -> int:
    s = role.salary
    db.table("salary_meta").insert(
        {
            "role": role.slug,
            "period": s.period,
            "valid_for": s.valid_for,
            "as_of": s.as_of.isoformat(),
            "pay_basis": s.pay_basis,
            "pay_basis_note": s.pay_basis_note,
            "note": s.note,
            "limited_data_note": s.limited_data_note,
        },
        pk="role",
    )
    rows = list(_salary_rows(role))
    db.table("salaries").insert_all(
        rows,
        pk=("role", "country", "level"),
        foreign_keys=[("role", "roles", "slug"), ("country", "countries", "code")],
    )
    db.table("salaries").create_index(["country", "level"], if_not_exists=True)
    return len(rows)


def _salary_rows(role: Role) -> Iterator[dict[str, Any]]:
    for code, pay in role.salary.countries.items():
        pay_basis, pay_basis_note = role.salary.basis_of(code)
        for level in LEVELS:
            yield {
                "role": role.slug,
                "country": code,
                "level": level,
                "low": pay.band(level).low,
                "high": pay.band(level).high,
                "provenance": pay.provenance.value,
                "basis": pay.basis,
                "source": pay.source,
                "limited_data": pay.limited_data,
                "pay_basis": pay_basis,
                "pay_basis_note": pay_basis_note,
                "gaps_note": pay.gaps_note,
            }


def _write_prose(db: sqlite_utils.Database, role: Role) -> None:
    """Every passage of prose as (section, title, body), for full-text search. A how-to-get-in
    passage is one screen, titled with its path in the section (`routes.generic.degree`)."""
    passages: list[tuple[str, str, str]] = [("overview", role.name, role.overview.summary)]
    passages += [("overview", d.title, d.text) for d in role.overview.duties]
    passages += [("skills", s.name, s.why) for g in role.skills.groups for s in g.items]
    passages += [("ai_risk", role.ai_risk.label, p) for p in role.ai_risk.points]
    passages += [("career_path", st.title, st.summary) for st in role.career_path.stages]
    passages += [("pivots", p.role, p.why) for p in role.pivots.items]
    passages.append(("how_to_get_in", "intro", role.how_to_get_in.intro))
    passages += [
        ("how_to_get_in", path, screen.text())
        for path, screen in role.how_to_get_in.screens().items()
    ]
    rows = [
        {"role": role.slug, "section": section, "title": title, "body": body}
        for section, title, body in passages
    ]
    db.table("prose").insert_all(rows)


@contextlib.contextmanager
def fresh_store(sources: Path = SOURCES_DIR) -> Iterator[Store]:
    """A store built afresh from the sources in a temporary directory, open; closed and
    removed on exit (for evaluations and benchmarks)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "knowledge.sqlite3"
        build(sources, path)
        store = Store(path)
        try:
            yield store
        finally:
            store.close()


def is_current(db_path: Path, sources: Path = SOURCES_DIR) -> bool:
    """Whether a store file exists, has this schema version and was built from these sources."""
    try:
        store = Store(db_path)
    except (StoreMissingError, StoreVersionError):
        return False
    try:
        return store.info().digest == digest_of(sources)
    finally:
        store.close()


def open_store(db_path: Path, sources: Path = SOURCES_DIR) -> Store:
    """Open the store, building it first when it is missing or older than its sources."""
    if not is_current(db_path, sources):
        build(sources, db_path)
    return Store(db_path)
