"""Issue 12 through the engine: follow-ups that point back, off-topic turns that stay declined
after on-topic ones (and are recorded as misses), newcomer openers, chat-sized answers with
`more`, and `why?`."""

from __future__ import annotations

import pytest

from bot import Bot
from bot.answering.deciding import Engine
from bot.answering.wording.paging import CHAT_LINES, LINE_WIDTH, first_screen
from bot.curation.evaluation import label
from bot.message import ConversationKey, Message
from bot.reply import Label, Reply, ReplyKind
from tests.recording import Recording

KEY = ConversationKey("console", "C1")


def ask(engine: Engine, *turns: str) -> list[Reply]:
    """Every reply of one conversation, in order."""
    return [engine.handle(Message(turn, KEY)) for turn in turns]


def screen_lines(body: str) -> int:
    return sum(max(1, -(-len(line) // LINE_WIDTH)) for line in body.split("\n"))


FOLLOW_UPS = [
    ("what does a data analyst do", "which tools do they use?", "role_tools:data-analyst"),
    ("what does a data analyst do", "who do they work with?", "role_collaborators:data-analyst"),
    ("who owns monitoring", "who do they work with?", "role_collaborators:ml-engineer"),
    ("what does a data scientist do", "is it entry level?", "role_career:data-scientist"),
    (
        "tell me about data engineers",
        "what does that role need to know?",
        "role_skills:data-engineer",
    ),
    ("compare ds and mle", "which one should I hire first?", "faq:first-data-hire"),
    ("who owns eda?", "what tools do they use?", "role_tools:data-scientist"),
]


@pytest.mark.parametrize(
    ("first", "follow_up", "expected"), FOLLOW_UPS, ids=[f[1] for f in FOLLOW_UPS]
)
def test_a_follow_up_pointing_back_takes_the_slot_from_the_conversation(
    engine: Engine, first: str, follow_up: str, expected: str
) -> None:
    _, reply = ask(engine, first, follow_up)
    assert label(reply) == expected


def test_the_same_follow_up_with_no_history_is_declined(engine: Engine) -> None:
    (reply,) = ask(engine, "which tools do they use?")
    assert reply.kind is ReplyKind.DECLINE


OFF_TOPIC = [
    ("compare ds and data engineer", "what's a good movie?"),
    ("tell me about data scientists", "what's RAG?"),
    ("who owns monitoring", "what's the capital of France?"),
    ("which tools does a data analyst use", "what's for lunch?"),
]


@pytest.mark.parametrize(("on_topic", "off_topic"), OFF_TOPIC, ids=[o[1] for o in OFF_TOPIC])
def test_an_off_topic_turn_after_an_on_topic_one_is_declined(
    engine: Engine, on_topic: str, off_topic: str
) -> None:
    answered, declined = ask(engine, on_topic, off_topic)
    assert answered.kind is ReplyKind.ANSWER
    assert declined.kind is ReplyKind.DECLINE
    assert declined.provenance.entry is None


def test_the_conversation_survives_an_off_topic_turn(engine: Engine) -> None:
    *_, reply = ask(engine, "what does a data analyst do", "what's a good movie?", "which tools?")
    assert label(reply) == "role_tools:data-analyst"


def test_an_off_topic_turn_after_an_on_topic_one_is_recorded_as_a_miss(
    core: Bot, recording: Recording
) -> None:
    recording.attach(core)
    core.respond(Message("compare ds and data engineer", KEY))
    core.respond(Message("what's a good movie?", KEY))
    misses = recording.rows("SELECT kind, question FROM misses")
    assert [question for _, question in misses] == ["what a good movie"]  # stored normalised


NEWCOMERS = [
    "it's my first week on the data team",
    "I just joined the data team",
    "new here, hi all",
    "it's my first day",
]


@pytest.mark.parametrize("opener", NEWCOMERS)
def test_a_newcomer_opener_gets_the_welcome_with_the_tour_button(
    engine: Engine, opener: str
) -> None:
    (reply,) = ask(engine, opener)
    assert reply.provenance.intent is Label.WELCOME
    assert "tour" in [s.query for s in reply.suggestions]


def test_a_newcomer_naming_a_role_gets_that_roles_onboarding(engine: Engine) -> None:
    onboard, tools = ask(engine, "just joined as a data analyst", "which tools do they use?")
    assert (onboard.provenance.intent, onboard.provenance.entry) == (Label.ONBOARD, "data-analyst")
    assert label(tools) == "role_tools:data-analyst"


@pytest.mark.parametrize("question", ["what's new in MLflow", "how do I join tables"])
def test_questions_with_newcomer_words_stay_questions(engine: Engine, question: str) -> None:
    (reply,) = ask(engine, question)
    assert reply.provenance.intent is not Label.WELCOME


def test_an_overview_fits_a_chat_screen_and_more_shows_the_rest(engine: Engine) -> None:
    turns = ["what does a data scientist do", *["more"] * 5]
    overview, *pages = ask(engine, *turns)
    assert screen_lines(overview.body) <= CHAT_LINES
    assert overview.suggestions[0].label == "More" and overview.suggestions[0].query == "more"
    assert "**Owns:**" in overview.body and "Responsibilities" not in overview.body
    continued = [p for p in pages if p.title == "Data scientist (continued)"]
    assert all(screen_lines(p.body) <= CHAT_LINES for p in continued)
    rest = "\n".join(p.body for p in continued)
    assert "**Responsibilities:**" in rest
    assert "- Present findings to non-technical audiences" in rest
    assert "**Contributes to:**" in rest
    assert pages[len(continued)].title == "That's all"


def test_a_page_never_loses_or_reorders_text() -> None:
    body = "**Lead.**\n" + " ".join(f"Sentence number {n} says a little." for n in range(40))
    page = first_screen(body + "\n**List:**\n- one\n- two")
    assert screen_lines(page.shown) <= CHAT_LINES and page.rest
    assert (page.shown + " " + page.rest).split() == (body + " **List:** - one - two").split()
    assert not page.shown.endswith(":**")


def test_a_line_longer_than_a_screen_is_shown_in_screens() -> None:
    for body in ("&" * 2000, "word " * 500):
        pages, rest = [], body
        while rest:
            page = first_screen(rest)
            assert page.shown and screen_lines(page.shown) <= CHAT_LINES
            pages.append(page.shown)
            rest = page.rest
        assert "".join(pages).replace(" ", "") == body.replace(" ", "")


def test_a_comparison_is_not_paged(engine: Engine) -> None:
    (reply,) = ask(engine, "compare ds and data engineer")
    assert reply.table is not None and "More" not in [s.label for s in reply.suggestions]


def test_why_tells_where_the_last_answer_came_from(engine: Engine) -> None:
    answer, why = ask(engine, "compare ds and data engineer", "why?")
    assert answer.provenance.entry == "data-engineer+data-scientist"
    assert why.provenance.intent is Label.WHY
    assert "`data-engineer+data-scientist`" in why.body
    assert "compare command" in why.body and "100%" in why.body


def test_why_after_more_explains_the_answer_continued(engine: Engine) -> None:
    *_, why = ask(engine, "what does a data scientist do", "more", "why?")
    assert "role_overview `data-scientist`" in why.body


def test_why_with_nothing_answered_says_so(engine: Engine) -> None:
    (why,) = ask(engine, "why?")
    assert why.body == "I haven't answered anything in this conversation yet."
