"""Assign each question of bot/evalset/real.yaml to the `dev` or the `test` split, by a fixed seed.

Run once when the set was written; kept for reproducibility. Questions are grouped by kind and by
origin (modelled on a page, or written for the file) and each group is shuffled with
random.Random(SEED) and cut in half, so both splits hold every kind, declines included. Only the
`split:` field of each item line is rewritten; comments and order stay. Running it again on the
same questions gives the same splits; `--check` only reports whether the file matches.

Items of a later batch (`batch: 2` onwards) take no part in the draw, so the first batch keeps
exactly the splits the seed gave it: batches 2 to 6 are all `dev` by design (gathered to tune
on, after a first, untuned measurement), batches from FIRST_BLIND_BATCH on all `blind` (held
out like `test`, a larger measure from other writers and pages).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

SEED = 20261130
QUESTION_SET = Path(__file__).resolve().parents[1] / "bot" / "evalset" / "real.yaml"
ITEM_PREFIX = "  - {"
SPLIT_FIELD = re.compile(r", split: [a-z]+\}$")
SPLITS = ("dev", "test")
BLIND = "blind"
FIRST_BATCH = 1
FIRST_BLIND_BATCH = 7


@dataclass(frozen=True)
class Item:
    """One question line of the file: where it is and which stratum it belongs to."""

    line: int
    kind: str
    written: bool
    batch: int = FIRST_BATCH


def read_items(lines: list[str]) -> list[Item]:
    """The question items, one per line (the file keeps each item on a single line)."""
    items = []
    for number, line in enumerate(lines):
        if line.startswith(ITEM_PREFIX):
            fields = yaml.safe_load(line.strip()[2:])
            kind, written = str(fields["kind"]), fields["source"] == "written"
            items.append(Item(number, kind, written, int(fields.get("batch", FIRST_BATCH))))
    return items


def assign_splits(items: list[Item], seed: int = SEED) -> dict[int, str]:
    """The split of each item's line: half of every (kind, origin) group of the first batch to
    dev, half to test, a group's odd item going to either by the same generator; every item of a
    later batch to dev, or to blind from FIRST_BLIND_BATCH on."""
    rng = random.Random(seed)
    groups: dict[tuple[str, bool], list[Item]] = defaultdict(list)
    splits = {}
    for item in items:
        if item.batch == FIRST_BATCH:
            groups[(item.kind, item.written)].append(item)
        else:
            splits[item.line] = BLIND if item.batch >= FIRST_BLIND_BATCH else SPLITS[0]
    for key in sorted(groups):
        members = list(groups[key])
        rng.shuffle(members)
        dev_count = len(members) // 2 + (len(members) % 2 if rng.random() < 0.5 else 0)
        for position, item in enumerate(members):
            splits[item.line] = SPLITS[0] if position < dev_count else SPLITS[1]
    return splits


def with_splits(text: str, seed: int = SEED) -> str:
    """The file's text with every item line's `split:` set."""
    lines = text.split("\n")
    items = read_items(lines)
    expected = len(yaml.safe_load(text)["questions"])
    if len(items) != expected:
        raise ValueError(f"{len(items)} one-line items but {expected} questions: keep one per line")
    for line, split in assign_splits(items, seed).items():
        bare = SPLIT_FIELD.sub("}", lines[line].rstrip())
        lines[line] = f"{bare[:-1]}, split: {split}}}"
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Write the splits into the file, or with --check say whether it already has them."""
    parser = argparse.ArgumentParser(description="Assign dev/test splits to the real question set.")
    parser.add_argument("path", nargs="?", type=Path, default=QUESTION_SET)
    parser.add_argument("--check", action="store_true", help="only check; exit 1 on a difference")
    options = parser.parse_args(argv)
    text = options.path.read_text(encoding="utf-8")
    result = with_splits(text)
    if options.check:
        if result != text:
            print(f"{options.path}: splits differ from seed {SEED}", file=sys.stderr)
            return 1
        return 0
    options.path.write_text(result, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
