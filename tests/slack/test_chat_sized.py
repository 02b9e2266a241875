"""Issue 12 in Slack end to end: follow-ups that point back, off-topic turns declined after
on-topic ones, newcomer openers, a chat-sized first answer with its More button, and provenance
shown only when asked with `why?`.

The real Bolt app receives signed, real-shaped events; its posts go to the fake Slack API.
"""

from __future__ import annotations

import pytest

from testkit.fake_slack import FakeSlack
from testkit.slack_harness import (
    SlackRequests,
    button_click,
    channel_message,
    direct_message,
    mention,
)


async def _thread(slack: SlackRequests, fake_slack: FakeSlack, *turns: str) -> list[str]:
    """Ask the first turn as a mention and the rest as mentions in its thread (a turn in a
    thread that does not mention rolebot gets only confident answers); each reply's header."""
    asked = mention(turns[0])
    await slack.event(asked)
    await fake_slack.wait_for_posts(1)
    for number, turn in enumerate(turns[1:], start=2):
        await slack.event(mention(turn, thread_ts=asked["event"]["ts"]))
        await fake_slack.wait_for_posts(number)
    assert all(p.args["thread_ts"] == asked["event"]["ts"] for p in fake_slack.posts)
    return [p.headers[0] for p in fake_slack.posts]


@pytest.mark.parametrize(
    ("turns", "last_header"),
    [
        (("what does a data analyst do", "which tools do they use?"), "Tools data analysts use"),
        (("who owns monitoring", "who do they work with?"), "Who ML engineers work with"),
        (("compare ds and data engineer", "what's a good movie?"), "I don't know that one"),
        (("tell me about data scientists", "what's RAG?"), "I don't know that one"),
    ],
    ids=["follow-up-they", "follow-up-stage-owners", "movie-declined", "rag-declined"],
)
async def test_a_thread_follows_the_conversation_and_declines_what_is_off_topic(
    slack: SlackRequests, fake_slack: FakeSlack, turns: tuple[str, ...], last_header: str
) -> None:
    headers = await _thread(slack, fake_slack, *turns)
    assert headers[-1] == last_header


async def test_a_follow_up_in_the_thread_needs_no_mention(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    asked = mention("what does a data analyst do")
    await slack.event(asked)
    await fake_slack.wait_for_posts(1)
    await slack.event(channel_message("which tools do they use?", thread_ts=asked["event"]["ts"]))
    _, tools = await fake_slack.wait_for_posts(2)
    assert tools.headers == ["Tools data analysts use"]


async def test_an_answer_shows_no_provenance_and_why_shows_it(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    headers = await _thread(slack, fake_slack, "compare ds and data engineer", "why?")
    answer, why = fake_slack.posts
    assert "matched" not in answer.visible_text() and "100%" not in answer.visible_text()
    assert [b["type"] for b in answer.blocks if b["type"] == "context"] == []
    assert headers[-1] == "Why I answered that"
    assert "`data-engineer+data-scientist`" in why.visible_text()
    assert "compare command" in why.visible_text()


async def test_a_comparison_table_wraps_its_cells_and_cuts_none(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    await _thread(slack, fake_slack, "compare ds and data engineer")
    [answer] = fake_slack.posts
    [table] = [b for b in answer.blocks if b["type"] == "table"]
    assert all(setting["is_wrapped"] for setting in table["column_settings"])
    cells = [cell["text"] for row in table["rows"] for cell in row]
    assert "Data collection and preparation" in " ".join(cells)
    assert not any(cell.endswith("…") for cell in cells)


async def test_an_overview_fits_a_screen_and_more_continues_it_in_the_thread(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    asked = mention("what does a data scientist do?")
    await slack.event(asked)
    [overview] = await fake_slack.wait_for_posts(1)
    sections = [b["text"]["text"] for b in overview.blocks if b["type"] == "section"]
    assert sum(len(s.split("\n")) for s in sections) <= 8
    assert "Responsibilities" not in overview.visible_text()
    more = overview.suggestions[0]
    assert (more["text"]["text"], more["value"]) == ("More", "more")

    thread = asked["event"]["ts"]
    await slack.action(button_click(more["value"], "http://unused", thread_ts=thread))
    _, continued = await fake_slack.wait_for_posts(2)
    assert (continued.args["thread_ts"], continued.headers) == (
        thread,
        ["Data scientist (continued)"],
    )
    assert "Responsibilities" in continued.visible_text()


@pytest.mark.parametrize(
    ("opener", "header"),
    [
        ("it's my first week on the data team", "Welcome!"),
        ("new here, hi all", "Welcome!"),
        ("just joined as a data analyst", "Onboarding checklist: Data analyst"),
    ],
)
async def test_a_newcomer_opener_gets_the_welcome_or_their_roles_checklist(
    slack: SlackRequests, fake_slack: FakeSlack, opener: str, header: str
) -> None:
    await slack.event(direct_message(opener))
    [reply] = await fake_slack.wait_for_posts(1)
    assert reply.headers == [header]
    if header == "Welcome!":
        assert "tour" in [b["value"] for b in reply.buttons]
