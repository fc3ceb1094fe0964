"""The person's context: values remembered with when and where they were given, the latest
winning; preferences outliving the conversation; "back"; and contexts saved in the older form."""

from __future__ import annotations

from bot.conversation.context import MAX_AGE_SECONDS, ChatContext, Preferences, Said, latest

NOW = 1_800_000_000.0


def said(value: str, at: float) -> Said[str]:
    return Said[str](value=value, at=at, source="message")


def test_the_latest_value_wins_and_the_first_of_equals() -> None:
    assert latest(said("GB", 1), said("DE", 3), said("IN", 2)) == said("DE", 3)
    assert latest(said("GB", 1), said("DE", 1)) == said("GB", 1)
    assert latest(None, None) is None


def test_remembered_countries_put_the_latest_first() -> None:
    shown = ChatContext().showing("x_sal_DE", "x", ("DE", "NL"), None, NOW)
    assert shown.remembered_countries() == ("DE", "NL")
    saved = shown.prefer(NOW + 1, country="IN")
    assert saved.remembered_countries()[0] == "IN"
    typed = saved.showing("x_sal_GB", "x", ("GB",), None, NOW + 2)
    assert typed.remembered_countries()[0] == "GB"


def test_preferences_outlive_the_conversation() -> None:
    ctx = (
        ChatContext()
        .prefer(NOW, country="SG", level="senior")
        .showing("x_sal_DE_junior", "x", ("DE",), "junior", NOW + 1)
    )
    later = ctx.current(NOW + MAX_AGE_SECONDS + 2)
    assert later.address is None
    assert later.countries is None
    assert later.remembered_countries() == ("SG",)
    assert later.remembered_level() == "senior"


def test_back_rewinds_to_an_earlier_screen() -> None:
    ctx = ChatContext()
    for number, address in enumerate(["a", "b", "c", "d"]):
        ctx = ctx.showing(address, None, (), None, NOW + number)
    assert ctx.previous == ("a", "b", "c")
    assert ctx.rewind("b").previous == ("a",)
    assert ctx.rewind(None).previous == ()


def test_a_context_saved_in_the_older_form_is_read() -> None:
    old = {
        "address": "x_sal_DE",
        "role": "x",
        "countries": ["DE"],
        "level": "senior",
        "turns": 1,
        "updated": NOW,
        "preferred_country": "IN",
        "preferred_level": "junior",
    }
    ctx = ChatContext.model_validate(old)
    assert ctx.countries == Said[tuple[str, ...]](value=("DE",), at=NOW, source="message")
    assert ctx.remembered_level() == "senior"
    assert ctx.preferences == Preferences(
        country=Said[str](value="IN", at=0.0, source="settings"),
        level=Said(value="junior", at=0.0, source="settings"),
    )
    assert ChatContext.model_validate(ctx.model_dump(mode="json")) == ctx
