"""Property tests: whatever people type or Telegram sends as callback data, the parser keeps
its contract and the engine answers with a message Telegram accepts (never an exception)."""

from __future__ import annotations

import random
import re
import string
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from bot.conversation.address import MAX_BYTES
from bot.conversation.context import MAX_AGE_SECONDS, ChatContext
from bot.conversation.sections import COMMAND_INTENTS
from bot.engine import Engine, Turn
from bot.screens.html import MAX_TEXT
from knowledge.schema import INTENTS, LEVELS
from knowledge.store import Store
from tests.support.html import html_problems

NOW = 1_800_000_000.0
ADDRESS = re.compile(r"^[A-Za-z0-9_-]+$")
ADDRESS_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"
ANY_CHAR = st.characters(exclude_categories=())
"""Every code point: controls, lone surrogates, unassigned and private-use characters."""
WORDS = (
    "salary|senior|junior|uk|UK|us|US|the US|MLE|/salary|/day|/start|/help|/menu|"
    "/salary@careerbot_bot|@careerbot_bot|and|in|my|Germany|vs|compare|what about|next|back|"
    "data engineer|dentist|3 years|six months|$120k|10 lpa|€|&|<b>|</i>|&amp;|<|>|\"|'|day|"
    "skills|AI|risk|pivot|path|manager|?|!|..."
).split("|")
"""Words of the bot's vocabulary and of its markup, with ones people write around them."""
SEPARATORS = (" ", "", "  ", "\n", ", ", "? ", "\t", "\x00", "\u200b", "/", "_", "@")
SEGMENTS = (
    "_DE _XX _de _senior _lead _r0 _r1 _r99 _0 _1 _9 _99 _sal _cmp_DE _day _ - __ _c_DE _l_junior"
).split()
"""Address segments appended to real addresses."""
STALE_ROLES = ("quant-trader", "Machine-Learning-Engineer", "ml", "x")
STALE_COUNTRIES = ("XX", "xx", "FR", "U", "")
"""Values a saved context can hold once the knowledge store no longer has them."""
FOLLOW_UPS = (
    "salary|and in Germany?|what about juniors|what do they do all day|skills|career path|"
    "will AI replace them?|compare with Canada|next|back|/menu|/start|/salary|hello"
).split("|")
"""Messages that lean on the context."""


# --- strategies --------------------------------------------------------------------------------


@st.composite
def typo(draw: st.DrawFn, words: Sequence[str]) -> str:
    """A real word with one letter dropped, doubled or swapped with its neighbour."""
    word = draw(st.sampled_from(words))
    if len(word) < 2:
        return word
    i = draw(st.integers(0, len(word) - 2))
    edits = (
        word[:i] + word[i + 1 :],
        word[:i] + word[i] + word[i:],
        word[:i] + word[i + 1] + word[i] + word[i + 2 :],
    )
    return draw(st.sampled_from(edits))


def message_texts(words: Sequence[str]) -> st.SearchStrategy[str]:
    """Any text, and text built from real vocabulary mixed with junk, short and very long."""
    token = st.one_of(
        st.sampled_from(words),
        st.sampled_from(words).map(str.upper),
        typo(words),
        st.text(ANY_CHAR, max_size=6),
    )
    phrase = st.builds(
        lambda sep, parts: sep.join(parts),
        st.sampled_from(SEPARATORS),
        st.lists(token, max_size=12),
    )
    short = st.one_of(st.text(), st.text(ANY_CHAR, max_size=200), phrase)
    long = st.builds(
        _repeat, short, st.sampled_from((" ", "\n", " \x00 ")), st.integers(1000, 20_000)
    )
    return st.one_of(short, phrase, long)


def _repeat(text: str, separator: str, size: int) -> str:
    """Text repeated, with a separator, to exactly `size` characters (long words are
    test_a_long_word_is_no_name's concern)."""
    chunk = (text or "x") + separator
    return (chunk * (size // len(chunk) + 1))[:size]


@st.composite
def mutated(draw: st.DrawFn, addresses: Sequence[str]) -> str:
    """A real address after one to three edits a forger or a stale client might make."""
    address = draw(st.sampled_from(addresses))
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(
            st.sampled_from(("truncate", "swap", "append", "digits", "replace", "case", "segments"))
        )
        at = draw(st.integers(0, max(0, len(address) - 1)))
        if kind == "truncate":
            address = address[:at]
        elif kind == "swap" and len(address) >= 2:
            other = draw(st.integers(0, len(address) - 1))
            chars = list(address)
            chars[at], chars[other] = chars[other], chars[at]
            address = "".join(chars)
        elif kind == "append":
            address += draw(
                st.one_of(
                    st.sampled_from(SEGMENTS),
                    st.text(ADDRESS_CHARS, max_size=9),
                    st.text(ANY_CHAR, max_size=4),
                )
            )
        elif kind == "digits":
            number = str(draw(st.integers(-1, 10**6)))
            digits = re.search(r"\d", address)
            address = re.sub(r"\d+", number, address) if digits else f"{address}_{number}"
        elif kind == "replace":
            address = address[:at] + draw(ANY_CHAR) + address[at + 1 :]
        elif kind == "case":
            address = draw(st.sampled_from((address.upper(), address.swapcase(), address.title())))
        else:
            address = "_".join(draw(st.permutations(address.split("_"))))
    return address


def callback_data(addresses: Sequence[str]) -> st.SearchStrategy[str]:
    """What a button press or deep link can carry: real, mutated, or arbitrary data."""
    return st.one_of(
        st.sampled_from(addresses),
        mutated(addresses),
        st.text(max_size=80),
        st.text(ANY_CHAR, max_size=80),
        st.text(ADDRESS_CHARS, max_size=70),
        st.binary(max_size=80).map(lambda raw: raw.decode("utf-8", errors="replace")),
    )


def contexts(store: Store, addresses: Sequence[str], stale: bool) -> st.SearchStrategy[ChatContext]:
    """Contexts as the state can hold them; `stale` adds values the store no longer has."""
    roles = [r.slug for r in store.roles()] + (list(STALE_ROLES) if stale else [])
    codes = [c.code for c in store.countries()] + (list(STALE_COUNTRIES) if stale else [])
    at = st.floats(NOW - 2 * MAX_AGE_SECONDS, NOW)
    source = st.sampled_from(("message", "button", "link", "settings"))

    def said(values: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
        return st.none() | st.builds(
            lambda v, t, s: {"value": v, "at": t, "source": s}, values, at, source
        )

    address = st.none() | st.sampled_from(addresses) | mutated(addresses)
    return st.builds(
        lambda **fields: ChatContext.model_validate(fields),
        address=address,
        previous=st.lists(st.sampled_from(addresses) | mutated(addresses), max_size=6).map(tuple),
        role=st.none() | st.sampled_from(roles),
        countries=said(st.lists(st.sampled_from(codes), min_size=1, max_size=3).map(tuple)),
        level=said(st.sampled_from(LEVELS)),
        turns=st.integers(0, 8),
        updated=at,
        preferences=st.builds(
            lambda c, lv: {"country": c, "level": lv},
            said(st.sampled_from(codes)),
            said(st.sampled_from(LEVELS)),
        ),
    )


# --- fixtures ----------------------------------------------------------------------------------


class Inputs:
    """What users can send, as strategies built from the store."""

    def __init__(self, addresses: list[str], words: list[str], store: Store) -> None:
        self.addresses = addresses
        self.texts = message_texts(words)
        self.callbacks = callback_data(addresses)
        self.contexts = contexts(store, addresses, stale=False)
        self.stale_contexts = contexts(store, addresses, stale=True)

    def __repr__(self) -> str:
        """Short, so that failure reports show the drawn values rather than the strategies."""
        return f"Inputs({len(self.addresses)} addresses)"


@pytest.fixture(scope="module")
def engine(store: Store) -> Engine:
    """One engine (and its parser) over the session's store."""
    return Engine(store)


@pytest.fixture(scope="module")
def inputs(engine: Engine) -> Inputs:
    """Strategies over the store's vocabulary and real addresses (typed questions' buttons,
    then a bounded crawl)."""
    store = engine.store
    questions = (
        "germany vs netherlands for seniors",
        "what does a data engineer do all day",
        "senior MLE salary uk",
        "what do ML managers do all day",
        "/salary junior us",
    )
    queue = ["roles", "help", "set", *(r.slug for r in store.roles())]
    for question in questions:
        reply = engine.text(question, ChatContext(), NOW).reply
        queue += [b.address for b in reply.button_list()] + [reply.address or "help"]
    addresses: list[str] = []
    while queue and len(addresses) < 250:
        address = queue.pop(0)
        if address not in addresses:
            addresses.append(address)
            reply = engine.press(address, ChatContext(), NOW).reply
            queue += [b.address for b in reply.button_list()]
    terms = sorted({t.term for t in store.vocabulary() if t.kind != "common"})
    commands = [f"/{name}" for name in COMMAND_INTENTS]
    return Inputs(addresses, [*WORDS, *terms, *commands], store)


# --- checks ------------------------------------------------------------------------------------


def assert_sendable(turn: Turn) -> None:
    """Telegram accepts the reply: text length and HTML, button labels and callback data."""
    reply = turn.reply
    assert reply.text.strip(), "empty reply text"
    assert len(reply.text) <= MAX_TEXT, f"reply text is {len(reply.text)} characters"
    assert html_problems(reply.text) == [], (html_problems(reply.text), reply.text)
    for button in reply.button_list():
        assert button.label.strip(), f"button without a label: {button}"
        assert len(button.address.encode()) <= MAX_BYTES, f"callback data too long: {button}"
        assert ADDRESS.fullmatch(button.address), f"callback data not an address: {button}"


# --- properties --------------------------------------------------------------------------------


@settings(max_examples=600, deadline=None)
@given(data=st.data())
def test_parser_keeps_its_contract_on_any_text(
    engine: Engine, inputs: Inputs, data: st.DataObject
) -> None:
    """Any text parses to a valid Query: known intent, role and countries, confidence 0..1."""
    store = engine.store
    query = engine.parser.parse(data.draw(inputs.texts, label="text"))
    assert query.intent in INTENTS
    assert 0.0 <= query.confidence <= 1.0
    roles = {r.slug for r in store.roles()} | {o.slug for o in store.occupations()}
    assert query.role is None or query.role in roles
    assert set(query.countries) <= {c.code for c in store.countries()}
    assert query.seniority is None or query.seniority in LEVELS


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("".join(random.Random(0).choices(string.ascii_lowercase, k=1000)), "unknown"),
        (
            "salary for a " + "".join(random.Random(1).choices("абвгдежзиклмнопрстуф", k=1000)),
            "salary",
        ),
    ],
    ids=["a 1000-letter word", "a question ending in a 1000-letter Cyrillic word"],
)
def test_a_long_word_is_no_name(engine: Engine, text: str, intent: str) -> None:
    """A long word is corrected to nothing (its typo search is bounded: how long the worst
    cases take is `scripts/bench_nlu.py`'s figure) and names no role or place."""
    query = engine.parser.parse(text)
    assert (query.intent, query.role, query.countries, query.unsupported_countries) == (
        intent,
        None,
        [],
        [],
    )


@settings(max_examples=400, deadline=None)
@given(data=st.data(), brief=st.booleans())
def test_any_text_gets_a_sendable_reply(
    engine: Engine, inputs: Inputs, data: st.DataObject, brief: bool
) -> None:
    """A first message of any text gets a reply Telegram accepts."""
    text = data.draw(inputs.texts, label="text")
    assert_sendable(engine.text(text, ChatContext(), NOW, brief=brief))


@settings(max_examples=500, deadline=None)
@given(data=st.data(), brief=st.booleans())
def test_any_callback_data_gets_a_sendable_reply(
    engine: Engine, inputs: Inputs, data: st.DataObject, brief: bool
) -> None:
    """Any callback data (real, mutated, arbitrary) gets a reply Telegram accepts."""
    address = data.draw(inputs.callbacks, label="callback data")
    assert_sendable(engine.press(address, ChatContext(), NOW, brief=brief))


def test_random_conversations_always_get_sendable_replies(engine: Engine, inputs: Inputs) -> None:
    """Typing, tapping (real or forged buttons) and waiting in any order: every reply is
    sendable, and the context carried from turn to turn keeps a valid address."""

    class Conversation(RuleBasedStateMachine):
        """One chat: its context, its clock and the last reply's buttons."""

        def __init__(self) -> None:
            super().__init__()
            self.ctx = ChatContext()
            self.now = NOW
            self.buttons: list[str] = []

        def answer(self, turn: Turn) -> None:
            assert_sendable(turn)
            self.ctx = turn.context
            self.buttons = [b.address for b in turn.reply.button_list()]

        @rule(text=inputs.texts, brief=st.booleans())
        def say(self, text: str, brief: bool) -> None:
            self.answer(engine.text(text, self.ctx, self.now, brief=brief))

        @precondition(lambda self: bool(self.buttons))
        @rule(pick=st.integers(0, 63))
        def tap(self, pick: int) -> None:
            self.answer(engine.press(self.buttons[pick % len(self.buttons)], self.ctx, self.now))

        @precondition(lambda self: bool(self.buttons))
        @rule(data=st.data())
        def tap_forged(self, data: st.DataObject) -> None:
            address = data.draw(mutated(self.buttons), label="forged")
            self.answer(engine.press(address, self.ctx, self.now))

        @rule(address=inputs.callbacks)
        def press(self, address: str) -> None:
            self.answer(engine.press(address, self.ctx, self.now))

        @rule(seconds=st.floats(0, 2 * MAX_AGE_SECONDS))
        def wait(self, seconds: float) -> None:
            self.now += seconds

        @invariant()
        def context_is_valid(self) -> None:
            address = self.ctx.address
            assert address is None or ADDRESS.fullmatch(address), address
            assert address is None or len(address.encode()) <= MAX_BYTES, address
            assert self.ctx.turns >= 0
            assert self.ctx.updated <= self.now

    run_state_machine_as_test(
        Conversation, settings=settings(max_examples=100, stateful_step_count=15, deadline=None)
    )


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_saved_contexts_get_sendable_replies(
    engine: Engine, inputs: Inputs, data: st.DataObject
) -> None:
    """Any context chat_data can hold (from any earlier conversation) works with any input."""
    ctx = data.draw(inputs.contexts, label="context")
    assert_sendable(engine.text(data.draw(inputs.texts, label="text"), ctx, NOW))
    assert_sendable(engine.press(data.draw(inputs.callbacks, label="callback data"), ctx, NOW))


@settings(max_examples=300, deadline=None, report_multiple_bugs=False)
@given(data=st.data())
def test_contexts_saved_before_a_knowledge_change_get_sendable_replies(
    engine: Engine, inputs: Inputs, data: st.DataObject
) -> None:
    """A context saved before a role or country left the store still gets answers: chat_data
    outlives a rebuilt store. (Everyday follow-ups, so that a failure shrinks quickly.)"""
    ctx = data.draw(inputs.stale_contexts, label="context")
    assert_sendable(engine.text(data.draw(st.sampled_from(FOLLOW_UPS), label="text"), ctx, NOW))
    press = st.sampled_from([*inputs.addresses, "quant-trader_sal_DE", "set_c_XX"])
    assert_sendable(engine.press(data.draw(press, label="press"), ctx, NOW))
