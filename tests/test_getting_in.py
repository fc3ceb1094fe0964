"""How to get in: every curated role's section shows its editorial content, screen by screen,
with its provenance; its addresses are strict."""

from __future__ import annotations

import pytest

from bot.conversation.address import MAX_BYTES, decode, encode
from bot.conversation.context import ChatContext, Viewer
from bot.conversation.dialog import decide
from bot.conversation.query import Query
from bot.conversation.sections import BY_NAME
from bot.conversation.view import View
from bot.engine import Engine
from bot.errors import ExpiredAddress, UnknownAddress
from bot.screens.common import month
from bot.screens.html import BRIEF_LINES, MAX_TEXT, display_lines, plain
from knowledge.store import Store
from tests.support.html import html_problems

NOW = 1_800_000_000.0
MLE = "machine-learning-engineer"
TOPICS = BY_NAME["getting_in"].topics


def roles(store: Store) -> list[str]:
    """Every curated role's slug."""
    return [r.slug for r in store.roles()]


@pytest.fixture(scope="module")
def engine(store: Store) -> Engine:
    """One engine over the session's store."""
    return Engine(store)


def shown(engine: Engine, view: View) -> str:
    """A view's reply as plain text, checked to be sendable."""
    reply = engine.render(view, Viewer())
    assert len(reply.text) <= MAX_TEXT
    assert html_problems(reply.text) == []
    assert reply.button_list(), "no dead end"
    for button in reply.button_list():
        assert len(button.address.encode()) <= MAX_BYTES
        decode(button.address, engine.store)
    return plain(reply.text)


def test_every_role_has_the_section_in_its_menu(engine: Engine, store: Store) -> None:
    for role in roles(store):
        menu = engine.render(View(section="menu", role=role), Viewer())
        assert f"{role}_in" in {b.address for b in menu.button_list()}
        section = engine.render(View(section="getting_in", role=role), Viewer())
        assert {f"{role}_in_{topic}" for topic in TOPICS} <= {
            b.address for b in section.button_list()
        }


@pytest.mark.parametrize("topic", TOPICS)
def test_each_topic_shows_its_content_and_provenance(
    engine: Engine, store: Store, topic: str
) -> None:
    for role in roles(store):
        how = store.how_to_get_in(role)
        text = shown(engine, View(section="getting_in", role=role, topic=topic))
        expected = {
            "routes": [how.intro, *(p.label for p in how.routes.generic.values())],
            "degrees": [how.degrees.verdict, *how.degrees.matters, *how.degrees.does_not],
            "certs": [c.name for c in (*how.certifications.asked_for, *how.certifications.noise)],
            "portfolio": [p.title for p in how.portfolio.projects],
            "interviews": [s.name for s in how.interviews.loop.stages],
            "prep": how.interviews.prepare.steps,
            "remote": [how.remote.how_common, *how.remote.what_changes],
            "later": [how.later_career.verdict, *how.later_career.expect],
        }[topic]
        for part in expected:
            assert part in text, (role, topic, part)
        assert f"Written by careerbot's editors ({month(how.as_of)})" in text


def test_every_route_shows_its_steps_and_time_frame(engine: Engine, store: Store) -> None:
    for role in roles(store):
        routes = store.how_to_get_in(role).routes
        starts = {str(k): v for k, v in routes.generic.items()}
        for origin, route in [*routes.from_roles.items(), *starts.items()]:
            text = shown(engine, View(section="getting_in", role=role, origin=origin))
            name = starts[origin].label if origin in starts else store.role(origin).name
            assert f"{name} → {store.role(role).name}" in text
            for part in (route.headline, *route.steps, route.time_frame):
                assert part in text, (role, origin, part)
            assert store.entry_route(role, origin) == (route if origin not in starts else None)


def test_each_remote_place_has_its_screen(engine: Engine, store: Store) -> None:
    for role in roles(store):
        for place in store.how_to_get_in(role).remote.places:
            for code in place.countries:
                view = View(section="getting_in", role=role, topic="remote", country=code)
                assert place.body in shown(engine, view)


def test_the_routes_put_the_readers_role_first(engine: Engine) -> None:
    reply = engine.render(
        View(section="getting_in", role=MLE, topic="routes"), Viewer(role="data-engineer")
    )
    assert reply.button_list()[0].label == "👉 Data Engineer"


@pytest.mark.parametrize(
    "address",
    [
        f"{MLE}_in_magic",
        f"{MLE}_in_from_dentist",
        f"{MLE}_in_from_{MLE}",
        f"{MLE}_in_remote_US",
        f"{MLE}_in_degrees_PH",
        "quant-trader_in_degrees",
    ],
)
def test_stale_or_forged_addresses_expire(store: Store, address: str) -> None:
    with pytest.raises(ExpiredAddress) as raised:
        decode(address, store)
    assert not isinstance(raised.value, UnknownAddress), "in the grammar: stale, not unknown"


@pytest.mark.parametrize(
    "address", [f"{MLE}_in_", f"{MLE}_in_from_", f"{MLE}_in_Degrees", f"{MLE}_in_remote_us"]
)
def test_addresses_outside_the_grammar_name_nothing(store: Store, address: str) -> None:
    with pytest.raises(UnknownAddress):
        decode(address, store)


def test_every_address_of_the_section_round_trips(engine: Engine, store: Store) -> None:
    for role in roles(store):
        section = engine.press(f"{role}_in", ChatContext(), NOW).reply
        for button in section.button_list():
            assert encode(decode(button.address, store)) == button.address


# --- imported occupations ---------------------------------------------------------------------

NURSES = "registered-nurses"


def test_every_occupation_has_one_screen_from_onet(engine: Engine, store: Store) -> None:
    curated = {r.slug for r in store.roles()}
    for job in store.occupations():
        if job.slug in curated:
            continue
        view = decode(f"{job.slug}_in", store)
        full, brief = engine.render(view, Viewer()), engine.render(view, Viewer(), brief=True)
        for reply in (full, brief):
            assert len(reply.text) <= MAX_TEXT
            assert html_problems(reply.text) == [], job.slug
        assert display_lines(brief.text) <= BRIEF_LINES, plain(brief.text)
        prep = store.preparation(job.slug)
        if prep.zone is not None:
            assert prep.zone.name in plain(full.text)
            assert prep.zone.education in plain(full.text)
        assert "O*NET" in plain(brief.text)


def test_an_occupations_screen_shows_what_its_workers_report(engine: Engine, store: Store) -> None:
    text = plain(engine.render(View(section="getting_in", role=NURSES), Viewer()).text)
    top = max(store.preparation(NURSES).education, key=lambda s: s.percent)
    assert f"{top.description.split(' - ')[0].split(' (')[0]} {top.percent:.0f}%" in text
    assert "Used under the CC BY 4.0 license" in text


@pytest.mark.parametrize(
    "address", [f"{NURSES}_in_degrees", f"{NURSES}_in_from_degree", f"{NURSES}_ov", f"{NURSES}_sal"]
)
def test_an_occupation_has_only_the_screens_it_has(store: Store, address: str) -> None:
    with pytest.raises(ExpiredAddress):
        decode(address, store)


@pytest.mark.parametrize(
    ("query", "address"),
    [
        (Query(intent="career_path", target_role="onet:29-1141.00"), f"{NURSES}_in"),
        (Query(intent="skills", role="onet:29-1141.00", topic="degrees"), f"{NURSES}_in"),
        (Query(intent="career_path", target_role="onet:15-2051.00"), "data-scientist_in_routes"),
        (
            Query(intent="career_path", target_role="onet:00-0000.00"),
            "machine-learning-engineer_path",
        ),
    ],
)
def test_advice_about_an_occupation_opens_its_screen(
    engine: Engine, query: Query, address: str
) -> None:
    """An occupation a curated role stands for gets the role's section; one the store does
    not have gets no way in (the parse's intent decides)."""
    view = decide(query, ChatContext(), engine.store).view
    assert view is not None
    assert encode(view) == address
