"""Autocomplete: ranked role and stage names, at most 25, whose values the commands accept."""

from __future__ import annotations

import pytest

from adapters.discord_bot.autocomplete import choices
from adapters.discord_bot.limits import AUTOCOMPLETE_CHOICES_LIMIT
from bot.answering.engine import Engine
from bot.message import ConversationKey, Message, MessageKind
from bot.reply import ReplyKind
from bot.understanding.lexicon import EntityRef
from tests.discord.conftest import Bot
from tests.discord.fake_discord import AUTOCOMPLETE_RESULT
from tests.discord.payloads import autocomplete

TYPED = {
    "nothing-typed-lists-all": ("role", "", ["data-scientist", "ml-engineer", "mlops-engineer"]),
    "prefix": ("role", "ml", ["ml-engineer", "mlops-engineer"]),
    "abbreviation-the-core-knows": ("role", "mle", ["ml-engineer"]),
    "typo": ("stage", "deplyoment", ["deployment"]),
    "alias": ("role", "etl", ["data-engineer"]),
}


@pytest.mark.parametrize(("kind", "typed", "first"), list(TYPED.values()), ids=list(TYPED))
def test_best_names_come_first(engine: Engine, kind: str, typed: str, first: list[str]) -> None:
    lexicon = engine.lexicon
    found = lexicon.lookup(typed, kind) if typed else None
    got = [c.value for c in choices(lexicon.names(kind), typed, found)]
    assert got[: len(first)] == first


def test_an_alias_that_matched_is_shown_beside_the_name(engine: Engine) -> None:
    (choice,) = choices(engine.lexicon.names("role"), "etl developer")
    assert (choice.name, choice.value) == ("Data engineer (ETL developer)", "data-engineer")


def test_nonsense_gets_no_choices(engine: Engine) -> None:
    assert choices(engine.lexicon.names("stage"), "qqqq zzzz") == []


def test_never_more_than_25_and_one_per_entity() -> None:
    refs = [
        EntityRef("role", f"role-{n}", name)
        for n in range(60)
        for name in (f"Engineer {n}", f"eng {n}")
    ]
    for typed in ("", "engineer", "eng 1"):
        got = choices(refs, typed)
        assert 0 < len(got) <= AUTOCOMPLETE_CHOICES_LIMIT
        assert len({c.value for c in got}) == len(got)


@pytest.mark.parametrize("kind", ["role", "stage"])
def test_every_choice_is_a_value_the_command_answers(engine: Engine, kind: str) -> None:
    key = ConversationKey("discord", "1", "", "2")
    for choice in choices(engine.lexicon.names(kind), ""):
        reply = engine.handle(Message(f"{kind} {choice.value}", key, MessageKind.COMMAND))
        assert reply.kind is ReplyKind.ANSWER, f"{kind} {choice.value}: {reply.body}"


async def test_discord_gets_the_choices_for_the_focused_option(bot: Bot) -> None:
    await bot.push(autocomplete("compare", "second", "data", first="ml-engineer"))
    (response,) = bot.discord.callbacks()
    assert response["type"] == AUTOCOMPLETE_RESULT
    assert response["data"]["choices"] == [
        {"name": "Data scientist", "value": "data-scientist"},
        {"name": "Data analyst", "value": "data-analyst"},
        {"name": "Data engineer", "value": "data-engineer"},
    ]


@pytest.mark.parametrize(
    ("subcommand", "option"), [("role", "name"), ("stage", "name"), ("compare", "third")]
)
async def test_each_name_option_autocompletes(bot: Bot, subcommand: str, option: str) -> None:
    await bot.push(autocomplete(subcommand, option, ""))
    (response,) = bot.discord.callbacks()
    assert 0 < len(response["data"]["choices"]) <= AUTOCOMPLETE_CHOICES_LIMIT
