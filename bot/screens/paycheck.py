"""The pay check: an amount someone was offered or earns, against the right band.

The amount is turned into a year's pay by the country's norms (and says how: `× 13 months`),
converted at the store's rate when it is in another currency (and says at which), and placed
against the level's band, or every band when no level is known: below, within (its lower,
middle or upper third) or above, by how much, with the band shown; with published percentiles,
the approximate percentile. What the asker did not say (the period, the currency) is said back
as an assumption."""

from __future__ import annotations

from bot.conversation.address import encode
from bot.conversation.amounts import Amount, resolve
from bot.conversation.context import Viewer
from bot.conversation.view import Display, Offer, View
from bot.screens.common import flag, nav, screen
from bot.screens.html import bold, esc, italic
from bot.screens.pay import (
    Figures,
    brief_mark,
    chart_reply,
    display_row,
    purse,
    rate,
    rate_line,
    table,
    what_they_are,
)
from bot.screens.periods import UNIT_WORDS, how_many, per_year
from bot.screens.reply import Button, Reply
from bot.screens.salary import levels_chart, pick
from bot.screens.verdict import PayTable, Percentile, Verdict, ordinal, percentile, place
from bot.screens.words import at_level, the
from knowledge.schema import LEVELS, Country, Period
from knowledge.store import Store

MARK = {"below": "⬇️", "within": "✅", "above": "⬆️"}
TAKE_HOME = (
    "You gave take-home pay; {figures} are gross (before tax and deductions), so the gross pay "
    "behind your figure is higher than what I compared."
)


@screen("check")
def render_check(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """The verdict on an amount, or the picker of the country it is for."""
    assert view.role is not None and view.offer is not None
    offer = view.checked
    assert offer is not None
    if view.country is None:
        head = f"💰 {bold('Pay check')}: which country is the pay for?"
        choose = lambda c: view.but(region=None, country=c.code)  # noqa: E731
        return pick(view, store, head, choose, viewer.country)
    country = store.country(view.country)
    said = resolved(store, view.role, offer, country)
    check = Check(store, view, country, offer, said)
    to_local = rate(store, check.currency, country.currency)
    if view.display.chart and to_local is not None:
        chart = levels_chart(store, view, country, check.yearly * to_local)
        return chart_reply(view, chart)
    return check.reply(brief)


def resolved(
    store: Store,
    role: str | None,
    offer: Offer,
    country: Country,
    usual: tuple[float, float] | None = None,
) -> Amount:
    """The offer with what it did not say taken from the country (and the pay usual there)."""
    amount = Amount.stated(offer.value, offer.currency, offer.period, offer.net)
    return resolve(store, amount, country, role, usual)


class Check:
    """One pay check as shown."""

    def __init__(
        self, store: Store, view: View, country: Country, offer: Offer, said: Amount
    ) -> None:
        assert view.role is not None and said.currency is not None and said.period is not None
        self.store, self.view, self.country, self.offer = store, view, country, offer
        self.role: str = view.role
        self.currency: str = said.currency
        self.period: Period = said.period
        self.value = said.value
        self.table: PayTable = table(store, self.role, country)
        shown = view.display
        if shown.currency is None and self.currency != country.currency:
            shown = Display(shown.unit, self.currency, shown.picking)
        extra = [c for c in {shown.currency, self.currency} if c]
        self.purse = purse(store, [country], *extra)
        self.figures = Figures(store, country, shown, self.purse)

    @property
    def yearly(self) -> float:
        """The amount as a year's pay, in the asker's currency."""
        return self.value * per_year(self.period, self.country)

    def reply(self, brief: bool) -> Reply:
        """The check's reply."""
        to_local = rate(self.store, self.currency, self.country.currency)
        lines = [self._heading(), "", *self._figure(to_local)]
        if to_local is None:
            lines += [
                "",
                esc(f"I have no exchange rate for {self.currency}, so I cannot compare it."),
            ]
            return Reply("\n".join(lines), [nav(self.role)])
        verdict = place(self.yearly * to_local, self.table, self.view.level)
        assert verdict is not None
        lines += ["", self._verdict(verdict, to_local)]
        found = percentile(self.yearly * to_local, self.table.percentiles)
        if found is not None:
            lines.append(esc(_percentile_line(found)))
        lines += [italic(a) for a in self._assumptions()]
        if brief:
            period = self.figures.display.unit
            lines.append(esc(brief_mark(self.store, [(self.role, self.country)], period)))
        else:
            lines += ["", *self._ladder(verdict)]
            pays = self.store.pay(self.role, self.country.code)
            notes = what_they_are(self.store, self.role, self.country, pays)
            unit = self.figures.unit_line()
            lines += ["", *(esc(n) for n in [*notes, *([unit] if unit else [])])]
        text = "\n".join(line for line in lines if line or not brief)  # brief: no blank lines
        return Reply(text, [] if brief else self._buttons(), shareable=True)

    def _heading(self) -> str:
        who = (
            at_level(self.store, self.role, self.view.level)
            if self.view.level
            else self.store.role(self.role).name
        )
        return (
            f"💰 {bold('Pay check')}: {bold(who)} in {flag(self.country.code)} "
            f"{esc(self.country.name)}"
        )

    def _figure(self, to_local: float | None) -> list[str]:
        """`Your figure: S$8,000 a month`, then how it makes a year's pay and the conversion."""
        said = self.purse.amount(self.value, self.currency)
        net = " take-home" if self.offer.net else ""
        lines = [f"Your figure: {bold(said)}{net} {UNIT_WORDS[self.period]}"]
        if self.period != "year":
            yearly = self.purse.amount(self.yearly, self.currency)
            lines.append(esc(f"{how_many(self.period, self.country)} = {yearly} a year"))
        if to_local is not None and self.currency != self.country.currency:
            local = self.purse.amount(self.yearly * to_local, self.country.currency)
            at = rate_line(self.store, self.currency, self.country.currency) or ""
            lines.append(esc(f"≈ {local} a year, at {at}"))
        return lines

    def _gap(self, verdict: Verdict, to_local: float) -> str:
        """`US$30,000 a year (17%)`: how far outside, in the asker's currency and the unit shown."""
        unit = self.figures.display.unit
        gap = verdict.gap / to_local / per_year(unit, self.country)
        return f"{self.purse.amount(gap, self.currency)} {UNIT_WORDS[unit]} ({verdict.share:.0%})"

    def _verdict(self, verdict: Verdict, to_local: float) -> str:
        band = verdict.band
        span = f"{self.figures.span(band.low, band.high)} {UNIT_WORDS[self.figures.display.unit]}"
        name = esc(band.label)
        if self.view.level is None:
            if verdict.where == "within":
                third = f"in its {verdict.third} third"
                return f"{MARK['within']} In the {bold(name)} band, {third}: {span}."
            edge = "lowest" if verdict.where == "below" else "highest"
            return (
                f"{MARK[verdict.where]} {esc(verdict.where.capitalize())} every band: "
                f"{esc(self._gap(verdict, to_local))} {verdict.where} the {edge}, "
                f"{bold(name)}: {span}."
            )
        if verdict.where == "within":
            third = f"in its {verdict.third} third"
            return f"{MARK['within']} Within the {bold(name)} band, {third}: {span}."
        return (
            f"{MARK[verdict.where]} {esc(self._gap(verdict, to_local))} {verdict.where} the "
            f"{bold(name)} band: {span}."
        )

    def _assumptions(self) -> list[str]:
        """What the asker left out, said back, and what the comparison cannot see."""
        out = []
        norms = self.country.pay_norms
        if self.offer.period is None and (norms.quotes_pay != "year" or self.period != "year"):
            habit = norms.quotes_pay
            usual = (
                f"You didn't say per month or per year; pay in {the(self.country.name)} is usually "
                f"quoted by the {habit}"
            )
            if self.period == habit:
                out.append(f"{usual}, so I read it as {UNIT_WORDS[habit]}.")
            else:
                out.append(f"{usual}, but an amount this size reads as {UNIT_WORDS[self.period]}.")
        if self.offer.net:
            out.append(TAKE_HOME.format(figures="the bands"))
        if self.period in ("day", "hour"):
            out.append(
                "Day and hourly rates for contract work usually carry no paid leave, pension "
                "or benefits, so they look higher next to salaries."
            )
        return out

    def _ladder(self, verdict: Verdict) -> list[str]:
        unit = self.figures.display.unit
        lines = [bold(f"Every level ({UNIT_WORDS[unit]})")]
        for band in self.table.bands:
            mark = " 👈" if band.key == verdict.band.key else ""
            lines.append(f"{esc(band.label)}: {self.figures.span(band.low, band.high)}{mark}")
        return lines

    def _buttons(self) -> list[list[Button]]:
        view = self.view
        if view.display.picking:
            return [*display_row(view, self.store), nav(self.role)]
        labels = self.store.level_labels()
        levels = [
            Button(labels[lv], encode(view.but(level=lv))) for lv in LEVELS if lv != view.level
        ]
        if view.level is not None:
            levels.append(Button("All levels", encode(view.but(level=None))))
        card = View(section="salary", role=self.role, country=self.country.code, level=view.level)
        return [
            levels[:3],
            levels[3:],
            *display_row(view, self.store),
            nav(self.role, Button(f"💰 {self.country.short_name} ranges", encode(card))),
        ]


def _percentile_line(found: Percentile) -> str:
    """`About the 60th percentile.`"""
    if found.beyond == "below":
        return f"Below the {ordinal(round(found.value))} percentile published."
    if found.beyond == "above":
        return f"Above the {ordinal(round(found.value))} percentile published."
    return f"About the {ordinal(found.rounded)} percentile."
