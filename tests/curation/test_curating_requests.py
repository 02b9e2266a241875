"""What curating controls carry: ids that fit Discord's 100 characters and read back as the
same request; anything rolebot did not make reads as nothing."""

from __future__ import annotations

import pytest

from adapters.curating.requests import (
    Act,
    Request,
    answer_subject,
    control_id,
    group_subject,
    parse,
)

LONGEST_ENTRY = "a" * 64  # an entry id at the models' limit
ANSWER = "0123456789abcdef"
DISCORD_CUSTOM_ID_LIMIT = 100


@pytest.mark.parametrize(
    "request_",
    [
        Request(Act.TEACH, group_subject("who signs off gpu spend"), LONGEST_ENTRY),
        Request(Act.TEACH, answer_subject(ANSWER), LONGEST_ENTRY),
        Request(Act.IGNORE, group_subject("x")),
        Request(Act.IGNORE, answer_subject(ANSWER)),
        Request(Act.OPEN, answer_subject(ANSWER)),
    ],
    ids=["teach-group", "teach-answer", "ignore-group", "ignore-answer", "open-answer"],
)
def test_a_control_reads_back_as_its_request_within_discords_limit(request_: Request) -> None:
    control = control_id(request_.act, request_.subject, request_.entry)
    assert len(control) <= DISCORD_CUSTOM_ID_LIMIT
    assert parse(control) == request_


def test_a_select_carries_the_entry_as_the_option_chosen() -> None:
    subject = group_subject("who signs off gpu spend")
    control = control_id(Act.PICK, subject)
    assert parse(control, "who-to-ask") == Request(Act.PICK, subject, "who-to-ask")
    assert parse(control) is None, "no option chosen"


@pytest.mark.parametrize(
    ("control", "chosen"),
    [
        ("rolebot:teach:g.0123456789ab", None),  # teach without an entry
        ("rolebot:pick:g.0123456789ab", "Not An Id"),
        ("rolebot:pick:g.0123456789ab", "a" * 65),
        ("rolebot:teach:g.0123:who-to-ask", None),  # a ref of the wrong length
        ("rolebot:teach:a.not-an-answer-id:who-to-ask", None),
        ("rolebot:teach:x.0123456789ab:who-to-ask", None),
        ("rolebot:delete:g.0123456789ab", None),
        ("rolebot:ignore:g.0123456789ab:who-to-ask", None),  # ignore takes no entry
        ("other:ignore:g.0123456789ab", None),
        ("rolebot:ignore", None),
    ],
    ids=[
        "no-entry",
        "bad-entry",
        "long-entry",
        "short-ref",
        "bad-answer",
        "bad-kind",
        "unknown-act",
        "ignore-entry",
        "namespace",
        "truncated",
    ],
)
def test_a_control_rolebot_did_not_make_reads_as_nothing(control: str, chosen: str | None) -> None:
    assert parse(control, chosen) is None
