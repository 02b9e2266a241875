"""The core: `Engine.handle(Message) -> Reply`, plain, synchronous and deterministic."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from bot import commands
from bot.answers import Answerer, in_sentence, suggestion, with_article
from bot.commands import Command, Verb
from bot.compiled import Compiled, compile_knowledge, load_compiled
from bot.intents import MAX_COMPARED, Context, Detected, Intent, carry_over, remember, resolve
from bot.kb.base import KnowledgeBase
from bot.lexicon import GREETINGS, THANKS, Reading
from bot.memory import ConversationMemory
from bot.message import Message, MessageKind
from bot.onboard import checklist
from bot.policy import DEFAULT_POLICY, MatchPolicy
from bot.progress import MemoryTourProgress, TourProgress, conversation_user_key
from bot.reply import (
    BODY_LIMIT,
    SUGGESTION_LIMIT,
    TITLE_LIMIT,
    Provenance,
    Reply,
    ReplyKind,
    Suggestion,
    Visibility,
)
from bot.retrieval import STOPWORDS, Hit
from bot.text import clean, verbatim
from bot.tour import TourGuide, chat_move, command_move, is_newcomer_hello

FOLLOW_UP_CONFIDENCE = 0.85  # a follow-up whose missing half the conversation supplies
CARRY_OVER_CONFIDENCE = 0.95  # "and monitoring?" right after "who owns deployment?"
FOLLOW_UP_FLOOR = 0.3  # ...provided the question itself still looks like that intent
DID_YOU_MEAN_CUTOFF = 75  # below this a guess is noise ("astronaut" is no role)
HELP_WORDS = frozenset({"help", "commands", "usage", "menu"})
POLITE_WORDS = frozenset(
    {"me", "please", "pls", "rolebot", "show", "the", "a", "some", "i", "need"}
)
STARTER_QUESTIONS = (
    "Who owns deployment?",
    "ML engineer vs data scientist",
    "Which tools does a data scientist use?",
    "Is ML engineering an entry-level job?",
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
        policy: MatchPolicy = DEFAULT_POLICY,
        memory: ConversationMemory | None = None,
        progress: TourProgress | None = None,
    ) -> None:
        """Build on the knowledge; `progress` keeps tour positions (default: in memory)."""
        compiled = knowledge if isinstance(knowledge, Compiled) else compile_knowledge(knowledge)
        self.base = compiled.base
        self.lexicon = compiled.lexicon
        self.index = compiled.faq_index
        self.intent_index = compiled.intent_index
        self.policy = policy
        self.memory = memory if memory is not None else ConversationMemory()
        self.answerer = Answerer(self.base)
        self.tour = TourGuide(self.base, progress if progress is not None else MemoryTourProgress())

    @classmethod
    def from_directories(
        cls,
        directories: Sequence[Path] = (),
        cache_dir: Path | None = None,
        progress: TourProgress | None = None,
    ) -> Engine:
        """Load the shipped knowledge plus team directories and build an engine on it.

        With `cache_dir`, the built knowledge is cached there, keyed by the files it came from.
        """
        return cls(load_compiled(directories, cache_dir), progress=progress)

    def handle(self, message: Message) -> Reply:
        """Answer one turn. Never raises on any input; not-found is a reply, not an exception."""
        text = clean(message.text)
        command = commands.parse(text) if message.kind is MessageKind.COMMAND else None
        if command is not None:
            reply = self._command(command, message)
        else:
            reply = self._onboarding_chat(text, message) or self.answer(text, message)
        return within_limits(reply)

    def welcome(self, platform: str) -> Reply:
        """The welcome a newcomer gets, with a button that starts the tour."""
        return within_limits(self.tour.welcome(platform))

    def home(self, platform: str) -> Reply:
        """A start page (Slack's App Home): the welcome, with quick questions beside the tour."""
        welcome = self.tour.welcome(platform)
        quick = tuple(suggestion(q) for q in STARTER_QUESTIONS)
        home = replace(
            welcome,
            body=welcome.body + "\nOr start with one of these questions.",
            provenance=Provenance(intent="home", score=1.0),
            suggestions=(welcome.suggestions + quick)[:SUGGESTION_LIMIT],
        )
        return within_limits(home)

    def _onboarding_chat(self, text: str, message: Message) -> Reply | None:
        """Tour moves and `onboard <role>` typed as chat, which is also how clicks arrive.

        "tour next" and "onboard mle" work anywhere; a bare "next", "back" or "stop" moves the
        tour only while the user has one under way, and is a question otherwise. A newcomer
        saying hello ("I'm new here") gets the welcome.
        """
        user = conversation_user_key(message.conversation)
        command = commands.parse(text)
        if command is not None and command.verb is Verb.TOUR:
            move = command_move(command.rest)
            if move is not None:
                return self.tour.move(move, user, message.platform, text)
        elif command is not None and command.verb is Verb.ONBOARD and command.rest:
            found = self.lexicon.lookup(command.rest, "role")
            if found is not None:
                return checklist(self.base, self.base.roles[found.id], text, f"role '{found.span}'")
        else:
            move = chat_move(text)
            if move is not None and self.tour.in_progress(user):
                return self.tour.move(move, user, message.platform, text)
            if is_newcomer_hello(text):
                return replace(self.tour.welcome(message.platform), question=text)
        return None

    def answer(self, text: str, message: Message) -> Reply:
        """Answer a free-text question in its conversation."""
        reading = self.lexicon.read(text)
        if not reading.words:
            return self._nothing_to_answer(message)
        small_talk = self._small_talk(reading, text)
        if small_talk is not None:
            return small_talk
        key = message.conversation
        context = self.memory.get(key)
        detected, template = self._structured_guess(reading, context)
        hits = self.index.search(*reading.replaced(slots=False))
        top = hits[0] if hits else None

        faq_score = top.score if top is not None else 0.0
        # A structured answer must beat the best FAQ phrasing outright: on a tie, the curated
        # FAQ answer is the more specific one.
        if (
            detected is not None
            and detected.confidence > faq_score
            and (detected.confidence >= self.policy.answer_threshold)
        ):
            self.memory.put(key, remember(context, detected))
            return self.answerer.structured(detected, text, self._matched(reading, template))
        if top is None or faq_score < self.policy.answer_threshold:
            return self._decline(text, reading, top)
        close = [h for h in hits[1:] if top.score - h.score < self.policy.ambiguity_margin]
        if close:
            return self._clarify(text, [top, *close])
        entry = self.base.faq[top.entry]
        self.memory.put(
            key,
            Context(
                intent=None,
                roles=tuple(entry.roles) or context.roles,
                stage=entry.stages[0] if entry.stages else context.stage,
                tool=entry.tools[0] if entry.tools else context.tool,
            ),
        )
        return self.answerer.faq(entry, text, top.phrasing, top.score)

    def _structured_guess(self, reading: Reading, context: Context) -> tuple[Detected | None, str]:
        """The best structured intent the question can supply arguments for, and its template."""
        carried = carry_over(reading, context, CARRY_OVER_CONFIDENCE)
        if carried is not None:
            return carried, "follow-up"
        for hit in self.intent_index.search(*reading.replaced(slots=True), limit=len(Intent)):
            detected = resolve(Intent(hit.entry), reading, context, hit.score)
            if detected is None:
                continue
            if detected.from_context and hit.score >= FOLLOW_UP_FLOOR:
                detected = replace(detected, confidence=max(hit.score, FOLLOW_UP_CONFIDENCE))
            return detected, hit.phrasing
        return None, ""

    @staticmethod
    def _matched(reading: Reading, template: str) -> str:
        spans = ", ".join(f"{e.kind} '{e.span}'" for e in reading.entities)
        return "; ".join(part for part in (f"'{template}'", spans) if part)

    def _small_talk(self, reading: Reading, text: str) -> Reply | None:
        words = set(reading.words)
        if reading.entities or len(reading.words) > 4:
            return None
        if words <= GREETINGS:
            return self.help(text, greeting=True)
        if words & HELP_WORDS and words <= HELP_WORDS | POLITE_WORDS:
            return self.help(text)
        if words <= THANKS and words & {"thanks", "thank", "thx", "ty", "cheers"}:
            return Reply(
                ReplyKind.HELP,
                "You're welcome",
                "Happy to help. Ask me anything else about data and ML roles.",
                Provenance(intent="smalltalk", score=1.0),
                question=text,
            )
        return None

    def _nothing_to_answer(self, message: Message) -> Reply:
        return Reply(
            ReplyKind.DECLINE,
            "Ask me about data and ML roles",
            "I didn't catch a question there. Try one of these, or say `help`.",
            Provenance(intent="empty"),
            suggestions=tuple(suggestion(q) for q in STARTER_QUESTIONS[:3]),
            visibility=Visibility.PRIVATE,
            question=clean(message.text),
        )

    def _decline(self, text: str, reading: Reading, top: Hit | None) -> Reply:
        ideas: list[Suggestion] = []
        for entity in reading.entities[:2]:
            if entity.kind == "role":
                name = with_article(self.base.roles[entity.id].name)
                ideas.append(suggestion(f"What does {name} do?"))
            elif entity.kind == "stage":
                ideas.append(
                    suggestion(f"Who owns {in_sentence(self.base.stages[entity.id].name)}?")
                )
            else:
                ideas.append(suggestion(f"Who uses {self.base.tools[entity.id].name}?"))
        ideas += [suggestion(q) for q in STARTER_QUESTIONS if q not in {i.label for i in ideas}]
        return Reply(
            ReplyKind.DECLINE,
            "I don't know that one",
            "I answer questions about data and ML roles: what each role does, who owns each "
            "stage of the ML lifecycle, tools, skills, careers and hiring. Here are a few things "
            "I can help with.",
            Provenance(
                intent="decline",
                entry=None,
                matched=top.phrasing if top else "",
                score=top.score if top else 0.0,
            ),
            suggestions=tuple(ideas[:3]),
            question=text,
        )

    def _clarify(self, text: str, hits: list[Hit]) -> Reply:
        entries = [self.base.faq[h.entry] for h in hits[:3]]
        return Reply(
            ReplyKind.CLARIFY,
            "Which one did you mean?",
            "A few answers fit your question. Pick the one you meant:",
            Provenance(intent="clarify", entry=None, matched=hits[0].phrasing, score=hits[0].score),
            suggestions=tuple(suggestion(e.title, e.phrasings[0]) for e in entries),
            question=text,
        )

    def help(self, text: str = "", *, greeting: bool = False, platform: str = "") -> Reply:
        """How to use rolebot, with starter questions."""
        verbs = "\n".join(f"- {commands.usage(v, platform)}" for v in Verb if v is not Verb.ASK)
        intro = "Hi! I'm rolebot. " if greeting else ""
        body = (
            f"{intro}Ask me about data and ML roles in plain words: who owns a lifecycle stage, "
            "which tools or skills a role needs, how two roles differ, careers and hiring.\n"
            f"**Commands:**\n{verbs}"
        )
        return Reply(
            ReplyKind.HELP,
            "How to use rolebot",
            body,
            Provenance(intent="greeting" if greeting else "help", score=1.0),
            suggestions=tuple(suggestion(q) for q in STARTER_QUESTIONS),
            visibility=Visibility.PRIVATE,
            question=text,
        )

    def _command(self, command: Command, message: Message) -> Reply:
        platform = message.platform
        match command.verb:
            case Verb.HELP:
                return self.help(platform=platform)
            case Verb.ASK:
                if not command.rest.strip():
                    return self._usage(Verb.ASK, platform, "What would you like to ask?")
                return self.answer(command.rest, message)
            case Verb.COMPARE:
                return self._compare_command(command, message)
            case Verb.ROLE | Verb.STAGE:
                kind = "role" if command.verb is Verb.ROLE else "stage"
                found = self.lexicon.lookup(command.rest, kind) if command.rest else None
                if found is None:
                    return self._unknown(command.verb, kind, command.rest, platform, command.rest)
                intent = Intent.ROLE_OVERVIEW if kind == "role" else Intent.STAGE_OWNER
                detected = Detected(
                    intent,
                    roles=(found.id,) if kind == "role" else (),
                    stage=found.id if kind == "stage" else None,
                )
                return self._structured(detected, message, command.rest, f"{kind} '{found.span}'")
            case Verb.TOUR:
                move = command_move(command.rest)
                if move is None:
                    return self._usage(
                        Verb.TOUR, platform, "The tour goes to the next step, back, or stops."
                    )
                user = conversation_user_key(message.conversation)
                return self.tour.move(move, user, platform, f"tour {command.rest}".strip())
            case Verb.ONBOARD:
                found = self.lexicon.lookup(command.rest, "role") if command.rest else None
                if found is None:
                    return self._unknown(Verb.ONBOARD, "role", command.rest, platform, command.rest)
                role = self.base.roles[found.id]
                question = f"onboard {command.rest}"
                return checklist(self.base, role, question, f"role '{found.span}'")

    def _structured(self, detected: Detected, message: Message, text: str, matched: str) -> Reply:
        key = message.conversation
        self.memory.put(key, remember(self.memory.get(key), detected))
        return self.answerer.structured(detected, text, matched)

    def _compare_command(self, command: Command, message: Message) -> Reply:
        platform = message.platform
        reading = self.lexicon.read(command.rest)
        roles = reading.ids("role")
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
            return self._unknown(Verb.COMPARE, "role", unknown[0], platform, command.rest)
        if roles:  # one role, perhaps named twice ("compare ds data scientist")
            name = self.base.roles[roles[0]].name
            return self._usage(Verb.COMPARE, platform, f"Name another role to compare with {name}.")
        return self._usage(Verb.COMPARE, platform, "Name two or three roles to compare.")

    def _unknown(self, verb: Verb, kind: str, name: str, platform: str, rest: str) -> Reply:
        items = self.base.roles if kind == "role" else self.base.stages
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
        if not name:
            problem = f"Which {kind}? I know: " + ", ".join(i.name for i in items.values()) + "."
        else:
            problem = f"I don't know the {kind} {verbatim(name)}."
            if seen:
                problem += " Did you mean " + " or ".join(items[i].name for i in seen) + "?"
        reply = self._usage(verb, platform, problem)
        fixes = [
            (items[i].name, f"{verb.value} {rest.replace(name, i)}" if name else "") for i in seen
        ]
        return Reply(
            reply.kind,
            reply.title,
            reply.body,
            reply.provenance,
            suggestions=tuple(suggestion(label, query) for label, query in fixes),
            visibility=reply.visibility,
            question=name,
        )

    def _usage(self, verb: Verb, platform: str, problem: str) -> Reply:
        return Reply(
            ReplyKind.USAGE,
            f"Usage: {verb.value}",
            f"{problem}\nUsage: {commands.usage(verb, platform)}",
            Provenance(intent="usage", entry=verb.value),
            visibility=Visibility.PRIVATE,
        )
