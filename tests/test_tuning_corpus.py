"""The corpus the static table is tuned on: the knowledge and the existing set, read as rolebot
reads them, never a real question."""

from __future__ import annotations

import pytest

from bot.curation.evaluation import QUESTION_SET, REAL_SET, load_question_set
from bot.kb.compiled import Compiled
from bot.understanding.text import clean
from scripts.tuning_corpus import tuning_corpus


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    return tuning_corpus()


def test_no_real_question_of_any_split_is_in_the_corpus(
    compiled: Compiled, corpus: list[str]
) -> None:
    def readings(questions: list[str]) -> set[str]:
        return {" ".join(compiled.lexicon.read(clean(q)).words) for q in questions}

    real = readings([turn.q for turn in load_question_set(REAL_SET).questions])
    # A few off-topic asks are in both sets, word for word; those come from the existing one.
    existing = readings([turn.q for turn in load_question_set(QUESTION_SET).singles()])
    # Short readings ("data engineer") also arise from the knowledge itself; a real question's
    # own wording is longer than any name.
    leaked = {r for r in real - existing if len(r.split()) >= 6 and r in set(corpus)}
    assert leaked == set()


def test_the_corpus_holds_texts_as_the_lexicon_reads_them(
    compiled: Compiled, corpus: list[str]
) -> None:
    assert len(corpus) == len(set(corpus))
    sample = corpus[:: max(len(corpus) // 200, 1)]
    for text in sample:
        assert text == " ".join(compiled.lexicon.read(clean(text)).words)


def test_the_knowledge_the_existing_set_and_long_joined_texts_are_all_in_it(
    compiled: Compiled, corpus: list[str]
) -> None:
    texts = set(corpus)

    def read(text: str) -> str:
        return " ".join(compiled.lexicon.read(clean(text)).words)

    some_phrasing = next(iter(compiled.base.faq.values())).phrasings[0]
    assert read(some_phrasing) in texts
    assert read("who owns deployment") in texts
    longest = max(len(t.split()) for t in corpus)
    assert longest > 3 * len(read(some_phrasing).split())


def test_the_corpus_is_the_same_on_every_run(corpus: list[str]) -> None:
    assert tuning_corpus() == corpus
