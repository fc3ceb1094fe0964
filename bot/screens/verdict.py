"""Where an amount of pay falls in a table of pay: against bands by level (below, within its
lower, middle or upper third, above, and by how much), and against percentiles where a source
publishes them (about the Nth). Pure arithmetic over an abstract table, so curated roles'
bands and imported occupations' percentiles are judged the same way."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Where = Literal["below", "within", "above"]
Third = Literal["lower", "middle", "upper"]
PERCENTILE_STEP = 5
"""Percentiles are said to the nearest multiple of this ("about the 60th")."""


@dataclass(frozen=True)
class Band:
    """One level's yearly range."""

    key: str
    label: str
    low: float
    high: float


@dataclass(frozen=True)
class PayTable:
    """What pay looks like for a job in a place, yearly, in one currency: bands by level in
    order, and (percentile, value) points where a source publishes them."""

    currency: str
    bands: tuple[Band, ...] = ()
    percentiles: tuple[tuple[int, float], ...] = ()

    def band(self, key: str) -> Band | None:
        """The band of a level."""
        return next((b for b in self.bands if b.key == key), None)


@dataclass(frozen=True)
class Verdict:
    """Where an amount falls against one band: below it, within it (in which third) or above
    it, how far outside (in the table's currency) and that as a share of the nearer end."""

    band: Band
    where: Where
    third: Third | None = None
    gap: float = 0.0
    share: float = 0.0


@dataclass(frozen=True)
class Percentile:
    """Where an amount falls among published percentiles: about the Nth, or beyond the first
    or last point published."""

    value: float
    beyond: Literal["below", "above"] | None = None

    @property
    def rounded(self) -> int:
        """The percentile to the nearest step, kept within 1-99."""
        return min(99, max(1, round(self.value / PERCENTILE_STEP) * PERCENTILE_STEP))


def against(amount: float, band: Band) -> Verdict:
    """Where an amount falls against one band."""
    if amount < band.low:
        gap = band.low - amount
        return Verdict(band, "below", gap=gap, share=gap / band.low)
    if amount > band.high:
        gap = amount - band.high
        return Verdict(band, "above", gap=gap, share=gap / band.high)
    span = band.high - band.low
    position = (amount - band.low) / span if span else 0.5
    third: Third = "lower" if position < 1 / 3 else "middle" if position < 2 / 3 else "upper"
    return Verdict(band, "within", third=third)


def place(amount: float, table: PayTable, level: str | None = None) -> Verdict | None:
    """Where an amount falls: against the level's band when a level is given, else against
    the band it falls in (a boundary belongs to the higher band), below the lowest or above the
    highest. None when the table has no bands."""
    if not table.bands:
        return None
    if level is not None and (band := table.band(level)) is not None:
        return against(amount, band)
    bands = table.bands
    if amount < bands[0].low:
        return against(amount, bands[0])
    for band in reversed(bands):
        if amount >= band.low:
            return against(amount, band)
    return against(amount, bands[-1])


def percentile(amount: float, points: Sequence[tuple[int, float]]) -> Percentile | None:
    """The percentile of an amount, interpolated linearly between published points; beyond
    the first or last point it is only below or above that one. None without points."""
    ordered = sorted(points)
    if not ordered:
        return None
    if amount < ordered[0][1]:
        return Percentile(ordered[0][0], "below")
    if amount > ordered[-1][1]:
        return Percentile(ordered[-1][0], "above")
    for (p_low, v_low), (p_high, v_high) in itertools.pairwise(ordered):
        if v_low <= amount <= v_high:
            if v_high == v_low:
                return Percentile((p_low + p_high) / 2)
            return Percentile(p_low + (amount - v_low) / (v_high - v_low) * (p_high - p_low))
    return Percentile(ordered[-1][0])


def ordinal(number: int) -> str:
    """`60th`, `21st`, `12th`."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"
