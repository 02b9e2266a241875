"""`rolebot chat` in a real pseudo-terminal: the command line wires colour, history and keys
to the console as a person at a terminal meets them."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from collections.abc import Mapping
from pathlib import Path

import pytest

ROLEBOT = [sys.executable, "-m", "adapters.cli", "chat"]
ROWS, COLUMNS = 40, 100
CURSOR_QUERY, CURSOR_AT_TOP = b"\x1b[6n", b"\x1b[1;1R"  # prompt_toolkit asks where the cursor is
SGR = re.compile(rb"\x1b\[([0-9;]*)m")
COLOUR_CODES = {*range(30, 39), *range(40, 49), *range(90, 98), *range(100, 108)}
PROMPT = b"you>"  # as drawn: prompt_toolkit moves the cursor over the space after it
GIVE_UP = 60.0  # seconds without the expected text: the console is stuck, not slow


class Terminal:
    """A pseudo-terminal with `rolebot chat` running in it."""

    def __init__(self, args: list[str], environ: Mapping[str, str]) -> None:
        self.screen = b""
        self.seen = 0  # where the next `wait_for` starts looking
        self.main, self.sub = pty.openpty()
        fcntl.ioctl(self.sub, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self.process = subprocess.Popen(
            [*ROLEBOT, *args], stdin=self.sub, stdout=self.sub, stderr=self.sub, env=dict(environ)
        )

    def type(self, keys: str) -> None:
        os.write(self.main, keys.encode())

    def wait_for(self, text: bytes) -> None:
        """Read what the console draws until `text` appears after what was last waited for."""
        while (found := self.screen.find(text, self.seen)) < 0:
            if not self._read():
                pytest.fail(f"never saw {text!r}; the screen ends {self.screen[-300:]!r}")
        self.seen = found + len(text)

    def close(self) -> int:
        """Wait for the console to exit and return its exit status."""
        status = self.process.wait(timeout=GIVE_UP)
        os.close(self.main)
        os.close(self.sub)
        return status

    def _read(self) -> bool:
        ready, _, _ = select.select([self.main], [], [], GIVE_UP)
        if not ready:
            return False
        data = os.read(self.main, 65536)
        if CURSOR_QUERY in data:
            self.type(CURSOR_AT_TOP.decode())
        self.screen += data
        return bool(data)


def coloured(screen: bytes) -> bool:
    """Whether anything on the screen was given a colour (of 16, 256 or true colours)."""
    return any(
        int(code) in COLOUR_CODES
        for params in SGR.findall(screen)
        for code in params.split(b";")
        if code
    )


def chat(args: list[str], environ: Mapping[str, str]) -> tuple[bytes, int]:
    """A short conversation: the greeting, one comparison, then Ctrl-D."""
    terminal = Terminal(args, environ)
    try:
        terminal.wait_for(PROMPT)
        terminal.type("/compare ds mle\r")
        terminal.wait_for(b"Kubernetes")
        terminal.wait_for(PROMPT)
        terminal.type("\x04")
        terminal.wait_for(b"bye")
        return terminal.screen, terminal.close()
    finally:
        if terminal.process.poll() is None:  # stuck: do not leave it behind
            terminal.process.kill()
            terminal.process.wait()


@pytest.fixture
def environ(tmp_path: Path) -> dict[str, str]:
    keep = {"PATH", "HOME", "LANG", "PYTHONPATH"}
    return {
        **{k: v for k, v in os.environ.items() if k in keep},
        "TERM": "xterm-256color",
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }


def test_a_terminal_gets_colour_and_keeps_the_history(environ: dict[str, str]) -> None:
    screen, status = chat([], environ)
    assert status == 0
    assert coloured(screen), "the title is in colour"
    history = Path(environ["XDG_STATE_HOME"]) / "rolebot" / "history"
    assert "/compare ds mle" in history.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "extra"),
    [(["--no-color"], {}), ([], {"NO_COLOR": "1"})],
    ids=["--no-color", "NO_COLOR"],
)
def test_no_colour_when_asked(
    environ: dict[str, str], args: list[str], extra: dict[str, str]
) -> None:
    screen, status = chat(args, {**environ, **extra})
    assert status == 0 and b"Data scientist vs ML engineer" in screen
    assert not coloured(screen), "neither the replies nor the prompt's menu has colour"


def test_rolebot_history_off_keeps_none(environ: dict[str, str]) -> None:
    _, status = chat([], {**environ, "ROLEBOT_HISTORY": "off"})
    assert status == 0
    assert not (Path(environ["XDG_STATE_HOME"]) / "rolebot").exists()
