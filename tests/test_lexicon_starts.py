"""Expanding and spotting names skip the words that begin no expansion or name, and find
exactly what trying every run of words at every position finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.curation.evaluation import REAL_SET, load_question_set
from bot.kb.compiled import Compiled
from bot.understanding.lexicon import MAX_ALIAS_WORDS, Lexicon, Span, light_stem
from bot.understanding.text import tokens


def _every_run_expanded(lexicon: Lexicon, words: tuple[str, ...]) -> tuple[str, ...]:
    """Every run of words tried at every position, longest first."""
    result: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(lexicon._max_expansion, len(words) - i), 0, -1):
            replacement = lexicon._expansions.get(tuple(words[i : i + n]))
            if replacement is not None:
                result.extend(replacement)
                i += n
                break
        else:
            result.append(words[i])
            i += 1
    return tuple(result)


def _every_run_spotted(lexicon: Lexicon, stems: tuple[str, ...]) -> tuple[Span, ...]:
    found: list[Span] = []
    i = 0
    while i < len(stems):
        for n in range(min(MAX_ALIAS_WORDS, len(stems) - i), 0, -1):
            ref = lexicon._aliases.get(stems[i : i + n])
            if ref is not None:
                found.append(Span(i, i + n, ref))
                i += n
                break
        else:
            i += 1
    return tuple(found)


def _question_words() -> list[tuple[str, ...]]:
    questions = [t.q for c in load_question_set().all_turns() for t in c]
    questions += [t.q for t in load_question_set(REAL_SET).split("dev").questions]
    return [tuple(tokens(q)) for q in questions]


def test_question_set_reads_alike(compiled: Compiled) -> None:
    lexicon = compiled.lexicon
    checked = 0
    for words in _question_words():
        assert lexicon.expand(words) == _every_run_expanded(lexicon, words)
        stems = tuple(light_stem(w) for w in lexicon.expand(words))
        spans = lexicon._spot(stems)
        assert spans == _every_run_spotted(lexicon, stems)
        checked += bool(spans)
    assert checked > 100  # the set names roles, stages and tools often


@settings(max_examples=300)
@given(data=st.data())
def test_runs_of_known_words_read_alike(compiled: Compiled, data: st.DataObject) -> None:
    """Words drawn from the expansions and names themselves, so runs meet, overlap and break
    off partway."""
    lexicon = compiled.lexicon
    pieces = sorted({w for key in lexicon._expansions for w in key} | {"the", "and", "zzz"})
    stems = sorted({s for key in lexicon._aliases for s in key} | {"the", "and", "zzz"})
    words = tuple(data.draw(st.lists(st.sampled_from(pieces), max_size=12)))
    assert lexicon.expand(words) == _every_run_expanded(lexicon, words)
    drawn = tuple(data.draw(st.lists(st.sampled_from(stems), max_size=12)))
    assert lexicon._spot(drawn) == _every_run_spotted(lexicon, drawn)
