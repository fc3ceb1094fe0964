"""Money written the local way."""

from __future__ import annotations

import re

import pytest

from bot.screens import money
from bot.screens.pay import rate_line, significant
from knowledge.store import Store


@pytest.mark.parametrize(
    ("value", "currency", "locale", "expected"),
    [
        (85_000, "EUR", "de_DE", "85.000 €"),
        (85_000, "EUR", "nl_NL", "€ 85.000"),
        (5_200_000, "INR", "en_IN", "₹52,00,000"),
        (95_000, "USD", "en_US", "$95,000"),
        (72_000, "GBP", "en_GB", "£72,000"),
        (450_000_000, "IDR", "id_ID", "Rp450.000.000"),
        (600_000_000, "VND", "vi_VN", "600.000.000 ₫"),
        (120_000.4, "SGD", "en_SG", "$120,000"),
    ],
)
def test_amount_is_written_the_local_way(
    value: float, currency: str, locale: str, expected: str
) -> None:
    assert money.amount(value, currency, locale).replace("\xa0", " ") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(180_000, "$180K"), (95_400, "$95K"), (1_250_000, "$1.2M"), (999, "$999")],
)
def test_compact_usd(value: float, expected: str) -> None:
    assert money.compact(value) == expected


def test_usd_span_converts_with_the_rate() -> None:
    assert money.usd_span(88_000, 176_000, 0.88) == "$100K–$200K"


DISTINCT = {"USD": "US$", "SGD": "S$", "AUD": "A$", "CAD": "C$", "NZD": "NZ$"}


@pytest.mark.parametrize(
    ("shown", "currency", "expected"),
    [
        ([("SGD", "en_SG"), ("USD", "en_US")], "SGD", "S$75,000"),
        ([("SGD", "en_SG"), ("USD", "en_US")], "USD", "US$75,000"),
        ([("AUD", "en_AU"), ("NZD", "en_NZ")], "AUD", "A$75,000"),
        ([("AUD", "en_AU"), ("NZD", "en_NZ")], "NZD", "NZ$75,000"),
        ([("CAD", "en_CA"), ("USD", "en_US")], "CAD", "C$75,000"),
        ([("GBP", "en_GB"), ("USD", "en_US")], "USD", "$75,000"),
        ([("GBP", "en_GB"), ("USD", "en_US")], "GBP", "£75,000"),
        ([("USD", "en_US")], "USD", "$75,000"),
        ([("EUR", "de_DE"), ("USD", "en_US")], "EUR", "75.000 €"),
        ([("SGD", "en_SG"), ("MYR", "ms_MY")], "SGD", "$75,000"),
    ],
)
def test_a_dollar_is_named_only_where_another_dollar_appears(
    shown: list[tuple[str, str]], currency: str, expected: str
) -> None:
    purse = money.Purse.of(shown, DISTINCT)
    assert purse.amount(75_000, currency).replace("\xa0", " ") == expected


def test_a_clash_without_a_distinct_symbol_falls_back_to_the_code() -> None:
    purse = money.Purse.of([("SGD", "en_SG"), ("USD", "en_US")], {})
    assert purse.compact(56_000, "USD") == "USD56K"
    assert purse.span(75_000, 104_000, "SGD") == "SGD75,000 – SGD104,000"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (25_912.4, "25,912"),
        (16_512.3, "16,512"),
        (86.02, "86.02"),
        (1.3312, "1.331"),
        (0.88, "0.88"),
        (3.861e-05, "0.00003861"),
        (4.4, "4.4"),
    ],
)
def test_a_rate_is_written_in_plain_digits(value: float, expected: str) -> None:
    assert significant(value) == expected


def test_every_rate_line_is_in_plain_digits(store: Store) -> None:
    """Dong and rupiah are five digits to the dollar, and a fraction of a cent the other way:
    written "25,900" and "0.00003861", not "2.59e+04" or "0"."""
    line = re.compile(r"1 [A-Z]{3} = (\d{1,3}(,\d{3})*(\.\d+)?) [A-Z]{3} \(.+\)\.")
    for country in store.countries():
        for into in ("USD", "EUR"):
            shown = rate_line(store, country.currency, into)
            if shown is None:
                continue
            found = line.fullmatch(shown)
            assert found is not None, shown
            assert float(found.group(1).replace(",", "")) > 0, shown
