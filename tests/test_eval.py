"""The labelled question set holds the engine to its accuracy and stays apart from the knowledge."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.answering.policy import default_policy
from bot.curation.evaluation import (
    DECLINE,
    QUESTION_SET_VALUES,
    REAL_SET,
    Outcome,
    QuestionSet,
    Report,
    Turn,
    evaluate,
    load_question_set,
    standard_sets,
)
from bot.kb.base import KnowledgeBase
from bot.kb.problems import KnowledgeError
from bot.kb.yaml_lines import MAX_VALUES, parse
from bot.understanding.text import normalize
from tests.hostile_knowledge import CATALOGUE, plant

MIN_ACCURACY = 0.97  # issue 11: the existing set stays at 97% or more


@pytest.fixture(scope="module")
def report(shipped: KnowledgeBase) -> Report:
    return evaluate(shipped, load_question_set())


def test_accuracy_on_the_question_set(report: Report) -> None:
    mistakes = [(o.turn.q, o.got) for o in report.outcomes if not o.right]
    assert report.accuracy >= MIN_ACCURACY, mistakes


def test_every_off_topic_question_is_declined(report: Report) -> None:
    answered = [
        (o.turn.q, o.got)
        for o in report.outcomes
        if o.turn.expect == [DECLINE] and o.got not in (DECLINE, "clarify")
    ]
    assert answered == []


def test_question_set_is_big_and_varied_enough() -> None:
    question_set = load_question_set()
    turns = [t for conversation in question_set.all_turns() for t in conversation]
    assert len(turns) >= 250
    assert len(question_set.offtopic) >= 40
    assert len(question_set.conversations) >= 5
    kinds = {t.kind for t in turns}
    assert {"typo", "abbreviation", "follow-up", "offtopic", "paraphrase"} <= kinds


def test_questions_are_not_copies_of_knowledge_phrasings(shipped: KnowledgeBase) -> None:
    phrasings = {normalize(p) for entry in shipped.faq.values() for p in entry.phrasings}
    turns = [t for conversation in load_question_set().all_turns() for t in conversation]
    copied = [t.q for t in turns if normalize(t.q) in phrasings]
    assert copied == []


def test_every_label_names_something_that_exists(shipped: KnowledgeBase) -> None:
    known = {"faq": set(shipped.faq), "stage_owner": set(shipped.stages)}
    known |= {"tool_users": set(shipped.tools), "compare": set(), "onboard": set(shipped.roles)}
    known |= {"welcome": {""}}  # a newcomer's welcome is about no entry
    turns = [t for conversation in load_question_set().all_turns() for t in conversation]
    for turn in turns:
        for expected in turn.expect:
            if expected == DECLINE:
                continue
            intent, _, entry = expected.partition(":")
            if intent == "compare":
                assert set(entry.split("+")) <= set(shipped.roles), expected
            elif intent.startswith("role_"):
                assert entry in shipped.roles, expected
            else:
                assert entry in known[intent], expected


def test_recall_counts_any_right_reply_by_the_first_label_and_precision_by_the_reply() -> None:
    owner = ["stage_owner:deployment", "faq:no-mle-who-deploys"]
    outcomes = [
        Outcome(Turn(q="who deploys?", expect=owner), "stage_owner:deployment", 0.9),
        Outcome(Turn(q="no MLE, who ships it?", expect=owner), "faq:no-mle-who-deploys", 0.8),
        Outcome(Turn(q="who deploys now?", expect=owner), "faq:model-serving", 0.7),
        Outcome(
            Turn(q="is MLE junior?", expect=["faq:mle-entry-level"]), "faq:mle-entry-level", 0.9
        ),
    ]
    per_intent = Report(outcomes).per_intent()
    assert per_intent["stage_owner"] == (1.0, 2 / 3, 3)
    assert per_intent["faq"] == (2 / 3, 1.0, 1)


def test_sweep_reports_each_threshold(report: Report) -> None:
    thresholds = [t for t, _, _ in report.sweep]
    assert thresholds == sorted(thresholds) and len(thresholds) >= 10
    coverages = [c for _, _, c in report.sweep]
    assert coverages == sorted(coverages, reverse=True), "a higher threshold never answers more"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (None, ":1: cannot read (No such file or directory)"),
        ("turns:\n  - q: [who owns\n", ":3: malformed YAML"),
        ("turns: 3\n", ":1: not a question set: "),
    ],
    ids=["missing", "broken-yaml", "wrong-shape"],
)
def test_a_question_set_that_cannot_be_used_is_one_line_with_its_place(
    tmp_path: Path, text: str | None, said: str
) -> None:
    path = tmp_path / "questions.yaml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as error:
        load_question_set(path)
    assert str(error.value).startswith(f"{path}{said}")
    assert "\n" not in str(error.value)


def test_a_question_set_that_is_an_alias_bomb_is_refused_by_line(tmp_path: Path) -> None:
    bomb = next(h for h in CATALOGUE if h.name == "alias-bomb")
    path = plant(tmp_path, bomb)
    with pytest.raises(KnowledgeError) as error:
        load_question_set(path)
    # Refused at the line where it passes a question set's own bound on values.
    said = str(error.value)
    assert said.startswith(f"{path}:")
    assert said.endswith(
        f"more than {QUESTION_SET_VALUES} values (aliases counted as what they stand for)"
    )
    assert "\n" not in said


def test_a_question_set_may_hold_more_values_than_a_knowledge_file(tmp_path: Path) -> None:
    # Each item is six values (the mapping, its list and four scalars): past a knowledge
    # file's bound, within a question set's.
    count = MAX_VALUES // 6 + 1
    items = "".join(
        f'  - {{q: "question {n}", expect: decline, split: dev, batch: 2}}\n' for n in range(count)
    )
    path = tmp_path / "real.yaml"
    path.write_text(f"questions:\n{items}", encoding="utf-8")
    assert len(load_question_set(path).questions) == count
    assert parse(path.read_text(encoding="utf-8"), str(path)).problems


def test_each_later_batch_of_dev_is_reported_from_exactly_its_items(
    tmp_path: Path, shipped: KnowledgeBase
) -> None:
    existing = tmp_path / "questions.yaml"
    existing.write_text(
        'questions:\n  - {q: "who owns deployment", expect: stage_owner:deployment}\n',
        encoding="utf-8",
    )
    real = tmp_path / "real.yaml"
    items = [
        ("who deploys models", "stage_owner:deployment", "split: dev"),
        ("what does a data engineer do", "role_overview:data-engineer", "batch: 2, split: dev"),
        ("is MLE entry level", "faq:mle-entry-level", "split: test"),
        ("what tools does an analyst use", "role_tools:data-analyst", "batch: 2, split: dev"),
        ("who uses spark", "tool_users:spark", "batch: 3, split: dev"),
    ]
    lines = [f'  - {{q: "{q}", expect: {e}, kind: forum, {rest}}}' for q, e, rest in items]
    real.write_text("\n".join(["questions:", *lines]) + "\n", encoding="utf-8")
    practice = tmp_path / "practice.yaml"
    practice.write_text(
        'questions:\n  - {q: "who ships our models", expect: stage_owner:deployment}\n',
        encoding="utf-8",
    )
    sets = {
        name: (question_set, held_out)
        for name, question_set, held_out in standard_sets(existing, real, practice)
    }
    assert list(sets) == [
        "existing set (questions.yaml)",
        "real set, dev split (real.yaml)",
        "real set, dev split, batch 2 (real.yaml)",
        "real set, dev split, batch 3 (real.yaml)",
        "practice set (practice.yaml, not fitted on)",
        "real set, test split (real.yaml, held out)",
    ]
    asked = {
        name: [t.q for t in question_set.questions] for name, (question_set, _) in sets.items()
    }
    assert asked["real set, dev split (real.yaml)"] == [items[i][0] for i in (0, 1, 3, 4)]
    assert asked["real set, dev split, batch 2 (real.yaml)"] == [items[i][0] for i in (1, 3)]
    assert asked["real set, dev split, batch 3 (real.yaml)"] == [items[4][0]]
    assert asked["real set, test split (real.yaml, held out)"] == [items[2][0]]
    assert [held_out for _, held_out in sets.values()] == [False, False, False, False, False, True]
    assert [t.q for t in sets["practice set (practice.yaml, not fitted on)"][0].questions] == [
        "who ships our models"
    ]
    # The batch's figure is the evaluation of those turns and no others.
    report = evaluate(shipped, sets["real set, dev split, batch 2 (real.yaml)"][0])
    assert [o.turn.q for o in report.outcomes] == [items[1][0], items[3][0]]


@pytest.mark.parametrize("number", [2, 3, 4, 5, 6])
def test_each_shipped_later_batch_is_reported_alone_part_of_dev_and_none_of_test(
    number: int,
) -> None:
    real = load_question_set(REAL_SET)
    sets = {name: question_set for name, question_set, _ in standard_sets()}
    batch = sets[f"real set, dev split, batch {number} (real.yaml)"].questions
    assert batch
    assert batch == [t for t in real.questions if t.batch == number]
    assert {t.split for t in batch} == {"dev"}
    dev = sets["real set, dev split (real.yaml)"].questions
    assert [t for t in dev if t.batch == number] == batch
    test = sets["real set, test split (real.yaml, held out)"].questions
    assert {t.batch for t in test} == {1}


@pytest.mark.parametrize("number", [7, 8, 9, 10, 11, 12, 13, 14, 15, 16])
def test_each_blind_batch_is_reported_alone_held_out_and_in_neither_dev_nor_test(
    number: int,
) -> None:
    real = load_question_set(REAL_SET)
    sets = {name: (question_set, held) for name, question_set, held in standard_sets()}
    batch, held_out = sets[f"real set, blind split, batch {number} (real.yaml, held out)"]
    assert held_out
    assert batch.questions == [t for t in real.questions if t.batch == number]
    assert {t.split for t in batch.questions} == {"blind"}
    blind, blind_held_out = sets["real set, blind split (real.yaml, held out)"]
    assert blind_held_out
    assert [t for t in blind.questions if t.batch == number] == batch.questions
    for kept_apart in (
        "real set, dev split (real.yaml)",
        "real set, test split (real.yaml, held out)",
    ):
        assert not [t for t in sets[kept_apart][0].questions if t.batch == number]


def test_a_declined_question_counts_as_offered_when_clicking_a_suggestion_answers_it(
    shipped: KnowledgeBase,
) -> None:
    # Nothing typed is answered at this threshold; a click sends an entry's own phrasing,
    # which is answered word for word.
    question = "why should we put our model in a container"
    question_set = QuestionSet(
        questions=[
            Turn(q=question, expect=["faq:why-containerise"]),
            Turn(q=question, expect=["faq:salary-comparison"]),
            Turn(q="what's the weather like", expect=[DECLINE]),
        ]
    )
    declining = replace(default_policy(), answer_threshold=1.01)
    report = evaluate(shipped, question_set, declining)
    assert [o.got for o in report.outcomes] == [DECLINE] * 3
    assert "faq:why-containerise" in report.outcomes[0].offered
    assert report.one_click(declined=True) == (2, 1)
    assert report.one_click(declined=False) == (0, 0)


def test_an_answer_given_otherwise_counts_as_offered_when_a_suggestion_gives_the_right_one(
    shipped: KnowledgeBase,
) -> None:
    # The stage's answer names its owner, and offers what the owner does.
    question_set = QuestionSet(
        questions=[Turn(q="who owns deployment?", expect=["role_overview:ml-engineer"])]
    )
    report = evaluate(shipped, question_set)
    assert report.outcomes[0].got == "stage_owner:deployment"
    assert report.one_click(declined=False) == (1, 1)


def test_a_set_without_off_topic_asks_says_so_rather_than_none_declined(
    shipped: KnowledgeBase,
) -> None:
    answerable = Turn(q="who owns deployment?", expect=["stage_owner:deployment"])
    assert evaluate(shipped, QuestionSet(questions=[answerable])).offtopic == "no off-topic asks"
    both = QuestionSet(questions=[answerable], offtopic=["what's the weather like"])
    assert evaluate(shipped, both).offtopic == "off-topic declined 100.0%"
