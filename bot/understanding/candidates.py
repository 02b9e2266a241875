"""Which answers could fit a message, and the evidence for each: what the ranker weighs.

A message is read whole and part by part (`bot.understanding.segments`). For each part, four
signals score the targets: the phrasing index (a question worded like a known phrasing, typos
and abbreviations forgiven), structured intent detection (a role, stage or tool named with a
cue: "which tools does a DS use"), BM25 over whole answers (a long question about what an
answer talks about) and static embeddings (the same meaning in other words). Every target that
any signal puts near the top becomes a candidate, described by the same features whichever
signal found it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from bot.conversation.context import Context
from bot.kb.compiled import Compiled
from bot.kb.records import EntityKind
from bot.semantic import Vectors
from bot.understanding.aspects import asked, spoken
from bot.understanding.centroid_search import Nearest
from bot.understanding.documents import document_terms
from bot.understanding.exemplars import Votes
from bot.understanding.intents import (
    Detected,
    Intent,
    RoleChoice,
    carry_over,
    offers_roles,
    other_subjects,
    refers_back,
    resolve,
    role_choice,
)
from bot.understanding.lexicon import Reading
from bot.understanding.modifiers import modifier_roles
from bot.understanding.moves import Move, goes_back, move_features, read_move
from bot.understanding.objects import (
    foreign_object,
    names_something_else,
    without_foreign_stages,
    without_instance_names,
)
from bot.understanding.question_kind import clause_openers, question_kind
from bot.understanding.retrieval import STOPWORDS
from bot.understanding.segments import (
    asks_for_a_task,
    asks_how_to_use,
    split_message,
    without_framing,
)
from bot.understanding.targets import Target, faq_label, structured_label
from bot.understanding.text import WHO_WORDS

SHORTLIST = 6  # candidates taken from each signal, per part
FOLLOW_UP_CONFIDENCE = 0.85  # a follow-up whose missing half the conversation supplies
CARRY_OVER_CONFIDENCE = 0.95  # "and monitoring?" right after "who owns deployment?"
FOLLOW_UP_FLOOR = 0.3  # ...provided the question itself still looks like that intent
CARRIED_OVER = "follow-up"  # the template of the conversation's question asked again
CHOICE_PHRASING = {  # the template a choice between two roles (`role_choice`) is shown as
    Intent.STAGE_OWNER: "{stage}: the {role} or the {role}?",
    Intent.TOOL_USERS: "{tool}: the {role} or the {role}?",
}
EXEMPLAR_SHORTLIST = 0.25  # an answer this share of the exemplar votes name is a candidate
NO_VOTES = Votes(0.0, 0.0)  # what the exemplars say of an answer none of the nearest names
MAX_STRUCTURED = 2  # structured intents a part is read as, best first (2 did best of 1-4 on dev)
FEATURES = (
    "lexical",  # phrasing-index score, or the structured intent's confidence
    "lexical_best",  # 1 when no other candidate of the part scores higher lexically
    "lexical_margin",  # lexical score minus the best other candidate's
    "semantic",  # cosine with the target's nearest phrasing
    "semantic_best",
    "semantic_margin",
    "centroid",  # cosine with the mean of the target's phrasings
    "documents",  # log(1 + BM25) over the target's whole text
    "documents_share",  # BM25 relative to the part's best
    "covered",  # share of the part's words the answer's text contains (the rest it ignores)
    "entity_agrees",  # the message names a role, stage or tool the answer is about
    "entity_differs",  # it names some, none of which the answer is about
    "entity_covered",  # share of the roles, stages and tools it names that the answer is about
    "roles_unasked",  # share of the answer's roles the message does not name (when it names any)
    "structured",  # a structured answer (role, stage, tool, comparison), not an FAQ entry
    "from_context",  # its arguments came from the conversation
    "from_story",  # ...or from the story of its message, the part naming none
    # "what about data scientists?" after "what tools does an MLE use": the tools question.
    "carried_over",  # the conversation's last question asked again of what the part names
    "names_role",  # the part names a role
    "names_stage",  # ... a lifecycle stage
    "names_tool",  # ... a tool
    "task",  # the text asks rolebot to do something ("write a query"), not about roles
    "unknown_share",  # share of the message's content words the knowledge never uses
    "length",  # log(1 + content words)
    "is_part",  # found in one question of a longer message, not the whole of it
    # "who makes the dashboards, the DS or the analysts?" names two roles but asks who owns
    # something: a "who" question is seldom a comparison and often about a stage's owner.
    "who_compare",  # the part asks "who" and the answer is a comparison
    "who_owner",  # the part asks "who" and the answer says who owns a stage
    # "do MLOps roles pay the same as MLE roles?" names two roles but asks about pay.
    "aspect_agrees",  # share of the aspects the part asks (pay, future...) the answer shares
    "aspect_missing",  # the part asks an aspect none of the answer's phrasings mention
    # "should we hire a cleaner first?", "how much does a plumber earn?": pay, hiring or a
    # career asked of nobody rolebot knows is usually asked of another trade.
    "aspect_elsewhere",  # it asks an aspect the answer speaks of, naming no role, stage or
    # tool and using a word no phrasing does
    # "switching from SWE to data engineering" is no question for "how does a DE become an MLE".
    "move_agrees",  # the part moves towards a role the answer's phrasings move towards
    "move_differs",  # both name a move, and the answer's goes (or starts) elsewhere
    # "who do MLOps engineers work with day to day?" asks who, as whom they work with is asked,
    # not what their day looks like.
    "asks_alike",  # share of the answer's phrasings asking with the part's question word
    # "who owns the dockerfiles?" meets "who needs {tool}" on "who" and the tool alone.
    "phrasing_support",  # share of the matched phrasing's own words (names aside) the part uses
    # "a CI pipeline for my android app": what it is for is something the knowledge never names.
    "foreign_object",  # 1 / content words when the part is for or about an ordinary word the
    # knowledge never uses (objects.py), else 0
    # "how should we structure a data science team?" is about a team, not the data scientist.
    "role_modifier",  # share of the answer's roles the part names that only modify a noun
    # "interviewer asked me what a feature store is": questions people asked before, labelled.
    "exemplar",  # similarity of the nearest of the part's exemplars that names the answer
    "exemplar_share",  # the answer's share of the part's exemplar votes
)


NO_CONTEXT = Context()  # a first turn's
# The entity, aspect and move features of every target of a part that names no role, stage
# or tool (entity_agrees ... roles_unasked; aspect_agrees, aspect_missing) or no move.
NOTHING_NAMED = (0.0, 0.0, 0.0, 0.0)
NO_ASPECT = (0.0, 0.0)
NO_MOVE = (0.0, 0.0)


class Candidate(NamedTuple):
    """One target that may answer the message.

    A NamedTuple, not a frozen dataclass: a message makes a few dozen, and a frozen
    dataclass's `__init__` (a call of `object.__setattr__` per field) costs three times as
    much as building the tuple."""

    target: int  # index into `Compiled.targets`
    part: int  # 0: the whole message; then each question part in the order asked
    text: str  # the text it was matched from
    detected: Detected | None  # for structured targets: the intent with its arguments
    phrasing: str  # the phrasing or template that matched best, for provenance
    features: tuple[float, ...]  # in FEATURES order


class PartSearch(NamedTuple):
    """What a part is searched by, worked out for all of a message's parts at once."""

    query: Vectors  # the unit vector of its words
    terms: list[str]  # its terms (`document_terms`)
    votes: dict[int, Votes]  # what its nearest exemplars say of each answer they name
    centroids: Nearest  # the answers whose mean phrasing is nearest it


@dataclass(frozen=True, slots=True)
class Part:
    """One text read: the whole message, its padding-free core, or one question in it."""

    number: int
    text: str
    reading: Reading


def structured_guesses(
    compiled: Compiled, reading: Reading, context: Context
) -> list[tuple[Detected, str, float]]:
    """The structured intents the question can supply arguments for, best first, each with the
    template it matched ("what tools does a DE work with day to day" is a tools question though
    "day to day" also reads like an overview) and the share of the template's own words used.

    The conversation fills a missing role, stage or tool only when the turn on its own is
    about the domain: "what's a good movie?" after a comparison is off-topic, not a question
    about the roles just compared.
    """
    return _guesses(compiled, reading, _in_domain(compiled, reading, context))


def _guesses(
    compiled: Compiled, reading: Reading, context: Context
) -> list[tuple[Detected, str, float]]:
    """`structured_guesses` with `context` already emptied for a turn off the domain."""
    carried = carry_over(reading, context, CARRY_OVER_CONFIDENCE)
    if carried is not None:
        return [(carried, CARRIED_OVER, 1.0)]
    if not reading.spans and not (context.roles or context.stage or context.tool):
        # Every intent takes a role, stage or tool, from the question or else from the
        # conversation: with none in either, `resolve` rejects every template, unsearched.
        return []
    found: list[tuple[Detected, str, float]] = []
    intents = 0
    for hit in compiled.intent_index.search(*reading.replaced(slots=True), limit=len(Intent)):
        detected = resolve(Intent(hit.entry), reading, context, hit.score)
        if detected is None:
            continue
        if detected.from_context and hit.score >= FOLLOW_UP_FLOOR and not context.from_story:
            # Raised above FOLLOW_UP_CONFIDENCE, keeping the templates' order: "what does that
            # role need to know?" reads as skills (0.76) more than as an overview (0.56).
            lifted = FOLLOW_UP_CONFIDENCE + (1 - FOLLOW_UP_CONFIDENCE) * hit.score
            detected = replace(detected, confidence=lifted)
        found += [
            (subject, hit.phrasing, hit.support)
            for subject in (detected, *other_subjects(detected, reading))
        ]
        intents += 1
        if intents == MAX_STRUCTURED:
            break
    return found


def _in_domain(compiled: Compiled, reading: Reading, context: Context) -> Context:
    """`context`, or no context when the turn on its own is not about the domain (an empty
    context stays empty either way, so the turn's words are not looked at)."""
    if context == NO_CONTEXT or about_the_domain(compiled, reading):
        return context
    return NO_CONTEXT


def _structured_target(compiled: Compiled, detected: Detected) -> int | None:
    """The target that answers a structured intent. A comparison of three roles is the
    comparison of its first two (the targets are pairs); its answer still compares all three."""
    subject = (
        "+".join(sorted(detected.roles[:2]))
        if detected.intent is Intent.COMPARE
        else detected.entry
    )
    return compiled.target_ids.get(structured_label(detected.intent, subject))


def templated(compiled: Compiled, text: str, reading: Reading) -> Candidate | None:
    """The structured answer a question worded as one of its intent's templates asks for
    ("who uses torch": "who uses {tool}"), whatever else could score: curated wording, like an
    FAQ phrasing word for word."""
    found = compiled.exact_templates.get(reading.replaced(slots=True)[0])
    if found is None:
        return None
    intent, template = found
    detected = resolve(Intent(intent), reading, NO_CONTEXT, 1.0)
    target = _structured_target(compiled, detected) if detected is not None else None
    if target is None:
        return None
    return Candidate(target, 0, text, detected, template, ())


def about_the_domain(compiled: Compiled, reading: Reading) -> bool:
    """Whether every content word of the turn is one the knowledge uses (names aside)."""
    return all(compiled.lexicon.knows(word) for word in reading.unnamed if word not in STOPWORDS)


def parts(compiled: Compiled, text: str) -> list[Part]:
    """The whole message, then its core and questions when they differ from it."""
    text = without_framing(text)
    segments = split_message(text)
    found: list[Part] = []
    seen: set[tuple[str, ...]] = set()
    for candidate in (text, segments.core, *segments.parts):
        reading = without_instance_names(
            compiled.phrasings_using,
            without_foreign_stages(compiled.lexicon, compiled.lexicon.read(candidate)),
        )
        # "when we retrain, how do we decide whether the new model goes live?" asks how the
        # new model is judged: its "when" says on which occasion, and matched as a question
        # word it pulls towards answers asked with "when" (how often to retrain).
        reading = reading.without(clause_openers(reading.words))
        # Texts that read the same (the message and its core differ only in punctuation)
        # are one part: their candidates would be the same, counted twice.
        if reading.words and reading.words not in seen:
            seen.add(reading.words)
            found.append(Part(len(found), candidate, reading))
    return found


def _top_two(values: dict[int, float]) -> tuple[tuple[int, float], float]:
    """The best (target, value) and the second-best value (0 when there is none)."""
    if not values:
        return (-1, 0.0), 0.0
    ranked = sorted(values.items(), key=lambda item: -item[1])
    return ranked[0], ranked[1][1] if len(ranked) > 1 else 0.0


def _unasked_share(answer_roles: frozenset[str], named: set[str]) -> float:
    """Of the roles an answer is about, the share a message naming roles does not name: "DE
    or DS?" is a question about those two, not about an answer weighing DS against MLE."""
    if not answer_roles or not named:
        return 0.0
    return len(answer_roles - named) / len(answer_roles)


def _modifier_share(answer_roles: frozenset[str], modifiers: frozenset[str]) -> float:
    """Of the roles named that an answer is about, the share named only as modifiers."""
    if not answer_roles:
        return 0.0
    return len(answer_roles & modifiers) / len(answer_roles)


def _aspect_features(aspects: frozenset[str], phrasings: tuple[str, ...]) -> tuple[float, float]:
    """How far an answer's phrasings share the aspects a part asks (both 0 when it asks none)."""
    if not aspects:
        return 0.0, 0.0
    shared = len(aspects & spoken(phrasings)) / len(aspects)
    return shared, float(shared == 0.0)


def message_candidates(
    compiled: Compiled, text: str, context: Context | None = None
) -> list[Candidate]:
    """Every candidate of every part of a cleaned message (with no context: a first turn)."""
    context = context if context is not None else Context()
    found = parts(compiled, text)
    # A message only asking how to work a tool has no candidates: "how do I plot two y axes in
    # matplotlib" shares the tool with who uses it, and nothing else. Beside another question
    # ("...? also who on the team uses it?") it is read as before, as it tells that one's story.
    if all(asks_how_to_use(part.text) for part in found):
        return []
    # "physics grad, now want to be an ML engineer. what should I learn first?": the move is
    # told in the story and asked about in the question, so a part naming none keeps it.
    told = read_move(found[0].reading) if found else Move()
    # A choice over "the airflow in the office" is no question about Airflow.
    whole = found[0].reading if found else None
    choice = (
        role_choice(whole)
        if whole is not None and not names_something_else(compiled.lexicon, whole)
        else None
    )
    searches = _searches(compiled, found, choice)
    # "Starting my first DS job next month. What tools should I get comfortable with?": the
    # question names nobody, its story does (on a first turn; later, the conversation does).
    story = story_context(found[0].reading) if found and context == NO_CONTEXT else context
    return [
        candidate
        for part, search in zip(found, searches, strict=True)
        for candidate in part_candidates(
            compiled,
            part,
            search,
            story if part.number and not part.reading.entities else context,
            told,
            choice,
        )
    ]


def story_context(reading: Reading) -> Context:
    """What the whole message names, as the context its question parts naming nothing read
    (no context when it names no role, stage or tool)."""
    roles = tuple(reading.ids(EntityKind.ROLE))
    stages = reading.ids(EntityKind.STAGE)
    tools = reading.ids(EntityKind.TOOL)
    if not (roles or stages or tools):
        return NO_CONTEXT
    return Context(
        roles=roles,
        stage=stages[0] if stages else None,
        tool=tools[0] if tools else None,
        about=frozenset(e.id for e in reading.entities),
        from_story=True,
    )


def _chore_between_roles(compiled: Compiled, reading: Reading) -> bool:
    """Whether the text asks who of two roles does something the knowledge never speaks of
    ("who should water the plants, the analysts or the data engineers?"): no comparison of
    the two answers it."""
    return (
        not WHO_WORDS.isdisjoint(reading.words)
        and not reading.ids(EntityKind.STAGE)
        and not reading.ids(EntityKind.TOOL)
        and offers_roles(reading)
        and any(compiled.lexicon.unasked(w) for w in reading.unnamed if w not in STOPWORDS)
    )


def _other_pair(answer: Target, pair: set[str], roles: frozenset[str]) -> bool:
    """Whether an FAQ entry about two roles is about another two than `pair`."""
    about = answer.about & roles
    return answer.intent is None and len(about) == 2 and about != pair


def _searches(
    compiled: Compiled, found: Sequence[Part], choice: RoleChoice | None = None
) -> list[PartSearch]:
    """What each part is searched by: its meaning, its terms, its exemplars' votes and its
    nearest centroids (one embedding call and one pass over the centroids for all the
    parts). The roles a choice offers are no terms: its subject is the stage or tool."""
    if not found:
        return []
    queries = compiled.embed_all([" ".join(part.reading.plain_words) for part in found])
    offered = {f"{EntityKind.ROLE.value}:{role}" for role in choice.roles} if choice else set()
    terms = [[t for t in document_terms(part.reading) if t not in offered] for part in found]
    votes = compiled.exemplars.votes(queries, terms)
    centroids = compiled.semantic.nearest_centroids(queries, SHORTLIST)
    return [PartSearch(*search) for search in zip(queries, terms, votes, centroids, strict=True)]


def part_candidates(
    compiled: Compiled,
    part: Part,
    search: PartSearch,
    context: Context,
    told: Move | None = None,
    choice: RoleChoice | None = None,
) -> list[Candidate]:
    """The candidates one part of a message supports, with their features (`told`: the move
    the whole message names, for a part that names none; `choice`: the stage or tool the
    whole message offers two roles to choose over)."""
    reading = part.reading
    context = _in_domain(compiled, reading, context)
    move = read_move(reading)
    if told is not None:
        # "3 years as a data scientist... what do I need to switch over to ML engineering?":
        # where the move starts is told in the story, where it goes asked in the question.
        move = Move(move.origin or told.origin, move.destination or told.destination)
    lexical: dict[int, float] = {}
    phrasing: dict[int, str] = {}
    support: dict[int, float] = {}
    detected_for: dict[int, Detected] = {}
    guesses = _guesses(compiled, reading, context)
    if choice is not None:
        guesses.append((choice.detected, CHOICE_PHRASING[choice.detected.intent], 1.0))
    for detected, template, used in guesses:
        target = _structured_target(compiled, detected)
        if target is not None and detected.confidence > lexical.get(target, 0.0):
            lexical[target] = detected.confidence
            phrasing[target] = template
            support[target] = used
            detected_for[target] = detected
    for hit in compiled.faq_index.search(*reading.replaced(slots=False), limit=SHORTLIST):
        target = compiled.target_ids[faq_label(hit.entry)]
        if hit.score > lexical.get(target, 0.0):
            lexical[target] = hit.score
            phrasing[target] = hit.phrasing
            support[target] = hit.support

    documents = compiled.documents.match(search.terms, SHORTLIST)
    query, votes = search.query, search.votes
    shortlist = set(lexical)
    shortlist.update(documents.best)
    shortlist.update(t for t, v in votes.items() if v.share >= EXEMPLAR_SHORTLIST)
    centroid = search.centroids.match(also=shortlist)
    shortlist.update(centroid.best)
    if move.origin and move.destination:
        # "can an ML engineer switch to data engineering?" is not answered by how a data
        # engineer becomes an ML engineer, however many words the two share.
        shortlist = {t for t in shortlist if not goes_back(move, compiled.moves[t])}
        lexical = {t: score for t, score in lexical.items() if t in shortlist}
    # A comparison needs both its roles asked about: "explain what a data scientist is for, in
    # one line" compares nobody, however many words it shares with "where is the line between
    # a data engineer and a data scientist". A choice asks about none: "monitoring: DS or
    # MLE?" asks who monitors, though its part "DS or MLE?" alone reads as a comparison, and
    # "who should water the plants, the analysts or the data engineers?" about no data work.
    asked_of = (
        set()
        if choice is not None or _chore_between_roles(compiled, reading)
        else {*reading.ids(EntityKind.ROLE), *context.roles}
    )
    shortlist = {
        t
        for t in shortlist
        if compiled.targets[t].intent is not Intent.COMPARE or compiled.targets[t].about <= asked_of
    }
    lexical = {t: score for t, score in lexical.items() if t in shortlist}
    modifiers = modifier_roles(reading)
    pair = set(reading.ids(EntityKind.ROLE)) - modifiers
    if len(pair) == 2:
        # "are data scientists and ML engineers the same job?" is not answered by how data
        # engineers and ML engineers differ, however many words the two share.
        shortlist = {
            t for t in shortlist if not _other_pair(compiled.targets[t], pair, compiled.roles)
        }
        lexical = {t: score for t, score in lexical.items() if t in shortlist}
    ordered = sorted(shortlist)
    nearest = dict(zip(ordered, compiled.semantic.nearest_of(query, ordered), strict=True))

    named = {e.id for e in reading.entities}
    if not named and (context.from_story or refers_back(reading)):
        # "is it entry level?": the answers about what "it" is agree with the question; so do
        # those about what the message's story names.
        named = set(context.about)
    content = [w for w in reading.words if w not in STOPWORDS]
    roles = compiled.roles
    # "is monitoring on the DAs or the DEs?" is answered by who monitors, whoever that is: the
    # roles offered count as what that answer is about.
    chosen = _structured_target(compiled, choice.detected) if choice is not None else None
    asks_who = bool(WHO_WORDS.intersection(reading.words))
    # An aspect is weighed only beside a role, stage or tool named: "how much does a plumber
    # earn" asks about pay, but not about these roles.
    asks_aspect = asked(reading.words, reading.stems)
    aspects = asks_aspect if named else frozenset()
    # ...and asked of someone else when, naming none of them, it uses a word no question
    # about them does ("should we hire a cleaner first?").
    elsewhere = (
        bool(asks_aspect) and not named and any(compiled.lexicon.unasked(w) for w in content)
    )
    # What the part says whatever the target: the same for each of its candidates.
    shared = (
        *(float(bool(reading.ids(kind))) for kind in EntityKind),
        float(asks_for_a_task(part.text)),
        sum(not compiled.lexicon.knows(w) for w in content) / max(len(content), 1),
        math.log1p(len(content)),
        float(part.number > 0),
    )
    kind = question_kind(reading)
    # One foreign thing says more in a short question than somewhere in a long story.
    foreign = float(foreign_object(compiled.lexicon, reading)) / max(len(content), 1)
    documents_best = documents.top
    # A target is best (1) when it scores at least the best other target (and above 0), and
    # leads by its score minus that one's (0 at least): the part's best, or for the best itself
    # the runner-up.
    (lexical_first, lexical_best), lexical_second = _top_two(lexical)
    (semantic_first, semantic_best), semantic_second = _top_two(nearest)
    lexical_floor, lexical_second_floor = max(lexical_best, 0.0), max(lexical_second, 0.0)
    semantic_floor, semantic_second_floor = max(semantic_best, 0.0), max(semantic_second, 0.0)
    # Features that are 0 for every target when the part names no role, stage or tool, or
    # names no career move, are not worked out target by target.
    moving = bool(move.origin or move.destination)
    # The shortlist's BM25 scores and coverage as Python floats at once: indexing a numpy
    # array one target at a time costs more than the feature it feeds.
    bm25 = documents.scores(ordered)
    covers = compiled.documents.covered(search.terms, ordered)
    cosines = centroid.cosines
    found = []
    for target, target_bm25, target_covered in zip(ordered, bm25, covers, strict=True):
        answer = compiled.targets[target]
        intent = answer.intent
        candidate_detected = detected_for.get(target)
        borrowed = candidate_detected is not None and candidate_detected.from_context
        target_lexical = lexical.get(target, 0.0)
        target_nearest = nearest[target]
        lexical_other = lexical_second if target == lexical_first else lexical_best
        semantic_other = semantic_second if target == semantic_first else semantic_best
        if named:
            # A comparison of three roles answers about all three, though its target is a pair.
            if candidate_detected is not None and candidate_detected.intent is Intent.COMPARE:
                about = answer.about.union(candidate_detected.roles)
            elif choice is not None and target == chosen:
                about = answer.about | choice.roles
            else:
                about = answer.about
            about_roles = about & roles
            named_about = named & (about | answer.mentions)
            entity: tuple[float, ...] = (
                float(bool(named_about)),
                float(not named_about),
                len(named_about) / len(named),
                _unasked_share(about_roles, named),
            )
            aspect = _aspect_features(aspects, answer.phrasings)
            modifier = _modifier_share(about_roles & named, modifiers) * float(intent is not None)
        else:
            entity, aspect, modifier = NOTHING_NAMED, NO_ASPECT, 0.0
        features = (
            target_lexical,
            float(target_lexical >= lexical_other and target_lexical > 0),
            target_lexical - (lexical_second_floor if target == lexical_first else lexical_floor),
            target_nearest,
            float(target_nearest >= semantic_other and target_nearest > 0),
            target_nearest
            - (semantic_second_floor if target == semantic_first else semantic_floor),
            cosines[target],
            math.log1p(target_bm25),
            target_bm25 / documents_best if documents_best > 0 else 0.0,
            target_covered,
            *entity,
            float(intent is not None),
            float(borrowed and not context.from_story),
            float(borrowed and context.from_story),
            float(phrasing.get(target) == CARRIED_OVER),
            *shared,
            float(asks_who and intent is Intent.COMPARE),
            float(asks_who and intent is Intent.STAGE_OWNER),
            *aspect,
            float(bool(asks_aspect & spoken(answer.phrasings))) if elsewhere else 0.0,
            *(move_features(move, compiled.moves[target]) if moving else NO_MOVE),
            compiled.kinds[target][kind] if kind is not None else 0.0,
            support.get(target, 0.0),
            foreign,
            modifier,
            *votes.get(target, NO_VOTES),
        )
        found.append(
            Candidate(
                target,
                part.number,
                part.text,
                candidate_detected,
                phrasing.get(target, ""),
                features,
            )
        )
    return found
