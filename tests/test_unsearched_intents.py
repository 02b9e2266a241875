"""A part naming no role, stage or tool, in a conversation that supplies none, skips the
intent-template search: every template it could have matched must resolve to nothing."""

from __future__ import annotations

import pytest

from bot.conversation.context import Context
from bot.curation.evaluation import load_question_set
from bot.kb.compiled import Compiled
from bot.understanding.candidates import parts, structured_guesses
from bot.understanding.intents import Intent, resolve

EMPTY_CONTEXTS = {
    "fresh": Context(),
    "an intent but no role, stage or tool": Context(intent=Intent.COMPARE),
}


@pytest.mark.parametrize("context", EMPTY_CONTEXTS.values(), ids=EMPTY_CONTEXTS.keys())
def test_no_template_resolves_without_a_named_thing(compiled: Compiled, context: Context) -> None:
    questions = [t.q for c in load_question_set().all_turns() for t in c]
    readings = [p.reading for q in questions for p in parts(compiled, q)]
    unnamed = [r for r in readings if not r.spans]
    assert len(unnamed) > 50  # the question set holds plenty of such parts
    for reading in unnamed:
        assert all(resolve(i, reading, context, 1.0) is None for i in Intent)
        assert structured_guesses(compiled, reading, context) == []


def test_a_conversation_naming_a_role_still_searches(compiled: Compiled) -> None:
    (part,) = parts(compiled, "what does their day look like?")
    assert not part.reading.spans
    found = structured_guesses(compiled, part.reading, Context(roles=("data-scientist",)))
    assert [d.roles for d, _, _ in found][:1] == [("data-scientist",)]
