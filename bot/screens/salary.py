"""Salary screens: region and country pickers, a country's ranges, and one level first; per
year, month or hour, in local currency (with its US-dollar equivalent) or another, marked for
what the figures measure and how sure they are."""

from __future__ import annotations

from collections.abc import Callable

from bot.conversation.address import encode
from bot.conversation.context import Viewer
from bot.conversation.view import View
from bot.screens.chart import Chart
from bot.screens.common import flag, nav, rows, screen
from bot.screens.html import bold, esc, italic
from bot.screens.occupation_pay import area_lines, benchmark_lines, us
from bot.screens.pay import (
    Figures,
    brief_mark,
    chart_reply,
    display_row,
    purse,
    rate_line,
    what_they_are,
)
from bot.screens.periods import UNIT_ADJECTIVES, UNIT_WORDS
from bot.screens.reply import Button, Reply
from bot.screens.words import at_level
from knowledge.schema import LEVELS, Country
from knowledge.store import Store


@screen("salary")
def render_salary(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """The salary section: pick a region, pick a country, or a country's ranges."""
    assert view.role is not None
    if view.country is None:
        head = (
            f"💰 {bold(title(store, view.role))}\n"
            "Annual salary ranges. Pick a region, then a country."
        )
        shortcut = viewer.country
        return pick(view, store, head, lambda c: view.but(region=None, country=c.code), shortcut)
    if view.display.chart:
        return chart_reply(view, levels_chart(store, view, store.country(view.country)))
    if view.level is not None:
        return _one_level(view, store, brief)
    return _country(view, store, brief)


def levels_chart(store: Store, view: View, country: Country, mark: float | None = None) -> Chart:
    """The chart of a role's four level bands in a country, as the view shows figures."""
    assert view.role is not None
    labels = store.level_labels()
    bands = [(labels[p.level], p.band.low, p.band.high) for p in store.pay(view.role, country.code)]
    title = f"{store.role(view.role).name} · {country.name}"
    return figures(store, view, country).chart(title, bands, mark)


def title(store: Store, role: str) -> str:
    """`Machine Learning Engineer salary — by country & seniority`."""
    return f"{store.role(role).name} salary — by country & seniority"


def pick(
    view: View,
    store: Store,
    text: str,
    choose: Callable[[Country], View],
    shortcut: str | None = None,
    exclude: tuple[str, ...] = (),
) -> Reply:
    """Region buttons, or the countries of the chosen region, each leading to `choose(country)`;
    `shortcut` is the chat's own country, offered first."""
    assert view.role is not None
    if view.region is None:
        cells = [Button(r.name, encode(view.but(region=i))) for i, r in enumerate(store.regions())]
        extra = []
        if shortcut and shortcut not in exclude:
            mine = store.country(shortcut)
            label = f"{flag(mine.code)} {mine.name} (your country)"
            extra.append([Button(label, encode(choose(mine)))])
        return Reply(text, [*extra, *rows(cells), nav(view.role)])
    region = store.regions()[view.region]
    countries = [c for c in store.countries(region.key) if c.code not in exclude]
    cells = [Button(f"{flag(c.code)} {c.name}", encode(choose(c))) for c in countries]
    back = Button("⬅ Regions", encode(view.but(region=None)))
    return Reply(f"{text}\n\n{bold(region.name)}", [*rows(cells), nav(view.role, back)])


def figures(store: Store, view: View, country: Country) -> Figures:
    """How this view shows one country's figures."""
    extra = (view.display.currency,) if view.display.currency else ()
    return Figures(store, country, view.display, purse(store, [country], *extra))


def notes(store: Store, view: View, country: Country, shown: Figures, brief: bool) -> list[str]:
    """What the figures are: basis, period, sureness, unit and exchange rate (HTML lines)."""
    assert view.role is not None
    if brief:
        return [esc(brief_mark(store, [(view.role, country)], view.display.unit))]
    pays = store.pay(view.role, country.code)
    lines = what_they_are(store, view.role, country, pays)
    unit = shown.unit_line()
    if unit and not brief:
        lines.append(unit)
    rates = {rate_line(store, country.currency), rate_line(store, country.currency, shown.currency)}
    lines += sorted(r for r in rates if r)
    return [esc(line) for line in lines]


def _heading(view: View, country: Country) -> str:
    unit = view.display.unit
    shown = view.display.currency or country.currency
    return f"{UNIT_ADJECTIVES[unit]} pay, in {shown}"


def _country(view: View, store: Store, brief: bool) -> Reply:
    """One country's four levels."""
    assert view.role is not None and view.country is not None
    country, labels = store.country(view.country), store.level_labels()
    shown = figures(store, view, country)
    head = f"💰 {bold(store.role(view.role).name)} · {flag(country.code)} {bold(country.name)}"
    lines = [
        f"{esc(labels[p.level])}: {shown.span(p.band.low, p.band.high)}"
        for p in store.pay(view.role, view.country)
    ]
    marks = notes(store, view, country, shown, brief)
    local = area_lines(store, view.role, _areas(store, view), brief)
    if brief:
        return Reply("\n".join([head, *lines, *local, *marks]), [], shareable=True)
    text = "\n".join([head, esc(_heading(view, country)), "", *lines, *local, "", *marks])
    text += "\n\n" + italic(f"Note: {store.salary_meta(view.role).note}")
    text += "".join(f"\n{line}" for line in benchmark_lines(store, view.role, country.code))
    level_buttons = [Button(labels[lv], encode(view.but(level=lv))) for lv in LEVELS]
    a_day = Button("🕘 A day", encode(View(section="day", role=view.role)))
    return Reply(text, _buttons(view, store, level_buttons, a_day), shareable=True)


def _areas(store: Store, view: View) -> list[str]:
    """The US areas (BLS states, metros) whose figures the US card shows beside its own
    (another country's card never shows them)."""
    if view.country != us(store):
        return []
    return [p for p in (view.place, view.other_place) if p is not None]


def _buttons(view: View, store: Store, levels: list[Button], a_day: Button) -> list[list[Button]]:
    """Level buttons, how figures are shown, compare / other country, then the way on."""
    assert view.role is not None
    if view.display.picking:
        return [*display_row(view, store), nav(view.role)]
    compare = View(section="compare", role=view.role, country=view.country)
    return [
        levels,
        *display_row(view, store),
        [
            Button("⚖️ Compare with…", encode(compare)),
            Button("🌍 Other country", encode(View(section="salary", role=view.role))),
        ],
        nav(view.role, a_day),
    ]


def _one_level(view: View, store: Store, brief: bool) -> Reply:
    """The level asked for first, in one line, then the others."""
    assert view.role is not None and view.country is not None and view.level is not None
    country, labels = store.country(view.country), store.level_labels()
    shown = figures(store, view, country)
    pays = store.pay(view.role, view.country)
    mine = next(p for p in pays if p.level == view.level)
    answer = (
        f"💰 {bold(at_level(store, view.role, view.level))} in {flag(country.code)} "
        f"{esc(country.name)}: {shown.span(mine.band.low, mine.band.high)} "
        f"{UNIT_WORDS[view.display.unit]}."
    )
    marks = notes(store, view, country, shown, brief)
    local = area_lines(store, view.role, _areas(store, view), brief)
    if brief:
        return Reply("\n".join([answer, *local, *marks]), [], shareable=True)
    others = [
        f"{esc(labels[p.level])}: {shown.span(p.band.low, p.band.high)}"
        for p in pays
        if p.level != view.level
    ]
    text = "\n".join([answer, *local, "", *marks, "", bold("Other levels"), *others])
    level_buttons = [
        Button(labels[lv], encode(view.but(level=lv))) for lv in LEVELS if lv != view.level
    ]
    a_day = Button(f"🕘 {labels[view.level]} day", encode(_day_view(store, view)))
    return Reply(text, _buttons(view, store, level_buttons, a_day), shareable=True)


def _day_view(store: Store, view: View) -> View:
    assert view.role is not None
    if view.level in store.day_note(view.role).levels:
        return View(section="day", role=view.role, level=view.level, step=1)
    return View(section="day", role=view.role)
