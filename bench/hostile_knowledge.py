"""What refusing each hostile knowledge file costs: wall time and peak memory of
`rolebot validate` and `rolebot ask --knowledge`, beside the same commands on sound knowledge,
and of a reload while serving (in this process: time, and peak traced Python memory).

Not a test: prints figures for the notes (the budget is one second and 50 MB over sound
knowledge; the tests check the memory, this reports the time). Run with
`.venv/bin/python -m bench.hostile_knowledge`.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
import time
import tracemalloc
from pathlib import Path

from adapters.serving.metrics import Metrics
from adapters.serving.reload import Reloader
from bot import Bot
from bot.kb.compiled import Compiled, load_compiled
from tests.hostile_knowledge import CATALOGUE, Hostile, plant, rolebot
from tests.serve.team import write_team

QUESTION = "who owns deployment?"


def reload_cost(root: Path, hostile: Hostile, cache: Path) -> tuple[float, float, bool]:
    """Seconds and peak traced MB of one reload that meets `hostile`, and whether it was
    refused (the shipped knowledge comes from `cache`, as when serving)."""
    team = root / f"reload-{hostile.name}"
    write_team(team, "Before.")

    def load() -> Compiled:
        return load_compiled([team], cache)

    reloader = Reloader(Bot(load()), load, Metrics())
    plant(team, hostile)
    start = time.perf_counter()
    swapped = asyncio.run(reloader.reload("bench"))
    seconds = time.perf_counter() - start
    tracemalloc.start()  # a second reload for memory: tracing slows it down several times
    asyncio.run(reloader.reload("bench"))
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak, not swapped


def main() -> None:
    """Print one row per catalogue entry: seconds and extra MB for validate, ask and reload."""
    logging.disable(logging.ERROR)  # the refused reloads log their problems
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        sound = root / "sound"
        write_team(sound, "A sound answer.")
        rolebot("ask", "--knowledge", str(sound), QUESTION)  # warm the shipped knowledge cache
        base_validate = rolebot("validate", str(sound))
        base_ask = rolebot("ask", "--knowledge", str(sound), QUESTION)
        print(
            f"{'file':30} {'validate s':>10} {'+MB':>6} {'ask s':>7} {'+MB':>6}"
            f" {'reload s':>9} {'peak MB':>8}"
        )
        print(
            f"{'(sound knowledge)':30} {base_validate.seconds:10.2f} {0:6.1f} "
            f"{base_ask.seconds:7.2f} {0:6.1f}"
        )
        for hostile in CATALOGUE:
            team = root / hostile.name
            plant(team, hostile)
            checked = rolebot("validate", str(team))
            asked = rolebot("ask", "--knowledge", str(team), QUESTION)
            extra_validate = (checked.max_rss_kb - base_validate.max_rss_kb) / 1024
            extra_ask = (asked.max_rss_kb - base_ask.max_rss_kb) / 1024
            reload_seconds, reload_peak, reload_refused = reload_cost(root, hostile, root / "cache")
            refused = checked.code == asked.code == 1 and reload_refused
            print(
                f"{hostile.name:30} {checked.seconds:10.2f} {extra_validate:6.1f} "
                f"{asked.seconds:7.2f} {extra_ask:6.1f} {reload_seconds:9.2f} {reload_peak:8.1f}"
                f"{'' if refused else '  NOT REFUSED'}"
            )


if __name__ == "__main__":
    main()
