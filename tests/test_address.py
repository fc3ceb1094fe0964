"""View addresses: compact, round-tripping, and strict about anything forged or stale."""

from __future__ import annotations

import pytest

from bot.conversation.address import MAX_BYTES, decode, encode
from bot.conversation.view import View
from bot.errors import ExpiredAddress
from knowledge.store import Store

MLE = "machine-learning-engineer"

VIEWS = [
    View(section="roles"),
    View(section="help"),
    View(section="settings"),
    View(section="settings", country="GB"),
    View(section="settings", level="senior"),
    View(section="settings", region=2),
    View(section="menu", role=MLE),
    View(section="overview", role="ai-governance-analyst"),
    View(section="skills", role=MLE, group="personality"),
    View(section="day", role=MLE),
    View(section="day", role="ai-governance-analyst", level="manager", step=9),
    View(section="salary", role=MLE, region=3),
    View(section="salary", role=MLE, country="AE", level="manager"),
    View(
        section="compare", role="ai-governance-analyst", country="GB", other="DE", level="manager"
    ),
    View(section="compare", role=MLE, country="GB", region=1),
    View(section="path", role=MLE, level="mid"),
    View(section="salary", role=MLE, country="SG", show="m"),
    View(section="salary", role=MLE, country="SG", level="junior", show="hUSD"),
    View(section="salary", role=MLE, country="SG", show="yc"),
    View(section="salary", role=MLE, country="SG", show="mg"),
    View(section="compare", role=MLE, country="US", other="GBINDESGAU", level="senior"),
    View(section="compare", role=MLE, country="US", other="GB", show="mcEUR"),
    View(section="compare", role="data-engineer", country="GB", rivals=f"{MLE}_data-scientist"),
    View(
        section="compare",
        role="ai-governance-analyst",
        country="GB",
        other="US",
        rivals=f"{MLE}_backend-developer_cloud-engineer",
        level="manager",
    ),
    View(section="compare", role="data-scientist", rivals=MLE, region=2),
    View(section="check", role=MLE, country="SG", level="junior", offer="8000SGDm", show="m"),
    View(section="check", role=MLE, country="IN", offer="1200000"),
    View(section="check", role=MLE, country="US", offer="65p5USDh", show="hg"),
    View(section="check", role=MLE, country="IN", offer="85000INRmn"),
    View(section="check", role=MLE, offer="9000000JPY", region=0, level="senior"),
]


@pytest.mark.parametrize("view", VIEWS, ids=[encode(v) for v in VIEWS])
def test_round_trip(store: Store, view: View) -> None:
    address = encode(view)
    assert len(address.encode()) <= MAX_BYTES
    assert decode(address, store) == view


def _decision_step(store: Store) -> int:
    steps = store.day(MLE, "junior").steps
    return next(i for i, s in enumerate(steps, 1) if s.decision is not None)


def test_a_choice_is_only_valid_at_the_decision_step(store: Store) -> None:
    step = _decision_step(store)
    assert decode(f"{MLE}_day_junior_{step}_1", store).choice == 1
    with pytest.raises(ExpiredAddress):
        decode(f"{MLE}_day_junior_{step + 1 if step == 1 else 1}_1", store)


@pytest.mark.parametrize(
    "address",
    [
        "",
        " ",
        "x" * 65,
        "dentist",
        "dentist_sal_GB",
        f"{MLE}_sal_FR",
        f"{MLE}_sal_gb",
        f"{MLE}_sal_GB_boss",
        f"{MLE}_day_junior_0",
        f"{MLE}_day_junior_99",
        f"{MLE}_day_intern_1",
        f"{MLE}_cmp_GB_GB",
        f"{MLE}_sal_r9",
        f"{MLE}_sk_magic",
        f"{MLE}_xyz",
        f"{MLE}__ov",
        f"{MLE}_day_junior_1_7",
        "set_c_XX",
        "set_l_boss",
        "roles_extra",
        "<script>",
        "ab c",
        "' OR 1=1 --",
        "help\n",
        "m\u00e9nu",
        "%00",
        f"{MLE}_sal_GB_senior_extra",
        f"{MLE}_sal_GB_y",
        f"{MLE}_sal_GB_mXYZ",
        f"{MLE}_cmp_US_GBGB",
        f"{MLE}_cmp_US_GBUS",
        f"{MLE}_cmp_US_GBFR",
        f"{MLE}_cmp_US_wzzzzz",
        f"{MLE}_chk_SG_8000XYZm",
        f"{MLE}_chk_SG_8000SGDq",
    ],
)
def test_forged_or_stale_addresses_expire(store: Store, address: str) -> None:
    with pytest.raises(ExpiredAddress):
        decode(address, store)


def test_address_too_long_to_encode_is_refused() -> None:
    with pytest.raises(ValueError, match="too long"):
        encode(View(section="compare", role="r" + "x" * 60, country="GB", other="DE"))
