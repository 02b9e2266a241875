"""Curating in Slack: what the desk returns as Block Kit, and clicks as desk requests.

`/roles curate` shows each waiting question as a section and a row of controls: a button that
adds it to the suggested entry, a select of other entries, and Ignore. The Teach button under
an "I don't know" a curator gets (`render.render`) opens the same row for that question.
Everything goes to the clicker alone (ephemeral, through the response_url); the desk decides
and words everything.
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)

from adapters.curating.desk import CURATE, Outcome, Pending
from adapters.curating.requests import Act, Request, control_id, parse
from adapters.slack_app.inbound import Payload
from adapters.slack_app.mrkdwn import clip, escape
from adapters.slack_app.render import (
    BUTTON_TEXT_LIMIT,
    HEADER_TEXT_LIMIT,
    MESSAGE_TEXT_LIMIT,
    SECTION_TEXT_LIMIT,
    SlackMessage,
)

SELECT_OPTIONS_LIMIT = 100  # options in a static select (Block Kit reference)
OPTION_TEXT_LIMIT = 75  # an option's text
QUEUE_TITLE = "Unanswered questions"
QUEUE_HINT = (
    "The most asked in the last 30 days. Add each to the entry that answers it, choose "
    "another entry, or ignore it; rolebot answers with it at once."
)
PROMPT_TITLE = "Teach rolebot this question"


def _describe(pending: Pending) -> str:
    lines = [f"*{pending.asked}x*  {escape(pending.question)}"]
    if pending.wordings:
        lines.append(f"also asked as: {escape(' | '.join(pending.wordings))}")
    if pending.suggested is not None:
        score = f", score {pending.score:.2f}" if pending.score is not None else ""
        suggested = pending.suggested
        lines.append(f"suggested: *{escape(suggested.title)}* (`{suggested.entry}`{score})")
    else:
        lines.append("no entry is close: choose one, or write one with `rolebot teach --new`")
    return clip("\n".join(lines), SECTION_TEXT_LIMIT)


def _controls(pending: Pending) -> ActionsBlock:
    subject = pending.subject
    elements: list[ButtonElement | StaticSelectElement] = []
    if pending.suggested is not None:
        entry = pending.suggested.entry
        elements.append(
            ButtonElement(
                text=PlainTextObject(
                    text=clip(escape(f"Add to {pending.suggested.title}"), BUTTON_TEXT_LIMIT)
                ),
                action_id=control_id(Act.TEACH, subject, entry),
                value=entry,
                style="primary",
            )
        )
    if pending.choices:
        elements.append(
            StaticSelectElement(
                placeholder=PlainTextObject(text="Choose another entry"),
                action_id=control_id(Act.PICK, subject),
                options=[
                    Option(
                        text=PlainTextObject(text=clip(escape(c.title), OPTION_TEXT_LIMIT)),
                        value=c.entry,
                    )
                    for c in pending.choices[:SELECT_OPTIONS_LIMIT]
                ],
            )
        )
    elements.append(
        ButtonElement(
            text=PlainTextObject(text="Ignore"),
            action_id=control_id(Act.IGNORE, subject),
            value="ignore",
        )
    )
    return ActionsBlock(block_id=f"rolebot:curate:{subject}", elements=elements)


def _pending_blocks(pending: Pending) -> list[Block]:
    text = MarkdownTextObject(text=_describe(pending), verbatim=True)
    return [SectionBlock(text=text), _controls(pending)]


def queue_message(queue: Sequence[Pending]) -> SlackMessage:
    """`/roles curate`: the waiting questions, each with its controls (the desk shows at most
    a handful: well within a message's 50 blocks)."""
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=clip(QUEUE_TITLE, HEADER_TEXT_LIMIT))),
        ContextBlock(elements=[PlainTextObject(text=QUEUE_HINT)]),
    ]
    for pending in queue:
        blocks.extend(_pending_blocks(pending))
    questions = ", ".join(f"\u201c{p.question}\u201d" for p in queue)
    return SlackMessage.of(clip(escape(f"{QUEUE_TITLE}: {questions}"), MESSAGE_TEXT_LIMIT), blocks)


def prompt_message(pending: Pending) -> SlackMessage:
    """A Teach click: the declined question with its controls."""
    header = HeaderBlock(text=PlainTextObject(text=PROMPT_TITLE))
    return SlackMessage.of(
        clip(escape(f"{PROMPT_TITLE}: {pending.question}"), MESSAGE_TEXT_LIMIT),
        [header, *_pending_blocks(pending)],
    )


def outcome_message(outcome: Outcome) -> SlackMessage:
    """What the desk says: done, refused, or why not."""
    text = clip(escape(outcome.text), SECTION_TEXT_LIMIT)
    return SlackMessage.of(text, [SectionBlock(text=MarkdownTextObject(text=text, verbatim=True))])


def shown(result: Sequence[Pending] | Pending | Outcome) -> SlackMessage:
    """Whatever the desk returned, as the one message to show the clicker."""
    if isinstance(result, Outcome):
        return outcome_message(result)
    if isinstance(result, Pending):
        return prompt_message(result)
    return queue_message(result)


def asked_to_curate(command: Payload) -> bool:
    """Whether a slash command is `/roles curate`."""
    return str(command.get("text") or "").strip().lower() == CURATE


def click_request(body: Payload) -> Request | None:
    """A click on a curating button or select as a desk request; None when it is not one
    rolebot made."""
    action = (body.get("actions") or [{}])[0]
    chosen = (action.get("selected_option") or {}).get("value")
    return parse(str(action.get("action_id") or ""), str(chosen) if chosen else None)
