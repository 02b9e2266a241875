"""A lead-in that only says where a question comes from ("system design interview: ...") is
context, not the question: the message is read from what follows it, so the answer about how
interviews differ does not win on the word "interview" alone."""

from __future__ import annotations

import pytest

from bot.kb.compiled import Compiled
from bot.understanding.candidates import parts
from bot.understanding.segments import split_message, without_framing


@pytest.mark.parametrize(
    ("text", "question"),
    [
        (
            "ML interview q: who usually owns the feature store?",
            "who usually owns the feature store?",
        ),
        (
            "interview question they always ask DEs - what does a data engineer deliver?",
            "what does a data engineer deliver?",
        ),
        (
            "coding interview: how would you test a model before release?",
            "how would you test a model before release?",
        ),
    ],
    ids=["colon", "dash", "two-word-kind"],
)
def test_a_framing_lead_in_is_left_out(text: str, question: str) -> None:
    assert without_framing(text) == question
    assert split_message(text).core == question


@pytest.mark.parametrize(
    "text",
    [
        "what do ML engineer interviews look like?",
        "interview questions for data engineers?",
        "how do DS and MLE interviews differ?",
        "my interview went badly because I could not explain drift: who monitors models?",
    ],
    ids=["about-interviews", "asks-for-questions", "compares-interviews", "a-story"],
)
def test_a_question_about_interviews_keeps_its_words(text: str) -> None:
    assert without_framing(text) == text
    assert "interview" in split_message(text).core


def test_no_part_of_a_framed_message_reads_the_framing(compiled: Compiled) -> None:
    read = parts(compiled, "MLOps interview q: who watches the models once they are live?")
    assert read
    assert all("interview" not in part.reading.words for part in read)
