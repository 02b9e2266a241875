"""Welcome claims, in-process and in Redis: each newcomer is welcomed once, however many join
events arrive at once and on however many replicas."""

from __future__ import annotations

import threading
import time

from adapters.shared_state.welcomes import RedisWelcomes
from bot.onboarding.progress import MemoryWelcomes, Welcomes
from tests.redis_servers import opened


def race(welcomes: list[Welcomes], user: str, claims: int = 8) -> list[bool]:
    """`claims` claims for `user` at once, spread over `welcomes`; who won."""
    start = threading.Barrier(claims)
    won: list[bool] = []

    def join(n: int) -> None:
        start.wait()
        won.append(welcomes[n % len(welcomes)].claim("slack", user))

    threads = [threading.Thread(target=join, args=(n,)) for n in range(claims)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(won)


def test_a_newcomer_is_welcomed_once_per_platform(welcomes: Welcomes) -> None:
    assert welcomes.claim("slack", "U0NEW")
    assert not welcomes.claim("slack", "U0NEW")
    assert welcomes.claim("discord", "U0NEW")  # another platform, another person
    assert welcomes.claim("slack", "U0OTHER")


def test_join_events_at_once_welcome_once(welcomes: Welcomes) -> None:
    assert race([welcomes], "U0RACE") == [False] * 7 + [True]


async def test_replicas_welcome_once_between_them(redis_url: str, redis_prefix: str) -> None:
    async with opened(redis_url, redis_prefix) as a, opened(redis_url, redis_prefix) as b:
        # Each replica with a record of its own: only the claim in Redis is shared.
        replicas: list[Welcomes] = [
            a.welcomes(MemoryWelcomes()),
            b.welcomes(MemoryWelcomes()),
        ]
        assert race(replicas, "U0RACE") == [False] * 7 + [True]


async def test_once_the_claim_expires_the_record_still_says_welcomed(
    redis_url: str, redis_prefix: str
) -> None:
    async with opened(redis_url, redis_prefix) as state:
        welcomes = RedisWelcomes(state.connection, MemoryWelcomes(), ttl_seconds=0.2)
        assert welcomes.claim("slack", "U0NEW")
        time.sleep(0.3)
        assert not welcomes.claim("slack", "U0NEW")
