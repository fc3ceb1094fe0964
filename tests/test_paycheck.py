"""The pay check: amounts as people write them, in the languages the bot reads, turned into a
year's pay by each country's norms and placed against the right band. Every expected figure and
verdict (tests/data/paychecks.jsonl; `scripts/eval_paychecks.py` prints the figures) was
worked out by hand from the bands in knowledge/roles/*.yaml, the rates and the pay norms in
knowledge/countries.yaml (months a year: 13 in SG, PH, ID, VN, 12.96 in NL; 2,080 hours; 260
working days)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.conversation.amounts import AmountReader
from bot.conversation.context import ChatContext
from bot.engine import Engine
from bot.screens.html import plain
from bot.screens.verdict import Band, PayTable, ordinal, percentile, place
from knowledge.store import Store
from scripts.eval_paychecks import judge, load, right_verdict, right_year

CHECKS = load()


@pytest.fixture(scope="module")
def reader(store: Store) -> AmountReader:
    """A reader on the session store."""
    return AmountReader(store)


@pytest.mark.parametrize("case", CHECKS, ids=[c["text"] for c in CHECKS])
def test_pay_check_verdicts(store: Store, reader: AmountReader, case: dict[str, Any]) -> None:
    """The phrasing's amount, as the check screen reads it, is the year's pay worked out by
    hand (in the country's currency) and falls where worked out: the band, below/within/above,
    and the third or how far outside (in % of the band's nearer end)."""
    found = judge(store, reader, case)
    assert found is not None
    assert found[0] == pytest.approx(case["yearly"])
    verdict = found[1]
    assert (verdict.band.key, verdict.where) == (case["band"], case["where"])
    detail = verdict.third if case["where"] == "within" else round(verdict.share * 100)
    assert detail == case.get("third", case.get("share"))
    assert right_year(found, case)
    assert right_verdict(found, case)


def test_the_table_covers_the_languages_and_every_verdict() -> None:
    assert len(CHECKS) >= 60
    assert {c["where"] for c in CHECKS} == {"below", "within", "above"}
    assert {c["third"] for c in CHECKS if c["where"] == "within"} == {"lower", "middle", "upper"}
    assert {c["country"] for c in CHECKS} >= {"US", "IN", "SG", "DE", "NL", "MY", "ID", "VN", "TH"}
    assert {c["lang"] for c in CHECKS} == {"en", "de", "nl", "ms", "id", "vi", "th", "tl"}


LADDER = PayTable(
    "USD",
    (Band("junior", "Junior", 50, 100), Band("mid", "Mid", 100, 150)),
    ((10, 40.0), (25, 60.0), (50, 90.0), (75, 120.0), (90, 160.0)),
)


@pytest.mark.parametrize(
    ("amount", "level", "key", "where", "third"),
    [
        (40, None, "junior", "below", None),
        (50, None, "junior", "within", "lower"),
        (99, None, "junior", "within", "upper"),
        (100, None, "mid", "within", "lower"),
        (125, None, "mid", "within", "middle"),
        (151, None, "mid", "above", None),
        (120, "junior", "junior", "above", None),
        (60, "mid", "mid", "below", None),
    ],
)
def test_place_against_bands(
    amount: float, level: str | None, key: str, where: str, third: str | None
) -> None:
    verdict = place(amount, LADDER, level)
    assert verdict is not None
    assert (verdict.band.key, verdict.where, verdict.third) == (key, where, third)


@pytest.mark.parametrize(
    ("amount", "about", "beyond"),
    [(30, 10, "below"), (40, 10, None), (72, 35, None), (100, 60, None), (160, 90, None)],
)
def test_percentile_is_interpolated(amount: float, about: int, beyond: str | None) -> None:
    found = percentile(amount, LADDER.percentiles)
    assert found is not None
    assert (found.rounded, found.beyond) == (about, beyond)


def test_percentiles_need_points() -> None:
    assert percentile(100, ()) is None
    assert place(100, PayTable("USD")) is None
    assert [ordinal(n) for n in (1, 2, 3, 11, 12, 21, 60)] == [
        "1st",
        "2nd",
        "3rd",
        "11th",
        "12th",
        "21st",
        "60th",
    ]


ISSUE = [
    (
        "is 150k good for a senior MLE in the US?",
        ["$150,000", "$30,000 a year (17%) below the Senior band", "$180,000 – $255,000"],
    ),
    (
        "offered 12 LPA as ML engineer in Bangalore, is that fair?",
        ["₹12,00,000", "In the Junior band, in its upper third", "Every level"],
    ),
    (
        "got an offer for S$8k/month junior MLE in SG, good?",
        ["S$8,000 a month", "× 13 months", "= S$104,000 a year", "Within the Junior band"],
    ),
    (
        "a data scientist on 12 LPA in India, fair?",
        ["In the Mid-level band, in its lower third"],
    ),
]


@pytest.mark.parametrize(("text", "parts"), ISSUE)
def test_the_issue_examples_get_a_verdict(store: Store, text: str, parts: list[str]) -> None:
    reply = Engine(store).text(text, ChatContext(), 1_800_000_000.0).reply
    for part in parts:
        assert part in plain(reply.text), plain(reply.text)
