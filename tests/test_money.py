"""Money written the local way."""

from __future__ import annotations

import pytest

from bot.screens import money


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
