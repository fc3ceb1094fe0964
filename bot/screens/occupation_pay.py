"""Pay for the imported occupations, and two roles side by side.

US wages are BLS's (OEWS, May 2025): national, by state and by metropolitan area, as
percentiles a year (or by the hour where BLS publishes no yearly figure), a top-coded figure
written "at least", a broader group's figures named as such. UK pay is ONS's (ASHE), reached
only through careerbot's reviewed or strong title match, always "matched by title", with how
precise each figure is. For any other country there is no public figure here: the screen says
so and shows the US figures as US figures, never converted into another currency. A curated
role's US salary card shows BLS's figures for its O*NET occupation in the US areas asked about
(`area_lines`). Figures of a group (a broader group's, or those of the SOC occupation O*NET
splits an occupation out of) are named so wherever they are shown (`group_note`).
"""

from __future__ import annotations

from collections.abc import Sequence

from babel.numbers import format_currency

from bot.conversation.context import Viewer
from bot.conversation.occupation_view import (
    METROS_PER_PAGE,
    STATES_PER_PAGE,
    area_of,
    country_name,
    metros,
    pages,
    place_of,
    side_role,
    states,
)
from bot.conversation.view import View
from bot.screens.common import button, flag, rows, screen
from bot.screens.html import bold, esc, italic
from bot.screens.occupation import exposure_lines, home
from bot.screens.reply import Button, Reply
from bot.screens.words import short_title
from knowledge.errors import NotFoundError
from knowledge.occupation_store import (
    NATIONAL,
    UK_PAY,
    US_WAGES,
    Exposure,
    Figure,
    OccupationInfo,
    UkPay,
    Wages,
    WageSet,
)
from knowledge.schema import Country, OnetFit
from knowledge.store import Store

PRECISE, REASONABLE, ACCEPTABLE = 5.0, 10.0, 20.0
"""ONS's coefficient-of-variation bands: up to 5% precise, 5-10 reasonably precise, 10-20
acceptable (ONS shows nothing above 20)."""
CV_MARKS = ((PRECISE, "●"), (REASONABLE, "◐"), (ACCEPTABLE, "○"))


def source_code(store: Store, key: str) -> str:
    """The country of a pay source's figures (from the source's metadata)."""
    return store.occupation_sources().source(key).country or ""


def us(store: Store) -> str:
    """The country of the US wages."""
    return source_code(store, US_WAGES)


def uk(store: Store) -> str:
    """The country of the UK pay."""
    return source_code(store, UK_PAY)


def source_country(store: Store, key: str) -> Country:
    """The country a pay source's figures are of (its currency and how money is written)."""
    return store.country(source_code(store, key))


def amount_in(amount: float, country: Country, hourly: bool = False) -> str:
    """An amount in a country's currency as written there: `$97,550`, `$46.90`, `£40,737`."""
    digits = "#,##0.00" if hourly else "#,##0"
    return format_currency(
        amount, country.currency, format=f"¤{digits}", locale=country.locale, currency_digits=False
    )


def dollars(figure: Figure | None, country: Country, hourly: bool = False) -> str:
    """A BLS figure in its country's currency (`$97,550`, `at least $239,200`); a dash when
    BLS publishes none."""
    if figure is None:
        return "–"
    text = amount_in(figure.amount, country, hourly)
    return f"at least {text}" if figure.at_least else text


def group_note(wages: Wages, title: str, brief: bool = False, *, split: bool = False) -> str | None:
    """What figures of a group are, wherever they are shown (HTML), else None: BLS publishes
    some occupations' wages only for the broader group they belong to, and an occupation O*NET
    splits out of a SOC occupation (`split`) has that whole occupation's figures."""
    if wages.basis == "broader":
        if brief:
            return italic(f"BLS's broader group: {wages.code} {wages.title}.")
        return italic(
            f"BLS has no figures for {title} alone: these are its broader group's, "
            f"{wages.code} {wages.title}."
        )
    if not split:
        return None
    if brief:
        return italic(f"BLS's figures for all of {wages.code} {wages.title}.")
    return italic(
        f"BLS has no figures for {title} alone: these are for all of {wages.code} "
        f"{wages.title}, the occupation O*NET splits it out of."
    )


def summary(wages: Wages, country: Country) -> str | None:
    """`median $135,980, range $82,460 – $214,670 a year` (by the hour where BLS publishes
    no yearly figure), or None when BLS publishes neither."""
    figures: WageSet | None = wages.annual or wages.hourly
    if figures is None:
        return None
    hourly = wages.annual is None
    return (
        f"median {dollars(figures.median, country, hourly)}, range "
        f"{dollars(figures.p10, country, hourly)} – {dollars(figures.p90, country, hourly)} "
        f"{'an hour' if hourly else 'a year'}"
    )


def wage_lines(
    wages: Wages, occupation: OccupationInfo, country: Country, brief: bool = False
) -> list[str]:
    """The median, the middle half and the range of an occupation's BLS wage, a year or by
    the hour, and whose figures they are when they are a group's (`group_note`)."""
    yearly, hourly = wages.annual, wages.hourly
    figures: WageSet | None = yearly or hourly
    if figures is None:
        return ["BLS publishes no figure here."]
    unit, per = ("a year", False) if yearly is not None else ("an hour", True)
    median = f"{bold(dollars(figures.median, country, per))} {unit}"
    if yearly is not None and hourly is not None and hourly.median is not None:
        median += f" ({dollars(hourly.median, country, True)} an hour)"
    lines = [f"Median: {median}"]
    if not brief:
        middle = f"{dollars(figures.p25, country, per)} – {dollars(figures.p75, country, per)}"
        lines.append(f"Middle half: {middle}")
    lines.append(
        f"Range (10th–90th percentile): {dollars(figures.p10, country, per)} – "
        f"{dollars(figures.p90, country, per)}"
    )
    if yearly is None and not brief:
        lines.append(italic("BLS publishes this occupation's pay by the hour only."))
    if not brief and wages.employment:
        lines.append(f"{wages.employment:,} employed")
    group = group_note(wages, occupation.title, brief, split=occupation.split)
    return [*lines, group] if group else lines


def _source(store: Store) -> str:
    return italic(store.occupation_sources().source(US_WAGES).attribution)


@screen("job_pay")
def pay(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """An occupation's pay: in the US (nation, state, metro), the UK, or another country
    (which has no public figure here), or two places side by side, or a picker of places."""
    assert view.role is not None
    if view.place is None and view.page is not None:
        return _pick_state(view, store)
    if view.place is not None and view.page is not None:
        return _pick_metro(view, store)
    if view.other_place is not None:
        return _two_places(view, store, brief)
    return _one_place(view, store, brief)


def _one_place(view: View, store: Store, brief: bool) -> Reply:
    assert view.role is not None
    occupation = store.occupation(view.role)
    place = view.place or us(store)
    head = f"💰 {bold(occupation.title)} · "
    if place == uk(store):
        lines = [head + f"{flag(place)} {bold(country_name(store, place))}", ""]
        lines += uk_lines(store, view.role, brief)
    else:
        lines = [head + _place_name(store, place), ""]
        lines += _us_lines(store, view.role, place, brief)
    return Reply("\n".join(lines), _pay_buttons(view, store, place), shareable=True)


def _place_name(store: Store, place: str) -> str:
    area = area_of(place)
    if area is not None:
        return f"{flag(us(store))} {bold(store.area(area).name)}"
    return f"{flag(place)} {bold(country_name(store, place))}"


def _us_lines(store: Store, slug: str, place: str, brief: bool) -> list[str]:
    """US wages for a US place; for another country, say plainly there is no figure for it
    and show the national US figures as US figures."""
    occupation = store.occupation(slug)
    lines: list[str] = []
    area = area_of(place)
    if area is None and place != us(store):
        name = country_name(store, place)
        lines += [
            f"No public pay figure for {esc(name)} in my data (I have US and UK pay only). "
            "The US figures, in US dollars, not converted:",
            f"{flag(us(store))} {bold(country_name(store, us(store)))}",
        ]
    wages = store.wages(slug, area if area is not None else NATIONAL)
    if wages is None:
        where = store.area(area).name if area is not None else "the US"
        lines.append(f"BLS publishes no wages for {esc(occupation.title)} in {esc(where)}.")
        return lines
    lines += wage_lines(wages, occupation, source_country(store, US_WAGES), brief)
    lines += [_source(store)] if brief else ["", _source(store)]
    return lines


def uk_lines(store: Store, slug: str, brief: bool) -> list[str]:
    """UK pay through the title match, with each figure's precision, else why there is none."""
    title = store.occupation(slug).title
    found = store.uk_pay(slug)
    if found is None:
        return [
            f"I have no UK figure matched to {esc(title)}: ONS groups jobs differently, and "
            "only title matches checked by hand or shared by several titles are shown."
        ]
    return [
        *_uk_figures(found, source_country(store, UK_PAY), brief),
        "",
        italic(f"Matched by title to ONS {found.soc2020} {found.title}."),
        *([] if brief else [italic(store.occupation_sources().source(UK_PAY).attribution)]),
    ]


def _uk_figures(found: UkPay, country: Country, brief: bool) -> list[str]:
    figures = found.figures
    lines = []
    median = figures.get("median")
    if median is not None:
        lines.append(f"Median: {bold(amount_in(median.amount, country))} a year {_cv(median.cv)}")
    for low, high, label in (("p25", "p75", "Middle half"), ("p10", "p90", "Range (10th–90th)")):
        a, b = figures.get(low), figures.get(high)
        if a is not None and b is not None:
            lines.append(
                f"{label}: {amount_in(a.amount, country)} {_cv(a.cv)} – "
                f"{amount_in(b.amount, country)} {_cv(b.cv)}"
            )
    if not lines:
        lines.append("ONS publishes no reliable figure for this group.")
    if not brief:
        lines.append(
            italic("Full-time employees, gross. ● precise ◐ reasonably precise ○ acceptable (ONS).")
        )
    return lines


def _cv(cv: float | None) -> str:
    if cv is None:
        return ""
    return next((mark for limit, mark in CV_MARKS if cv <= limit), "")


def _pay_buttons(view: View, store: Store, place: str) -> list[list[Button]]:
    assert view.role is not None
    occupation = store.occupation(view.role)
    cells = []
    if place != us(store):
        cells.append(
            button(
                View(section="job_pay", role=view.role, place=us(store)), f"{flag(us(store))} US"
            )
        )
    if states(store, occupation):
        cells.append(button(View(section="job_pay", role=view.role, page=0), "🗺 By state"))
    area = area_of(place)
    if (
        area is not None
        and store.area(area).kind == "state"
        and metros(store, occupation, store.area(area))
    ):
        cells.append(button(view.but(page=0, other_place=None), "🏙 Metro areas"))
    if place != uk(store):
        cells.append(
            button(
                View(section="job_pay", role=view.role, place=uk(store)), f"{flag(uk(store))} UK"
            )
        )
    return [*rows(cells), [button(View(section="job_ai", role=view.role)), home(view.role)]]


def _two_places(view: View, store: Store, brief: bool) -> Reply:
    """Two places side by side: their figures in their own currencies, never converted."""
    assert view.role is not None and view.place is not None and view.other_place is not None
    occupation = store.occupation(view.role)
    sep = [] if brief else [""]
    lines = [
        f"⚖️ {bold(occupation.title)}: {esc(_short_place(store, view.place))} vs "
        f"{esc(_short_place(store, view.other_place))}"
    ]
    medians: list[tuple[str, float]] = []
    for place in (view.place, view.other_place):
        lines += [*sep, _place_name(store, place)]
        if place == uk(store):
            found = store.uk_pay(view.role)
            lines += (
                _uk_figures(found, source_country(store, UK_PAY), True)
                if found
                else uk_lines(store, view.role, True)
            )
            continue
        area = area_of(place)
        if area is None and place != us(store):
            lines.append(f"No public pay figure for {esc(country_name(store, place))} in my data.")
            continue
        wages = store.wages(view.role, area if area is not None else NATIONAL)
        if wages is None:
            lines.append("BLS publishes no wages here.")
            continue
        lines += wage_lines(wages, occupation, source_country(store, US_WAGES), True)
        figures = wages.annual or wages.hourly
        if figures is not None and figures.median is not None and not figures.median.at_least:
            medians.append(
                (
                    store.area(area).name if area else country_name(store, place),
                    figures.median.amount,
                )
            )
    if len(medians) == 2 and medians[1][1] > 0:
        (a, x), (b, y) = medians
        higher, lower, gap = (a, b, x / y) if x >= y else (b, a, y / x)
        lines += [
            *sep,
            f"Median in {esc(higher)} is {gap - 1:.0%} above {esc(lower)}."
            if gap > 1.005
            else "About the same median.",
        ]
    lines += [*sep, _source(store)]
    single = [
        button(view.but(place=p, other_place=None), f"Only {_short_place(store, p)}")
        for p in (view.place, view.other_place)
    ]
    return Reply("\n".join(lines), [single, [home(view.role)]], shareable=True)


def _short_place(store: Store, place: str) -> str:
    area = area_of(place)
    if area is None:
        return country_name(store, place)
    return store.area(area).name.split(",")[0].split("-")[0][:30]


def _pick_state(view: View, store: Store) -> Reply:
    assert view.role is not None and view.page is not None
    occupation = store.occupation(view.role)
    found = states(store, occupation)
    count = pages(len(found), STATES_PER_PAGE)
    shown = found[view.page * STATES_PER_PAGE : (view.page + 1) * STATES_PER_PAGE]
    text = (
        f"🗺 {bold(occupation.title)}: pay by state (BLS)\nPage {view.page + 1} of {count}. "
        "Or just type a state or city."
    )
    cells = [
        button(View(section="job_pay", role=view.role, place=place_of(a.code)), a.name)
        for a in shown
    ]
    return Reply(text, [*rows(cells, 3), _pages(view, count), [home(view.role)]])


def _pick_metro(view: View, store: Store) -> Reply:
    assert view.role is not None and view.page is not None and view.place is not None
    occupation = store.occupation(view.role)
    state = store.area(int(view.place))
    found = metros(store, occupation, state)
    count = pages(len(found), METROS_PER_PAGE)
    shown = found[view.page * METROS_PER_PAGE : (view.page + 1) * METROS_PER_PAGE]
    text = (
        f"🏙 {bold(occupation.title)}: metropolitan areas of {esc(state.name)} (BLS)\n"
        f"Page {view.page + 1} of {count}."
    )
    cells = [
        [
            button(
                View(section="job_pay", role=view.role, place=place_of(a.code)),
                short_title(a.name, 60),
            )
        ]
        for a in shown
    ]
    back = button(view.but(page=None), f"⬅ {state.name}")
    return Reply(text, [*cells, _pages(view, count), [back, home(view.role)]])


def _pages(view: View, count: int) -> list[Button]:
    assert view.page is not None
    moves = []
    if view.page > 0:
        moves.append(button(view.but(page=view.page - 1), "◀ Previous"))
    if view.page + 1 < count:
        moves.append(button(view.but(page=view.page + 1), "Next ▶"))
    return moves


# --- two roles side by side ------------------------------------------------------------------


@screen("pair")
def side_by_side(view: View, store: Store, viewer: Viewer, brief: bool) -> Reply:
    """Two roles (curated or imported) side by side: US pay (a curated role's BLS benchmark)
    and AI exposure, each labelled with where it comes from."""
    assert view.subject is not None and view.versus is not None
    sides = [side_role(store, view.subject), side_role(store, view.versus)]
    names = [_name(store, s) for s in sides]
    lines = [
        f"⚖️ {bold(names[0])} vs {bold(names[1])}",
        "",
        bold(f"{flag(us(store))} US pay, a year (BLS)"),
    ]
    for slug, name in zip(sides, names, strict=True):
        wages, label, split = _benchmark(store, slug)
        figures = wages.annual if wages is not None else None
        if wages is None or figures is None:
            lines.append(f"• {esc(name)}: no yearly BLS figure")
            continue
        money = source_country(store, US_WAGES)
        spread = f", range {dollars(figures.p10, money)} – {dollars(figures.p90, money)}{label}"
        median = bold(dollars(figures.median, money))
        lines.append(f"• {esc(name)}: median {median}{'' if brief else spread}")
        group = group_note(wages, name, brief=True, split=split)
        lines += [f"  {group}"] if group else []
    lines += ["", bold("AI exposure")]
    for slug, name in zip(sides, names, strict=True):
        exposure, label = _exposure(store, slug)
        if brief:
            lines.append(f"• {esc(name)}: {_exposure_short(exposure)}")
            continue
        lines.append(f"• {esc(name)}{label}:")
        lines += [f"  {line}" for line in exposure_lines(store, exposure, True)]
    if not brief:
        lines += [
            "",
            italic("Ranks: 1 = the most exposed. Neither is a 0–100 “AI-proof” score."),
            _source(store),
        ]
    cells = [
        button(_menu(store, s), f"📋 {short_title(n, 30)}")
        for s, n in zip(sides, names, strict=True)
    ]
    return Reply("\n".join(lines), [cells], shareable=True)


def _exposure_short(exposure: Exposure | None) -> str:
    if exposure is None or exposure.microsoft is None:
        return "not scored"
    score = exposure.microsoft
    return f"Microsoft {score.value:.2f}, rank {score.rank:,} of {score.ranked:,}"


def _name(store: Store, slug: str) -> str:
    return store.occupation(slug).title if store.is_occupation(slug) else store.role(slug).name


def _menu(store: Store, slug: str) -> View:
    return (
        View(section="job", role=slug)
        if store.is_occupation(slug)
        else View(section="menu", role=slug)
    )


def _benchmark(store: Store, slug: str) -> tuple[Wages | None, str, bool]:
    """A role's US wages: an occupation's own, a curated role's BLS benchmark (its page's
    comparison, or its occupation's), labelled; and whether they are the whole SOC
    occupation's that the occupation is split out of (`OccupationInfo.split`)."""
    if store.is_occupation(slug):
        return store.wages(slug), "", store.occupation(slug).split
    role = store.role(slug)
    code = role.bls_benchmark
    occupation = store.occupation_by_code(role.onet_code)
    if code is None:
        return store.wages(occupation.slug), esc(f" (BLS: {occupation.title})"), occupation.split
    wages = store.wages_of(code, "detailed")
    title = wages.title if wages is not None else code
    return wages, esc(f" (BLS benchmark: {title})"), False


def _exposure(store: Store, slug: str) -> tuple[Exposure | None, str]:
    if store.is_occupation(slug):
        return store.exposure(slug), ""
    role = store.role(slug)
    occupation = store.occupation_by_code(role.onet_code)
    return store.exposure(occupation.slug), esc(
        f" (as O*NET's {occupation.title}, {role.onet_fit.value} fit)"
    )


def benchmark_lines(store: Store, role: str, country: str) -> list[str]:
    """For a curated role's US pay screen: BLS's figures for its benchmark occupation, beside
    its own (labelled, with their vintage); none for other countries."""
    if country != us(store):
        return []
    try:
        wages, label, split = _benchmark(store, role)
    except NotFoundError:
        return []
    if wages is None or wages.annual is None:
        return []
    group = group_note(wages, store.role(role).name, brief=True, split=split)
    return [
        "",
        f"📊 {bold('BLS, all US employers')}{label}: "
        f"{summary(wages, source_country(store, US_WAGES))}.",
        *([group] if group else []),
        _source(store),
    ]


def area_lines(store: Store, role: str, places: Sequence[str], brief: bool) -> list[str]:
    """For a curated role's US salary card: BLS's figures for the role's O*NET occupation in
    each US area asked about (a state, a metro), labelled with the area and the occupation,
    or that BLS publishes none there; never another occupation's or place's figures."""
    if not places:
        return []
    info = store.role(role)
    occupation = store.occupation_by_code(info.onet_code)
    named = occupation.title
    if info.onet_fit != OnetFit.EXACT:
        named += f", O*NET's {info.onet_fit.value} occupation"
    lines = [] if brief else [""]
    for place in places:
        area = store.area(int(place))
        label = f"📍 {bold('BLS, ' + area.name)} ({esc(named)})"
        wages = store.wages(occupation.slug, area.code)
        said = summary(wages, source_country(store, US_WAGES)) if wages is not None else None
        if wages is None or said is None:
            lines.append(f"{label}: BLS publishes no figure for this occupation there.")
            continue
        lines.append(f"{label}: {esc(said)}.")
        group = group_note(wages, occupation.title, brief=True, split=occupation.split)
        lines += [group] if group else []
    if not brief:
        lines += [
            italic(
                "My ranges above are for the whole US, by level; BLS's are every employer "
                "there, all levels together."
            ),
            _source(store),
        ]
    return lines
