"""English wording: a/an by sound, and a role named at a level."""

from __future__ import annotations

import pytest

from bot.screens.words import at_level, indefinite, short_title
from knowledge.schema import Level
from knowledge.store import Store


@pytest.mark.parametrize(
    ("phrase", "article"),
    [
        ("AI Governance Analyst", "an"),
        ("ML engineer", "an"),
        ("MLE", "an"),
        ("SWE", "an"),
        ("SQL test", "an"),
        ("UX designer", "a"),
        ("Data Engineer", "a"),
        ("Software Engineer", "a"),
        ("engineer", "an"),
        ("Operations manager", "an"),
        ("hour", "an"),
        ("honest answer", "an"),
        ("user researcher", "a"),
        ("university lecturer", "a"),
        ("European role", "a"),
        ("one-off", "a"),
        ("Backend Developer", "a"),
        ("", "a"),
    ],
)
def test_article_by_sound(phrase: str, article: str) -> None:
    assert indefinite(phrase) == article


@pytest.mark.parametrize(
    ("role", "level", "title"),
    [
        ("machine-learning-engineer", "junior", "Junior Machine Learning Engineer"),
        ("machine-learning-engineer", "mid", "Machine Learning Engineer, mid-level"),
        ("machine-learning-engineer", "manager", "ML Engineering Manager"),
        ("software-engineer", "manager", "Engineering Manager"),
        ("ai-governance-analyst", "junior", "Junior AI Governance Analyst"),
    ],
)
def test_a_role_at_a_level_is_named_by_its_stage(
    store: Store, role: str, level: Level, title: str
) -> None:
    assert at_level(store, role, level) == title


@pytest.mark.parametrize(
    ("title", "chars", "shown"),
    [
        ("Registered Nurses", 40, "Registered Nurses"),
        (
            "Secondary School Teachers, Except Special and Career/Technical Education",
            60,
            "Secondary School Teachers",
        ),
        ("Call Center Representative (Call Center Rep)", 30, "Call Center Representative"),
        (
            "Operating Engineers and Other Construction Equipment Operators",
            40,
            "Operating Engineers and Other…",
        ),
    ],
)
def test_a_long_title_is_shortened_at_a_word(title: str, chars: int, shown: str) -> None:
    assert short_title(title, chars) == shown
    assert len(short_title(title, chars)) <= chars
