"""The real question set is well formed, big and varied enough, labelled with entries that exist,
apart from the knowledge's own phrasings, and split exactly as its split script says: the first
batch by its seed, every later batch into `dev`.

Nothing here asks the engine: the set must stay independent of the matcher."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from bot.kb.base import KnowledgeBase
from bot.reply import Label
from bot.understanding.text import normalize

ROOT = Path(__file__).resolve().parents[1]
REAL_SET = ROOT / "bot" / "evalset" / "real.yaml"
SPLIT_SCRIPT = ROOT / "scripts" / "split_real_questions.py"
ROLE_INTENTS = frozenset(
    "role_overview role_tools role_skills role_outputs role_collaborators role_career".split()
)
DECLINE = "decline"
WRITTEN = "written"
FIELDS = {"q", "expect", "kind", "source", "split"}
FIRST_BATCH = 1
FIRST_BLIND_BATCH = 7  # batches from here on are held out (`split: blind`)


@dataclass(frozen=True)
class RealQuestion:
    """One item of the real set."""

    q: str
    expect: tuple[str, ...]
    kind: str
    source: str
    split: str
    batch: int

    @property
    def declined(self) -> bool:
        """Whether the question must be declined."""
        return self.expect == (DECLINE,)

    @property
    def stratum(self) -> tuple[str, bool]:
        """Kind and origin (written for the file, or modelled on a page)."""
        return self.kind, self.source == WRITTEN


def load_real() -> list[RealQuestion]:
    raw = yaml.safe_load(REAL_SET.read_text(encoding="utf-8"))
    assert set(raw) == {"questions"}
    items = []
    for item in raw["questions"]:
        assert set(item) in (FIELDS, FIELDS | {"batch"}), item
        expect = item["expect"]
        labels = (expect,) if isinstance(expect, str) else tuple(expect)
        batch = item.get("batch", FIRST_BATCH)
        fields = (item["q"], labels, item["kind"], item["source"], item["split"], batch)
        items.append(RealQuestion(*fields))
    return items


@pytest.fixture(scope="module")
def real() -> list[RealQuestion]:
    return load_real()


def test_every_label_names_an_entry_of_the_shipped_knowledge(
    real: list[RealQuestion], shipped: KnowledgeBase
) -> None:
    known = {"faq": set(shipped.faq), "stage_owner": set(shipped.stages)}
    known["tool_users"] = set(shipped.tools)
    unknown = []
    for question in real:
        if question.declined:
            continue
        for label in question.expect:
            intent, _, entry = label.partition(":")
            if label == Label.SMALLTALK:
                exists = True  # thanks and the like: a polite reply, no entry
            elif intent == "compare":
                roles = entry.split("+")
                exists = len(roles) >= 2 and set(roles) <= set(shipped.roles)
                exists = exists and roles == sorted(roles)
            elif intent in ROLE_INTENTS:
                exists = entry in shipped.roles
            else:
                exists = entry in known.get(intent, set())
            if not exists:
                unknown.append((question.q, label))
    assert unknown == []


def test_no_question_copies_a_knowledge_phrasing(
    real: list[RealQuestion], shipped: KnowledgeBase
) -> None:
    phrasings = {normalize(p) for entry in shipped.faq.values() for p in entry.phrasings}
    assert [q.q for q in real if normalize(q.q) in phrasings] == []


def test_questions_are_distinct(real: list[RealQuestion]) -> None:
    counts = Counter(normalize(q.q) for q in real)
    assert [q for q, n in counts.items() if n > 1] == []


def assert_big_and_mixed(
    questions: list[RealQuestion], sourced: int, written: int, declines: int
) -> None:
    """At least so many sourced, written and declined questions, of every kind asked for."""
    from_pages = [q for q in questions if q.source != WRITTEN]
    ours = [q for q in questions if q.source == WRITTEN and not q.declined]
    declined = [q for q in questions if q.declined]
    assert len(from_pages) >= sourced
    assert all(q.source.startswith(("http://", "https://")) for q in from_pages)
    assert not any(q.declined for q in from_pages), "declines are written, not sourced"
    assert len(ours) >= written
    assert len(declined) >= declines
    assert {q.kind for q in declined} == {"offtopic", "near-miss"}
    assert {"chat", "two-in-one", "story"} <= {q.kind for q in ours}
    assert {"forum", "interview", "two-in-one", "story"} <= {q.kind for q in from_pages}


def test_the_set_is_big_and_mixed_as_the_issue_asks(real: list[RealQuestion]) -> None:
    assert_big_and_mixed(real, sourced=150, written=60, declines=40)


def test_both_splits_hold_every_stratum_of_the_first_batch_about_half_each(
    real: list[RealQuestion],
) -> None:
    first = [q for q in real if q.batch == FIRST_BATCH]
    assert len(first) == 308, "the first batch is the set the seeded split was drawn from"
    assert {q.split for q in first} == {"dev", "test"}
    for stratum in {q.stratum for q in first}:
        members = [q for q in first if q.stratum == stratum]
        dev = sum(q.split == "dev" for q in members)
        assert abs(2 * dev - len(members)) <= 1, (stratum, dev, len(members))
    declines = [q for q in first if q.declined]
    assert {q.split for q in declines} == {"dev", "test"}


# What each later batch's gathering asked for: (questions, sourced, written, declines), at least.
LATER_BATCH_SIZES = {
    2: (120, 75, 25, 20),
    3: (100, 60, 20, 20),
    4: (110, 60, 20, 20),
    5: (115, 65, 20, 20),
    6: (125, 70, 26, 25),
    7: (130, 75, 28, 25),
    8: (130, 75, 28, 25),
    9: (130, 75, 28, 25),
    10: (130, 75, 28, 25),
    11: (130, 75, 28, 25),
    12: (130, 75, 28, 25),
    13: (130, 75, 28, 25),
    14: (130, 75, 28, 25),
    15: (130, 75, 28, 25),
    16: (130, 75, 28, 25),
}


def test_every_later_batch_is_dev_or_blind_by_design(real: list[RealQuestion]) -> None:
    later = [q for q in real if q.batch != FIRST_BATCH]
    assert later, "batch 2 is in the file"
    numbers = {q.batch for q in later}
    assert numbers == set(range(2, max(numbers) + 1)), "batches are numbered in order, none missed"
    assert numbers == set(LATER_BATCH_SIZES), "each later batch says what its gathering asked for"
    assert {q.split for q in later if q.batch < FIRST_BLIND_BATCH} == {"dev"}
    assert {q.split for q in later if q.batch >= FIRST_BLIND_BATCH} == {"blind"}


@pytest.mark.parametrize("number", sorted(LATER_BATCH_SIZES))
def test_each_later_batch_is_as_big_and_mixed_as_its_gathering_asked(
    real: list[RealQuestion], number: int
) -> None:
    size, sourced, written, declines = LATER_BATCH_SIZES[number]
    batch = [q for q in real if q.batch == number]
    assert len(batch) >= size
    assert_big_and_mixed(batch, sourced=sourced, written=written, declines=declines)


@pytest.mark.parametrize("number", sorted(LATER_BATCH_SIZES))
def test_each_later_batch_is_modelled_on_pages_no_earlier_batch_uses(
    real: list[RealQuestion], number: int
) -> None:
    earlier = {q.source for q in real if q.batch < number and q.source != WRITTEN}
    reused = {q.source for q in real if q.batch == number} & earlier
    assert reused == set()


def run_split_script(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(SPLIT_SCRIPT), *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_the_file_holds_the_splits_its_script_assigns() -> None:
    result = run_split_script("--check")
    assert result.returncode == 0, result.stderr


def test_the_split_script_writes_splits_and_check_catches_a_changed_one(tmp_path: Path) -> None:
    lines = ["# a tiny set", "questions:"]
    lines += [
        f'  - {{q: "question {n}", expect: faq:x, kind: forum, source: "https://e.org/{n}"}}'
        for n in range(6)
    ]
    lines += ['  - {q: "lunch?", expect: decline, kind: offtopic, source: written}'] * 2
    path = tmp_path / "set.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run_split_script(str(path), "--check").returncode == 1
    assert run_split_script(str(path)).returncode == 0
    assert run_split_script(str(path), "--check").returncode == 0
    written = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    assert Counter(q["split"] for q in written[:6]) == {"dev": 3, "test": 3}
    assert Counter(q["split"] for q in written[6:]) == {"dev": 1, "test": 1}
    assert path.read_text(encoding="utf-8").startswith("# a tiny set\n")
    text = path.read_text(encoding="utf-8")
    first_dev = text.index("split: dev")
    path.write_text(text[:first_dev] + "split: test" + text[first_dev + 10 :], encoding="utf-8")
    result = run_split_script(str(path), "--check")
    assert result.returncode == 1
    assert "splits differ from seed" in result.stderr


def test_a_later_batch_goes_to_dev_and_leaves_the_first_batch_split_as_before(
    tmp_path: Path,
) -> None:
    first = [
        f'  - {{q: "question {n}", expect: faq:x, kind: forum, source: "https://e.org/{n}"}}'
        for n in range(8)
    ]
    later = [
        f'  - {{q: "later {n}", expect: faq:x, kind: {kind}, source: written, batch: 2}}'
        for n, kind in enumerate(["forum", "chat", "offtopic", "forum", "story"])
    ]
    alone = tmp_path / "alone.yaml"
    alone.write_text("\n".join(["questions:", *first]) + "\n", encoding="utf-8")
    # The later items come first and in between, so line numbers shift too.
    mixed = tmp_path / "mixed.yaml"
    lines = ["questions:", *later[:2], *first[:4], *later[2:], *first[4:]]
    mixed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run_split_script(str(alone)).returncode == 0
    assert run_split_script(str(mixed)).returncode == 0
    before = yaml.safe_load(alone.read_text(encoding="utf-8"))["questions"]
    after = yaml.safe_load(mixed.read_text(encoding="utf-8"))["questions"]
    splits_before = {q["q"]: q["split"] for q in before}
    assert Counter(splits_before.values()) == {"dev": 4, "test": 4}
    assert {q["q"]: q["split"] for q in after if "batch" not in q} == splits_before
    assert [q["split"] for q in after if "batch" in q] == ["dev"] * len(later)
