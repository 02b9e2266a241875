"""Everything built from the knowledge before the first question, and a cache of it on disk.

Building means parsing YAML, validating it and indexing every phrasing; a new `rolebot ask`
process would pay for that on every run. The cache is keyed by the files the knowledge and
the code came from, so any edit rebuilds it, and a cache that cannot be read or written is
simply not used.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.kb.base import KnowledgeBase
from bot.kb.files import SHIPPED_KNOWLEDGE, file_stamp, knowledge_files
from bot.lexicon import ENTITY_MARK, GREETINGS, THANKS, Lexicon, slot_word
from bot.retrieval import STOPWORDS, FaqIndex
from bot.text import clean

log = logging.getLogger(__name__)

SLOTS = {f"{{{kind}}}": slot_word(kind) for kind in ("role", "stage", "tool")}
SLOT_WORDS = frozenset(SLOTS.values())
CODE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class Compiled:
    """A knowledge base with its lexicon and indexes, ready to answer."""

    base: KnowledgeBase
    lexicon: Lexicon
    faq_index: FaqIndex
    intent_index: FaqIndex


def _fill(template: str) -> str:
    for slot, word in SLOTS.items():
        template = template.replace(slot, word)
    return template


def compile_knowledge(base: KnowledgeBase) -> Compiled:
    """Build the lexicon, the FAQ index and the intent-template index."""
    lexicon = Lexicon(base, STOPWORDS | GREETINGS | THANKS | SLOT_WORDS)
    faq_index = FaqIndex(
        [
            (entry.id, text, *lexicon.read(clean(text)).replaced(slots=False))
            for entry in base.faq.values()
            for text in entry.phrasings
        ],
        names_entity=lambda stem: ENTITY_MARK in stem,
    )
    intent_index = FaqIndex(
        [
            (intent.intent, template, *lexicon.read(_fill(template)).replaced(slots=True))
            for intent in base.intents.values()
            for template in intent.templates
        ],
        names_entity=lambda stem: stem in SLOT_WORDS,
    )
    return Compiled(base, lexicon, faq_index, intent_index)


def fingerprint(directories: Sequence[Path]) -> str:
    """A key that changes whenever a knowledge file or rolebot's own code changes."""
    digest = hashlib.sha256(sys.version.encode())
    layers = [SHIPPED_KNOWLEDGE, *directories]
    files: Iterable[Path] = [
        *(f for d in layers if d.is_dir() for f in knowledge_files(d)),
        *sorted(CODE_DIR.rglob("*.py")),
    ]
    for path in files:
        digest.update(f"{path.resolve()}\0{file_stamp(path)}\n".encode())
    return digest.hexdigest()[:32]


def load_compiled(directories: Sequence[Path] = (), cache_dir: Path | None = None) -> Compiled:
    """The compiled knowledge, from `cache_dir` when a current copy is there.

    Raises KnowledgeError (from the loader) when the knowledge has problems; those are never
    cached, so they are reported on every run until fixed.
    """
    if cache_dir is None or not all(d.is_dir() for d in directories):
        # A team directory that is not there is the loader's to report; the cache key, built
        # from the files that are there, would hide it.
        return _compile_from_files(directories)
    path = cache_dir / f"knowledge-{fingerprint(directories)}.pickle"
    try:
        with path.open("rb") as file:
            cached = pickle.load(file)
        if isinstance(cached, Compiled):
            return cached
    except FileNotFoundError:
        pass
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as error:
        log.warning("ignoring unreadable knowledge cache %s: %s", path, error)
    compiled = _compile_from_files(directories)
    _write(path, compiled)
    return compiled


def _compile_from_files(directories: Sequence[Path]) -> Compiled:
    # Imported here: a cache hit needs neither the YAML parser nor the loader.
    from bot.kb import loader

    return compile_knowledge(loader.load(directories))


def _write(path: Path, compiled: Compiled) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        for old in path.parent.glob("knowledge-*.pickle"):
            old.unlink(missing_ok=True)
        # Written aside and renamed, so a reader never sees half a file.
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as file:
            pickle.dump(compiled, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(file.name, path)
    except OSError as error:
        log.warning("could not write knowledge cache %s: %s", path, error)
