"""`onboard <role>`: a checklist for every shipped role, built from the knowledge."""

from __future__ import annotations

import pytest
import yaml

from bot.answering.deciding import Engine
from bot.answering.wording.checklist import newcomer_questions
from bot.kb.base import KnowledgeBase
from bot.kb.files import SHIPPED_KNOWLEDGE
from bot.message import ConversationKey, Message, MessageKind
from bot.reply import BODY_LIMIT, SUGGESTION_LIMIT, ReplyKind, Visibility

KEY = ConversationKey("console", "terminal")
# Read straight from the file at collection time; the tests use the validated `shipped` base.
SHIPPED_ROLES = [
    role["id"]
    for role in yaml.safe_load((SHIPPED_KNOWLEDGE / "roles.yaml").read_text(encoding="utf-8"))[
        "roles"
    ]
]


def onboard(text: str, kind: MessageKind = MessageKind.COMMAND) -> Message:
    return Message(text, KEY, kind)


@pytest.mark.parametrize("role_id", SHIPPED_ROLES, ids=SHIPPED_ROLES)
def test_every_shipped_role_gets_a_checklist(engine: Engine, role_id: str) -> None:
    base = engine.base
    role = base.roles[role_id]
    reply = engine.handle(onboard(f"onboard {role.aliases[0]}"))
    assert reply.kind is ReplyKind.ANSWER
    assert (reply.provenance.intent, reply.provenance.entry) == ("onboard", role_id)
    assert reply.title == f"Onboarding checklist: {role.name}"
    body = reply.body
    owned = [s for s in base.stages.values() if role_id in s.owners and s.part_of is None]
    assert owned and all(stage.name.casefold() in body.casefold() for stage in owned)
    assert base.tools[role.tools[0]].name in body  # tools to set up
    assert all(base.roles[peer].plural in body for peer in role.collaborates_with)
    questions = newcomer_questions(base, role)
    assert questions and all(entry.title in body for entry in questions)
    assert len(body) < BODY_LIMIT and len(reply.suggestions) <= SUGGESTION_LIMIT
    assert reply.suggestions[0].query == "tour"
    for offered in reply.suggestions[1:]:  # the listed questions answer from their entries
        answer = engine.handle(Message(offered.query, ConversationKey("test", offered.query)))
        assert answer.provenance.entry in {e.id for e in questions}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("onboard mle", MessageKind.COMMAND),
        ("onboard ML enginer", MessageKind.COMMAND),  # typos forgiven, like `role`
        ("onboard mle", MessageKind.QUESTION),  # typed as chat, or a clicked suggestion
    ],
    ids=["alias", "typo", "as-chat"],
)
def test_onboard_finds_the_role(engine: Engine, text: str, kind: MessageKind) -> None:
    reply = engine.handle(onboard(text, kind))
    assert (reply.provenance.intent, reply.provenance.entry) == ("onboard", "ml-engineer")


def test_an_unknown_role_gets_did_you_mean(engine: Engine) -> None:
    reply = engine.handle(onboard("onboard scientst"))
    assert reply.kind is ReplyKind.USAGE and reply.visibility is Visibility.PRIVATE
    assert "I don't know the role `scientst`. Did you mean Data scientist?" in reply.body
    assert "`/onboard <role>`" in reply.body
    fix = next(s for s in reply.suggestions if s.label == "Data scientist")
    assert fix.query == "onboard data-scientist"
    assert engine.handle(onboard(fix.query)).provenance.entry == "data-scientist"


def test_onboard_without_a_role_lists_the_roles(engine: Engine) -> None:
    reply = engine.handle(onboard("onboard"))
    assert reply.kind is ReplyKind.USAGE
    assert "Which role? I know: Data scientist, ML engineer" in reply.body


def test_without_a_curated_list_the_questions_naming_the_role_come_first(
    shipped: KnowledgeBase,
) -> None:
    role = shipped.roles["mlops-engineer"]._replace(newcomer_questions=())
    picked = newcomer_questions(shipped, role)
    assert picked and all(entry.roles[0] == "mlops-engineer" for entry in picked)
    assert [len(e.roles) for e in picked] == sorted(len(e.roles) for e in picked)
