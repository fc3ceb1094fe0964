"""The View: a screen named by its section and parameters (what the dialog decides to show).

Pay screens have three parameters written compactly, so a screen's address stays short:
`other` lists the places compared after the first (`GBIN`), `rivals` the roles compared after
the first (joined by `_`), `offer` the amount being checked as the asker wrote it (`8000SGDm`:
value, then the currency and the period when they said them, `n` when it was take-home pay,
`p` for a decimal point) and `show` how figures are shown (`m`, `hUSD`: a month's or an hour's
pay, in another currency than the place's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from bot.conversation.sections import BY_NAME
from knowledge.schema import Level, Period

Unit = Literal["year", "month", "hour"]
"""The periods figures can be shown in."""
UNITS: dict[str, Unit] = {"y": "year", "m": "month", "h": "hour"}
PERIOD_LETTERS: dict[str, Period] = {
    "y": "year",
    "m": "month",
    "w": "week",
    "d": "day",
    "h": "hour",
}
OFFER = r"\d{1,12}(?:p\d{1,2})?(?:[A-Z]{3})?[ymwdh]?n?"
"""The written form of an offer: `8000SGDm`, `150000`, `65p5USDh`, `85000INRmn`."""
SHOW = r"[mh]|[ymh][cg]|[ymh][cg]?[A-Z]{3}"
"""The written form of display options: `m`, `h`, `yUSD`, `mEUR`; `c` while a currency is
being picked (`yc`, `mcEUR`), `g` for the screen's chart (`yg`)."""
_OFFER = re.compile(r"(\d+)(?:p(\d+))?([A-Z]{3})?([ymwdh])?(n)?")


@dataclass(frozen=True)
class Offer:
    """An amount to check, as the asker wrote it."""

    value: float
    currency: str | None = None
    period: Period | None = None
    net: bool = False

    def token(self) -> str:
        """`8000SGDm`."""
        whole, _, fraction = f"{round(self.value, 2):.2f}".partition(".")
        fraction = fraction.rstrip("0")
        letter = next((k for k, v in PERIOD_LETTERS.items() if v == self.period), "")
        return (
            whole
            + (f"p{fraction}" if fraction else "")
            + (self.currency or "")
            + letter
            + ("n" if self.net else "")
        )

    @classmethod
    def parse(cls, token: str) -> Offer:
        """The offer a token writes; ValueError when it is not one."""
        match = _OFFER.fullmatch(token)
        if match is None:
            raise ValueError(f"not an offer: {token!r}")
        whole, fraction, currency, letter, net = match.groups()
        value = float(f"{whole}.{fraction}") if fraction else float(whole)
        period = PERIOD_LETTERS[letter] if letter else None
        return cls(value, currency, period, net is not None)


@dataclass(frozen=True)
class Display:
    """How figures are shown: yearly, monthly or hourly, in the place's currency or another."""

    unit: Unit = "year"
    currency: str | None = None
    picking: bool = False
    """Whether the screen's buttons are the currencies to pick from."""
    chart: bool = False
    """Whether this is the screen's chart."""

    def token(self) -> str | None:
        """`mUSD`, or None for the default (yearly, local currency)."""
        flag = "c" if self.picking else "g" if self.chart else ""
        if self.unit == "year" and self.currency is None and not flag:
            return None
        return self.unit[0] + flag + (self.currency or "")

    @classmethod
    def parse(cls, token: str | None) -> Display:
        """The display a token writes (None: the default)."""
        if not token:
            return cls()
        flag = token[1:2] if token[1:2] in ("c", "g") else ""
        rest = token[1 + len(flag) :] or None
        return cls(UNITS[token[0]], rest, picking=flag == "c", chart=flag == "g")

    def but(self, **changes: object) -> Display:
        """A copy with some options changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


class View(BaseModel):
    """A screen: a section of a role, with its parameters."""

    model_config = ConfigDict(frozen=True)

    section: str
    role: str | None = None
    level: Level | None = None
    country: str | None = None
    other: str | None = None
    region: int | None = None
    group: str | None = None
    step: int | None = None
    choice: int | None = None
    topic: str | None = None
    origin: str | None = None
    rivals: str | None = None
    offer: str | None = None
    show: str | None = None
    place: str | None = None
    """Where an occupation's pay is for: a country code, or a BLS area's seven digits."""
    other_place: str | None = None
    page: int | None = None
    field: int | None = None
    """A field of work (SOC major group, two digits)."""
    subject: str | None = None
    """One side of a comparison: a curated role's slug or an occupation's code, 8 digits."""
    versus: str | None = None

    @field_validator("section")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in BY_NAME:
            raise ValueError(f"no section {value!r}")
        return value

    def but(self, **changes: object) -> View:
        """A copy with some fields changed."""
        return self.model_copy(update=changes)

    @property
    def places(self) -> tuple[str, ...]:
        """The country and the other places compared with it, in order."""
        others = self.other or ""
        codes = [others[i : i + 2] for i in range(0, len(others), 2)]
        return tuple(c for c in (self.country, *codes) if c)

    @property
    def roles(self) -> tuple[str, ...]:
        """The role and the other roles compared with it, in order."""
        rivals = self.rivals.split("_") if self.rivals else []
        return tuple(r for r in (self.role, *rivals) if r)

    @property
    def display(self) -> Display:
        """How this view shows figures."""
        return Display.parse(self.show)

    @property
    def checked(self) -> Offer | None:
        """The offer this view checks, if any."""
        return Offer.parse(self.offer) if self.offer else None

    def comparing(self, roles: tuple[str, ...], places: tuple[str, ...]) -> View:
        """This view with these roles and places (the first of each leads)."""
        return self.but(
            role=roles[0] if roles else self.role,
            rivals="_".join(roles[1:]) or None,
            country=places[0] if places else None,
            other="".join(places[1:]) or None,
        )
