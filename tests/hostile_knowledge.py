"""A catalogue of hostile knowledge files: what a typo, a paste or a prank can put in a team's
knowledge directory, each with the `file:line: message` rolebot must answer it with.

Used by tests/test_hostile_knowledge.py and bench/hostile_knowledge.py, which also share
`rolebot`, a runner that measures the child's own peak memory and caps its address space.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.kb.files import MAX_FILE_BYTES
from bot.kb.loader import MAX_SHOWN_PER_FILE
from bot.kb.yaml_lines import MAX_ALIASES, MAX_DEPTH, MAX_VALUES


@dataclass(frozen=True, slots=True)
class Hostile:
    """One hostile file: how to make it at a path, and the problem rolebot reports for it."""

    name: str
    make: Callable[[Path], object]
    line: int
    message: str  # the start of the first message after `file:line: `
    problems: int = 1  # how many lines rolebot reports for it

    def expected(self, path: Path) -> str:
        """The start of the problem line for the file at `path`."""
        return f"{path}:{self.line}: {self.message}"


def _text(text: str) -> Callable[[Path], object]:
    return lambda path: path.write_text(text, encoding="utf-8")


def _bytes(data: bytes) -> Callable[[Path], object]:
    return lambda path: path.write_bytes(data)


def _alias_bomb() -> str:
    """The issue's bomb: nine levels, each nine aliases of the level below (9**9 strings)."""
    levels = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    levels += [f"a{n}: &a{n} [{','.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    return "\n".join(levels) + "\n"


def _sparse(size: int) -> Callable[[Path], object]:
    def make(path: Path) -> None:
        with path.open("wb") as file:
            file.truncate(size)  # a hole: costs no disk, reads as zero bytes

    return make


def _mkdir(path: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text("not knowledge\n")


def _fifo(path: Path) -> None:
    os.mkfifo(path)  # reading it would wait forever for a writer


def _broken_link(path: Path) -> None:
    path.symlink_to(path.parent / "gone.yaml")


ONE_ENTRY = "faq:\n  - id: x\n"
CATALOGUE = (
    # 9**5 strings by the fifth line: past the bound there, long before 9**9.
    Hostile("alias-bomb", _text(_alias_bomb()), 5, f"more than {MAX_VALUES} values"),
    Hostile("self-reference", _text("faq: &loop [*loop]\n"), 1, "alias '*loop' is inside"),
    Hostile(
        "self-reference-in-entry",
        _text("faq:\n  - &entry\n    id: x\n    related: *entry\n"),
        4,
        "alias '*entry' is inside",
    ),
    Hostile(
        "deep-nesting",
        _text("faq: " + "[" * (MAX_DEPTH + 8) + "]" * (MAX_DEPTH + 8) + "\n"),
        1,
        f"nested more than {MAX_DEPTH} lists or mappings deep",
    ),
    Hostile(
        "very-deep-nesting", _text("faq: " + "[" * 100_000 + "\n"), 1, "malformed YAML: exceeded"
    ),
    Hostile(
        "too-many-values",
        _text("faq:\n" + "  - 1\n" * (MAX_VALUES + 10)),
        MAX_VALUES - 1,  # the mapping, its key and the list count too
        f"more than {MAX_VALUES} values",
    ),
    Hostile(
        "wrong-throughout-at-the-bound",  # the costliest file within the bounds
        _text("faq: [" + ",".join(["1"] * (MAX_VALUES - 3)) + "]\n"),
        1,
        f"{MAX_VALUES - 3 - MAX_SHOWN_PER_FILE} more problems not shown",
        MAX_SHOWN_PER_FILE + 1,
    ),
    Hostile(
        "too-many-aliases",
        _text("faq:\n  - &one 1\n" + "  - *one\n" * (MAX_ALIASES + 1)),
        MAX_ALIASES + 3,
        f"more than {MAX_ALIASES} aliases",
    ),
    Hostile(
        "huge-file",
        _sparse(200 * MAX_FILE_BYTES),
        1,
        f"{200 * MAX_FILE_BYTES} bytes, over the limit of {MAX_FILE_BYTES}",
    ),
    Hostile(
        "binary",
        _bytes(ONE_ENTRY.encode() + b"\x89PNG\r\n\x1a\n\x00\xff\xfe"),
        3,
        "not UTF-8 text (byte 0x89)",
    ),
    Hostile(
        "control-characters",
        _text(ONE_ENTRY + "    title: a\x00b\n"),
        3,
        "malformed YAML: control characters are not allowed",
    ),
    Hostile("impossible-date", _text(ONE_ENTRY + "    title: 2001-13-45\n"), 3, "bad value:"),
    Hostile("endless-number", _text(ONE_ENTRY + f"    title: {'9' * 5000}\n"), 3, "bad value:"),
    Hostile("directory", _mkdir, 1, "a directory, not a knowledge file"),
    Hostile("named-pipe", _fifo, 1, "not a regular file"),
    Hostile("broken-link", _broken_link, 1, "cannot read (No such file or directory)"),
)
IDS = [hostile.name for hostile in CATALOGUE]


def plant(directory: Path, hostile: Hostile) -> Path:
    """Make `hostile` as `team.yaml` in `directory` (created if needed); returns its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "team.yaml"
    hostile.make(path)
    return path


# Guards, not measurements: a regression fails here instead of swapping the shared machine.
ADDRESS_SPACE = 1 << 30
GUARD_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class Run:
    """A finished `rolebot` process: exit status, output, its own peak memory, its run time."""

    code: int
    out: str
    err: str
    max_rss_kb: int
    seconds: float


# The child caps its own address space, runs the CLI, and on its way out writes its peak
# resident memory (VmHWM: of the program it became, unlike getrusage's ru_maxrss, which also
# counts the parent it was forked from) to the file named by its first argument.
_MEASURED = f"""
import atexit, resource, runpy, sys
peak_file = sys.argv.pop(1)

def report():
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(peak_file, "w") as file:
        file.write(peak)

atexit.register(report)
resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE}, {ADDRESS_SPACE}))
sys.argv[0] = "rolebot"
runpy.run_module("adapters.cli", run_name="__main__")
"""


def rolebot(*args: str) -> Run:
    """Run `rolebot ARGS` in a capped child that reports its own peak memory."""
    with tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak"
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-c", _MEASURED, str(peak_file), *args],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=GUARD_SECONDS,
        )
        seconds = time.monotonic() - started
        peak = int(peak_file.read_text()) if peak_file.exists() else -1
    return Run(
        done.returncode,
        done.stdout.decode(errors="replace"),
        done.stderr.decode(errors="replace"),
        peak,
        seconds,
    )
