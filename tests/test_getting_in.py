"""How to get in: every curated role's section shows its editorial content, screen by screen,
with its provenance; its addresses are strict."""

from __future__ import annotations

import pytest

from bot.conversation.address import MAX_BYTES, decode, encode
from bot.conversation.context import ChatContext, Viewer
from bot.conversation.sections import BY_NAME
from bot.conversation.view import View
from bot.engine import Engine
from bot.errors import ExpiredAddress, UnknownAddress
from bot.screens.common import month
from bot.screens.html import MAX_TEXT, plain
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
