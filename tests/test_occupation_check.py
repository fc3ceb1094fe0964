"""The pay check for imported occupations, through the real engine: an amount against BLS's
(US) or ONS's (UK) published percentiles, said as the approximate percentile and the gap to the
median; never against another country's figures. Every expected percentile was worked out by
hand from knowledge/occupations/wages_us.csv and uk_pay.csv (linear between published points,
to the nearest 5) and the rates in knowledge/countries.yaml."""

from __future__ import annotations

import pytest

from bot.conversation.address import decode
from bot.conversation.context import ChatContext
from bot.engine import Engine
from bot.screens.html import plain
from knowledge.store import Store
from tests.support.chat import Chat
from tests.support.html import html_problems

CHECKS = [
    # message, address, parts of the reply
    (
        "is $80k good for a registered nurse?",
        "registered-nurses_pk_US_80000USD",
        [
            "About the 25th percentile of pay for Registered Nurses in the United States",
            "$17,550 a year (18%) below the median, $97,550.",
            "Middle half: $80,330 – $112,350",
            "Bureau of Labor Statistics",
        ],
    ),
    ("$150,000 for a registered nurse", "registered-nurses_pk_US", ["Above the 90th percentile"]),
    ("$60k as a registered nurse, fair?", "registered-nurses_pk_US", ["Below the 10th percentile"]),
    (
        "is $6,500 a month good for a registered nurse?",
        "registered-nurses_pk_US_6500USDm",
        ["× 12 months = $78,000 a year", "About the 20th percentile"],
    ),
    (
        "€80k for a registered nurse in the US",
        "registered-nurses_pk_US_80000EUR",
        ["≈ $90,909 a year, at 1 USD = 0.88 EUR", "About the 40th percentile"],
    ),
    (
        "$38 an hour for an electrician, ok?",
        "electricians_pk_US_38USDh",
        ["= $79,040 a year", "About the 70th percentile"],
    ),
    (
        "£42,000 as a pharmacist, fair?",
        "pharmacists_pk_GB_42000GBP",
        [
            "About the 25th percentile of pay for Pharmacists in the United Kingdom",
            "£8,853 a year (17%) below the median, £50,853.",
            "Matched by title to ONS 2251 Pharmacists",
        ],
    ),
    ("£65k as a pharmacist in the UK", "pharmacists_pk_GB", ["Above the 80th percentile"]),
    (
        "registered nurse, $5,000 a month take home",
        "registered-nurses_pk_US_5000USDmn",
        ["× 12 months = $60,000 a year", "Below the 10th percentile", "the percentiles are gross"],
    ),
]


@pytest.fixture
def chat(store: Store) -> Chat:
    """A fresh chat on the session's store."""
    return Chat(Engine(store))


@pytest.mark.parametrize(("text", "address", "parts"), CHECKS)
def test_an_occupation_pay_check_says_the_percentile(
    chat: Chat, store: Store, text: str, address: str, parts: list[str]
) -> None:
    reply = chat.say(text)
    assert reply.address is not None
    assert reply.address.startswith(address), reply.address
    assert decode(reply.address, store).section == "job_check"
    for part in parts:
        assert part in chat.text, (part, chat.text)
    assert html_problems(reply.text) == []


@pytest.mark.parametrize(
    "text",
    [
        "is 50.000 € gut für eine Krankenschwester in Deutschland?",
        "$70k for a registered nurse in Singapore, fair?",
    ],
)
def test_no_country_is_judged_by_another_countrys_figures(chat: Chat, text: str) -> None:
    """US (or UK) figures are never read as what the job pays elsewhere."""
    chat.say(text)
    assert "I have no public pay figure for this occupation in" in chat.text
    assert "percentile" not in chat.text
    assert "median" not in chat.text


def test_a_pay_screen_without_an_amount_is_unchanged(chat: Chat, store: Store) -> None:
    reply = chat.say("registered nurse salary")
    assert reply.address is not None
    assert decode(reply.address, store).section == "job_pay"
    assert "percentile" in chat.text.lower()
    assert "Pay check" not in chat.text


def test_a_forged_check_expires(store: Store) -> None:
    engine = Engine(store)
    reply = engine.press("registered-nurses_pk_US_80000XYZ", ChatContext(), 1_800_000_000.0).reply
    assert "expired" in plain(reply.text)
