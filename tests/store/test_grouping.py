"""Grouping similar wordings of missed questions."""

from __future__ import annotations

import pytest

from bot.curation import grouping
from bot.curation.grouping import Group, group_similar

CASES = [
    pytest.param({}, [], id="nothing"),
    pytest.param({"who owns it": 2}, [Group("who owns it", 2, ())], id="one"),
    pytest.param(
        {
            "who approves the gpu budget": 3,
            "who approves gpu budget": 1,
            "gpu budget who approves": 1,
        },
        [
            Group(
                "who approves the gpu budget",
                5,
                ("gpu budget who approves", "who approves gpu budget"),
            )
        ],
        id="articles-and-word-order",
    ),
    pytest.param(
        {"who owns deployment": 1, "who owns deploymnet": 1},
        [Group("who owns deployment", 2, ("who owns deploymnet",))],
        id="typo-ties-break-alphabetically",
    ),
    pytest.param(
        {"who owns it": 2, "who owns monitoring in production": 1},
        [Group("who owns it", 2, ()), Group("who owns monitoring in production", 1, ())],
        id="a-subset-is-not-the-same-question",
    ),
    pytest.param(
        {"what is a feature store": 1, "what is the weather": 4},
        [Group("what is the weather", 4, ()), Group("what is a feature store", 1, ())],
        id="different-questions-stay-apart",
    ),
]


@pytest.mark.parametrize(("counts", "expected"), CASES)
def test_group_similar(counts: dict[str, int], expected: list[Group]) -> None:
    assert group_similar(counts) == expected


def test_a_group_lists_every_wording_naming_one_first() -> None:
    assert Group("a", 3, ("b", "c")).wordings == ("a", "b", "c")


def test_wordings_beyond_the_cap_are_kept_ungrouped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(grouping, "MAX_WORDINGS", 50)
    counts = {f"question number {n} about topic {n * 7919 % 100}": 1 + n % 5 for n in range(300)}
    groups = group_similar(counts)
    assert sum(g.count for g in groups) == sum(counts.values())
    assert sum(len(g.wordings) for g in groups) == len(counts)
