"""A neutral reply as Slack messages: Block Kit from slack_sdk's models, within Slack's limits.

Rendering never sends. A reply is usually one message; a very long one is split over several so
that no message breaks a limit, and nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    RawTextObject,
    SectionBlock,
    TableBlock,
    TableBlockColumnSettings,
)

from adapters import plaintext
from adapters.chunks import split_text
from adapters.curating.requests import Act, answer_subject, control_id
from adapters.feedback import THANKS, label, offered
from adapters.slack_app import actions
from adapters.slack_app.mrkdwn import clip, escape, to_mrkdwn
from bot.feedback import Feedback
from bot.reply import Reply, Suggestion, Table

# Slack's limits (https://docs.slack.dev/reference/block-kit/blocks and the pages it links;
# slack_sdk's models check the same numbers). testkit/fixtures/slack/limits.json cites each one.
HEADER_TEXT_LIMIT = 150  # header block text
SECTION_TEXT_LIMIT = 3000  # section block text
BLOCKS_PER_MESSAGE = 50  # blocks in a message
ACTIONS_ELEMENTS_LIMIT = 25  # elements in an actions block
BUTTON_TEXT_LIMIT = 75  # button text
BUTTON_VALUE_LIMIT = 2000  # button value
TABLE_ROWS_LIMIT = 100  # table block rows
TABLE_COLUMNS_LIMIT = 20  # table block cells a row
# Slack's data table docs allow 10,000 characters across all table cells of a message; the
# table block docs give no figure, so the same one is assumed.
TABLE_TEXT_LIMIT = 10_000
MESSAGE_TEXT_LIMIT = 40_000  # Slack truncates a message's `text` above this
# bolt-js#2509 saw msg_blocks_too_long at about 13,200 characters of blocks, far under the
# documented limits; keeping each message's block text under this budget stays clear of it.
MESSAGE_BLOCK_TEXT_BUDGET = 12_000

TEACH_BLOCK_ID = "rolebot:teach"
TEACH_LABEL = "Teach rolebot this"  # under a curator's "I don't know" (see adapters.curating)
EMPTY_CELL = "-"  # a table cell must have at least one character
APOLOGY = "Sorry, something went wrong on my side and I couldn't answer. Please try again."


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """One message to post: the plain `text` Slack shows in notifications, and its blocks as
    slack_sdk's models serialised them.

    Serialising is where slack_sdk validates every block, the costliest part of rendering, so
    it happens once, where the message is made (off the event loop when answering).
    """

    text: str
    blocks: tuple[dict[str, Any], ...]

    @classmethod
    def of(cls, text: str, blocks: Iterable[Block]) -> SlackMessage:
        """A message of Block Kit models, validated and serialised now."""
        return cls(text, tuple(block.to_dict() for block in blocks))

    def to_dict(self) -> dict[str, Any]:
        """The message as chat.postMessage / response_url arguments."""
        return {"text": self.text, "blocks": list(self.blocks)}


def _header(title: str) -> tuple[Block, int]:
    text = clip(escape(plaintext.strip_markup(title)), HEADER_TEXT_LIMIT)
    return HeaderBlock(text=PlainTextObject(text=text)), len(text)


def _sections(body: str) -> list[tuple[Block, int]]:
    # verbatim: Slack must not auto-link names or mentions in text it did not get as markup.
    return [
        (SectionBlock(text=MarkdownTextObject(text=piece, verbatim=True)), len(piece))
        for piece in split_text(to_mrkdwn(body), SECTION_TEXT_LIMIT)
    ]


def _table(table: Table) -> tuple[Block, int]:
    rows = [table.header, *table.rows][:TABLE_ROWS_LIMIT]
    width = min(len(table.header), TABLE_COLUMNS_LIMIT)
    cell_limit = TABLE_TEXT_LIMIT // (len(rows) * width)
    cells = [
        [clip(escape(c.strip()), cell_limit) or EMPTY_CELL for c in row[:width]] for row in rows
    ]
    block = TableBlock(
        rows=[[RawTextObject(text=cell) for cell in row] for row in cells],
        column_settings=[TableBlockColumnSettings(is_wrapped=True)] * width,
    )
    return block, sum(len(cell) for row in cells for cell in row)


def _buttons(suggestions: Sequence[Suggestion]) -> tuple[Block, int]:
    labels = [clip(escape(s.label), BUTTON_TEXT_LIMIT) for s in suggestions]
    # The query is data, not shown: it comes back as the button's value when clicked.
    values = [s.query[:BUTTON_VALUE_LIMIT] for s in suggestions]
    kinds = [actions.MOVE if s.in_place else actions.SUGGEST for s in suggestions]
    block = ActionsBlock(
        block_id=actions.SUGGESTIONS_BLOCK_ID,
        elements=[
            ButtonElement(
                text=PlainTextObject(text=label),
                action_id=actions.action_id(kind, number),
                value=value,
            )
            for number, (label, value, kind) in enumerate(
                zip(labels, values, kinds, strict=True), start=1
            )
        ],
    )
    return block, sum(map(len, labels)) + sum(map(len, values))


def _votes(choices: Sequence[Feedback], answer_id: str) -> tuple[Block, int]:
    # Every button carries the answer id; the action id says which choice was clicked.
    block = ActionsBlock(
        block_id=actions.VOTES_BLOCK_ID,
        elements=[
            ButtonElement(
                text=PlainTextObject(text=label(choice)),
                action_id=actions.action_id(actions.VOTE, choice.value),
                value=answer_id,
            )
            for choice in choices
        ],
    )
    return block, sum(len(label(choice)) + len(answer_id) for choice in choices)


def _teach(answer_id: str) -> tuple[Block, int]:
    # Carries the answer id: the desk finds the question in the store's record of misses.
    block = ActionsBlock(
        block_id=TEACH_BLOCK_ID,
        elements=[
            ButtonElement(
                text=PlainTextObject(text=TEACH_LABEL),
                action_id=control_id(Act.OPEN, answer_subject(answer_id)),
                value=answer_id,
            )
        ],
    )
    return block, len(TEACH_LABEL) + len(answer_id)


def _blocks(reply: Reply, answer_id: str | None, teach: bool) -> list[tuple[Block, int]]:
    """Every block of a reply in order, each with the characters of text it carries."""
    out = [_header(reply.title), *_sections(reply.body)]
    if reply.table is not None and reply.table.header:
        out.append(_table(reply.table))
    if reply.suggestions:
        out.append(_buttons(reply.suggestions[:ACTIONS_ELEMENTS_LIMIT]))
    choices = offered(reply.kind)
    if answer_id is not None and choices:
        out.append(_votes(choices, answer_id))
    if answer_id is not None and teach:
        out.append(_teach(answer_id))
    return out


def _pack(sized: Iterable[tuple[Block, int]]) -> list[list[Block]]:
    """Blocks in order, grouped so each group fits one message's block count and text budget."""
    groups: list[list[Block]] = [[]]
    used = 0
    for block, size in sized:
        full = len(groups[-1]) >= BLOCKS_PER_MESSAGE or used + size > MESSAGE_BLOCK_TEXT_BUDGET
        if groups[-1] and full:
            groups.append([])
            used = 0
        groups[-1].append(block)
        used += size
    return groups


def render(
    reply: Reply, *, answer_id: str | None = None, teach: bool = False
) -> tuple[SlackMessage, ...]:
    """A reply as one or more Slack messages, in posting order; each within Slack's limits.

    The first message's `text` is the whole reply in plain text (for notifications and screen
    readers); a continuation's `text` names what it continues. With the reply's `answer_id`,
    answers and clarifications end with their feedback buttons (see `bot.feedback`), and with
    `teach` (a curator's "I don't know") a Teach button.
    """
    groups = _pack(_blocks(reply, answer_id, teach))
    full_text = clip(escape(plaintext.render(reply)), MESSAGE_TEXT_LIMIT)
    continued = clip(escape(f"{reply.title} (continued)"), MESSAGE_TEXT_LIMIT)
    return tuple(
        SlackMessage.of(full_text if number == 0 else continued, group)
        for number, group in enumerate(groups)
    )


def apology() -> tuple[SlackMessage, ...]:
    """The short message a user sees when rolebot failed to answer them."""
    return (SlackMessage.of(APOLOGY, [SectionBlock(text=MarkdownTextObject(text=APOLOGY))]),)


def thanks() -> tuple[SlackMessage, ...]:
    """The acknowledgement of a click on a feedback button."""
    return (SlackMessage.of(THANKS, [ContextBlock(elements=[PlainTextObject(text=THANKS)])]),)


def home_view(reply: Reply) -> dict[str, Any]:
    """A reply as an App Home tab (views.publish): its first message's blocks.

    A Home tab takes twice a message's blocks; a start page is far shorter than one message.
    """
    return {"type": "home", "blocks": list(render(reply)[0].blocks)}
