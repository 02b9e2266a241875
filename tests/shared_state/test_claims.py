"""Claims (Slack's answered events and active threads), in-process and in Redis: the first
claim wins, every key is remembered, each for its time."""

from __future__ import annotations

import asyncio

from adapters.claims import LocalClaims
from tests.redis_servers import opened
from tests.shared_state.conftest import MakeClaims

EVENTS = "test:events"


async def test_the_first_claim_wins_and_every_key_is_remembered(make_claims: MakeClaims) -> None:
    claims = make_claims(EVENTS, 100, 60)
    assert await claims.claim("Ev1", "C111/1.1")
    assert not await claims.claim("Ev1", "C111/1.1")  # Slack's retry
    assert not await claims.claim("Ev2", "C111/1.1")  # the same message as another event
    assert await claims.holds("Ev2")  # remembered even though the claim lost
    assert not await claims.holds("Ev3")
    assert await claims.claim("Ev3", "C111/1.2")


async def test_namespaces_are_kept_apart(make_claims: MakeClaims) -> None:
    events, threads = make_claims(EVENTS, 100, 60), make_claims("test:threads", 100, 60)
    assert await events.claim("C111/1.1")
    assert not await threads.holds("C111/1.1")
    assert await threads.claim("C111/1.1")


async def test_a_claim_is_forgotten_after_its_time(make_claims: MakeClaims) -> None:
    claims = make_claims(EVENTS, 100, 0.3)
    assert await claims.claim("Ev1")
    await asyncio.sleep(0.4)
    assert not await claims.holds("Ev1")
    assert await claims.claim("Ev1")


async def test_of_many_claims_at_once_one_wins(make_claims: MakeClaims) -> None:
    claims = make_claims(EVENTS, 100, 60)
    won = await asyncio.gather(*(claims.claim("Ev1", f"C111/{n}") for n in range(50)))
    assert sorted(won) == [False] * 49 + [True]


async def test_two_replicas_claiming_at_once_answer_once(redis_url: str, redis_prefix: str) -> None:
    async with opened(redis_url, redis_prefix) as a, opened(redis_url, redis_prefix) as b:
        left, right = a.claims(EVENTS, 100, 60), b.claims(EVENTS, 100, 60)
        won = await asyncio.gather(
            *(replica.claim(f"Ev{n}") for n in range(20) for replica in (left, right))
        )
        assert sum(won) == 20  # each event once, whichever replica got there first
        assert await right.holds("Ev0") and await left.holds("Ev19")


async def test_in_process_claims_are_bounded() -> None:
    now = [0.0]
    claims = LocalClaims(EVENTS, capacity=3, ttl_seconds=10, clock=lambda: now[0])
    assert await claims.claim("a")
    assert await claims.claim("b", "c")
    assert not await claims.claim("x", "b")
    assert not await claims.holds("a") and len(claims) == 3  # capacity 3: the oldest went
    now[0] = 11
    assert not await claims.holds("x") and len(claims) == 0
