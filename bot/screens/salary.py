"""Salary screens: region and country pickers, a country's ranges, one level first, and two
countries side by side, in local currency with USD equivalents, marked for how sure they are."""

from __future__ import annotations

from bot.conversation.address import encode
from bot.conversation.context import Viewer
from bot.conversation.view import View
from bot.screens import money
from bot.screens.common import day, flag, month, nav, rows, screen
from bot.screens.html import bold, esc, italic
from bot.screens.occupation_pay import benchmark_lines
from bot.screens.reply import Button, Reply
from bot.screens.words import at_level
from knowledge.schema import LEVELS, Country, Level, Provenance
from knowledge.store import Pay, Store


@screen("salary")
def render_salary(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """The salary section: pick a region, pick a country, or a country's ranges."""
    assert view.role is not None
    if view.country is None:
        return _pick(
            view,
            store,
            viewer,
            f"💰 {bold(_title(store, view.role))}\n"
            "Annual salary ranges. Pick a region, then a country.",
        )
    if view.level is not None:
        return _one_level(view, store, brief)
    return _country(view, store, brief)


@screen("compare")
def render_compare(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """Two countries side by side, or the picker of the second country."""
    assert view.role is not None and view.country is not None
    if view.other is None:
        first = store.country(view.country)
        return _pick(
            view,
            store,
            viewer,
            f"⚖️ {bold(_title(store, view.role))}\nCompare {esc(first.name)} with which country?",
            exclude=view.country,
        )
    return _side_by_side(view, store, brief)


def _title(store: Store, role: str) -> str:
    return f"{store.role(role).name} salary — by country & seniority"


def _pick(view: View, store: Store, viewer: Viewer, text: str, exclude: str | None = None) -> Reply:
    """Region buttons, or the countries of the chosen region, leading to `view` per country."""
    assert view.role is not None
    if view.region is None:
        cells = [Button(r.name, encode(view.but(region=i))) for i, r in enumerate(store.regions())]
        shortcut = viewer.country if view.section == "salary" else None
        extra = (
            [
                [
                    Button(
                        f"{flag(shortcut)} {store.country(shortcut).name} (your country)",
                        encode(view.but(country=shortcut)),
                    )
                ]
            ]
            if shortcut
            else []
        )
        return Reply(text, [*extra, *rows(cells), nav(view.role)])
    region = store.regions()[view.region]
    countries = [c for c in store.countries(region.key) if c.code != exclude]
    cells = [Button(f"{flag(c.code)} {c.name}", encode(_choose(view, c))) for c in countries]
    back = Button("⬅ Regions", encode(view.but(region=None)))
    return Reply(f"{text}\n\n{bold(region.name)}", [*rows(cells), nav(view.role, back)])


def _choose(view: View, country: Country) -> View:
    if view.section == "compare":
        return view.but(region=None, other=country.code)
    return view.but(region=None, country=country.code)


def _purse(store: Store, *countries: Country) -> money.Purse:
    """How a screen about these countries writes money: each local currency and US dollars."""
    shown = [(c.currency, c.locale) for c in countries] + [("USD", money.USD_LOCALE)]
    return money.Purse.of(shown, store.currency_symbols())


def _range(store: Store, country: Country, p: Pay, purse: money.Purse) -> str:
    """`£60,000 – £85,000 (≈ $78K–$110K)`; the USD part only for other currencies."""
    local = purse.span(p.band.low, p.band.high, country.currency)
    if country.currency == "USD":
        return bold(local)
    per_usd = store.rate(country.currency).per_usd
    usd = purse.compact_span(p.band.low / per_usd, p.band.high / per_usd)
    return f"{bold(local)} (≈ {esc(usd)})"


BASIS = {
    "base": "base salary",
    "total": "total compensation (base salary, bonus and stock)",
    "mixed": "a mix of base salary and total compensation",
}
"""What a pay basis means, as a card says it."""


def basis_line(pays: list[Pay]) -> str:
    """What the figures measure: `Base salary.`, or the mix and what is mixed."""
    first = pays[0]
    text = f"What they measure: {BASIS[first.pay_basis]}."
    if first.pay_basis == "mixed" and first.pay_basis_note:
        text += f" {first.pay_basis_note}"
    return text


def _marks(store: Store, role: str, country: Country, pays: list[Pay]) -> list[str]:
    """How sure the figures are, their period, and the exchange rate used."""
    meta = store.salary_meta(role)
    first = pays[0]
    if first.provenance is Provenance.SEED:
        how = f"From the career page ({month(store.sources(role).last_updated)})."
    elif "estimate" in first.basis.lower():
        how = first.basis.rstrip(".") + "."
    else:
        how = f"Estimate: {first.basis.rstrip('.')}."
    lines = [
        f"Yearly gross pay, {esc(meta.valid_for)}, in {esc(country.currency)}. {esc(how)}",
        esc(basis_line(pays)),
    ]
    if any(p.limited_data for p in pays):
        lines.append(f"⚠️ {esc(meta.limited_data_note)}")
    if country.currency != "USD":
        rate = store.rate(country.currency)
        lines.append(
            esc(f"USD at 1 USD = {rate.per_usd:g} {country.currency} ({day(rate.as_of)}).")
        )
    return lines


def _country(view: View, store: Store, brief: bool) -> Reply:
    """One country's four levels."""
    assert view.role is not None and view.country is not None
    country, labels = store.country(view.country), store.level_labels()
    pays = store.pay(view.role, view.country)
    purse = _purse(store, country)
    head = f"💰 {bold(store.role(view.role).name)} · {flag(country.code)} {bold(country.name)}"
    lines = [f"{esc(labels[p.level])}: {_range(store, country, p, purse)}" for p in pays]
    if brief:
        text = "\n".join([head, *lines, _brief_mark(store, view.role, pays)])
    else:
        text = "\n".join([head, "", *lines, "", *_marks(store, view.role, country, pays)])
        text += "\n\n" + italic(f"Note: {store.salary_meta(view.role).note}")
        text += "\n".join(benchmark_lines(store, view.role, country.code))
    level_buttons = [Button(labels[lv], encode(view.but(level=lv))) for lv in LEVELS]
    day = Button("🕘 A day", encode(View(section="day", role=view.role)))
    return Reply(text, _country_buttons(view, level_buttons, day), shareable=True)


def _country_buttons(view: View, levels: list[Button], day: Button) -> list[list[Button]]:
    """Level buttons, then compare / other country, then the way on."""
    assert view.role is not None
    compare = View(section="compare", role=view.role, country=view.country)
    return [
        levels,
        [
            Button("⚖️ Compare with…", encode(compare)),
            Button("🌍 Other country", encode(View(section="salary", role=view.role))),
        ],
        nav(view.role, day),
    ]


def _one_level(view: View, store: Store, brief: bool) -> Reply:
    """The level asked for first, in one line, then the others."""
    assert view.role is not None and view.country is not None and view.level is not None
    country, labels = store.country(view.country), store.level_labels()
    pays = store.pay(view.role, view.country)
    purse = _purse(store, country)
    mine = next(p for p in pays if p.level == view.level)
    answer = (
        f"💰 {bold(at_level(store, view.role, view.level))} in {flag(country.code)} "
        f"{esc(country.name)}: {_range(store, country, mine, purse)} a year."
    )
    if brief:
        return Reply(f"{answer}\n{_brief_mark(store, view.role, [mine])}", [], shareable=True)
    marks = _marks(store, view.role, country, [mine])
    others = [
        f"{esc(labels[p.level])}: {_range(store, country, p, purse)}"
        for p in pays
        if p.level != view.level
    ]
    text = "\n".join([answer, "", *marks, "", bold("Other levels"), *others])
    level_buttons = [
        Button(labels[lv], encode(view.but(level=lv))) for lv in LEVELS if lv != view.level
    ]
    day = Button(f"🕘 {labels[view.level]} day", encode(_day_view(store, view)))
    return Reply(text, _country_buttons(view, level_buttons, day), shareable=True)


def _day_view(store: Store, view: View) -> View:
    assert view.role is not None
    if view.level in store.day_note(view.role).levels:
        return View(section="day", role=view.role, level=view.level, step=1)
    return View(section="day", role=view.role)


def _side_by_side(view: View, store: Store, brief: bool) -> Reply:
    """Both countries' ranges per level, and how their midpoints compare in USD."""
    if brief:
        return _brief_side_by_side(view, store)
    assert view.role is not None and view.country is not None and view.other is not None
    first, second = store.country(view.country), store.country(view.other)
    labels = store.level_labels()
    levels: tuple[Level, ...] = (view.level,) if view.level else LEVELS
    purse = _purse(store, first, second)
    a_pays = {p.level: p for p in store.pay(view.role, first.code)}
    b_pays = {p.level: p for p in store.pay(view.role, second.code)}
    head = (
        f"⚖️ {bold(store.role(view.role).name)}: {flag(first.code)} {esc(first.name)} vs "
        f"{flag(second.code)} {esc(second.name)}"
    )
    blocks = []
    for level in levels:
        a, b = a_pays[level], b_pays[level]
        blocks.append(
            "\n".join(
                [
                    bold(labels[level]),
                    f"{flag(first.code)} {_range(store, first, a, purse)}",
                    f"{flag(second.code)} {_range(store, second, b, purse)}",
                    esc(_midpoints(store, first, a, second, b, purse)),
                ]
            )
        )
    marks = [
        *_marks(store, view.role, first, list(a_pays.values())),
        *_marks(store, view.role, second, list(b_pays.values())),
    ]
    unique_marks = list(dict.fromkeys(marks))
    text = "\n\n".join([head, *blocks, "\n".join(unique_marks)])
    level_buttons = [
        Button(
            ("✓ " if lv == view.level else "") + labels[lv],
            encode(view.but(level=None if lv == view.level else lv)),
        )
        for lv in LEVELS
    ]
    return Reply(
        text,
        [
            level_buttons,
            [
                Button(
                    f"{flag(first.code)} {first.short_name} only",
                    encode(View(section="salary", role=view.role, country=first.code)),
                ),
                Button(
                    f"{flag(second.code)} {second.short_name} only",
                    encode(View(section="salary", role=view.role, country=second.code)),
                ),
                Button(
                    "⚖️ Another country",
                    encode(View(section="compare", role=view.role, country=first.code)),
                ),
            ],
            nav(view.role),
        ],
        shareable=True,
    )


def _usd_midpoint(store: Store, country: Country, pay: Pay) -> float:
    return (pay.band.low + pay.band.high) / 2 / store.rate(country.currency).per_usd


def _midpoints(
    store: Store, first: Country, a: Pay, second: Country, b: Pay, purse: money.Purse
) -> str:
    """`Midpoints in USD: $98K vs $75K (UK pays 31% more)`."""
    mid_a, mid_b = _usd_midpoint(store, first, a), _usd_midpoint(store, second, b)
    higher, lower = (first, second) if mid_a >= mid_b else (second, first)
    gap = (max(mid_a, mid_b) / min(mid_a, mid_b) - 1) * 100
    verdict = (
        f"{higher.short_name} pays {gap:.0f}% more than {lower.short_name}"
        if gap >= 1
        else "about the same"
    )
    return f"Midpoints in USD: {purse.compact(mid_a)} vs {purse.compact(mid_b)} ({verdict})"


# --- brief forms (groups, inline) ---------------------------------------------------------------


def _brief_mark(store: Store, role: str, pays: list[Pay]) -> str:
    """One short line on what the figures are and how sure they are."""
    how = "from the career page" if pays[0].provenance is Provenance.SEED else "careerbot estimate"
    limited = "; ⚠️ limited data" if any(p.limited_data for p in pays) else ""
    return esc(f"Yearly gross, {store.salary_meta(role).valid_for}, {how}{limited}.")


def _brief_side_by_side(view: View, store: Store) -> Reply:
    """Two countries as a compact table of USD midpoints per level, and the gap."""
    assert view.role is not None and view.country is not None and view.other is not None
    first, second = store.country(view.country), store.country(view.other)
    labels, purse = store.level_labels(), _purse(store, first, second)
    a_pays = {p.level: p for p in store.pay(view.role, first.code)}
    b_pays = {p.level: p for p in store.pay(view.role, second.code)}
    width = max(len(label) for label in labels.values())
    table = [f"{'':<{width}} {first.code:>6} {second.code:>6}  diff"]
    for level in LEVELS:
        mid_a = _usd_midpoint(store, first, a_pays[level])
        mid_b = _usd_midpoint(store, second, b_pays[level])
        mark = "▶" if level == view.level else " "
        table.append(
            f"{labels[level]:<{width}} {purse.compact(mid_a):>6} {purse.compact(mid_b):>6} "
            f"{(mid_a / mid_b - 1) * 100:+4.0f}%{mark}"
        )
    text = "\n".join(
        [
            f"⚖️ {bold(store.role(view.role).name)}: {flag(first.code)} {esc(first.name)} vs "
            f"{flag(second.code)} {esc(second.name)}",
            f"<pre>{esc(chr(10).join(table))}</pre>",
            esc(f"USD midpoints; diff: {first.short_name} against {second.short_name}."),
            _brief_mark(store, view.role, [*a_pays.values(), *b_pays.values()]),
        ]
    )
    return Reply(text, [], shareable=True)
