"""The compact text address of a view (button data, deep links, inline ids, shell options).

An address is at most 64 bytes of `A-Z a-z 0-9 _ -`. Its grammar is one set of templates, the
sections' (`bot.conversation.sections`): `{role}_sal_{country}_{level}` is formatted to encode a
view and compiled to a regex to decode one, like starlette's path templates. A view encodes by
the template whose fields are exactly the fields it sets. Decoding is strict: the grammar, and
then the store (the role, country, level, step and choice must exist), so a stale, forged or
malformed address raises ExpiredAddress and never reaches further.

The rule between the two ways an address fails: one in the grammar whose role, country, step,
topic ... the store does not have (now) is stale (ExpiredAddress: "that menu has expired");
one that is malformed or in no address form names nothing the bot ever had (UnknownAddress:
"that link doesn't open anything I have").
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from babel.numbers import list_currencies
from pydantic import ValidationError

from bot.conversation import occupation_view
from bot.conversation.sections import BY_NAME, SECTIONS
from bot.conversation.view import OFFER, SHOW, View
from bot.errors import ExpiredAddress, UnknownAddress
from knowledge.errors import NotFoundError
from knowledge.schema import LEVELS, Level
from knowledge.store import Store

MAX_BYTES = 64
ROLE_KEY = 5
"""Characters of a role's key: the compared roles after the first are written by key, so that
several fit in an address whatever their slugs' length."""
ALPHABET = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

FIELDS: dict[str, str] = {
    "role": r"[a-z][a-z0-9-]{1,40}",
    "rivals": rf"(?:[a-z0-9]{{{ROLE_KEY}}}){{1,3}}",
    "country": r"[A-Z]{2}",
    "other": r"(?:[A-Z]{2}){1,5}",
    "level": "|".join(LEVELS),
    "region": r"\d{1,2}",
    "group": r"[a-z]{1,16}",
    "step": r"\d{1,2}",
    "choice": r"\d",
    "topic": r"[a-z]{1,16}",
    "origin": r"[a-z][a-z0-9-]{1,40}",
    "offer": OFFER,
    "show": SHOW,
    "place": r"[A-Z]{2}|\d{7}",
    "other_place": r"[A-Z]{2}|\d{7}",
    "page": r"\d{1,2}",
    "field": r"\d{2}",
    "subject": r"\d{8}|[a-z][a-z0-9-]{1,27}",
    "versus": r"\d{8}|[a-z][a-z0-9-]{1,27}",
}
"""What each View field looks like in an address."""
NUMBERS = frozenset({"region", "step", "choice", "page", "field"})
CURRENCIES = frozenset(list_currencies())
"""Every ISO 4217 code (an offer may be in a currency no country here uses)."""
_FIELD = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Template:
    """One address form of a section: formatted to encode, matched to decode."""

    section: str
    text: str
    fields: frozenset[str]
    pattern: re.Pattern[str]

    @classmethod
    def compile(cls, section: str, text: str) -> Template:
        """`{role}_sal_{country}` -> the regex `^(?P<role>...)_sal_(?P<country>[A-Z]{2})$`."""
        parts, fields, at = [], set(), 0
        for field in _FIELD.finditer(text):
            name = field.group(1)
            parts += [re.escape(text[at : field.start()]), f"(?P<{name}>{FIELDS[name]})"]
            fields.add(name)
            at = field.end()
        parts.append(re.escape(text[at:]))
        return cls(section, text, frozenset(fields), re.compile("".join(parts)))

    def format(self, view: View) -> str:
        """The address of a view that sets exactly this template's fields."""
        values = {name: getattr(view, name) for name in self.fields}
        if "rivals" in values:
            values["rivals"] = "".join(role_key(slug) for slug in view.roles[1:])
        return self.text.format_map(values)

    def view(self, address: str) -> View | None:
        """The view an address names in this form, or None when it is not in this form."""
        match = self.pattern.fullmatch(address)
        if match is None:
            return None
        fields = {k: int(v) if k in NUMBERS else v for k, v in match.groupdict().items()}
        try:
            return View.model_validate({"section": self.section, **fields})
        except ValidationError:
            return None


TEMPLATES: tuple[Template, ...] = tuple(
    Template.compile(s.name, text) for s in SECTIONS for text in s.address
)
"""Every address form, in decoding order."""
_BY_FIELDS: dict[tuple[str, frozenset[str]], Template] = {
    (t.section, t.fields): t for t in TEMPLATES
}


def role_key(slug: str) -> str:
    """A role's short, stable key (base 36 of a hash of its slug): `machine-learning-engineer`
    -> 5 characters. A key no role has, or two roles share, names nothing."""
    number = int.from_bytes(hashlib.blake2s(slug.encode(), digest_size=8).digest(), "big")
    digits = []
    for _ in range(ROLE_KEY):
        number, digit = divmod(number, 36)
        digits.append("0123456789abcdefghijklmnopqrstuvwxyz"[digit])
    return "".join(digits)


def _rivals(keys: str, store: Store) -> str:
    """The slugs of the roles a rivals field names, joined by `_`; ExpiredAddress when a key
    names no role or more than one."""
    by_key: dict[str, list[str]] = {}
    for role in store.roles():
        by_key.setdefault(role_key(role.slug), []).append(role.slug)
    slugs = []
    for at in range(0, len(keys), ROLE_KEY):
        found = by_key.get(keys[at : at + ROLE_KEY], [])
        if len(found) != 1:
            raise ExpiredAddress("no such role")
        slugs.append(found[0])
    return "_".join(slugs)


def encode(view: View) -> str:
    """The address of a view; ValueError when the view has no address form or it is too long."""
    fields = frozenset(name for name in FIELDS if getattr(view, name) is not None)
    template = _BY_FIELDS.get((view.section, fields))
    if template is None:
        raise ValueError(f"no address form for a {view.section} view with {sorted(fields)}")
    address = template.format(view)
    if len(address.encode()) > MAX_BYTES:
        raise ValueError(f"address too long: {address}")
    return address


def fits(view: View) -> bool:
    """Whether a view has an address (a form for its fields, within the length limit)."""
    try:
        encode(view)
    except ValueError:
        return False
    return True


def decode(address: str, store: Store) -> View:
    """The view an address names; ExpiredAddress when it is stale, UnknownAddress when it is
    malformed or in no address form."""
    if not isinstance(address, str) or not ALPHABET.fullmatch(address):
        raise UnknownAddress("malformed address")
    for template in TEMPLATES:
        view = template.view(address)
        if view is not None:
            if view.rivals is not None:
                view = view.but(rivals=_rivals(view.rivals, store))
            _check(view, store)
            return view
    raise UnknownAddress("unknown address")


def _check(view: View, store: Store) -> None:
    """Every part of the view must exist in the store as it is now."""
    section = BY_NAME[view.section]
    try:
        if view.role is not None and not _an_occupations(view, store):
            (store.occupation if section.only_occupations else store.role)(view.role)
        for role in view.roles[1:]:
            store.role(role)
        for code in view.places:
            store.country(code)
        if view.display.currency is not None:
            store.rate(view.display.currency)
    except NotFoundError as exc:
        raise ExpiredAddress(str(exc)) from None
    if len(set(view.places)) != len(view.places) or len(set(view.roles)) != len(view.roles):
        raise ExpiredAddress("a country or role compared with itself")
    offer = view.checked
    if offer is not None and offer.currency is not None and offer.currency not in CURRENCIES:
        raise ExpiredAddress("no such currency")
    if view.region is not None and view.region >= len(store.regions()):
        raise ExpiredAddress("no such region")
    if (
        view.section == "skills"
        and view.group is not None
        and view.role is not None
        and view.group not in {g.key for g in store.skills(view.role).groups}
    ):
        raise ExpiredAddress("no such skill group")
    if view.section == "day" and view.level is not None and view.role is not None:
        _check_day(view, store, view.role, view.level)
    if view.topic is not None and view.topic not in BY_NAME[view.section].topics:
        raise ExpiredAddress("no such topic")
    if view.section == "getting_in" and view.role is not None:
        _check_getting_in(view, store, view.role)
    occupation_view.check(view, store)


def _check_day(view: View, store: Store, role: str, level: Level) -> None:
    if level not in store.day_note(role).levels:
        raise ExpiredAddress("no day at that level")
    steps = store.day(role, level).steps
    if view.step is None or not 1 <= view.step <= len(steps):
        raise ExpiredAddress("no such step")
    decision = steps[view.step - 1].decision
    if view.choice is not None and (
        decision is None or not 1 <= view.choice <= len(decision.choices)
    ):
        raise ExpiredAddress("no such choice")


def _an_occupations(view: View, store: Store) -> bool:
    """Whether the view is a screen of an imported occupation (not a curated role), in a
    section that has them."""
    return (
        view.role is not None
        and BY_NAME[view.section].occupations
        and is_occupation(store, view.role)
    )


def is_occupation(store: Store, slug: str) -> bool:
    """Whether a slug is an imported occupation's and no curated role's."""
    return store.is_occupation(slug) and slug not in {r.slug for r in store.roles()}


def _check_getting_in(view: View, store: Store, role: str) -> None:
    """A route from an origin the role has; a country only on the remote topic, in a place.
    An occupation's has one screen (from O*NET's preparation data)."""
    if is_occupation(store, role):
        if view.topic or view.origin or view.country:
            raise ExpiredAddress("an occupation's way in is one screen")
        return
    how = store.how_to_get_in(role)
    if view.origin is not None and not (
        view.origin in how.routes.from_roles or view.origin in how.routes.generic
    ):
        raise ExpiredAddress("no route from there")
    if view.country is not None and (
        view.topic != "remote" or not any(view.country in p.countries for p in how.remote.places)
    ):
        raise ExpiredAddress("no remote notes for that country")
