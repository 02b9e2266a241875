"""The words rolebot knows: vocabulary expansion, spelling correction and entity spotting."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, replace
from functools import cache, cached_property, lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.kb.base import KnowledgeBase
from bot.kb.records import EntityKind, Role
from bot.understanding.described import described_roles
from bot.understanding.text import tokens

GREETINGS = frozenset(
    "hi hello hey hiya howdy yo morning afternoon evening greetings there all".split()
)
THANKS = frozenset("thanks thank thx ty cheers great awesome cool nice ok okay you much".split())
MAX_ALIAS_WORDS = 5
READ_CACHE = 1024  # recent texts whose reading is kept
STEM_CACHE = 16_384  # recent words whose stem is kept (a message's parts repeat its words)
MIN_CORRECTABLE_LENGTH = 4  # shorter words are too easily "corrected" into something else
ENGLISH_WORDS = Path(__file__).parent / "data" / "english_words.txt"


@cache
def english_words() -> frozenset[str]:
    """Common English words (scripts/build_english_words.py), never "corrected": a real word
    two edits from a domain word is not its typo ("plumber" is not "number"). Read the first
    time an unknown word is met, so a question that needs no correcting never loads it."""
    lines = ENGLISH_WORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _edits(length: int) -> int:
    """Spelling edits allowed in a word of `length` letters."""
    return 1 if length < 7 else 2


@lru_cache(maxsize=STEM_CACHE)
def light_stem(word: str) -> str:
    """A deliberately small stemmer: folds plurals and common verb forms, nothing clever."""
    for suffix, keep in (("ies", "y"), ("ments", ""), ("ment", ""), ("ing", ""), ("ers", "er")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + keep
    if word.endswith("ed") and len(word) > 5:
        return word[:-2]
    if word.endswith("es") and len(word) > 4 and word[-3] in "sxz":
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    # "scope", "scoping" and "scopes" all end up as "scop".
    if word.endswith("e") and len(word) > 4:
        return word[:-1]
    return word


@dataclass(frozen=True, slots=True)
class EntityRef:
    """A role, stage or tool found in a question, and the words that named it."""

    kind: EntityKind
    id: str
    span: str


ENTITY_MARK = ":"  # "role:ml-engineer": the token that names one entity in replaced text


def slot_word(kind: EntityKind) -> str:
    """The token that stands for any entity of `kind` in intent templates.

    "{role}" in a template and any role named in a question both read "slotrolex"; the final
    "x" keeps the stemmer from touching it.
    """
    return f"slot{kind}x"


@dataclass(frozen=True, slots=True)
class Span:
    """Where an entity was named: word positions [start, end)."""

    start: int
    end: int
    ref: EntityRef
    described: bool = False  # named by its work ("the pipeline person"), not by a name


@dataclass(frozen=True, slots=True)
class Reading:
    """A question as the matcher sees it: expanded, corrected tokens and the entities found."""

    words: tuple[str, ...]
    stems: tuple[str, ...]
    spans: tuple[Span, ...]
    corrections: tuple[tuple[str, str], ...]

    @property
    def entities(self) -> tuple[EntityRef, ...]:
        """The entities named, in order."""
        return tuple(span.ref for span in self.spans)

    @property
    def unnamed(self) -> tuple[str, ...]:
        """Words outside entity names, as read (expanded and spelling-corrected)."""
        if not self.spans:  # most questions name nothing: every word is unnamed
            return self.words
        inside = self.named_positions  # once, not once per word
        return tuple(word for i, word in enumerate(self.words) if i not in inside)

    @property
    def named_positions(self) -> frozenset[int]:
        """Positions of the words inside entity names."""
        return frozenset(i for span in self.spans for i in range(span.start, span.end))

    def ids(self, kind: EntityKind) -> list[str]:
        """Entity ids of one kind, in order of appearance, without repeats."""
        # Read from the spans directly: asked several times per question, often of none.
        return list(dict.fromkeys(s.ref.id for s in self.spans if s.ref.kind == kind))

    @property
    def plain_words(self) -> tuple[str, ...]:
        """The words, with each role described by its work put as the role's name."""
        words: list[str] = []
        i = 0
        for span in self.spans:
            if span.described:
                words += [*self.words[i : span.start], *tokens(span.ref.span)]
                i = span.end
        return (*words, *self.words[i:]) if words else self.words

    def without(self, dropped: Collection[int]) -> Reading:
        """The reading with the words at positions `dropped` (none inside a name) left out."""
        if not dropped:
            return self
        kept = [i for i in range(len(self.words)) if i not in dropped]
        shift = [sum(d < i for d in dropped) for i in range(len(self.words) + 1)]
        return replace(
            self,
            words=tuple(self.words[i] for i in kept),
            stems=tuple(self.stems[i] for i in kept),
            spans=tuple(
                replace(s, start=s.start - shift[s.start], end=s.end - shift[s.end])
                for s in self.spans
            ),
        )

    def replaced(self, *, slots: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Words and stems with each entity name replaced by one token.

        With `slots`, the token says only the kind ("slotrole"), to meet intent templates;
        otherwise it names the entity ("role:ml-engineer"), so "MLE", "ML eng" and "machine
        learning engineer" read the same in FAQ phrasings and questions.
        """
        words: list[str] = []
        stems: list[str] = []
        i = 0
        for span in self.spans:
            words += self.words[i : span.start]
            stems += self.stems[i : span.start]
            token = slot_word(span.ref.kind) if slots else span.ref.kind + ENTITY_MARK + span.ref.id
            words.append(token)
            stems.append(token)
            i = span.end
        return (*words, *self.words[i:]), (*stems, *self.stems[i:])


def _knowledge_words(base: KnowledgeBase) -> frozenset[str]:
    texts: list[str] = []
    for entry in base.faq.values():
        texts += [entry.title, entry.answer]
    for role in base.roles.values():
        texts += [role.summary, role.description, *role.responsibilities, *role.skills]
        texts += [*role.outputs, *role.works_with_teams]
    texts += [s.description for s in base.stages.values()]
    texts += [t.description for t in base.tools.values()]
    return frozenset(word for text in texts for word in tokens(text))


class Lexicon:
    """Built once per knowledge base; every method is pure and fast on the answer path."""

    def __init__(self, base: KnowledgeBase, extra_words: frozenset[str] = frozenset()) -> None:
        vocabulary = base.vocabulary
        self._expansions: dict[tuple[str, ...], tuple[str, ...]] = {}
        for short, long in [*vocabulary.synonyms.items(), *vocabulary.abbreviations.items()]:
            key = tuple(tokens(short))
            if key:
                self._expansions[key] = tuple(tokens(long))
        self._max_expansion = max((len(k) for k in self._expansions), default=1)

        self._aliases: dict[tuple[str, ...], EntityRef] = {}
        # A role described by its work ("the pipeline person") reads as the role named.
        self._roles = {r.id: EntityRef(EntityKind.ROLE, r.id, r.name) for r in base.roles.values()}
        for kind, items in (
            (EntityKind.ROLE, base.roles),
            (EntityKind.STAGE, base.stages),
            (EntityKind.TOOL, base.tools),
        ):
            for item in items.values():
                names = [item.name, *item.aliases]
                if isinstance(item, Role):
                    names.append(item.plural)
                for name in names:
                    key = tuple(light_stem(w) for w in self.expand(tokens(name)))
                    if key and len(key) <= MAX_ALIAS_WORDS:
                        self._aliases.setdefault(key, EntityRef(kind, item.id, name))
                # The id names it too ("compare ml-engineer data-scientist" from a button),
                # shown under its display name.
                id_key = tuple(light_stem(w) for w in tokens(item.id))
                self._aliases.setdefault(id_key, EntityRef(kind, item.id, item.name))

        counts: Counter[str] = Counter()
        for ref in self._aliases.values():
            counts.update(self.expand(tokens(ref.span)))
        for entry in base.faq.values():
            for phrasing in entry.phrasings:
                counts.update(self.expand(tokens(phrasing)))
        for intent in base.intents.values():
            for template in intent.templates:
                counts.update(self.expand(tokens(template)))
        # Most frequent first, so a tie in spelling distance picks the common word.
        self._known = [word for word, _ in counts.most_common()]
        # Every word the knowledge uses anywhere; with the caller's (ordinary English words,
        # say) the words never "corrected": without them "produce" would be bent into
        # "product" and "play" into "pay".
        self._knowledge_words = frozenset(self._known) | _knowledge_words(base)
        self._known_set = self._knowledge_words | frozenset(extra_words)
        # What a misspelling of each length may be corrected to: only words with a letter in
        # them and within as many letters of its length as the edits allowed, since no other
        # can be that few edits from a misspelt word. Skipping the rest keeps correcting fast
        # in a large vocabulary; most frequent first still, so ties go the same way.
        words = [w for w in self._known if any(c.isalpha() for c in w)]
        self._correctable = {
            length: tuple(w for w in words if abs(len(w) - length) <= _edits(length))
            for length in range(MIN_CORRECTABLE_LENGTH, max(map(len, words), default=0) + 3)
        }
        self.correct = lru_cache(maxsize=4096)(self._correct)
        self.read = lru_cache(maxsize=READ_CACHE)(self._read)

    def __getstate__(self) -> dict[str, object]:
        # The caches are bound functions: rebuilt on unpickling rather than stored.
        state = dict(self.__dict__)
        del state["correct"], state["read"]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.correct = lru_cache(maxsize=4096)(self._correct)
        self.read = lru_cache(maxsize=READ_CACHE)(self._read)

    def knows(self, word: str) -> bool:
        """Whether the knowledge uses `word` anywhere."""
        return word in self._knowledge_words

    @cached_property
    def _phrased(self) -> frozenset[str]:
        return frozenset(self._known)

    @cached_property
    def _expansion_starts(self) -> frozenset[str]:
        # The first words of every abbreviation and synonym: a word that is none of them
        # starts no expansion, and `expand` looks up no run of words from it.
        return frozenset(key[0] for key in self._expansions if key)

    @cached_property
    def _alias_starts(self) -> frozenset[str]:
        # The first stems of every name and alias, likewise for `_spot`.
        return frozenset(key[0] for key in self._aliases if key)

    def unasked(self, word: str) -> bool:
        """Whether `word` is a common English word that no phrasing, template or entity name
        uses: "plumber", "nurses" or "cleaner" (which the answers use, as in "cleaner data")."""
        return word in english_words() and word not in self._phrased

    def expand(self, words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
        """Replace abbreviations and synonyms, longest match first (``k8s`` -> ``kubernetes``)."""
        result: list[str] = []
        starts = self._expansion_starts
        i = 0
        while i < len(words):
            if words[i] not in starts:  # most words begin no abbreviation or synonym
                result.append(words[i])
                i += 1
                continue
            for n in range(min(self._max_expansion, len(words) - i), 0, -1):
                replacement = self._expansions.get(tuple(words[i : i + n]))
                if replacement is not None:
                    result.extend(replacement)
                    i += n
                    break
            else:
                result.append(words[i])
                i += 1
        return tuple(result)

    def _correct(self, word: str) -> str:
        if word in self._known_set or len(word) < MIN_CORRECTABLE_LENGTH or not word.isalpha():
            return word
        if word in english_words():
            return word
        candidates = self._correctable.get(len(word), ())
        match = process.extractOne(
            word, candidates, scorer=OSA.distance, score_cutoff=_edits(len(word))
        )
        return match[0] if match is not None else word

    def _read(self, text: str) -> Reading:
        """Tokenise, expand, correct spelling and spot entities in a cleaned question (`read`,
        which remembers recent texts: a message and its parts are read more than once)."""
        raw = self.expand(tokens(text))
        corrected = tuple(self.correct(w) for w in raw)
        words = self.expand(corrected) if corrected != raw else raw
        corrections = tuple((a, b) for a, b in zip(raw, corrected, strict=True) if a != b)
        stems = tuple(light_stem(w) for w in words)
        spans = self._spot(stems)
        named_roles = [(s.start, s.end) for s in spans if s.ref.kind is EntityKind.ROLE]
        described = described_roles(words, named_roles, self._roles)
        if described:
            # A stage or tool named inside a description is part of it ("the people who
            # deploy models" describes the ML engineer rather than naming deployment).
            inside = {i for d in described for i in range(d.start, d.end)}
            kept = [s for s in spans if s.start not in inside and s.end - 1 not in inside]
            kept += [Span(d.start, d.end, self._roles[d.role], True) for d in described]
            spans = tuple(sorted(kept, key=lambda span: span.start))
        return Reading(words, stems, spans, corrections)

    def _spot(self, stems: tuple[str, ...]) -> tuple[Span, ...]:
        found: list[Span] = []
        starts = self._alias_starts
        i = 0
        while i < len(stems):
            if stems[i] not in starts:  # most words begin no name
                i += 1
                continue
            for n in range(min(MAX_ALIAS_WORDS, len(stems) - i), 0, -1):
                ref = self._aliases.get(stems[i : i + n])
                if ref is not None:
                    found.append(Span(i, i + n, ref))
                    i += n
                    break
            else:
                i += 1
        return tuple(found)

    def lookup(self, name: str, kind: EntityKind) -> EntityRef | None:
        """The entity of `kind` a command argument names (``mle``, ``deploymnet``), if any."""
        reading = self.read(name)
        matches = [e for e in reading.entities if e.kind == kind]
        return matches[0] if matches else None

    def names(self, kind: EntityKind) -> list[EntityRef]:
        """Every name and alias of `kind`, for autocomplete and "did you mean"."""
        return [ref for ref in self._aliases.values() if ref.kind == kind]
