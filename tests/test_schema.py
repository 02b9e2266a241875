"""The committed JSON Schemas match the models, so editors never check against a stale schema."""

from __future__ import annotations

import json

import pytest

from bot.kb.models import FILE_KINDS
from bot.kb.schema import SCHEMA_DIR, schema_text


@pytest.mark.parametrize("kind", list(FILE_KINDS))
def test_committed_schema_is_current(kind: str) -> None:
    committed = (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(kind), "stale schema: run `python -m bot.kb.schema`"


def test_schema_rejects_unknown_fields() -> None:
    schema = json.loads(schema_text("tools"))
    assert schema["$defs"]["Tool"]["additionalProperties"] is False
    assert schema["required"] == ["tools"]
