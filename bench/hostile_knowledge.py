"""What refusing each hostile knowledge file costs: wall time and peak memory of
`rolebot validate` and `rolebot ask --knowledge`, beside the same commands on sound knowledge.

Not a test: prints figures for the notes (the budget is one second and 50 MB over sound
knowledge; the tests check the memory, this reports the time). Run with
`.venv/bin/python -m bench.hostile_knowledge`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.hostile_knowledge import CATALOGUE, plant, rolebot
from tests.serve.team import write_team

QUESTION = "who owns deployment?"


def main() -> None:
    """Print one row per catalogue entry: seconds and extra MB for validate and ask."""
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        sound = root / "sound"
        write_team(sound, "A sound answer.")
        rolebot("ask", "--knowledge", str(sound), QUESTION)  # warm the shipped knowledge cache
        base_validate = rolebot("validate", str(sound))
        base_ask = rolebot("ask", "--knowledge", str(sound), QUESTION)
        print(f"{'file':30} {'validate s':>10} {'+MB':>6} {'ask s':>7} {'+MB':>6}")
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
            refused = checked.code == asked.code == 1
            print(
                f"{hostile.name:30} {checked.seconds:10.2f} {extra_validate:6.1f} "
                f"{asked.seconds:7.2f} {extra_ask:6.1f}{'' if refused else '  NOT REFUSED'}"
            )


if __name__ == "__main__":
    main()
