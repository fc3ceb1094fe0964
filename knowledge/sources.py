"""Loading and validating the YAML sources into one checked `Knowledge` value."""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from babel import Locale
from pydantic import BaseModel, ValidationError

from knowledge import occupation_tables
from knowledge.errors import SourceError
from knowledge.occupation_tables import Catalogue
from knowledge.schema import (
    LEVELS,
    CountriesFile,
    Ease,
    Language,
    Lexicon,
    MoneyWords,
    OnetFit,
    Role,
)
from knowledge.text import normalise

COUNTRIES_FILE = "countries.yaml"
LEXICON_FILE = "lexicon.yaml"
MONEY_FILE = "money.yaml"
ROLES_DIR = "roles"
LANGUAGES_DIR = "languages"

M = TypeVar("M", bound=BaseModel)
if TYPE_CHECKING:
    _Loader = yaml.SafeLoader
else:  # libyaml's safe loader where PyYAML was built with it (about ten times faster)
    _Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SafeLoader(_Loader):
    """The safe loader, refusing a mapping that gives one key twice (YAML would silently keep
    the last value, so half an edit could vanish without a word)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, Hashable) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            if isinstance(key, Hashable):
                seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


@dataclass(frozen=True)
class Knowledge:
    """Every source, validated and cross-checked."""

    countries: CountriesFile
    lexicon: Lexicon
    money: MoneyWords
    roles: tuple[Role, ...]
    digest: str
    occupations_digest: str
    languages: tuple[Language, ...] = ()

    def stands_for(self) -> dict[str, str]:
        """O*NET-SOC code -> the curated role that is that very job (fit `exact`)."""
        return {r.onet.code: r.slug for r in self.roles if r.onet.fit is OnetFit.EXACT}


def source_files(directory: Path) -> list[Path]:
    """The YAML source files under a directory, in a stable order."""
    roles = sorted((directory / ROLES_DIR).glob("*.yaml"))
    languages = sorted((directory / LANGUAGES_DIR).glob("*.yaml"))
    files = [directory / COUNTRIES_FILE, directory / LEXICON_FILE, directory / MONEY_FILE]
    return [*files, *roles, *languages]


def occupation_files(directory: Path) -> list[Path]:
    """The derived occupation tables the builder reads."""
    folder = directory / occupation_tables.DIRECTORY
    return [folder / name for name in occupation_tables.DATA_FILES]


def _hash(paths: Iterable[Path], extra: str = "") -> str:
    sha = hashlib.sha256(extra.encode())
    for path in paths:
        sha.update(path.name.encode())
        sha.update(path.read_bytes() if path.exists() else b"<missing>")
    return sha.hexdigest()[:16]


def occupations_digest(directory: Path) -> str:
    """A hash of the occupation tables' bytes (about 7 MB, some 20 ms: every byte is read, so
    a changed table is never missed)."""
    return _hash(occupation_files(directory))


def digest_of(directory: Path) -> str:
    """A hash of every source file's name and bytes: it changes whenever a source changes."""
    return _hash(source_files(directory), occupations_digest(directory))


def load_knowledge(directory: Path) -> Knowledge:
    """Load, validate and cross-check every source; raise SourceError listing all problems."""
    problems: list[str] = []
    countries = _load(directory / COUNTRIES_FILE, CountriesFile, problems)
    lexicon = _load(directory / LEXICON_FILE, Lexicon, problems)
    money = _load(directory / MONEY_FILE, MoneyWords, problems)
    role_files = sorted((directory / ROLES_DIR).glob("*.yaml"))
    if not role_files:
        problems.append(f"{ROLES_DIR}/: no role files (*.yaml)")
    roles: list[tuple[str, Role]] = []
    for path in role_files:
        role = _load(path, Role, problems)
        if role is not None:
            roles.append((_label(path), role))
    languages: list[tuple[str, Language]] = []
    for path in sorted((directory / LANGUAGES_DIR).glob("*.yaml")):
        language = _load(path, Language, problems)
        if language is not None:
            languages.append((_label(path), language))
    catalogue, unreadable = occupation_tables.catalogue(directory)
    problems += unreadable
    if countries is not None and lexicon is not None:
        slugs = {path.stem for path in role_files}
        problems += _cross_check(countries, lexicon, roles, slugs)
        problems += _check_languages(lexicon, languages, slugs)
    if not unreadable:
        problems += _check_occupations(roles, catalogue)
    if problems or countries is None or lexicon is None or money is None:
        raise SourceError(problems)
    ordered = sorted((r for _, r in roles), key=lambda r: (r.order, r.slug))
    occupations = occupations_digest(directory)
    return Knowledge(
        countries,
        lexicon,
        money,
        tuple(ordered),
        _hash(source_files(directory), occupations),
        occupations,
        tuple(language for _, language in languages),
    )


def _label(path: Path) -> str:
    if path.parent.name in (ROLES_DIR, LANGUAGES_DIR):
        return f"{path.parent.name}/{path.name}"
    return path.name


def territories() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code Babel (CLDR) names."""
    return frozenset(
        code for code in Locale.parse("en").territories if isinstance(code, str) and len(code) == 2
    )


def _check_languages(
    lexicon: Lexicon, languages: list[tuple[str, Language]], slugs: set[str]
) -> list[str]:
    """A language file is named after its code, names real roles and real territories, and
    its Babel locale exists."""
    problems: list[str] = []
    known = territories()
    places = [(LEXICON_FILE, lexicon.places)]
    for label, language in languages:
        if label != f"{LANGUAGES_DIR}/{language.code}.yaml":
            problems.append(f"{label}: code: file must be named {language.code}.yaml")
        try:
            Locale.parse(language.babel)
        except (ValueError, LookupError):
            problems.append(f"{label}: babel: unknown locale {language.babel!r}")
        problems += [
            f"{label}: roles.{slug}: no role {slug!r} in the store"
            for slug in language.roles
            if slug not in slugs
        ]
        places.append((label, language.places))
    for label, named in places:
        problems += [
            f"{label}: places.{code}: unknown territory {code}"
            for code in named
            if code not in known
        ]
    return problems


def _load(path: Path, model: type[M], problems: list[str]) -> M | None:
    label = _label(path)
    try:
        data: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
    except FileNotFoundError:
        problems.append(f"{label}: (file): file not found")
        return None
    except UnicodeDecodeError as exc:
        problems.append(f"{label}: (file): not UTF-8 text ({exc.reason})")
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
        problem = getattr(exc, "problem", None) or str(exc)
        problems.append(f"{label}: {where}: invalid YAML: {problem}")
        return None
    if not isinstance(data, dict):
        problems.append(f"{label}: (file): expected a mapping at the top level")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = ".".join(str(part) for part in err["loc"]) or "(top)"
            problems.append(f"{label}: {loc}: {err['msg']}")
        return None


def _cross_check(
    countries: CountriesFile, lexicon: Lexicon, roles: list[tuple[str, Role]], slugs: set[str]
) -> list[str]:
    """Checks across files; `slugs` names every role file, loaded or not, so one broken file
    does not make every pivot to it an error too."""
    codes = [c.code for c in countries.countries]
    problems: list[str] = []
    loaded = [role for _, role in roles]
    for label, role in roles:
        problems += _check_role(label, role, codes, slugs)
        problems += _check_routes(label, role, codes, slugs, loaded)
    problems += _duplicate_terms(countries, lexicon, roles)
    return problems


def _check_occupations(roles: list[tuple[str, Role]], catalogue: Catalogue) -> list[str]:
    """Each curated role names an O*NET occupation that exists (and a BLS code that does), no
    two are the same job, and no curated slug is also an occupation's."""
    problems: list[str] = []
    exact: dict[str, str] = {}
    occupation_slugs = set(catalogue.slugs.values())
    for label, role in roles:
        link = role.onet
        if link.code not in catalogue.slugs:
            problems.append(f"{label}: onet.code: no occupation {link.code} in the O*NET data")
        benchmark = link.bls_benchmark
        if benchmark is not None and benchmark not in catalogue.wage_codes:
            problems.append(f"{label}: onet.bls_benchmark: no BLS wage code {benchmark}")
        if link.fit is OnetFit.EXACT:
            other = exact.setdefault(link.code, label)
            if other != label:
                problems.append(
                    f"{label}: onet.code: {link.code} is already the exact fit of {other}; "
                    "one occupation can be the very job of one curated role only"
                )
        if role.slug in occupation_slugs:
            problems.append(f"{label}: slug: {role.slug!r} is also an imported occupation's slug")
    return problems


def _check_role(label: str, role: Role, codes: list[str], slugs: set[str]) -> list[str]:
    problems: list[str] = []
    if label != f"{ROLES_DIR}/{role.slug}.yaml":
        problems.append(f"{label}: slug: file must be named {role.slug}.yaml")
    for code in role.salary.countries:
        if code not in codes:
            problems.append(f"{label}: salary.countries.{code}: unknown country {code}")
    for code in codes:
        if code not in role.salary.countries:
            problems.append(f"{label}: salary.countries: missing country {code}")
    for i, pivot in enumerate(role.pivots.items):
        if pivot.role not in slugs:
            problems.append(f"{label}: pivots.items.{i}.role: no role {pivot.role!r} in the store")
        if pivot.role == role.slug:
            problems.append(f"{label}: pivots.items.{i}.role: a role cannot pivot to itself")
    levels = {stage.level for stage in role.career_path.stages}
    for level in LEVELS:
        if level not in levels:
            problems.append(f"{label}: career_path.stages: no stage for level {level!r}")
    return problems


def _check_routes(
    label: str, role: Role, codes: list[str], slugs: set[str], roles: list[Role]
) -> list[str]:
    """Entry routes come from real roles, and every easy or medium pivot into this role from
    another has a route, so "how do I get into X from Y" never falls through."""
    where = "how_to_get_in.routes.from_roles"
    routes = role.how_to_get_in.routes.from_roles
    problems = [
        f"{label}: {where}.{origin}: no role {origin!r} in the store"
        for origin in routes
        if origin not in slugs
    ]
    if role.slug in routes:
        problems.append(f"{label}: {where}.{role.slug}: a role is not a route into itself")
    problems += [
        f"{label}: {where}: no route from {other.slug!r}, which lists this role as a pivot "
        f"(ease {pivot.ease.value})"
        for other in roles
        for pivot in other.pivots.items
        if pivot.role == role.slug and pivot.ease != Ease.LOW and other.slug not in routes
    ]
    for i, place in enumerate(role.how_to_get_in.remote.places):
        problems += [
            f"{label}: how_to_get_in.remote.places.{i}.countries: unknown country {code}"
            for code in place.countries
            if code not in codes
        ]
    return problems


def _terms(countries: CountriesFile, roles: list[tuple[str, Role]]) -> Iterator[tuple[str, str]]:
    for c in countries.countries:
        for field, values in (
            ("name", [c.name, c.code, c.short_name]),
            ("aliases", c.aliases),
            ("demonyms", c.demonyms),
            ("cities", c.cities),
        ):
            for value in values:
                yield f"{COUNTRIES_FILE}: countries.{c.code}.{field}", value
    for label, role in roles:
        for value in _role_terms(role):
            yield f"{label}: aliases", value


def _role_terms(role: Role) -> Iterable[str]:
    return [role.name, role.short_name, role.slug.replace("-", " "), *role.aliases]


def _duplicate_terms(
    countries: CountriesFile, lexicon: Lexicon, roles: list[tuple[str, Role]]
) -> list[str]:
    """Each name must mean one thing: a term shared by two owners is ambiguous."""
    owners: dict[str, str] = {}
    problems: list[str] = []
    level_words = {normalise(w) for lv in lexicon.levels.values() for w in lv.words}
    codes = {normalise(c.code) for c in countries.countries}
    for where, value in _terms(countries, roles):
        key = normalise(value)
        if not key:
            problems.append(f"{where}: {value!r} has no letters or digits")
            continue
        if key in codes and where.startswith(ROLES_DIR):
            continue  # a role's abbreviation that is also a country code: the grammar decides
        owner = where.rsplit(".", 1)[0] if "countries." in where else where
        previous = owners.setdefault(key, owner)
        if previous != owner:
            problems.append(f"{where}: duplicate alias {value!r}, already used by {previous}")
        if key in level_words:
            problems.append(f"{where}: alias {value!r} is also a seniority word")
    return problems
