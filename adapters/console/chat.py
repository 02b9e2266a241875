"""`rolebot chat` and `rolebot ask`: the console loops, interactive or piped."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from adapters.console.core import ConversationKey, Core, Reply, Verb, typed
from adapters.console.render import render
from adapters.console.session import ConsoleSession, to_message
from adapters.console.settings import ConsoleSettings
from adapters.plaintext import to_json
from adapters.settings.names import HISTORY_ENV

if TYPE_CHECKING:
    from prompt_toolkit.history import History

QUIT_WORDS = frozenset({"quit", "exit", "/quit", "/exit", ":q"})
PROMPT = "you> "
KEYS = (
    "Tab completes; a number picks a suggestion; Ctrl-C clears the line; Ctrl-D or `exit` leaves."
)


def welcome() -> str:
    """The console's first words, in the reply markup; its commands come from the grammar."""
    verbs = " ".join(typed(verb.value, "console") for verb in Verb if verb is not Verb.ASK)
    return (
        "**rolebot:** ask about data and ML roles in plain words. New here? "
        f"{typed('tour', 'console')} or {typed('onboard <role>', 'console')}.\n"
        f"Commands: {verbs}\n{KEYS}"
    )


def _emit(
    reply: Reply,
    out: TextIO,
    *,
    as_json: bool,
    width: int | None,
    colour: bool,
    why: bool = False,
) -> None:
    if as_json:
        out.write(json.dumps(to_json(reply), ensure_ascii=False) + "\n")
    else:
        out.write(render(reply, colour=colour, width=width, why=why) + "\n\n")
    out.flush()


def run_lines(
    core: Core, lines: Iterable[str], out: TextIO, *, as_json: bool, why: bool = False
) -> None:
    """Piped chat: every line is one turn of one conversation, so context carries."""
    session = ConsoleSession(core)
    for line in lines:
        if line.strip().casefold() in QUIT_WORDS:
            break
        if line.strip():
            _emit(session.turn(line), out, as_json=as_json, width=None, colour=False, why=why)


def run_interactive(
    core: Core,
    out: TextIO,
    settings: ConsoleSettings,
    *,
    as_json: bool = False,
    why: bool = False,
) -> None:
    """Chat at a terminal: completion, history kept in `settings.history`, replies laid out to
    the terminal's width. Ctrl-C clears the line, as in a shell; Ctrl-D or `exit` leaves.

    The prompt reads and draws through prompt_toolkit's current app session, so tests can run
    it with a pipe input and a dummy output.
    """
    from prompt_toolkit import PromptSession  # only the interactive console needs it
    from prompt_toolkit.output import ColorDepth

    from adapters.console.completion import ConsoleCompleter

    prompt: PromptSession[str] = PromptSession(
        history=_history(settings.history, out),
        completer=ConsoleCompleter(core),
        complete_while_typing=True,
        color_depth=None if settings.colour else ColorDepth.MONOCHROME,
    )
    session = ConsoleSession(core)
    width = prompt.output.get_size().columns
    from adapters.console.styled import styled_text  # rich: only at a terminal

    out.write(styled_text(welcome(), width=width, colour=settings.colour) + "\n\n")
    while True:
        try:
            line = prompt.prompt(PROMPT)
        except KeyboardInterrupt:
            continue  # the line is dropped and a fresh prompt shown
        except EOFError:
            break
        if line.strip().casefold() in QUIT_WORDS:
            break
        if line.strip():
            width = prompt.output.get_size().columns  # the terminal may have been resized
            reply = session.turn(line)
            _emit(reply, out, as_json=as_json, width=width, colour=settings.colour, why=why)
    out.write("bye\n")


def _history(path: Path | None, out: TextIO) -> History:
    """The history file, created private to the user; in memory only when there is none or it
    cannot be written (said in one line)."""
    from prompt_toolkit.history import FileHistory, InMemoryHistory

    if path is None:
        return InMemoryHistory()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600, exist_ok=True)  # questions asked are nobody else's business
    except OSError as error:
        out.write(
            f"rolebot: not keeping history: cannot write {path} ({error.strerror}); "
            f"set {HISTORY_ENV} to another file, or to off for none\n"
        )
        return InMemoryHistory()
    return FileHistory(path)


def chat(core: Core, settings: ConsoleSettings, *, as_json: bool, why: bool = False) -> int:
    """`rolebot chat`: interactive at a terminal, line by line when stdin or stdout is piped.

    With `why`, each reply says where it came from (knowledge entry, what matched, score).
    """
    if sys.stdin.isatty() and sys.stdout.isatty():
        run_interactive(core, sys.stdout, settings, as_json=as_json, why=why)
    else:
        run_lines(core, sys.stdin, sys.stdout, as_json=as_json, why=why)
    return 0


def ask(core: Core, question: str, *, as_json: bool) -> int:
    """`rolebot ask`: one answer, or with ``-`` each stdin line answered on its own."""
    if question != "-":
        reply = core.respond(to_message(question)).reply
        _emit(reply, sys.stdout, as_json=as_json, width=None, colour=False)
        return 0
    for number, line in enumerate(sys.stdin):
        if line.strip():
            # A fresh conversation per line: lines are independent questions.
            key = ConversationKey(platform="console", channel="ask", thread=str(number))
            reply = core.respond(to_message(line, key)).reply
            _emit(reply, sys.stdout, as_json=as_json, width=None, colour=False)
    return 0
