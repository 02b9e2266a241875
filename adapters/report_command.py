"""`rolebot report`: the curators' summary of a window of recorded use."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TextIO

from adapters.store import open_store, store_exists
from bot.curation.report import Report, build_report
from bot.curation.report_format import ReportFormat, render
from bot.kb.compiled import Compiled
from bot.store.base import StoreError
from bot.store.settings import RecordingSettings


def window_start(since: str | None, days: int, now: datetime) -> datetime:
    """The window's start: ``--since`` as a date (YYYY-MM-DD, UTC) or a number of days ago,
    else ``--days`` ago. Raises ValueError on anything else."""
    if since is None:
        return now - timedelta(days=days)
    if since.strip().isdigit():
        return now - timedelta(days=int(since))
    return datetime.combine(date.fromisoformat(since.strip()), time(), tzinfo=UTC)


def report(
    settings: RecordingSettings,
    knowledge: Compiled,
    *,
    since: str | None,
    days: int,
    form: str,
    top: int,
    out: TextIO,
    err: TextIO,
    now: datetime | None = None,
    output: Path | None = None,
) -> int:
    """Print the report for the window (to `output` when given); exit status 1 if the store
    cannot be read or `output` cannot be written."""
    until = now or datetime.now(UTC)
    try:
        start = window_start(since, days, until)
    except ValueError:
        err.write(f"rolebot report: --since wants YYYY-MM-DD or a number of days, not {since!r}\n")
        return 2
    if start > until:
        err.write(f"rolebot report: --since {since} is in the future\n")
        return 2
    if not store_exists(settings):  # reading must not create a store
        err.write(f"rolebot report: nothing recorded yet ({settings.where} does not exist)\n")
        summary = Report(start, until, 0, 0, 0, 0, (), (), ())
    else:
        try:
            store = open_store(settings)
            try:
                summary = build_report(
                    store, knowledge, start, until, top, store.ignored_questions()
                )
            finally:
                store.close()
        except StoreError as error:
            err.write(f"rolebot report: {error}\n")
            return 1
    text = render(summary, ReportFormat(form))
    if output is None:
        out.write(text)
        return 0
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        err.write(f"rolebot report: cannot write {output}: {error.strerror or error}\n")
        return 1
    err.write(f"rolebot report: wrote {output}\n")
    return 0
