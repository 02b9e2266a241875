"""Answers sized for a chat window: the first screen now, the rest one `more` away.

A chat shows about eight lines of an answer before it scrolls; an answer longer than that
shows its first lines (whole lines, or a paragraph's first whole sentences) and offers the
rest behind a "More" button, which sends `more` in the same conversation.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from bot.reply import Label, Provenance, Reply, ReplyKind, Suggestion
from bot.understanding.text import tokens

CHAT_LINES = 8  # lines of an answer a chat window shows before it scrolls (issue 12)
LINE_WIDTH = 90  # characters a chat line holds, about, on Slack and Discord at desktop width
MORE_QUERY = "more"
MORE = Suggestion("More", MORE_QUERY)
MORE_ASKED = frozenset(
    {
        ("more",),
        ("tell", "me", "more"),
        ("show", "more"),
        ("more", "please"),
        ("show", "me", "more"),
    }
)
WHY_ASKED = frozenset(
    {
        ("why",),
        ("why", "that"),
        ("why", "this"),
        ("why", "that", "answer"),
        ("why", "this", "answer"),
        ("why", "did", "you", "say", "that"),
        ("how", "did", "you", "get", "that"),
        ("where", "did", "that", "come", "from"),
    }
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True, slots=True)
class Page:
    """An answer's first screen and what is left for `more`."""

    shown: str
    rest: str


def asks_for_more(text: str) -> bool:
    """Whether a turn asks for the rest of the last answer ("more", "tell me more")."""
    return tuple(tokens(text)) in MORE_ASKED


def asks_why(text: str) -> bool:
    """Whether a turn asks where the last answer came from ("why?", "why that answer")."""
    return tuple(tokens(text)) in WHY_ASKED


def _rows(line: str) -> int:
    return max(1, math.ceil(len(line) / LINE_WIDTH))


def first_screen(body: str) -> Page:
    """`body` cut after the lines (or a paragraph's whole sentences) that fit one screen."""
    lines = body.split("\n")
    shown: list[str] = []
    used = 0
    for number, line in enumerate(lines):
        if used + _rows(line) <= CHAT_LINES:
            shown.append(line)
            used += _rows(line)
            continue
        rest = lines[number:]
        sentences = _SENTENCE_END.split(line) if not line.startswith("- ") else [line]
        taken: list[str] = []
        while len(taken) < len(sentences) - 1:
            if used + _rows(" ".join([*taken, sentences[len(taken)]])) > CHAT_LINES:
                break
            taken.append(sentences[len(taken)])
        if taken:
            shown.append(" ".join(taken))
            rest = [" ".join(sentences[len(taken) :]), *lines[number + 1 :]]
        # A heading ("**Responsibilities:**") goes with the lines it introduces.
        while shown and shown[-1].rstrip().endswith((":", ":**")):
            rest.insert(0, shown.pop())
        if not shown:  # one line longer than a screen, with no sentence that fits: cut it
            return _cut_line(rest)
        return Page("\n".join(shown).strip(), "\n".join(rest).strip())
    return Page(body, "")


def _cut_line(lines: list[str]) -> Page:
    """The first line's first screen, between words where it has spaces."""
    budget = CHAT_LINES * LINE_WIDTH
    head = lines[0]
    cut = head.rfind(" ", 0, budget + 1)
    cut = cut if cut > budget // 2 else budget
    rest = [head[cut:].strip(), *lines[1:]]
    return Page(head[:cut].strip(), "\n".join(rest).strip())


def continuation(title: str, rest: str, last: Provenance | None, question: str) -> Reply:
    """The rest of the last answer, asked for with `more`."""
    if not rest:
        return Reply(
            ReplyKind.HELP,
            "That's all",
            "There is no more to show of the last answer. Ask me something else.",
            Provenance(intent=Label.MORE, score=1.0),
            question=question,
        )
    entry = last.entry if last is not None else None
    return Reply(
        ReplyKind.ANSWER,
        f"{title} (continued)",
        rest,
        Provenance(intent=Label.MORE, entry=entry, matched=MORE_QUERY, score=1.0),
        question=question,
    )


def why(last: Provenance | None, question: str) -> Reply:
    """Where the last answer came from: its entry, the phrasing that matched and the score."""
    if last is None:
        body = "I haven't answered anything in this conversation yet."
    else:
        lines = [f"**Answer:** {last.intent}" + (f" `{last.entry}`" if last.entry else "")]
        if last.matched:
            lines.append(f"**Matched:** {last.matched}")
        lines.append(f"**Score:** {max(0.0, min(1.0, last.score)):.0%}")
        body = "\n".join(lines)
    return Reply(
        ReplyKind.HELP,
        "Why I answered that",
        body,
        Provenance(intent=Label.WHY, entry=last.entry if last else None, score=1.0),
        question=question,
    )
