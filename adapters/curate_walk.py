"""`rolebot curate`: walk the report's unanswered groups one by one at the terminal.

For each group: add its question to the suggested entry, pick another entry by fuzzy search,
start a new entry in $EDITOR, ignore it (it stops coming back), skip it for now, or quit. It
reads one answer per line, so it works piped (`printf 'a\ni\n' | rolebot curate`) as well as at
a terminal. Every change goes through the same checks as `rolebot teach`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from adapters.store import open_store, read_taught, store_exists
from adapters.teaching import teach_new_entry, teach_phrasing
from bot.curation.report import QuestionGroup, build_report
from bot.curation.teaching import already_taught, closest_entries
from bot.kb.base import KnowledgeBase
from bot.kb.compiled import Compiled
from bot.kb.taught import Taught
from bot.store.base import StoreError
from bot.store.settings import RecordingSettings

CHOICES = "a) add to suggested  p) pick another entry  n) new entry  i) ignore  s) skip  q) quit"


@dataclass(frozen=True, slots=True)
class Walk:
    """What the walk needs from the composition root."""

    settings: RecordingSettings
    compile_with: Callable[[Taught], Compiled]  # the knowledge with what was taught so far
    by: str
    edit: Callable[[Path], int]
    since: datetime
    top: int


def walk(plan: Walk, answers: TextIO, out: TextIO, err: TextIO) -> int:
    """Walk the groups; the exit status (0, or 1 when the store cannot be read)."""
    if not store_exists(plan.settings):
        out.write(f"nothing recorded yet ({plan.settings.where} does not exist)\n")
        return 0
    try:
        knowledge = plan.compile_with(read_taught(plan.settings))
        store = open_store(plan.settings)
        try:
            now = datetime.now(UTC)
            report = build_report(
                store, knowledge, plan.since, now, plan.top, store.ignored_questions()
            )
        finally:
            store.close()
    except StoreError as error:
        err.write(f"rolebot curate: {error}\n")
        return 1
    groups = [g for g in report.unanswered if not already_taught(knowledge.base, g.question)]
    if not groups:
        out.write("no unanswered questions to curate\n")
        return 0
    changed = 0
    for number, group in enumerate(groups, start=1):
        out.write(_describe(group, number, len(groups)))
        outcome = _one_group(plan, knowledge.base, group, answers, out, err)
        if outcome is None:
            break
        if outcome:
            changed += 1
            knowledge = plan.compile_with(read_taught(plan.settings))
    out.write(f"done: {changed} change(s) kept\n")
    return 0


def _one_group(
    plan: Walk,
    base: KnowledgeBase,
    group: QuestionGroup,
    answers: TextIO,
    out: TextIO,
    err: TextIO,
) -> bool | None:
    """Ask until the group is dealt with; True if something was kept, None to stop."""
    while True:
        out.write(f"{CHOICES}\n> ")
        choice = _line(answers)
        if choice is None or choice == "q":
            return None
        if choice == "s":
            return False
        if choice == "a" and group.closest is not None:
            return _teach(plan, base, group, group.closest.entry, out, err)
        if choice == "p":
            entry = _pick(base, answers, out)
            if entry is not None:
                return _teach(plan, base, group, entry, out, err)
            continue
        if choice == "n":
            return (
                teach_new_entry(
                    plan.settings,
                    base,
                    group.question,
                    by=plan.by,
                    edit=plan.edit,
                    out=out,
                    err=err,
                )
                == 0
            )
        if choice == "i":
            return _ignore(plan, group, out, err)
        out.write(
            "no suggested entry: pick one (p) or start a new one (n)\n"
            if choice == "a"
            else f"'{choice}' is not a choice\n"
        )


def _teach(
    plan: Walk,
    base: KnowledgeBase,
    group: QuestionGroup,
    entry: str,
    out: TextIO,
    err: TextIO,
) -> bool:
    return (
        teach_phrasing(plan.settings, base, group.question, entry, by=plan.by, out=out, err=err)
        == 0
    )


def _pick(base: KnowledgeBase, answers: TextIO, out: TextIO) -> str | None:
    """An entry id, by id or by fuzzy search over ids and titles; None to go back."""
    out.write("entry id or words to search for (empty: back)\n> ")
    wanted = _line(answers)
    if not wanted:
        return None
    if wanted in base.faq:
        return wanted
    found = closest_entries(base, wanted)
    if not found:
        out.write(f"no entry looks like '{wanted}'\n")
        return None
    for number, entry in enumerate(found, start=1):
        out.write(f"  {number}) {entry}: {base.faq[entry].title}\n")
    out.write("number (empty: back)\n> ")
    picked = _line(answers)
    if picked and picked.isdigit() and 1 <= int(picked) <= len(found):
        return found[int(picked) - 1]
    return None


def _ignore(plan: Walk, group: QuestionGroup, out: TextIO, err: TextIO) -> bool:
    try:
        store = open_store(plan.settings)
        try:
            for wording in (group.question, *group.wordings):
                store.ignore_question(wording, plan.by, datetime.now(UTC))
        finally:
            store.close()
    except StoreError as error:
        err.write(f"rolebot curate: {error}\n")
        return False
    out.write(f"ignored: '{group.question}' will not be reported again\n")
    return True


def _describe(group: QuestionGroup, number: int, total: int) -> str:
    lines = [f"\n[{number}/{total}] {group.asked}x  {group.question}"]
    if group.wordings:
        lines.append(f"      also asked as: {' | '.join(group.wordings)}")
    if group.closest is not None:
        closest = group.closest
        lines.append(
            f'      suggested: {closest.entry} "{closest.title}" (score {closest.score:.2f})'
        )
    else:
        lines.append("      suggested: none; consider a new entry")
    return "\n".join(lines) + "\n"


def _line(answers: TextIO) -> str | None:
    """The next answer, stripped; None at the end of input."""
    line = answers.readline()
    return None if not line else line.strip()
