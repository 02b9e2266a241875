"""ROLEBOT_HISTORY is read by the one settings loader, like every other setting."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from adapters.settings.check import check
from adapters.settings.load import load

STATE = "/state"
DEFAULT = Path(STATE) / "rolebot" / "history"

HISTORY = {
    "default-under-xdg-state": ({}, DEFAULT),
    "blank-is-not-set": ({"ROLEBOT_HISTORY": "  "}, DEFAULT),
    "off": ({"ROLEBOT_HISTORY": "off"}, None),
    "OFF-any-case": ({"ROLEBOT_HISTORY": "OFF"}, None),
    "a-file": ({"ROLEBOT_HISTORY": "/elsewhere/lines"}, Path("/elsewhere/lines")),
    "home": ({"ROLEBOT_HISTORY": "~/lines"}, Path.home() / "lines"),
}


@pytest.mark.parametrize(("environ", "expected"), list(HISTORY.values()), ids=list(HISTORY))
def test_where_the_history_is_kept(environ: dict[str, str], expected: Path | None) -> None:
    assert load({"XDG_STATE_HOME": STATE, **environ}).history() == expected


def test_a_history_in_the_config_file_is_relative_to_it(tmp_path: Path) -> None:
    file = tmp_path / "rolebot.toml"
    file.write_text('history = "lines"\n', encoding="utf-8")
    assert load({}, str(file)).history() == tmp_path / "lines"


def test_config_check_shows_the_history_and_where_it_came_from() -> None:
    out = io.StringIO()
    check(load({"XDG_STATE_HOME": STATE}), [], out)
    line = next(x for x in out.getvalue().splitlines() if "ROLEBOT_HISTORY" in x)
    assert line.split() == ["ROLEBOT_HISTORY", str(DEFAULT), "[default]"]
