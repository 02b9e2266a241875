"""What the interactive console is built with; `adapters.settings` reads ROLEBOT_HISTORY."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ConsoleSettings:
    """How the interactive console looks and what it keeps between runs."""

    colour: bool
    history: Path | None  # None: lines are remembered only until the console exits


def wants_colour(environ: Mapping[str, str], *, no_color: bool = False) -> bool:
    """Colour unless ``--no-color``, a non-empty NO_COLOR or TERM=dumb: conventions every
    terminal program shares, so they are read as they are rather than as rolebot settings."""
    return not no_color and not environ.get("NO_COLOR") and environ.get("TERM") != "dumb"
