"""Question words: what kind of question a text asks, how each answer's phrasings ask, and the
ranker told how alike the two are."""

from __future__ import annotations

import pytest

from bot.kb.compiled import Compiled
from bot.understanding.candidates import FEATURES, message_candidates, parts
from bot.understanding.question_kind import (
    QuestionKind,
    answer_kinds,
    clause_openers,
    question_kind,
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("who do the MLOps engineers mostly work with day to day?", QuestionKind.WHO),
        ("hey! which tools does a data scientist use", QuestionKind.WHAT),
        ("what's the difference between DS and MLE", QuestionKind.WHAT),
        ("how do I become a data engineer", QuestionKind.HOW),
        ("why monitor models at all", QuestionKind.WHY),
        ("when should we hire an MLOps engineer? who decides", QuestionKind.WHEN),
        ("where do data analysts go next", QuestionKind.WHERE),
        # "when" before its subject opens a clause: the question is asked with "how".
        ("when we retrain, how do we decide whether it goes live", QuestionKind.HOW),
        ("is python mandatory for data engineering", None),
    ],
)
def test_a_text_asks_with_its_first_question_word(
    compiled: Compiled, text: str, kind: QuestionKind | None
) -> None:
    assert question_kind(compiled.lexicon.read(text)) is kind


def test_an_answer_asks_as_its_phrasings_do(compiled: Compiled) -> None:
    read = compiled.lexicon.read
    kinds = answer_kinds([read("who owns it"), read("who does it"), read("what is it"), read("it")])
    assert kinds[QuestionKind.WHO] == 0.5
    assert kinds[QuestionKind.WHAT] == 0.25
    assert sum(kinds) == 0.75  # a phrasing with no question word asks with none
    owners = compiled.kinds[compiled.target_ids["stage_owner:deployment"]]
    assert max(QuestionKind, key=lambda kind: owners[kind]) is QuestionKind.WHO


def test_equal_kinds_of_the_compiled_knowledge_are_one_object(compiled: Compiled) -> None:
    distinct = set(compiled.kinds)
    assert len(distinct) < len(compiled.kinds)
    assert len({id(kinds) for kinds in compiled.kinds}) == len(distinct)


def test_the_ranker_is_told_which_answers_are_asked_with_the_same_question_word(
    compiled: Compiled,
) -> None:
    alike = FEATURES.index("asks_alike")
    found = message_candidates(compiled, "who do the MLOps engineers mostly work with day to day?")
    features = {compiled.targets[c.target].label: c.features for c in found if c.part == 0}
    collaborators = features["role_collaborators:mlops-engineer"][alike]
    assert collaborators > 0.5
    assert features["faq:day-in-life-mlops"][alike] < collaborators
    plain = message_candidates(compiled, "is python mandatory for data engineering")
    assert plain and all(c.features[alike] == 0.0 for c in plain)


def test_a_word_opening_a_clause_is_not_matched_as_a_question_word(compiled: Compiled) -> None:
    text = "when we retrain, how do we decide whether the new model goes live"
    reading = compiled.lexicon.read(text)
    assert clause_openers(reading.words) == [0]
    # Read as a part of a message, the condition's "when" is left out; the question's words
    # and what it names stay where they were read.
    (part,) = parts(compiled, text)
    assert part.reading.words == reading.words[1:]
    assert [(s.ref.id, part.reading.words[s.start]) for s in part.reading.spans] == [
        (s.ref.id, reading.words[s.start]) for s in reading.spans
    ]
    # "when" asking the question is kept.
    assert clause_openers(compiled.lexicon.read("when should we retrain").words) == []
