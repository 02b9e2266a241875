"""Which near-tied answers are given and offered rather than asked about ("which did you
mean?"): those that go together, or one speaking of what the other is about."""

from __future__ import annotations

from bot.kb.compiled import Compiled
from bot.understanding.targets import Target, compatible, related


def _target(compiled: Compiled, label: str) -> Target:
    return compiled.targets[compiled.target_ids[label]]


def test_who_uses_a_tool_goes_with_an_answer_about_a_role_that_uses_it(
    compiled: Compiled,
) -> None:
    why_hire = _target(compiled, "faq:why-hire-ds")
    users = _target(compiled, "tool_users:scikit-learn")
    assert compatible(why_hire, users) and compatible(users, why_hire)
    # ...though the two are not related: the acceptor's group of answers stays as it was.
    assert not related(why_hire, users)


def test_who_uses_a_tool_no_role_of_the_answer_uses_is_asked_about(compiled: Compiled) -> None:
    tableau = _target(compiled, "tool_users:tableau")
    assert not tableau.mentions & {"data-scientist", "ml-engineer"}
    assert not compatible(_target(compiled, "faq:why-hire-ds"), tableau)


def test_who_owns_a_stage_speaks_of_its_owners(compiled: Compiled) -> None:
    owners = _target(compiled, "stage_owner:deployment")
    assert "ml-engineer" in owners.mentions
    assert compatible(owners, _target(compiled, "role_overview:ml-engineer"))
