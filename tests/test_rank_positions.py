"""The right-answer positions of the dev split, each batch ranked by a fit that left it out."""

from __future__ import annotations

from collections import Counter

from bot.curation.evaluation import DECLINE, REAL_SET, load_question_set
from bot.kb.compiled import Compiled
from bot.understanding.candidates import message_candidates
from bot.understanding.text import clean
from scripts.rank_positions import positions, ranked_answers


def test_each_answerable_dev_question_gets_one_position_and_nothing_else_does(
    compiled: Compiled,
) -> None:
    dev = [t for t in load_question_set(REAL_SET).split("dev").questions if t.expect != [DECLINE]]
    found = positions(compiled)
    assert Counter(p.question for p in found) == Counter(t.q for t in dev)
    assert {p.batch for p in found} == {t.batch for t in dev}


def test_the_position_is_that_of_the_first_right_answer_in_the_ranking(
    compiled: Compiled,
) -> None:
    found = positions(compiled)
    assert any(p.rank == 0 for p in found)
    assert any(p.rank is not None and p.rank > 0 for p in found)
    for position in found:
        right = [n for n, label in enumerate(position.answers) if label in position.expect]
        assert position.rank == (right[0] if right else None)


def test_an_answer_found_by_several_parts_of_a_message_is_listed_once(
    compiled: Compiled,
) -> None:
    # The whole message and each of its two questions find the DE overview.
    candidates = message_candidates(
        compiled, clean("what does a data engineer do? and what does a data engineer build?")
    )
    labels = [compiled.targets[c.target].label for c in candidates]
    assert len(labels) > len(set(labels))
    answers = ranked_answers(candidates, compiled.targets)
    assert sorted(answers) == sorted(set(labels))
    assert answers == tuple(dict.fromkeys(labels))
