"""The imported occupations as people ask about them, through the real engine on the real
store: the occupation shown, pay by place honestly (no figure for a country it has none for,
never converted, never another role's), unknown occupations said to be unknown (typed, in a
follow-up, inline), a title that fits several asked about, and two roles side by side."""

from __future__ import annotations

import re

import pytest

from bot.conversation.context import ChatContext
from bot.conversation.titles import TitleIndex
from bot.engine import Engine
from bot.screens.html import plain
from knowledge.store import Store
from tests.support.chat import Chat

NOW = 1_800_000_000.0
MLE_FIGURES = re.compile(r"\$95,000 – \$130,000|\$180,000 – \$255,000|78/100")
"""The Machine Learning Engineer's seed figures: never an answer about another occupation."""

# (message, address shown (or None), words the reply must have, words it must not)
Case = tuple[str, str | None, list[str], list[str]]
CASES: list[Case] = [
    (
        "what does a call centre agent earn in Manila",
        "customer-service-representatives_p_PH",  # an English local title (O*NET has none)
        ["Philippines", "No public pay figure", "US dollars, not converted", "$44,770"],
        ["₱", "PHP"],
    ),
    (
        "gaji dokter gigi di Surabaya berapa",
        "dentists-general_p_ID",
        ["Indonesia", "No public pay figure", "$170,950"],
        ["Rp", "IDR"],
    ),
    (
        "is AI going to take radiologists' jobs",
        "radiologists_ai",
        ["Radiologists", "Microsoft AI applicability", "rank", "GPTs are GPTs"],
        ["/100"],
    ),
    (
        "how much does a registered nurse make in Texas",
        "registered-nurses_p_4800000",
        ["Texas", "$95,970", "May 2025"],
        [],
    ),
    (
        "nurse salary seattle vs new york",
        "registered-nurses_p_0042660_0035620",
        ["Seattle", "New York", "$128,260", "$119,720"],
        [],
    ),
    ("electrician pay in Austin, TX", "electricians_p_0012420", ["Austin", "a year"], []),
    (
        "lawyer salary in the UK",
        "lawyers_p_GB",
        ["United Kingdom", "£", "Matched by title", "ONS 2412"],
        ["$"],
    ),
    ("how much do actors make", "actors_p", ["an hour", "by the hour only"], []),
    (
        "what does a paralegal do",
        "paralegals-and-legal-assistants_do",
        ["Paralegals", "Core tasks"],
        [],
    ),
    (
        "what do nurses do during a 12 hour shift",
        "registered-nurses_do",
        ["no hour-by-hour day", "Registered Nurses"],
        [],
    ),
    (
        "product manager salary",
        "marketing-managers_p",
        ["O*NET lists this title under", "Marketing Managers"],
        [],
    ),
    (
        "Pflegekraft Gehalt in Deutschland",
        "registered-nurses_p_DE",
        ["I read “Pflegekraft” (German) as", "Registered Nurses", "closest"],
        ["O*NET lists"],
    ),
    (
        "call centre agent salary",
        "customer-service-representatives_p",
        ["I read “call center agent” as", "Customer Service Representatives"],
        ["O*NET lists", "(English)"],
    ),
    (
        "data scientist or actuary",
        "vs_data-scientist_15201100",
        ["Data Scientist", "Actuaries", "Microsoft AI applicability", "BLS"],
        [],
    ),
    (
        "data analyst vs data scientist",  # a title O*NET lists under another occupation
        "vs_15205101_data-scientist",
        [
            "“data analyst”: O*NET lists this title under Business Intelligence Analysts",
            "all of 15-2051 Data Scientists",  # the figures both sides share
        ],
        [],
    ),
    (
        "actuary vs data scientist",  # typed as the occupation calls itself: nothing to say
        "vs_15201100_data-scientist",
        ["Actuaries"],
        ["O*NET lists"],
    ),
    (
        "software developer salary in the US",
        "software-engineer_sal_US",
        ["Software Engineer", "BLS, all US employers", "Software Developers"],
        [],
    ),
    (
        "teacher salary",
        None,
        ["fits several occupations", "Elementary School Teachers"],
        [],
    ),
    ("help teacher", None, ["fits several occupations", "Elementary School Teachers"], []),
    (
        "nurse vs teacher salary",
        None,
        ["fits several occupations"],
        [],
    ),
    (
        "how do I become a nurse",
        "registered-nurses_in",
        ["Registered Nurses", "Job Zone", "⬅ Menu"],
        [],
    ),
    (
        "I'm a teacher, how do I become a nurse",
        "registered-nurses_in",
        ["Registered Nurses"],
        ["fits several"],
    ),
    ("what should I learn to become an electrician", "electricians_ts", ["Electricians"], []),
    ("prompt engineer salary", None, ["I don't have", "prompt engineer", "(nearest)"], []),
    ("youtuber salary", None, ["I don't have", "youtuber"], []),
    # a doer no title names, by its language's doer ending or word: never the default role's pay
    ("Was verdient eine Reinigungskraft in Bonn?", None, ["I don't have", "Reinigungskraft"], []),
    ("Was verdient eine Pflegekraft in Deutschland?", "registered-nurses_p_DE", ["Germany"], []),
    ("Was verdient ein Hausmeister in Wien?", None, ["I don't have", "Hausmeister"], []),
    ("Wat verdient een kapster in Utrecht?", None, ["I don't have", "kapster"], []),
    ("berapa gaji tukang las di Jakarta", None, ["I don't have", "tukang las"], []),
    ("lương thợ hàn ở Hà Nội", None, ["I don't have", "thợ hàn"], []),
    ("Magkano ang sweldo ng nars sa Saudi?", "registered-nurses_p_SA", ["Saudi"], ["SAR", "﷼"]),
]


def _text(engine: Engine, message: str) -> tuple[str | None, str]:
    turn = engine.text(message, ChatContext(), NOW)
    labels = " ".join(b.label for b in turn.reply.button_list())
    return turn.reply.address, f"{plain(turn.reply.text)} {labels}"


@pytest.mark.parametrize(("message", "address", "has", "lacks"), CASES, ids=[c[0] for c in CASES])
def test_what_people_ask(
    engine: Engine,
    store: Store,
    message: str,
    address: str | None,
    has: list[str],
    lacks: list[str],
) -> None:
    shown, text = _text(engine, message)
    assert shown == address, text
    for words in has:
        assert words in text, (words, text)
    for words in lacks:
        assert words not in text, (words, text)
    assert not MLE_FIGURES.search(text)
    curated = {r.name for r in store.roles()} - {"Software Engineer", "Data Scientist"}
    if address is None or not address.startswith(("software-engineer", "vs_data-scientist")):
        assert not [name for name in curated if name in text], text


@pytest.fixture(scope="module")
def engine(store: Store) -> Engine:
    """One engine on the session's store."""
    return Engine(store)


def test_a_title_that_fits_several_offers_them_as_buttons(engine: Engine) -> None:
    turn = engine.text("teacher salary", ChatContext(), NOW)
    addresses = [b.address for b in turn.reply.button_list()]
    assert 3 <= len([a for a in addresses if a.endswith("_p")]) <= 6
    chat = Chat(engine)
    chat.say("teacher salary")
    chat.tap("Elementary School Teachers")
    assert chat.last is not None
    assert chat.last.address == "elementary-school-teachers_p"


def test_beside_another_role_the_choice_is_side_by_side(engine: Engine) -> None:
    turn = engine.text("nurse vs teacher salary", ChatContext(), NOW)
    assert all(b.address.startswith("vs_29114100_") for b in turn.reply.button_list()[:3])


def test_a_follow_up_stays_on_the_occupation(engine: Engine) -> None:
    chat = Chat(engine)
    chat.say("how much does a registered nurse make in Texas")
    chat.say("and in Florida?")
    assert chat.last is not None
    assert chat.last.address == "registered-nurses_p_1200000"
    chat.say("will AI replace them?")
    assert chat.last is not None
    assert chat.last.address == "registered-nurses_ai"
    chat.say("/menu")
    assert chat.last is not None
    assert chat.last.address == "registered-nurses_o"


def test_a_follow_up_after_an_unknown_occupation_stays_honest(engine: Engine) -> None:
    chat = Chat(engine)
    chat.say("prompt engineer salary")
    chat.say("and in the UK?")
    assert "I don't have" in chat.text
    assert "prompt engineer" in chat.text
    assert not MLE_FIGURES.search(chat.text)


def test_inline_an_occupation_gets_its_own_cards(engine: Engine) -> None:
    answers = engine.inline("nurse salary texas")
    assert answers[0].reply.address == "registered-nurses_p_4800000"
    assert all("Registered Nurses" in a.title for a in answers[:3])


@pytest.mark.parametrize(
    ("message", "slug"),
    [
        ("career path registered nurse", "registered-nurses"),
        ("dentist remote work", "dentists-general"),
    ],
)
def test_inline_an_occupations_way_in_gets_its_own_cards(
    engine: Engine, message: str, slug: str
) -> None:
    answers = engine.inline(message)
    assert answers[0].reply.address == f"{slug}_in"
    assert all((a.reply.address or "").startswith(slug) for a in answers)


@pytest.mark.parametrize("message", ["prompt engineer salary", "youtuber salary"])
def test_inline_an_unknown_occupation_says_so_and_labels_the_nearest(
    engine: Engine, store: Store, message: str
) -> None:
    first, *others = engine.inline(message)
    assert "I don't have" in plain(first.reply.text)
    nearest = [a for a in others if "(nearest)" in a.title]
    assert all("I don't have" in plain(a.reply.text) for a in nearest)
    menus = {r.slug for r in store.roles()}  # a curated role's menu, or an occupation's
    opens = [
        a
        for a in others
        if a.reply.address and ("_o" in a.reply.address or a.reply.address in menus)
    ]
    assert [a.title for a in opens] == [a.title for a in nearest]
    assert not any(MLE_FIGURES.search(plain(a.reply.text)) for a in [first, *others])


def test_groups_get_the_brief_occupation_answer(store: Store) -> None:
    chat = Chat(Engine(store), brief=True)
    chat.say("how much does a registered nurse make in Texas")
    assert chat.last is not None
    assert chat.last.address == "registered-nurses_p_4800000"
    assert "$95,970" in chat.text
    assert "Middle half" not in chat.text


def test_the_roles_screen_browses_by_field_not_all_at_once(engine: Engine, store: Store) -> None:
    roles = engine.press("roles", ChatContext(), NOW).reply
    assert len(roles.button_list()) <= len(store.roles()) + 3
    fields = engine.press("fields", ChatContext(), NOW).reply
    assert len(fields.button_list()) == len(store.fields()) + 1
    page = engine.press("fields_29_0", ChatContext(), NOW).reply
    assert 1 <= len(page.button_list()) <= 12


@pytest.mark.parametrize(
    "forged",
    [
        "registered-nurses_p_9999999",
        "registered-nurses_p_XX",
        "registered-nurses_p_US_US",
        "registered-nurses_p_s99",
        "registered-nurses_ts_wings",
        "no-such-job_o",
        "machine-learning-engineer_do",
        "registered-nurses_sal_US",
        "vs_29114100_29114100",
        "vs_99999999_data-scientist",
        "fields_99_0",
        "fields_29_99",
    ],
)
def test_forged_or_stale_occupation_addresses_expire(engine: Engine, forged: str) -> None:
    turn = engine.press(forged, ChatContext(), NOW)
    assert "expired" in turn.reply.text or "doesn't open" in turn.reply.text


def test_a_move_from_an_occupation_to_a_curated_role_is_that_roles_way_in(engine: Engine) -> None:
    shown, text = _text(engine, "I'm a teacher, how do I switch to data science")
    assert shown is not None
    assert shown.startswith("data-scientist_in"), text
    assert "fits several" not in text


def _grouped(store: Store, kind: str) -> tuple[str, str]:
    """An occupation (from the data) whose BLS wages are a group's: its broader group's, or
    those of the whole SOC occupation O*NET splits it out of; and that group's code."""
    occupation = next(
        o
        for o in store.occupations()
        if (o.wage_basis == "broader" if kind == "broader" else o.split and o.wage_basis)
    )
    assert occupation.wage_code is not None
    return occupation.slug, occupation.wage_code


GROUP_WORDS = {"broader": "broader group", "split": "all of"}
"""How each kind of group's figures are named."""


@pytest.mark.parametrize("kind", list(GROUP_WORDS))
@pytest.mark.parametrize(
    ("form", "brief"),
    [
        ("{slug}_p", False),  # pay screen
        ("{slug}_p", True),  # its brief (group) form
        ("{slug}_p_US_GB", False),  # two places side by side
        ("{slug}_pk_US_50000", False),  # pay check
        ("{slug}_pk_US_50000", True),
        ("vs_{token}_data-scientist", False),  # two roles side by side
        ("vs_{token}_data-scientist", True),
    ],
)
def test_a_groups_figures_are_named_so_wherever_shown(
    engine: Engine, store: Store, form: str, brief: bool, kind: str
) -> None:
    slug, group = _grouped(store, kind)
    token = store.occupation(slug).code.replace("-", "").replace(".", "")
    address = form.format(slug=slug, token=token)
    reply = engine.press(address, ChatContext(), NOW, brief=brief).reply
    text = plain(reply.text)
    assert GROUP_WORDS[kind] in text, text
    assert group in text, text
    assert text.count(group) == 1 or "pk" in address, text  # said once, not twice


def test_a_curated_roles_bls_figures_name_the_soc_occupation_they_are(
    engine: Engine, store: Store
) -> None:
    """A curated role whose O*NET occupation is split out of a SOC occupation: BLS's line on
    its US salary card says the figures are that whole SOC occupation's."""
    role = next(
        r
        for r in store.roles()
        if r.bls_benchmark is None and store.occupation_by_code(r.onet_code).split
    )
    wages = store.wages(store.occupation_by_code(role.onet_code).slug)
    assert wages is not None
    card = plain(engine.press(f"{role.slug}_sal_US", ChatContext(), NOW).reply.text)
    assert f"all of {wages.code} {wages.title}" in card, card
    compared = engine.text(f"{role.name} vs pharmacist salary", ChatContext(), NOW).reply
    assert f"all of {wages.code} {wages.title}" in plain(compared.text), compared.text


# (an occupation the data does not have, a neighbour anyone would offer, and why)
NEAREST_CASES = [
    ("prompt engineer", "Software Developers", "most people called engineers work there"),
    ("product owner", "Marketing Managers", "Product Manager is one of its titles"),
    ("data annotator", "Data Scientists", "data work, by title"),
    ("ux writer", "Technical Writers", "a writer of product text"),
    ("wedding planner", "Meeting, Convention, and Event Planners", "plans events"),
    ("dog walker", "Animal Caretakers", "cares for animals"),
    ("solutions architect", "Computer Systems Engineers/Architects", "an IT architect"),
    ("community manager", "Social and Community Service Managers", "community, managers"),
    ("life coach", "Coaches and Scouts", "a coach"),
]


@pytest.fixture(scope="module")
def titles(store: Store) -> TitleIndex:
    """The store's title index, as the parser reads it."""
    return TitleIndex.from_blob(store.title_index())


@pytest.mark.parametrize(("phrase", "neighbour", "why"), NEAREST_CASES)
def test_the_nearest_occupations_share_informative_title_words(
    titles: TitleIndex, store: Store, phrase: str, neighbour: str, why: str
) -> None:
    words = [titles.canon.word(w) for w in phrase.split()]
    nearest = [store.occupation_by_code(c).title for c in titles.nearest(words)]
    assert neighbour in nearest, (why, nearest)
    assert "All Other" not in nearest[0]
    for code in titles.nearest(words):  # each shares a word of the phrase in one of its titles
        own = {i for i, o in enumerate(titles.occupations) if o.code == code}
        keys = [key.split() for key, _, o in titles.titles if o in own]
        assert any(set(words) & set(key) for key in keys), code


def test_an_unknown_engineer_is_offered_the_engineers_most_people_are(
    engine: Engine, store: Store
) -> None:
    turn = engine.text("prompt engineer salary", ChatContext(), NOW)
    nearest = [b.label for b in turn.reply.button_list() if "nearest" in b.label]
    assert nearest, turn.reply.text
    developers = next(o for o in store.occupations() if o.title == "Software Developers")
    assert developers.stands_for is not None  # shown as the curated role that is that job
    assert store.role(developers.stands_for).name in nearest[0]


@pytest.mark.parametrize(
    ("then", "opens"),
    [("data scientist", "data-scientist"), ("dev", "software-engineer"), ("help", "help")],
)
def test_from_every_occupation_screen_a_curated_role_or_help_answers(
    engine: Engine, then: str, opens: str
) -> None:
    menu = engine.text("registered nurse", ChatContext(), NOW).reply
    for label in [b.label for b in menu.button_list()]:
        chat = Chat(engine)
        chat.say("registered nurse")
        chat.tap(label)
        reply = chat.say(then)
        assert reply.address is not None, (label, then)
        assert reply.address.startswith(opens), (label, then)


@pytest.mark.parametrize(
    ("first", "then", "address"),
    [
        ("nurse salary in germany", "data scientist", "data-scientist_sal_DE"),
        ("nurse salary in texas", "data scientist", "data-scientist_sal_US_a4800000"),
        ("nurse salary germany vs uk", "data scientist", "data-scientist_cmp_DE_GB"),
        # after an occupation's pay in a country, follow-ups stay there
        ("nurse salary in the uk", "is 30k good?", "registered-nurses_pk_GB_30000"),
        ("nurse salary in the uk", "senior", "registered-nurses_p_GB"),
        ("lawyer salary in the uk", "/salary", "lawyers_p_GB"),
        ("nurse salary in the uk", "vs data scientist", "data-scientist_sal_GB"),
        # an occupation named after a curated role's screen: that screen's counterpart
        ("data scientist salary in germany", "nurse", "registered-nurses_p_DE"),
        ("data scientist salary in germany", "and nurses?", "registered-nurses_p_DE"),
        ("data scientist career path", "dentist", "dentists-general_in"),
        ("data scientist pivots", "dentist", "dentists-general_rel"),
        ("will AI replace data scientists", "dentist", "dentists-general_ai"),
    ],
)
def test_a_follow_up_across_curated_roles_and_occupations_continues_in_the_same_place(
    engine: Engine, first: str, then: str, address: str
) -> None:
    chat = Chat(engine)
    chat.say(first)
    assert chat.say(then).address == address


@pytest.mark.parametrize(
    ("screen", "then", "address"),
    [
        ("registered-nurses_o", "germany", "registered-nurses_p_DE"),
        ("registered-nurses_do", "and in texas?", "registered-nurses_p_4800000"),
        ("dentists-general_ts", "and in the uk?", "dentists-general_p_GB"),
        ("registered-nurses_ai", "and in germany?", "registered-nurses_p_DE"),
        ("dentists-general_rel", "texas", "dentists-general_p_4800000"),
    ],
)
def test_a_place_after_any_occupation_screen_is_its_pay_there(
    engine: Engine, screen: str, then: str, address: str
) -> None:
    chat = Chat(engine)
    chat.context = engine.press(screen, ChatContext(), NOW).context
    assert chat.say(then).address == address


@pytest.mark.parametrize(
    "message", ["life scientists", "scientists sources", "scientists skills", "scientists salary"]
)
def test_a_choice_of_occupations_offers_a_curated_roles_own_screen(
    engine: Engine, message: str
) -> None:
    """A title that fits several occupations, one of them a curated role's very job: that
    option opens the role's screen (typed or inline), never an occupation's for its slug."""
    turn = engine.text(message, ChatContext(), NOW)
    options = [b.address for b in turn.reply.button_list()]
    assert any(o.startswith("data-scientist_") for o in options), options
    pressed = [engine.press(o, turn.context, NOW).intent for o in options]
    assert "expired" not in pressed, list(zip(options, pressed, strict=True))
    inline = [a.reply.address for a in engine.inline(message)]
    assert inline[: len(options)] == options


@pytest.mark.parametrize(
    ("first", "then", "address"),
    [
        ("nurse vs data scientist salary", "germany", "registered-nurses_p_DE"),
        ("data scientist vs nurse salary", "and in the uk?", "data-scientist_sal_GB"),
    ],
)
def test_a_follow_up_after_two_roles_side_by_side_is_about_the_first(
    engine: Engine, first: str, then: str, address: str
) -> None:
    chat = Chat(engine)
    assert (chat.say(first).address or "").startswith("vs_")
    assert chat.say(then).address == address


@pytest.mark.parametrize(
    "message",
    [
        "boston ml ai governance biologist",
        "ml engineer vs data scientist vs nurse salary in germany",
        "data scientist vs ml engineer vs dentist pay",
    ],
)
def test_an_occupation_among_curated_rivals_is_no_crash_and_no_figure(
    engine: Engine, message: str
) -> None:
    reply = engine.text(message, ChatContext(), NOW).reply
    assert reply.address is not None
    assert "_cmp" in reply.address  # the curated roles side by side
    assert not re.search(r"biologist|nurse|dentist", reply.address)
