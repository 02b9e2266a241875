"""Two replicas of rolebot behind one Slack app, sharing Redis: each has its own Bolt app,
HTTP server and core, and Slack may send any request to either. Without shared state (the
`alone` cases) the same requests are answered twice or not at all, which is what Redis fixes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from adapters.claims import ClaimsFactory, LocalClaims
from adapters.shared_state.state import SharedState
from bot import Bot
from bot.answering.wording.replies import DONT_KNOW, NOT_SURE
from bot.kb.compiled import Compiled
from bot.onboarding.progress import MemoryWelcomes
from testkit.fake_slack import FakeSlack
from testkit.slack_harness import (
    CHANNEL,
    SlackRequests,
    channel_message,
    member_joined,
    mention,
    settle,
    team_join,
)
from tests.redis_servers import opened
from tests.slack.conftest import Connect

SHARED, ALONE = "shared", "alone"
NEWCOMER = "U999"


@pytest.fixture(params=[SHARED, ALONE])
async def replicas(
    request: pytest.FixtureRequest, connect: Connect, compiled: Compiled
) -> AsyncIterator[tuple[SlackRequests, SlackRequests]]:
    """Slack's side of two replicas, sharing Redis (each through a connection of its own) or
    each keeping its state in process."""
    if request.param == ALONE:
        yield (
            await _replica(connect, Bot(compiled), LocalClaims),
            await _replica(connect, Bot(compiled), LocalClaims),
        )
        return
    url, prefix = request.getfixturevalue("redis_url"), request.getfixturevalue("redis_prefix")
    async with opened(url, prefix) as a, opened(url, prefix) as b:
        yield (
            await _replica(connect, _bot(compiled, a), a.claims),
            await _replica(connect, _bot(compiled, b), b.claims),
        )


def _bot(compiled: Compiled, state: SharedState) -> Bot:
    # Each replica with a welcome record of its own: only the claims in Redis are shared.
    return Bot(compiled, memory=state.memory(), welcomes=state.welcomes(MemoryWelcomes()))


async def _replica(connect: Connect, bot: Bot, claims: ClaimsFactory) -> SlackRequests:
    return await connect(
        bot, welcome_channels=frozenset({CHANNEL}), welcome_workspace=True, claims=claims
    )


async def thread_on(replica: SlackRequests, fake_slack: FakeSlack, question: str) -> str:
    """Mention rolebot with `question` through `replica`; the thread it answers in."""
    asked = mention(question)
    before = len(fake_slack.posts)
    await replica.event(asked)
    await fake_slack.wait_for_posts(before + 1)
    return str(asked["event"]["ts"])


def shared(request: pytest.FixtureRequest) -> bool:
    return bool(request.node.callspec.params["replicas"] == SHARED)


async def test_an_event_and_its_retry_on_another_replica_are_answered_once(
    replicas: tuple[SlackRequests, SlackRequests],
    fake_slack: FakeSlack,
    request: pytest.FixtureRequest,
) -> None:
    a, b = replicas
    asked = mention("who owns deployment?")
    assert (await a.event(asked))[0] == 200
    assert (await b.event(asked, retry=1))[0] == 200  # Slack thought A did not get it
    await settle()
    answers = [p for p in fake_slack.posts if p.headers == ["Who owns deployment?"]]
    assert len(answers) == (1 if shared(request) else 2)


async def test_a_mention_sent_as_two_events_to_two_replicas_is_answered_once(
    replicas: tuple[SlackRequests, SlackRequests],
    fake_slack: FakeSlack,
    request: pytest.FixtureRequest,
) -> None:
    a, b = replicas
    thread = await thread_on(b, fake_slack, "who owns deployment?")  # B knows it, even alone
    follow_up = mention("and monitoring?", thread_ts=thread)
    as_message = channel_message(follow_up["event"]["text"], thread_ts=thread)
    as_message["event"]["ts"] = follow_up["event"]["ts"]  # Slack's second copy of the mention
    await a.event(follow_up)
    await b.event(as_message)
    await settle()
    in_thread = [p.headers for p in fake_slack.posts if p.args.get("thread_ts") == thread]
    monitoring = ["Who owns maintenance and monitoring?"]
    expected = [monitoring] if shared(request) else [monitoring, monitoring]
    assert in_thread == [["Who owns deployment?"], *expected]


async def test_a_thread_answered_by_one_replica_carries_on_through_the_other(
    replicas: tuple[SlackRequests, SlackRequests],
    fake_slack: FakeSlack,
    request: pytest.FixtureRequest,
) -> None:
    a, b = replicas
    thread = await thread_on(a, fake_slack, "who owns deployment?")
    await b.event(channel_message("and monitoring?", thread_ts=thread))  # no mention
    await settle()
    await a.event(mention("why?", thread_ts=thread))
    await settle()
    in_thread = [p for p in fake_slack.posts if p.args.get("thread_ts") == thread]
    if not shared(request):  # B never heard of the thread; A explains its own answer
        assert [p.headers for p in in_thread] == [["Who owns deployment?"], ["Why I answered that"]]
        assert "`deployment`" in in_thread[1].visible_text()
        return
    assert [p.headers for p in in_thread] == [
        ["Who owns deployment?"],
        ["Who owns maintenance and monitoring?"],
        ["Why I answered that"],
    ]
    assert "`monitoring`" in in_thread[2].visible_text()  # B's answer, explained by A


async def test_context_set_through_one_replica_is_used_by_the_other(
    replicas: tuple[SlackRequests, SlackRequests],
    fake_slack: FakeSlack,
    request: pytest.FixtureRequest,
) -> None:
    a, b = replicas
    thread = await thread_on(a, fake_slack, "what does a data scientist do?")
    await b.event(mention("and which tools?", thread_ts=thread))
    [_, follow_up] = await fake_slack.wait_for_posts(2)
    # Alone, B has no context: "and which tools?" of whom? It cannot say (it may guess).
    if shared(request):
        assert follow_up.headers == ["Tools data scientists use"]
    else:
        assert follow_up.headers in ([DONT_KNOW], [NOT_SURE])


async def test_a_newcomer_joining_through_both_replicas_is_welcomed_once(
    replicas: tuple[SlackRequests, SlackRequests],
    fake_slack: FakeSlack,
    request: pytest.FixtureRequest,
) -> None:
    a, b = replicas
    await b.event(team_join(NEWCOMER))
    await a.event(member_joined(NEWCOMER))
    await settle()
    welcomed = [p for p in fake_slack.posts if p.headers == ["Welcome!"]]
    assert len(welcomed) == (1 if shared(request) else 2)
