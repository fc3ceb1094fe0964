"""The message parser: the labelled set, the hard cases, hostile input and the parse command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.conversation.nlu import Parser
from bot.conversation.query import Query
from bot.conversation.text import MAX_CHARS
from knowledge.schema import INTENTS
from knowledge.store import Store

DATA = Path(__file__).parent / "data"
KEYS = ("intent", "role", "countries", "seniority")


def _cases(name: str) -> list[dict[str, Any]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


LABELLED = _cases("nlu_labelled.jsonl")


@pytest.fixture(scope="module")
def parser(store: Store) -> Parser:
    """A parser on the session's store."""
    return Parser.from_store(store)


@pytest.mark.parametrize("case", LABELLED, ids=[c["text"][:60] for c in LABELLED])
def test_labelled_message(parser: Parser, case: dict[str, Any]) -> None:
    got = parser.parse(case["text"]).model_dump()
    assert {k: got[k] for k in KEYS} == {k: case[k] for k in KEYS}


def test_labelled_set_covers_every_intent_and_trap() -> None:
    assert len(LABELLED) >= 300
    assert {c["intent"] for c in LABELLED} == set(INTENTS)


@pytest.mark.parametrize(
    ("name", "intent_min", "whole_min"),
    [
        ("nlu_dev.jsonl", 0.97, 0.95),  # written apart from the parser, used while tuning it
        ("nlu_heldout.jsonl", 0.95, 0.90),  # written blind and never tuned on
    ],
)
def test_held_out_accuracy(parser: Parser, name: str, intent_min: float, whole_min: float) -> None:
    cases = _cases(name)
    parsed = [(c, parser.parse(c["text"]).model_dump()) for c in cases]
    intent = sum(c["intent"] == p["intent"] for c, p in parsed) / len(cases)
    whole = sum(all(c[k] == p[k] for k in KEYS) for c, p in parsed) / len(cases)
    assert intent >= intent_min
    assert whole >= whole_min


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "salray for a senoir in germny?",
            {"intent": "salary", "countries": ["DE"], "seniority": "senior"},
        ),
        ("my salary as a junior MLE", {"countries": [], "seniority": "junior"}),
        ("salary MY senior", {"countries": ["MY"], "seniority": "senior"}),
        ("/salary my senior", {"countries": ["MY"]}),
        ("id like to know the pay in india", {"countries": ["IN"]}),
        ("tell us about data engineers", {"countries": [], "intent": "overview"}),
        ("senior pay in the us", {"countries": ["US"]}),
        ("TELL US HOW MUCH MLES MAKE IN LONDON", {"countries": ["GB"]}),
        ("Bangalore vs Berlin for seniors", {"countries": ["IN", "DE"], "intent": "salary"}),
        ("what do they pay in the bay area", {"countries": ["US"]}),
        ("working in Dubai as an ML engineer", {"countries": ["AE"]}),
        ("3 years of experience data engineer salary", {"seniority": "mid"}),
        ("first year MLE salary", {"seniority": "junior"}),
        ("head of ML platform pay", {"seniority": "manager"}),
        ("staff engineer comp in NL", {"seniority": "senior", "countries": ["NL"]}),
        ("dentist salary uk", {"intent": "salary", "role": "dentists-general"}),
        ("what does a nurse do", {"intent": "overview", "role": "registered-nurses"}),
        ("prompt engineer salary uk", {"intent": "salary", "role": None, "countries": ["GB"]}),
        ("youtuber salary", {"intent": "salary", "role": None}),
        ("/salary@careerbot_bot senior uk", {"intent": "salary", "countries": ["GB"]}),
        (
            "@careerbot_bot what does a data engineer do",
            {"intent": "overview", "role": "data-engineer"},
        ),
        ("hey bot, skills for SRE?", {"intent": "skills", "role": "cloud-engineer"}),
        (
            "what do ML managers do all day",
            {"intent": "day_in_life", "role": "machine-learning-engineer", "seniority": "manager"},
        ),
    ],
)
def test_hard_cases(parser: Parser, text: str, expected: dict[str, Any]) -> None:
    got = parser.parse(text).model_dump()
    assert {k: got[k] for k in expected} == expected


HOSTILE = [
    "",
    " ",
    "\x00\x01\x02",
    "🙂🙂🙂",
    "\ud800 lone surrogate \udfff",
    "a" * 100_000,
    "salary " * 20_000,
    "'; DROP TABLE roles; --",
    "<script>alert(1)</script>",
    "/salary@" + "x" * 300,
    "/",
    "//",
    "@",
    "\u202e\u202d reversed",
    "١٢٣ years",
    "Ｓａｌａｒｙ ＵＫ",
    "\n\n\n",
    "ß" * 5000,
    "𝓼𝓪𝓵𝓪𝓻𝔂",
    "0" * 10_000 + " years",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_any_input_returns_a_query(parser: Parser, text: str) -> None:
    query = parser.parse(text)
    assert isinstance(query, Query)
    assert 0.0 <= query.confidence <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "asdfghjkl",
        "what's the weather in London",
        "tell me a joke",
        "2+2",
        "<b>hi</b> SELECT * FROM roles",
    ],
)
def test_out_of_scope_is_unknown_with_low_confidence(parser: Parser, text: str) -> None:
    query = parser.parse(text)
    assert query.intent == "unknown"
    assert query.confidence <= 0.5


def test_text_past_the_limit_is_not_read(parser: Parser) -> None:
    assert parser.parse("x " * MAX_CHARS + "salary").intent == "unknown"


def test_parse_command_prints_the_contract(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["parse", "--db", str(store_path), "salary for a senior MLE in Berlin"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert list(printed)[:9] == [
        "intent",
        "role",
        "roles",
        "occupation",
        "target_role",
        "countries",
        "unsupported_countries",
        "seniority",
        "confidence",
    ]
    assert printed["countries"] == ["DE"]
    assert printed["amount"] is None
    assert printed["occupation"] == "15-1221.00"  # the MLE's O*NET code
    assert main(["parse", "--db", str(store_path), "how much do nurses make in Texas"]) == 0
    nurse = json.loads(capsys.readouterr().out)
    assert (nurse["role"], nurse["occupation"]) == ("registered-nurses", "29-1141.00")


def test_parse_jsonl_keeps_order(store_path: Path) -> None:
    lines = "salary uk\nwhat does a data scientist do\n\nwill AI replace SREs\n"
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "parse", "--jsonl", "--db", str(store_path)],
        input=lines,
        capture_output=True,
        text=True,
        check=True,
    )
    intents = [json.loads(line)["intent"] for line in done.stdout.splitlines()]
    assert intents == ["salary", "overview", "unknown", "ai_risk"]
