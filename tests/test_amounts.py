"""The amount reader: amounts as people write them, and the other pay words of a message."""

from __future__ import annotations

from typing import Any

import pytest

from bot.conversation.amounts import AmountReader, Reading
from bot.conversation.nlu import Parser
from knowledge.store import Store
from scripts.eval_amounts import curated, evaluate, load_cases


@pytest.fixture(scope="module")
def reader(store: Store) -> AmountReader:
    """A reader on the session store."""
    return AmountReader(store)


AMOUNTS = [
    # text, countries, value, currency, period
    ("is 150k good", ["US"], 150_000, "USD", "year"),
    ("offered 150,000 base", ["US"], 150_000, "USD", "year"),
    ("$150K total", ["US"], 150_000, "USD", "year"),
    ("US$150k in Singapore", ["SG"], 150_000, "USD", "year"),
    ("1.5 lakh a month", ["IN"], 150_000, "INR", "month"),
    ("12 LPA", ["IN"], 1_200_000, "INR", "year"),
    ("12 lakhs", ["IN"], 1_200_000, "INR", "year"),
    ("₹12L", ["IN"], 1_200_000, "INR", "year"),
    ("2 crore package", ["IN"], 20_000_000, "INR", "year"),
    ("S$8k/month", ["SG"], 8_000, "SGD", "month"),
    ("8k a month", ["SG"], 8_000, "SGD", "month"),
    ("$9,500 monthly", ["SG"], 9_500, "SGD", "month"),
    ("RM6,500 sebulan", ["MY"], 6_500, "MYR", "month"),
    ("60.000 € brutto", ["DE"], 60_000, "EUR", "year"),
    ("4,5 juta per bulan", ["ID"], 4_500_000, "IDR", "month"),
    ("Rp 12jt", ["ID"], 12_000_000, "IDR", "month"),
    ("30 triệu/tháng", ["VN"], 30_000_000, "VND", "month"),
    ("lương 25 triệu ở Việt Nam", ["VN"], 25_000_000, "VND", "month"),
    ("luong 25 trieu o viet nam", ["VN"], 25_000_000, "VND", "month"),
    ("90k CAD", ["CA"], 90_000, "CAD", "year"),
    ("NZ$95,000", ["NZ"], 95_000, "NZD", "year"),
    ("€5.200 netto per maand", ["NL"], 5_200, "EUR", "month"),
    ("1,234.50 an hour", ["US"], 1_234.5, "USD", "hour"),
    ("1.234,50 € pro Stunde", ["DE"], 1_234.5, "EUR", "hour"),
    ("$40/h", ["US"], 40, "USD", "hour"),
    ("€900 a week", ["DE"], 900, "EUR", "week"),
    ("฿50,000ต่อเดือน", ["TH"], 50_000, "THB", "month"),
    ("₱1.2M per year", ["PH"], 1_200_000, "PHP", "year"),
    ("with 5 years of experience, 95k", ["US"], 95_000, "USD", "year"),
    ("3 yrs exp, 28 LPA", ["IN"], 2_800_000, "INR", "year"),
    ("in 2025 I earned 70000", ["GB"], 70_000, "GBP", "year"),
    ("¥8,000,000 in Tokyo", [], 8_000_000, "JPY", "year"),
    ("CHF 120k", [], 120_000, "CHF", "year"),
    ("130k USD in Singapore", ["SG"], 130_000, "USD", "year"),
    ("12,00,000 CTC", ["IN"], 1_200_000, "INR", "year"),
    ("I live 5 miles out and earn 90k", ["GB"], 90_000, "GBP", "year"),
]


@pytest.mark.parametrize(("text", "countries", "value", "currency", "period"), AMOUNTS)
def test_amounts_as_people_write_them(
    reader: AmountReader,
    text: str,
    countries: list[str],
    value: float,
    currency: str,
    period: str,
) -> None:
    amount = reader.read(text, countries).amount
    assert amount is not None
    assert (amount.value, amount.currency, amount.period) == (value, currency, period)


@pytest.mark.parametrize(
    "text",
    [
        "I have 3 years of experience",
        "top 10 skills for a data engineer",
        "call me at 5pm",
        "500 steps a day",
        "what changed in 2026",
        "",
    ],
)
def test_numbers_that_are_not_pay(reader: AmountReader, text: str) -> None:
    assert reader.read(text, ["US"]).amount is None


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("per month?", Reading(unit="month")),
        ("monthly?", Reading(unit="month")),
        ("hourly", Reading(unit="hour")),
        ("and yearly", Reading(unit="year")),
        ("in euros", Reading(currency="EUR")),
        ("in usd?", Reading(currency="USD")),
        ("USD?", Reading(currency="USD")),
        ("in SGD please", Reading(currency="SGD")),
        ("what is that in Singapore dollars", Reading(currency="SGD")),
        ("monthly in rupees", Reading(unit="month", currency="INR")),
        ("in CHF", Reading(uncovered="CHF")),
        ("in JPY?", Reading(uncovered="JPY")),
        ("salary of a php developer in manila", Reading()),
        ("after tax?", Reading(net=True)),
        ("what's the take home?", Reading(net=True)),
        ("net?", Reading(net=True)),
        (".NET developer salary", Reading()),
        ("add Germany", Reading(edit="add")),
        ("drop India", Reading(edit="drop")),
        ("without the UK", Reading(edit="drop")),
        ("a day in the life", Reading()),
        ("salary in the Netherlands", Reading()),
        ("what tools do they use", Reading()),
        ("how do dropshippers earn", Reading()),
        ("a neuro data scientist", Reading()),
        ("my address is in Leeds", Reading()),
        ("with 3 years of experience", Reading()),
    ],
)
def test_what_else_a_message_says_about_pay(
    reader: AmountReader, text: str, reading: Reading
) -> None:
    assert reader.read(text, ["GB"]) == reading


def test_an_amount_said_as_take_home_is_marked(reader: AmountReader) -> None:
    amount = reader.read("in hand 85,000 per month", ["IN"]).amount
    assert amount is not None
    assert amount.net


def test_the_parser_puts_the_amount_in_the_contract(store: Store) -> None:
    query = Parser.from_store(store).parse("is S$8k/month good for a junior MLE in Singapore?")
    assert query.model_dump()["amount"] == {"value": 8000, "currency": "SGD", "period": "month"}
    assert query.intent == "salary"


def test_every_labelled_amount(reader: AmountReader, store: Store) -> None:
    """All of tests/data/amounts.jsonl through the reader (with each message's labelled
    countries and role); `scripts/eval_amounts.py` prints the figures by language."""
    cases = load_cases()
    result: dict[str, Any] = evaluate(reader, Parser.from_store(store), cases)
    total, read = result["total"], result["read"]
    assert sum(total.values()) == len(cases) == 100
    assert sum(read.values()) / len(cases) >= 0.95, result["misses"]
    assert all(read[lang] / total[lang] >= 0.85 for lang in total), result["misses"]
    assert curated("onet:29-1141.00") is None


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        ("US$150k for a senior MLE in Singapore, ok?", ["SG"]),
        ("is US$150k good for a senior MLE in the US?", ["US"]),
        ("NZ$95,000 for a data scientist in Auckland", ["NZ"]),
        ("offered C$120k in Toronto after years in the UK", ["CA", "GB"]),
        ("US$ 9k a month in Kuala Lumpur", ["MY"]),
    ],
)
def test_a_currency_names_no_country(store: Store, text: str, countries: list[str]) -> None:
    """`US$` is a currency, not the United States (labelling rule 4)."""
    assert Parser.from_store(store).parse(text).countries == countries
