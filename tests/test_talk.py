"""Small talk is small: greetings get a few lines and three examples to tap, thanks, praise,
goodbyes and questions about the bot one line, and in groups everything is one line."""

from __future__ import annotations

import pytest

from bot.conversation.context import ChatContext
from bot.engine import Engine
from bot.screens.html import display_lines
from knowledge.store import Store
from tests.support.chat import Chat

NOW = 1_800_000_000.0
MLE = "machine-learning-engineer"

GREETINGS = [
    "hi",
    "hello??",
    "hey there",
    "good morning careerbot",
    "yo bot wassup",
    "hallo",
    "goedemorgen",
    "halo",
    "selamat pagi",
    "xin chào",
    "kumusta",
]
ONE_LINERS = [
    ("thanks!", "welcome"),
    ("thank you so much", "welcome"),
    ("thanks for the help", "welcome"),
    ("danke", "welcome"),
    ("dank je wel", "welcome"),
    ("terima kasih", "welcome"),
    ("cảm ơn", "welcome"),
    ("salamat po", "welcome"),
    ("great bot", "glad it helps"),
    ("super helpful!", "glad it helps"),
    ("I love you bot ❤️", "glad it helps"),
    ("bye", "come back"),
    ("who made you", "open-source"),
    ("are you a bot", "not a human, and not an LLM"),
    ("are you a real person?", "not a human"),
    ("bist du ein bot?", "not a human"),
]
NOT_SMALL_TALK = [
    ("hi, what's the salary for a senior MLE in germany", f"{MLE}_sal_DE_senior"),
    ("hello, how do I become a data scientist", f"data-scientist_in_from_{MLE}"),
    ("what can you do", "help"),
    ("and in Germany? thanks", f"{MLE}_sal_DE"),
]


@pytest.fixture
def chat(store: Store) -> Chat:
    """A private chat that has just asked for MLE pay in the UK."""
    chat = Chat(Engine(store))
    chat.say("MLE salary uk")
    return chat


@pytest.mark.parametrize("text", GREETINGS)
def test_a_greeting_gets_a_few_lines_and_three_examples(
    chat: Chat, store: Store, text: str
) -> None:
    reply = chat.say(text)
    assert reply.address is None
    assert 2 <= len(chat.text.splitlines()) <= 4, chat.text
    assert len(reply.button_list()) == 3
    engine = Engine(store)
    for button in reply.button_list():
        shown = engine.press(button.address, ChatContext(), NOW)
        assert shown.intent == "button", button


@pytest.mark.parametrize(("text", "said"), ONE_LINERS)
def test_thanks_praise_and_questions_about_the_bot_get_one_line(
    chat: Chat, text: str, said: str
) -> None:
    reply = chat.say(text)
    assert len(chat.text.splitlines()) == 1, chat.text
    assert said in chat.text
    assert reply.buttons == []


@pytest.mark.parametrize("text", [*GREETINGS, *(t for t, _ in ONE_LINERS)])
def test_small_talk_in_a_group_is_one_line(store: Store, text: str) -> None:
    group = Chat(Engine(store), brief=True)
    group.say(text)
    assert display_lines(group.text) <= 3, group.text
    assert len(group.text.splitlines()) == 1


@pytest.mark.parametrize(("text", "address"), NOT_SMALL_TALK)
def test_a_question_with_small_talk_around_it_is_answered(
    chat: Chat, text: str, address: str
) -> None:
    assert chat.say(text).address == address, chat.text


def test_small_talk_leaves_the_conversation_as_it_was(chat: Chat) -> None:
    before = chat.context
    chat.say("thanks!")
    assert chat.context == before
    assert chat.say("and in Germany?").address == f"{MLE}_sal_DE"
