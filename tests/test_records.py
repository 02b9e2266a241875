"""The records the engine answers from hold what the validated knowledge files said, field
for field, and nothing of pydantic (the compiled cache holds them)."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from pydantic import BaseModel

from bot.kb import loader, models, records
from bot.kb.files import SHIPPED_KNOWLEDGE, knowledge_files
from bot.kb.yaml_lines import parse

# Each model of a knowledge item beside the record the loader makes of it.
PAIRS: list[tuple[type[BaseModel], type[Any]]] = [
    (models.Career, records.Career),
    (models.ComparisonFactors, records.ComparisonFactors),
    (models.Role, records.Role),
    (models.Stage, records.Stage),
    (models.Tool, records.Tool),
    (models.PairNote, records.PairNote),
    (models.FaqEntry, records.FaqEntry),
    (models.Source, records.Source),
    (models.Vocabulary, records.Vocabulary),
    (models.IntentTemplates, records.IntentTemplates),
    (models.TourStep, records.TourStep),
    (models.Contact, records.Contact),
]


@pytest.mark.parametrize(("model", "record"), PAIRS, ids=[m.__name__ for m, _ in PAIRS])
def test_a_record_has_each_field_of_its_model(model: type[BaseModel], record: type[Any]) -> None:
    assert record._fields == tuple(model.model_fields)


def _plain(value: Any) -> Any:
    """A record or a model's dump in one shape: lists for tuples, dicts for records."""
    if hasattr(value, "_asdict"):
        return {name: _plain(item) for name, item in value._asdict().items()}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def test_the_shipped_knowledge_becomes_records_that_say_what_its_files_say() -> None:
    compared = 0
    for path in knowledge_files(SHIPPED_KNOWLEDGE):
        data = parse(path.read_text(), str(path)).data
        assert isinstance(data, dict)
        parsed = models.FILE_KINDS[next(iter(data))].model_validate(data)
        items = getattr(parsed, next(iter(data)))
        for item in items if isinstance(items, list) else [items]:
            made = item.record()
            assert _plain(made) == item.model_dump()
            assert not any(isinstance(value, list) for value in made)  # immutable all through
            compared += 1
    assert compared > 100


def test_a_team_contact_says_what_it_is_for() -> None:
    contact = models.Contact(stage="deployment", channel="#ml-platform").record()
    assert contact.target == (records.EntityKind.STAGE, "deployment")
    assert models.Contact(role="ml-engineer", people=["@a"]).record().target == (
        records.EntityKind.ROLE,
        "ml-engineer",
    )


def test_loaded_knowledge_pickles_without_pydantic() -> None:
    base = loader.load()
    pickled = pickle.dumps(base, protocol=5)
    assert b"pydantic" not in pickled
    assert b"bot.kb.models" not in pickled
    assert pickle.loads(pickled) == base
