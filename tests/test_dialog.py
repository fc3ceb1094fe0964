"""The dialog through the real engine: advice questions reach "how to get in", moves show the
way in from where the person is, who said what last wins, and short inputs continue."""

from __future__ import annotations

import pytest

from bot.conversation.address import decode
from bot.conversation.context import ChatContext
from bot.conversation.cues import Cues
from bot.conversation.dialog import decide
from bot.conversation.query import Query
from bot.conversation.sections import TOPICS
from bot.engine import Engine
from bot.errors import ExpiredAddress
from knowledge.store import Store
from tests.support.chat import Chat

MLE = "machine-learning-engineer"
DS, DE, SWE, CE = "data-scientist", "data-engineer", "software-engineer", "cloud-engineer"


@pytest.fixture(scope="module")
def engine(store: Store) -> Engine:
    """One engine over the session's store."""
    return Engine(store)


@pytest.fixture
def chat(engine: Engine) -> Chat:
    """A fresh private chat."""
    return Chat(engine)


# --- advice questions ---------------------------------------------------------------------------

ADVICE = [
    ("how do I get my first MLE job", f"{MLE}_in_routes"),
    ("is a masters worth it", f"{MLE}_in_degrees"),
    ("do I need a PhD to work as a data scientist?", f"{DS}_in_degrees"),
    ("what certifications should an ML engineer get", f"{MLE}_in_certs"),
    ("are cloud certs worth it for cloud engineers", f"{CE}_in_certs"),
    ("how to prepare for ML engineer interviews", f"{MLE}_in_prep"),
    ("what's the interview process like for data engineers", f"{DE}_in_interviews"),
    ("portfolio project ideas for a data scientist", f"{DS}_in_portfolio"),
    ("remote ML engineer jobs", f"{MLE}_in_remote"),
    ("can data engineers work remotely?", f"{DE}_in_remote"),
    ("entry level ml jobs for fresh grads", f"{MLE}_in_from_degree"),
    ("i'm 40, too old to switch to ML?", f"{MLE}_in_later"),
    ("is it too late to become a software engineer in my 40s", f"{SWE}_in_later"),
]
"""Advice questions keep their intent but land on the sub-screen their words name."""
NOT_ADVICE = [
    ("what skills does a data engineer need", f"{DE}_sk"),
    ("career path for an MLE with 3 years of experience", f"{MLE}_path_mid"),
    ("where can a data scientist pivot to", f"{DS}_piv"),
    ("remote MLE salary in germany", f"{MLE}_sal_DE"),
    ("what does a remote data engineer do all day", f"{DE}_day"),
]
"""Questions with a topic word that ask for something else keep their own screen."""


@pytest.mark.parametrize(("text", "address"), ADVICE + NOT_ADVICE)
def test_advice_questions_land_on_their_sub_screen(chat: Chat, text: str, address: str) -> None:
    assert chat.say(text).address == address, chat.text


def test_a_topic_follow_up_continues_the_section(chat: Chat) -> None:
    chat.say("is a masters worth it for data scientists")
    assert chat.say("and for data engineers?").address == f"{DE}_in_degrees"
    assert chat.say("and remote work?").address == f"{DE}_in_remote"
    assert chat.say("philippines").address == f"{DE}_in_remote_PH"
    assert "Southeast Asia" in chat.text


def test_remote_work_opens_the_notes_for_the_persons_country(chat: Chat) -> None:
    chat.say("/settings")
    chat.tap("South Asia")
    chat.tap("India")
    assert chat.say("remote ML engineer jobs").address == f"{MLE}_in_remote_IN"
    assert chat.say("remote jobs in Germany for data scientists").address == f"{DS}_in_remote_DE"
    assert chat.say("remote cloud engineer jobs in the US").address == f"{CE}_in_remote"


TYPED_MOVES = [
    (
        "I'm a backend developer, how do I transition into machine learning engineering",
        [],
        f"{MLE}_in_from_backend-developer",
    ),
    ("can a data scientist switch to ML engineering?", [], f"{MLE}_in_from_{DS}"),
    ("how do I break into data science", [], f"{DS}_in_routes"),
    ("what should I learn to become an ML engineer", [], f"{MLE}_sk"),
    (
        "how do I switch to data science?",
        ["say what does a data engineer do"],
        f"{DS}_in_from_{DE}",
    ),
    ("i'm 40, too old to switch to ML?", ["say what does a data engineer do"], f"{MLE}_in_later"),
    ("how long does it take to become a senior data scientist", [], f"{DS}_path_senior"),
]
"""Moves as typed: how to get into the role moved into, from the person's role (said, or the
one they were looking at), never the exits of the role moved into."""


@pytest.mark.parametrize(("text", "before", "address"), TYPED_MOVES)
def test_a_typed_move_shows_the_way_in(
    chat: Chat, text: str, before: list[str], address: str
) -> None:
    play(chat, before)
    assert chat.say(text).address == address, chat.text
    assert "pivot from" not in chat.text


MOVES = [
    # (the parse, the person's role in context, the address shown)
    (Query(intent="career_path", role=SWE, target_role=MLE), None, f"{MLE}_in_from_{SWE}"),
    (Query(intent="career_path", target_role=MLE), DS, f"{MLE}_in_from_{DS}"),
    (Query(intent="career_path", target_role=MLE), None, f"{MLE}_in_routes"),
    (Query(intent="pivots", role=DE, target_role=MLE), None, f"{MLE}_in_from_{DE}"),
    (Query(intent="skills", role=SWE, target_role=MLE), None, f"{MLE}_in_from_{SWE}"),
    (Query(intent="skills", target_role=DS), None, f"{DS}_sk"),
    (Query(intent="career_path", target_role=MLE, topic="later"), SWE, f"{MLE}_in_later"),
    (Query(intent="skills", target_role=CE, topic="certs"), None, f"{CE}_in_certs"),
    (
        Query(intent="career_path", role="onet:29-1141.00", target_role=DE),
        None,
        f"{DE}_in_from_career-changer",
    ),
]


@pytest.mark.parametrize(("query", "context_role", "address"), MOVES)
def test_a_move_shows_the_way_in_from_where_the_person_is(
    engine: Engine, query: Query, context_role: str | None, address: str
) -> None:
    """Never the target's exits: the route from the person's role, from another field, or
    every way in."""
    ctx = ChatContext(address=context_role, role=context_role, updated=1.0)
    view = decide(query, ctx, engine.store).view
    assert view is not None
    assert engine.render(view, ctx.viewer).address == address


def test_every_lexicon_topic_is_a_sub_screen(store: Store) -> None:
    cues = Cues.from_store(store)
    named = {t.target for t in store.vocabulary("topic")}
    assert named == set(TOPICS)
    assert set(cues.topics.values()) == set(TOPICS)


# --- who said what last wins --------------------------------------------------------------------

# Each case: what the person does, in order ("say ..." types, "set <region>/<country>" saves a
# country in /settings, "level <label>" saves a level, "wait <seconds>"), then the address the
# last message gets.
LAST_WINS = {
    "the message beats everything": (
        ["say senior data engineer salary germany", "set South Asia/India", "say /salary uk"],
        f"{DE}_sal_GB_senior",
    ),
    "just set in settings beats an older message": (
        ["say senior data engineer salary germany", "set South Asia/India", "say /salary"],
        f"{DE}_sal_IN_senior",
    ),
    "the previous message beats older settings": (
        ["set South Asia/India", "say data engineer salary germany", "say /salary"],
        f"{DE}_sal_DE",
    ),
    "older context beats saved preferences": (
        [
            "set South Asia/India",
            "wait 600",
            "say data engineer salary germany",
            "wait 600",
            "say /salary",
        ],
        f"{DE}_sal_DE",
    ),
    "saved preferences once the context has expired": (
        ["set South Asia/India", "say data engineer salary germany", "wait 1300", "say /salary"],
        f"{MLE}_sal_IN",
    ),
    "a level just set beats the level said before": (
        ["say junior data engineer salary uk", "level Manager", "say /salary"],
        f"{DE}_sal_GB_manager",
    ),
    "the level said after beats the saved level": (
        ["level Manager", "say junior data engineer salary uk", "say /salary"],
        f"{DE}_sal_GB_junior",
    ),
    "the message's level beats the saved one": (
        ["level Manager", "say /salary junior germany"],
        f"{MLE}_sal_DE_junior",
    ),
    "a comparison starts from the latest country": (
        ["say germany vs netherlands", "set South Asia/India", "say compare with Canada"],
        f"{MLE}_cmp_IN_CA",
    ),
    "each value is the latest given: the level typed, the country just set": (
        [
            "say senior data engineer salary germany",
            "set South Asia/India",
            "say how much do data scientists make",
        ],
        f"{DS}_sal_IN_senior",
    ),
}


def play(chat: Chat, steps: list[str]) -> None:
    """Play the steps of a case; every step takes a second."""
    for step in steps:
        chat.wait(1)
        verb, _, rest = step.partition(" ")
        if verb == "say":
            chat.say(rest)
        elif verb == "wait":
            chat.wait(float(rest))
        elif verb == "set":
            region, country = rest.split("/")
            chat.say("/settings")
            chat.tap(region)
            chat.tap(country)
        else:
            chat.say("/settings")
            chat.tap(rest)


@pytest.mark.parametrize("name", list(LAST_WINS))
def test_who_said_what_last_wins(chat: Chat, name: str) -> None:
    steps, address = LAST_WINS[name]
    play(chat, steps)
    assert chat.last is not None
    assert chat.last.address == address, chat.text


# --- short inputs -------------------------------------------------------------------------------

SHORT = {
    "a bare country with no context opens pay": ([], "germany", f"{MLE}_sal_DE"),
    "a bare level with no context opens that day": ([], "senior", f"{MLE}_day_senior_1"),
    "a bare level with a saved country opens pay": (
        ["set South Asia/India"],
        "senior",
        f"{MLE}_sal_IN_senior",
    ),
    "a bare role with no context opens its menu": ([], "data engineer", DE),
    "back with no context opens the menu": ([], "back", MLE),
    "a bare level continues pay": (
        ["say data scientist salary germany"],
        "senior",
        f"{DS}_sal_DE_senior",
    ),
    "a bare country continues pay": (
        ["say senior data scientist salary uk"],
        "germany",
        f"{DS}_sal_DE_senior",
    ),
    "a bare role continues pay": (
        ["say senior MLE salary uk"],
        "data scientist",
        f"{DS}_sal_GB_senior",
    ),
    "a bare level continues a comparison": (
        ["say germany vs netherlands for data engineers"],
        "junior",
        f"{DE}_cmp_DE_NL_junior",
    ),
    "a bare level continues the day": (["say /day junior"], "senior", f"{MLE}_day_senior_1"),
    "a bare level continues the path": (["say /path"], "manager", f"{MLE}_path_manager"),
    "a bare role continues the day at its level": (
        ["say /day senior"],
        "data engineer",
        f"{DE}_day_senior_1",
    ),
    "a bare role continues a section": (
        ["say will AI replace data engineers?"],
        "cloud engineer",
        f"{CE}_risk",
    ),
    "a bare country on a screen without one opens pay": (
        ["say what does a data engineer do"],
        "canada",
        f"{DE}_sal_CA",
    ),
    "a bare level on a screen without one opens that day": (
        ["say what does a data engineer do"],
        "junior",
        f"{DE}_day_junior_1",
    ),
    "back returns to the previous screen": (
        ["say what does a data engineer do", "say /skills"],
        "back",
        f"{DE}_ov",
    ),
    "back twice goes further back, then to the menu": (
        ["say what does a data engineer do", "say /skills", "say back"],
        "back",
        DE,
    ),
    "back inside the day steps back": (
        ["say /day junior", "say next", "say next"],
        "back",
        f"{MLE}_day_junior_2",
    ),
    "a Tagalog 'how about' continues pay": (
        ["say magkano sahod ng data engineer sa Pilipinas"],
        "paano naman sa Singapore?",
        f"{DE}_sal_SG",
    ),
    "a Vietnamese 'and in' continues pay": (
        ["say lương data engineer ở Việt Nam"],
        "còn ở Singapore thì sao?",
        f"{DE}_sal_SG",
    ),
    "thanks before a bare country still continues pay": (
        ["say senior data scientist salary uk"],
        "thanks! and for the netherlands?",
        f"{DS}_sal_NL_senior",
    ),
    "chat filler before a bare country still continues pay": (
        ["say senior data scientist salary uk"],
        "lol ok and germany",
        f"{DS}_sal_DE_senior",
    ),
}


@pytest.mark.parametrize(
    "text",
    [
        "what's the weather in berlin",
        "Wie ist das Wetter in Berlin?",
        "tell me a joke about data scientists in singapore",
        "can you write my cover letter for a job in the uk",
    ],
)
def test_an_off_topic_ask_naming_a_place_is_no_follow_up(chat: Chat, text: str) -> None:
    """A place or role in a question the bot does not answer is no pay question."""
    play(chat, ["say senior data scientist salary uk"])
    chat.say(text)
    assert "didn't catch" in chat.text, chat.text
    assert "💰" not in chat.text, chat.text


@pytest.mark.parametrize("name", list(SHORT))
def test_short_inputs_continue(chat: Chat, name: str) -> None:
    before, text, address = SHORT[name]
    play(chat, before)
    assert chat.say(text).address == address, chat.text


# --- roles side by side ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("difference between data engineer and data scientist", (DE, DS)),
        ("MLE vs data scientist - what's the difference?", (MLE, DS)),
        ("what's the difference between a cloud engineer, a backend dev and a SWE", None),
        ("Was ist der Unterschied zwischen Data Engineer und Data Scientist?", (DE, DS)),
    ],
)
def test_the_difference_between_roles_shows_what_each_does(
    chat: Chat, store: Store, text: str, roles: tuple[str, ...] | None
) -> None:
    """Each role named gets its gist and main work, and a button to its own overview; the
    first named is no longer the only one shown."""
    reply = chat.say(text)
    assert reply.address is not None, chat.text
    assert "_ov_w" in reply.address, chat.text
    view = decode(reply.address, store)
    assert roles is None or view.roles == roles
    assert len(view.roles) >= 2
    for slug in view.roles:
        assert store.role(slug).name in chat.text
        assert store.overview(slug).duties[0].title in chat.text
    assert chat.text.count("Main work") == len(view.roles)
    chat.tap("Pay side by side")
    assert chat.last is not None
    assert chat.last.address is not None
    assert decode(chat.last.address, store).roles == view.roles


def test_a_side_by_side_button_of_a_role_that_is_gone_has_expired(store: Store) -> None:
    with pytest.raises(ExpiredAddress):
        decode(f"{DE}_ov_wzzzz", store)
