"""The HTML report escapes whatever people typed."""

from __future__ import annotations


def test_what_people_typed_is_escaped() -> None:
    from datetime import UTC, datetime

    from bot.curation.report import QuestionGroup, Report
    from bot.curation.report_html import to_html

    typed = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
    group = QuestionGroup(typed, 2, 2, 0, 0, 0, (typed,), None)
    at = datetime(2026, 11, 30, tzinfo=UTC)
    html = to_html(Report(at, at, 2, 2, 2, 0, (group,), (), ()))
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img" in html
