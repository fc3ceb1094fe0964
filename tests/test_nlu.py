"""The message parser: the labelled set, the hard cases, hostile input and the parse command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.conversation.intent_model import MODEL_PATH, IntentModel, as_intent, train
from bot.conversation.nlu import Parser
from bot.conversation.query import Query
from bot.conversation.text import MAX_CHARS
from knowledge.schema import INTENTS
from knowledge.store import Store
from knowledge.text import fold
from scripts.eval_nlu import SLOTS, occupation_codes, slot_hit
from scripts.train_intents import trained

DATA = Path(__file__).parent / "data"
KEYS = ("intent", "role", "countries", "seniority")
MLE = "machine-learning-engineer"
DS = "data-scientist"
SE = "software-engineer"
BLIND_INTENT, BLIND_WHOLE = 0.95, 0.925
"""The blind set's floor: the level measured when it was set, less a small margin, so a
regression fails; raise it when the parser improves."""


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
        ("nlu_dev.jsonl", 0.98, 0.96),  # written apart from the parser, used while tuning it
        ("nlu_heldout.jsonl", 0.97, 0.95),  # written blind and never tuned on
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
    ("name", "intent_min", "whole_min"),
    [
        ("nlu_multi_dev.jsonl", 0.97, 0.96),  # eight languages, tuned on
        ("nlu_multi_dev2.jsonl", 0.97, 0.93),  # eight languages, written apart, tuned on
        ("nlu_multi_dev3.jsonl", 0.97, 0.95),  # eight languages, a third, tuned on
        ("nlu_multi_dev4.jsonl", 0.97, 0.95),  # phrasings without the usual cues, tuned on
        ("nlu_multi_dev5.jsonl", 0.97, 0.95),  # Thai, German and Dutch, tuned on
        ("nlu_multi_dev6.jsonl", 0.95, 0.93),  # nl, de, th, en without the usual cues, tuned on
        ("nlu_multi_dev7.jsonl", 0.98, 0.96),  # regional English, small talk, paraphrases, tuned on
        ("nlu_multi_dev8.jsonl", 0.96, 0.93),  # German and Dutch: compounds, split verbs, AT/CH/BE
        ("nlu_multi_dev9.jsonl", 0.98, 0.97),  # ms, id, vi (with and without accents), th, tl
        ("nlu_multi_dev10.jsonl", 0.96, 0.93),  # English: small talk, bot questions, exits, sources
        ("nlu_multi_dev11.jsonl", 0.95, 0.93),  # unspaced th, colloquial ms/id, Taglish, vi chat
        ("nlu_multi_dev12.jsonl", 0.97, 0.95),  # de, nl (AT/CH/BE), code-switching, whole parse
        ("nlu_multi_dev13.jsonl", 0.85, 0.83),  # English: venting, requests, bot questions
        ("nlu_multi_dev14.jsonl", 0.96, 0.95),  # pivots, career_path, overview: where they meet
        ("nlu_multi_dev15.jsonl", 0.97, 0.95),  # ms, id, nl, th, tl, vi chat: "de VS", truth asks
        ("nlu_multi_dev16.jsonl", 0.92, 0.92),  # "U.S.", "U.K.", "gave us a raise", "u" for you
        ("nlu_multi_blind.jsonl", BLIND_INTENT, BLIND_WHOLE),  # never read, only measured
    ],
)
def test_multilingual_accuracy(
    parser: Parser, store: Store, name: str, intent_min: float, whole_min: float
) -> None:
    cases = _cases(name)
    codes = occupation_codes(store)
    parsed = [(c, parser.parse(c["text"]).model_dump()) for c in cases]
    intent = sum(c["intent"] == p["intent"] for c, p in parsed) / len(cases)
    whole = sum(all(slot_hit(k, c, p, codes) for k in SLOTS if k in c) for c, p in parsed) / len(
        cases
    )
    assert intent >= intent_min
    assert whole >= whole_min


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Wie viel verdient ein Machine Learning Engineer in Deutschland?",
            {"intent": "salary", "role": MLE, "countries": ["DE"], "language": "de"},
        ),
        (
            "Wat verdient een machine learning engineer in Nederland?",
            {"intent": "salary", "countries": ["NL"], "language": "nl"},
        ),
        (
            "lương kỹ sư machine learning ở Việt Nam bao nhiêu",
            {"intent": "salary", "role": MLE, "countries": ["VN"], "language": "vi"},
        ),
        (
            "luong ky su phan mem o Ha Noi",
            {"intent": "salary", "role": "software-engineer", "countries": ["VN"]},
        ),
        (
            "เงินเดือน machine learning engineer ในไทยเท่าไหร่",
            {"intent": "salary", "role": MLE, "countries": ["TH"], "language": "th"},
        ),
        ("เงินเดือนวิศวกรข้อมูลในกรุงเทพ", {"role": "data-engineer", "countries": ["TH"]}),
        (
            "magkano ang sahod ng machine learning engineer sa pilipinas",
            {"intent": "salary", "role": MLE, "countries": ["PH"], "language": "tl"},
        ),
        (
            "Berapa gaji jurutera perisian di KL?",
            {"role": "software-engineer", "countries": ["MY"]},
        ),
        ("Gaji ilmuwan data di Jerman", {"role": "data-scientist", "countries": ["DE"]}),
        # short words are places only where the sentence makes them one
        ("Salario de un data engineer", {"countries": []}),
        ("Wat doet de data engineer precies?", {"countries": [], "role": "data-engineer"}),
        ("il gagne beaucoup au bureau", {"countries": []}),
        ("Ich komme aus dem Vertrieb", {"countries": []}),
        ("bekomme ca. 58.000 € brutto", {"countries": []}),
        ("software engineer salary us", {"countries": ["US"]}),
        ("DE pay in DE", {"role": "data-engineer", "countries": ["DE"]}),
        ("mid DE pay in NL", {"role": "data-engineer", "countries": ["NL"], "seniority": "mid"}),
        ("ML eng in IN, what's the range", {"countries": ["IN"]}),
        ("what do they pay in my team", {"countries": []}),
        # ordinary words run together are no name typed apart ("us a" is no USA)
        ("they finally gave us a raise, fair for a data engineer?", {"countries": []}),
        # an abbreviation written with full stops is a name, not chat shorthand ("u": you)
        ("data scientist salary in the U.S.", {"countries": ["US"]}),
        ("ML engineer pay U.S.A. vs U.K.", {"countries": ["US", "GB"]}),
        ("Gehaltsdaten für Data Scientists in den U.S.A.?", {"countries": ["US"]}),  # split first
        ("can u tell me what a data engineer earns", {"countries": [], "intent": "salary"}),
        ("Hoeveel verdien je in de IT als data engineer?", {"countries": []}),
        ("Was verdient man in der Schweiz als data engineer?", {"unsupported_countries": ["CH"]}),
        ("data engineer salary in de", {"countries": ["DE"]}),
        ("San Jose, CA backend salary", {"countries": ["US"]}),
        ("Toronto, ON backend salary", {"countries": ["CA"]}),
        # places without figures are named back
        ("MLE salary in Tokyo", {"countries": [], "unsupported_countries": ["JP"]}),
        (
            "data scientist pay Zürich vs Singapore vs Hong Kong",
            {"countries": ["SG"], "unsupported_countries": ["CH", "HK"]},
        ),
        ("gaji saintis data di Jepun", {"unsupported_countries": ["JP"]}),
        # several places and roles, in order; moves
        ("US vs UK vs India", {"countries": ["US", "GB", "IN"]}),
        (
            "data engineer vs ml engineer salary",
            {"role": "data-engineer", "roles": ["data-engineer", MLE]},
        ),
        (
            "I'm a backend developer wanting to switch to data science",
            {"intent": "career_path", "role": "backend-developer", "target_role": "data-scientist"},
        ),
        (
            "how do I become a cloud engineer",
            {"intent": "career_path", "role": None, "target_role": "cloud-engineer"},
        ),
        (
            "what should I study to become a data scientist",
            {"intent": "skills", "role": None, "target_role": "data-scientist"},
        ),
        ("where do your AI scores come from", {"intent": "sources"}),
        ("what's the daily rate for a freelance MLE", {"intent": "salary", "role": MLE}),
        ("what can a data engineer switch to", {"intent": "pivots", "target_role": None}),
        # regional English
        ("fresher package for SDE in Bangalore", {"intent": "salary", "seniority": "junior"}),
        ("cloud engineer in SG can earn 10k or not lah", {"intent": "salary", "countries": ["SG"]}),
        # a role's code joined to a role is the role; inflections; phrases of any length
        ("DS or DE: who earns more in NL?", {"roles": ["data-scientist", "data-engineer"]}),
        ("Wie sind die Arbeitszeiten von Softwareentwicklern?", {"role": "software-engineer"}),
        ("what else could i do as a data scientist", {"intent": "pivots"}),
        # a level that is also a cue is both; someone else's level; pay per year
        ("Wie hoch ist das Einstiegsgehalt für Data Engineers?", {"intent": "salary"}),
        ("my team lead wants me to learn kubernetes as a cloud engineer", {"seniority": None}),
        ("how much do data engineers make a year in Canada", {"seniority": None}),
        # another language's word is not "corrected" into an English cue ("maken" -> "makes")
        ("Welke stappen kan een data engineer maken?", {"intent": "career_path"}),
        # a short word listed beside a place is a place; one before a number is not
        ("sg or my, where do software engineers get paid more", {"countries": ["SG", "MY"]}),
        ("the US or my home country for a data scientist", {"countries": ["US"]}),
        ("salary in the US or in my team", {"countries": ["US"]}),
        ("is a career in cloud going to be around in 20 years", {"countries": []}),
        # a name written only with diacritics is read from bare letters in its own language
        ("Nhà khoa học dữ liệu ở Mỹ kiếm được bao nhiêu?", {"countries": ["US"]}),
        ("Oke sip, makasih!", {"unsupported_countries": []}),
        # compounds of two known words, inflections, spelling variants
        ("Sollicitatietips voor een baan als ML engineer", {"intent": "career_path"}),
        ("Werden Dateningenieure bald durch KI überflüssig?", {"role": "data-engineer"}),
        ("Was verdient eine Data Scientistin in Berlin?", {"role": "data-scientist"}),
        ("Lương kĩ sư dữ liệu ở Hà Nội", {"role": "data-engineer", "countries": ["VN"]}),
        ("เงินเดือนดาต้าไซเอนทิสต์ในกรุงเทพ", {"role": "data-scientist", "countries": ["TH"]}),
        ("ต้องเก่งคณิตไหมถ้าจะเป็นดาต้าไซแอนทิสต์", {"intent": "skills", "target_role": DS}),
        # an age is not experience; "vom X zum Y" is a move; ordinary words name nothing
        ("my 12 year old asks what a cloud engineer does", {"seniority": None}),
        ("Ein 8 Jahre alter Laptop reicht für Data Science?", {"seniority": None}),
        (
            "Von Backend-Entwickler zur Cloud Engineerin?",
            {"intent": "career_path", "role": "backend-developer", "target_role": "cloud-engineer"},
        ),
        ("Wie geht es weiter als Data Engineer?", {"roles": ["data-engineer"]}),
        ("Was machen Data Scientists außer Modellen?", {"countries": []}),
        # "wie viel" alone is not pay ("wie viel Urlaub"); Thai words of working hours
        ("Wie viel Urlaub hat ein Data Engineer?", {"intent": "day_in_life"}),
        ("Wie viel verdient ein Data Engineer?", {"intent": "salary"}),
        ("วิศวกรข้อมูลเลิกงานกี่โมง", {"intent": "day_in_life", "role": "data-engineer"}),
        ("is data science lucrative", {"intent": "salary"}),
        # "A to B" between roles is a move, "from <field> to B" names the target only; a level
        # between is a way up, a cue phrase ("similar to") or a comparison no move
        ("mechanical engineer to data scientist possible?", {"target_role": DS}),
        ("switch from sales to data science", {"role": None, "target_role": DS}),
        (
            "how long from junior to senior backend developer",
            {"role": "backend-developer", "target_role": None},
        ),
        ("is a data scientist similar to a data engineer", {"target_role": None}),
        ("compare data scientist to data engineer salary", {"target_role": None}),
        # an arrow between roles is "to", in any language; between amounts it is no move
        ("backend developer -> cloud engineer, how?", {"target_role": "cloud-engineer"}),
        ("Softwareentwickler → Data Scientist, wie?", {"intent": "career_path", "target_role": DS}),
        ("SWE => MLE salary jump in SG", {"intent": "salary", "countries": ["SG"]}),
        ("50k->60k for a junior DS in SG?", {"role": DS, "target_role": None}),
        # a field named for its occupation, regional titles, "shift to", "passed out"
        ("is civil engineering at risk from AI", {"role": "civil-engineers"}),
        ("bpo agent salary in manila", {"role": "customer-service-representatives"}),
        ("backend developer shift to cloud engineer can ah?", {"target_role": "cloud-engineer"}),
        ("just passed out, what package for a data engineer", {"seniority": "junior"}),
        ("cheers mate", {"intent": "unknown", "roles": []}),
        # a title before "looking/thinking/planning to ..." is the person's (no modifier)
        ("accountant looking for a career change", {"role": "accountants-and-auditors"}),
        ("electrician thinking of switching to cloud", {"role": "electricians"}),
        ("I am having 7 years in cloud, kindly suggest next role", {"intent": "career_path"}),
        # names used by one language only tell it (Malay and Indonesian share most words)
        ("Berapa gaji jurutera perisian di KL?", {"language": "ms"}),
        ("Berapa gaji jururawat di Malaysia?", {"language": "ms"}),
        # words Malay and Indonesian share: the country named decides
        ("gaji data engineer di KL berapa", {"language": "ms", "countries": ["MY"]}),
        ("berapa gaji data scientist di Indonesia", {"language": "id", "countries": ["ID"]}),
        ("gimana gaji data scientist di Malaysia", {"language": "id", "countries": ["MY"]}),
        ("Gaji perawat di Jepang berapa?", {"language": "id", "unsupported_countries": ["JP"]}),
        ("5 years na ako as backend dev, paano ma-promote?", {"language": "tl"}),
        # "1 tháng" after a pay question is the pay's period, not a month of experience
        ("dev o nhat ban luong bao nhieu 1 thang", {"seniority": None}),
        ("luong bao nhieu 1 nam kinh nghiem", {"seniority": "junior"}),
        # a word typed with other diacritics is another word ("bạn" is no "bận", "có sợ" no
        # "cơ sở" of a teacher's title)
        ("bạn có thể giúp gì", {"intent": "help"}),
        ("Lập trình viên có sợ bị AI cướp việc không?", {"roles": ["software-engineer"]}),
        # a word inside a longer cue of the message's language names nothing ("đào thải")
        ("nghe ky su du lieu co bi dao thai boi AI khong", {"countries": []}),
        # leaving a role is no move into it
        ("ayoko nang maging programmer, ano pwede kong gawin", {"intent": "pivots"}),
        ("anong trabaho pwede sa data scientist bukod sa data science?", {"intent": "pivots"}),
        # German "wechseln" points back at a role only when a word leads into it
        ("Wohin kann ein Data Scientist wechseln?", {"intent": "pivots", "target_role": None}),
        ("Ich überlege, in die Softwareentwicklung zu wechseln", {"target_role": SE}),
        # "als X zum Y" after a move word: X is the asker's, Y the aim
        (
            "Wie werde ich als Softwareentwickler zum Data Scientist?",
            {"role": SE, "target_role": DS},
        ),
        # a level a move aims at gives way to the asker's years
        (
            "Mit 8 Jahren Erfahrung als Softwareentwickler: wie werde ich Teamleiter?",
            {"seniority": "senior"},
        ),
        ("Hoe word ik senior cloud engineer?", {"seniority": "senior"}),
        # number words of the message's language before a word of years
        ("Wat verdient een data engineer met drie jaar ervaring?", {"seniority": "mid"}),
        # a non-English word one edit from a name is a typo of it; two edits, a word of its own
        ("Können Sie mir sagen, was ein Data Scientist verdient?", {"roles": [DS]}),
        # a locative after a determiner is no place ("in" is no India)
        ("En hoe zit het in Antwerpen?", {"countries": [], "unsupported_countries": ["BE"]}),
        # "was ist das" before a noun asks about that noun
        ("Was ist das Gehalt eines Data Scientists in Berlin?", {"intent": "salary"}),
    ],
)
def test_languages_and_context(parser: Parser, text: str, expected: dict[str, Any]) -> None:
    got = parser.parse(text).model_dump()
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("word", "folded"),
    [("Việt", "viet"), ("Đà", "da"), ("München", "munchen"), ("ĐỨC", "duc"), ("ไทย", "ไทย")],
)
def test_fold_drops_latin_diacritics_only(word: str, folded: str) -> None:
    assert fold(word) == folded


def test_thai_is_segmented_by_the_vocabulary(parser: Parser) -> None:
    parts = parser.vocabulary.segment("เงินเดือนวิศวกรข้อมูลที่มาเลเซียเท่าไหร่")
    assert "".join(parts) == "เงินเดือนวิศวกรข้อมูลที่มาเลเซียเท่าไหร่"
    assert {"เงินเดือน", "วิศวกรข้อมูล", "มาเลเซีย"} <= set(parts)


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
        # a title after words that say what the person is, whatever follows it
        (
            "I'm a nurse wanting to switch to data science",
            {"role": "registered-nurses", "target_role": "data-scientist"},
        ),
        (
            "bilang nurse na gustong lumipat sa data science",
            {"role": "registered-nurses", "target_role": "data-scientist"},
        ),
        ("model training salary", {"role": None}),  # no "I'm a" before it: no Models
        ("/salary@careerbot_bot senior uk", {"intent": "salary", "countries": ["GB"]}),
        (
            "@careerbot_bot what does a data engineer do",
            {"intent": "overview", "role": "data-engineer"},
        ),
        ("hey bot, skills for SRE?", {"intent": "skills", "role": "cloud-engineer"}),
        # comparing roles: "from" is no move's origin, a code beside "vs" is a role
        (
            "how does a data engineer differ from an ML engineer",
            {"intent": "overview", "role": "data-engineer", "target_role": None},
        ),
        ("ds vs de vs mle", {"intent": "overview", "roles": [DS, "data-engineer", MLE]}),
        ("data engineer vs ml engineer", {"intent": "overview", "role": "data-engineer"}),
        # years after a span word are experience when the person's role follows
        ("after 3 years as a data analyst what can I expect to make", {"seniority": "mid"}),
        ("what will I earn in 5 years", {"seniority": None}),
        # a message that only says how to show pay follows up; one that asks for pay does not
        ("per month?", {"intent": "unknown"}),
        ("and after tax?", {"intent": "unknown"}),
        ("pro Monat?", {"intent": "unknown"}),
        ("salary per month", {"intent": "salary"}),
        # an off-topic ask is not made a question of sources by a sources word
        ("how do I calculate my income tax in Singapore", {"intent": "unknown"}),
        ("thanks! where is this data from?", {"intent": "sources"}),
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


def test_intent_model_is_trained_from_the_sets(store: Store) -> None:
    """The committed model is what `scripts/train_intents.py` makes from the sets and the
    vocabulary now (retrain after changing either)."""
    assert trained(store).to_json() == MODEL_PATH.read_text(encoding="utf-8")


TOY = [
    (["what", "else", "can", "i", "do"], "pivots"),
    (["other", "jobs", "like", "this"], "pivots"),
    (["what", "else", "besides", "this"], "pivots"),
    (["typical", "day", "like"], "day_in_life"),
    (["what", "is", "a", "day", "like"], "day_in_life"),
    (["day", "to", "day", "work"], "day_in_life"),
]


def test_intent_model_learns_deterministically(tmp_path: Path) -> None:
    examples = [(words, as_intent(intent)) for words, intent in TOY]
    model = train(examples)
    assert train(list(reversed(examples))).to_json() == model.to_json()
    path = tmp_path / "model.json"
    path.write_text(model.to_json(), encoding="utf-8")
    loaded = IntentModel.load(path)
    assert loaded is not None
    for words, intent in (
        (["anything", "else", "i", "can", "do"], "pivots"),
        (["a", "typical", "day"], "day_in_life"),
    ):
        guess, probability = loaded.guess(words)
        assert (guess, probability > 0.5) == (intent, True)
        assert loaded.guess(words) == model.guess(words)
    assert IntentModel.load(tmp_path / "missing.json") is None


def test_learned_guess_replaces_the_default_overview(store: Store, parser: Parser) -> None:
    rules = Parser.from_store(store, learned=False)
    uncued = "cloud engineer here, where do people like me usually go next?"
    assert rules.parse(uncued).intent == "overview"  # no cue: the rules' default
    assert parser.parse(uncued).intent == "career_path"
    cued = "what does a data engineer do"  # a cue decides; the model is not asked
    assert parser.parse(cued).intent == rules.parse(cued).intent == "overview"


def test_learned_guess_judges_what_a_message_naming_no_role_asks(
    store: Store, parser: Parser
) -> None:
    """Without a role, the model's sure guess that a message asks nothing the bot answers, or
    asks about the bot, outweighs its cue words; a role named leaves the cues to decide."""
    rules = Parser.from_store(store, learned=False)
    for text, cued, learned in (
        ("ugh my boss cut my bonus again, so unfair", "salary", "unknown"),
        ("can you do salaries for Korea too?", "salary", "help"),
        ("my boss underpays me, what do data engineers make in KL?", "salary", "salary"),
    ):
        assert (rules.parse(text).intent, parser.parse(text).intent) == (cued, learned)
