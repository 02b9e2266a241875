"""Phrasings kept with their words sorted, scored by `fuzz.ratio`, score exactly what
`fuzz.token_sort_ratio` gives the words as they came."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from bot.curation.evaluation import load_question_set
from bot.kb.compiled import Compiled
from bot.understanding.candidates import parts
from bot.understanding.retrieval import sorted_words

# Tokens as the lexicon makes them: letters and digits (any script), "ci/cd", entity tokens.
WORD = st.one_of(
    st.text(st.characters(categories=("Ll", "Lu", "Lo", "Nd")), min_size=1, max_size=8),
    st.sampled_from(["ci/cd", "a/b", "role:ml-engineer", "slotrolex", "who", "whom"]),
)


@given(st.lists(WORD, max_size=12), st.lists(WORD, max_size=12))
def test_ratio_of_sorted_words_is_token_sort_ratio(one: list[str], two: list[str]) -> None:
    assert fuzz.ratio(sorted_words(one), sorted_words(two)) == fuzz.token_sort_ratio(
        " ".join(one), " ".join(two)
    )


def test_every_question_scores_every_phrasing_alike(compiled: Compiled) -> None:
    """The question set's parts against every phrasing of both indexes, as the search scores
    them (cdist, float32): the same array from the sorted texts as from the words in another
    order."""
    stored = [
        text
        for index in (compiled.faq_index, compiled.intent_index)
        for text in index._sorted_words.many(np.arange(len(index)))
    ]
    assert all(sorted_words(text.split()) == text for text in stored)
    shuffled = [" ".join(reversed(text.split())) for text in stored]
    questions = [t.q for c in load_question_set().all_turns() for t in c][:150]
    for question in questions:
        for part in parts(compiled, question):
            for slots in (False, True):
                words, _ = part.reading.replaced(slots=slots)
                plain = process.cdist([" ".join(words)], shuffled, scorer=fuzz.token_sort_ratio)
                presorted = process.cdist([sorted_words(words)], stored, scorer=fuzz.ratio)
                assert (plain == presorted).all(), question
