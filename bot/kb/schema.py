"""JSON Schemas of the knowledge files, generated from the models so editors check as people type.

Regenerate with ``python -m bot.kb.schema``; a test fails when the committed schemas are stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from bot.kb.files import SHIPPED_KNOWLEDGE
from bot.kb.models import FILE_KINDS

SCHEMA_DIR = SHIPPED_KNOWLEDGE / "schema"


def schema_text(kind: str) -> str:
    """The JSON Schema of one knowledge file kind, as committed."""
    schema = FILE_KINDS[kind].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{kind}.schema.json"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def write_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    """Write every kind's schema into `directory`; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in FILE_KINDS:
        path = directory / f"{kind}.schema.json"
        path.write_text(schema_text(kind), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_schemas():
        print(path)
