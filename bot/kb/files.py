"""Where knowledge lives on disk: the shipped directory, the YAML files of a directory, and
reading one of them within bounds.

Kept apart from the loader so that checking whether the compiled cache is fresh needs no YAML
parser or models.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

SHIPPED_KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
KNOWLEDGE_SUFFIXES = (".yaml", ".yml")
# 40 times the largest shipped file (26 KB): room for any team, and a bound on what one
# file may cost to read and parse.
MAX_FILE_BYTES = 1 << 20


class UnreadableFile(Exception):
    """A knowledge path that cannot be read as text; `line` is where the trouble starts."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def knowledge_files(directory: Path) -> list[Path]:
    """Every path in a knowledge directory named like a YAML file, in a stable order
    (subfolders included). A directory or a broken link named `team.yaml` is listed too, so the
    loader reports it instead of skipping it without a word."""
    return sorted(path for path in directory.rglob("*") if path.suffix in KNOWLEDGE_SUFFIXES)


def file_stamp(path: Path) -> str:
    """Size and modification time: what changes when a file is edited (of the link itself
    when it leads nowhere). Raises OSError when the path has vanished."""
    try:
        info = path.stat()
    except FileNotFoundError:
        info = path.lstat()
    return f"{info.st_size}\0{info.st_mtime_ns}"


def read_knowledge(path: Path) -> str:
    """The text of one knowledge file: a regular UTF-8 file of at most MAX_FILE_BYTES.

    Raises UnreadableFile for anything else (a directory, a pipe or device, a huge or binary
    file) without reading more than the limit; opening never blocks, even on a pipe.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise UnreadableFile(f"cannot read ({error.strerror or error})") from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFile("a directory, not a knowledge file (rename it or move it away)")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile("not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise UnreadableFile(_too_big(info.st_size))
        data = _read_at_most(descriptor, MAX_FILE_BYTES + 1)
    except OSError as error:
        raise UnreadableFile(f"cannot read ({error.strerror or error})") from None
    finally:
        os.close(descriptor)
    if len(data) > MAX_FILE_BYTES:  # it grew after the size was checked
        raise UnreadableFile(_too_big(len(data)))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UnreadableFile(
            f"not UTF-8 text (byte 0x{data[error.start]:02x}): is it a binary file?", line
        ) from None


def _too_big(size: int) -> str:
    return f"{size} bytes, over the limit of {MAX_FILE_BYTES} for one knowledge file (split it)"


def _read_at_most(descriptor: int, size: int) -> bytes:
    chunks: list[bytes] = []
    left = size
    while left > 0 and (chunk := os.read(descriptor, min(left, 1 << 16))):
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
