"""Labelled questions vote for their answers: nearest first, never a question for itself, and
never a question of the held-out test split."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.curation.evaluation import DECLINE, REAL_SET, load_question_set
from bot.kb.compiled import Compiled, exemplar_index, with_exemplars
from bot.understanding.candidates import FEATURES, message_candidates
from bot.understanding.documents import document_terms
from bot.understanding.exemplars import (
    SHIPPED_EXEMPLARS,
    Exemplar,
    ExemplarIndex,
    read_exemplars,
    write_exemplars,
)
from bot.understanding.text import clean

STORE = Exemplar("a vendor pitched us a feature store, do we need one", ("faq:feature-store",))
HANDOFF = Exemplar(
    "the DS throws a notebook over the wall and engineering rewrites it for prod, normal?",
    ("faq:ds-to-mle-handoff", "faq:production-ready-code"),
)
BOOTCAMP = Exemplar(
    "is a bootcamp enough to land a junior analyst job", ("faq:certifications-bootcamps",)
)


def _votes(compiled: Compiled, index: ExemplarIndex, text: str) -> dict[str, float]:
    reading = compiled.lexicon.read(clean(text))
    (votes,) = index.votes(compiled.embed_all([" ".join(reading.words)]), [document_terms(reading)])
    return {compiled.targets[t].label: v.share for t, v in votes.items()}


def test_the_nearest_exemplar_carries_the_vote(compiled: Compiled) -> None:
    index = exemplar_index(compiled.lexicon, compiled.target_ids, [STORE, HANDOFF, BOOTCAMP])
    shares = _votes(compiled, index, "interviewer asked what a feature store is, i blanked")
    assert max(shares, key=lambda label: shares[label]) == "faq:feature-store"
    assert shares["faq:feature-store"] > 0.5


def test_an_exemplar_with_several_answers_votes_for_each(compiled: Compiled) -> None:
    index = exemplar_index(compiled.lexicon, compiled.target_ids, [HANDOFF])
    shares = _votes(compiled, index, "our data scientists hand notebooks over the wall")
    assert shares == {"faq:ds-to-mle-handoff": 1.0, "faq:production-ready-code": 1.0}


def test_labels_the_knowledge_lacks_are_left_out(compiled: Compiled) -> None:
    lost = Exemplar("who owns the office printer", ("faq:no-such-entry",))
    index = exemplar_index(compiled.lexicon, compiled.target_ids, [lost, BOOTCAMP])
    assert len(index) == 1
    assert set(_votes(compiled, index, "who owns the office printer")) == {
        "faq:certifications-bootcamps"
    }


def test_no_exemplars_no_votes(compiled: Compiled) -> None:
    index = exemplar_index(compiled.lexicon, compiled.target_ids, [])
    assert index.votes(compiled.embed_all(["data", "model"]), [["data"], ["model"]]) == [{}, {}]


def test_an_answer_only_exemplars_find_becomes_a_candidate(compiled: Compiled) -> None:
    text = "my cousin swears by a bootcamp, good enough for analyst jobs?"
    plain = with_exemplars(compiled, [])
    taught = with_exemplars(compiled, [BOOTCAMP])
    share = FEATURES.index("exemplar_share")
    found = {c.target: c.features[share] for c in message_candidates(taught, clean(text))}
    target = compiled.target_ids["faq:certifications-bootcamps"]
    assert found[target] > 0.9
    assert all(c.features[share] == 0.0 for c in message_candidates(plain, clean(text)))


def test_written_exemplars_read_back(tmp_path: Path) -> None:
    path = tmp_path / "exemplars.json"
    write_exemplars([STORE, HANDOFF], path)
    assert read_exemplars(path) == [STORE, HANDOFF]
    assert read_exemplars(tmp_path / "missing.json") == []


@pytest.fixture(scope="module")
def shipped_exemplars() -> list[Exemplar]:
    return read_exemplars(SHIPPED_EXEMPLARS)


def test_shipped_exemplars_are_the_answerable_dev_questions(
    shipped_exemplars: list[Exemplar],
) -> None:
    dev = load_question_set(REAL_SET).split("dev").questions
    expected = [Exemplar(t.q, tuple(t.expect)) for t in dev if t.expect != [DECLINE]]
    assert shipped_exemplars == expected


def test_no_test_question_is_an_exemplar(shipped_exemplars: list[Exemplar]) -> None:
    held_out = {t.q for t in load_question_set(REAL_SET).split("test").questions}
    assert held_out
    assert not held_out & {e.text for e in shipped_exemplars}


def test_parts_searched_together_get_the_votes_each_gets_alone(compiled: Compiled) -> None:
    index = exemplar_index(compiled.lexicon, compiled.target_ids, [STORE, HANDOFF, BOOTCAMP])
    texts = ["do we need a feature store", "bootcamp or degree for analysts", "notebooks to prod"]
    readings = [compiled.lexicon.read(clean(text)) for text in texts]
    queries = compiled.embed_all([" ".join(r.words) for r in readings])
    terms = [document_terms(r) for r in readings]
    together = index.votes(queries, terms)
    for row, (query, words) in enumerate(zip(queries, terms, strict=True)):
        (alone,) = index.votes(query[None, :], [words])
        assert together[row].keys() == alone.keys()
        for target, votes in alone.items():
            assert together[row][target] == pytest.approx(votes, abs=1e-6)
