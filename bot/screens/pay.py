"""Pay as the salary, comparison and pay-check screens show it: a role's table of pay in a
place, converted and per month or hour on request, and the lines that say what the figures
are (period, base or total, how sure, which exchange rate)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from babel.numbers import format_decimal

from bot.conversation.address import encode, fits
from bot.conversation.view import Display, Unit, View
from bot.screens import money
from bot.screens.chart import CAPTION_LIMIT, Bar, Chart
from bot.screens.common import day, month
from bot.screens.html import esc
from bot.screens.periods import UNIT_ADJECTIVES, per_year
from bot.screens.reply import Button, Reply
from bot.screens.verdict import Band, PayTable
from knowledge.errors import NotFoundError
from knowledge.schema import Country, Provenance
from knowledge.store import Pay, Store

BASIS = {
    "base": "base salary",
    "total": "total compensation (base salary, bonus and stock)",
    "mixed": "a mix of base salary and total compensation",
}
"""What a pay basis means, as a card says it."""
BRIEF_BASIS = {
    "base": "base salary",
    "total": "total compensation",
    "mixed": "base and total mixed",
}
"""What a pay basis means, in a brief answer's one line."""
MONTHS = 12
"""Months in a year: a monthly figure is said to divide by something else only where it does."""
CURRENCY_ROW = 5
"""Currency buttons to a row."""


def table(store: Store, role: str, country: Country) -> PayTable:
    """A curated role's yearly bands in a country, in its currency."""
    labels = store.level_labels()
    bands = tuple(
        Band(p.level, labels[p.level], p.band.low, p.band.high)
        for p in store.pay(role, country.code)
    )
    return PayTable(country.currency, bands)


def rate(store: Store, currency: str, into: str) -> float | None:
    """Units of `into` per unit of `currency` at the store's rates, or None without a rate."""
    if currency == into:
        return 1.0
    try:
        return store.rate(into).per_usd / store.rate(currency).per_usd
    except NotFoundError:
        return None


def currencies(store: Store) -> list[str]:
    """The currencies figures can be shown in: US dollars, then each country's, in order."""
    return list(dict.fromkeys(["USD", *(c.currency for c in store.countries())]))


def purse(store: Store, countries: list[Country], *extra: str) -> money.Purse:
    """How a screen about these countries writes money: their currencies, US dollars and any
    extra currency shown (written in the first country's locale)."""
    lead = countries[0].locale if countries else money.USD_LOCALE
    shown = [(c.currency, c.locale) for c in countries]
    shown += [(code, lead) for code in extra]
    shown.append(("USD", money.USD_LOCALE))
    return money.Purse.of(shown, store.currency_symbols())


@dataclass(frozen=True)
class Figures:
    """How one place's yearly figures are shown on a screen: per year, month or hour, in the
    place's currency or another, with the local figure (or its US-dollar equivalent) beside."""

    store: Store
    country: Country
    display: Display
    purse: money.Purse

    @property
    def currency(self) -> str:
        """The currency figures are shown in."""
        return self.display.currency or self.country.currency

    @property
    def divisor(self) -> float:
        """What a yearly figure is divided by for the unit shown."""
        return per_year(self.display.unit, self.country)

    def shown(self, yearly: float) -> float:
        """A yearly local figure in the unit and currency shown."""
        k = rate(self.store, self.country.currency, self.currency) or 1.0
        return yearly * k / self.divisor

    def parts(self, low: float, high: float) -> tuple[str, str | None]:
        """A range as shown, and beside it the local range (when shown in another currency)
        or its US-dollar equivalent (`≈ US$56K–US$78K`)."""
        local = self.country.currency
        k = 1 / self.divisor
        main = self.purse.span(low * k, high * k, local)
        if self.currency != local and (r := rate(self.store, local, self.currency)):
            return self.purse.span(low * k * r, high * k * r, self.currency), main
        if local == "USD" or (r := rate(self.store, local, "USD")) is None:
            return main, None
        usd = (self.purse.compact_span if self.display.unit == "year" else self.purse.span)(
            low * k * r, high * k * r, "USD"
        )
        return main, f"≈ {usd}"

    def span(self, low: float, high: float) -> str:
        """`<b>S$75,000 – S$104,000</b> (≈ US$56K–US$78K)` (HTML)."""
        main, beside = self.parts(low, high)
        return f"<b>{esc(main)}</b>" + (f" ({esc(beside)})" if beside else "")

    def text(self, low: float, high: float) -> str:
        """`S$75,000 – S$104,000 (≈ US$56K–US$78K)` (plain text)."""
        main, beside = self.parts(low, high)
        return main + (f" ({beside})" if beside else "")

    def chart(
        self, title: str, bands: Sequence[tuple[str, float, float]], mark: float | None = None
    ) -> Chart:
        """A chart of labelled yearly local ranges as shown here (and a yearly mark)."""
        bars = tuple(
            Bar(label, self.shown(low), self.shown(high), self.parts(low, high)[0])
            for label, low, high in bands
        )
        unit = UNIT_ADJECTIVES[self.display.unit]
        lines = [f"{label}: {self.text(low, high)}" for label, low, high in bands]
        caption = "\n".join([f"{title}, {unit.lower()} gross pay in {self.currency}:", *lines])
        axis = f"{self.currency}, {unit.lower()}"
        return Chart("levels", title, axis, bars, caption, self.shown(mark) if mark else None)

    def unit_line(self) -> str:
        """`Monthly: yearly pay ÷ 13 (13 months' pay a year is customary in Singapore).`"""
        norms = self.country.pay_norms
        if self.display.unit == "month":
            extra = "" if norms.extra_pay == "none" else f" {norms.months_note}"
            return f"Monthly: yearly pay ÷ {norms.months_per_year:g}.{extra}"
        if self.display.unit == "hour":
            return (
                f"Hourly: yearly pay ÷ {norms.hours_per_year:,} hours "
                f"({norms.hours_per_week:g} h a week × 52). {norms.hours_note}"
            )
        return ""


def what_they_are(store: Store, role: str, country: Country, pays: list[Pay]) -> list[str]:
    """How sure the figures are, what they measure and their period (text)."""
    meta = store.salary_meta(role)
    first = pays[0]
    if first.provenance is Provenance.SEED:
        how = f"From the career page ({month(store.sources(role).last_updated)})."
    elif "estimate" in first.basis.lower():
        how = first.basis.rstrip(".") + "."
    else:
        how = f"Estimate: {first.basis.rstrip('.')}."
    lines = [
        f"{UNIT_ADJECTIVES['year']} gross pay: {BASIS[first.pay_basis]}, {meta.valid_for}, in "
        f"{country.currency}. {how}"
    ]
    if first.pay_basis == "mixed" and first.pay_basis_note:
        lines.append(f"Base or total? {first.pay_basis_note}")
    if any(p.limited_data for p in pays):
        lines.append(f"⚠️ {meta.limited_data_note}")
    return lines


def rate_line(store: Store, currency: str, into: str = "USD") -> str | None:
    """`1 USD = 1.33 SGD (1 Apr 2026).`, or None for one currency."""
    if currency == into:
        return None
    try:
        a, b = store.rate(currency), store.rate(into)
    except NotFoundError:
        return None
    base, other = (b, a) if into == "USD" else (a, b)
    shown = significant(other.per_usd / base.per_usd)
    return f"1 {base.currency} = {shown} {other.currency} ({day(a.as_of)})."


def significant(value: float, digits: int = 4) -> str:
    """A positive number to at least `digits` significant digits, in plain digits: "25,900",
    "1.331", "0.00003861" (never "2.59e+04")."""
    places = max(0, digits - 1 - math.floor(math.log10(value)))
    pattern = "#,##0." + "#" * places if places else "#,##0"
    return format_decimal(round(value, places), format=pattern, locale="en")


def display_row(view: View, store: Store) -> list[list[Button]]:
    """The buttons that show a screen yearly, monthly or hourly, and in another currency; on
    the currency picker, one button per currency."""
    display = view.display
    if display.picking:
        choices = [
            (code, view.but(show=Display(display.unit, code).token())) for code in currencies(store)
        ]
        cells = [
            Button(("✓ " if code == display.currency else "") + code, encode(v))
            for code, v in choices
            if fits(v)
        ]
        local = Button("Local currency", encode(view.but(show=Display(display.unit).token())))
        rows = [cells[i : i + CURRENCY_ROW] for i in range(0, len(cells), CURRENCY_ROW)]
        return [*rows, [local]]
    units: list[tuple[Unit, str]] = [  # only those whose address fits
        ("year", "📅 Yearly"),
        ("month", "🗓 Monthly"),
        ("hour", "⏱ Hourly"),
    ]
    picker = Display(display.unit, display.currency, picking=True)
    shown = [
        (label, view.but(show=Display(unit, display.currency).token()))
        for unit, label in units
        if unit != display.unit
    ]
    shown.append(("💱 Currency", view.but(show=picker.token())))
    shown.append(("📊 Chart", view.but(show=display.but(chart=True).token())))
    return [[Button(label, encode(v)) for label, v in shown if fits(v)]]


def chart_reply(view: View, chart: Chart) -> Reply:
    """A chart's reply: the chart, its caption (the same numbers as text) and the way back."""
    assert view.role is not None
    back = view.but(show=view.display.but(chart=False).token())
    caption = esc(chart.caption[:CAPTION_LIMIT])
    return Reply(caption, [[Button("⬅ Back to the figures", encode(back))]], chart=chart)


def brief_mark(store: Store, rows: Sequence[tuple[str, Country]], unit: Unit) -> str:
    """One short line on what the figures of some roles in some places are (groups, inline):
    their period (and for one place its divisor), base or total, when, and how sure.
    `Monthly gross (yearly ÷ 13), base salary, 2025–2026, careerbot estimate.` (text)"""
    pays = {(role, c.code): store.pay(role, c.code) for role, c in rows}
    period = f"{UNIT_ADJECTIVES[unit]} gross"
    places = {c.code: c for _, c in rows}
    divisor = per_year(unit, rows[0][1])
    if len(places) == 1 and (unit == "hour" or (unit == "month" and divisor != MONTHS)):
        period += f" (yearly ÷ {divisor:,g})"
    by_basis: dict[str, list[str]] = {}
    for (_, code), found in pays.items():
        names = by_basis.setdefault(BRIEF_BASIS[found[0].pay_basis], [])
        names += [] if places[code].short_name in names else [places[code].short_name]
    ranked = sorted(by_basis.items(), key=lambda item: -len(item[1]))
    basis = ranked[0][0]
    if len(ranked) > 1:
        basis += " (" + "; ".join(f"{', '.join(names)}: {b}" for b, names in ranked[1:]) + ")"
    seeds = {found[0].provenance is Provenance.SEED for found in pays.values()}
    how = {
        frozenset({True}): "from the career page",
        frozenset({False}): "careerbot estimate" + ("s" if len(pays) > 1 else ""),
    }.get(frozenset(seeds), "partly careerbot estimates")
    limited = "; ⚠️ limited data" if any(p.limited_data for f in pays.values() for p in f) else ""
    meta = store.salary_meta(rows[0][0])
    return f"{period}, {basis}, {meta.valid_for}, {how}{limited}."
