"""The answering slots: a quick delivery keeps its slot, a slow one gives it back after the
grace, and a turn cancelled while delivering cancels the send."""

from __future__ import annotations

import asyncio

from adapters.answering import Answering

GRACE = 0.05  # seconds


async def test_a_quick_delivery_keeps_its_slot_until_the_turn_ends() -> None:
    answering = Answering(1, "test")
    order: list[str] = []

    async def quick() -> str:
        order.append("sent")
        return "ok"

    async def turn() -> None:
        async with answering.slot() as slot:
            assert await answering.deliver(slot, quick(), GRACE) == "ok"
            await asyncio.sleep(2 * GRACE)  # still holding: the next turn must wait
            order.append("first ends")

    async def next_turn() -> None:
        async with answering.slot():
            order.append("second starts")

    await asyncio.gather(turn(), next_turn())
    answering.close()
    assert order == ["sent", "first ends", "second starts"]


async def test_a_slow_delivery_gives_its_slot_back_after_the_grace() -> None:
    answering = Answering(1, "test")
    release = asyncio.Event()
    second_started = asyncio.Event()

    async def hanging() -> str:
        await release.wait()
        return "late"

    async def turn() -> str:
        async with answering.slot() as slot:
            return await answering.deliver(slot, hanging(), GRACE)

    async def next_turn() -> None:
        async with answering.slot():
            second_started.set()

    first = asyncio.ensure_future(turn())
    second = asyncio.ensure_future(next_turn())
    await asyncio.wait_for(second_started.wait(), 5)
    assert not first.done()  # the slow delivery goes on without its slot
    release.set()
    assert await first == "late"
    await second
    answering.close()


async def test_cancelling_a_turn_while_it_delivers_cancels_the_send() -> None:
    answering = Answering(1, "test")
    started, cancelled = asyncio.Event(), asyncio.Event()

    async def hanging() -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    async def turn() -> None:
        async with answering.slot() as slot:
            await answering.deliver(slot, hanging(), GRACE)

    for wait in (0, 2 * GRACE):  # within the grace, and after it
        started.clear()
        cancelled.clear()
        task = asyncio.ensure_future(turn())
        await started.wait()
        await asyncio.sleep(wait)
        task.cancel()
        await asyncio.wait_for(cancelled.wait(), 5)
        async with answering.slot():  # and the slot is free again
            pass
    answering.close()
