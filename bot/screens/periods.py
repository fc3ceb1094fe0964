"""Pay per year, month, week, day or hour, by a country's norms (`pay_norms` in
countries.yaml): how many months of pay a year (13 where a 13th month is statutory or
customary), how many hours a full-time year has. Every figure says which norm it used."""

from __future__ import annotations

from bot.screens.words import the
from knowledge.schema import WEEKS_PER_YEAR, Country, Period

WORKDAYS_PER_WEEK = 5
"""Days a full-time week is worked, for day rates."""


def per_year(period: Period, country: Country) -> float:
    """How many of a period's pay make a year's in a country: 13 months, 2,080 hours."""
    norms = country.pay_norms
    return {
        "year": 1.0,
        "month": norms.months_per_year,
        "week": float(WEEKS_PER_YEAR),
        "day": float(WORKDAYS_PER_WEEK * WEEKS_PER_YEAR),
        "hour": float(norms.hours_per_year),
    }[period]


def how_many(period: Period, country: Country) -> str:
    """`× 13 months (13 months' pay is customary in Singapore)`, `× 2,080 hours (40 h a week
    × 52 weeks, the usual full-time week in the United States)`."""
    norms = country.pay_norms
    if period == "month":
        months = f"{norms.months_per_year:g}"
        if norms.extra_pay == "none":
            return f"× {months} months"
        rule = "mandatory" if norms.extra_pay == "statutory" else "customary"
        return f"× {months} months ({months} months' pay a year is {rule} in {the(country.name)})"
    if period == "hour":
        rule = "statutory" if norms.hours_rule == "statutory" else "usual"
        return (
            f"× {norms.hours_per_year:,} hours ({norms.hours_per_week:g} h a week × "
            f"{WEEKS_PER_YEAR} weeks, the {rule} full-time week in {the(country.name)})"
        )
    if period == "day":
        days = WORKDAYS_PER_WEEK * WEEKS_PER_YEAR
        return f"× {days} working days ({WORKDAYS_PER_WEEK} a week × {WEEKS_PER_YEAR} weeks)"
    if period == "week":
        return f"× {WEEKS_PER_YEAR} weeks"
    return ""


UNIT_WORDS: dict[Period, str] = {
    "year": "a year",
    "month": "a month",
    "week": "a week",
    "day": "a day",
    "hour": "an hour",
}
"""How an amount's period is said after it."""
UNIT_ADJECTIVES: dict[Period, str] = {
    "year": "Yearly",
    "month": "Monthly",
    "week": "Weekly",
    "day": "Daily",
    "hour": "Hourly",
}
