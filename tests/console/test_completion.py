"""What the completion menu offers for what has been typed: the grammar's commands, the
arguments its usage lines name, and the knowledge's names, fuzzily as Discord offers them."""

from __future__ import annotations

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from adapters.console.completion import ConsoleCompleter, arguments, fragment
from bot import Bot

TAB = CompleteEvent(completion_requested=True)
TYPING = CompleteEvent(text_inserted=True)


def menu(core: Bot, typed: str, event: CompleteEvent = TYPING) -> list[tuple[str, str]]:
    """The menu a person sees: each offer as shown and the note beside it."""
    offers = ConsoleCompleter(core).get_completions(Document(typed), event)
    return [(offer.display_text, offer.display_meta_text) for offer in offers]


def inserted(core: Bot, typed: str, event: CompleteEvent = TAB) -> list[str]:
    """The line as it reads after each offer is picked."""
    offers = ConsoleCompleter(core).get_completions(Document(typed), event)
    return [typed[: len(typed) + o.start_position] + o.text for o in offers]


def test_a_slash_offers_every_command_with_its_usage(core: Bot) -> None:
    assert menu(core, "/") == [
        ("/ask", "<question>"),
        ("/compare", "<role> <role> [role]"),
        ("/role", "<role>"),
        ("/stage", "<stage>"),
        ("/tour", "[next|back|stop]"),
        ("/onboard", "<role>"),
        ("/help", ""),
    ]


OFFERS = {
    "command-prefix": ("/co", ["/compare "]),
    "roles-after-compare": ("/compare ", ["/compare data scientist", "/compare ML engineer"]),
    "second-role-by-prefix": ("/compare ds m", ["/compare ds ML engineer"]),
    "abbreviation": ("/role mle", ["/role ML engineer"]),
    "alias-in-two-words": ("/compare data sci", ["/compare data scientist"]),
    "misspelt-stage": ("/stage montoring", ["/stage maintenance and monitoring"]),
    "tour-moves-from-usage": ("/tour n", ["/tour next"]),
    "stage-in-a-question": ("who owns depl", ["who owns deployment"]),
    "tool-keeps-its-capitals": ("which tools use pyt", ["which tools use Python"]),
}


@pytest.mark.parametrize(("typed", "first"), list(OFFERS.values()), ids=list(OFFERS))
def test_best_offers_come_first(core: Bot, typed: str, first: list[str]) -> None:
    assert inserted(core, typed)[: len(first)] == first


def test_an_alias_that_matched_is_shown_beside_the_name(core: Bot) -> None:
    assert menu(core, "/role etl dev") == [("Data engineer (ETL developer)", "role")]


def test_a_question_gets_names_only_when_tab_asks(core: Bot) -> None:
    assert menu(core, "who owns depl", TYPING) == []
    assert ("Deployment", "stage") in menu(core, "who owns depl", TAB)


@pytest.mark.parametrize(
    "typed", ["/frobnicate x", "/help ", "/stage qqqq zzzz", "who owns "], ids=str
)
def test_nothing_to_offer(core: Bot, typed: str) -> None:
    assert menu(core, typed, TAB) == []


def test_arguments_are_read_from_usage_lines() -> None:
    compare = arguments("compare <role> <role> [role]")
    assert (compare.kinds, compare.one_name) == (("role",), False)
    assert arguments("tour [next|back|stop]").words == ("next", "back", "stop")
    assert arguments("ask <question>").kinds == ("role", "stage", "tool")


FRAGMENTS = {
    "two-words-of-a-name": ("what does a data sc", "data sc"),
    "last-word": ("who owns depl", "depl"),
    "unknown-word": ("what is zzz", "zzz"),
    "after-a-space": ("who owns ", ""),
}


@pytest.mark.parametrize(("text", "expected"), list(FRAGMENTS.values()), ids=list(FRAGMENTS))
def test_the_words_being_completed(text: str, expected: str) -> None:
    assert fragment(text, ["data scientist", "deployment"]) == expected
