"""The texts the static table is tuned on (`scripts/build_embeddings.py`), as rolebot reads them.

Every text is what the engine embeds at run time: the words the lexicon reads from it, joined
by spaces. The sources are the shipped knowledge and the existing question set only: no real
question of any split, so cross-validation on the dev split and the held-out splits stay honest
(a table tuned with the dev questions in its corpus as well did no better on the batch each
left out: 132 against 137 of 154 and 99 against 100 of 136).

- every text value of the knowledge files (answers, descriptions, phrasings, names), one
  sentence a text;
- every intent template, each filled FILLS_PER_TEMPLATE times with random role, stage and tool
  names and aliases;
- every question of the existing set, off-topic asks included;
- variations drawn from those (seeded, so the corpus is the same on every run): a quarter of
  the words dropped, a random span, and two texts run together (a long message). Twenty fills,
  five variations and triples as well (80,000 texts against 35,000) made no difference beyond
  noise (each dev batch left out 608 against 607 of 793) and left one paraphrase of
  `tests/semantic/test_meaning.py` a hair nearer the wrong question.

The teacher's vectors for these texts are what the tuned table learns to reproduce, so any text
is a fair example; what matters is that the words people use about the roles appear in it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from bot.curation.evaluation import QUESTION_SET, load_question_set
from bot.kb.compiled import Compiled, load_compiled
from bot.understanding.text import clean

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
FILLS_PER_TEMPLATE = 6
VARIATIONS_PER_TEXT = 3
DROP_SHARE = 0.25
MIN_VARIED_WORDS = 4
SEED = 7
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def knowledge_sentences(directory: Path = KNOWLEDGE) -> list[str]:
    """Every text value of the knowledge files (not the schemas), split into sentences."""
    sentences = []
    for path in sorted(directory.rglob("*.yaml")):
        if "schema" in path.parts:
            continue
        for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            sentences += [part for part in _SENTENCE_END.split(text) if part.strip()]
    return sentences


def filled_templates(compiled: Compiled, rng: random.Random) -> list[str]:
    """Each intent template with its slots filled by random entity names and aliases."""
    base = compiled.base
    names = {
        "{role}": [n for r in base.roles.values() for n in (r.name, r.plural, *r.aliases)],
        "{stage}": [n for s in base.stages.values() for n in (s.name, *s.aliases)],
        "{tool}": [n for t in base.tools.values() for n in (t.name, *t.aliases)],
    }
    filled = []
    for intent in base.intents.values():
        for template in intent.templates:
            for _ in range(FILLS_PER_TEMPLATE):
                text = template
                for slot, options in names.items():
                    while slot in text:
                        text = text.replace(slot, rng.choice(options), 1)
                filled.append(text)
    return filled


def variations(texts: list[str], rng: random.Random) -> list[str]:
    """Texts with words dropped, spans of texts, and texts run together."""
    varied = []
    for text in texts:
        words = text.split()
        if len(words) < MIN_VARIED_WORDS:
            continue
        for _ in range(VARIATIONS_PER_TEXT):
            kept = [word for word in words if rng.random() > DROP_SHARE]
            if kept:
                varied.append(" ".join(kept))
            start = rng.randrange(len(words))
            varied.append(" ".join(words[start : rng.randrange(start + 1, len(words) + 1)]))
    for _ in range(len(texts)):
        varied.append(f"{rng.choice(texts)} {rng.choice(texts)}")
    return varied


def tuning_corpus() -> list[str]:
    """The corpus, each text as the lexicon reads it, without repeats, in a fixed order."""
    compiled = load_compiled()
    rng = random.Random(SEED)
    existing = load_question_set(QUESTION_SET)
    raw = [
        *knowledge_sentences(),
        *filled_templates(compiled, rng),
        *(turn.q for turns in existing.all_turns() for turn in turns),
    ]
    readings = [" ".join(compiled.lexicon.read(clean(text)).words) for text in raw]
    texts = [text for text in dict.fromkeys(readings) if text]
    return list(dict.fromkeys(texts + variations(texts, rng)))
