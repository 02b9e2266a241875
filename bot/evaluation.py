"""`rolebot eval`: accuracy of the engine on a labelled question set, and a threshold sweep.

Labels are ``intent:entry`` (``stage_owner:deployment``, ``faq:mle-entry-level``,
``compare:data-scientist+ml-engineer``) or ``decline`` for questions that must not be answered.
A question may list several acceptable labels.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.engine import Engine
from bot.kb.base import KnowledgeBase
from bot.kb.files import UnreadableFile, read_knowledge
from bot.kb.problems import KnowledgeError, Location, Problem
from bot.kb.yaml_lines import parse
from bot.message import ConversationKey, Message
from bot.policy import DEFAULT_POLICY, MatchPolicy
from bot.reply import Reply

QUESTION_SET = Path(__file__).resolve().parent / "evalset" / "questions.yaml"
DECLINE = "decline"
SWEEP = tuple(round(0.3 + 0.05 * i, 2) for i in range(13))


class Turn(BaseModel):
    """One question and the labels that count as right."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    q: str
    expect: list[str] = Field(min_length=1)
    kind: str = "paraphrase"

    @field_validator("expect", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


class Conversation(BaseModel):
    """Turns asked in order in one conversation, so context carries."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    turns: list[Turn] = Field(min_length=2)


class QuestionSet(BaseModel):
    """The labelled question set."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    questions: list[Turn]
    conversations: list[Conversation] = Field(default_factory=list)
    offtopic: list[str] = Field(default_factory=list)

    def all_turns(self) -> list[list[Turn]]:
        """Every conversation, single questions as conversations of one turn."""
        singles = [[t] for t in self.questions]
        declines = [[Turn(q=q, expect=[DECLINE], kind="offtopic")] for q in self.offtopic]
        return [*singles, *declines, *(c.turns for c in self.conversations)]


def load_question_set(path: Path = QUESTION_SET) -> QuestionSet:
    """Read and check a question set file; raises KnowledgeError (``file:line: message``) when
    it cannot be read or is not a question set."""
    # Read and parsed within the same bounds as knowledge files (size, aliases, nesting).
    try:
        doc = parse(read_knowledge(path), str(path))
    except UnreadableFile as error:
        raise KnowledgeError([Problem(Location(str(path), error.line), error.message)]) from None
    if doc.problems:
        raise KnowledgeError([min(doc.problems)])
    try:
        return QuestionSet.model_validate(doc.data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the file"
        problem = f"not a question set: {where}: {first['msg']}"
        raise KnowledgeError([Problem(doc.where(tuple(first["loc"])), problem)]) from None


def label(reply: Reply) -> str:
    """The evaluation label of a reply."""
    if reply.fallback:
        return DECLINE if reply.provenance.intent != "clarify" else "clarify"
    entry = reply.provenance.entry
    return f"{reply.provenance.intent}:{entry}" if entry else reply.provenance.intent


@dataclass
class Outcome:
    """One asked turn."""

    turn: Turn
    got: str
    confidence: float

    @property
    def right(self) -> bool:
        """Whether the reply carried one of the expected labels."""
        return self.got in self.turn.expect


@dataclass
class Report:
    """Everything `rolebot eval` prints."""

    outcomes: list[Outcome]
    sweep: list[tuple[float, float, float]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Share of turns answered with an expected label."""
        return sum(o.right for o in self.outcomes) / max(len(self.outcomes), 1)

    @property
    def offtopic_declined(self) -> float:
        """Share of off-topic questions declined."""
        off = [o for o in self.outcomes if o.turn.expect == [DECLINE]]
        return sum(o.got in (DECLINE, "clarify") for o in off) / max(len(off), 1)

    def per_intent(self) -> dict[str, tuple[float, float, int]]:
        """Precision, recall and support per intent."""
        expected = Counter(o.turn.expect[0].split(":")[0] for o in self.outcomes)
        predicted = Counter(o.got.split(":")[0] for o in self.outcomes)
        right = Counter(o.got.split(":")[0] for o in self.outcomes if o.right)
        return {
            intent: (right[intent] / max(predicted[intent], 1), right[intent] / count, count)
            for intent, count in sorted(expected.items())
        }

    def confused(self, limit: int = 10) -> list[tuple[str, str, int]]:
        """The most frequent (expected, got) pairs among mistakes."""
        pairs = Counter((o.turn.expect[0], o.got) for o in self.outcomes if not o.right)
        return [(e, g, n) for (e, g), n in pairs.most_common(limit)]


def run(engine: Engine, question_set: QuestionSet) -> list[Outcome]:
    """Ask every turn; each conversation gets its own key so context carries only within it."""
    outcomes = []
    for number, turns in enumerate(question_set.all_turns()):
        key = ConversationKey("eval", thread=str(number))
        for turn in turns:
            reply = engine.handle(Message(turn.q, key))
            outcomes.append(Outcome(turn, label(reply), reply.provenance.score))
    return outcomes


def evaluate(
    base: KnowledgeBase, question_set: QuestionSet, policy: MatchPolicy = DEFAULT_POLICY
) -> Report:
    """Accuracy at `policy`, plus accuracy and coverage at each threshold of the sweep."""
    report = Report(run(Engine(base, policy), question_set))
    for threshold in SWEEP:
        outcomes = run(Engine(base, replace(policy, answer_threshold=threshold)), question_set)
        accuracy = sum(o.right for o in outcomes) / max(len(outcomes), 1)
        coverage = sum(o.got not in (DECLINE, "clarify") for o in outcomes) / max(len(outcomes), 1)
        report.sweep.append((threshold, accuracy, coverage))
    return report


def format_report(report: Report, policy: MatchPolicy = DEFAULT_POLICY) -> str:
    """The report as text."""
    lines = [
        f"turns: {len(report.outcomes)}",
        f"accuracy: {report.accuracy:.1%}",
        f"off-topic declined: {report.offtopic_declined:.1%}",
        f"threshold in use: {policy.answer_threshold}",
        "",
        "per intent (precision, recall, support):",
    ]
    lines += [
        f"  {intent:<20} {p:6.1%} {r:6.1%} {n:4d}"
        for intent, (p, r, n) in report.per_intent().items()
    ]
    lines += ["", "most confused (expected -> got):"]
    lines += [f"  {n:3d}  {e} -> {g}" for e, g, n in report.confused()] or ["  none"]
    lines += ["", "threshold sweep (threshold, accuracy, coverage):"]
    lines += [f"  {t:.2f}  {a:6.1%}  {c:6.1%}" for t, a, c in report.sweep]
    mistakes = [o for o in report.outcomes if not o.right]
    if mistakes:
        lines += ["", "mistakes:"]
        lines += [f"  {o.turn.q!r}: expected {o.turn.expect}, got {o.got}" for o in mistakes]
    return "\n".join(lines)
