"""Comparisons: places (up to six) and roles side by side in one compact table, midpoints per
level in one currency (US dollars unless all share one, or the currency asked for), and at one
level the ranges with the local figures. The table is monospace (`<pre>`) to stay aligned on a
phone."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from bot.conversation.address import encode
from bot.conversation.context import Viewer
from bot.conversation.pay import MAX_ROWS
from bot.conversation.view import View
from bot.screens.chart import Bar, Chart
from bot.screens.common import flag, nav, rows, screen
from bot.screens.html import bold, esc
from bot.screens.pay import (
    BASIS,
    brief_mark,
    chart_reply,
    display_row,
    purse,
    rate,
    rate_line,
)
from bot.screens.periods import UNIT_ADJECTIVES, per_year
from bot.screens.reply import Button, Reply
from bot.screens.salary import pick, title
from bot.screens.words import at_level
from knowledge.schema import LEVELS, Country, Level
from knowledge.store import Pay, Store

LABEL_WIDTH = 12
"""The widest row label in the table, in characters."""
SHORT_LABEL = 6
"""Role names longer than this are abbreviated in a table."""
SHORT_LEVELS = {"junior": "Jr", "mid": "Mid", "senior": "Sr", "manager": "Mgr"}
"""Column heads (the levels are fixed by the schema)."""


@dataclass(frozen=True)
class Row:
    """One row of a comparison: a role in a place, with its pay at each level."""

    role: str
    country: Country
    pays: dict[Level, Pay]

    def mid(self, level: Level) -> float:
        """The midpoint of a level's range, yearly, in local currency."""
        band = self.pays[level].band
        return (band.low + band.high) / 2


@screen("compare")
def render_compare(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """Places and roles side by side, or the picker of a place to compare with."""
    assert view.role is not None
    if view.country is None:
        names = " vs ".join(store.role(r).name for r in view.roles)
        head = f"⚖️ {bold(names)}\nCompare their pay in which country?"
        return pick(view, store, head, lambda c: view.but(region=None, country=c.code))
    if view.other is None and view.rivals is None:
        first = store.country(view.country)
        head = f"⚖️ {bold(title(store, view.role))}\nCompare {esc(first.name)} with which country?"
        choose = lambda c: view.but(region=None, other=c.code)  # noqa: E731
        return pick(view, store, head, choose, exclude=(view.country,))
    table = Table.of(store, view)
    if view.display.chart:
        return chart_reply(view, table.chart())
    if brief:
        parts = (table.heading(), table.body(brief), esc(table.legend()), table.brief_mark())
        return Reply("\n".join(p for p in parts if p), [], shareable=True)
    text = "\n\n".join(part for part in (table.heading(), table.body(), table.notes()) if part)
    return Reply(text, _buttons(view, store, table), shareable=True)


@dataclass(frozen=True)
class Table:
    """A comparison as shown: its rows, the currency and unit of its figures."""

    store: Store
    view: View
    rows: tuple[Row, ...]
    currency: str

    @classmethod
    def of(cls, store: Store, view: View) -> Table:
        """The table a comparison view shows."""
        found = [
            Row(role, store.country(code), {p.level: p for p in store.pay(role, code)})
            for role in view.roles
            for code in view.places
        ][:MAX_ROWS]
        shared = {r.country.currency for r in found}
        currency = view.display.currency or (shared.pop() if len(shared) == 1 else "USD")
        return cls(store, view, tuple(found), currency)

    @property
    def by_role(self) -> bool:
        """Whether rows differ by role (else only by place)."""
        return len(self.view.roles) > 1

    def label(self, row: Row) -> str:
        """A row's name: the place, the role (abbreviated, see `legend`), or both."""
        if not self.by_role:
            return row.country.short_name
        role = self.abbreviations.get(row.role, self.store.role(row.role).short_name)
        return role if len(self.view.places) == 1 else f"{role} {row.country.short_name}"

    @cached_property
    def abbreviations(self) -> dict[str, str]:
        """Roles whose short name is too long for the table, by their initials (`DE` for Data
        Engineer), unless two would share them."""
        roles = self.view.roles if self.by_role else ()
        long = [r for r in roles if len(self.store.role(r).short_name) > SHORT_LABEL]
        places = {c.short_name for c in self.store.countries()}
        initials = {r: _initials(self.store.role(r).name, places) for r in long}
        if len(set(initials.values())) < len(initials):
            return {}
        return initials

    def legend(self) -> str:
        """`DE = Data Engineer`, for the abbreviated roles."""
        return ", ".join(f"{a} = {self.store.role(r).name}" for r, a in self.abbreviations.items())

    def value(self, row: Row, yearly: float) -> float:
        """A row's yearly local figure in the table's currency and unit."""
        k = rate(self.store, row.country.currency, self.currency) or 0.0
        return yearly * k / per_year(self.view.display.unit, row.country)

    def heading(self) -> str:
        """`⚖️ Senior · Machine Learning Engineer: 🇺🇸 United States · 🇬🇧 United Kingdom`."""
        store, view = self.store, self.view
        if self.by_role:
            who = " vs ".join(store.role(r).name for r in view.roles)
        elif view.level:
            who = at_level(store, view.roles[0], view.level)
        else:
            who = store.role(view.roles[0]).name
        places = [store.country(c) for c in view.places]
        named = [f"{flag(c.code)} {c.name if len(places) <= 3 else c.short_name}" for c in places]
        level = f"{store.level_labels()[view.level]} · " if view.level and self.by_role else ""
        return f"⚖️ {esc(level)}{bold(who)}: {' · '.join(named)}"

    def body(self, brief: bool = False) -> str:
        """The table (HTML): midpoints per level, or one level's ranges."""
        if any(self.value(r, 1) == 0 for r in self.rows):
            return esc(f"No exchange rate for {self.currency}.")
        sign = purse(self.store, [r.country for r in self.rows], self.currency)
        unit = UNIT_ADJECTIVES[self.view.display.unit]
        if self.view.level is None:
            return self._midpoints(sign.symbol(self.currency), unit)
        return self._ranges(unit, brief)

    def _midpoints(self, sign: str, unit: str) -> str:
        cells = [(r, [self.value(r, r.mid(lv)) for lv in LEVELS]) for r in self.rows]
        scale, suffix = _scale(max(v for _, values in cells for v in values))
        width = min(LABEL_WIDTH, max(len(self.label(r)) for r in self.rows))
        head = " " * width + "".join(f"{SHORT_LEVELS[lv]:>6}" for lv in LEVELS)
        lines = [head] + [
            f"{self.label(r)[:width]:<{width}}" + "".join(f"{_cell(v / scale):>6}" for v in values)
            for r, values in cells
        ]
        caption = f"{unit} pay in {sign}{SCALE_WORDS[suffix]} (range midpoints)."
        return f"{esc(caption)}\n<pre>{esc(chr(10).join(lines))}</pre>"

    def _ranges(self, unit: str, brief: bool) -> str:
        level = self.view.level
        assert level is not None
        countries = [r.country for r in self.rows]
        sign = purse(self.store, countries, self.currency)
        width = min(LABEL_WIDTH, max(len(self.label(r)) for r in self.rows))
        lines = []
        for r in self.rows:
            band = r.pays[level].band
            low, high = self.value(r, band.low), self.value(r, band.high)
            compact = sign.compact_span(low, high, self.currency)
            lines.append(f"{self.label(r)[:width]:<{width}}  {compact}")
        local = [
            f"{flag(r.country.code)} {esc(self.label(r))}: "
            f"{esc(sign.span(*self._local(r, level), r.country.currency))}"
            for r in self.rows
            if r.country.currency != self.currency
        ]
        caption = f"{unit} pay, {self.currency}:"
        parts = [esc(caption) + f"\n<pre>{esc(chr(10).join(lines))}</pre>"]
        if local and not brief:
            parts.append("In local currency:\n" + "\n".join(local))
        parts.append(esc(self._spread(level)))
        return "\n\n".join(parts)

    def _local(self, row: Row, level: Level) -> tuple[float, float]:
        band = row.pays[level].band
        k = per_year(self.view.display.unit, row.country)
        return band.low / k, band.high / k

    def _spread(self, level: Level) -> str:
        """`United States pays 31% more than United Kingdom (middle of the range).`"""
        ranked = sorted(self.rows, key=lambda r: self.value(r, r.mid(level)), reverse=True)
        top, bottom = ranked[0], ranked[-1]
        high, low = self.value(top, top.mid(level)), self.value(bottom, bottom.mid(level))
        if low <= 0 or high / low < 1.01:
            return "About the same, by the middle of the range."
        ratio = high / low
        gap = f"{(ratio - 1) * 100:.0f}% more than" if ratio < 2 else f"{ratio:.1f}× as much as"
        return f"{self.label(top)} pays {gap} {self.label(bottom)} (middle of the range)."

    def chart(self) -> Chart:
        """The comparison as a chart: each row's range (at the level shown, else from junior
        to manager) in the table's currency, its local range written beside it."""
        level = self.view.level
        first, last = (level, level) if level is not None else (LEVELS[0], LEVELS[-1])
        assert first is not None and last is not None
        sign = purse(self.store, [r.country for r in self.rows], self.currency)
        bars, lines = [], []
        for r in self.rows:
            low, high = r.pays[first].band.low, r.pays[last].band.high
            k = per_year(self.view.display.unit, r.country)
            local = sign.span(low / k, high / k, r.country.currency)
            shown = sign.span(self.value(r, low), self.value(r, high), self.currency)
            bars.append(Bar(self.label(r), self.value(r, low), self.value(r, high), local))
            lines.append(f"{self.label(r)}: {shown}" + ("" if local == shown else f" ({local})"))
        labels = self.store.level_labels()
        levels = labels[first] if first == last else f"{labels[first]} to {labels[last]}"
        unit = UNIT_ADJECTIVES[self.view.display.unit].lower()
        title = self.chart_title()
        caption = "\n".join([f"{title}: {levels}, {unit} gross pay in {self.currency}:", *lines])
        return Chart("compare", title, f"{self.currency}, {unit}", tuple(bars), caption)

    def chart_title(self) -> str:
        """`Machine Learning Engineer: US, UK, IN` (no flags: a chart font has none)."""
        who = " vs ".join(self.store.role(r).name for r in self.view.roles)
        places = ", ".join(self.store.country(c).short_name for c in self.view.places)
        return f"{who}: {places}"

    def brief_mark(self) -> str:
        """One short line on what the figures are (groups, inline)."""
        rows = [(r.role, r.country) for r in self.rows]
        return esc(brief_mark(self.store, rows, self.view.display.unit))

    def divisors(self) -> str:
        """`Monthly: yearly pay ÷ 13 months (SG), ÷ 12 (AU, CA).`: each place's norm."""
        unit = self.view.display.unit
        by: dict[float, list[str]] = {}
        for code in self.view.places:
            country = self.store.country(code)
            by.setdefault(per_year(unit, country), []).append(country.short_name)
        word = "months" if unit == "month" else "hours"
        parts = [
            f"÷ {k:,g}" + (f" {word}" if i == 0 else "") + f" ({', '.join(names)})"
            for i, (k, names) in enumerate(by.items())
        ]
        return f"{UNIT_ADJECTIVES[unit]}: yearly pay {', '.join(parts)}, each place's norm."

    def notes(self) -> str:
        """What the figures are, for every row at once (HTML)."""
        store = self.store
        groups: dict[str, list[str]] = {}
        for r in self.rows:
            pay = next(iter(r.pays.values()))
            groups.setdefault(BASIS[pay.pay_basis], []).append(self.label(r))
        measure = "; ".join(f"{basis} ({', '.join(names)})" for basis, names in groups.items())
        lines = [self.legend()] if self.abbreviations else []
        lines.append(f"Gross pay, {store.salary_meta(self.view.roles[0]).valid_for}: {measure}.")
        thin = [self.label(r) for r in self.rows if any(p.limited_data for p in r.pays.values())]
        if thin:
            lines.append(f"⚠️ Limited data, broad estimates: {', '.join(thin)}.")
        if self.view.display.unit != "year":
            lines.append(self.divisors())
        rates = [rate_line(store, r.country.currency, self.currency) for r in self.rows]
        lines += list(dict.fromkeys(r for r in rates if r))
        return "\n".join(esc(line) for line in lines)


SCALE_WORDS = {"": "", "K": " thousands", "M": " millions"}
LAST_WORD = 3
"""Letters of a name's last word kept when its initials would read as a place (`DEng`)."""


def _initials(name: str, places: set[str]) -> str:
    """`DS` for Data Scientist; `DEng` for Data Engineer, whose initials are Germany's."""
    words = name.split()
    initials = "".join(w[0] for w in words).upper()
    if initials not in places:
        return initials
    return "".join(w[0].upper() for w in words[:-1]) + words[-1][:LAST_WORD]


def _scale(largest: float) -> tuple[float, str]:
    """Thousands or millions, so the widest figure fits a narrow column."""
    if largest >= 10_000_000:
        return 1_000_000, "M"
    if largest >= 10_000:
        return 1_000, "K"
    return 1, ""


def _cell(value: float) -> str:
    return f"{value:.1f}" if value < 10 else f"{value:,.0f}"


def _buttons(view: View, store: Store, table: Table) -> list[list[Button]]:
    """Level toggles, how figures are shown, each row's own screen, then the way on."""
    assert view.role is not None
    if view.display.picking:
        return [*display_row(view, store), nav(view.role)]
    labels = store.level_labels()
    levels = [
        Button(
            ("✓ " if lv == view.level else "") + labels[lv],
            encode(view.but(level=None if lv == view.level else lv)),
        )
        for lv in LEVELS
    ]
    own = [
        Button(
            f"{flag(r.country.code)} {table.label(r)}",
            encode(View(section="salary", role=r.role, country=r.country.code, level=view.level)),
        )
        for r in table.rows
    ]
    more = Button(
        "⚖️ Another country", encode(View(section="compare", role=view.role, country=view.country))
    )
    return [levels, *display_row(view, store), *rows(own, 3), nav(view.role, more)]
