"""`rolebot eval`: accuracy of the engine on labelled question sets, a threshold sweep and the
reliability of its confidence.

Labels are ``intent:entry`` (``stage_owner:deployment``, ``faq:mle-entry-level``,
``compare:data-scientist+ml-engineer``) or ``decline`` for questions that must not be answered.
A question may list several acceptable labels.

Two sets ship: the existing one (`questions.yaml`, short questions written for rolebot) and the
real one (`real.yaml`, questions modelled on what people posted, split once into `dev` and
`test`). The test split is held out: it is reported, but its mistakes are never listed, so
nobody tunes on them by accident. Later batches of real questions (`batch: 2` onwards) join
`dev` (batches 2 to 6) or the `blind` split (7 onwards), which is held out like `test`; each
is also reported on its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.answering.deciding import Engine
from bot.answering.policy import MatchPolicy, default_policy
from bot.kb.base import KnowledgeBase
from bot.kb.files import UnreadableFile, read_knowledge
from bot.kb.problems import KnowledgeError, Location, Problem
from bot.kb.yaml_lines import parse
from bot.message import ConversationKey, Message, MessageKind
from bot.reply import Label, Reply

QUESTION_SET = Path(__file__).resolve().parents[1] / "evalset" / "questions.yaml"
REAL_SET = QUESTION_SET.parent / "real.yaml"
PRACTICE_SET = QUESTION_SET.parent / "practice.yaml"
# A question set grows batch by batch past a knowledge file's bound on values (each item holds
# some eight); it is still read within the same bound on bytes.
QUESTION_SET_VALUES = 100_000
DECLINE = "decline"
SWEEP = tuple(round(0.05 * i, 2) for i in range(2, 19))  # acceptor probabilities 0.10 .. 0.90
RELIABILITY_BINS = 10
Split = Literal["dev", "test", "blind"]


class Turn(BaseModel):
    """One question and the labels that count as right."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    q: str
    expect: list[str] = Field(min_length=1)
    kind: str = "paraphrase"
    source: str = ""  # where a real question was modelled on ("written" for our own)
    # The real set's dev (tune on it), test or blind (both report only: never tuned on).
    split: Split | None = None
    batch: int = Field(default=1, ge=1)  # which gathering of the real set it came from

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

    def singles(self) -> list[Turn]:
        """Every single question, the off-topic ones included."""
        return [turns[0] for turns in self.all_turns() if len(turns) == 1]

    def split(self, name: Split) -> QuestionSet:
        """The questions of one split."""
        return QuestionSet(questions=[t for t in self.questions if t.split == name])

    def batch(self, number: int) -> QuestionSet:
        """The questions of one batch."""
        return QuestionSet(questions=[t for t in self.questions if t.batch == number])

    def later_batches(self) -> list[int]:
        """The batches gathered after the first, in order."""
        return sorted({t.batch for t in self.questions} - {1})


def load_question_set(path: Path = QUESTION_SET) -> QuestionSet:
    """Read and check a question set file; raises KnowledgeError (``file:line: message``) when
    it cannot be read or is not a question set."""
    # Read and parsed within the bounds of knowledge files (size, aliases, nesting), but for
    # its own, larger bound on values.
    try:
        doc = parse(read_knowledge(path), str(path), QUESTION_SET_VALUES)
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
        return DECLINE if reply.provenance.intent is not Label.CLARIFY else "clarify"
    entry = reply.provenance.entry
    return f"{reply.provenance.intent}:{entry}" if entry else reply.provenance.intent


@dataclass
class Outcome:
    """One asked turn."""

    turn: Turn
    got: str
    confidence: float
    offered: tuple[str, ...] = ()  # for a missed answer, what clicking each suggestion gives

    @property
    def right(self) -> bool:
        """Whether the reply carried one of the expected labels."""
        return self.got in self.turn.expect

    @property
    def missed(self) -> bool:
        """Whether an answerable question was declined or answered otherwise."""
        return self.turn.expect != [DECLINE] and not self.right

    @property
    def answer_offered(self) -> bool:
        """Whether a missed answer was one click away, among the reply's suggestions."""
        return self.missed and any(o in self.turn.expect for o in self.offered)


@dataclass
class Report:
    """Everything `rolebot eval` prints."""

    outcomes: list[Outcome]
    sweep: list[tuple[float, float, float]] = field(default_factory=list)
    reliability: list[tuple[float, float, int]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Share of turns answered with an expected label."""
        return sum(o.right for o in self.outcomes) / max(len(self.outcomes), 1)

    @property
    def offtopic_declined(self) -> float:
        """Share of off-topic questions declined."""
        off = [o for o in self.outcomes if o.turn.expect == [DECLINE]]
        return sum(o.got in (DECLINE, "clarify") for o in off) / max(len(off), 1)

    @property
    def offtopic(self) -> str:
        """The share of off-topic questions declined, as `rolebot eval` words it."""
        if not any(o.turn.expect == [DECLINE] for o in self.outcomes):
            return "no off-topic asks"
        return f"off-topic declined {self.offtopic_declined:.1%}"

    def one_click(self, declined: bool) -> tuple[int, int]:
        """How many answerable questions were declined (`declined`) or else answered
        otherwise, and how many of them had the answer among the reply's suggestions."""
        missed = [o for o in self.outcomes if o.missed and (o.got == DECLINE) is declined]
        return len(missed), sum(o.answer_offered for o in missed)

    def per_intent(self) -> dict[str, tuple[float, float, int]]:
        """Precision, recall and support per intent.

        Support and recall go by the intent of a question's first label: a question is
        recalled when it gets any right reply, since a label may also list other answers (an
        ownership question answered by the FAQ entry its label lists is right). Precision goes
        by the intent of the reply.
        """
        expected = Counter(_intent(o.turn.expect[0]) for o in self.outcomes)
        recalled = Counter(_intent(o.turn.expect[0]) for o in self.outcomes if o.right)
        predicted = Counter(_intent(o.got) for o in self.outcomes)
        precise = Counter(_intent(o.got) for o in self.outcomes if o.right)
        return {
            intent: (precise[intent] / max(predicted[intent], 1), recalled[intent] / count, count)
            for intent, count in sorted(expected.items())
        }

    def confused(self, limit: int = 10) -> list[tuple[str, str, int]]:
        """The most frequent (expected, got) pairs among mistakes."""
        pairs = Counter((o.turn.expect[0], o.got) for o in self.outcomes if not o.right)
        return [(e, g, n) for (e, g), n in pairs.most_common(limit)]


def _intent(label: str) -> str:
    return label.split(":")[0]


def run(engine: Engine, question_set: QuestionSet) -> list[Outcome]:
    """Ask every turn; each conversation gets its own key so context carries only within it.
    When an answerable turn is missed, its reply's suggestions are clicked, each in a
    conversation of its own."""
    outcomes = []
    for number, turns in enumerate(question_set.all_turns()):
        key = ConversationKey("eval", thread=str(number))
        for turn in turns:
            reply = engine.handle(Message(turn.q, key))
            outcome = Outcome(turn, label(reply), reply.provenance.score)
            if outcome.missed:
                outcome.offered = _clicked(engine, reply, str(number))
            outcomes.append(outcome)
    return outcomes


def _clicked(engine: Engine, reply: Reply, conversation: str) -> tuple[str, ...]:
    """The label of the reply each of `reply`'s suggestions gets when clicked."""
    return tuple(
        label(
            engine.handle(
                Message(
                    s.query,
                    ConversationKey("eval-click", thread=f"{conversation}-{i}"),
                    MessageKind.COMMAND,
                )
            )
        )
        for i, s in enumerate(reply.suggestions)
    )


def reliability(outcomes: list[Outcome]) -> list[tuple[float, float, int]]:
    """Mean confidence, observed accuracy and count per confidence bin, lowest first."""
    bins: list[list[Outcome]] = [[] for _ in range(RELIABILITY_BINS)]
    for outcome in outcomes:
        bins[min(int(outcome.confidence * RELIABILITY_BINS), RELIABILITY_BINS - 1)].append(outcome)
    return [
        (sum(o.confidence for o in b) / len(b), sum(o.right for o in b) / len(b), len(b))
        for b in bins
        if b
    ]


def evaluate(
    base: KnowledgeBase, question_set: QuestionSet, policy: MatchPolicy | None = None
) -> Report:
    """Accuracy at `policy`, accuracy and coverage at each threshold of the sweep, and how
    often the best guess is right at each confidence (everything answered)."""
    policy = policy if policy is not None else default_policy()
    report = Report(run(Engine(base, policy), question_set))
    # One pass with nothing declined for want of confidence: at threshold t, a turn is
    # answered as there when its confidence reaches t, else declined. (A declined turn leaves
    # the conversation's context alone, so follow-ups may differ slightly from a real run.)
    everything = run(Engine(base, replace(policy, answer_threshold=0.0)), question_set)
    total = max(len(everything), 1)
    for threshold in SWEEP:
        got = [o.got if o.confidence >= threshold else DECLINE for o in everything]
        right = sum(g in o.turn.expect for g, o in zip(got, everything, strict=True))
        answered = sum(g not in (DECLINE, "clarify") for g in got)
        report.sweep.append((threshold, right / total, answered / total))
    report.reliability = reliability([o for o in everything if o.got != DECLINE])
    return report


def format_report(
    report: Report, policy: MatchPolicy | None = None, *, held_out: bool = False
) -> str:
    """The report as text; a held-out set's mistakes are not listed."""
    policy = policy if policy is not None else default_policy()
    declined, declined_offered = report.one_click(declined=True)
    otherwise, otherwise_offered = report.one_click(declined=False)
    lines = [
        f"turns: {len(report.outcomes)}",
        f"accuracy: {report.accuracy:.1%}",
        report.offtopic,
        f"answerable but declined: {declined}, with the answer among its suggestions:"
        f" {declined_offered}",
        f"answered otherwise: {otherwise}, with the answer among its suggestions:"
        f" {otherwise_offered}",
        f"threshold in use: {policy.answer_threshold:.3f}",
        "",
        "per intent (precision, recall, support):",
    ]
    lines += [
        f"  {intent:<20} {p:6.1%} {r:6.1%} {n:4d}"
        for intent, (p, r, n) in report.per_intent().items()
    ]
    lines += ["", "threshold sweep (threshold, accuracy, coverage):"]
    lines += [f"  {t:.2f}  {a:6.1%}  {c:6.1%}" for t, a, c in report.sweep]
    lines += ["", "reliability, everything answered (confidence, observed accuracy, turns):"]
    lines += [f"  {c:.2f}  {a:6.1%}  {n:4d}" for c, a, n in report.reliability]
    if held_out:
        lines += ["", "mistakes: not listed (held-out set: report only, never tune on it)"]
        return "\n".join(lines)
    lines += ["", "most confused (expected -> got):"]
    lines += [f"  {n:3d}  {e} -> {g}" for e, g, n in report.confused()] or ["  none"]
    mistakes = [o for o in report.outcomes if not o.right]
    if mistakes:
        lines += ["", "mistakes:"]
        lines += [f"  {o.turn.q!r}: expected {o.turn.expect}, got {o.got}" for o in mistakes]
    return "\n".join(lines)


def standard_sets(
    existing: Path = QUESTION_SET, real_path: Path = REAL_SET, practice: Path = PRACTICE_SET
) -> list[tuple[str, QuestionSet, bool]]:
    """The shipped sets as `rolebot eval` reports them: (name, set, held out). Each later batch
    of `dev` and of `blind` is reported on its own too, after the whole of its split. The
    practice set is written by us and never fitted on: a wide measure, but not a held-out one."""
    real = load_question_set(real_path)
    blind = _split_and_batches(real, "blind", real_path.name, held_out=True)
    return [
        (f"existing set ({existing.name})", load_question_set(existing), False),
        *_split_and_batches(real, "dev", real_path.name, held_out=False),
        (f"practice set ({practice.name}, not fitted on)", load_question_set(practice), False),
        *_split_and_batches(real, "test", real_path.name, held_out=True),
        *(blind if blind[0][1].questions else []),
    ]


def _split_and_batches(
    real: QuestionSet, name: Split, file: str, held_out: bool
) -> list[tuple[str, QuestionSet, bool]]:
    """One split of the real set as `rolebot eval` names it, then each of its later batches."""
    split = real.split(name)
    where = f"{file}, held out" if held_out else file
    return [
        (f"real set, {name} split ({where})", split, held_out),
        *(
            (f"real set, {name} split, batch {number} ({where})", split.batch(number), held_out)
            for number in split.later_batches()
        ),
    ]
