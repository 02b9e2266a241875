"""Checking a change a curator wants to teach, with the runtime matcher, before it is kept.

A taught phrasing must reach the entry it was taught to, and must not take another entry's
phrasing from it: every FAQ phrasing is run through the matcher with the change in, and any
phrasing that routed correctly before and does not after is a reason to refuse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.answering.deciding import Engine
from bot.curation.routing_check import routing_problems
from bot.kb.base import KnowledgeBase
from bot.kb.compiled import Compiled
from bot.kb.problems import Problem
from bot.kb.records import FaqEntry
from bot.message import ConversationKey, Message
from bot.reply import Label
from bot.understanding.text import normalize

SUGGESTED_IDS = 3  # "did you mean" ids offered for an unknown entry id
SUGGESTION_CUTOFF = 60  # rapidfuzz WRatio, 0 to 100


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a change may be kept; `problems` say why not, one line each."""

    problems: tuple[str, ...]
    already_there: bool = False  # the entry already has this phrasing: nothing to do

    @property
    def ok(self) -> bool:
        """True when the change may be kept."""
        return not self.problems


def closest_entries(
    base: KnowledgeBase, text: str, limit: int = SUGGESTED_IDS, cutoff: float = SUGGESTION_CUTOFF
) -> list[str]:
    """Entry ids that look like `text` (an id or words from a title), best first; none that
    score under `cutoff` (rapidfuzz WRatio, 0 to 100)."""
    choices = {
        entry.id: f"{entry.id.replace('-', ' ')} {entry.title}" for entry in base.faq.values()
    }
    found = process.extract(
        text,
        choices,
        scorer=fuzz.WRatio,
        processor=str.lower,
        limit=limit,
        score_cutoff=cutoff,
    )
    return [str(key) for _, _, key in found]


def entry_choices(knowledge: Compiled, question: str, limit: int) -> list[str]:
    """Up to `limit` entry ids for a curator to choose from for `question`, best first: the
    entries whose phrasings the bot's own retrieval finds closest, then those whose id or title
    looks most like it."""
    reading = knowledge.lexicon.read(question)
    hits = knowledge.faq_index.search(reading.words, reading.stems, limit=limit)
    chosen = list(dict.fromkeys(hit.entry for hit in hits))
    for entry in closest_entries(knowledge.base, question, limit, cutoff=0):
        if len(chosen) >= limit:
            break
        if entry not in chosen:
            chosen.append(entry)
    return chosen[:limit]


def already_taught(base: KnowledgeBase, question: str) -> bool:
    """Whether `question` is now a phrasing of an entry (a missed question dealt with)."""
    key = normalize(question)
    return any(key in {normalize(p) for p in entry.phrasings} for entry in base.faq.values())


def check_phrasing(
    base: KnowledgeBase, entry_id: str, question: str, *, force: bool = False
) -> Verdict:
    """May `question` be added to entry `entry_id`? Checked on `base` with the change in.

    A question that something else answers confidently now (another entry, or a generated
    answer such as "who owns deployment") is refused unless `force`: teaching it would take
    that question from the answer people get today.
    """
    entry = base.faq.get(entry_id)
    if entry is None:
        close = closest_entries(base, entry_id)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        return Verdict((f"there is no FAQ entry '{entry_id}'{hint}",))
    key = normalize(question)
    if not key:
        return Verdict(("the question has no words",))
    if key in {normalize(p) for p in entry.phrasings}:
        return Verdict((), already_there=True)
    for other in base.faq.values():
        if other.id != entry_id and key in {normalize(p) for p in other.phrasings}:
            return Verdict((f"'{question}' is already a phrasing of entry '{other.id}'",))
    if not force:
        now = Engine(base).handle(Message(question, ConversationKey("teach", "now"))).provenance
        answered_elsewhere = now.intent not in (Label.DECLINE, Label.CLARIFY) and (
            now.intent is not Label.FAQ or now.entry != entry_id
        )
        if answered_elsewhere:
            answered = f"{now.intent} '{now.entry}'" if now.entry else str(now.intent)
            return Verdict(
                (
                    f"'{question}' is answered by {answered} now (score {now.score:.2f}); "
                    "teach it only if that answer is wrong (--force)",
                )
            )
    taught = entry._replace(phrasings=(*entry.phrasings, question.strip()))
    return Verdict(tuple(_routing_changes(base, _with_entry(base, taught), entry_id, [question])))


def check_entry(base: KnowledgeBase, entry: FaqEntry) -> Verdict:
    """May a new (or rewritten) entry be kept? Each of its phrasings must reach it, and no
    other entry's phrasing may stop reaching its own."""
    return Verdict(
        tuple(_routing_changes(base, _with_entry(base, entry), entry.id, entry.phrasings))
    )


def _with_entry(base: KnowledgeBase, entry: FaqEntry) -> KnowledgeBase:
    faq = {**base.faq, entry.id: entry}
    return KnowledgeBase(
        roles=base.roles,
        stages=base.stages,
        tools=base.tools,
        pairs=base.pairs,
        faq=faq,
        sources=base.sources,
        vocabulary=base.vocabulary,
        intents=base.intents,
        tour=base.tour,
        team_name=base.team_name,
        contacts=base.contacts,
        locations=base.locations,
    )


def _routing_changes(
    before: KnowledgeBase, after: KnowledgeBase, entry_id: str, taught: Sequence[str]
) -> list[str]:
    """What the change breaks: a taught question that misses `entry_id`, and every phrasing
    that routed correctly before and does not after."""
    engine = Engine(after)
    problems: list[str] = []
    for number, question in enumerate(taught):
        key = ConversationKey("teach", thread=f"taught:{number}")
        got = engine.handle(Message(question, key)).provenance
        if got.intent is not Label.FAQ or got.entry != entry_id:
            answered = f"{got.intent} '{got.entry}'" if got.entry else str(got.intent)
            problems.append(f"'{question}' would be answered by {answered}, not '{entry_id}'")
    after_problems = _messages(routing_problems(after, engine))
    if after_problems:  # checking the knowledge as it was is needed only to tell what is new
        problems.extend(sorted(after_problems - _messages(routing_problems(before))))
    return problems


def _messages(problems: list[Problem]) -> set[str]:
    """Problems by what they say, not where: a taught entry's location differs before/after."""
    return {f"{problem.message}" for problem in problems}
