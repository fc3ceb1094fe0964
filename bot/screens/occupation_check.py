"""The pay check for an imported occupation: an amount against the percentiles its place's
source publishes (BLS for the US, a state or a metropolitan area; ONS for the UK, through
careerbot's title match), said as the approximate percentile, with the median and range.

The amount is made a year's pay by the country's norms (an hour's, where BLS publishes hourly
wages only) and compared in the source's currency, converted at the store's rate when it is in
another (and says so). A place without a public figure gets no verdict: US figures are never
read as another country's."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.conversation.address import encode
from bot.conversation.amounts import Amount
from bot.conversation.context import Viewer
from bot.conversation.occupation_view import area_of, country_name
from bot.conversation.view import View
from bot.screens.common import flag, screen
from bot.screens.html import bold, esc, italic
from bot.screens.occupation import home
from bot.screens.occupation_pay import source_country, uk, uk_lines, us, wage_lines
from bot.screens.pay import purse, rate, rate_line
from bot.screens.paycheck import MARK, TAKE_HOME, resolved
from bot.screens.periods import UNIT_WORDS, how_many, per_year
from bot.screens.reply import Button, Reply
from bot.screens.verdict import Percentile, ordinal, percentile
from bot.screens.words import the
from knowledge.occupation_store import (
    NATIONAL,
    UK_PAY,
    US_WAGES,
    Figure,
    OccupationInfo,
    UkFigure,
    Wages,
    WageSet,
)
from knowledge.schema import Country, Period
from knowledge.store import Store

MEDIAN = 50
"""The median's percentile."""
LOW, HIGH = 25, 75
"""Percentiles below and above which a figure is marked low or high."""
WHAT_THEY_ARE = (
    "Percentiles of the gross yearly pay of everyone in the occupation there, not bands by "
    "level: the median is the middle earner."
)
BRIEF_WHAT = "Percentiles of everyone's gross yearly pay, not bands by level."


@dataclass(frozen=True)
class Points:
    """Published percentiles of one occupation in one place: (percentile, value) in the
    source's currency, a year or (BLS hourly-only) an hour, and what to show beside them."""

    currency: str
    period: Period
    points: tuple[tuple[int, float], ...]
    lines: tuple[str, ...]
    """The figures as the occupation's pay screen shows them, with their source (HTML)."""
    whose: str
    """Whose pay they are: the occupation's title, or the group's they are, named as such."""


@screen("job_check")
def render_job_check(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """The verdict on an amount for an occupation in a place, or why there is none."""
    assert view.role is not None and view.place is not None
    offer = view.checked
    assert offer is not None
    occupation = store.occupation(view.role)
    area = area_of(view.place)
    code = us(store) if area is not None else view.place
    where = store.area(area).name if area is not None else country_name(store, code)
    head = f"💰 {bold('Pay check')}: {bold(occupation.title)} in {flag(code)} {esc(where)}"
    pay = View(section="job_pay", role=view.role, place=view.place)
    buttons = [[Button(f"💰 {occupation.title[:40]} pay", encode(pay)), home(view.role)]]
    found = points(store, view.role, view.place)
    if found is None:
        return Reply("\n".join([head, "", esc(_none(store, code, where))]), buttons)
    country = store.country(code)
    usual = (found.points[0][1], found.points[-1][1]) if found.period == "year" else None
    amount = resolved(store, None, offer, country, usual)
    assert amount.currency is not None and amount.period is not None
    lines = [head, "", *_figure(store, country, amount, found)]
    to_source = rate(store, amount.currency, found.currency)
    if to_source is None:
        lines += ["", esc(f"I have no exchange rate for {amount.currency}, so I cannot check it.")]
        return Reply("\n".join(lines), buttons)
    value = _in_period(amount, country, found.period) * to_source
    place = percentile(value, found.points)
    assert place is not None
    lines += ["", verdict_line(place, found.whose, the(where))]
    median = dict(found.points).get(MEDIAN)
    if median is not None and value != median:
        money = purse(store, [country], amount.currency, found.currency)
        gap = abs(value - median) / to_source
        side = "below" if value < median else "above"
        lines.append(
            esc(
                f"{money.amount(gap, amount.currency)} {UNIT_WORDS[found.period]} "
                f"({abs(value - median) / median:.0%}) {side} the median, "
                f"{money.amount(median, found.currency)}."
            )
        )
    lines += [] if offer.period is not None or amount.period == "year" else [_assumed(amount)]
    lines += [italic(TAKE_HOME.format(figures="the percentiles"))] if offer.net else []
    if brief:
        lines.append(italic(BRIEF_WHAT))
        return Reply("\n".join(line for line in lines if line), [], shareable=True)
    lines += [italic(WHAT_THEY_ARE), "", *found.lines]
    return Reply("\n".join(lines), buttons, shareable=True)


def points(store: Store, slug: str, place: str) -> Points | None:
    """The percentiles published for an occupation in a place (US nation, state or metro;
    the UK), or None where there are none."""
    area = area_of(place)
    if area is not None or place == us(store):
        wages = store.wages(slug, area if area is not None else NATIONAL)
        if wages is None:
            return None
        figures: WageSet | None = wages.annual or wages.hourly
        if figures is None:
            return None
        period: Period = "year" if wages.annual is not None else "hour"
        found = _published(
            (p, getattr(figures, name))
            for p, name in ((10, "p10"), (25, "p25"), (MEDIAN, "median"), (75, "p75"), (90, "p90"))
        )
        source = store.occupation_sources().source(US_WAGES).attribution
        country = source_country(store, US_WAGES)
        occupation = store.occupation(slug)
        lines = [*wage_lines(wages, occupation, country), italic(source)]
        return _made(country.currency, period, found, lines, _whose(wages, occupation))
    if place == uk(store):
        pay = store.uk_pay(slug)
        if pay is None:
            return None
        found = _published(
            (MEDIAN if key == "median" else int(key[1:]), figure)
            for key, figure in pay.figures.items()
            if key == "median" or key[1:].isdigit()
        )
        currency = source_country(store, UK_PAY).currency
        title = store.occupation(slug).title
        return _made(currency, "year", found, uk_lines(store, slug, False), title)
    return None


def _published(
    pairs: Iterable[tuple[int, Figure | UkFigure | None]],
) -> tuple[tuple[int, float], ...]:
    """The (percentile, value) points with a figure, without top-coded ones ("at least")."""
    out = []
    for p, figure in pairs:
        if figure is not None and not getattr(figure, "at_least", False):
            out.append((p, float(figure.amount)))
    return tuple(sorted(out))


def _made(
    currency: str,
    period: Period,
    found: tuple[tuple[int, float], ...],
    lines: list[str],
    whose: str,
) -> Points | None:
    return Points(currency, period, found, tuple(lines), whose) if found else None


def _whose(wages: Wages, occupation: OccupationInfo) -> str:
    """Whose pay the percentiles are: the occupation's, its broader group's, or those of the
    whole SOC occupation it is split out of."""
    if wages.basis == "broader":
        return f"BLS's broader group {wages.code} {wages.title}"
    if occupation.split:
        return f"all of BLS's {wages.code} {wages.title}"
    return occupation.title


def _none(store: Store, code: str, where: str) -> str:
    """Why a place gets no verdict."""
    if code in (us(store), uk(store)):
        return f"The source publishes no pay percentiles for this occupation in {where}."
    return (
        f"I have no public pay figure for this occupation in {where} (only US figures from BLS "
        "and UK figures from ONS), so I cannot check your figure there; US or UK pay is not "
        "what the job pays locally."
    )


def _figure(store: Store, country: Country, amount: Amount, found: Points) -> list[str]:
    """`Your figure: $80,000 a year`, how it makes a year's pay, and any conversion."""
    assert amount.currency is not None and amount.period is not None
    money = purse(store, [country], amount.currency, found.currency)
    lines = [
        f"Your figure: {bold(money.amount(amount.value, amount.currency))} "
        f"{UNIT_WORDS[amount.period]}"
    ]
    if amount.period != found.period:
        shown = _in_period(amount, country, found.period)
        factor = how_many(amount.period, country) if found.period == "year" else ""
        made = f"{money.amount(shown, amount.currency)} {UNIT_WORDS[found.period]}"
        lines.append(esc(f"{factor} = {made}" if factor else f"= {made}"))
    if amount.currency != found.currency:
        k = rate(store, amount.currency, found.currency)
        if k is not None:
            shown = _in_period(amount, country, found.period) * k
            at = rate_line(store, amount.currency, found.currency) or ""
            made = f"{money.amount(shown, found.currency)} {UNIT_WORDS[found.period]}"
            lines.append(esc(f"≈ {made}, at {at}"))
    return lines


def _in_period(amount: Amount, country: Country, period: Period) -> float:
    """The amount per year, or per hour, by the country's norms."""
    assert amount.period is not None
    yearly = amount.value * per_year(amount.period, country)
    return yearly / per_year(period, country)


def verdict_line(found: Percentile, title: str, where: str) -> str:
    """`✅ About the 35th percentile of pay for Registered Nurses in the United States.`"""
    of = f"of pay for {title} in {where}"
    if found.beyond is not None:
        edge = ordinal(round(found.value))
        mark = MARK[found.beyond]
        return f"{mark} {bold(found.beyond.capitalize() + ' the ' + edge)} percentile {esc(of)}."
    rounded = found.rounded
    mark = MARK["below" if rounded < LOW else "above" if rounded > HIGH else "within"]
    about = "About the median" if rounded == MEDIAN else f"About the {ordinal(rounded)} percentile"
    return f"{mark} {bold(about)} {esc(of)}."


def _assumed(amount: Amount) -> str:
    """What the asker did not say, said back."""
    assert amount.period is not None
    return italic(f"You didn't say the period; I read it as {UNIT_WORDS[amount.period]}.")
