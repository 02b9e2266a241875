"""Every rendered message stays within Slack's limits, however long or odd the reply."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from slack_sdk.models.blocks import HeaderBlock

from adapters.slack_app.render import (
    BLOCKS_PER_MESSAGE,
    BUTTON_TEXT_LIMIT,
    BUTTON_VALUE_LIMIT,
    HEADER_TEXT_LIMIT,
    MESSAGE_BLOCK_TEXT_BUDGET,
    MESSAGE_TEXT_LIMIT,
    SECTION_TEXT_LIMIT,
    TABLE_TEXT_LIMIT,
    render,
)
from adapters.slack_app.send import RESPONSE_URL_USES
from bot import Bot
from bot.kb.files import SHIPPED_KNOWLEDGE
from bot.reply import BODY_LIMIT, Label, Provenance, Reply, ReplyKind, Suggestion, Table
from testkit.fake_slack import FakeSlack
from testkit.slack_harness import SlackRequests, button_click, fixture, slash_command
from tests.slack.conftest import Connect


def _text_chars(value: Any) -> int:
    if isinstance(value, dict):
        own = len(value["text"]) if isinstance(value.get("text"), str) else 0
        return own + sum(_text_chars(v) for v in value.values())
    if isinstance(value, list):
        return sum(_text_chars(v) for v in value)
    return 0


def assert_within_limits(message: dict[str, Any]) -> None:
    """One message as posted: blocks, sections, header, buttons and table within Slack's limits."""
    blocks = message["blocks"]
    assert 0 < len(blocks) <= BLOCKS_PER_MESSAGE
    assert len(message["text"]) <= MESSAGE_TEXT_LIMIT
    assert (
        _text_chars(blocks)
        - sum(len(e["value"]) for b in blocks if b["type"] == "actions" for e in b["elements"])
        <= MESSAGE_BLOCK_TEXT_BUDGET
    )
    assert sum(b["type"] == "table" for b in blocks) <= 1
    for block in blocks:
        match block["type"]:
            case "header":
                assert 0 < len(block["text"]["text"]) <= HEADER_TEXT_LIMIT
            case "section":
                assert 0 < len(block["text"]["text"]) <= SECTION_TEXT_LIMIT
            case "actions":
                for button in block["elements"]:
                    assert 0 < len(button["text"]["text"]) <= BUTTON_TEXT_LIMIT
                    assert len(button["value"]) <= BUTTON_VALUE_LIMIT
            case "table":
                cells = [cell["text"] for row in block["rows"] for cell in row]
                assert all(cells) and sum(map(len, cells)) <= TABLE_TEXT_LIMIT
            case "context":
                pass
            case other:
                raise AssertionError(f"unexpected block {other}")


def test_the_limits_are_slacks() -> None:
    slack = fixture("limits.json")["slack"]
    assert HeaderBlock.text_max_length == HEADER_TEXT_LIMIT
    assert slack["section_block_text_max_chars"]["value"] == SECTION_TEXT_LIMIT
    assert slack["blocks_per_message_max"]["value"] == BLOCKS_PER_MESSAGE
    assert slack["button_text_max_chars"]["value"] == BUTTON_TEXT_LIMIT
    assert slack["button_value_max_chars"]["value"] == BUTTON_VALUE_LIMIT
    assert slack["message_text_truncated_above_chars"]["value"] == MESSAGE_TEXT_LIMIT
    assert MESSAGE_BLOCK_TEXT_BUDGET < 13_200  # slack["observed_msg_blocks_too_long"]


def long_reply(body: str, *, rows: int = 20, label: str = "x") -> Reply:
    return Reply(
        ReplyKind.ANSWER,
        "T" * 150 + "&",
        body,
        Provenance(Label.FAQ, "entry", "m" * 500, 0.9),
        Table(("a", "b", "c"), tuple((str(i), "&" * 400, "<" * 400) for i in range(rows))),
        tuple(Suggestion(label * 80, "q" * 3000) for _ in range(5)),
    )


def test_a_reply_at_the_core_body_limit_fits_in_two_messages() -> None:
    # No markup: converting it would shorten the body and let it fit one message.
    paragraph = "Owner: ML engineer and co. " + "word " * 200
    body = "\n\n".join([paragraph] * 40)[:BODY_LIMIT]
    reply = Reply(
        ReplyKind.ANSWER,
        "A long answer",
        body,
        Provenance(Label.FAQ, "entry", "long", 0.9),
        Table(("", "A", "B"), (("Focus", "x", "y"),)),
        (Suggestion("Next?", "next"),),
    )
    messages = [m.to_dict() for m in render(reply)]
    for message in messages:
        assert_within_limits(message)
    assert len(messages) == 2
    kinds = [b["type"] for m in messages for b in m["blocks"]]
    assert kinds == ["header", *["section"] * (len(kinds) - 3), "table", "actions"]
    assert messages[1]["text"] == "A long answer (continued)"


def test_text_without_spaces_is_still_split_and_kept() -> None:
    body = "&" * 40_000  # grows five times when escaped, and offers no place to cut
    messages = [m.to_dict() for m in render(long_reply(body))]
    for message in messages:
        assert_within_limits(message)
    sections = [b["text"]["text"] for m in messages for b in m["blocks"] if b["type"] == "section"]
    assert "".join(sections) == "&amp;" * 40_000


def test_many_lines_never_exceed_fifty_blocks() -> None:
    body = "\n\n".join(f"- item {i}" for i in range(3000))
    for message in render(long_reply(body)):
        assert_within_limits(message.to_dict())


@settings(max_examples=150, deadline=None)
@given(
    body=st.text(min_size=1, max_size=20_000),
    label=st.text(min_size=1, max_size=3),
    rows=st.integers(min_value=0, max_value=120),
)
def test_any_reply_renders_within_limits(body: str, label: str, rows: int) -> None:
    for message in render(long_reply(body, rows=rows, label=label)):
        assert_within_limits(message.to_dict())  # to_dict also runs slack_sdk's own validation


async def _huge_role(connect: Connect, directory: Path, parts: int) -> SlackRequests:
    """rolebot with the ML engineer replaced by a team's very long write-up."""
    roles = yaml.safe_load((SHIPPED_KNOWLEDGE / "roles.yaml").read_text(encoding="utf-8"))
    [mle] = [r for r in roles["roles"] if r["id"] == "ml-engineer"]
    mle["description"] = "\n\n".join(
        f"Part {n}: R&D <models> & pipelines. " + "Ships models to production. " * 40
        for n in range(parts)
    )
    mle["responsibilities"] = [f"Duty {n} & more <care>" for n in range(200)]
    (directory / "roles.yaml").write_text(yaml.safe_dump(roles), encoding="utf-8")
    return await connect(Bot.from_directories([directory]))


async def test_a_huge_answer_shows_a_screen_within_limits_and_more_continues_it(
    connect: Connect, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    slack = await _huge_role(connect, tmp_path, parts=30)
    await slack.command(slash_command("role mle", fake_slack.response_url("huge")))
    [first] = await fake_slack.wait_for_posts(1)
    assert_within_limits(first.args)
    assert first.args["response_type"] == "in_channel"
    assert "Part 0: R&amp;D &lt;models&gt; &amp; pipelines." in first.visible_text()
    more = first.suggestions[0]
    assert (more["text"]["text"], more["value"]) == ("More", "more")

    await slack.action(button_click(more["value"], fake_slack.response_url("more")))
    _, continued = await fake_slack.wait_for_posts(2)
    assert_within_limits(continued.args)
    assert continued.headers == ["ML engineer (continued)"]
    assert "Ships models to production." in continued.visible_text()
    assert "Part 0: R&amp;D" not in continued.visible_text(), "the next screen, not the first"


async def _ampersand_pair(connect: Connect, directory: Path) -> SlackRequests:
    """rolebot with the DS/MLE difference all "&": escaping makes it five times longer. A
    comparison is not paged (its table is the answer), so the whole of it is sent."""
    pairs = yaml.safe_load((SHIPPED_KNOWLEDGE / "pairs.yaml").read_text(encoding="utf-8"))
    [pair] = [p for p in pairs["pairs"] if p["roles"] == ["data-scientist", "ml-engineer"]]
    pair["difference"] = "&" * 15_000
    (directory / "pairs.yaml").write_text(yaml.safe_dump(pairs), encoding="utf-8")
    return await connect(Bot.from_directories([directory]))


async def test_an_answer_too_long_for_a_response_url_is_cut_to_five_messages(
    connect: Connect, fake_slack: FakeSlack, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    slack = await _ampersand_pair(connect, tmp_path)
    await slack.command(slash_command("compare ds mle", fake_slack.response_url("huge")))
    await fake_slack.wait_until(lambda: "reply cut from" in caplog.text)
    await fake_slack.wait_for_posts(RESPONSE_URL_USES)
    assert "could not answer" not in caplog.text
    for post in fake_slack.posts:
        assert_within_limits(post.args)
