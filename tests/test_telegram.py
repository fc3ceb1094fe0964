"""Telegram handlers: the real Application processes real Updates; only HTTP is replaced, by a
BaseRequest that records every Bot API call (python-telegram-bot's own test approach)."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from bot.conversation.sections import COMMANDS
from bot.engine import Engine
from bot.screens.html import plain
from bot.state.sqlite import SQLiteState
from bot.telegram.app import build_application, register_commands
from bot.telegram.offline import BOT_USERNAME, JSON, USER, RecordingRequest
from knowledge.store import Store
from tests.support.harness import GROUP, OTHER, Bot, inline, message, settings_for, tap

COMMAND_CASES = [
    ("/start", "Hi! I'm careerbot"),
    ("/help", "/settings"),
    ("/menu", "What would you like to know?"),
    ("/salary senior uk", "Senior Machine Learning Engineer in 🇬🇧 United Kingdom"),
    ("/salary", "Which country?"),
    ("/day junior", "Step 1 of"),
    ("/day", "Which level"),
    ("/skills", "skills needed"),
    ("/risk", "78/100"),
    ("/path", "career progression"),
    ("/pivots", "Where can you pivot"),
    ("/getin", "Machine Learning Engineer: how to get in"),
    ("/sources", "sources & methodology"),
    ("/roles", "Roles I cover"),
    ("/settings", "Settings"),
]


def test_every_command_has_a_case() -> None:
    assert {c.split()[0][1:] for c, _ in COMMAND_CASES} == {c.name for c in COMMANDS}


@pytest.mark.parametrize(("text", "expected"), COMMAND_CASES)
async def test_commands_in_private(bot: Bot, text: str, expected: str) -> None:
    await bot.feed(message(text))
    (sent,) = bot.transport.sent()
    assert expected in plain(sent["text"])
    assert sent["parse_mode"] == "HTML"
    assert sent["chat_id"] == USER["id"]


async def test_start_with_a_deep_link_opens_that_screen(bot: Bot) -> None:
    await bot.feed(message("/start machine-learning-engineer_sal_SG_mid"))
    assert "Machine Learning Engineer, mid-level in 🇸🇬 Singapore" in bot.last_text()


async def test_commands_are_registered(bot: Bot) -> None:
    await register_commands(bot.app)
    (params,) = bot.transport.sent("setMyCommands")
    assert [c["command"] for c in params["commands"]] == [c.name for c in COMMANDS]


async def test_typed_text_gets_a_new_message_with_buttons(bot: Bot) -> None:
    await bot.feed(message("salray for a senoir in germny?"))
    (sent,) = bot.transport.sent()
    assert "Germany" in plain(sent["text"])
    buttons = [b for row in sent["reply_markup"]["inline_keyboard"] for b in row]
    assert any(b.get("callback_data") == "machine-learning-engineer" for b in buttons)
    assert any(
        "url" in b and "start%3Dmachine-learning-engineer_sal_DE_senior" in b["url"]
        for b in buttons
    )


async def test_button_answers_first_then_edits_in_place(bot: Bot) -> None:
    await bot.feed(message("/menu"))
    sent = bot.last_sent_message()
    await bot.feed(tap(sent, "machine-learning-engineer_risk"))
    methods = bot.transport.methods()
    assert methods[-2:] == ["answerCallbackQuery", "editMessageText"]
    edit = bot.transport.sent("editMessageText")[-1]
    assert edit["message_id"] == sent["message_id"]
    assert "▰▰▰▰▰▰▰▰▱▱" in edit["text"]


@pytest.mark.parametrize(
    "data",
    [
        "forged_data",
        "machine-learning-engineer_sal_XX",
        "x" * 64,
        "machine-learning-engineer_day_junior_99",
    ],
)
async def test_forged_or_stale_button_says_the_menu_expired(bot: Bot, data: str) -> None:
    await bot.feed(message("/menu"))
    await bot.feed(tap(bot.last_sent_message(), data))
    assert "That menu has expired" in bot.last_text()
    assert "What would you like to know?" in bot.last_text()


async def test_unchanged_edit_is_silent(bot: Bot) -> None:
    await bot.feed(message("/menu"))
    bot.transport.fail_next(
        "editMessageText",
        400,
        "Bad Request: message is not modified: "
        "specified new message content and reply markup are exactly the "
        "same as a current content and reply markup of the message",
    )
    await bot.feed(tap(bot.last_sent_message(), "machine-learning-engineer"))
    assert bot.transport.methods()[-2:] == ["answerCallbackQuery", "editMessageText"]
    assert len(bot.transport.sent()) == 1


async def test_failed_edit_becomes_a_new_message(bot: Bot) -> None:
    await bot.feed(message("/menu"))
    bot.transport.fail_next("editMessageText", 400, "Bad Request: message to edit not found")
    await bot.feed(tap(bot.last_sent_message(), "machine-learning-engineer_path"))
    assert bot.transport.methods()[-3:] == ["answerCallbackQuery", "editMessageText", "sendMessage"]
    assert "career progression" in bot.last_text()


def inaccessible(shown: JSON) -> JSON:
    """A message of the bot's as a tap on it days later carries it: chat and id, date 0."""
    return {"chat": shown["chat"], "message_id": shown["message_id"], "date": 0}


async def test_a_tap_on_a_message_too_old_to_read_gets_a_new_message(bot: Bot) -> None:
    await bot.feed(message("/menu"))
    await bot.feed(tap(inaccessible(bot.last_sent_message()), "machine-learning-engineer_path"))
    assert bot.transport.methods()[-2:] == ["answerCallbackQuery", "sendMessage"]
    assert "career progression" in bot.last_text()


async def test_too_old_query_still_updates_the_screen(bot: Bot) -> None:
    await bot.feed(message("/menu"))
    bot.transport.fail_next(
        "answerCallbackQuery",
        400,
        "Bad Request: query is too old and response timeout expired or query ID is invalid",
    )
    await bot.feed(tap(bot.last_sent_message(), "machine-learning-engineer_piv"))
    assert "Where can you pivot" in bot.last_text()
    assert not any("went wrong" in p["text"] for p in bot.transport.sent())


async def test_failing_update_gets_one_apology_and_a_log_line(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.transport.fail_next("sendMessage", 400, "Bad Request: can't parse entities")
    update = message("/risk")
    with caplog.at_level(logging.ERROR):
        await bot.feed(update)
    texts = [p["text"] for p in bot.transport.sent()]
    assert texts[-1].startswith("😓 Sorry, something went wrong")
    assert len(texts) == 2
    assert f"update {update['update_id']} failed" in caplog.text
    assert "Traceback" not in texts[-1]


# --- groups ----------------------------------------------------------------------------------


async def test_group_command_is_a_brief_reply_with_a_private_link(bot: Bot) -> None:
    await bot.feed(message(f"/salary@{BOT_USERNAME} senior uk", chat=GROUP))
    (sent,) = bot.transport.sent()
    assert sent["chat_id"] == GROUP["id"]
    assert sent["reply_parameters"]["message_id"] > 0
    assert sent["text"].count("\n") <= 3
    (row,) = sent["reply_markup"]["inline_keyboard"]
    assert row[0]["url"].startswith(f"https://t.me/{BOT_USERNAME}?start=")


@pytest.mark.parametrize(
    "text",
    [
        "hey everyone, lunch?",
        "salary for seniors in the uk",
        "/salary@some_other_bot uk",
        "@someone_else what do MLEs earn",
        "/ anyone here?",
        "/",
    ],
)
async def test_group_chatter_is_ignored(bot: Bot, text: str) -> None:
    await bot.feed(message(text, chat=GROUP))
    assert bot.transport.sent() == []


async def test_group_mention_and_reply_to_the_bot_are_answered(bot: Bot) -> None:
    await bot.feed(message(f"@{BOT_USERNAME} what does a data engineer do", chat=GROUP))
    assert "What a Data Engineer actually does" in bot.last_text()
    answered = bot.last_sent_message()
    await bot.feed(message("and the salary in Germany?", chat=GROUP, user=OTHER, reply_to=answered))
    assert "Data Engineer" in bot.last_text()
    assert "Germany" in bot.last_text()


async def test_group_buttons_answer_whoever_taps(bot: Bot) -> None:
    await bot.feed(message(f"/risk@{BOT_USERNAME}", chat=GROUP))
    await bot.feed(tap(bot.last_sent_message(), "machine-learning-engineer_path", user=OTHER))
    assert "career progression" in bot.last_text()
    assert bot.transport.methods()[-2:] == ["answerCallbackQuery", "sendMessage"]


# --- inline mode -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "first_title"),
    [
        ("senior salary uk", "💰 Salary · MLE · Senior · United Kingdom"),
        ("", "🧭 What they do · MLE"),
        ("day in the life of a data scientist", "🕘 Day in the life · Data scientist · Junior"),
        ("data scientist india", "💰 Salary · Data scientist · India"),
        (
            "germany vs netherlands for data engineers",
            "⚖️ Compare · Data engineer · Germany · Netherlands",
        ),
        ("is a masters worth it for data scientists", "🎓 Degrees · Data scientist"),
        ("how do I switch from data science to ML", "🛤 From Data Scientist · MLE"),
    ],
)
async def test_inline_query_returns_ranked_articles(bot: Bot, query: str, first_title: str) -> None:
    await bot.feed(inline(query))
    (params,) = bot.transport.sent("answerInlineQuery")
    results = params["results"]
    assert 1 <= len(results) <= 10
    assert results[0]["title"] == first_title
    assert all(r["input_message_content"]["parse_mode"] == "HTML" for r in results)
    assert len({r["id"] for r in results}) == len(results)


# --- flood and state -------------------------------------------------------------------------


async def test_a_flooding_user_is_told_once_and_others_are_unaffected(
    store: Store, tmp_path: Path
) -> None:
    transport = RecordingRequest()
    app = build_application(
        settings_for(tmp_path, CAREERBOT_FLOOD_RATE=3, CAREERBOT_FLOOD_PERIOD=60),
        Engine(store),
        transport,
    )
    await app.initialize()
    bot = Bot(app, transport)
    for number in range(12):
        await bot.feed(message("/risk"))
        if number == 6:
            await bot.feed(message("/path", user=OTHER))
    await app.shutdown()
    to_user = [p["text"] for p in transport.sent() if p["chat_id"] == USER["id"]]
    assert app.bot_data["handlers"].observer.stats().flood_drops == 12 - 3
    assert len(to_user) == 4
    assert to_user[-1].startswith("🐢")
    assert [p for p in transport.sent() if p["chat_id"] == OTHER["id"]] != []


async def test_chat_state_is_written_after_each_update_and_survives_a_restart(
    store: Store, tmp_path: Path
) -> None:
    first = RecordingRequest()
    app = build_application(settings_for(tmp_path), Engine(store), first)
    await app.initialize()
    await Bot(app, first).feed(message("senior MLE salary uk"))
    with sqlite3.connect(tmp_path / "state.sqlite3") as db:
        (row,) = db.execute("SELECT data FROM contexts WHERE chat_id = ?", (USER["id"],))
    assert "machine-learning-engineer_sal_GB_senior" in row[0]
    # no shutdown: the process "dies"; a new one opens the same state file
    second = RecordingRequest()
    again = build_application(settings_for(tmp_path), Engine(store), second)
    await again.initialize()
    await Bot(again, second).feed(message("and in Germany?"))
    assert "Senior Machine Learning Engineer in 🇩🇪 Germany" in plain(second.sent()[-1]["text"])
    await again.shutdown()
    await app.shutdown()


async def test_inline_queries_do_not_use_up_the_message_budget(
    store: Store, tmp_path: Path
) -> None:
    transport = RecordingRequest()
    settings = settings_for(tmp_path, CAREERBOT_FLOOD_RATE=3, CAREERBOT_FLOOD_PERIOD=60)
    app = build_application(settings, Engine(store), transport)
    await app.initialize()
    bot = Bot(app, transport)
    for letters in ("s", "se", "sen", "seni", "senio", "senior", "senior s", "senior sa"):
        await bot.feed(inline(letters))
    await bot.feed(message("/risk"))
    await app.shutdown()
    assert len(transport.sent("answerInlineQuery")) == 8
    assert "78/100" in plain(transport.sent()[-1]["text"])


async def test_a_failed_state_write_after_the_answer_brings_no_apology(bot: Bot) -> None:
    state = bot.app.state
    assert isinstance(state, SQLiteState)
    state.conn.execute("PRAGMA query_only = 1")  # the disk turns read-only
    for text in ("asdfghjkl qwerty", "/risk"):
        await bot.feed(message(text))
    texts = [plain(p["text"]) for p in bot.transport.sent()]
    assert len(texts) == 2
    assert "didn't catch that" in texts[0]
    assert not any("went wrong" in t for t in texts)
    assert not state.health().writable
