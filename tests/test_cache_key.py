"""The compiled cache's key names each knowledge file by where it really is: the same team
directory reached another way shares the key, and a linked file pointed elsewhere changes it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.kb.compiled import fingerprint

TEAM = "faq:\n  - id: our-standup\n"


def _team(root: Path) -> Path:
    team = root / "team"
    (team / "faq").mkdir(parents=True)
    (team / "faq" / "standup.yaml").write_text(TEAM)
    return team


def test_a_directory_reached_another_way_has_the_same_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = _team(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "via-link").symlink_to(team, target_is_directory=True)
    monkeypatch.chdir(tmp_path / "elsewhere")
    ways = [team, Path("../team"), tmp_path / "elsewhere" / ".." / "team", tmp_path / "via-link"]
    assert len({fingerprint([way]) for way in ways}) == 1


def test_a_linked_file_pointed_elsewhere_changes_the_key(tmp_path: Path) -> None:
    team = _team(tmp_path)
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    for target in (first, second):  # the same size and time: only their places differ
        target.write_text(TEAM)
        os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    link = team / "linked.yaml"
    link.symlink_to(first)
    before = fingerprint([team])
    link.unlink()
    link.symlink_to(second)
    assert fingerprint([team]) != before
