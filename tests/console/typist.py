"""prompt_toolkit's pipe input, fed the way a person types: one burst of keys at a time.

A pipe input written in one go hands the prompt every key at once, before the completion that
Tab starts has run (prompt_toolkit completes in a background task). `Typist` wraps the pipe
input of `create_pipe_input` and writes the next burst only when the prompt has read the
previous one, so the completion runs in between, as between a person's key presses. No clock
is involved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager

from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.key_binding import KeyPress


class Typist(PipeInput):
    """A pipe input that types `bursts` one after another."""

    def __init__(self, pipe: PipeInput, bursts: Sequence[str]) -> None:
        self.pipe = pipe
        self.bursts = list(bursts)
        pipe.send_text(self.bursts.pop(0))

    def read_keys(self) -> list[KeyPress]:
        """The keys of one burst; the next is written for the prompt's next read."""
        keys = self.pipe.read_keys()
        if keys and self.bursts:
            self.pipe.send_text(self.bursts.pop(0))
        return keys

    # Everything else is the pipe input's own.
    def fileno(self) -> int:
        return self.pipe.fileno()

    def typeahead_hash(self) -> str:
        return self.pipe.typeahead_hash()

    def flush_keys(self) -> list[KeyPress]:
        return self.pipe.flush_keys()

    @property
    def closed(self) -> bool:
        return self.pipe.closed

    def raw_mode(self) -> AbstractContextManager[None]:
        return self.pipe.raw_mode()

    def cooked_mode(self) -> AbstractContextManager[None]:
        return self.pipe.cooked_mode()

    def attach(self, input_ready_callback: Callable[[], None]) -> AbstractContextManager[None]:
        return self.pipe.attach(input_ready_callback)

    def detach(self) -> AbstractContextManager[None]:
        return self.pipe.detach()

    def close(self) -> None:
        self.pipe.close()

    def send_bytes(self, data: bytes) -> None:
        self.pipe.send_bytes(data)

    def send_text(self, data: str) -> None:
        self.pipe.send_text(data)


@contextmanager
def typing(bursts: Sequence[str]) -> Iterator[Typist]:
    """A `Typist` that has typed the first burst and will type the others in turn."""
    with create_pipe_input() as pipe:
        yield Typist(pipe, bursts)
