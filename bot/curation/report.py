"""The curators' report: what the bot missed, which answers people found unhelpful, and how
often each intent answered, for one window of time."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from bot.curation.grouping import group_similar
from bot.kb.compiled import Compiled
from bot.reply import ReplyKind
from bot.store.base import Store
from bot.store.rows import DayCount, EntryVotes, MissKind

TOP = 10  # rows per section
CLOSE_ENOUGH = 0.4  # a nearest entry scoring lower rarely asks the same thing: suggest a new one
FALLBACK_KINDS = frozenset({ReplyKind.CLARIFY.value, ReplyKind.DECLINE.value})
QUESTION_KINDS = FALLBACK_KINDS | {ReplyKind.ANSWER.value}  # help and usage replies are not


@dataclass(frozen=True, slots=True)
class Closest:
    """The existing FAQ entry nearest a missed question: where to add it as a phrasing."""

    entry: str
    title: str
    phrasing: str
    score: float


@dataclass(frozen=True, slots=True)
class QuestionGroup:
    """One missed question, its similar wordings counted together."""

    question: str
    asked: int
    declined: int
    clarified: int
    low_confidence: int
    none_of_these: int  # clarifications of it where someone clicked "None of these"
    wordings: tuple[str, ...]  # other wordings grouped with it
    closest: Closest | None


@dataclass(frozen=True, slots=True)
class EntryFeedback:
    """Votes on the answers of one entry (or one intent, for answers without an entry)."""

    entry: str
    title: str
    helpful: int
    not_helpful: int


@dataclass(frozen=True, slots=True)
class IntentLine:
    """Replies of one intent in the window, and how many were fallbacks."""

    intent: str
    replies: int
    fallbacks: int


@dataclass(frozen=True, slots=True)
class Report:
    """Everything `rolebot report` prints, for one window."""

    since: datetime
    until: datetime
    replies: int
    questions: int  # replies to questions: answers, clarifications and declines
    fallbacks: int  # clarifications and declines
    none_of_these: int
    unanswered: tuple[QuestionGroup, ...]
    unhelpful: tuple[EntryFeedback, ...]
    intents: tuple[IntentLine, ...]
    days: tuple[DayCount, ...] = ()  # questions and fallbacks per UTC day, oldest first

    @property
    def fallback_rate(self) -> float:
        """Share of questions the bot declined or had to clarify (0 when there were none)."""
        return self.fallbacks / self.questions if self.questions else 0.0


def closest_entry(knowledge: Compiled, question: str) -> Closest | None:
    """The FAQ entry whose phrasings best match `question`, by the bot's own retrieval."""
    reading = knowledge.lexicon.read(question)
    hits = knowledge.faq_index.search(reading.words, reading.stems, limit=1)
    if not hits:
        return None
    hit = hits[0]
    return Closest(hit.entry, knowledge.base.faq[hit.entry].title, hit.phrasing, hit.score)


def _title(knowledge: Compiled, votes: EntryVotes) -> str:
    """What the judged answer was about: an FAQ title, or the role, stage or tool names of a
    structured answer (whose entry is an id, or ids joined by "+" for a comparison)."""
    base = knowledge.base
    if votes.entry is None:
        return f"({votes.intent})"
    if votes.entry in base.faq:
        return base.faq[votes.entry].title
    names = {
        item_id: item.name
        for items in (base.roles, base.stages, base.tools)
        for item_id, item in items.items()
    }
    parts = [names.get(item_id, item_id) for item_id in votes.entry.split("+")]
    return f"{' vs '.join(parts)} ({votes.intent})"


def build_report(
    store: Store,
    knowledge: Compiled,
    since: datetime,
    until: datetime,
    top: int = TOP,
    ignored: frozenset[str] = frozenset(),
) -> Report:
    """Read the window from the store and summarise it; `knowledge` names and suggests entries.
    Missed questions curators chose to ignore (`ignored`, as stored) are left out."""
    misses = [m for m in store.misses(since, until) if m.question not in ignored]
    asked = Counter(m.question for m in misses)
    by_kind = Counter((m.question, m.kind) for m in misses)
    rejected = Counter(m.question for m in misses if m.rejected)
    unanswered = []
    for group in group_similar(asked)[:top]:
        wordings = group.wordings
        unanswered.append(
            QuestionGroup(
                question=group.wording,
                asked=group.count,
                declined=sum(by_kind[w, MissKind.DECLINED] for w in wordings),
                clarified=sum(by_kind[w, MissKind.CLARIFIED] for w in wordings),
                low_confidence=sum(by_kind[w, MissKind.LOW_CONFIDENCE] for w in wordings),
                none_of_these=sum(rejected[w] for w in wordings),
                wordings=group.others,
                closest=closest_entry(knowledge, group.wording),
            )
        )

    votes = store.entry_votes(since, until)
    unhelpful = sorted(
        (
            EntryFeedback(v.entry or v.intent, _title(knowledge, v), v.helpful, v.not_helpful)
            for v in votes
            if v.not_helpful
        ),
        key=lambda f: (-f.not_helpful, f.helpful, f.entry),
    )

    counts = store.reply_counts(since, until)
    replies: Counter[str] = Counter()
    fallbacks: Counter[str] = Counter()
    for count in counts:
        replies[count.intent] += count.replies
        if count.kind in FALLBACK_KINDS:
            fallbacks[count.intent] += count.replies
    return Report(
        since=since,
        until=until,
        replies=sum(replies.values()),
        questions=sum(c.replies for c in counts if c.kind in QUESTION_KINDS),
        fallbacks=sum(fallbacks.values()),
        none_of_these=sum(v.none_of_these for v in votes),
        unanswered=tuple(unanswered),
        unhelpful=tuple(unhelpful[:top]),
        intents=tuple(
            IntentLine(intent, n, fallbacks[intent])
            for intent, n in sorted(replies.items(), key=lambda item: (-item[1], item[0]))
        ),
        days=tuple(store.daily_counts(since, until)),
    )
