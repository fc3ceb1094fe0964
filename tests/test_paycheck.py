"""The pay check: amounts as people write them, in the languages the bot reads, turned into a
year's pay by each country's norms and placed against the right band. Every expected figure and
verdict below was worked out by hand from the bands in knowledge/roles/*.yaml, the rates and
the pay norms in knowledge/countries.yaml (months a year: 13 in SG, PH, ID, VN, 12.96 in NL;
2,080 hours; 260 working days)."""

from __future__ import annotations

import pytest

from bot.conversation.amounts import AmountReader
from bot.conversation.context import ChatContext
from bot.conversation.view import Offer, View
from bot.engine import Engine
from bot.screens.html import plain
from bot.screens.pay import rate, table
from bot.screens.paycheck import Check, resolved
from bot.screens.verdict import Band, PayTable, ordinal, percentile, place
from knowledge.schema import Level
from knowledge.store import Store

VERDICTS = [
    # text, country, role, level, yearly (local), band, where, third or share %
    (
        "is 150k good for me",
        "US",
        "machine-learning-engineer",
        "senior",
        150_000,
        "senior",
        "below",
        17,
    ),
    (
        "offered $200,000",
        "US",
        "machine-learning-engineer",
        "senior",
        200_000,
        "senior",
        "within",
        "lower",
    ),
    ("US$260k total", "US", "machine-learning-engineer", "senior", 260_000, "senior", "above", 2),
    ("12 LPA offer", "IN", "data-scientist", None, 1_200_000, "mid", "within", "lower"),
    (
        "S$8k/month",
        "SG",
        "machine-learning-engineer",
        "junior",
        104_000,
        "junior",
        "within",
        "upper",
    ),
    ("8k a month", "SG", "software-engineer", "junior", 104_000, "junior", "above", 8),
    (
        "1.5 lakh a month",
        "IN",
        "machine-learning-engineer",
        None,
        1_800_000,
        "mid",
        "within",
        "middle",
    ),
    ("₹22L CTC", "IN", "cloud-engineer", "senior", 2_200_000, "senior", "within", "middle"),
    (
        "1.1 crore package",
        "IN",
        "machine-learning-engineer",
        "manager",
        11_000_000,
        "manager",
        "above",
        69,
    ),
    ("90k CAD", "CA", "backend-developer", "mid", 90_000, "mid", "below", 9),
    ("C$150,000", "CA", "machine-learning-engineer", None, 150_000, "mid", "within", "upper"),
    ("£65k", "GB", "data-engineer", "senior", 65_000, "senior", "within", "lower"),
    ("£30,000", "GB", "software-engineer", "junior", 30_000, "junior", "below", 12),
    ("£500 a day", "GB", "cloud-engineer", None, 130_000, "manager", "above", 13),
    ("$65/hr", "US", "data-engineer", None, 135_200, "mid", "within", "middle"),
    ("$38 an hour", "US", "backend-developer", "junior", 79_040, "junior", "below", 1),
    ("A$140k", "AU", "cloud-engineer", "senior", 140_000, "senior", "below", 3),
    ("NZ$110,000", "NZ", "software-engineer", "senior", 110_000, "senior", "below", 13),
    (
        "AED 28,000 per month",
        "AE",
        "data-scientist",
        "senior",
        336_000,
        "senior",
        "within",
        "lower",
    ),
    ("₱60,000 monthly", "PH", "data-engineer", "mid", 780_000, "mid", "within", "middle"),
    ("PHP 1.5M a year", "PH", "cloud-engineer", "senior", 1_500_000, "senior", "above", 14),
    (
        "IDR 18 million a month",
        "ID",
        "machine-learning-engineer",
        "junior",
        234_000_000,
        "junior",
        "within",
        "middle",
    ),
    ("THB 70,000/month", "TH", "data-scientist", "mid", 840_000, "mid", "above", 1),
    ("2,500 USD a month", "VN", "backend-developer", "senior", 841_750_000, "senior", "above", 26),
    ("130K USD", "SG", "data-engineer", "senior", 172_900, "senior", "within", "upper"),
    ("US$150k", "SG", "machine-learning-engineer", None, 199_500, "senior", "within", "upper"),
    ("€72k", "DE", "machine-learning-engineer", "senior", 72_000, "senior", "below", 10),
    (
        "SGD 120k per year",
        "SG",
        "machine-learning-engineer",
        "senior",
        120_000,
        "senior",
        "below",
        17,
    ),
    ("RM 6,500 a month", "MY", "cloud-engineer", "junior", 78_000, "junior", "within", "upper"),
    (
        "₹85,000 per month in hand",
        "IN",
        "machine-learning-engineer",
        "mid",
        1_020_000,
        "mid",
        "below",
        27,
    ),
    ("SGD 5.2k monthly", "SG", "software-engineer", "junior", 67_600, "junior", "below", 1),
    ("₱45,000 a month", "PH", "software-engineer", "junior", 585_000, "junior", "within", "middle"),
    ("60.000 € brutto im Jahr", "DE", "data-engineer", "mid", 60_000, "mid", "within", "middle"),
    ("4.800 € brutto im Monat", "DE", "backend-developer", None, 57_600, "mid", "within", "middle"),
    ("75.000 Euro", "DE", "machine-learning-engineer", "senior", 75_000, "senior", "below", 6),
    ("mit 48k", "DE", "software-engineer", "junior", 48_000, "junior", "within", "middle"),
    ("Tagessatz 800 €", "DE", "data-scientist", None, 208_000, "manager", "above", 48),
    ("3.500 € netto monatlich", "DE", "cloud-engineer", "mid", 42_000, "mid", "below", 22),
    ("45 € pro Stunde", "DE", "software-engineer", "mid", 93_600, "mid", "above", 28),
    (
        "Jahresgehalt 95.000 €",
        "DE",
        "machine-learning-engineer",
        None,
        95_000,
        "senior",
        "within",
        "middle",
    ),
    ("€4.500 bruto per maand", "NL", "data-engineer", "mid", 58_320, "mid", "within", "lower"),
    (
        "55.000 euro per jaar",
        "NL",
        "machine-learning-engineer",
        "junior",
        55_000,
        "junior",
        "within",
        "upper",
    ),
    ("aanbod van 68k", "NL", "software-engineer", "senior", 68_000, "senior", "below", 6),
    ("Uurtarief van €95", "NL", "cloud-engineer", None, 197_600, "manager", "above", 58),
    (
        "6.800 euro bruto per maand",
        "NL",
        "backend-developer",
        "manager",
        88_128,
        "manager",
        "below",
        4,
    ),
    (
        "Gaji RM5,500 sebulan",
        "MY",
        "software-engineer",
        "junior",
        66_000,
        "junior",
        "within",
        "lower",
    ),
    (
        "tawaran RM12k sebulan",
        "MY",
        "data-engineer",
        "senior",
        144_000,
        "senior",
        "within",
        "middle",
    ),
    (
        "RM150,000 setahun",
        "MY",
        "machine-learning-engineer",
        "manager",
        150_000,
        "manager",
        "below",
        21,
    ),
    (
        "Gaji RM 4,200 untuk",
        "MY",
        "ai-governance-analyst",
        "junior",
        50_400,
        "junior",
        "within",
        "lower",
    ),
    ("RM 9,500 sebulan", "MY", "data-scientist", "mid", 114_000, "mid", "within", "upper"),
    (
        "Gaji 4,5 juta per bulan",
        "ID",
        "software-engineer",
        "junior",
        58_500_000,
        "junior",
        "below",
        61,
    ),
    (
        "Ditawarin 22 juta/bulan",
        "ID",
        "data-engineer",
        "senior",
        286_000_000,
        "senior",
        "below",
        16,
    ),
    ("Rp15.000.000 per bulan", "ID", "data-scientist", "mid", 195_000_000, "mid", "below", 13),
    (
        "Gaji 300 juta setahun",
        "ID",
        "machine-learning-engineer",
        "manager",
        300_000_000,
        "manager",
        "below",
        45,
    ),
    (
        "di Jakarta gaji 12jt",
        "ID",
        "cloud-engineer",
        None,
        156_000_000,
        "junior",
        "within",
        "lower",
    ),
    ("Lương 30 triệu/tháng", "VN", "data-engineer", "mid", 390_000_000, "mid", "within", "middle"),
    (
        "duoc 12 trieu mot thang",
        "VN",
        "software-engineer",
        "junior",
        156_000_000,
        "junior",
        "below",
        22,
    ),
    (
        "lương 60tr/tháng",
        "VN",
        "machine-learning-engineer",
        "senior",
        780_000_000,
        "senior",
        "within",
        "upper",
    ),
    (
        "Lương 1,2 tỷ/năm",
        "VN",
        "backend-developer",
        "manager",
        1_200_000_000,
        "manager",
        "above",
        26,
    ),
    ("Offer 25 triệu", "VN", "software-engineer", "mid", 325_000_000, "mid", "below", 4),
    ("เงินเดือน45,000บาท", "TH", "software-engineer", "junior", 540_000, "junior", "within", "upper"),
    ("ได้ข้อเสนอ120,000บาทต่อเดือน", "TH", "data-engineer", "senior", 1_440_000, "senior", "above", 18),
    (
        "เงินเดือน1.8ล้านบาทต่อปี",
        "TH",
        "machine-learning-engineer",
        "manager",
        1_800_000,
        "manager",
        "within",
        "upper",
    ),
    ("฿75,000ต่อเดือน", "TH", "backend-developer", None, 900_000, "senior", "within", "middle"),
    (
        "₱50,000 kada buwan",
        "PH",
        "software-engineer",
        "junior",
        650_000,
        "junior",
        "within",
        "upper",
    ),
    (
        "Inalok ako ng 150k a month",
        "PH",
        "data-engineer",
        "senior",
        1_950_000,
        "senior",
        "above",
        28,
    ),
    ("80,000 pesos monthly", "PH", "data-scientist", "mid", 1_040_000, "mid", "within", "upper"),
    (
        "Sahod na PHP 2.4M kada taon",
        "PH",
        "machine-learning-engineer",
        "manager",
        2_400_000,
        "manager",
        "within",
        "upper",
    ),
    (
        "Backend developer sa Pasig, 70k monthly",
        "PH",
        "backend-developer",
        None,
        910_000,
        "mid",
        "within",
        "upper",
    ),
]


@pytest.fixture(scope="module")
def reader(store: Store) -> AmountReader:
    """A reader on the session store."""
    return AmountReader(store)


@pytest.mark.parametrize(
    ("text", "country", "role", "level", "yearly", "band", "where", "detail"), VERDICTS
)
def test_pay_check_verdicts(
    store: Store,
    reader: AmountReader,
    text: str,
    country: str,
    role: str,
    level: Level | None,
    yearly: float,
    band: str,
    where: str,
    detail: str | int,
) -> None:
    """The message's amount, as the check screen reads it, is the year's pay expected (in the
    country's currency) and falls where expected: the band, below/within/above, and the third
    or how far outside (in % of the band's nearer end)."""
    amount = reader.read(text, [country], role).amount
    assert amount is not None
    offer = Offer(
        amount.value,
        amount.currency if amount.currency_said else None,
        amount.period if amount.period_said else None,
    )
    place_ = store.country(country)
    view = View(section="check", role=role, country=country, level=level, offer=offer.token())
    check = Check(store, view, place_, offer, resolved(store, role, offer, place_))
    to_local = rate(store, check.currency, place_.currency)
    assert to_local is not None
    assert check.yearly * to_local == pytest.approx(yearly)
    verdict = place(check.yearly * to_local, table(store, role, place_), level)
    assert verdict is not None
    assert (verdict.band.key, verdict.where) == (band, where)
    assert (verdict.third if where == "within" else round(verdict.share * 100)) == detail


def test_the_table_covers_the_languages_and_every_verdict() -> None:
    assert len(VERDICTS) >= 60
    wheres = {row[6] for row in VERDICTS}
    thirds = {row[7] for row in VERDICTS if row[6] == "within"}
    assert wheres == {"below", "within", "above"}
    assert thirds == {"lower", "middle", "upper"}
    assert {row[1] for row in VERDICTS} >= {"US", "IN", "SG", "DE", "NL", "MY", "ID", "VN", "TH"}


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
