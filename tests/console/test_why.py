"""`rolebot chat --why`: each reply says where it came from, only when asked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from adapters.console.render import render
from bot import Bot
from bot.message import ConversationKey, Message, MessageKind

ROLEBOT = [sys.executable, "-m", "adapters.cli", "chat"]
QUESTIONS = "who owns deployment?\nis mle entry level\nhi\n"


def chat(args: list[str], cwd: Path) -> str:
    done = subprocess.run(
        [*ROLEBOT, *args], input=QUESTIONS, capture_output=True, text=True, cwd=cwd, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_piped_replies_say_their_source_only_with_why(tmp_path: Path) -> None:
    sources = [line for line in chat(["--why"], tmp_path).splitlines() if line.startswith("Source")]
    said = [line.rpartition(" · score ") for line in sources]
    assert [where for where, _, _ in said] == [
        "Source: entry deployment · matched: 'who owns {stage}'; stage 'Deployment'",
        "Source: entry mle-entry-level · matched: is MLE entry level?",
        "Source: intent greeting",
    ]
    scores = [float(score) for _, _, score in said]
    # The fitted acceptor's probability, then a phrasing typed word for word and a greeting.
    assert scores[0] >= 0.9 and scores[1:] == [1.0, 1.0]
    assert "Source:" not in chat([], tmp_path)


@pytest.mark.parametrize("colour", [True, False], ids=["colour", "no-colour"])
def test_at_a_terminal_the_source_is_last_and_dim(core: Bot, colour: bool) -> None:
    key = ConversationKey(platform="console", channel="terminal")
    reply = core.respond(Message("who owns deployment?", key, MessageKind.QUESTION)).reply
    last = render(reply, colour=colour, width=100, why=True).splitlines()[-1]
    assert last.startswith("\x1b[2;3mSource: entry deployment")
