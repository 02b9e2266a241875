"""The interactive console driven through prompt_toolkit's own test helpers: keys go in through
a pipe input, the prompt draws to a dummy output, and what the console prints is read back."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.output import DummyOutput

from adapters.console.chat import run_interactive
from adapters.console.settings import ConsoleSettings, wants_colour
from adapters.settings.load import load
from bot import Bot
from tests.console.typist import typing

TAB, CTRL_C, CTRL_D, UP, ENTER = "\t", "\x03", "\x04", "\x1b[A", "\r"
COLOUR = re.compile(r"\x1b\[[0-9;]*3[0-7]m")  # an SGR sequence that sets a foreground colour


def console(core: Bot, keys: str, settings: ConsoleSettings) -> str:
    """What a person sees printed by one run of the console that is typed `keys`; a Tab is a
    burst of its own, as a person pauses around it, so completions run before and after it."""
    shown = io.StringIO()
    bursts = [burst for burst in re.split(f"({TAB})", keys) if burst]
    with typing(bursts) as typist, create_app_session(input=typist, output=DummyOutput()):
        run_interactive(core, shown, settings)
    return shown.getvalue()


def visible(text: str) -> str:
    """The text without its styles."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


@pytest.fixture
def plain() -> ConsoleSettings:
    return ConsoleSettings(colour=False, history=None)


def test_tab_completes_a_command_then_a_role(core: Bot, plain: ConsoleSettings) -> None:
    shown = visible(console(core, f"/ro{TAB}data sci{TAB}{ENTER}{CTRL_D}", plain))
    # `/ro` + Tab is `/role `, `data sci` + Tab picks Data scientist: the role's overview.
    assert "\nData scientist\n\nTurns business questions into analyses" in shown
    assert shown.endswith("bye\n")


def test_tab_twice_picks_the_second_offer(core: Bot, plain: ConsoleSettings) -> None:
    # `/compare ds m` offers ML engineer then MLOps engineer; a second Tab moves to MLOps.
    shown = visible(console(core, f"/compare ds m{TAB}{TAB}{ENTER}{CTRL_D}", plain))
    assert "Data scientist vs MLOps engineer" in shown


def test_ctrl_c_clears_the_line_and_the_console_carries_on(
    core: Bot, plain: ConsoleSettings
) -> None:
    shown = visible(
        console(core, f"who owns depl{CTRL_C}who owns monitoring?{ENTER}{CTRL_D}", plain)
    )
    assert "Who owns maintenance and monitoring?" in shown
    assert "Who owns deployment?" not in shown, "the cleared line was never asked"
    assert shown.endswith("bye\n"), "Ctrl-D left the console"


@pytest.mark.parametrize("leave", ["exit", "quit"], ids=["exit", "quit"])
def test_exit_leaves_and_later_lines_are_not_asked(
    core: Bot, plain: ConsoleSettings, leave: str
) -> None:
    shown = visible(console(core, f"{leave}{ENTER}who owns deployment?{ENTER}{CTRL_D}", plain))
    assert shown.endswith("bye\n") and "Who owns deployment?" not in shown


def test_history_is_kept_across_two_runs(core: Bot, tmp_path: Path) -> None:
    history = tmp_path / "state" / "rolebot" / "history"
    settings = ConsoleSettings(colour=False, history=history)
    console(core, f"/compare ds mle{ENTER}{CTRL_D}", settings)
    assert history.stat().st_mode & 0o777 == 0o600, "questions stay private to the user"
    # A new console: Up recalls the last run's line, Enter asks it again.
    again = visible(console(core, f"{UP}{ENTER}{CTRL_D}", settings))
    assert "Data scientist vs ML engineer" in again


def test_no_history_file_when_turned_off(core: Bot, tmp_path: Path) -> None:
    history = load({"ROLEBOT_HISTORY": "off", "XDG_STATE_HOME": str(tmp_path)}).history()
    assert history is None
    settings = ConsoleSettings(colour=False, history=history)
    console(core, f"/compare ds mle{ENTER}{CTRL_D}", settings)
    assert not any(tmp_path.rglob("*")), "nothing was written"
    # Up in a new console recalls nothing, so Enter sends an empty line and nothing is asked.
    assert "Data scientist vs ML engineer" not in console(core, f"{UP}{ENTER}{CTRL_D}", settings)


def test_an_unwritable_history_is_one_line_and_the_console_still_works(
    core: Bot, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    settings = ConsoleSettings(colour=False, history=blocker / "history")
    shown = visible(console(core, f"/compare ds mle{ENTER}{CTRL_D}", settings))
    first = shown.splitlines()[0]
    assert first.startswith("rolebot: not keeping history: cannot write ")
    assert "ROLEBOT_HISTORY" in first
    assert "Data scientist vs ML engineer" in shown


COLOUR_SETTINGS = {
    "default": ({}, False, True),
    "no-color-flag": ({}, True, False),
    "NO_COLOR": ({"NO_COLOR": "1"}, False, False),
    "empty-NO_COLOR-is-unset": ({"NO_COLOR": ""}, False, True),
    "dumb-terminal": ({"TERM": "dumb"}, False, False),
}


@pytest.mark.parametrize(
    ("environ", "no_color", "coloured"), list(COLOUR_SETTINGS.values()), ids=list(COLOUR_SETTINGS)
)
def test_colour_on_and_off(
    core: Bot, environ: dict[str, str], no_color: bool, coloured: bool
) -> None:
    settings = ConsoleSettings(colour=wants_colour(environ, no_color=no_color), history=None)
    shown = console(core, f"/compare ds mle{ENTER}{CTRL_D}", settings)
    assert bool(COLOUR.search(shown)) is coloured
    assert "\x1b[1m" in shown, "emphasis is not colour: bold stays either way"
    assert "Data scientist vs ML engineer" in visible(shown)


def test_the_greeting_and_help_list_the_commands_as_typed_here(
    core: Bot, plain: ConsoleSettings
) -> None:
    shown = visible(console(core, f"hi{ENTER}/help{ENTER}{CTRL_D}", plain))
    welcome, greeting, help_ = shown.split("How to use rolebot")
    assert "Commands: /compare /role /stage /tour /onboard /help" in welcome
    commands = re.compile(r"^• (/\S+)", re.MULTILINE)
    assert commands.findall(greeting) == commands.findall(help_)
    assert commands.findall(help_) == ["/compare", "/role", "/stage", "/tour", "/onboard", "/help"]


@pytest.fixture(autouse=True)
def no_terminal_colour_hints(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Settings come from the dict each test passes, never from the machine's environment."""
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    yield
