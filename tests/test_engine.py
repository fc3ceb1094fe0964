"""Scripted conversations through the engine: answers, follow-ups and clarifying questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from knowledge.store import Store
from tests.support.chat import Chat

MLE = "machine-learning-engineer"

# Each script: (action, argument, expected address or None, substrings of the reply text).
# action "say" types text; "tap" taps the button whose label contains the argument.
Script = list[tuple[str, str, str | None, list[str]]]
SCRIPTS: dict[str, Script] = {
    "typo salary answers one level first": [
        (
            "say",
            "salray for a senoir in germny?",
            f"{MLE}_sal_DE_senior",
            ["Senior Machine Learning Engineer in 🇩🇪 Germany", "€", "Other levels", "EUR"],
        ),
    ],
    "follow-up country keeps role and level": [
        ("say", "senior MLE salary uk", f"{MLE}_sal_GB_senior", ["£"]),
        ("say", "and in Germany?", f"{MLE}_sal_DE_senior", ["Germany"]),
        ("say", "what about juniors?", f"{MLE}_sal_DE_junior", ["Junior"]),
        ("say", "compare with Canada", f"{MLE}_cmp_DE_CA_junior", ["Canada", "Yearly pay, USD"]),
    ],
    "follow-up role keeps the section": [
        ("say", "salary for MLEs in the Netherlands", f"{MLE}_sal_NL", ["Netherlands"]),
        ("say", "what about data engineers?", "data-engineer_sal_NL", ["Data Engineer"]),
    ],
    "salary without a country asks for one": [
        ("say", "how much do data scientists earn", "data-scientist_sal", ["Which country?"]),
        ("tap", "Europe", "data-scientist_sal_r2", ["Europe"]),
        ("tap", "Germany", "data-scientist_sal_DE", ["Junior", "Mid-level", "Senior", "Manager"]),
        ("tap", "Senior", "data-scientist_sal_DE_senior", ["Senior Data Scientist"]),
    ],
    "two countries compare side by side": [
        (
            "say",
            "germany vs netherlands for seniors",
            f"{MLE}_cmp_DE_NL_senior",
            ["Germany", "Netherlands", "Yearly pay, EUR"],
        ),
    ],
    "us figures are the seed's, without a USD equivalent": [
        (
            "say",
            "/salary junior us",
            f"{MLE}_sal_US_junior",
            ["$95,000 – $130,000", "From the career page (April 2026)"],
        ),
    ],
    "a place without figures is named back, not asked again": [
        ("say", "MLE salary in Tokyo", None, ["I don't have salary data for Japan yet", "I cover"]),
        (
            "say",
            "data scientist salary in Singapore vs Zurich",
            "data-scientist_sal_SG",
            ["I don't have salary data for Switzerland yet", "Singapore"],
        ),
    ],
    "another language is noted once, the answer is in English": [
        (
            "say",
            "Wie viel verdient ein Data Engineer in München?",
            "data-engineer_sal_DE",
            ["I read your message in German", "Germany"],
        ),
        ("say", "Und in den Niederlanden?", "data-engineer_sal_NL", ["Netherlands"]),
    ],
    "limited data is marked": [
        ("say", "MLE salary vietnam", f"{MLE}_sal_VN", ["Limited market data", "₫"]),
    ],
    "day without a level asks, then steps through": [
        ("say", "what does a data engineer do all day", "data-engineer_day", ["Which level"]),
        ("tap", "Junior", "data-engineer_day_junior_1", ["Step 1 of"]),
        ("tap", "Next", "data-engineer_day_junior_2", ["Step 2 of"]),
        ("say", "next", "data-engineer_day_junior_3", ["Step 3 of"]),
        ("say", "back", "data-engineer_day_junior_2", ["Step 2 of"]),
    ],
    "day with a level starts at step one": [
        (
            "say",
            "what do ML managers do all day",
            f"{MLE}_day_manager_1",
            ["ML Engineering Manager", "Step 1 of 9"],
        ),
    ],
    "ai risk shows the gauge": [
        (
            "say",
            "will AI replace ML engineers?",
            f"{MLE}_risk",
            ["▰▰▰▰▰▰▰▰▱▱ 78/100", "Relatively safe"],
        ),
    ],
    "career path highlights the level from experience": [
        (
            "say",
            "career path for an MLE with 3 years of experience",
            f"{MLE}_path_mid",
            ["👉 02 Machine Learning Engineer", "(your level)"],
        ),
    ],
    "pivots open the target role": [
        ("say", "/pivots", f"{MLE}_piv", ["Software Engineer", "Ease"]),
        ("tap", "Data Engineer", "data-engineer", ["Data Engineer", "What would you like"]),
        ("tap", "Skills", "data-engineer_sk", ["Hard skills"]),
        ("tap", "Hard skills", "data-engineer_sk_hard", ["—"]),
    ],
    "unknown role is refused, not answered with another's numbers": [
        ("say", "youtuber salary uk", None, ["I don't have youtuber", "another occupation"]),
    ],
    "gibberish gets suggestions and the menu": [
        ("say", "asdfghjkl", None, ["didn't catch that", "Maybe one of these?"]),
    ],
    "start, menu and roles": [
        ("say", "/start", MLE, ["Hi! I'm careerbot", "What would you like to know?"]),
        ("say", "/roles", "roles", ["Roles I cover"]),
        ("say", "/help", "help", ["/salary", "/day", "/settings"]),
    ],
    "deep link opens a screen": [
        ("say", f"/start {MLE}_sal_SG_mid", f"{MLE}_sal_SG_mid", ["Singapore"]),
    ],
    "a deep link that names nothing says so": [
        ("say", "/start hack_me_GB", MLE, ["That link doesn't open anything I have"]),
    ],
    "a deep link to something gone has expired": [
        ("say", f"/start {MLE}_day_junior_99", MLE, ["That link has expired"]),
        ("say", "/start quant-trader_sal_DE", MLE, ["That link has expired"]),
    ],
}


@pytest.fixture
def chat(store: Store) -> Chat:
    """A fresh chat on the session's store."""
    return Chat(Engine(store))


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_script(chat: Chat, name: str) -> None:
    for action, argument, address, expected in SCRIPTS[name]:
        reply = chat.say(argument) if action == "say" else chat.tap(argument)
        assert reply.address == address, (argument, chat.text)
        for part in expected:
            assert part in chat.text, (argument, part, chat.text)


def test_preferences_answer_questions_without_a_country(chat: Chat) -> None:
    chat.say("/settings")
    chat.tap("Southeast Asia")
    chat.tap("Singapore")
    assert "Saved: your country is Singapore" in chat.text
    chat.tap("Senior")
    assert "Saved: your level is Senior" in chat.text
    chat.wait(3600)
    reply = chat.say("how much do cloud engineers make")
    assert reply.address == "cloud-engineer_sal_SG_senior"


def test_a_move_into_a_role_is_about_that_role_not_its_exits(chat: Chat) -> None:
    reply = chat.say("I'm a backend developer, how do I switch to data science")
    assert reply.address is not None
    assert reply.address.startswith("data-scientist_")
    assert "_piv" not in reply.address


def test_language_note_is_said_once_per_conversation(chat: Chat) -> None:
    chat.say("Gaji data engineer di Jakarta berapa sih?")
    assert "I read your message in Indonesian" in chat.text
    chat.say("Gaji software engineer di Bandung berapa?")
    assert "I read your message" not in chat.text


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "Was verdient ein ML Engineer in der Schweiz?",
            "I don't have salary data for Switzerland",
        ),
        ("Lehrer Gehalt?", "fits several occupations"),
        ("Hoeveel verdient een prompt engineer?", "I don't have"),
    ],
)
def test_language_note_leads_answers_without_a_screen(chat: Chat, text: str, said: str) -> None:
    chat.say(text)
    assert chat.text.startswith("🌐 I read your message in ")
    assert said in chat.text


def test_small_talk_in_another_language_stays_one_line_and_the_note_waits(chat: Chat) -> None:
    chat.say("Dank je wel!")
    assert "I read your message" not in chat.text
    chat.say("Wat verdient een data engineer in Nederland?")
    assert "I read your message in Dutch" in chat.text


def test_context_expires_after_twenty_minutes(chat: Chat) -> None:
    chat.say("senior data engineer salary uk")
    chat.wait(21 * 60)
    reply = chat.say("and in Germany?")
    assert reply.address == f"{MLE}_sal_DE", "role and level forgotten: the default role's pay"


def test_context_expires_after_five_unanswered_turns(chat: Chat) -> None:
    chat.say("senior data engineer salary uk")
    for _ in range(5):
        chat.say("hmm")
    assert chat.say("and in Germany?").address == f"{MLE}_sal_DE"


def test_context_survives_while_refreshed(chat: Chat) -> None:
    chat.say("senior MLE salary uk")
    for _ in range(6):
        chat.wait(10 * 60)
        chat.say("and in Germany?")
    assert chat.last is not None
    assert chat.last.address == f"{MLE}_sal_DE_senior"


def test_decision_point_shows_each_consequence(chat: Chat, store: Store) -> None:
    day = store.day(MLE, "senior")
    at = next(i for i, s in enumerate(day.steps, 1) if s.decision is not None)
    decision = day.steps[at - 1].decision
    assert decision is not None
    chat.say("/day senior")
    for _ in range(at - 1):
        chat.tap("Next")
    assert "Your call:" in chat.text
    assert chat.labels[: len(decision.choices)] == [c.label for c in decision.choices]
    assert not any("Next" in label for label in chat.labels)
    for choice in decision.choices:
        chat.say(f"/start {MLE}_day_senior_{at}")
        chat.tap(choice.label)
        assert choice.outcome in chat.text
        assert "Next ▶" in chat.labels


def test_last_step_recaps_skills_and_offers_other_levels(chat: Chat, store: Store) -> None:
    day = store.day(MLE, "junior")
    chat.say(f"/start {MLE}_day_junior_{len(day.steps)}")
    assert "End of the day" in chat.text
    for step in day.steps:
        assert step.skill in chat.text
    assert {"Try mid-level", "Try senior", "Try manager"} <= set(chat.labels)


def test_group_salary_answer_is_brief(store: Store) -> None:
    chat = Chat(Engine(store), brief=True)
    reply = chat.say("/salary senior uk")
    assert chat.text.count("\n") <= 3
    assert "Senior Machine Learning Engineer" in chat.text
    assert reply.buttons == []


def test_engines_on_one_open_store_share_its_parser(store: Store, store_path: Path) -> None:
    first, second = Engine(store), Engine(store)
    other = Store(store_path)
    try:
        assert first.parser is second.parser
        assert Engine(other).parser is not first.parser  # another open store: its own parser
        assert Engine(other).parser.parse("senior salary uk") == first.parser.parse(
            "senior salary uk"
        )
    finally:
        other.close()
