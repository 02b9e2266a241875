"""Career moves: the role a question moves towards (or from) is read from the words just
before it, an answer's move from its own phrasings, and the ranker is told whether they agree."""

from __future__ import annotations

import pytest

from bot.kb.compiled import Compiled
from bot.understanding.candidates import FEATURES, message_candidates
from bot.understanding.moves import Move, answer_move, goes_back, move_features, read_move

DS, MLE, DE, DA = "data-scientist", "ml-engineer", "data-engineer", "data-analyst"
SWE, PM = "software-engineer", "product-manager"  # trades outside the roles


def _move(compiled: Compiled, text: str) -> Move:
    return read_move(compiled.lexicon.read(text))


@pytest.mark.parametrize(
    ("text", "origin", "destination"),
    [
        ("is switching from SWE to data engineering a good move?", {SWE}, {DE}),
        # Trades outside the roles are ends of a move too.
        ("i'm a backend dev, can I switch to MLE", {SWE}, {MLE}),
        ("what do I need to move from data science into software engineering", {DS}, {SWE}),
        ("PM here, how do I become an ML product manager", set(), {PM}),
        ("tips for going from data science into ML engineering", {DS}, {MLE}),
        ("DS to MLE, is that a natural move", {DS}, {MLE}),
        ("need to get into either backend or MLE", set(), {MLE}),
        # The role that moves or becomes another is where the move starts.
        ("how does a data engineer become an ML engineer", {DE}, {MLE}),
        (
            "can a data analyst go straight to ML engineer, or do you have to do DS first?",
            {DA},
            {MLE},
        ),
        # In a text about moving, the asker's own role is where it starts.
        ("2 yrs as an analyst, thinking of pivoting to DS", {DA}, {DS}),
        ("analyst here, how do I level up into data science", {DA}, {DS}),
        ("I'm a data engineer and want to switch, is MLE realistic?", {DE}, set()),
        ("been doing data engineering for 3 yrs, how do I get into MLE", {DE}, {MLE}),
    ],
)
def test_the_roles_a_move_goes_to_and_from_are_read_from_the_words_before_them(
    compiled: Compiled, text: str, origin: set[str], destination: set[str]
) -> None:
    assert _move(compiled, text) == Move(frozenset(origin), frozenset(destination))


@pytest.mark.parametrize(
    "text",
    [
        "what does a DS need to talk to the MLE about",
        "how is a data scientist different from an ML engineer",
        "who hands the model over to the ML engineers",
        # One's own role, in a text about no move, starts none.
        "as a data scientist, what tools should I use",
        "I'm a data analyst, which dashboards tool is best",
    ],
)
def test_to_and_from_name_no_move_in_a_text_about_something_else(
    compiled: Compiled, text: str
) -> None:
    assert _move(compiled, text) == Move()


def test_an_answer_moves_where_most_of_its_phrasings_move() -> None:
    to_mle = Move(destination=frozenset({MLE}))
    assert answer_move([to_mle, to_mle, Move()]) == to_mle
    # One phrasing naming a move is not enough to call the answer a move.
    assert answer_move([to_mle, Move(), Move()]) == Move()
    # A role fewer than half the moving phrasings go to is not where the answer goes.
    to_ds = Move(destination=frozenset({DS}))
    assert answer_move([to_mle, to_mle, to_mle, to_ds, to_ds]).destination == {MLE}


def test_a_move_agrees_differs_or_cannot_be_told() -> None:
    to_de, to_mle = Move(destination=frozenset({DE})), Move(destination=frozenset({MLE}))
    from_ds = Move(origin=frozenset({DS}), destination=frozenset({MLE}))
    assert move_features(to_mle, to_mle) == (1.0, 0.0)
    assert move_features(to_de, to_mle) == (0.0, 1.0)
    assert move_features(Move(origin=frozenset({DE})), from_ds) == (0.0, 1.0)
    assert move_features(Move(), to_mle) == (0.0, 0.0)
    assert move_features(to_mle, Move()) == (0.0, 0.0)


def test_a_move_the_other_way_differs_though_one_end_is_no_role() -> None:
    out_of_de = Move(origin=frozenset({DE}))
    into_de = Move(destination=frozenset({DE}))
    assert move_features(into_de, out_of_de) == (0.0, 1.0)
    assert move_features(out_of_de, into_de) == (0.0, 1.0)
    assert move_features(out_of_de, out_of_de) == (0.0, 0.0)
    de_to_mle = Move(origin=frozenset({DE}), destination=frozenset({MLE}))
    assert move_features(Move(origin=frozenset({MLE}), destination=frozenset({DE})), de_to_mle)[1]


def test_the_shipped_transition_entries_move_towards_their_destination(
    compiled: Compiled,
) -> None:
    moves = {t.label: m for t, m in zip(compiled.targets, compiled.moves, strict=True)}
    assert moves["faq:de-to-mle-transition"].destination == {MLE}
    assert moves["faq:da-to-ds-transition"].destination == {DS}
    assert moves["role_career:data-engineer"].destination == {DE}


def test_a_move_into_data_engineering_differs_from_the_entries_moving_into_ml(
    compiled: Compiled,
) -> None:
    agrees, differs = FEATURES.index("move_agrees"), FEATURES.index("move_differs")
    found = message_candidates(compiled, "is switching from backend to data engineering smart?")
    features = {compiled.targets[c.target].label: c.features for c in found if c.part == 0}
    moving_to_ml = [f for label, f in features.items() if label.endswith("-to-mle-transition")]
    assert moving_to_ml and all(f[differs] == 1.0 and f[agrees] == 0.0 for f in moving_to_ml)
    if "role_career:data-engineer" in features:
        assert features["role_career:data-engineer"][agrees] == 1.0


def test_equal_moves_of_the_compiled_knowledge_are_one_object(compiled: Compiled) -> None:
    distinct = set(compiled.moves)
    assert len(distinct) < len(compiled.moves)  # most answers name no move
    assert len({id(move) for move in compiled.moves}) == len(distinct)


def test_a_question_after_a_story_keeps_the_move_the_story_tells(compiled: Compiled) -> None:
    agrees = FEATURES.index("move_agrees")
    story = "I have been a data scientist for two years and want to become an ML engineer."
    question = "what should I learn first?"
    found = message_candidates(compiled, f"{story} {question}")
    asked = [c for c in found if c.text == question]
    assert asked  # the question is read on its own as well as within the message
    moving = [c for c in asked if compiled.targets[c.target].label == "faq:ds-to-mle-transition"]
    assert moving and all(c.features[agrees] == 1.0 for c in moving)
    alone = message_candidates(compiled, question)
    assert all(c.features[agrees] == 0.0 for c in alone)


def test_a_question_naming_where_a_move_goes_keeps_where_the_story_starts_it(
    compiled: Compiled,
) -> None:
    differs = FEATURES.index("move_differs")
    story = "3 years as a data scientist at an insurance company, mostly notebooks."
    question = "What do I need to pick up to switch over to ML engineering?"
    found = message_candidates(compiled, f"{story} {question}")
    asked = {compiled.targets[c.target].label: c for c in found if c.text == question}
    # The question alone goes to ML engineering from anywhere; the story says from where, so
    # the entry for software engineers moving into ML starts elsewhere.
    assert asked["faq:swe-to-mle-transition"].features[differs] == 1.0
    assert asked["faq:ds-to-mle-transition"].features[differs] == 0.0


def test_the_shipped_move_out_of_software_engineering_starts_there(compiled: Compiled) -> None:
    moves = {t.label: m for t, m in zip(compiled.targets, compiled.moves, strict=True)}
    assert moves["faq:swe-to-mle-transition"] == Move(frozenset({SWE}), frozenset({MLE}))
    assert SWE in moves["faq:data-to-swe-transition"].destination


def test_only_a_move_with_both_ends_swapped_goes_back() -> None:
    de_to_mle = Move(frozenset({DE}), frozenset({MLE}))
    assert goes_back(Move(frozenset({MLE}), frozenset({DE})), de_to_mle)
    assert not goes_back(Move(frozenset({MLE}), frozenset({DS})), de_to_mle)
    assert not goes_back(Move(destination=frozenset({DE})), de_to_mle)
    assert not goes_back(de_to_mle, de_to_mle)
