"""Crawl every screen reachable from the menus: no error, valid HTML within Telegram's limits,
addresses that fit in callback data and round-trip, and no dead end."""

from __future__ import annotations

import re
from collections import deque

import pytest

from bot.conversation.address import MAX_BYTES, decode, encode
from bot.conversation.context import ChatContext
from bot.conversation.occupation_view import place_of, side
from bot.conversation.sections import BY_NAME
from bot.conversation.view import View
from bot.engine import Engine
from bot.errors import ExpiredAddress
from bot.screens.html import BRIEF_LINES, MAX_TEXT, display_lines, plain
from bot.screens.reply import Reply
from knowledge.store import Store
from tests.support.html import html_problems

NOW = 1_800_000_000.0


SAMPLED_EVERY = 40
"""Of the ~1,000 imported occupations, every 40th is crawled in full (with those below); the
rest have the same screens, from the same code, on other rows of the same tables."""
SAMPLED = ("registered-nurses", "actors", "chief-executives", "software-developers")
"""Occupations crawled in full: pay by the hour only, top-coded figures, a curated role's."""
AREAS = frozenset({place_of(4_800_000), place_of(100_000), place_of(12_420), place_of(10_180)})
"""BLS areas whose pay screens are crawled (two states, two metropolitan areas)."""


def _crawled(address: str, store: Store, occupations: frozenset[str]) -> bool:
    """Whether the crawl follows a button: every curated screen, the sampled occupations'."""
    try:
        view = decode(address, store)
    except ExpiredAddress:
        return True  # crawled, so that the expired screen shows up as a failure
    if view.role is not None and store.is_occupation(view.role) and view.role not in occupations:
        return False
    places = {p for p in (view.place, view.other_place) if p is not None and p.isdigit()}
    return places <= AREAS


def followed(source: View, target: View) -> bool:
    """Whether the crawl follows a button. A screen shown another way (per month or hour, in
    another currency, as a chart, or picking a currency) is checked, but its buttons are not
    followed; and those ways are followed from screens of one place (salary cards, pay checks),
    not from every one of the thousands of comparisons (tests/test_compare.py shows those)."""
    if source.show is not None:
        return False
    return target.show is None or (source.other is None and source.rivals is None)


@pytest.fixture(scope="module")
def crawl(store: Store) -> dict[str, Reply]:
    """Every reachable screen by address, pressed through the real engine (from the menus,
    from a pay check of each role, which only a typed amount opens, and, of the imported
    occupations, a sample's)."""
    engine = Engine(store)
    every = store.occupations()
    sample = frozenset([*SAMPLED, *(o.slug for o in every[::SAMPLED_EVERY])])
    broader = next(o for o in every if o.wage_basis == "broader")
    unpaid = next(o for o in every if o.wage_code is None)
    sample |= {broader.slug, unpaid.slug}
    pairs = [
        f"vs_{side(store, 'registered-nurses')}_{side(store, 'data-scientists')}",
        f"vs_machine-learning-engineer_{side(store, 'actors')}",
    ]
    starts = ["roles", "help", "set", "fields", *(role.slug for role in store.roles()), *pairs]
    first = store.countries()[0].code
    starts += [f"{role.slug}_chk_{first}_100000" for role in store.roles()]  # typed amounts
    starts += [f"{slug}_o" for slug in sorted(sample)]
    checks = ("US_80000", "GB_40000GBP", "DE_50000EUR", f"{place_of(4_800_000)}_30USDh")
    starts += [f"{slug}_pk_{c}" for slug in (*SAMPLED, unpaid.slug) for c in checks]  # typed
    seen: dict[str, Reply] = {}
    queue = deque(starts)
    while queue:
        address = queue.popleft()
        if address in seen or not _crawled(address, store, sample):
            continue
        reply = engine.press(address, ChatContext(), NOW).reply
        seen[address] = reply
        views = {a: decode(a, store) for a in {address, *(b.address for b in reply.button_list())}}
        queue.extend(
            b.address
            for b in reply.button_list()
            if b.address not in seen and followed(views[address], views[b.address])
        )
    return seen


def test_crawl_reaches_every_kind_of_screen(crawl: dict[str, Reply], store: Store) -> None:
    sections = {decode(a, store).section for a in crawl}
    assert sections == set(BY_NAME)
    assert len(crawl) > 1000


def test_every_screen_is_valid_telegram_html(crawl: dict[str, Reply]) -> None:
    bad = {a: html_problems(r.text) for a, r in crawl.items() if html_problems(r.text)}
    assert bad == {}


def test_every_screen_fits_a_message(crawl: dict[str, Reply]) -> None:
    assert max(len(r.text) for r in crawl.values()) <= MAX_TEXT


def test_every_address_fits_and_round_trips(crawl: dict[str, Reply], store: Store) -> None:
    for address in crawl:
        assert len(address.encode()) <= MAX_BYTES
        assert encode(decode(address, store)) == address


def test_no_screen_is_a_dead_end(crawl: dict[str, Reply]) -> None:
    assert [a for a, r in crawl.items() if not r.button_list()] == []


def test_no_screen_shows_the_expired_notice(crawl: dict[str, Reply]) -> None:
    assert [a for a, r in crawl.items() if "expired" in r.text] == []


def test_every_button_leads_somewhere_else(crawl: dict[str, Reply]) -> None:
    """Only settings buttons (actions, which can be repeated) may lead to the same screen."""
    loops = [
        a
        for a, r in crawl.items()
        if any(b.address == a for b in r.button_list()) and not a.startswith("set_")
    ]
    assert loops == []


A_BEFORE_VOWEL = re.compile(
    r"\b[Aa] (?:(?![Ee]u|[Oo]n[ec])[AaEeIiOo][a-z]|[AEFHILMNORSX][A-Z0-9]+\b)"
)
"""`a AI`, `a ML`, `a engineer` (a before a vowel sound; `a European`, `a one-off` are fine)."""
AN_BEFORE_CONSONANT = re.compile(
    r"\b[Aa]n (?:(?![Hh]o(?:ur|nest|nou?r))[B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z][a-z]"
    r"|[BCDGJKPQTUVWYZ][A-Z0-9]+\b)"
)
"""`an Senior`, `an Data`, `an UX` (an before a consonant sound; `an hour` is fine)."""
REPEATED = re.compile(r"\b((?:\w+ ){1,5}\w+)\W+\1\b")
"""A phrase of two or more words said twice in a row (`Junior Data Engineer — Junior Data
Engineer`)."""


def screen_texts(crawl: dict[str, Reply]) -> dict[str, str]:
    """Every screen's text and button labels, as plain text."""
    return {
        a: "\n".join([plain(r.text), *(b.label for b in r.button_list())]) for a, r in crawl.items()
    }


def test_no_screen_gets_a_or_an_wrong(crawl: dict[str, Reply]) -> None:
    bad = {
        a: [m.group() for p in (A_BEFORE_VOWEL, AN_BEFORE_CONSONANT) for m in p.finditer(text)]
        for a, text in screen_texts(crawl).items()
    }
    assert {a: found for a, found in bad.items() if found} == {}


def test_no_screen_repeats_a_title(crawl: dict[str, Reply]) -> None:
    bad = {
        a: [m.group() for line in text.splitlines() for m in REPEATED.finditer(line)]
        for a, text in screen_texts(crawl).items()
    }
    assert {a: found for a, found in bad.items() if found} == {}


def test_no_level_word_stands_before_a_title_it_is_not(
    crawl: dict[str, Reply], store: Store
) -> None:
    """`Manager Machine Learning Engineer` is not a title; `Senior Machine Learning Engineer`
    is, because it is one of the role's career stages."""
    labels = store.level_labels().values()
    wrong = {
        phrase
        for role in store.roles()
        for label in labels
        for phrase in [f"{label} {role.name}"]
        if not any(s.title.startswith(phrase) for s in store.career_path(role.slug).stages)
    }
    bad = {
        a: sorted(p for p in wrong if p.lower() in text.lower())
        for a, text in screen_texts(crawl).items()
    }
    assert {a: found for a, found in bad.items() if found} == {}


def test_every_brief_form_fits_a_group_answer(crawl: dict[str, Reply], store: Store) -> None:
    """Groups and inline mode get the brief form of every screen: about 12 lines on a phone,
    valid HTML (comparisons are a compact table)."""
    engine = Engine(store)
    sections: set[str] = set()
    for address in crawl:
        view = decode(address, store)
        reply = engine.render(view, ChatContext().viewer, brief=True)
        assert display_lines(reply.text) <= BRIEF_LINES, (address, reply.text)
        assert html_problems(reply.text) == [], address
        sections.add(view.section)
    assert sections == set(BY_NAME)


def test_a_brief_comparison_is_a_table(store: Store) -> None:
    reply = Engine(store).render(
        decode("machine-learning-engineer_cmp_DE_NL", store), ChatContext().viewer, brief=True
    )
    assert "<pre>" in reply.text
    assert reply.text.count("\n") <= 10
