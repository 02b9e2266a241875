"""The console's settings, from the environment the CLI passes (tests pass a dict)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

HISTORY_ENV = "ROLEBOT_HISTORY"
HISTORY_NAME = "history"


@dataclass(frozen=True, slots=True)
class ConsoleSettings:
    """How the interactive console looks and what it keeps between runs."""

    colour: bool
    history: Path | None  # None: lines are remembered only until the console exits


def console_settings(environ: Mapping[str, str], *, no_color: bool = False) -> ConsoleSettings:
    """Colour unless ``--no-color``, a non-empty NO_COLOR or TERM=dumb; the history file at
    ROLEBOT_HISTORY (empty: none), else in the state folder beside rolebot's store."""
    colour = not no_color and not environ.get("NO_COLOR") and environ.get("TERM") != "dumb"
    configured = environ.get(HISTORY_ENV)
    if configured is None:
        history: Path | None = default_history_path(environ)
    else:
        history = Path(configured).expanduser() if configured.strip() else None
    return ConsoleSettings(colour=colour, history=history)


def default_history_path(environ: Mapping[str, str]) -> Path:
    """``$XDG_STATE_HOME/rolebot/history``, else ``~/.local/state/rolebot/history``."""
    state = environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "rolebot" / HISTORY_NAME
