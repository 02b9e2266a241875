"""The report as one self-contained HTML page with inline SVG charts (no scripts, no network).

Charts: questions per day, fallback rate per day, the unanswered groups with their suggested
entries, answers by intent, and entries ranked by "not helpful" votes. Every text that came
from users or the knowledge is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot.curation.report import CLOSE_ENOUGH, Report

WIDTH = 720  # px, every chart
BAR_HEIGHT = 22  # px, one row of a horizontal bar chart
LABEL_WIDTH = 260  # px, the labels left of horizontal bars
PLOT_HEIGHT = 180  # px, the plot area of the per-day charts
MARGIN = 48  # px, around the per-day plots (axis labels)
BLUE, RED, GREY = "#2f6db5", "#c0392b", "#8a8f98"

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 760px;
       color: #1d232b; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.figures { display: flex; gap: 1.5rem; flex-wrap: wrap; margin: 1rem 0; }
.figure { background: #f2f4f7; border-radius: 6px; padding: .6rem 1rem; }
.figure b { display: block; font-size: 1.4rem; }
svg text { font: 12px system-ui, sans-serif; fill: #1d232b; }
.empty { color: #5b6470; font-style: italic; }
table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .3rem;
  border-bottom: 1px solid #e1e4e8; vertical-align: top; }
.muted { color: #5b6470; font-size: .9em; }
"""


def to_html(report: Report) -> str:
    """The whole page."""
    since, until = (f"{at:%Y-%m-%d %H:%M} UTC" for at in (report.since, report.until))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>rolebot report: {escape(since)} to {escape(until)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>rolebot report</h1><p class='muted'>{escape(since)} to {escape(until)}</p>",
        '<div class="figures">',
        _figure("questions", report.questions),
        _figure("fallbacks", f"{report.fallbacks} ({report.fallback_rate:.1%})"),
        _figure('"none of these"', report.none_of_these),
        _figure("replies", report.replies),
        "</div>",
        "<h2>Questions per day</h2>",
        _questions_per_day(report),
        "<h2>Fallback rate per day</h2>",
        _fallback_rate(report),
        "<h2>Unanswered questions</h2>",
        _unanswered(report),
        "<h2>Answers by intent</h2>",
        _bars(
            "answers-by-intent",
            "Answers by intent",
            [
                (line.intent, line.replies, f"{line.replies} ({line.fallbacks} fallbacks)")
                for line in report.intents
            ],
            BLUE,
        ),
        '<h2>Entries ranked by "not helpful"</h2>',
        _bars(
            "not-helpful",
            'Entries ranked by "not helpful" votes',
            [
                (
                    f"{item.entry}: {item.title}",
                    item.not_helpful,
                    f"{item.not_helpful} not helpful, {item.helpful} helpful",
                )
                for item in report.unhelpful
            ],
            RED,
        ),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _figure(label: str, value: object) -> str:
    return f'<div class="figure"><b>{escape(str(value))}</b>{escape(label)}</div>'


def _svg(chart_id: str, title: str, height: int, body: Sequence[str]) -> str:
    return (
        f'<svg class="chart" id="{chart_id}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}"><title>{escape(title)}</title>' + "".join(body) + "</svg>"
    )


def _empty(chart_id: str, title: str, what: str) -> str:
    return _svg(chart_id, title, 40, [f'<text x="0" y="24" class="empty">{escape(what)}</text>'])


def _questions_per_day(report: Report) -> str:
    title = "Questions per day"
    if not report.days:
        return _empty("questions-per-day", title, "No questions in this window.")
    most = max(day.questions for day in report.days) or 1
    step = (WIDTH - 2 * MARGIN) / len(report.days)
    body = [_axis(most, "")]
    for number, day in enumerate(report.days):
        x = MARGIN + number * step
        height = PLOT_HEIGHT * day.questions / most
        fallen = PLOT_HEIGHT * day.fallbacks / most
        base = MARGIN + PLOT_HEIGHT
        tip = f"{day.day}: {day.questions} questions, {day.fallbacks} fallbacks"
        body.append(
            f'<rect class="bar" x="{x + 1:.1f}" y="{base - height:.1f}" '
            f'width="{max(step - 2, 1):.1f}" height="{height:.1f}" fill="{BLUE}">'
            f"<title>{escape(tip)}</title></rect>"
            f'<rect x="{x + 1:.1f}" y="{base - fallen:.1f}" width="{max(step - 2, 1):.1f}" '
            f'height="{fallen:.1f}" fill="{RED}" opacity="0.75"/>'
        )
    body.append(_day_labels(report, step))
    body.append(
        f'<text x="{WIDTH - MARGIN}" y="16" text-anchor="end">'
        f'<tspan fill="{BLUE}">■</tspan> questions <tspan fill="{RED}">■</tspan> fallbacks'
        "</text>"
    )
    return _svg("questions-per-day", title, PLOT_HEIGHT + 2 * MARGIN, body)


def _fallback_rate(report: Report) -> str:
    title = "Fallback rate per day"
    days = [day for day in report.days if day.questions]
    if not days:
        return _empty("fallback-rate", title, "No questions in this window.")
    step = (WIDTH - 2 * MARGIN) / max(len(days) - 1, 1)
    points = []
    for number, day in enumerate(days):
        x = MARGIN + number * step if len(days) > 1 else WIDTH / 2
        y = MARGIN + PLOT_HEIGHT * (1 - day.fallbacks / day.questions)
        points.append((x, y, f"{day.day}: {day.fallbacks / day.questions:.0%} fallbacks"))
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
    body = [
        _axis(100, "%"),
        f'<polyline points="{path}" fill="none" stroke="{RED}" stroke-width="2"/>',
    ]
    body.extend(
        f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{RED}">'
        f"<title>{escape(tip)}</title></circle>"
        for x, y, tip in points
    )
    return _svg("fallback-rate", title, PLOT_HEIGHT + 2 * MARGIN, body)


def _axis(top: int, unit: str) -> str:
    """A baseline, a top line and their values, for the per-day plots."""
    bottom = MARGIN + PLOT_HEIGHT
    return (
        f'<line x1="{MARGIN}" y1="{bottom}" x2="{WIDTH - MARGIN}" y2="{bottom}" '
        f'stroke="{GREY}"/>'
        f'<line x1="{MARGIN}" y1="{MARGIN}" x2="{WIDTH - MARGIN}" y2="{MARGIN}" '
        f'stroke="#e1e4e8" stroke-dasharray="4 3"/>'
        f'<text x="{MARGIN - 6}" y="{bottom + 4}" text-anchor="end">0</text>'
        f'<text x="{MARGIN - 6}" y="{MARGIN + 4}" text-anchor="end">{top}{unit}</text>'
    )


def _day_labels(report: Report, step: float) -> str:
    """The first and last day under the plot (and the middle one when there are many)."""
    days = report.days
    shown = {0, len(days) - 1} | ({len(days) // 2} if len(days) > 4 else set())
    y = MARGIN + PLOT_HEIGHT + 18
    return "".join(
        f'<text x="{MARGIN + n * step + step / 2:.1f}" y="{y}" text-anchor="middle">'
        f"{days[n].day:%b %d}</text>"
        for n in sorted(shown)
    )


def _bars(chart_id: str, title: str, rows: list[tuple[str, int, str]], colour: str) -> str:
    """A horizontal bar chart: one labelled row per item, longest first as given."""
    if not rows:
        return _empty(chart_id, title, "Nothing in this window.")
    most = max(value for _, value, _ in rows) or 1
    room = WIDTH - LABEL_WIDTH - 160
    body = []
    for number, (label, value, caption) in enumerate(rows):
        y = number * BAR_HEIGHT
        length = max(room * value / most, 1)
        short = label if len(label) <= 36 else f"{label[:35]}…"
        body.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{escape(short)}'
            f"<title>{escape(label)}</title></text>"
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y + 3}" width="{length:.1f}" '
            f'height="{BAR_HEIGHT - 6}" fill="{colour}"><title>{escape(caption)}</title></rect>'
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 15}">{escape(caption)}</text>'
        )
    return _svg(chart_id, title, len(rows) * BAR_HEIGHT + 6, body)


def _unanswered(report: Report) -> str:
    """The groups as a bar chart of how often each was asked, then their suggested entries."""
    groups = report.unanswered
    chart = _bars(
        "unanswered",
        "Unanswered questions, most asked first",
        [(group.question, group.asked, f"{group.asked}x") for group in groups],
        GREY,
    )
    if not groups:
        return chart
    rows = []
    for group in groups:
        closest = group.closest
        if closest is None or closest.score < CLOSE_ENOUGH:
            suggestion = "<span class='muted'>none close: consider a new entry</span>"
        else:
            suggestion = (
                f"<code>{escape(closest.entry)}</code> {escape(closest.title)} "
                f"<span class='muted'>(score {closest.score:.2f})</span>"
            )
        others = (
            f"<br><span class='muted'>also: {escape(' | '.join(group.wordings))}</span>"
            if group.wordings
            else ""
        )
        rows.append(
            f"<tr><td>{group.asked}x</td><td>{escape(group.question)}{others}</td>"
            f"<td>{suggestion}</td></tr>"
        )
    return (
        chart
        + "<table class='suggestions'><tr><th>asked</th><th>question</th>"
        + "<th>suggested entry</th></tr>"
        + "".join(rows)
        + "</table>"
        + "<p class='muted'>Add a question to an entry with <code>rolebot teach \"QUESTION\" "
        + "--entry ENTRY</code>, or walk them all with <code>rolebot curate</code>.</p>"
    )
