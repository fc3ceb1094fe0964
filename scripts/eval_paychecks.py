"""Evaluate the pay check on tests/data/paychecks.jsonl: for each amount phrasing (with its
country, role and level), the year's pay it comes to and the verdict against the bands, both
worked out by hand; and the labelled messages of tests/data/amounts.jsonl through the whole
engine (parser, dialog, screen): answered with a verdict where they name a covered place, and
never with a verdict on another job's figures.

    .venv/bin/python scripts/eval_paychecks.py [--errors]
"""

from __future__ import annotations

import argparse
import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

from bot.conversation.address import decode
from bot.conversation.amounts import AmountReader
from bot.conversation.context import ChatContext
from bot.conversation.view import Offer, View
from bot.engine import Engine
from bot.screens.pay import rate, table
from bot.screens.paycheck import MARK, Check, resolved
from bot.screens.verdict import Verdict, place
from knowledge.builder import fresh_store
from knowledge.errors import NotFoundError
from knowledge.occupation_store import UK_PAY, US_WAGES
from knowledge.store import Store

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
CHECKS = DATA / "paychecks.jsonl"
MESSAGES = DATA / "amounts.jsonl"
NOW = 1_800_000_000.0
CHECKS_SECTIONS = frozenset({"check", "job_check"})
"""The sections of pay checks: a curated role's, an imported occupation's."""
OCCUPATION = "onet:"


def load(path: Path = CHECKS) -> list[dict[str, Any]]:
    """The labelled pay checks (or the labelled messages of another file)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def judge(store: Store, reader: AmountReader, case: dict[str, Any]) -> tuple[float, Verdict] | None:
    """The year's pay (local currency) a phrasing comes to and its verdict, as the pay-check
    screen reckons them; None when no amount is read."""
    amount = reader.read(case["text"], [case["country"]], case["role"]).amount
    if amount is None:
        return None
    offer = Offer(
        amount.value,
        amount.currency if amount.currency_said else None,
        amount.period if amount.period_said else None,
    )
    country = store.country(case["country"])
    view = View(section="check", role=case["role"], country=country.code, level=case["level"])
    check = Check(
        store,
        view.but(offer=offer.token()),
        country,
        offer,
        resolved(store, case["role"], offer, country),
    )
    to_local = rate(store, check.currency, country.currency)
    if to_local is None:
        return None
    yearly = check.yearly * to_local
    verdict = place(yearly, table(store, case["role"], country), case["level"])
    return (yearly, verdict) if verdict is not None else None


def right_year(found: tuple[float, Verdict] | None, case: dict[str, Any]) -> bool:
    """Whether the year's pay is the one worked out by hand."""
    return found is not None and math.isclose(found[0], case["yearly"], rel_tol=1e-9)


def right_verdict(found: tuple[float, Verdict] | None, case: dict[str, Any]) -> bool:
    """Whether the verdict is the one worked out by hand: band, below/within/above, and the
    third or how far outside (in whole % of the band's nearer end)."""
    if found is None:
        return False
    verdict = found[1]
    if (verdict.band.key, verdict.where) != (case["band"], case["where"]):
        return False
    if case["where"] == "within":
        return bool(verdict.third == case["third"])
    return bool(round(verdict.share * 100) == case["share"])


def answered(store: Store, case: dict[str, Any]) -> bool:
    """Whether a labelled message, through the whole engine, is answered as it should be: with
    a pay-check verdict on its own job when its place has figures for it (a curated role: any
    covered country; an imported occupation: the US or the UK), else with no verdict on
    another job's or another country's figures (it asks, or says what it does not have)."""
    reply = Engine(store).text(case["text"], ChatContext(), NOW).reply
    view = decode(reply.address, store) if reply.address else None
    checked = view is not None and view.section in CHECKS_SECTIONS
    job = view.role if checked and view is not None else None
    verdict = checked and any(mark in reply.text for mark in MARK.values())
    if case["countries"] and _has_figures(store, case["role"], case["countries"][0]):
        return verdict and job == slug(store, case["role"])
    if checked and view is not None and view.section == "job_check":
        return not verdict and job == slug(store, case["role"])
    return not checked or job == slug(store, case["role"])


def _has_figures(store: Store, role: str | None, country: str) -> bool:
    """Whether the bot has pay figures for a job in a country."""
    if role is None or not role.startswith(OCCUPATION):
        return True
    sources = store.occupation_sources()
    return country in {sources.source(key).country for key in (US_WAGES, UK_PAY)}


def slug(store: Store, role: str | None) -> str | None:
    """The slug a labelled role is shown as: a curated role's, or an O*NET occupation's (its
    curated role's when that is the very job)."""
    if role is None or not role.startswith(OCCUPATION):
        return role
    try:
        occupation = store.occupation_by_code(role.removeprefix(OCCUPATION))
    except NotFoundError:
        return None
    return occupation.stands_for or occupation.slug


def main() -> None:
    """Print the figures."""
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--errors", action="store_true", help="list the misses")
    errors = args.parse_args().errors
    with fresh_store() as store:
        reader = AmountReader(store)
        total: Counter[str] = Counter()
        years: Counter[str] = Counter()
        verdicts: Counter[str] = Counter()
        misses = []
        for case in load():
            found = judge(store, reader, case)
            total[case["lang"]] += 1
            years[case["lang"]] += right_year(found, case)
            verdicts[case["lang"]] += right_verdict(found, case)
            if not (right_year(found, case) and right_verdict(found, case)):
                misses.append((case, found))
        messages = [c for c in load(MESSAGES) if c["intent"] == "salary"]
        wrong = [c for c in messages if not answered(store, c)]
        got = Counter(c["lang"] for c in messages) - Counter(c["lang"] for c in wrong)
        asked = Counter(c["lang"] for c in messages)
    head = ("language", "checks", "year ok", "verdict", "messages", "answered")
    print("{:<9} {:>6} {:>8} {:>8}   {:>8} {:>8}".format(*head))
    for lang in sorted(total, key=lambda k: -total[k]):
        n, m = total[lang], asked[lang]
        print(
            f"{lang:<9} {n:>6} {years[lang] / n:8.1%} {verdicts[lang] / n:8.1%}   "
            f"{m:>8} {got[lang] / m if m else 0:8.1%}"
        )
    n, m = sum(total.values()), sum(asked.values())
    print(
        f"{'all':<9} {n:>6} {sum(years.values()) / n:8.1%} {sum(verdicts.values()) / n:8.1%}   "
        f"{m:>8} {sum(got.values()) / m:8.1%}"
    )
    if errors:
        for case, found in misses:
            print(f"MISS {case['text']!r}: got {found}, expected {case}")
        for case in wrong:
            print(f"UNANSWERED {case['text']!r} ({case['role']}, {case['countries']})")


if __name__ == "__main__":
    main()
