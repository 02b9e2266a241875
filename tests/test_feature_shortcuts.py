"""The features `part_candidates` takes as 0 without working them out are what working them
out gives: for every target of the shipped knowledge, when a part names no role, stage or
tool (entity, aspect and modifier features) or no career move (move features)."""

from __future__ import annotations

from bot.conversation.context import Context
from bot.kb.compiled import Compiled
from bot.understanding import candidates
from bot.understanding.candidates import (
    NO_ASPECT,
    NO_MOVE,
    NOTHING_NAMED,
    _aspect_features,
    _modifier_share,
    _unasked_share,
)
from bot.understanding.moves import Move, move_features


def test_nothing_named_features_are_zero(compiled: Compiled) -> None:
    named: set[str] = set()
    roles = frozenset(compiled.base.roles)
    for target in compiled.targets:
        named_about = named & target.about
        entity = (
            float(bool(named_about)),
            float(bool(named) and not named_about),
            len(named_about) / len(named) if named else 0.0,
            _unasked_share(target.about & roles, named),
        )
        assert entity == NOTHING_NAMED
        # Aspects are weighed only beside an entity named: none here.
        assert _aspect_features(frozenset(), target.phrasings) == NO_ASPECT
        # Every role a modifier: still none named to share.
        modifier = _modifier_share(target.about & roles & named, roles)
        assert modifier * float(target.intent is not None) == 0.0


def test_no_move_features_are_zero(compiled: Compiled) -> None:
    assert len(compiled.moves) == len(compiled.targets)
    assert any(m.origin or m.destination for m in compiled.moves)  # some answers move
    for answer in compiled.moves:
        assert move_features(Move(), answer) == NO_MOVE


def test_an_empty_context_is_kept_without_reading_the_turn(compiled: Compiled) -> None:
    """`_in_domain` returns an empty context as it is: emptying it again would change nothing."""
    reading = compiled.lexicon.read("what's a good movie tonight?")
    assert not candidates.about_the_domain(compiled, reading)
    assert candidates._in_domain(compiled, reading, candidates.NO_CONTEXT) == Context()
