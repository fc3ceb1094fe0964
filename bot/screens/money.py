"""Money written the local way (Babel/CLDR): `85.000 €`, `₹52,00,000`, compact `$180K`.

The one rule for symbols lives here (`Purse`): a currency is written with its locale's symbol,
unless another currency on the same screen would show the same symbol (a Singapore and a US
dollar are both `$` in their own locales); then each such currency is written with its distinct
symbol from the money source (`S$`, `US$`), or its ISO code where it has none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from babel import Locale
from babel.numbers import format_compact_currency, format_currency, get_currency_symbol

RANGE_DASH = " – "
"""The separator between the two ends of a range."""
USD_LOCALE = "en_US"
"""How US-dollar equivalents are written."""


@cache
def _whole_pattern(locale: str) -> str:
    """The locale's standard currency pattern without the fraction digits."""
    pattern: str = Locale.parse(locale).currency_formats["standard"].pattern
    return pattern.replace(".00", "")


@cache
def symbol(currency: str, locale: str) -> str:
    """The symbol a locale writes a currency with: `$` for SGD in en_SG, `US$` for USD there."""
    return get_currency_symbol(currency, locale)


@cache
def amount(value: float, currency: str, locale: str, sign: str | None = None) -> str:
    """A whole amount in a currency, as that locale writes it: `85.000 €`, `₹52,00,000`; with
    `sign`, that symbol instead of the locale's (`S$75,000`)."""
    text = format_currency(
        round(value),
        currency,
        format=_whole_pattern(locale),
        locale=locale,
        currency_digits=False,
    )
    return _resign(text, symbol(currency, locale), sign)


@cache
def compact(
    value: float, currency: str = "USD", locale: str = USD_LOCALE, sign: str | None = None
) -> str:
    """A short amount: `$180K`, `$1.2M`."""
    digits = 1 if 1_000_000 <= abs(value) < 10_000_000 else 0
    text = format_compact_currency(value, currency, locale=locale, fraction_digits=digits)
    return _resign(text, symbol(currency, locale), sign)


def _resign(text: str, standard: str, sign: str | None) -> str:
    return text.replace(standard, sign, 1) if sign and sign != standard else text


def span(low: float, high: float, currency: str, locale: str, sign: str | None = None) -> str:
    """A range in local currency: `85.000 € – 120.000 €`."""
    ends = (amount(value, currency, locale, sign) for value in (low, high))
    return RANGE_DASH.join(ends)


def usd_span(low: float, high: float, per_usd: float, sign: str | None = None) -> str:
    """The US-dollar equivalent of a local range, compact: `$97K–$136K`."""
    return f"{compact(low / per_usd, sign=sign)}–{compact(high / per_usd, sign=sign)}"


@dataclass(frozen=True)
class Purse:
    """How one screen writes money: each currency with the locale it is written in, and the
    distinct symbols to use where two of them would look the same."""

    locales: Mapping[str, str]
    """Currency -> the locale it is written in on this screen."""
    distinct: Mapping[str, str] = field(default_factory=dict)
    """Currency -> its distinct symbol (the money source's `symbols`)."""

    @classmethod
    def of(cls, shown: Iterable[tuple[str, str]], distinct: Mapping[str, str]) -> Purse:
        """A purse for the (currency, locale) pairs a screen shows (the first locale per
        currency is kept); US dollars are always written in `USD_LOCALE`."""
        locales: dict[str, str] = {}
        for currency, locale in shown:
            locales.setdefault(currency, USD_LOCALE if currency == "USD" else locale)
        return cls(locales, distinct)

    def sign(self, currency: str) -> str | None:
        """The symbol to write instead of the locale's, or None to keep the locale's."""
        mine = symbol(currency, self._locale(currency))
        clash = any(
            other != currency and symbol(other, locale) == mine
            for other, locale in self.locales.items()
        )
        return self.distinct.get(currency, currency) if clash else None

    def symbol(self, currency: str) -> str:
        """The symbol this screen writes a currency with."""
        return self.sign(currency) or symbol(currency, self._locale(currency))

    def _locale(self, currency: str) -> str:
        return self.locales.get(currency, USD_LOCALE)

    def amount(self, value: float, currency: str) -> str:
        """A whole amount: `S$75,000`."""
        return amount(value, currency, self._locale(currency), self.sign(currency))

    def span(self, low: float, high: float, currency: str) -> str:
        """A range: `S$75,000 – S$104,000`."""
        return span(low, high, currency, self._locale(currency), self.sign(currency))

    def compact(self, value: float, currency: str = "USD") -> str:
        """A short amount: `US$56K`."""
        return compact(value, currency, self._locale(currency), self.sign(currency))

    def compact_span(self, low: float, high: float, currency: str = "USD") -> str:
        """A short range: `US$56K–US$78K`."""
        return f"{self.compact(low, currency)}–{self.compact(high, currency)}"
