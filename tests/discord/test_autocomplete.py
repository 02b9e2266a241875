"""Autocomplete: ranked role and stage names, at most 25, whose values the commands accept."""

from __future__ import annotations

import pytest

from adapters.discord_bot.autocomplete import choices
from adapters.discord_bot.limits import AUTOCOMPLETE_CHOICES_LIMIT
from bot import Bot as Core
from bot.kb.records import EntityKind
from bot.message import ConversationKey, Message, MessageKind
from bot.reply import ReplyKind
from bot.understanding.lexicon import EntityRef
from tests.discord.conftest import Bot
from tests.discord.fake_discord import AUTOCOMPLETE_RESULT
from tests.discord.payloads import autocomplete

TYPED = {
    "nothing-typed-lists-all": (
        EntityKind.ROLE,
        "",
        ["data-scientist", "ml-engineer", "mlops-engineer"],
    ),
    "prefix": (EntityKind.ROLE, "ml", ["ml-engineer", "mlops-engineer"]),
    "abbreviation-the-core-knows": (EntityKind.ROLE, "mle", ["ml-engineer"]),
    "typo": (EntityKind.STAGE, "deplyoment", ["deployment"]),
    "alias": (EntityKind.ROLE, "etl", ["data-engineer"]),
}


@pytest.mark.parametrize(("kind", "typed", "first"), list(TYPED.values()), ids=list(TYPED))
def test_best_names_come_first(core: Core, kind: EntityKind, typed: str, first: list[str]) -> None:
    got = [c.value for c in choices(core.names(kind), typed, core.recognise(typed, kind))]
    assert got[: len(first)] == first


def test_an_alias_that_matched_is_shown_beside_the_name(core: Core) -> None:
    (choice,) = choices(core.names(EntityKind.ROLE), "etl developer")
    assert (choice.name, choice.value) == ("Data engineer (ETL developer)", "data-engineer")


def test_nonsense_gets_no_choices(core: Core) -> None:
    assert choices(core.names(EntityKind.STAGE), "qqqq zzzz") == []


def test_never_more_than_25_and_one_per_entity() -> None:
    refs = [
        EntityRef(EntityKind.ROLE, f"role-{n}", name)
        for n in range(60)
        for name in (f"Engineer {n}", f"eng {n}")
    ]
    for typed in ("", "engineer", "eng 1"):
        got = choices(refs, typed)
        assert 0 < len(got) <= AUTOCOMPLETE_CHOICES_LIMIT
        assert len({c.value for c in got}) == len(got)


@pytest.mark.parametrize("kind", [EntityKind.ROLE, EntityKind.STAGE])
def test_every_choice_is_a_value_the_command_answers(core: Core, kind: EntityKind) -> None:
    key = ConversationKey("discord", "1", "", "2")
    for choice in choices(core.names(kind), ""):
        message = Message(f"{kind} {choice.value}", key, MessageKind.COMMAND)
        reply = core.respond(message).reply
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
