"""Deciding what a turn gets: `Engine.handle(Message) -> Reply`, synchronous and deterministic.

Commands are routed, small talk and tour moves recognised, and questions matched (by
`bot.understanding`) and answered, clarified or declined against the thresholds in
`bot.answering.policy`. Every text a reply shows comes from `bot.answering.wording`.
"""

from __future__ import annotations

from dataclasses import replace

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from bot import commands
from bot.answering.policy import MatchPolicy, default_policy
from bot.answering.ranking import Ranked
from bot.answering.wording import paging, replies
from bot.answering.wording.answers import Answerer, suggestion
from bot.answering.wording.checklist import checklist
from bot.commands import Command, Verb
from bot.conversation.context import Context, remember, remember_entry
from bot.conversation.memory import ConversationMemory, Memory
from bot.kb.base import KnowledgeBase
from bot.kb.compiled import Compiled, compile_knowledge
from bot.kb.records import EntityKind
from bot.message import ConversationKey, Message, MessageKind
from bot.onboarding.progress import MemoryTourProgress, TourProgress, conversation_user_key
from bot.onboarding.tour import TourGuide, chat_move, command_move, is_newcomer_hello
from bot.reply import (
    BODY_LIMIT,
    SUGGESTION_LIMIT,
    TITLE_LIMIT,
    Label,
    Reply,
    ReplyKind,
    Suggestion,
)
from bot.understanding.candidates import NO_CONTEXT, Candidate, message_candidates, templated
from bot.understanding.intents import MAX_COMPARED, Detected, Intent, resolve
from bot.understanding.lexicon import GREETINGS, Reading
from bot.understanding.objects import about_another_trade, anchored_in_data
from bot.understanding.retrieval import STOPWORDS
from bot.understanding.segments import (
    asks_how_to_use,
    only_thanks,
    split_message,
    without_framing,
)
from bot.understanding.targets import Target, compatible
from bot.understanding.text import clean, normalize

DID_YOU_MEAN_CUTOFF = 75  # below this a guess is noise ("astronaut" is no role)
HELP_WORDS = frozenset({"help", "commands", "usage", "menu"})
POLITE_WORDS = frozenset(
    {"me", "please", "pls", "rolebot", "show", "the", "a", "some", "i", "need"}
)


def within_limits(reply: Reply) -> Reply:
    """The reply with title and body cut to the neutral limits (a team's long text, say)."""
    if len(reply.title) <= TITLE_LIMIT and len(reply.body) <= BODY_LIMIT:
        return reply
    body = reply.body
    if len(body) > BODY_LIMIT:
        cut = body.rfind("\n", 0, BODY_LIMIT - 1)
        body = body[: cut if cut > BODY_LIMIT // 2 else BODY_LIMIT - 1].rstrip() + "…"
    title = reply.title if len(reply.title) <= TITLE_LIMIT else reply.title[: TITLE_LIMIT - 1] + "…"
    return replace(reply, title=title, body=body)


class Engine:
    """Answers questions and commands from one knowledge base."""

    def __init__(
        self,
        knowledge: KnowledgeBase | Compiled,
        policy: MatchPolicy | None = None,
        memory: Memory | None = None,
        progress: TourProgress | None = None,
        *,
        whole_answers: bool = False,
    ) -> None:
        """Build on the knowledge; `progress` keeps tour positions (default: in memory).

        Answers show one chat screen and keep the rest for `more`, unless `whole_answers`
        (a one-shot `rolebot ask`, where there is no conversation to continue)."""
        compiled = knowledge if isinstance(knowledge, Compiled) else compile_knowledge(knowledge)
        self.compiled = compiled
        self.base = compiled.base
        self.lexicon = compiled.lexicon
        self.policy = policy if policy is not None else default_policy()
        self.memory = memory if memory is not None else ConversationMemory()
        self.answerer = Answerer(self.base)
        self.tour = TourGuide(self.base, progress if progress is not None else MemoryTourProgress())
        self.whole_answers = whole_answers

    def handle(self, message: Message) -> Reply:
        """Answer one turn. Never raises on any input; not-found is a reply, not an exception."""
        text = clean(message.text)
        command = commands.parse(text) if message.kind is MessageKind.COMMAND else None
        # "why?" and "more" are asked as chat, with `ask` (Discord's /roles ask) or by a button.
        said = command.rest if command is not None and command.verb is Verb.ASK else text
        context = self.memory.get(message.conversation)
        if paging.asks_why(said):
            return within_limits(paging.why(context.last, said))
        if paging.asks_for_more(said):
            reply = paging.continuation(context.rest_title, context.rest, context.last, said)
            return self._sized(within_limits(reply), message.conversation)
        if command is not None:
            reply = self._command(command, message)
        else:
            reply = self._onboarding_chat(text, message) or self.answer(text, message)
        return self._sized(within_limits(reply), message.conversation)

    def _sized(self, reply: Reply, key: ConversationKey) -> Reply:
        """An answer cut to one chat screen, the rest kept for `more`; its provenance kept for
        `why?` (a continuation keeps the provenance of the answer it continues)."""
        if reply.kind not in (ReplyKind.ANSWER, ReplyKind.CLARIFY, ReplyKind.DECLINE):
            return reply
        context = self.memory.get(key)
        # A comparison's table is the answer and a checklist is read as a whole: not paged.
        pageable = (
            not self.whole_answers
            and reply.kind is ReplyKind.ANSWER
            and reply.table is None
            and reply.provenance.intent is not Label.ONBOARD
        )
        page = paging.first_screen(reply.body) if pageable else None
        rest = page.rest if page is not None else ""
        if page is not None and rest:
            more = (paging.MORE, *(s for s in reply.suggestions if s != paging.MORE))
            reply = replace(reply, body=page.shown, suggestions=more[:SUGGESTION_LIMIT])
        last = context.last if reply.provenance.intent is Label.MORE else reply.provenance
        title = context.rest_title if reply.provenance.intent is Label.MORE else reply.title
        self.memory.put(key, replace(context, last=last, rest_title=title, rest=rest))
        return reply

    def welcome(self, platform: str) -> Reply:
        """The welcome a newcomer gets, with a button that starts the tour."""
        return within_limits(self.tour.welcome(platform))

    def home(self, platform: str) -> Reply:
        """A start page (Slack's App Home): the welcome, with quick questions beside the tour."""
        return within_limits(replies.home(self.tour.welcome(platform)))

    def _onboarding_chat(self, text: str, message: Message) -> Reply | None:
        """Tour moves and `onboard <role>` typed as chat, which is also how clicks arrive.

        "tour next" and "onboard mle" work anywhere; a bare "next", "back" or "stop" moves the
        tour only while the user has one under way, and is a question otherwise. A newcomer
        saying hello ("I'm new here", "it's my first week") gets the welcome; one naming their
        role ("just joined as a data analyst") gets that role's onboarding checklist.
        """
        user = conversation_user_key(message.conversation)
        command = commands.parse(text)
        if command is not None and command.verb is Verb.TOUR:
            move = command_move(command.rest)
            if move is not None:
                return self.tour.move(move, user, message.platform, text)
        elif command is not None and command.verb is Verb.ONBOARD and command.rest:
            found = self.lexicon.lookup(command.rest, EntityKind.ROLE)
            if found is not None:
                return checklist(self.base, self.base.roles[found.id], text, f"role '{found.span}'")
        else:
            move = chat_move(text)
            if move is not None and self.tour.in_progress(user):
                return self.tour.move(move, user, message.platform, text)
            reading = self.lexicon.read(text)
            if is_newcomer_hello(reading.unnamed):
                roles = reading.ids(EntityKind.ROLE)
                if len(roles) == 1:  # "just joined as a data analyst": that role's checklist
                    key = message.conversation
                    about = Detected(Intent.ROLE_OVERVIEW, roles=(roles[0],))
                    self.memory.put(key, self._remember(self.memory.get(key), about))
                    role = self.base.roles[roles[0]]
                    return checklist(self.base, role, text, f"newcomer, role '{roles[0]}'")
                return replace(self.tour.welcome(message.platform), question=text)
        return None

    def answer(self, text: str, message: Message) -> Reply:
        """Answer a free-text question in its conversation.

        One of an FAQ entry's phrasings, or a question worded as an intent's template ("who
        uses torch"), word for word, reaches its answer directly.

        Every part of the message is matched (`bot.understanding.candidates`), the candidates
        ranked and the winner answered only when the acceptor is sure enough. A near tie
        between answers that say different things asks which was meant; between compatible
        answers (`bot.understanding.targets.compatible`), the first is given and the other
        offered. A second question in the same
        message is offered as a suggestion, and so is the runner-up when the answer is less
        than sure. A decline offers the best guesses when the acceptor gives the first at
        least the policy's guess floor.
        """
        reading = self.lexicon.read(text)
        if not reading.words:
            return replies.nothing_to_answer(clean(message.text))
        small_talk = self._small_talk(reading, text, message.platform)
        if small_talk is not None:
            return small_talk
        if about_another_trade(reading):
            return replies.decline(self.base, text, reading.entities, "", 0.0)
        key = message.conversation
        context = self.memory.get(key)
        command = commands.parse(text)
        if (
            command is not None
            and command.verb is Verb.COMPARE
            and len(reading.ids(EntityKind.ROLE)) >= 2
        ):
            # "compare ds, mle and mlops" typed as chat is the compare command.
            return self._compare_command(command, message)
        exact = self.compiled.exact.get(normalize(text))
        if exact is not None:
            # One of an entry's own phrasings, word for word: curated routing, no ranking.
            target, phrasing = exact
            return self._reply(
                Candidate(target, 0, text, None, phrasing, ()), text, 1.0, context, key
            )
        worded = templated(self.compiled, text, reading)
        if worded is not None:
            return self._reply(worded, text, 1.0, context, key)
        ranked = self._rank(message_candidates(self.compiled, text, context))
        # Whether the message names anything of data is read only when the answer hangs on it.
        anchored = (
            ranked.confidence >= self.policy.threshold(anchored=False)
            or context != NO_CONTEXT
            or anchored_in_data(self.lexicon, reading)
        )
        if not ranked.candidates or ranked.confidence < self.policy.threshold(anchored):
            nearest = ranked.candidates[0].phrasing if ranked.candidates else ""
            return replies.decline(
                self.base,
                text,
                reading.entities,
                nearest,
                ranked.confidence,
                guesses=self._guesses(ranked),
                how_to=not ranked.candidates and asks_how_to_use(text),
            )
        first, rivals = ranked.candidates[0], ranked.rivals
        if (
            rivals
            and rivals[0].part == first.part
            and not compatible(self._target(first), self._target(rivals[0]))
        ):
            options = [self._offer(c) for c in (first, *rivals)]
            return replies.clarify(text, options, first.phrasing, ranked.confidence)
        answered_alone = self._other_questions(ranked, first)
        others = [c for c, _ in answered_alone]
        sure = min(ranked.confidence, self.policy.sure)
        earlier = _asked_earlier(text, first, [c for c, alone in answered_alone if alone >= sure])
        if earlier is not None:
            # Two questions in one message: the first asked is answered, the other offered.
            others = [first, *(c for c in others if c is not earlier)]
            first = earlier
        reply = self._reply(first, text, ranked.confidence, context, key)
        # A rival may also be the best answer to another part, or the runner-up: offered once.
        runner_up = (
            [c for c in ranked.candidates if c.target != first.target][:1]
            if ranked.confidence < self.policy.sure
            else []
        )
        offered = {c.target: c for c in (*rivals, *others, *runner_up)}
        offered.pop(first.target, None)
        return replies.with_offers(reply, [self._offer(c) for c in offered.values()])

    def _rank(self, candidates: list[Candidate]) -> Ranked:
        return self.policy.model.rank(candidates, self.compiled.targets, self.policy.tie_ratio)

    def _target(self, candidate: Candidate) -> Target:
        return self.compiled.targets[candidate.target]

    def _guesses(self, ranked: Ranked) -> list[Suggestion]:
        """The best few answers of a declined message, best first, when the acceptor is sure
        enough of the first that they are likelier help than the starter questions."""
        if ranked.confidence < self.policy.guess_floor:
            return []
        best: dict[int, Candidate] = {}
        for candidate in ranked.candidates:
            best.setdefault(candidate.target, candidate)
        return [self._offer(c) for c in list(best.values())[: replies.DECLINE_SUGGESTIONS]]

    def _other_questions(self, ranked: Ranked, first: Candidate) -> list[tuple[Candidate, float]]:
        """The best answer to each other question part of the message, when sure enough, with
        the acceptor's probability for it alone."""
        found = []
        for number in sorted({c.part for c in ranked.candidates} - {0, first.part}):
            alone = self._rank([c for c in ranked.candidates if c.part == number])
            best = alone.candidates[0]
            if alone.confidence >= self.policy.answer_threshold and best.target != first.target:
                found.append((best, alone.confidence))
        return found

    def _detected(self, candidate: Candidate, confidence: float) -> Detected | None:
        if candidate.detected is not None:
            return replace(candidate.detected, confidence=confidence)
        detected = self.compiled.targets[candidate.target].detected(confidence)
        if detected is not None and detected.intent is Intent.COMPARE:
            # "ds vs mle vs mlops" may be won by the comparison of two of its roles that its
            # phrasings match: the table still compares every role the part names.
            reading = self.lexicon.read(candidate.text)
            named = resolve(Intent.COMPARE, reading, NO_CONTEXT, confidence)
            if named is not None and set(detected.roles) < set(named.roles):
                return named
        return detected

    def _reply(
        self,
        candidate: Candidate,
        text: str,
        confidence: float,
        context: Context,
        key: ConversationKey,
    ) -> Reply:
        """The answer `candidate` gives, remembered as the conversation's context."""
        detected = self._detected(candidate, confidence)
        if detected is not None:
            self.memory.put(key, self._remember(context, detected))
            reading = self.lexicon.read(candidate.text)
            return self.answerer.structured(
                detected, text, self._matched(reading, candidate.phrasing)
            )
        entry = self.base.faq[self.compiled.targets[candidate.target].entry]
        self.memory.put(key, remember_entry(context, entry))
        return self.answerer.faq(entry, text, candidate.phrasing, confidence)

    def _remember(self, context: Context, detected: Detected) -> Context:
        """The context after `detected`: who owns a stage is who "they" means next."""
        stage = self.base.stages.get(detected.stage) if detected.stage else None
        return remember(context, detected, tuple(stage.owners) if stage else ())

    def _offer(self, candidate: Candidate) -> Suggestion:
        """A button asking for `candidate`'s answer: its title, and a phrasing that reaches it."""
        target = self.compiled.targets[candidate.target]
        detected = self._detected(candidate, 1.0)
        if detected is None:
            entry = self.base.faq[target.entry]
            return suggestion(entry.title, entry.phrasings[0])
        title = self.answerer.structured(detected, "", "").title
        return suggestion(title, target.phrasings[0] if target.phrasings else candidate.text)

    @staticmethod
    def _matched(reading: Reading, template: str) -> str:
        spans = ", ".join(f"{e.kind} '{e.span}'" for e in reading.entities)
        return "; ".join(part for part in (f"'{template}'", spans) if part)

    def _small_talk(self, reading: Reading, text: str, platform: str) -> Reply | None:
        if only_thanks(text):
            return replies.thanks(text)
        words = set(reading.words)
        if reading.entities or len(reading.words) > 4:
            return None
        if words <= GREETINGS:
            return replies.help_reply(text, greeting=True, platform=platform)
        if words & HELP_WORDS and words <= HELP_WORDS | POLITE_WORDS:
            return replies.help_reply(text, platform=platform)
        return None

    def _command(self, command: Command, message: Message) -> Reply:
        platform = message.platform
        match command.verb:
            case Verb.HELP:
                return replies.help_reply(platform=platform)
            case Verb.ASK:
                if not command.rest.strip():
                    return replies.usage(Verb.ASK, platform, replies.ASK_WHAT)
                return self.answer(command.rest, message)
            case Verb.COMPARE:
                return self._compare_command(command, message)
            case Verb.ROLE | Verb.STAGE:
                kind = EntityKind.ROLE if command.verb is Verb.ROLE else EntityKind.STAGE
                found = self.lexicon.lookup(command.rest, kind) if command.rest else None
                if found is None:
                    return self._unknown(command.verb, kind, command.rest, platform, command.rest)
                intent = Intent.ROLE_OVERVIEW if kind is EntityKind.ROLE else Intent.STAGE_OWNER
                detected = Detected(
                    intent,
                    roles=(found.id,) if kind is EntityKind.ROLE else (),
                    stage=found.id if kind is EntityKind.STAGE else None,
                )
                return self._structured(detected, message, command.rest, f"{kind} '{found.span}'")
            case Verb.TOUR:
                move = command_move(command.rest)
                if move is None:
                    return replies.usage(Verb.TOUR, platform, replies.TOUR_MOVES)
                user = conversation_user_key(message.conversation)
                return self.tour.move(move, user, platform, f"tour {command.rest}".strip())
            case Verb.ONBOARD:
                found = self.lexicon.lookup(command.rest, EntityKind.ROLE) if command.rest else None
                if found is None:
                    return self._unknown(
                        Verb.ONBOARD, EntityKind.ROLE, command.rest, platform, command.rest
                    )
                role = self.base.roles[found.id]
                question = f"onboard {command.rest}"
                return checklist(self.base, role, question, f"role '{found.span}'")

    def _structured(self, detected: Detected, message: Message, text: str, matched: str) -> Reply:
        key = message.conversation
        self.memory.put(key, self._remember(self.memory.get(key), detected))
        return self.answerer.structured(detected, text, matched)

    def _compare_command(self, command: Command, message: Message) -> Reply:
        platform = message.platform
        reading = self.lexicon.read(command.rest)
        roles = reading.ids(EntityKind.ROLE)
        if len(roles) >= 2:
            compared, left_out = tuple(roles[:MAX_COMPARED]), tuple(roles[MAX_COMPARED:])
            detected = Detected(Intent.COMPARE, roles=compared, left_out=left_out)
            return self._structured(detected, message, command.rest, "compare command")
        # Words that named no role ("compare ds astronaut"); a name may span words ("data
        # scientist"), so they are looked for in the reading, not argument by argument.
        unknown = [
            word
            for word in reading.unnamed
            if word not in commands.SEPARATORS and word not in STOPWORDS
        ]
        if unknown:
            return self._unknown(Verb.COMPARE, EntityKind.ROLE, unknown[0], platform, command.rest)
        if roles:  # one role, perhaps named twice ("compare ds data scientist")
            problem = replies.compare_with_another(self.base.roles[roles[0]])
            return replies.usage(Verb.COMPARE, platform, problem)
        return replies.usage(Verb.COMPARE, platform, replies.COMPARE_HOW_MANY)

    def _unknown(self, verb: Verb, kind: EntityKind, name: str, platform: str, rest: str) -> Reply:
        items = self.base.roles if kind is EntityKind.ROLE else self.base.stages
        names = {ref.span: ref.id for ref in self.lexicon.names(kind)}
        guesses = (
            process.extract(
                name,
                list(names),
                scorer=fuzz.WRatio,
                processor=default_process,
                limit=3,
                score_cutoff=DID_YOU_MEAN_CUTOFF,
            )
            if name
            else []
        )
        seen: list[str] = list(dict.fromkeys(names[g[0]] for g in guesses))
        return replies.unknown_name(verb, kind, name, platform, rest, items, seen)


def _asked_earlier(text: str, first: Candidate, others: list[Candidate]) -> Candidate | None:
    """Of the sure answers to the message's other questions, the one to the question asked
    first, when it comes before the question `first` answers ("who deploys our models and
    who monitors them afterwards?" is answered about deployment, monitoring offered)."""
    if not others:  # most answers: the message is not read again
        return None
    order = {q: i for i, q in enumerate(split_message(without_framing(text)).parts)}
    position = order.get(first.text)
    if not position:  # `first` answers the whole message, or its first question
        return None
    before = [c for c in others if order.get(c.text, position) < position]
    return min(before, key=lambda c: order[c.text]) if before else None
