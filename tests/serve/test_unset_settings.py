"""The unconfigured fast path answers what the full loader answers, without pydantic-settings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from adapters.settings.load import BY_NAME, load
from adapters.settings.names import PREFIXES
from adapters.settings.unset import Defaults, configured


def test_every_setting_starts_with_a_prefix_the_fast_path_looks_for() -> None:
    assert [name for name in BY_NAME if not name.startswith(PREFIXES)] == []


def test_any_setting_or_config_file_needs_the_full_loader() -> None:
    assert not configured({})
    assert not configured({"HOME": "/home/x", "XDG_CACHE_HOME": "/c", "ROLEBOT_PORT": "  "})
    for name in BY_NAME:
        assert configured({name: "1"}), name
    assert configured({}, "rolebot.toml")


def test_defaults_match_the_full_loader_with_nothing_set(tmp_path: Path) -> None:
    environ = {"XDG_CACHE_HOME": str(tmp_path / "c"), "XDG_STATE_HOME": str(tmp_path / "s")}
    full = load(environ)
    fast = Defaults.from_environ(environ)
    assert fast.problems == full.problems == ()
    assert fast.knowledge_dirs() == full.knowledge_dirs()
    assert fast.cache_dir() == full.cache_dir() == tmp_path / "c" / "rolebot"
    assert fast.history() == full.history()
    assert fast.recording() == full.recording()
    db = tmp_path / "other.sqlite3"
    assert fast.recording(db) == full.recording(db)
    url = "postgresql://u@h/db"
    assert fast.recording(None, url) == full.recording(None, url)


def test_an_unconfigured_ask_does_not_import_pydantic_settings(tmp_path: Path) -> None:
    code = (
        "import contextlib, io, sys\n"
        "from adapters.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['ask', 'who owns deployment?']) == 0\n"
        "print(sorted(m for m in sys.modules if m.startswith('pydantic_settings')))\n"
    )
    environ = {"HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "c")}
    environ["XDG_STATE_HOME"] = str(tmp_path / "s")
    done = subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
