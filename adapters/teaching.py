"""`rolebot teach` and `rolebot curate export`: taught knowledge in the store, checked first.

A change is checked with the runtime matcher (`bot.curation.teaching`) against the knowledge as
it serves (shipped, team folders and everything taught so far) and kept as a row in the store
only when it passes, with who taught it and when.
"""

from __future__ import annotations

import getpass
import json
import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

import yaml
from pydantic import ValidationError

from adapters.store import open_store
from bot.curation.teaching import Verdict, check_entry, check_phrasing
from bot.kb.base import KnowledgeBase
from bot.kb.files import UnreadableFile, read_knowledge
from bot.kb.loader import field_problem
from bot.kb.models import FaqEntry, FaqFile
from bot.kb.taught import Taught
from bot.kb.yaml_lines import parse
from bot.store.base import StoreError
from bot.store.settings import RecordingSettings
from bot.store.sql import SqlStore

PHRASINGS_EXPORT = "taught-phrasings.yaml"
ENTRIES_EXPORT = "taught-entries.yaml"
TEMPLATE = """\
# A new FAQ entry. Fill it in, save and close the editor; rolebot checks it before keeping it.
# Lines starting with '#' are ignored. Quote a value that has ' #' in it or is just a number,
# yes/no or a date. See knowledge/README.md.
faq:
  - id: {entry_id}
    title: {title}
    phrasings:            # at least four ways people ask it
      - {question}
      -
      -
      -
    answer: |
      Write the answer here (at most 1,200 characters; **bold**, - bullets, `code`, links).
    roles: []             # role ids it is about, e.g. [ml-engineer]
    related: []           # other entry ids to offer as follow-ups
"""


def curator() -> str:
    """Who is teaching from this terminal, as recorded with each change."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


@dataclass(frozen=True, slots=True)
class Teaching:
    """The outcome of teaching one phrasing: the matcher's verdict and, when it was kept, its
    row in the store (`number`), or why the store could not keep it (`error`)."""

    verdict: Verdict
    number: int | None = None
    error: str | None = None

    @property
    def kept(self) -> bool:
        """True when the phrasing was added now."""
        return self.number is not None


def keep_phrasing(
    opened: Callable[[], SqlStore],
    base: KnowledgeBase,
    question: str,
    entry_id: str,
    *,
    by: str,
    force: bool = False,
) -> Teaching:
    """The one way a phrasing is taught, from the terminal or from chat: checked with the
    runtime matcher on `base` (the knowledge as it serves), and kept in the store `opened`
    returns only if it passes, with who (`by`) and when."""
    verdict = check_phrasing(base, entry_id, question, force=force)
    if verdict.already_there or not verdict.ok:
        return Teaching(verdict)
    try:
        store = opened()
        try:
            number = store.teach_phrasing(entry_id, question.strip(), by, datetime.now(UTC))
        finally:
            store.close()
    except StoreError as error:
        return Teaching(verdict, error=str(error))
    return Teaching(verdict, number=number)


def teach_phrasing(
    settings: RecordingSettings,
    base: KnowledgeBase,
    question: str,
    entry_id: str,
    *,
    by: str,
    out: TextIO,
    err: TextIO,
    force: bool = False,
) -> int:
    """Add `question` to entry `entry_id` if the matcher agrees; 0 when kept or already there."""
    teaching = keep_phrasing(
        lambda: open_store(settings), base, question, entry_id, by=by, force=force
    )
    if teaching.verdict.already_there:
        out.write(f"entry '{entry_id}' already has the phrasing '{question.strip()}'\n")
        return 0
    if not _report_refusal(teaching.verdict, "teach", err):
        return 1
    if teaching.error is not None:
        err.write(f"rolebot teach: {teaching.error}\n")
        return 1
    out.write(
        f"taught: '{question.strip()}' -> entry '{entry_id}' "
        f"(taught:{teaching.number}, by {by}, in {settings.where})\n"
    )
    return 0


def teach_new_entry(
    settings: RecordingSettings,
    base: KnowledgeBase,
    question: str,
    *,
    by: str,
    edit: Callable[[Path], int],
    out: TextIO,
    err: TextIO,
) -> int:
    """Start a new entry from the template in an editor; keep it if it loads and routes."""
    draft = Path(tempfile.mkstemp(prefix="rolebot-entry-", suffix=".yaml")[1])
    draft.write_text(
        TEMPLATE.format(
            entry_id=_suggested_id(question, base),
            title=json.dumps(_title(question)),  # a JSON string is a quoted YAML string
            question=json.dumps(question.strip()),
        ),
        encoding="utf-8",
    )
    if edit(draft) != 0:
        err.write(f"rolebot teach: the editor failed; the draft is in {draft}\n")
        return 1
    try:
        text = read_knowledge(draft)  # the same bound as every knowledge file: 1 MiB of UTF-8
    except UnreadableFile as error:
        err.write(f"{draft}:{error.line}: {error.message}\n")
        err.write(f"rolebot teach: not kept; fix the draft in {draft} and run teach again\n")
        return 1
    entry, problems = _parse_entry(text, str(draft))
    if entry is not None:
        if entry.id in base.faq:
            problems.append(f"{draft}: entry '{entry.id}' exists; teach phrasings to it instead")
        else:
            verdict = check_entry(base, entry.record())
            problems.extend(f"{draft}: {problem}" for problem in verdict.problems)
    if problems or entry is None:
        for problem in problems:
            err.write(f"{problem}\n")
        err.write(f"rolebot teach: not kept; fix the draft in {draft} and run teach again\n")
        return 1
    try:
        store = open_store(settings)
        try:
            number = store.teach_entry(entry.id, _entry_yaml(entry), by, datetime.now(UTC))
        finally:
            store.close()
    except StoreError as error:
        err.write(f"rolebot teach: {error}\n")
        return 1
    draft.unlink(missing_ok=True)
    out.write(f"taught: new entry '{entry.id}' (taught entry {number}, by {by})\n")
    return 0


def run_editor(path: Path) -> int:
    """Open `path` in $VISUAL or $EDITOR (else vi) and wait; the editor's exit status."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        return subprocess.call([*shlex.split(editor), str(path)])
    except OSError:
        return 127


def export(taught: Taught, directory: Path, out: TextIO) -> int:
    """Write what was taught as knowledge YAML: added phrasings and new entries, one file
    each, for a team to keep in git and load with `--knowledge DIR`."""
    directory.mkdir(parents=True, exist_ok=True)
    by_entry: dict[str, list[str]] = {}
    for phrasing in taught.phrasings:
        by_entry.setdefault(phrasing.entry, []).append(phrasing.phrasing)
    written = []
    if by_entry:
        phrasings = [{"entry": entry, "add": added} for entry, added in by_entry.items()]
        path = directory / PHRASINGS_EXPORT
        path.write_text(
            "# Phrasings taught with `rolebot teach`, exported by `rolebot curate export`.\n"
            + _dump({"phrasings": phrasings}),
            encoding="utf-8",
        )
        written.append(path)
    if taught.entries:
        entries = [yaml.safe_load(entry.text)["faq"][0] for entry in taught.entries]
        path = directory / ENTRIES_EXPORT
        path.write_text(
            "# Entries written with `rolebot teach --new`, exported by `rolebot curate export`.\n"
            + _dump({"faq": entries}),
            encoding="utf-8",
        )
        written.append(path)
    count = (
        f"{_plural(len(taught.phrasings), 'phrasing', 'phrasings')} and "
        f"{_plural(len(taught.entries), 'new entry', 'new entries')}"
    )
    if not written:
        out.write("nothing has been taught yet\n")
    for path in written:
        out.write(f"wrote {path}\n")
    out.write(f"exported {count}; check with: rolebot validate --knowledge {directory}\n")
    return 0


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _report_refusal(verdict: Verdict, command: str, err: TextIO) -> bool:
    """Print why a change is refused; True when it is not refused."""
    for problem in verdict.problems:
        err.write(f"rolebot {command}: {problem}\n")
    if not verdict.ok:
        err.write(f"rolebot {command}: nothing was changed\n")
    return verdict.ok


def _parse_entry(text: str, file: str) -> tuple[FaqEntry | None, list[str]]:
    """The one entry of an edited draft, or the problems with it as `file:line: message`."""
    doc = parse(text, file)
    if doc.problems:
        return None, [str(problem) for problem in doc.problems]
    try:
        parsed = FaqFile.model_validate(_without_blank_items(doc.data))
    except ValidationError as error:
        return None, [str(field_problem(doc, detail)) for detail in error.errors()]
    if len(parsed.faq) != 1:
        return None, [f"{file}:1: write exactly one entry"]
    return parsed.faq[0], []


def _without_blank_items(data: object) -> object:
    """The template's empty `- ` phrasing lines, dropped rather than reported."""
    if isinstance(data, dict):
        return {key: _without_blank_items(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_without_blank_items(item) for item in data if item is not None]
    return data


def _entry_yaml(entry: FaqEntry) -> str:
    return _dump({"faq": [entry.model_dump(exclude_defaults=True)]})


def _dump(data: object) -> str:
    text: str = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return text


def _suggested_id(question: str, base: KnowledgeBase) -> str:
    kept = "".join(c if c.isascii() and c.isalnum() else " " for c in question.lower())
    stem = "-".join(kept.split()[:6])[:56].strip("-") or "new-entry"
    candidate, number = stem, 2
    while candidate in base.faq:
        candidate, number = f"{stem}-{number}", number + 1
    return candidate


def _title(question: str) -> str:
    text = question.strip().rstrip("?") or "New entry"
    return f"{text[0].upper()}{text[1:]}?"
