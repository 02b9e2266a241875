"""`rolebot chat` and `rolebot ask`: the console loops, interactive or piped."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterable
from typing import TextIO

from adapters.console.render import render
from adapters.console.session import ConsoleSession, to_message
from adapters.plaintext import to_json
from bot.core import Core
from bot.message import ConversationKey
from bot.reply import Reply

QUIT_WORDS = frozenset({"quit", "exit", "/quit", "/exit", ":q"})
WELCOME = (
    "rolebot: ask about data and ML roles. New here? /tour (then next, back, stop) or "
    "/onboard <role>. /help for commands, a number to pick a suggestion, quit to leave."
)


def _emit(reply: Reply, out: TextIO, *, as_json: bool, colour: bool) -> None:
    if as_json:
        out.write(json.dumps(to_json(reply), ensure_ascii=False) + "\n")
    else:
        # Interactive output is wrapped to the terminal; piped output is left for the reader.
        width = shutil.get_terminal_size().columns if colour else None
        out.write(render(reply, colour=colour, width=width) + "\n\n")
    out.flush()


def run_lines(core: Core, lines: Iterable[str], out: TextIO, *, as_json: bool) -> None:
    """Piped chat: every line is one turn of one conversation, so context carries."""
    session = ConsoleSession(core)
    for line in lines:
        if line.strip().casefold() in QUIT_WORDS:
            break
        if line.strip():
            _emit(session.turn(line), out, as_json=as_json, colour=False)


def run_interactive(core: Core, out: TextIO, *, as_json: bool) -> None:
    """Chat at a terminal with line editing and history."""
    from prompt_toolkit import PromptSession  # only the interactive console needs it
    from prompt_toolkit.history import InMemoryHistory

    prompt: PromptSession[str] = PromptSession(history=InMemoryHistory())
    session = ConsoleSession(core)
    out.write(WELCOME + "\n\n")
    while True:
        try:
            line = prompt.prompt("you> ")
        except (EOFError, KeyboardInterrupt):
            out.write("bye\n")
            return
        if line.strip().casefold() in QUIT_WORDS:
            out.write("bye\n")
            return
        if line.strip():
            _emit(session.turn(line), out, as_json=as_json, colour=not as_json)


def chat(core: Core, *, as_json: bool) -> int:
    """`rolebot chat`: interactive at a terminal, line by line when stdin is piped."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        run_interactive(core, sys.stdout, as_json=as_json)
    else:
        run_lines(core, sys.stdin, sys.stdout, as_json=as_json)
    return 0


def ask(core: Core, question: str, *, as_json: bool) -> int:
    """`rolebot ask`: one answer, or with ``-`` each stdin line answered on its own."""
    if question != "-":
        _emit(core.respond(to_message(question)).reply, sys.stdout, as_json=as_json, colour=False)
        return 0
    for number, line in enumerate(sys.stdin):
        if line.strip():
            # A fresh conversation per line: lines are independent questions.
            key = ConversationKey(platform="console", channel="ask", thread=str(number))
            _emit(
                core.respond(to_message(line, key)).reply, sys.stdout, as_json=as_json, colour=False
            )
    return 0
