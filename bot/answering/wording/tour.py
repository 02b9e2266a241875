"""The wording of the tour: its steps, buttons and notes, and the welcome a newcomer gets.

Where each user is in the tour is kept by `bot.onboarding.tour`; this module only says it.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.answering.wording.answers import suggestion
from bot.answering.wording.sections import section
from bot.commands import typed
from bot.kb.base import KnowledgeBase
from bot.kb.records import TourStep
from bot.reply import SUGGESTION_LIMIT, Label, Provenance, Reply, ReplyKind, Suggestion, Visibility

# The queries the tour's buttons send; the grammar reads them like anything typed.
NEXT_QUERY, BACK_QUERY, STOP_QUERY, START_QUERY = "tour next", "tour back", "tour stop", "tour"
RESUMED = "Welcome back: picking up where you left off."


def step(
    base: KnowledgeBase,
    steps: Sequence[TourStep],
    index: int,
    platform: str,
    question: str = "",
    *,
    resumed: bool = False,
) -> Reply:
    """The reply showing step `index` (0-based) with its Back / Next / Stop buttons."""
    shown = steps[index]
    parts = [RESUMED] if resumed else []
    parts += [shown.text, section(base, shown, platform)]
    return Reply(
        ReplyKind.TOUR,
        f"Tour {index + 1}/{len(steps)}: {shown.title}",
        "\n".join(part for part in parts if part),
        Provenance(intent=Label.TOUR, entry=shown.id, score=1.0),
        suggestions=_buttons(index, len(steps), shown),
        visibility=Visibility.PRIVATE,
        question=question,
    )


def _buttons(index: int, total: int, shown: TourStep) -> tuple[Suggestion, ...]:
    buttons = [suggestion("Back", BACK_QUERY, in_place=True)] if index > 0 else []
    if index == total - 1:
        buttons.append(suggestion("Finish", STOP_QUERY, in_place=True))
    else:
        buttons += [
            suggestion("Next", NEXT_QUERY, in_place=True),
            suggestion("Stop", STOP_QUERY, in_place=True),
        ]
    if shown.show == "asking":  # the examples can be tried right away
        buttons += [suggestion(example) for example in shown.examples]
    return tuple(buttons[:SUGGESTION_LIMIT])


def no_tour(question: str) -> Reply:
    """For knowledge without tour steps."""
    return _note("No tour yet", "This knowledge has no tour steps.", (), question)


def none_under_way(platform: str, question: str) -> Reply:
    """ "Stop" when no tour is under way."""
    return _note(
        "No tour under way",
        f"Start one any time with {typed('tour', platform)}.",
        (suggestion("Start the tour", START_QUERY),),
        question,
    )


def stopped(at: int, total: int, platform: str, question: str) -> Reply:
    """The tour stopped at step `at` (0-based) of `total`."""
    return _note(
        "Tour stopped",
        f"You stopped at step {at + 1} of {total}. Take the tour again "
        f"any time with {typed('tour', platform)}.",
        (suggestion("Start the tour again", START_QUERY),),
        question,
    )


def finished(base: KnowledgeBase, platform: str, question: str) -> Reply:
    """The end of the tour, with checklists for each role."""
    roles = list(base.roles.values())
    body = "You have seen the whole tour. "
    if roles:
        body += (
            "Next, get a checklist for your own role with "
            f"{typed('onboard <role>', platform)}, or simply ask me a question."
        )
    else:
        body += "Ask me a question any time."
    checklists = tuple(
        suggestion(f"Checklist: {role.name}", f"onboard {role.id}")
        for role in roles[:SUGGESTION_LIMIT]
    )
    return _note("That's the tour", body, checklists, question)


def welcome(base: KnowledgeBase, steps: int, platform: str) -> Reply:
    """The short welcome a newcomer gets, with a button that starts the tour."""
    name = base.team_name
    body = (
        "I'm rolebot. I answer questions about who does what on a data and ML team: the "
        "roles, who owns each stage of a project, the tools, and whom to ask here."
    )
    buttons: tuple[Suggestion, ...] = ()
    if steps:
        body += (
            f"\nA short tour of {steps} steps is the quickest way in; it takes a "
            "couple of minutes and you can stop any time."
        )
        buttons = (suggestion("Start the tour", START_QUERY),)
    example = next(iter(base.roles.values()), None)
    if example is not None:
        alias = (example.aliases[0] if example.aliases else example.id).casefold()
        body += (
            f"\nIf you know your role, {typed('onboard <role>', platform)} gives you a "
            f"checklist, for example {typed(f'onboard {alias}', platform)}."
        )
    return Reply(
        ReplyKind.TOUR,
        f"Welcome to {name}!" if name else "Welcome!",
        body,
        Provenance(intent=Label.WELCOME, score=1.0),
        suggestions=buttons,
        visibility=Visibility.PRIVATE,
    )


def _note(title: str, body: str, suggestions: tuple[Suggestion, ...], question: str) -> Reply:
    return Reply(
        ReplyKind.TOUR,
        title,
        body,
        Provenance(intent=Label.TOUR, score=1.0),
        suggestions=suggestions,
        visibility=Visibility.PRIVATE,
        question=question,
    )
