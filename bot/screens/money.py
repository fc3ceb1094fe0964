"""Money written the local way (Babel/CLDR): `85.000 €`, `₹52,00,000`, compact `$180K`."""

from __future__ import annotations

from functools import cache

from babel import Locale
from babel.numbers import format_compact_currency, format_currency

RANGE_DASH = " – "
"""The separator between the two ends of a range."""


@cache
def _whole_pattern(locale: str) -> str:
    """The locale's standard currency pattern without the fraction digits."""
    pattern: str = Locale.parse(locale).currency_formats["standard"].pattern
    return pattern.replace(".00", "")


@cache
def amount(value: float, currency: str, locale: str) -> str:
    """A whole amount in a currency, as that locale writes it: `85.000 €`, `₹52,00,000`."""
    return format_currency(
        round(value),
        currency,
        format=_whole_pattern(locale),
        locale=locale,
        currency_digits=False,
    )


@cache
def compact(value: float, currency: str = "USD", locale: str = "en_US") -> str:
    """A short amount: `$180K`, `$1.2M`."""
    digits = 1 if 1_000_000 <= abs(value) < 10_000_000 else 0
    return format_compact_currency(value, currency, locale=locale, fraction_digits=digits)


def span(low: float, high: float, currency: str, locale: str) -> str:
    """A range in local currency: `85.000 € – 120.000 €`."""
    return f"{amount(low, currency, locale)}{RANGE_DASH}{amount(high, currency, locale)}"


def usd_span(low: float, high: float, per_usd: float) -> str:
    """The US-dollar equivalent of a local range, compact: `$97K–$136K`."""
    return f"{compact(low / per_usd)}–{compact(high / per_usd)}"
