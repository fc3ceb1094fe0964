"""Pay follow-ups through the real engine: units and currencies on request, after-tax
questions, comparisons of places and roles and their edits, with valid Telegram HTML."""

from __future__ import annotations

import re

import pytest

from bot.conversation.address import decode
from bot.conversation.context import ChatContext
from bot.engine import Engine
from bot.screens.html import BRIEF_LINES, MAX_TEXT, display_lines, plain
from knowledge.store import Store
from tests.support.chat import Chat
from tests.support.html import html_problems

MLE = "machine-learning-engineer"


@pytest.fixture
def chat(store: Store) -> Chat:
    """A fresh chat on the session's store."""
    return Chat(Engine(store))


SCRIPTS = {
    "units and currencies on a salary card": [
        ("senior MLE salary in Singapore", f"{MLE}_sal_SG_senior", ["S$144,000 – S$204,000"]),
        ("per month?", f"{MLE}_sal_SG_senior_m", ["S$11,077 – S$15,692", "a month", "÷ 13"]),
        ("in usd?", f"{MLE}_sal_SG_senior_mUSD", ["US$8,329 – US$11,799", "(S$11,077"]),
        ("hourly", f"{MLE}_sal_SG_senior_hUSD", ["an hour", "2,288 hours"]),
        ("in euros", f"{MLE}_sal_SG_senior_hEUR", ["€"]),
        ("yearly", f"{MLE}_sal_SG_senior_yEUR", ["a year"]),
    ],
    "a unit alone, in any language, after a salary card": [
        ("MLE salary UK", f"{MLE}_sal_GB", ["£38,000 – £52,000"]),
        ("per hour?", f"{MLE}_sal_GB_h", ["Hourly pay", "1,950 hours"]),
        ("pro Monat?", f"{MLE}_sal_GB_m", ["Monthly pay"]),
        ("per jam?", f"{MLE}_sal_GB_h", ["Hourly pay"]),
        ("theo giờ", f"{MLE}_sal_GB_h", ["Hourly pay"]),
        ("sa dolyar", f"{MLE}_sal_GB_hUSD", ["$"]),
        ("ต่อปี", f"{MLE}_sal_GB_yUSD", ["Yearly pay"]),
    ],
    "a pay check follows the role and level asked about next": [
        ("is 150k good for a senior MLE in the US?", f"{MLE}_chk_US_senior_150000", ["17%"]),
        ("what about for a mid-level?", f"{MLE}_chk_US_mid_150000", ["middle third"]),
        ("and for a data scientist?", "data-scientist_chk_US_mid_150000", ["Data Scientist"]),
        ("what if it was 170k?", "data-scientist_chk_US_mid_170000", ["$170,000"]),
    ],
    "an amount in a country's own currency is checked there": [
        ("offered 12 LPA as ML engineer in Bangalore", f"{MLE}_chk_IN_1200000", ["₹12,00,000"]),
        ("I earn 7,500 SGD a month", f"{MLE}_chk_SG_7500SGDm", ["× 13 months"]),
        ("what about 80k euros?", f"{MLE}_chk", ["which country is the pay for"]),
        ("and 90k CAD", f"{MLE}_chk_CA_90000CAD", ["C$90,000"]),
        ("how about 100k in the UK", f"{MLE}_chk_GB_100000", ["£100,000"]),
    ],
    "after tax is answered honestly": [
        ("MLE salary UK", f"{MLE}_sal_GB", ["£38,000 – £52,000"]),
        ("after tax?", f"{MLE}_sal_GB", ["I show gross pay", "personal circumstances"]),
        ("what's the take home?", f"{MLE}_sal_GB", ["I show gross pay"]),
        ("in CHF?", f"{MLE}_sal_GB", ["no exchange rate for that currency", "£38,000"]),
    ],
    "a comparison of any number of places, edited": [
        ("US vs UK vs India", f"{MLE}_cmp_US_GBIN", ["US", "UK", "IN", "<pre>"]),
        ("add Germany", f"{MLE}_cmp_US_GBINDE", ["🇩🇪 DE", "0.88 EUR"]),
        ("drop India", f"{MLE}_cmp_US_GBDE", ["Germany"]),
        ("seniors only", f"{MLE}_cmp_US_GBDE_senior", ["£72,000 – £100,000"]),
        ("in USD", f"{MLE}_cmp_US_GBDE_senior_yUSD", ["$180K–$255K"]),
        ("per month", f"{MLE}_cmp_US_GBDE_senior_mUSD", ["Monthly pay"]),
    ],
    "a monthly or hourly comparison says each place's norm": [
        ("Singapore vs Netherlands vs US", f"{MLE}_cmp_SG_NLUS", ["SG", "NL", "US"]),
        ("per month", f"{MLE}_cmp_SG_NLUS_m", ["÷ 13 months (SG), ÷ 12.96 (NL), ÷ 12 (US)"]),
        ("hourly", f"{MLE}_cmp_SG_NLUS_h", ["÷ 2,288 hours (SG), ÷ 2,080 (NL, US)"]),
    ],
    "roles side by side": [
        (
            "data engineer vs ml engineer in the UK",
            "data-engineer_cmp_GB_w",
            ["Data Engineer vs Machine Learning Engineer", "DEng = Data Engineer"],
        ),
        ("add data scientist", "data-engineer_cmp_GB_w", ["vs Data Scientist", "DS "]),
        ("seniors only", "data-engineer_cmp_GB_w", ["£62k–£85k", "£64k–£87k"]),
    ],
    "roles side by side, moved to other places": [
        ("data engineer vs ml engineer in the UK", "data-engineer_cmp_GB_w", ["DEng "]),
        (
            "in Germany and the Netherlands",
            "data-engineer_cmp_DE_NL_w",
            ["Data Engineer vs Machine Learning Engineer", "DEng DE", "MLE NL"],
        ),
        ("only Germany", "data-engineer_cmp_DE_w", ["Germany"]),
    ],
}


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_pay_script(chat: Chat, store: Store, name: str) -> None:
    for text, address, expected in SCRIPTS[name]:
        reply = chat.say(text)
        assert reply.address is not None
        assert reply.address.startswith(address), (text, reply.address)
        for part in expected:
            assert part in chat.text or part in reply.text, (text, part, chat.text)
        assert html_problems(reply.text) == []
        assert len(reply.text) <= MAX_TEXT
        assert decode(reply.address, store).section in ("salary", "compare", "check")


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("data engineer vs ml engineer in the UK", "in Germany and the Netherlands"),
        ("MLE salary UK", "what about the Netherlands?"),
        ("US vs UK", "add the Netherlands"),
    ],
)
def test_a_place_is_not_a_pay_word(chat: Chat, first: str, then: str) -> None:
    """A place's name is never read as a word about pay (`Netherlands` is not `net`)."""
    chat.say(first)
    chat.say(then)
    assert "Netherlands" in chat.text
    assert "I show gross pay" not in chat.text


def test_a_comparison_table_fits_a_phone(chat: Chat) -> None:
    reply = chat.say("US vs UK vs India vs Germany vs Singapore vs Australia")
    table = re.search(r"<pre>(.*?)</pre>", reply.text, re.S)
    assert table is not None
    lines = table.group(1).splitlines()
    assert len(lines) == 7
    assert max(len(line) for line in lines) <= 34


def test_too_many_rows_are_cut_and_said(chat: Chat) -> None:
    chat.say("software engineer vs data engineer vs data scientist in the UK")
    reply = chat.say("in the US and India too")
    assert "more than one table can show" in reply.text
    assert reply.address is not None
    assert html_problems(reply.text) == []


def test_a_pay_check_in_another_currency_is_converted(chat: Chat) -> None:
    reply = chat.say("130K USD for a senior data engineer in Singapore?? good or bad")
    assert "≈ S$172,900 a year, at 1 USD = 1.33 SGD" in chat.text
    assert "Within the Senior band, in its upper third" in chat.text
    assert reply.address == "data-engineer_chk_SG_senior_130000USD"


def test_a_check_without_a_country_asks_and_keeps_the_amount(chat: Chat) -> None:
    chat.say("is 150k good for a senior MLE?")
    assert "which country is the pay for" in chat.text
    chat.tap("Americas & Middle East")
    reply = chat.tap("🇺🇸 United States")
    assert reply.address == f"{MLE}_chk_US_senior_150000"
    assert "below the Senior band" in chat.text


@pytest.mark.parametrize(
    ("address", "mark"),
    [
        (
            f"{MLE}_sal_SG_m",
            "Monthly gross (yearly ÷ 13), base and total mixed, 2025–2026, careerbot estimate.",
        ),
        (f"{MLE}_sal_US_senior_h", "Hourly gross (yearly ÷ 2,080), base and total mixed"),
        ("software-engineer_sal_GB", "Yearly gross, base salary, 2025–2026"),
        (f"{MLE}_chk_SG_junior_8000SGDm_m", "Monthly gross (yearly ÷ 13), base and total mixed"),
        (f"{MLE}_cmp_US_GBSGAU_m", "Monthly gross, base and total mixed (AU: base salary)"),
        (f"{MLE}_cmp_US_GB", "partly careerbot estimates"),
        (f"{MLE}_sal_US", "from the career page"),
    ],
)
def test_a_brief_pay_answer_says_what_its_figures_are(
    store: Store, address: str, mark: str
) -> None:
    """In a group or inline, a pay answer still says its period, base or total, and how sure."""
    reply = Engine(store).render(decode(address, store), ChatContext().viewer, brief=True)
    assert mark in plain(reply.text)
    assert display_lines(reply.text) <= BRIEF_LINES
