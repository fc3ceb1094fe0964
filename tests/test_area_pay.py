"""A curated role asked about with a US state or metro ("software engineer salary in texas",
"data scientist pay seattle vs new york"): its own US ranges, and beside them BLS's figures
for its O*NET occupation in those areas, labelled as BLS's with the area; never another
occupation's or place's figures; said plainly where BLS publishes none. Through the real
engine on the real store, and once through the real PTB Application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.conversation.context import ChatContext
from bot.engine import Engine, parser_for
from bot.screens.html import plain
from bot.screens.occupation_pay import source_country, summary
from knowledge.occupation_store import US_WAGES
from knowledge.store import Store
from tests.support.chat import Chat
from tests.support.harness import Bot, application, message

NOW = 1_800_000_000.0
TEXAS, AUSTIN, SEATTLE, NEW_YORK, BOULDER = 4_800_000, 12_420, 42_660, 35_620, 14_500
SAN_FRANCISCO, SAN_JOSE = 41_860, 41_940
AREA_MARK = "📍"

# (message, curated role, level or None, the BLS areas asked about)
CASES: list[tuple[str, str, str | None, list[int]]] = [
    ("software engineer salary in texas", "software-engineer", None, [TEXAS]),
    ("data scientist pay seattle vs new york", "data-scientist", None, [SEATTLE, NEW_YORK]),
    ("senior software engineer salary in austin", "software-engineer", "senior", [AUSTIN]),
    ("how much do data scientists make in Texas", "data-scientist", None, [TEXAS]),
    ("ml engineer pay seattle", "machine-learning-engineer", None, [SEATTLE]),
    ("software engineer salary in Boulder, CO", "software-engineer", None, [BOULDER]),
    ("data scientist pay boulder colorado", "data-scientist", None, [BOULDER]),
    # what people call an area (curation/area_nicknames.csv), in any case
    ("software engineer salary nyc", "software-engineer", None, [NEW_YORK]),
    ("data scientist salary in the Bay Area", "data-scientist", None, [SAN_FRANCISCO]),
    (
        "senior swe pay sf vs silicon valley",
        "software-engineer",
        "senior",
        [SAN_FRANCISCO, SAN_JOSE],
    ),
]


@pytest.fixture(scope="module")
def engine(store: Store) -> Engine:
    """One engine on the session's store."""
    return Engine(store)


def _said(store: Store, role: str, area: int) -> str:
    """BLS's figures for the role's O*NET occupation in an area, as the card says them."""
    occupation = store.occupation_by_code(store.role(role).onet_code)
    wages = store.wages(occupation.slug, area)
    assert wages is not None
    said = summary(wages, source_country(store, US_WAGES))
    assert said is not None
    return said


def _address(role: str, level: str | None, areas: list[int]) -> str:
    places = "_".join(f"{a:07d}" for a in areas)
    return f"{role}_sal_US_a{places}" + (f"_{level}" if level else "")


@pytest.mark.parametrize(("text", "role", "level", "areas"), CASES, ids=[c[0] for c in CASES])
def test_a_curated_role_in_a_us_area_gets_blss_figures_there_beside_its_own(
    engine: Engine, store: Store, text: str, role: str, level: str | None, areas: list[int]
) -> None:
    reply = engine.text(text, ChatContext(), NOW).reply
    shown = plain(reply.text)
    assert reply.address == _address(role, level, areas), shown
    own = store.pay(role, "US")
    assert all(f"{p.band.low:,}" in shown for p in own if p.level == (level or p.level))
    marked = [line for line in shown.splitlines() if line.startswith(AREA_MARK)]
    assert len(marked) == len(areas), shown  # those asked about, no other place
    occupation = store.occupation_by_code(store.role(role).onet_code)
    for line, area in zip(marked, areas, strict=True):
        assert f"BLS, {store.area(area).name}" in line
        assert occupation.title in line
        assert _said(store, role, area) in line
    assert "for the whole US" in shown


def test_an_area_without_blss_figures_is_said_to_have_none(engine: Engine, store: Store) -> None:
    role = "machine-learning-engineer"
    occupation = store.occupation_by_code(store.role(role).onet_code)
    published = {a.code for a in store.wage_areas(occupation.slug, "state")}
    nebraska = next(a for a in store.areas() if a.name == "Nebraska")
    assert nebraska.code not in published  # the case this test is about
    reply = engine.text("machine learning engineer salary in Nebraska", ChatContext(), NOW).reply
    shown = plain(reply.text)
    (line,) = [line for line in shown.splitlines() if line.startswith(AREA_MARK)]
    assert "BLS, Nebraska" in line
    assert "BLS publishes no figure for this occupation there" in line
    assert "$" not in line
    assert "closest occupation" in line  # ML engineers are not exactly O*NET's occupation


def test_a_follow_up_keeps_the_area_until_another_place_is_named(engine: Engine) -> None:
    chat = Chat(engine)
    chat.say("software engineer salary in texas")
    chat.tap("Senior")
    assert chat.last is not None
    assert chat.last.address == "software-engineer_sal_US_a4800000_senior"
    chat.say("what about mid level?")
    assert chat.last is not None
    assert chat.last.address == "software-engineer_sal_US_a4800000_mid"
    assert "BLS, Texas" in chat.text
    chat.say("and in Germany?")
    assert chat.last is not None
    assert chat.last.address is not None
    assert "_a" not in chat.last.address
    assert AREA_MARK not in chat.text


# (what is said in turn, the place the last pay screen must show: a BLS area or a country)
REMEMBERED: list[tuple[list[str], str]] = [
    (["nurse salary in Texas", "what skills do they need", "how much do they earn"], "Texas"),
    (["I live in Texas", "how much do nurses make"], "Texas"),
    (["nurse salary in Texas", "data scientist salary"], "Texas"),
    (["software engineer salary in texas", "dentist pay"], "Texas"),
    (["nurse salary in Texas", "and in the uk?", "dentist pay"], "United Kingdom"),
    (["nurse salary in the uk", "nurse salary in Texas", "dentist pay"], "Texas"),
    (["nurse salary in Texas", "data scientist salary in germany", "dentist pay"], "Germany"),
]


@pytest.mark.parametrize(("said", "place"), REMEMBERED, ids=[" / ".join(s) for s, _ in REMEMBERED])
def test_a_us_area_is_remembered_across_screens_until_a_country_is_given(
    engine: Engine, said: list[str], place: str
) -> None:
    chat = Chat(engine)
    for text in said:
        chat.say(text)
    shown = chat.text.splitlines()
    heading = next(line for line in shown if line.startswith("💰"))
    areas = [line for line in shown if line.startswith(AREA_MARK)]
    assert place in heading or any(f"BLS, {place}" in line for line in areas), chat.text
    if place != "Texas":
        assert "Texas" not in chat.text


def test_groups_get_the_area_in_the_brief_answer(store: Store) -> None:
    chat = Chat(Engine(store), brief=True)
    chat.say("software engineer salary in texas")
    assert "BLS, Texas" in chat.text
    assert _said(store, "software-engineer", TEXAS) in chat.text
    assert len(chat.text.splitlines()) <= 12


@pytest.mark.parametrize(
    "forged",
    [
        "software-engineer_sal_DE_a4800000",
        "software-engineer_sal_US_a9999999",
        "software-engineer_sal_US_a0000000",
        "software-engineer_sal_US_a4800000_4800000",
    ],
)
def test_forged_area_salary_addresses_expire(engine: Engine, forged: str) -> None:
    text = engine.press(forged, ChatContext(), NOW).reply.text
    assert "expired" in text or "doesn't open" in text


@pytest.fixture
async def bot(store: Store, tmp_path: Path) -> AsyncIterator[Bot]:
    """An initialised Application on the session store, with a recording transport."""
    async with application(store, tmp_path) as running:
        yield running


async def test_on_telegram_seattle_vs_new_york_gets_both(bot: Bot, store: Store) -> None:
    await bot.feed(message("data scientist pay seattle vs new york"))
    text = bot.last_text()
    for area in (SEATTLE, NEW_YORK):
        assert f"BLS, {store.area(area).name}" in text
        assert _said(store, "data-scientist", area) in text


def test_inline_other_countries_cards_never_carry_the_us_area(engine: Engine) -> None:
    answers = engine.inline("software engineer salary texas")
    assert answers[0].reply.address == "software-engineer_sal_US_a4800000"
    for answer in answers[1:]:
        address = answer.reply.address
        assert address is not None
        if "_sal_US" not in address:
            assert "_a" not in address.removeprefix("software-engineer")
            assert AREA_MARK not in answer.reply.text
        opened = engine.press(address, ChatContext(), NOW).reply.text
        assert "expired" not in opened


def test_a_comparison_with_a_us_area_says_it_shows_the_whole_us(engine: Engine) -> None:
    reply = engine.text("software engineer salary in texas vs germany", ChatContext(), NOW).reply
    assert reply.address == "software-engineer_cmp_US_DE"
    assert "shows the US as a whole" in plain(reply.text)
    assert AREA_MARK not in plain(reply.text).split("\n", 1)[1]  # no area figures on it


@pytest.mark.parametrize(
    ("message", "names"),
    [
        ("nurse salary in Kansas", ["Kansas"]),
        ("how much do electricians make in iowa", ["Iowa"]),
        ("teacher pay wyoming", ["Wyoming"]),
        ("nurse salary maine vs vermont", ["Maine", "Vermont"]),
        ("teacher pay in Wyoming, MI", ["Grand Rapids-Wyoming-Kentwood, MI"]),
        ("nurse salary new york", ["New York-Newark-Jersey City, NY-NJ"]),
        ("nurse salary in Washington State", ["Washington"]),
        ("mobile developer salary", []),
    ],
)
def test_a_state_is_a_place_wherever_its_name_stands(
    store: Store, message: str, names: list[str]
) -> None:
    codes = {a.name: a.code for a in store.areas()}
    assert parser_for(store).parse(message).areas == [codes[n] for n in names]
