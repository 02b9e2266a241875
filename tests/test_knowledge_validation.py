"""Each class of knowledge problem is reported with the right file and line."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest

from bot.kb import loader
from bot.kb.base import KnowledgeBase
from bot.kb.problems import KnowledgeError
from tests.knowledge_builder import FAQ, ROLES, STAGES, TOOLS, write_knowledge


def problems_for(tmp_path: Path, **replace: str) -> list[str]:
    directory = write_knowledge(tmp_path / "kb", **replace)
    with pytest.raises(KnowledgeError) as caught:
        loader.load([directory], include_shipped=False)
    return [str(p) for p in caught.value.problems]


def test_the_builder_writes_valid_knowledge(tmp_path: Path) -> None:
    base = loader.load([write_knowledge(tmp_path)], include_shipped=False)
    assert set(base.roles) == {"analyst", "builder"}
    assert base.phrasing_count == 8


CASES = [
    pytest.param(
        {"stages": STAGES.replace("owners: [builder]", "owners: [builder")},
        "stages.yaml:7: malformed YAML",
        id="malformed-yaml",
    ),
    pytest.param(
        {"tools": TOOLS.replace("    category: bi\n", "")},
        "tools.yaml:2: missing field 'category'",
        id="missing-field",
    ),
    pytest.param(
        {"tools": TOOLS.replace("    category: bi\n", "    category: bi\n    colour: red\n")},
        "tools.yaml:6: unknown field 'colour'",
        id="unknown-field",
    ),
    pytest.param(
        {"stages": STAGES + STAGES.replace("stages:\n", "")},
        "stages.yaml:8: duplicate stages id 'shipping' (first at",
        id="duplicate-id",
    ),
    pytest.param(
        {"stages": STAGES.replace("owners: [builder]", "owners: [deployer]")},
        "stages.yaml:2: owners: role 'deployer' is unknown",
        id="unknown-role",
    ),
    pytest.param(
        {"tools": TOOLS.replace("used_by: [analyst, builder]", "used_by: [analyst, ghost]")},
        "tools.yaml:2: used_by: role 'ghost' is unknown",
        id="unknown-role-in-tool",
    ),
    pytest.param(
        {"roles": ROLES.replace("tools: [sheet]", "tools: [hammer]", 1)},
        "roles.yaml:2: tools: tool 'hammer' is unknown",
        id="unknown-tool",
    ),
    pytest.param(
        {"faq_general": FAQ.replace("related: [second-entry]", "related: [third-entry]")},
        "faq/general.yaml:2: related: entry 'third-entry' is unknown",
        id="unknown-entry",
    ),
    pytest.param(
        {"roles": ROLES.replace("aliases: [TB]", "aliases: [TA]")},
        "roles.yaml:23: alias 'TA' is already claimed by role 'analyst'",
        id="alias-two-roles",
    ),
    pytest.param(
        {"tools": TOOLS.replace("aliases: [sheets]", "aliases: [TB]")},
        "tools.yaml:2: alias 'TB' is already claimed by role 'builder'",
        id="alias-role-and-tool",
    ),
    pytest.param(
        {
            "faq_general": FAQ.replace(
                "remote work for builders", "Morning routine of test analysts?"
            )
        },
        "faq/general.yaml:16: phrasing 'Morning routine of test analysts?' is already used",
        id="phrasing-two-entries",
    ),
    pytest.param(
        {"faq_general": FAQ.replace("Often yes.", "x" * 1201)},
        "faq/general.yaml:19: faq.1.answer: 1201 characters, over the limit of 1200",
        id="answer-over-limit",
    ),
    pytest.param(
        {"faq_general": FAQ.replace("      - is remote okay for a test builder\n", "")},
        "faq/general.yaml:15: faq.1.phrasings: List should have at least 4 items",
        id="too-few-phrasings",
    ),
    pytest.param(
        {"tools": "tools:\n  - id: sheet\n    id: other\n"},
        "tools.yaml:3: duplicate key 'id'",
        id="duplicate-key",
    ),
    pytest.param(
        {"tools": "gadgets: []\n"},
        "tools.yaml:1: a knowledge file has one top-level key",
        id="unknown-kind",
    ),
]


@pytest.mark.parametrize(("replace", "expected"), CASES)
def test_problem_is_reported_at_its_line(
    tmp_path: Path, replace: dict[str, str], expected: str
) -> None:
    problems = problems_for(tmp_path, **replace)
    assert any(p.endswith(expected) or expected in p for p in problems), problems
    file_part = expected.split(":")[0]
    assert all(str(tmp_path) in p for p in problems if file_part in p)


def test_team_directory_adds_and_replaces(tmp_path: Path) -> None:
    shipped = write_knowledge(tmp_path / "shipped")
    team = tmp_path / "team"
    team.mkdir()
    replacement, _ = FAQ.split("  - id: second-entry")
    added = """\
  - id: team-only
    title: Our team
    phrasings: [where do we sit, which floor is ours, our desks, seating plan]
    answer: Third floor.
"""
    (team / "faq.yaml").write_text(
        replacement.replace("Mostly coffee and dashboards.", "Stand-up, then dashboards.") + added,
        encoding="utf-8",
    )
    base = loader.load([shipped, team], include_shipped=False)
    assert base.faq["first-entry"].answer == "Stand-up, then dashboards."
    assert set(base.faq) == {"first-entry", "second-entry", "team-only"}
    assert str(base.where("faq", "first-entry")).startswith(str(team))


def test_team_directory_problems_are_checked_with_the_shipped_ones(tmp_path: Path) -> None:
    shipped = write_knowledge(tmp_path / "shipped")
    team = tmp_path / "team"
    team.mkdir()
    (team / "stages.yaml").write_text(
        STAGES.replace("owners: [builder]", "owners: [nobody]"), encoding="utf-8"
    )
    with pytest.raises(KnowledgeError) as caught:
        loader.load([shipped, team], include_shipped=False)
    assert [str(p) for p in caught.value.problems] == [
        f"{team / 'stages.yaml'}:2: owners: role 'nobody' is unknown"
    ]


def test_a_missing_directory_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError) as caught:
        loader.load([tmp_path / "nope"], include_shipped=False)
    assert "not a knowledge directory" in str(caught.value)


def test_shipped_knowledge_has_a_key_difference_for_every_pair(shipped: KnowledgeBase) -> None:
    missing = [
        pair
        for pair in combinations(sorted(shipped.roles), 2)
        if frozenset(pair) not in shipped.pairs
    ]
    assert missing == []


def test_a_template_without_its_slot_is_reported(tmp_path: Path) -> None:
    intents = (
        "intents:\n  - intent: stage_owner\n    templates: [who owns it, '{stage}', 'x {stage}']\n"
    )
    problems = problems_for(tmp_path, intents=intents)
    assert problems == [
        f"{tmp_path / 'kb' / 'intents.yaml'}:2: template 'who owns it' needs {{stage}} at least 1x"
    ]
