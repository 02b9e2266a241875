"""The engine answers from the role model, keeps context, parses commands and declines the rest."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.answering.deciding import Engine
from bot.answering.policy import TIE_RATIO, MatchPolicy, default_policy
from bot.answering.wording.replies import DONT_KNOW, NOT_SURE, STARTER_QUESTIONS
from bot.conversation.memory import ConversationMemory
from bot.curation.evaluation import label
from bot.kb.compiled import Compiled, _exact_templates
from bot.message import ConversationKey, Message, MessageKind
from bot.reply import Label, ReplyKind, Visibility
from bot.understanding.candidates import message_candidates
from bot.understanding.intents import Intent

KEY = ConversationKey("test", "channel", "thread", "user")


def ask(engine: Engine, text: str, key: ConversationKey = KEY) -> str:
    return label(engine.handle(Message(text, key)))


def command(engine: Engine, text: str) -> tuple[ReplyKind, str, str]:
    reply = engine.handle(Message(text, KEY, MessageKind.COMMAND))
    return reply.kind, label(reply), reply.body


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("who owns deployment?", "stage_owner:deployment"),
        ("Who is responsible for deploymnet", "stage_owner:deployment"),
        ("which tools does a DS use", "role_tools:data-scientist"),
        ("who uses k8s", "tool_users:kubernetes"),
        ("who uses kubernets", "tool_users:kubernetes"),
        ("what skills does a data scintist need", "role_skills:data-scientist"),
        ("MLE vs DS", "compare:data-scientist+ml-engineer"),
        ("compare mlops and mle and ds", "compare:data-scientist+ml-engineer+mlops-engineer"),
        (
            "wats the diff btwn a data analyst n a data scientist",
            "compare:data-analyst+data-scientist",
        ),
        ("who maintains the model in production", "stage_owner:monitoring"),
        ("matplotlib, DS or DA thing?", "tool_users:matplotlib"),
        ("what does a data analyst actually ship", "role_outputs:data-analyst"),
        ("core abilities of an mlops engineer", "role_skills:mlops-engineer"),
        ("I'm stuck with dbt, which team should I ping?", "tool_users:dbt"),
    ],
    ids=[
        "owner",
        "owner-typo",
        "tools-abbrev",
        "k8s",
        "tool-typo",
        "skills-typo",
        "vs",
        "three",
        "chat-shorthand",
        "maintaining",
        "tool-and-roles",
        "outputs-shipped",
        "skills-abilities",
        "chat-ping",
    ],
)
def test_structured_questions(engine: Engine, question: str, expected: str) -> None:
    assert ask(engine, question) == expected


@pytest.mark.parametrize(
    ("question", "read_as"),
    [
        ("do mlops ppl need to kno terraform", ("people", "need", "to", "know")),
        ("wanna ask abt dbt", ("want", "to", "ask", "about")),
        ("gotta move frm analytics", ("have", "to", "move", "from")),
        ("which team should I ping", ("should", "i", "ask")),
    ],
)
def test_chat_shorthand_is_read_as_the_words_it_stands_for(
    engine: Engine, question: str, read_as: tuple[str, ...]
) -> None:
    words = engine.lexicon.read(question).words
    assert any(words[i : i + len(read_as)] == read_as for i in range(len(words)))


@pytest.mark.parametrize(
    ("question", "typo", "read_as"),
    [
        ("who is responsible for deploymnet", "deploymnet", "deployment"),
        ("whos in charge of eda", "whos", "who"),
        ("what shouldnt a data scientist do", "shouldnt", "should"),
    ],
)
def test_typos_are_corrected(engine: Engine, question: str, typo: str, read_as: str) -> None:
    assert (typo, read_as) in engine.lexicon.read(question).corrections


@pytest.mark.parametrize(
    "question",
    ["how much does a plumber earn", "best latte near the office", "what's trending today"],
)
def test_real_words_are_not_corrected_into_domain_words(engine: Engine, question: str) -> None:
    # "plumber" is two edits from "number", "latte" one from "late": real words, not typos.
    assert engine.lexicon.read(question).corrections == ()
    assert ask(engine, question) == "decline"


def test_who_owns_deployment_names_the_ml_engineer(engine: Engine) -> None:
    reply = engine.handle(Message("who owns deployment?", KEY))
    assert reply.kind is ReplyKind.ANSWER
    assert "ML engineer" in reply.body
    assert reply.provenance.matched and reply.provenance.score > 0.5


def test_comparison_has_a_table_with_a_column_per_role(engine: Engine) -> None:
    reply = engine.handle(Message("ds vs mle vs mlops", KEY))
    assert reply.table is not None
    assert len(reply.table.header) == 4
    assert {row[0] for row in reply.table.rows} >= {"Focus", "Tools", "Goal", "Owns"}


@pytest.mark.parametrize(
    "turns",
    [
        [
            ("what does a data scientist do?", "role_overview:data-scientist"),
            ("and which tools?", "role_tools:data-scientist"),
        ],
        [
            ("who owns deployment?", "stage_owner:deployment"),
            ("and monitoring?", "stage_owner:monitoring"),
        ],
        [
            ("tell me about ML engineers", "role_overview:ml-engineer"),
            ("what about data scientists?", "role_overview:data-scientist"),
        ],
        [
            ("what tools does an MLE use", "role_tools:ml-engineer"),
            ("what about data scientists?", "role_tools:data-scientist"),
            ("is that an entry level job?", "role_career:data-scientist"),
            ("compare them with analysts", "compare:data-analyst+data-scientist"),
        ],
    ],
    ids=["tools-follow-up", "stage-follow-up", "role-follow-up", "that-and-compare"],
)
def test_follow_ups_use_context(engine: Engine, turns: list[tuple[str, str]]) -> None:
    for question, expected in turns:
        assert ask(engine, question) == expected


def test_context_is_per_conversation(engine: Engine) -> None:
    ask(engine, "what does a data scientist do?")
    other = ConversationKey("test", "channel", "another-thread", "user")
    assert ask(engine, "and which tools?", other) == "decline"


def test_context_expires_when_idle(shipped) -> None:  # type: ignore[no-untyped-def]
    now = [0.0]
    engine = Engine(shipped, memory=ConversationMemory(idle_seconds=60, clock=lambda: now[0]))
    ask(engine, "what does a data scientist do?")
    now[0] = 61.0
    assert ask(engine, "and which tools?") == "decline"


def test_memory_evicts_least_recently_used() -> None:
    from bot.conversation.context import Context

    memory = ConversationMemory(capacity=2)
    keys = [ConversationKey("t", str(i)) for i in range(3)]
    for key in keys:
        memory.put(key, Context(roles=("data-scientist",)))
    assert len(memory) == 2
    assert memory.get(keys[0]) == Context()
    assert memory.get(keys[2]).roles == ("data-scientist",)


@pytest.mark.parametrize(
    "question",
    [
        "what's the weather like",
        "tell me a joke",
        "give me the wifi password",
        "where's lunch today",
    ],
)
def test_off_topic_is_declined_with_suggestions(engine: Engine, question: str) -> None:
    reply = engine.handle(Message(question, KEY))
    assert reply.kind is ReplyKind.DECLINE and reply.fallback
    assert len(reply.suggestions) >= 2


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("compare ds mle", ReplyKind.ANSWER, "compare:data-scientist+ml-engineer"),
        (
            "compare data scientist, ml engineer",
            ReplyKind.ANSWER,
            "compare:data-scientist+ml-engineer",
        ),
        ("role mle", ReplyKind.ANSWER, "role_overview:ml-engineer"),
        ("stage deploymnet", ReplyKind.ANSWER, "stage_owner:deployment"),
        ("help", ReplyKind.HELP, "help"),
        ("who owns deployment?", ReplyKind.ANSWER, "stage_owner:deployment"),
        ("ask who uses docker", ReplyKind.ANSWER, "tool_users:docker"),
    ],
    ids=["compare", "compare-long-names", "role", "stage-typo", "help", "free-text", "ask"],
)
def test_commands(engine: Engine, text: str, kind: ReplyKind, expected: str) -> None:
    got_kind, got_label, _ = command(engine, text)
    assert (got_kind, got_label) == (kind, expected)


@pytest.mark.parametrize(
    ("question", "left_out"),
    [
        ("how do DS, MLE, MLOps and DA differ?", "data analyst is"),
        ("compare every role: ds, mle, mlops, da and de", "data analyst and data engineer are"),
        ("/compare ds mle mlops da", "data analyst is"),
    ],
    ids=["four", "five", "command"],
)
def test_a_question_naming_more_roles_compares_three_and_says_so(
    engine: Engine, question: str, left_out: str
) -> None:
    reply = engine.handle(Message(question, ConversationKey("c")))
    assert reply.title == "Data scientist vs ML engineer vs MLOps engineer"
    assert reply.body.endswith(f"One comparison takes up to 3 roles, so {left_out} left out.")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("compare ds", "Usage: `/compare <role> <role> [role]`"),
        ("compare ds", "Name another role to compare with Data scientist."),
        ("compare ds data scientist", "Name another role to compare with Data scientist."),
        ("compare ds astronaut", "I don't know the role `astronaut`"),
        ("compare", "Name two or three roles to compare."),
        ("role", "Which role?"),
        ("stage lunch", "I don't know the stage `lunch`"),
        ("ask", "What would you like to ask?"),
    ],
    ids=[
        "compare-one-role",
        "compare-one-role-says-which",
        "compare-the-same-role-twice",
        "compare-unknown",
        "compare-nothing",
        "role-missing",
        "stage-unknown",
        "ask-empty",
    ],
)
def test_malformed_commands_get_a_usage_line(engine: Engine, text: str, fragment: str) -> None:
    reply = engine.handle(Message(text, ConversationKey("console"), MessageKind.COMMAND))
    assert reply.kind is ReplyKind.USAGE
    assert reply.visibility is Visibility.PRIVATE
    assert fragment in reply.body


def test_typos_in_command_arguments_are_forgiven(engine: Engine) -> None:
    _, got, _ = command(engine, "compare ds data enginer")
    assert got == "compare:data-engineer+data-scientist"


def test_unknown_role_offers_did_you_mean(engine: Engine) -> None:
    reply = engine.handle(Message("role scientst", KEY, MessageKind.COMMAND))
    assert any(s.label == "Data scientist" for s in reply.suggestions), reply


def test_suggestions_route_to_answers(engine: Engine) -> None:
    reply = engine.handle(Message("who owns deployment?", KEY))
    for suggestion in reply.suggestions:
        follow = engine.handle(Message(suggestion.query, ConversationKey("test", suggestion.query)))
        assert follow.kind is ReplyKind.ANSWER, suggestion


@pytest.mark.parametrize("text", ["help", "help me please", "show commands"])
def test_help_in_plain_words(engine: Engine, text: str) -> None:
    assert engine.handle(Message(text, KEY)).kind is ReplyKind.HELP


def test_ids_name_their_entity(engine: Engine) -> None:
    assert ask(engine, "compare ml-engineer data-scientist") == "compare:data-scientist+ml-engineer"


def test_no_did_you_mean_for_nonsense(engine: Engine) -> None:
    reply = engine.handle(Message("role astronaut", KEY, MessageKind.COMMAND))
    assert reply.kind is ReplyKind.USAGE and reply.suggestions == ()


def test_every_structured_intent_is_a_provenance_label() -> None:
    assert {intent.value for intent in Intent} <= {label.value for label in Label}


@pytest.fixture
def unsure(compiled: Compiled) -> Engine:
    """An engine that declines everything the ranker decides: the acceptor is never this
    sure. (Curated wordings, an FAQ phrasing or an intent template word for word, are routed
    before it.)"""
    policy: MatchPolicy = replace(default_policy(), answer_threshold=1.01)
    return Engine(compiled, policy, ConversationMemory())


@pytest.mark.parametrize(
    ("question", "answers"),
    [
        ("so who owns deployment here?", {"stage_owner:deployment"}),
        ("which tools does a data analyst use most", {"role_tools:data-analyst"}),
        # The entry worded as this very question and the MLE's career path both answer it (the
        # question set labels "is MLE an entry-level job?" with both).
        (
            "is an ML engineer an entry level job",
            {"faq:mle-entry-level", "role_career:ml-engineer"},
        ),
        ("why should we put our model in a container", {"faq:why-containerise"}),
    ],
)
def test_a_decline_with_a_fair_guess_offers_it_first_and_clicking_it_answers(
    unsure: Engine, engine: Engine, question: str, answers: set[str]
) -> None:
    reply = unsure.handle(Message(question, KEY))
    assert reply.fallback and reply.title == NOT_SURE
    clicked = engine.handle(
        Message(reply.suggestions[0].query, ConversationKey("test", "click"), MessageKind.COMMAND)
    )
    assert label(clicked) in answers


@pytest.mark.parametrize("question", ["what's the weather like", "where's lunch today"])
def test_a_decline_without_a_fair_guess_offers_starter_questions(
    unsure: Engine, question: str
) -> None:
    reply = unsure.handle(Message(question, KEY))
    assert reply.title == DONT_KNOW
    assert {s.label for s in reply.suggestions} <= set(STARTER_QUESTIONS)


@pytest.mark.parametrize(("below", "offered"), [(0.0, False), (1.01, True)])
def test_an_answer_less_sure_than_the_policy_says_offers_the_runner_up(
    compiled: Compiled, engine: Engine, below: float, offered: bool
) -> None:
    policy: MatchPolicy = replace(default_policy(), sure=below)
    reply = Engine(compiled, policy, ConversationMemory()).handle(
        Message("why should we put our model in a container", KEY)
    )
    assert label(reply) == "faq:why-containerise"
    clicked = [
        label(
            engine.handle(Message(s.query, ConversationKey("test", s.query), MessageKind.COMMAND))
        )
        for s in reply.suggestions
    ]
    assert ("stage_owner:containerisation" in clicked) is offered


def test_the_acceptor_judges_the_winner_by_the_part_that_reads_it_best(
    engine: Engine, compiled: Compiled
) -> None:
    """The chatter after a question is unknown words to the whole message: the winner found in
    the question part too is judged there, and answered."""
    text = "what is the MLE job really about, day to day? fewer hiking metaphors pls 🙃"
    model = engine.policy.model
    ranked = model.rank(message_candidates(compiled, text), compiled.targets, TIE_RATIO)
    first = ranked.candidates[0]
    judged = [
        model.accept_probability(c.features, ranked.share, ranked.lead)
        for c in ranked.candidates
        if c.target == first.target
    ]
    assert len(judged) > 1
    assert ranked.confidence == max(judged) > judged[0]
    assert ask(engine, text) in {"role_overview:ml-engineer", "faq:day-in-life-mle"}


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("who uses torch", "tool_users:pytorch"),
        ("who uses Jenkins", "tool_users:ci-cd"),
        ("who owns data wrangling", "stage_owner:data-collection"),
    ],
)
def test_a_question_worded_as_a_template_gets_its_intent(
    engine: Engine, question: str, expected: str
) -> None:
    """An alias the static embeddings do not equate with the name ("torch", "Jenkins") made
    the acceptor doubt a question worded exactly as one of the intent's templates."""
    reply = engine.handle(Message(question, KEY))
    assert label(reply) == expected
    assert reply.provenance.score == 1.0


def test_template_words_two_intents_share_route_to_neither() -> None:
    shared = ("who", "uses", "slottoolx")
    routed = _exact_templates(
        [
            ("tool_users", "who uses {tool}", shared),
            ("role_tools", "who uses {tool}", shared),
            ("stage_owner", "who owns {stage}", ("who", "owns", "slotstagex")),
        ]
    )
    assert routed == {("who", "owns", "slotstagex"): ("stage_owner", "who owns {stage}")}
