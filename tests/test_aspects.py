"""Aspects: a question naming roles but asking about their pay, their future, on-call duty,
switching or hiring is answered by the entry about that aspect, not by the comparison of the
roles; the same aspect asked about other jobs is still declined."""

from __future__ import annotations

import pytest

from bot.answering.deciding import Engine
from bot.curation.evaluation import label
from bot.kb.compiled import Compiled
from bot.message import ConversationKey, Message
from bot.understanding.aspects import asked, spoken
from bot.understanding.candidates import FEATURES, message_candidates

KEY = ConversationKey("test", "channel", "thread", "user")


def test_aspect_words_are_read_as_typed_or_stemmed() -> None:
    assert asked(("do", "mlops", "roles", "pay", "well"), ()) == {"pay"}
    assert asked(("what", "do", "they", "get"), ("what", "do", "they", "salary")) == {"pay"}
    assert asked(("are", "data", "scientists", "outdated"), ()) == {"future"}
    assert asked(("should", "we", "hire", "one"), ()) == {"hire"}


def test_words_with_other_meanings_ask_no_aspect() -> None:
    # "call" is also calling a model's API; "move" is also moving data.
    assert asked(("our", "service", "has", "to", "call", "the", "model"), ()) == frozenset()
    assert asked(("move", "the", "data", "to", "the", "warehouse"), ()) == frozenset()


def test_an_answers_aspects_come_from_its_phrasings() -> None:
    assert spoken(("which data role pays the most", "salary of a DS vs an MLE")) == {"pay"}
    assert spoken(("what is the difference between a DS and an MLE",)) == frozenset()


@pytest.mark.parametrize(
    "question",
    [
        "are data engineers paid more than data analysts?",
        "do data analysts get paid less than data scientists",
    ],
)
def test_pay_between_two_named_roles_is_the_pay_entry_not_their_comparison(
    engine: Engine, question: str
) -> None:
    assert label(engine.handle(Message(question, KEY))) == "faq:salary-comparison"


@pytest.mark.parametrize(
    "question", ["is a vet paid more than a pharmacist", "what background do you need to be a chef"]
)
def test_the_same_aspects_about_other_jobs_are_declined(engine: Engine, question: str) -> None:
    assert label(engine.handle(Message(question, KEY))) == "decline"


def test_aspects_weigh_only_beside_a_named_role_stage_or_tool(compiled: Compiled) -> None:
    agrees, missing = FEATURES.index("aspect_agrees"), FEATURES.index("aspect_missing")
    unnamed = message_candidates(compiled, "how much does a plumber earn")
    assert unnamed and all(c.features[agrees] == c.features[missing] == 0.0 for c in unnamed)
    named = message_candidates(compiled, "how much does a data engineer earn")
    pay = compiled.target_ids["faq:salary-comparison"]
    assert any(c.target == pay and c.features[agrees] == 1.0 for c in named)
    assert any(c.target != pay and c.features[missing] == 1.0 for c in named)


def test_on_call_is_read_from_its_two_words() -> None:
    assert asked(("who", "is", "on", "call", "tonight"), ()) == {"on_call"}
    assert spoken(("who is on-call when the model breaks",)) == {"on_call"}
    assert asked(("call", "on", "the", "model"), ()) == frozenset()


def test_an_aspect_asked_of_another_trade_is_marked_on_the_answers_that_speak_it(
    compiled: Compiled,
) -> None:
    elsewhere = FEATURES.index("aspect_elsewhere")
    hire = compiled.target_ids["faq:first-data-hire"]
    # "cleaner" is in the answers ("cleaner data") but in no question rolebot knows.
    other = message_candidates(compiled, "should we hire a cleaner first")
    assert any(c.target == hire and c.features[elsewhere] == 1.0 for c in other)
    for question in ("should we hire a data scientist first", "whats teh on call rota"):
        assert all(c.features[elsewhere] == 0.0 for c in message_candidates(compiled, question))


@pytest.mark.parametrize(
    "question",
    [
        "should we hire a cleaner first",
        "how much does a plumber earn",
        "how do nurses handle on-call shifts",
        "who should a new restaurant hire first",
    ],
)
def test_pay_hiring_and_on_call_of_other_trades_are_declined(engine: Engine, question: str) -> None:
    assert label(engine.handle(Message(question, KEY))) == "decline"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("who should our first data hire be", {"faq:first-data-hire"}),
        # Whether a data scientist should come first is asked of both entries, as the real
        # set's labels have it ("do we hire a data scientist first or a data/analytics
        # engineer?"); refits have given either, two scores within 1% of each other.
        ("should we hire a data scientist first", {"faq:de-before-ds", "faq:first-data-hire"}),
        ("how much does a data engineer earn", {"faq:salary-comparison"}),
        # "Who is on call for models in production?" (an entry added after this test was).
        ("who is on call when the model breaks", {"faq:model-on-call"}),
    ],
)
def test_the_same_aspects_of_the_data_roles_are_still_answered(
    engine: Engine, question: str, expected: set[str]
) -> None:
    assert label(engine.handle(Message(question, KEY))) in expected
