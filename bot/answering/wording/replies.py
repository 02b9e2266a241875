"""The wording of rolebot's own replies: help, small talk, declines, clarifications, usage.

Answers from the knowledge are worded in `answers`, the tour in `tour`, checklists in
`checklist`; what to say when is decided in `bot.answering.deciding`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from bot import commands
from bot.answering.wording.answers import in_sentence, suggestion, with_article
from bot.commands import Verb
from bot.kb.base import KnowledgeBase
from bot.kb.records import EntityKind, Role, Stage
from bot.reply import SUGGESTION_LIMIT, Label, Provenance, Reply, ReplyKind, Suggestion, Visibility
from bot.understanding.lexicon import EntityRef
from bot.understanding.text import verbatim

DECLINE_SUGGESTIONS = 3  # guesses and ideas a decline offers
DONT_KNOW = "I don't know that one"
NOT_SURE = "Not sure I follow"
HOW_TO = "I can't help with how-to questions"
STARTER_QUESTIONS = (
    "Who owns deployment?",
    "ML engineer vs data scientist",
    "Which tools does a data scientist use?",
    "Is ML engineering an entry-level job?",
)
# The problem a usage reply names, per malformed command.
ASK_WHAT = "What would you like to ask?"
TOUR_MOVES = "The tour goes to the next step, back, or stops."
COMPARE_HOW_MANY = "Name two or three roles to compare."


def home(welcome: Reply) -> Reply:
    """A start page (Slack's App Home): the welcome, with quick questions beside the tour."""
    quick = tuple(suggestion(q) for q in STARTER_QUESTIONS)
    return replace(
        welcome,
        body=welcome.body + "\nOr start with one of these questions.",
        provenance=Provenance(intent=Label.HOME, score=1.0),
        suggestions=(welcome.suggestions + quick)[:SUGGESTION_LIMIT],
    )


def thanks(question: str) -> Reply:
    """The answer to a thank-you."""
    return Reply(
        ReplyKind.HELP,
        "You're welcome",
        "Happy to help. Ask me anything else about data and ML roles.",
        Provenance(intent=Label.SMALLTALK, score=1.0),
        question=question,
    )


def nothing_to_answer(question: str) -> Reply:
    """A gentle nudge when nothing was asked (an empty line, only an emoji)."""
    return Reply(
        ReplyKind.DECLINE,
        "Ask me about data and ML roles",
        "I didn't catch a question there. Try one of these, or say `help`.",
        Provenance(intent=Label.EMPTY),
        suggestions=tuple(suggestion(q) for q in STARTER_QUESTIONS[:3]),
        visibility=Visibility.PRIVATE,
        question=question,
    )


def decline(
    base: KnowledgeBase,
    question: str,
    named: Sequence[EntityRef],
    nearest: str,
    score: float,
    guesses: Sequence[Suggestion] = (),
    how_to: bool = False,
) -> Reply:
    """A decline: "Not sure I follow" with the best guesses at what was meant when there are
    any, else "I don't know that one", or for a message asking how to work a tool (`how_to`)
    that rolebot answers who uses it, not how; questions about what the message named and
    starter questions fill the rest of its suggestions."""
    ideas = list(guesses)
    for entity in named[:2]:
        if entity.kind is EntityKind.ROLE:
            name = with_article(base.roles[entity.id].name)
            ideas.append(suggestion(f"What does {name} do?"))
        elif entity.kind is EntityKind.STAGE:
            ideas.append(suggestion(f"Who owns {in_sentence(base.stages[entity.id].name)}?"))
        else:
            ideas.append(suggestion(f"Who uses {base.tools[entity.id].name}?"))
    ideas += [suggestion(q) for q in STARTER_QUESTIONS]
    picks: dict[str, Suggestion] = {}
    for idea in ideas:
        picks.setdefault(idea.label, idea)
    if guesses:
        title = NOT_SURE
        body = "I couldn't match that to one answer for sure. Did you mean one of these?"
    elif how_to:
        title = HOW_TO
        body = (
            "I can't help with using a tool itself. I answer questions about data and ML roles, "
            "such as who on a team uses it and what for. Here are a few things I can help with."
        )
    else:
        title = DONT_KNOW
        body = (
            "I answer questions about data and ML roles: what each role does, who owns each "
            "stage of the ML lifecycle, tools, skills, careers and hiring. Here are a few "
            "things I can help with."
        )
    return Reply(
        ReplyKind.DECLINE,
        title,
        body,
        Provenance(
            intent=Label.DECLINE,
            entry=None,
            matched=nearest,
            score=score,
        ),
        suggestions=tuple(picks.values())[:DECLINE_SUGGESTIONS],
        question=question,
    )


def clarify(question: str, options: Sequence[Suggestion], nearest: str, score: float) -> Reply:
    """ "Which one did you mean?", with the close answers as buttons."""
    return Reply(
        ReplyKind.CLARIFY,
        "Which one did you mean?",
        "A few answers fit your question. Pick the one you meant:",
        Provenance(intent=Label.CLARIFY, entry=None, matched=nearest, score=score),
        suggestions=tuple(options[:SUGGESTION_LIMIT]),
        question=question,
    )


def with_offers(reply: Reply, offers: Sequence[Suggestion]) -> Reply:
    """An answer with other answers the question may have wanted (a close second, the second
    question of a message) offered first among its suggestions."""
    if not offers:
        return reply
    seen = {s.label for s in offers}
    rest = tuple(s for s in reply.suggestions if s.label not in seen)
    return replace(reply, suggestions=(*offers, *rest)[:SUGGESTION_LIMIT])


def help_reply(question: str = "", *, greeting: bool = False, platform: str = "") -> Reply:
    """How to use rolebot, with starter questions."""
    verbs = "\n".join(f"- {commands.usage(v, platform)}" for v in Verb if v is not Verb.ASK)
    intro = "Hi! I'm rolebot. " if greeting else ""
    body = (
        f"{intro}Ask me about data and ML roles in plain words: who owns a lifecycle stage, "
        "which tools or skills a role needs, how two roles differ, careers and hiring.\n"
        f"**Commands:**\n{verbs}"
    )
    return Reply(
        ReplyKind.HELP,
        "How to use rolebot",
        body,
        Provenance(intent=Label.GREETING if greeting else Label.HELP, score=1.0),
        suggestions=tuple(suggestion(q) for q in STARTER_QUESTIONS),
        visibility=Visibility.PRIVATE,
        question=question,
    )


def usage(verb: Verb, platform: str, problem: str) -> Reply:
    """What was wrong with a command, and its usage line as typed on `platform`."""
    return Reply(
        ReplyKind.USAGE,
        f"Usage: {verb.value}",
        f"{problem}\nUsage: {commands.usage(verb, platform)}",
        Provenance(intent=Label.USAGE, entry=verb.value),
        visibility=Visibility.PRIVATE,
    )


def compare_with_another(role: Role) -> str:
    """The problem with a comparison that names one role."""
    return f"Name another role to compare with {role.name}."


def unknown_name(
    verb: Verb,
    kind: EntityKind,
    name: str,
    platform: str,
    rest: str,
    items: Mapping[str, Role] | Mapping[str, Stage],
    guesses: Sequence[str],
) -> Reply:
    """A command naming a role or stage rolebot does not know (or none): the ones it knows, or
    "did you mean" with the `guesses` (ids) as buttons that rerun the command with the fix."""
    if not name:
        problem = f"Which {kind}? I know: " + ", ".join(i.name for i in items.values()) + "."
    else:
        problem = f"I don't know the {kind} {verbatim(name)}."
        if guesses:
            problem += " Did you mean " + " or ".join(items[i].name for i in guesses) + "?"
    reply = usage(verb, platform, problem)
    fixes = [
        (items[i].name, f"{verb.value} {rest.replace(name, i)}" if name else "") for i in guesses
    ]
    return Reply(
        reply.kind,
        reply.title,
        reply.body,
        reply.provenance,
        suggestions=tuple(suggestion(label, query) for label, query in fixes),
        visibility=reply.visibility,
        question=name,
    )
