"""A team knowledge overlay that tests edit while rolebot serves."""

from __future__ import annotations

from pathlib import Path

QUESTION = "who fixes the coffee machine?"
FAQ = """\
faq:
  - id: coffee-machine
    title: "Who fixes the coffee machine?"
    phrasings:
      - "who fixes the coffee machine"
      - "the coffee machine is broken"
      - "coffee machine repairs"
      - "who repairs the espresso maker"
{extra}    answer: "{answer}"
"""
BROKEN_LINE = 2  # where the loader pins a problem with the entry: its `- id:` line


def write_team(directory: Path, answer: str, *, broken: bool = False) -> Path:
    """Write the overlay; `broken` names a role that does not exist. Returns the file."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "faq.yaml"
    extra = "    roles: [no-such-role]\n" if broken else ""
    path.write_text(FAQ.format(answer=answer, extra=extra), encoding="utf-8")
    return path
