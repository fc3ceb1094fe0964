"""Groups through the real Application: each member has their own context, a reply to one of
the bot's messages continues from that message's screen, a tap on someone else's answer gets
the tapper their own answer, and every group answer is brief."""

from __future__ import annotations

import pytest

from bot.screens.fallback import APOLOGY, OTHERS_ANSWER, addressed_to
from bot.screens.html import BRIEF_LINES, display_lines, plain
from bot.telegram.offline import BOT_USERNAME, JSON
from tests.support.harness import GROUP, Bot, message, tap

EVA: JSON = {"id": 2001, "is_bot": False, "first_name": "Eva"}
FINN: JSON = {"id": 2002, "is_bot": False, "first_name": "Finn"}
GRACE: JSON = {"id": 2003, "is_bot": False, "first_name": "Grace <3"}
MLE, DE, DS = "machine-learning-engineer", "data-engineer", "data-scientist"
BOT = f"@{BOT_USERNAME}"


class Group:
    """The bot in one group (and in private chats with its members)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def say(self, person: JSON, text: str, reply_to: JSON | None = None) -> JSON:
        """A member writes in the group; the bot's answer, as Telegram returned it."""
        before = len(self.bot.transport.sent())
        await self.bot.feed(message(text, chat=GROUP, user=person, reply_to=reply_to))
        assert len(self.bot.transport.sent()) == before + 1, "one answer"
        return self.bot.last_sent_message()

    async def tap(self, person: JSON, shown: JSON, data: str) -> list[tuple[str, JSON]]:
        """A member taps a button under one of the bot's messages; the Bot API calls made."""
        before = len(self.bot.transport.calls)
        await self.bot.feed(tap(shown, data, user=person))
        return self.bot.transport.calls[before:]

    async def private(self, person: JSON, text: str) -> JSON:
        """A member writes to the bot in private."""
        await self.bot.feed(message(text, user=person))
        return self.bot.last_sent_message()


def text_of(shown: JSON) -> str:
    return plain(str(shown["text"]))


def addresses(shown: JSON) -> list[str]:
    keys = shown.get("reply_markup", {}).get("inline_keyboard", [])
    return [b["callback_data"] for row in keys for b in row if "callback_data" in b]


@pytest.fixture
def group(bot: Bot) -> Group:
    """The bot (tests/conftest.py) in a group."""
    return Group(bot)


async def test_members_interleave_and_replies_continue_their_own_message(group: Group) -> None:
    eva_uk = await group.say(EVA, f"/salary@{BOT_USERNAME} senior uk")
    assert "Senior Machine Learning Engineer in 🇬🇧 United Kingdom" in text_of(eva_uk)
    finn_de = await group.say(FINN, f"{BOT} what does a data engineer do")
    assert "What a Data Engineer actually does" in text_of(finn_de)

    eva_ca = await group.say(EVA, "and in Canada?", reply_to=eva_uk)
    assert "Senior Machine Learning Engineer in 🇨🇦 Canada" in text_of(eva_ca)

    grace_in = await group.say(GRACE, f"{BOT} how much do data scientists make in India?")
    assert "Data Scientist · 🇮🇳 India" in text_of(grace_in), "no one else's level"
    assert "Senior" not in text_of(grace_in).splitlines()[0]

    finn_pay = await group.say(FINN, f"{BOT} and in Germany?")
    assert "Data Engineer · 🇩🇪 Germany" in text_of(finn_pay), "Finn's role, not Eva's level"

    older = await group.say(GRACE, "what about a working day?", reply_to=finn_de)
    assert "Data Engineer" in text_of(older)
    assert "day" in text_of(older).lower()

    eva_again = await group.say(EVA, "what about juniors?", reply_to=eva_uk)
    assert "Junior Machine Learning Engineer in 🇬🇧 United Kingdom" in text_of(eva_again)

    for shown in (eva_uk, finn_de, eva_ca, grace_in, finn_pay, older, eva_again):
        assert display_lines(str(shown["text"])) <= BRIEF_LINES, text_of(shown)


async def test_a_tap_on_someone_elses_answer_gets_the_tapper_their_own(group: Group) -> None:
    finn_de = await group.say(FINN, f"{BOT} what does a data engineer do")
    skills = next(a for a in addresses(finn_de) if a.endswith("_sk"))
    made = await group.tap(GRACE, finn_de, skills)
    assert [m for m, _ in made] == ["answerCallbackQuery", "sendMessage"]
    assert made[0][1]["text"] == OTHERS_ANSWER
    own = made[1][1]
    assert "Grace &lt;3</a>, your answer:" in own["text"]
    assert 'href="tg://user?id=2003"' in own["text"]
    assert "Data Engineer skills needed" in plain(own["text"])
    assert not group.bot.transport.sent("editMessageText"), "Finn's answer stays as it was"

    await group.tap(FINN, finn_de, skills)
    (edit,) = group.bot.transport.sent("editMessageText")
    assert edit["message_id"] == finn_de["message_id"], "the asker's tap edits in place"

    grace_copy = group.bot.last_sent_message()
    menu = next(a for a in addresses(grace_copy) if a == DE)
    await group.tap(GRACE, grace_copy, menu)
    assert group.bot.transport.sent("editMessageText")[-1]["message_id"] == grace_copy["message_id"]


async def test_preferences_follow_a_member_into_the_group_but_nobody_else(group: Group) -> None:
    await group.private(EVA, "/settings")
    for label in ("South Asia", "India"):
        shown = group.bot.last_sent_message()
        keys = shown["reply_markup"]["inline_keyboard"]
        data = next(b["callback_data"] for row in keys for b in row if label in b["text"])
        await group.bot.feed(tap(shown, data, user=EVA))
    eva = await group.say(EVA, f"{BOT} how much do data scientists make?")
    assert "Data Scientist · 🇮🇳 India" in text_of(eva)
    finn = await group.say(FINN, f"{BOT} how much do data scientists make?")
    assert "Which country?" in text_of(finn)


async def test_a_group_answer_links_to_the_full_screen_in_private(group: Group) -> None:
    compare = await group.say(EVA, f"{BOT} germany vs netherlands for data engineers")
    assert "<pre>" in compare["text"], "a comparison is a compact table"
    (link,) = [
        b["url"] for row in compare["reply_markup"]["inline_keyboard"] for b in row if "url" in b
    ]
    assert link.endswith(f"?start={DE}_cmp_DE_NL")
    full = await group.private(FINN, f"/start {DE}_cmp_DE_NL")
    assert "(range midpoints)" in text_of(full)
    full_buttons = [b for row in full["reply_markup"]["inline_keyboard"] for b in row]
    assert len(full_buttons) > len(compare["reply_markup"]["inline_keyboard"]), "the full menu"


async def test_a_chart_tapped_under_someone_elses_answer_is_the_tappers_own(group: Group) -> None:
    finn_pay = await group.say(FINN, f"{BOT} machine learning engineer salary in singapore")
    assert "Machine Learning Engineer · 🇸🇬 Singapore" in text_of(finn_pay)
    chart = f"{MLE}_sal_SG_yg"  # the chart of the figures Finn was shown
    made = await group.tap(GRACE, finn_pay, chart)
    assert [m for m, _ in made] == ["answerCallbackQuery", "sendPhoto"]
    assert made[0][1]["text"] == OTHERS_ANSWER
    photo = made[1][1]
    assert photo["caption"].startswith(f"{addressed_to(2003, 'Grace <3')}\n\n")
    assert "S$75,000 – S$104,000" in photo["caption"]

    await group.tap(FINN, finn_pay, chart)
    own = group.bot.transport.sent("sendPhoto")[-1]
    assert "your answer" not in own["caption"], "the asker's own chart is not addressed"
    back = addresses(group.bot.last_sent_message())
    assert back == [f"{MLE}_sal_SG"]
    await group.tap(FINN, group.bot.last_sent_message(), back[0])
    assert "S$75,000 – S$104,000" in text_of(group.bot.last_sent_message()), "figures again"
    assert not [m for m, _ in group.bot.transport.calls if m.startswith("edit")], (
        "a chart is never edited onto a text answer, nor text onto a chart"
    )


async def test_in_a_forum_topic_every_answer_stays_in_the_topic(group: Group) -> None:
    topic = {"message_thread_id": 7, "is_topic_message": True}
    forum = {**GROUP, "is_forum": True}
    finn_de = await group.say(FINN, f"{BOT} what does a data engineer do")
    in_topic = {**finn_de, **topic, "chat": forum}
    skills = next(a for a in addresses(finn_de) if a.endswith("_sk"))
    await group.tap(GRACE, in_topic, skills)
    await group.tap(FINN, in_topic, f"{DE}_sal_DE_yg")
    own, chart = group.bot.transport.sent()[-1], group.bot.transport.sent("sendPhoto")[-1]
    assert "your answer:" in own["text"]
    assert (own["message_thread_id"], chart["message_thread_id"]) == (7, 7)


async def test_the_apology_for_a_failed_update_stays_in_its_forum_topic(group: Group) -> None:
    update = message(f"{BOT} what does a data engineer do", chat={**GROUP, "is_forum": True})
    update["message"].update(message_thread_id=7, is_topic_message=True)
    group.bot.transport.fail_next("sendMessage", 400, "Bad Request: can't parse entities")
    await group.bot.feed(update)
    apology = group.bot.transport.sent()[-1]
    assert (apology["text"], apology.get("message_thread_id")) == (APOLOGY, 7)


async def test_a_tap_days_later_on_someone_elses_answer_is_still_the_tappers_own(
    group: Group,
) -> None:
    """Telegram no longer shows the bot the message (older than about two days): the screen it
    showed, kept in the state, still says whose it is."""
    finn_de = await group.say(FINN, f"{BOT} what does a data engineer do")
    skills = next(a for a in addresses(finn_de) if a.endswith("_sk"))
    old = {"chat": finn_de["chat"], "message_id": finn_de["message_id"], "date": 0}
    made = await group.tap(GRACE, old, skills)
    assert [m for m, _ in made] == ["answerCallbackQuery", "sendMessage"]
    assert made[0][1]["text"] == OTHERS_ANSWER
    assert made[1][1]["text"].startswith(addressed_to(2003, "Grace <3"))
    assert "Data Engineer skills needed" in plain(made[1][1]["text"])


async def test_chatter_not_addressed_to_the_bot_never_counts_as_flooding_it(group: Group) -> None:
    """A bot that is a group admin receives every message: 20 lines of chat between members
    in a few seconds are not 20 messages to the bot, so no slow-down notice, and the question
    that follows is answered."""
    for n in range(20):
        await group.bot.feed(message(f"lunch at {n}?", chat=GROUP, user=EVA))
    assert group.bot.transport.sent() == []
    answer = await group.say(EVA, f"{BOT} what does a data engineer do")
    assert "What a Data Engineer actually does" in text_of(answer)
