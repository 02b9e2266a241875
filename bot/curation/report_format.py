"""The report as text for people, CSV for spreadsheets and JSON for tools."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from enum import Enum

from bot.curation.report import CLOSE_ENOUGH, QuestionGroup, Report
from bot.reply import Table, table_lines


class ReportFormat(Enum):
    """The output formats of `rolebot report`."""

    TEXT = "text"
    CSV = "csv"
    JSON = "json"
    HTML = "html"


CSV_COLUMNS = (
    "section",
    "item",
    "title",
    "count",
    "declined",
    "clarified",
    "low_confidence",
    "none_of_these",
    "helpful",
    "not_helpful",
    "fallbacks",
    "closest_entry",
    "closest_score",
    "wordings",
)


def render(report: Report, form: ReportFormat) -> str:
    """The report in one format, ending with a newline."""
    match form:
        case ReportFormat.TEXT:
            return to_text(report)
        case ReportFormat.CSV:
            return to_csv(report)
        case ReportFormat.JSON:
            return json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n"
        case ReportFormat.HTML:
            from bot.curation.report_html import to_html

            return to_html(report)


def _day(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M UTC")


def _how(group: QuestionGroup) -> str:
    parts = [
        f"{n} {label}"
        for n, label in (
            (group.declined, "declined"),
            (group.clarified, "clarified"),
            (group.low_confidence, "low confidence"),
            (group.none_of_these, '"none of these"'),
        )
        if n
    ]
    return ", ".join(parts)


def to_text(report: Report) -> str:
    """A plain-text report for a terminal or an e-mail."""
    lines = [
        f"rolebot report: {_day(report.since)} to {_day(report.until)}",
        "",
        f"Replies: {report.replies} ({report.questions} to questions); "
        f"fallbacks: {report.fallbacks} ({report.fallback_rate:.1%} of questions); "
        f'"none of these": {report.none_of_these}',
        "",
        "Most frequent unanswered questions",
    ]
    if not report.unanswered:
        lines.append("  (none)")
    for group in report.unanswered:
        lines.append(f"  {group.asked:>4}x  {group.question}")
        lines.append(f"         {_how(group)}")
        if group.wordings:
            lines.append("         also asked as: " + " | ".join(group.wordings))
        closest = group.closest
        if closest is None:
            lines.append("         closest entry: none; consider a new entry")
        elif closest.score < CLOSE_ENOUGH:
            lines.append(
                f"         closest entry: none close (nearest {closest.entry}, score "
                f"{closest.score:.2f}); consider a new entry"
            )
        else:
            lines.append(
                f'         closest entry: {closest.entry} "{closest.title}" '
                f'(score {closest.score:.2f}, nearest phrasing "{closest.phrasing}"): '
                "add the question as a phrasing if it fits"
            )
    lines += ["", 'Entries with the most "not helpful" votes']
    if report.unhelpful:
        table = Table(
            ("not helpful", "helpful", "entry", "title"),
            tuple((str(f.not_helpful), str(f.helpful), f.entry, f.title) for f in report.unhelpful),
        )
        lines += ["  " + line for line in table_lines(table, max_cell=60)]
    else:
        lines.append("  (none)")
    lines += ["", "Answers by intent"]
    if report.intents:
        table = Table(
            ("intent", "replies", "fallbacks"),
            tuple((i.intent, str(i.replies), str(i.fallbacks)) for i in report.intents),
        )
        lines += ["  " + line for line in table_lines(table)]
    else:
        lines.append("  (none)")
    return "\n".join(lines) + "\n"


def to_csv(report: Report) -> str:
    """One long table: the `section` column says which part of the report a row belongs to."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    summary = {
        "replies": report.replies,
        "questions": report.questions,
        "fallbacks": report.fallbacks,
        "fallback_rate": round(report.fallback_rate, 4),
        "none_of_these": report.none_of_these,
    }
    for item, value in summary.items():
        writer.writerow({"section": "summary", "item": item, "count": value})
    for group in report.unanswered:
        writer.writerow(
            {
                "section": "unanswered",
                "item": group.question,
                "count": group.asked,
                "declined": group.declined,
                "clarified": group.clarified,
                "low_confidence": group.low_confidence,
                "none_of_these": group.none_of_these,
                "closest_entry": group.closest.entry if group.closest else "",
                "closest_score": group.closest.score if group.closest else "",
                "wordings": " | ".join(group.wordings),
            }
        )
    for feedback in report.unhelpful:
        writer.writerow(
            {
                "section": "unhelpful",
                "item": feedback.entry,
                "title": feedback.title,
                "helpful": feedback.helpful,
                "not_helpful": feedback.not_helpful,
            }
        )
    for intent in report.intents:
        writer.writerow(
            {
                "section": "intent",
                "item": intent.intent,
                "count": intent.replies,
                "fallbacks": intent.fallbacks,
            }
        )
    return out.getvalue()


def to_json(report: Report) -> dict[str, object]:
    """The report as plain JSON values."""
    return {
        "since": report.since.isoformat(),
        "until": report.until.isoformat(),
        "replies": report.replies,
        "questions": report.questions,
        "fallbacks": report.fallbacks,
        "fallback_rate": round(report.fallback_rate, 4),
        "none_of_these": report.none_of_these,
        "unanswered": [
            {
                "question": g.question,
                "asked": g.asked,
                "declined": g.declined,
                "clarified": g.clarified,
                "low_confidence": g.low_confidence,
                "none_of_these": g.none_of_these,
                "wordings": list(g.wordings),
                "closest": None
                if g.closest is None
                else {
                    "entry": g.closest.entry,
                    "title": g.closest.title,
                    "phrasing": g.closest.phrasing,
                    "score": g.closest.score,
                },
            }
            for g in report.unanswered
        ],
        "unhelpful": [
            {
                "entry": f.entry,
                "title": f.title,
                "helpful": f.helpful,
                "not_helpful": f.not_helpful,
            }
            for f in report.unhelpful
        ],
        "intents": [
            {"intent": i.intent, "replies": i.replies, "fallbacks": i.fallbacks}
            for i in report.intents
        ],
    }
