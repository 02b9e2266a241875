"""Everything built from the knowledge before the first question, and a cache of it on disk.

Building means parsing YAML, validating it and indexing every phrasing; a new `rolebot ask`
process would pay for that on every run. The cache is keyed by the files the knowledge and
the code came from, so any edit rebuilds it, and a cache that cannot be read or written is
simply not used.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from bot.kb import cache_file
from bot.kb.base import KnowledgeBase
from bot.kb.cache_file import Deferred
from bot.kb.files import SHIPPED_KNOWLEDGE, file_stamp, knowledge_files
from bot.kb.packed import PackedDict, PackedList
from bot.kb.records import EntityKind
from bot.semantic import DEFAULT_TABLE, StaticEmbedder, Vectors
from bot.understanding.documents import DocumentIndex, document_terms
from bot.understanding.exemplars import (
    SHIPPED_EXEMPLARS,
    Exemplar,
    ExemplarIndex,
    read_exemplars,
)
from bot.understanding.lexicon import (
    ENTITY_MARK,
    GREETINGS,
    MIN_CORRECTABLE_LENGTH,
    THANKS,
    Lexicon,
    slot_word,
)
from bot.understanding.moves import Move, answer_move, read_move
from bot.understanding.question_kind import Kinds, answer_kinds
from bot.understanding.retrieval import STOPWORDS, ExactPhrasings, FaqIndex
from bot.understanding.semantic_index import SemanticIndex
from bot.understanding.targets import Target, targets
from bot.understanding.text import clean, normalize

if TYPE_CHECKING:
    from bot.kb.taught import Taught

log = logging.getLogger(__name__)

SLOTS = {f"{{{kind}}}": slot_word(kind) for kind in EntityKind}
SLOT_WORDS = frozenset(SLOTS.values())
CODE_DIR = Path(__file__).resolve().parents[1]  # all of bot/
# The shipped knowledge compiled when rolebot is installed (see bot.kb.prebuilt).
PREBUILT_DIR = Path(__file__).resolve().parent / "prebuilt"


@cache
def embedder() -> StaticEmbedder:
    """The shipped static embedding table, read on first use (memory-mapped)."""
    return StaticEmbedder.load()


def english_words() -> frozenset[str]:
    """Whole words of the embedding table's vocabulary: real words, which spelling correction
    must leave alone even when the knowledge never uses them."""
    return frozenset(
        token
        for token in embedder().tokenizer.tokens
        if token.isalpha() and token.isascii() and len(token) >= MIN_CORRECTABLE_LENGTH
    )


Shared = TypeVar("Shared", Move, Kinds)


@dataclass(frozen=True, slots=True)
class Compiled:
    """A knowledge base with its lexicon and indexes, ready to answer."""

    base: KnowledgeBase
    lexicon: Lexicon
    faq_index: FaqIndex
    intent_index: FaqIndex
    targets: Sequence[Target]  # cached: a `PackedList`, each built when first read
    target_ids: dict[str, int]  # label -> index into `targets`
    documents: DocumentIndex  # BM25 over each target's whole text
    semantic: SemanticIndex  # each target's phrasings as vectors
    exact: ExactPhrasings  # an FAQ phrasing, normalised -> its target, as written
    # An intent template's words, each entity a slot -> its intent and the template as written.
    exact_templates: dict[tuple[str, ...], tuple[str, str]]
    # The career move each target answers, from its phrasings; equal moves are one object (most
    # are no move), which the cache then holds once, not once per target.
    moves: tuple[Move, ...]
    # How each target's phrasings ask (`answer_kinds`), equal ones one object, as `moves`.
    kinds: tuple[Kinds, ...]
    exemplars: ExemplarIndex  # labelled questions people asked, voting for their answers
    roles: frozenset[str]  # every role id, as each part's features compare answers with them

    def phrasings_using(self, stem: str) -> int:
        """How many FAQ phrasings and intent templates use `stem`."""
        return self.faq_index.using(stem) + self.intent_index.using(stem)

    def embed_all(self, texts: Sequence[str]) -> Vectors:
        """The unit vector of each text (words as the lexicon read them), as matrix rows."""
        return embedder().encode(texts)


def _fill(template: str) -> str:
    for slot, word in SLOTS.items():
        template = template.replace(slot, word)
    return template


def compile_knowledge(base: KnowledgeBase) -> Compiled:
    """Build the lexicon, the indexes and the shipped exemplars (`with_exemplars` swaps them)."""
    lexicon = Lexicon(base, STOPWORDS | GREETINGS | THANKS | SLOT_WORDS | english_words())
    faq_index = FaqIndex(
        [
            (entry.id, text, *lexicon.read(clean(text)).replaced(slots=False))
            for entry in base.faq.values()
            for text in entry.phrasings
        ],
        names_entity=lambda stem: ENTITY_MARK in stem,
    )
    templates: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = [
        (intent.intent, template, *lexicon.read(_fill(template)).replaced(slots=True))
        for intent in base.intents.values()
        for template in intent.templates
    ]
    intent_index = FaqIndex(templates, names_entity=lambda stem: stem in SLOT_WORDS)
    answers = tuple(targets(base))
    # Each target's phrasings, then its description as one text: read once for both indexes.
    texts = [(*t.phrasings, " ".join(t.description)) for t in answers]
    readings = [[lexicon.read(clean(text)) for text in group] for group in texts]
    documents = DocumentIndex(
        [[term for reading in group for term in document_terms(reading)] for group in readings]
    )
    words = [" ".join(reading.words) for group in readings for reading in group]
    semantic = SemanticIndex(embedder().encode(words), [len(group) for group in texts])
    target_ids = {t.label: number for number, t in enumerate(answers)}
    return Compiled(
        base,
        lexicon,
        faq_index,
        intent_index,
        answers,
        target_ids,
        documents,
        semantic,
        _exact_phrasings(answers),
        _exact_templates((intent, template, words) for intent, template, words, _ in templates),
        _shared(answer_move(read_move(r) for r in group[:-1]) for group in readings),
        _shared(answer_kinds(group[:-1]) for group in readings),
        exemplar_index(lexicon, target_ids, read_exemplars(SHIPPED_EXEMPLARS)),
        frozenset(base.roles),
    )


def exemplar_index(
    lexicon: Lexicon, target_ids: dict[str, int], exemplars: Sequence[Exemplar]
) -> ExemplarIndex:
    """The exemplars that name an answer this knowledge has, read as questions are."""
    kept = [
        (e, targets)
        for e in exemplars
        if (targets := [target_ids[label] for label in e.labels if label in target_ids])
    ]
    readings = [lexicon.read(clean(e.text)) for e, _ in kept]
    vectors = embedder().encode([" ".join(r.words) for r in readings])
    return ExemplarIndex(
        vectors.reshape(len(readings), embedder().dim),
        [document_terms(r) for r in readings],
        [targets for _, targets in kept],
    )


def with_exemplars(compiled: Compiled, exemplars: Sequence[Exemplar]) -> Compiled:
    """`compiled` with other exemplars (fitting leaves a question's own batch out)."""
    return replace(
        compiled, exemplars=exemplar_index(compiled.lexicon, compiled.target_ids, exemplars)
    )


def _shared(values: Iterable[Shared]) -> tuple[Shared, ...]:
    """`values`, each equal one the same object, so the cache holds it once: unpickling a
    frozen dataclass runs Python code for each field, and at 100,000 phrasings 20,000 empty
    moves took 60 ms of every start."""
    kept: dict[Shared, Shared] = {}
    return tuple(kept.setdefault(value, value) for value in values)


def _exact_templates(
    templates: Iterable[tuple[str, str, tuple[str, ...]]],
) -> dict[tuple[str, ...], tuple[str, str]]:
    """Each intent template's words, its entities as slots ("who uses slottoolx"): a question
    worded as one ("who uses torch") is that intent, whatever the ranker makes of the name's
    meaning. Words two intents' templates share are neither's."""
    owners: dict[tuple[str, ...], dict[str, str]] = {}
    for intent, template, words in templates:
        owners.setdefault(words, {}).setdefault(intent, template)
    return {words: next(iter(found.items())) for words, found in owners.items() if len(found) == 1}


def _exact_phrasings(answers: Sequence[Target]) -> ExactPhrasings:
    """Each FAQ phrasing that belongs to one entry, word for word: a curated phrasing reaches
    its entry whatever the ranker makes of it (a phrasing two entries share reaches neither)."""
    owners: dict[str, dict[int, str]] = {}
    for number, target in enumerate(answers):
        if target.intent is None:
            for phrasing in target.phrasings:
                owners.setdefault(normalize(phrasing), {}).setdefault(number, phrasing)
    return ExactPhrasings(
        {text: next(iter(found.items())) for text, found in owners.items() if len(found) == 1}
    )


def fingerprint(directories: Sequence[Path], taught: Taught | None = None) -> str:
    """A key that changes whenever a knowledge file, what was taught or rolebot's own code
    changes."""
    digest = hashlib.sha256(sys.version.encode())
    if taught:
        digest.update(f"taught\0{taught.digest()}\n".encode())
    # Files are listed under resolved directories (the shipped and code ones are), so each is
    # absolute already and only a link needs resolving: resolving every path was two thirds
    # of the time this takes on each start. (Listing does not enter linked directories.)
    layers = [SHIPPED_KNOWLEDGE, *(d.resolve() for d in directories)]
    files: Iterable[Path] = [
        *(f for d in layers if d.is_dir() for f in knowledge_files(d)),
        *sorted(CODE_DIR.rglob("*.py")),
        DEFAULT_TABLE,
        SHIPPED_EXEMPLARS,
    ]
    for path in files:
        where = path.resolve() if path.is_symlink() else path
        digest.update(f"{where}\0{file_stamp(path)}\n".encode())
    return digest.hexdigest()[:32]


def load_compiled(
    directories: Sequence[Path] = (),
    cache_dir: Path | None = None,
    taught: Taught | None = None,
    prebuilt_dir: Path | None = PREBUILT_DIR,
) -> Compiled:
    """The compiled knowledge (files, then what was taught), from `cache_dir` when a current
    copy is there.

    The shipped knowledge alone (no team directory, nothing taught) may also come from
    `prebuilt_dir`, where installing rolebot compiled it (`bot.kb.prebuilt`): a first run, or
    one whose cache was cleared, then skips the YAML parser and the validation.

    Raises KnowledgeError (from the loader) when the knowledge has problems; those are never
    cached, so they are reported on every run until fixed.
    """
    if cache_dir is None or not all(d.is_dir() for d in directories):
        # A team directory that is not there is the loader's to report; the cache key, built
        # from the files that are there, would hide it.
        return _compile_from_files(directories, taught)
    name = cache_name(fingerprint(directories, taught))
    path = cache_dir / name
    cached = read_cache(path)
    if cached is None and prebuilt_dir is not None and not directories and not taught:
        cached = read_cache(prebuilt_dir / name)
    if cached is not None:
        return cached
    compiled = _compile_from_files(directories, taught)
    write_cache(path, compiled)
    return compiled


def keep_loaded() -> None:
    """Leave every object loaded so far out of garbage collection from now on.

    A long-running process calls this once its knowledge is loaded, and again after a reload
    swapped new knowledge in: the knowledge lives as long as it serves, and each full
    collection would otherwise walk all of its objects again (an eighth of the answer time at
    100,000 phrasings). What an earlier call froze is released and collected first, so
    knowledge a reload replaced is freed rather than kept. `gc.unfreeze()` undoes it.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def cache_name(key: str) -> str:
    """The file name of the compiled knowledge with fingerprint `key`."""
    return f"knowledge-{key}.pickle"


def read_cache(path: Path) -> Compiled | None:
    """The compiled knowledge cached at `path`; None when it is missing or unreadable."""
    collecting = gc.isenabled()
    try:
        with path.open("rb") as file:
            # Every object loaded lives as long as the knowledge: collections while loading
            # would scan them again and again for nothing (two thirds of the time at 100,000
            # phrasings).
            gc.disable()
            cached = cache_file.load(file, random_access=True)
        if isinstance(cached, Compiled):
            return cached
    except FileNotFoundError:
        pass
    except (
        OSError,
        ValueError,
        pickle.UnpicklingError,
        EOFError,
        AttributeError,
        ImportError,
    ) as error:
        log.warning("ignoring unreadable knowledge cache %s: %s", path, error)
    finally:
        if collecting:
            gc.enable()
    return None


def _compile_from_files(directories: Sequence[Path], taught: Taught | None) -> Compiled:
    # Imported here: a cache hit needs neither the YAML parser nor the loader.
    from bot.kb import loader

    return compile_knowledge(loader.load(directories, taught=taught))


def _for_cache(compiled: Compiled) -> Compiled:
    """`compiled` as cached: where each item was defined (one entry per phrasing, for problem
    reports; no question reads it) is unpickled only when something reads it, and each FAQ
    entry and answer target when a question needs it. A compiled engine keeps them as built:
    it has them all already."""
    base = replace(
        compiled.base,
        faq=PackedDict(compiled.base.faq),
        locations=Deferred.of(compiled.base.locations),
    )
    return replace(compiled, base=base, targets=PackedList(compiled.targets))


def write_cache(path: Path, compiled: Compiled) -> None:
    """Cache `compiled` at `path`, replacing older copies beside it; a cache that cannot be
    written is said once in the log and otherwise ignored."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        for old in path.parent.glob("knowledge-*.pickle"):
            old.unlink(missing_ok=True)
        # Written aside and renamed, so a reader never sees half a file.
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as file:
            cache_file.dump(_for_cache(compiled), file)
        os.replace(file.name, path)
    except OSError as error:
        log.warning("could not write knowledge cache %s: %s", path, error)
