"""The peers bench's own parts, without the `peers` extra: the phrasings peers index, reading
the real set, threshold choice, scoring and the table (rapidfuzz, a runtime dependency, stands in
for a peer end to end)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from bench.peers.knowledge import labelled_phrasings, structured_phrasings
from bench.peers.questions import QuestionSetError, QuestionSets, read_real, single_turns
from bench.peers.run import row
from bench.peers.scoring import (
    ANSWERS_ALL,
    Guess,
    Row,
    choose_threshold,
    decide,
    format_table,
    format_threshold,
    outcomes,
    percentile,
)
from bench.peers.systems import FuzzyWRatio, Rolebot
from bot import Bot
from bot.curation.evaluation import DECLINE, QuestionSet, Report, Turn
from bot.kb.base import KnowledgeBase


def turn(q: str, *expect: str) -> Turn:
    return Turn(q=q, expect=list(expect))


# --- what the peers index


def test_peers_index_every_faq_phrasing_and_every_filled_template(shipped: KnowledgeBase) -> None:
    phrasings = labelled_phrasings(shipped)
    faq = [p for p in phrasings if p.label.startswith("faq:")]
    assert len(faq) == shipped.phrasing_count
    assert {p.label for p in faq} == {f"faq:{entry}" for entry in shipped.faq}
    assert not [p.text for p in phrasings if "{" in p.text]
    roles, stages, tools = len(shipped.roles), len(shipped.stages), len(shipped.tools)
    per_kind = {"stage_owner": stages, "tool_users": tools, "compare": roles * (roles - 1)}
    expected = sum(
        len(intent.templates) * per_kind.get(name, roles)
        for name, intent in shipped.intents.items()
    )
    # ...and each alias of a stage or tool, asked once in its answer's phrasings.
    aliases = sum(len(s.aliases) for s in shipped.stages.values()) + sum(
        len(t.aliases) for t in shipped.tools.values()
    )
    assert len(phrasings) - len(faq) == expected + aliases


def test_filled_templates_carry_the_labels_rolebot_eval_uses(shipped: KnowledgeBase) -> None:
    labelled = {(p.text, p.label) for p in structured_phrasings(shipped)}
    assert ("who owns Deployment", "stage_owner:deployment") in labelled
    assert ("who uses Docker", "tool_users:docker") in labelled
    assert ("what tools do Data scientist use", "role_tools:data-scientist") in labelled
    # Either order of a comparison is one label, its role ids sorted.
    assert ("ML engineer vs Data scientist", "compare:data-scientist+ml-engineer") in labelled
    assert ("Data scientist vs ML engineer", "compare:data-scientist+ml-engineer") in labelled


# --- reading the question sets


def test_the_real_set_is_read_by_split_with_one_or_several_labels(tmp_path: Path) -> None:
    path = tmp_path / "real.yaml"
    path.write_text(
        "# header\nquestions:\n"
        '  - {q: "who owns deployment", expect: stage_owner:deployment, kind: real,'
        " source: https://example.org/a, split: dev}\n"
        '  - {q: "is mle entry level", expect: [faq:mle-entry-level, role_career:ml-engineer],'
        " kind: chat, source: https://example.org/b, split: test}\n"
        '  - {q: "fix the printer", expect: decline, kind: decline, source: own, split: test}\n'
        '  - {q: "who fixes drift", expect: stage_owner:monitoring, kind: real, source: own,'
        " split: blind}\n",
        encoding="utf-8",
    )
    real = read_real(path)
    assert real["blind"] == [
        Turn(q="who fixes drift", expect=["stage_owner:monitoring"], kind="real")
    ]
    assert real["dev"] == [
        Turn(q="who owns deployment", expect=["stage_owner:deployment"], kind="real")
    ]
    assert [t.expect for t in real["test"]] == [
        ["faq:mle-entry-level", "role_career:ml-engineer"],
        [DECLINE],
    ]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "cannot read"),
        ("questions: [\n", "not valid YAML"),
        ("questions:\n  - {q: hi, expect: decline, split: train}\n", "questions.0.split"),
    ],
    ids=["missing", "bad-yaml", "bad-split"],
)
def test_a_real_set_that_cannot_be_used_is_one_line_naming_the_file(
    tmp_path: Path, content: str | None, problem: str
) -> None:
    path = tmp_path / "real.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(QuestionSetError) as raised:
        read_real(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    assert problem in message
    assert "\n" not in message


def test_the_existing_set_is_asked_as_single_questions() -> None:
    question_set = QuestionSet.model_validate(
        {
            "questions": [{"q": "who owns deployment", "expect": "stage_owner:deployment"}],
            "offtopic": ["tell me a joke"],
            "conversations": [
                {
                    "turns": [
                        {"q": "what does a DS do", "expect": "role_overview:data-scientist"},
                        {"q": "and tools?", "expect": "role_tools:data-scientist"},
                    ]
                }
            ],
        }
    )
    assert [(t.q, t.expect) for t in single_turns(question_set)] == [
        ("who owns deployment", ["stage_owner:deployment"]),
        ("tell me a joke", [DECLINE]),
        ("what does a DS do", ["role_overview:data-scientist"]),
    ]


# --- thresholds and scoring


def test_a_guess_below_the_threshold_is_a_decline() -> None:
    assert decide(Guess("faq:a", 0.7), 0.5) == "faq:a"
    assert decide(Guess("faq:a", 0.5), 0.5) == "faq:a"
    assert decide(Guess("faq:a", 0.4), 0.5) == DECLINE
    assert decide(Guess(DECLINE, 1.0), ANSWERS_ALL) == DECLINE


def test_scoring_counts_any_listed_label_and_a_decline_only_where_expected() -> None:
    turns = [turn("a", "faq:a", "stage_owner:x"), turn("b", DECLINE), turn("c", "faq:c")]
    guesses = [Guess("stage_owner:x", 0.9), Guess("faq:z", 0.2), Guess("faq:c", 0.3)]
    report = Report(outcomes(turns, guesses, 0.5))
    assert [o.got for o in report.outcomes] == ["stage_owner:x", DECLINE, DECLINE]
    assert [o.right for o in report.outcomes] == [True, True, False]
    assert report.offtopic_declined == 1.0


def test_the_threshold_is_the_best_on_dev_halfway_to_the_next_lower_score() -> None:
    turns = [
        turn("right and sure", "faq:a"),
        turn("right, less sure", "faq:b"),
        turn("wrong", "faq:c"),
        turn("off-topic", DECLINE),
    ]
    guesses = [
        Guess("faq:a", 0.9),
        Guess("faq:b", 0.7),
        Guess("faq:x", 0.5),
        Guess("faq:y", 0.3),
    ]
    # Answering at 0.7 and above gets 3 of 4 right (the wrong one and the off-topic declined).
    choice = choose_threshold(turns, guesses)
    assert choice.accuracy == 0.75
    assert choice.threshold == pytest.approx(0.6)


def test_dev_ties_go_to_the_higher_threshold() -> None:
    turns = [turn("right", "faq:a"), turn("wrong", "faq:b")]
    guesses = [Guess("faq:a", 0.8), Guess("faq:x", 0.6)]
    # Answering at 0.8 and up gets 1 of 2 right, and so does answering both (at 0.6): the
    # higher wins, placed halfway down to 0.6.
    choice = choose_threshold(turns, guesses)
    assert choice.accuracy == 0.5
    assert choice.threshold == pytest.approx(0.7)


def test_when_every_answer_is_right_the_peer_answers_all() -> None:
    turns = [turn("a", "faq:a"), turn("b", "faq:b")]
    choice = choose_threshold(turns, [Guess("faq:a", 0.8), Guess("faq:b", 0.1)])
    assert (choice.threshold, choice.accuracy) == (ANSWERS_ALL, 1.0)
    assert format_threshold(choice.threshold) == "answers all"


def test_when_only_declines_are_right_the_peer_declines_all() -> None:
    turns = [turn("x", DECLINE), turn("y", DECLINE)]
    choice = choose_threshold(turns, [Guess("faq:a", 0.8), Guess("faq:b", 0.1)])
    assert (choice.threshold, choice.accuracy) == (math.inf, 1.0)
    assert format_threshold(choice.threshold) == "declines all"


def test_p99_is_the_nearest_rank() -> None:
    values = list(range(1, 201))
    assert percentile(values, 0.99) == 198
    assert percentile(values, 0.5) == 100
    assert percentile([7], 0.99) == 7


# --- the table


def test_the_table_lines_up_with_the_size_of_each_set() -> None:
    dev = Report(outcomes([turn("d", DECLINE)], [Guess("faq:a", 0.9)], 0.5))
    test = Report(
        outcomes([turn("t", "faq:a"), turn("o", DECLINE)], [Guess("faq:a", 1), Guess("x", 0)], 0.5)
    )
    existing = Report(
        outcomes([turn("e", "faq:b"), turn("o", DECLINE)], [Guess("faq:a", 1), Guess("x", 1)], 0.5)
    )
    rows = [
        Row("rolebot", "0.5 (own)", dev, test, existing, [1_000_000, 3_000_000]),
        Row("a longer peer name", "61.5", dev, test, existing, [2_000_000]),
    ]
    lines = format_table(rows).splitlines()
    assert lines[0].split() == [
        *("system", "threshold", "dev", "(1)", "test", "(2)", "existing", "(2)"),
        *("declined:", "test", "(1)", "existing", "(1)", "mean", "ms", "p99", "ms"),
    ]
    assert len({len(line) for line in lines}) == 1
    assert lines[2].split() == [
        *("rolebot", "0.5", "(own)", "0.0%", "100.0%", "0.0%", "100.0%", "0.0%"),
        *("2.000", "3.000"),
    ]
    assert lines[3].split()[:5] == ["a", "longer", "peer", "name", "61.5"]
    assert lines[3].split()[-2:] == ["2.000", "2.000"]


def test_a_blind_split_gets_its_own_columns_beside_test() -> None:
    dev = Report(outcomes([turn("d", "faq:a")], [Guess("faq:a", 0.9)], 0.5))
    test = Report(outcomes([turn("t", "faq:a")], [Guess("faq:b", 1)], 0.5))
    blind = Report(
        outcomes(
            [turn("b", "faq:a"), turn("o", DECLINE), turn("p", DECLINE)],
            [Guess("faq:a", 1), Guess("x", 0), Guess("faq:a", 1)],
            0.5,
        )
    )
    existing = Report(outcomes([turn("e", "faq:a")], [Guess("faq:a", 1)], 0.5))
    lines = format_table([Row("rolebot", "0.5", dev, test, existing, [1_000_000], blind)])
    assert lines.splitlines()[0].split() == [
        *("system", "threshold", "dev", "(1)", "test", "(1)", "blind", "(3)", "existing", "(1)"),
        *("declined:", "test", "(0)", "blind", "(2)", "existing", "(0)", "mean", "ms", "p99", "ms"),
    ]
    assert lines.splitlines()[2].split()[2:9] == [
        *("100.0%", "0.0%", "66.7%", "100.0%", "0.0%", "50.0%", "0.0%"),
    ]


# --- end to end, with the peers that need no extra


def test_a_peer_row_tunes_on_dev_and_scores_every_set(shipped: KnowledgeBase) -> None:
    sets = QuestionSets(
        dev=[turn("who owns deploymnt", "stage_owner:deployment"), turn("bake a cake", DECLINE)],
        test=[turn("who uses dokcer", "tool_users:docker"), turn("play music", DECLINE)],
        existing=[turn("what does a data scientist do", "role_overview:data-scientist")],
    )
    result = row(FuzzyWRatio(labelled_phrasings(shipped)), sets)
    assert result.system == "rapidfuzz WRatio"
    assert result.dev.accuracy == 1.0
    # The threshold falls between the typo'd question and the cake: the typo'd tool is still
    # answered on test, the music declined.
    assert [o.got for o in result.test.outcomes] == ["tool_users:docker", DECLINE]
    assert result.existing.accuracy == 1.0
    assert len(result.latencies_ns) == 5


def test_rolebot_keeps_its_own_decisions(core: Bot) -> None:
    sets = QuestionSets(
        dev=[turn("who owns deployment?", "stage_owner:deployment")],
        test=[turn("what's the weather like today", DECLINE)],
        existing=[turn("MLE vs DS", "compare:data-scientist+ml-engineer")],
    )
    result = row(Rolebot(core), sets, "0.5 (own)")
    assert result.threshold == "0.5 (own)"
    assert [o.got for o in result.dev.outcomes] == ["stage_owner:deployment"]
    assert [o.got for o in result.test.outcomes] == [DECLINE]
    assert result.existing.accuracy == 1.0
