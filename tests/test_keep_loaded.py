"""Knowledge kept out of garbage collection while serving, and released again on reload."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from bot.kb.compiled import keep_loaded


class Node:
    """An object that can sit in a reference cycle, which only a collection frees."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    yield
    gc.unfreeze()


def test_what_was_loaded_is_left_out_of_collections() -> None:
    loaded = Node()
    alive = weakref.ref(loaded)
    keep_loaded()
    assert gc.get_freeze_count() > 0
    del loaded
    gc.collect()
    assert alive() is not None  # frozen: a collection does not walk it


def test_keeping_again_frees_what_a_reload_replaced() -> None:
    old = Node()
    alive = weakref.ref(old)
    keep_loaded()
    del old  # a reload swapped it out
    keep_loaded()
    assert alive() is None
    assert gc.get_freeze_count() > 0


def test_unfreezing_gives_the_collector_everything_back() -> None:
    loaded = Node()
    alive = weakref.ref(loaded)
    keep_loaded()
    del loaded
    gc.unfreeze()
    gc.collect()
    assert alive() is None
