"""Where knowledge lives on disk: the shipped directory and the YAML files of a directory.

Kept apart from the loader so that checking whether the compiled cache is fresh needs no YAML
parser or models.
"""

from __future__ import annotations

from pathlib import Path

SHIPPED_KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
KNOWLEDGE_SUFFIXES = (".yaml", ".yml")


def knowledge_files(directory: Path) -> list[Path]:
    """The YAML files of a knowledge directory, in a stable order (subfolders included)."""
    return sorted(
        path
        for path in directory.rglob("*")
        if path.suffix in KNOWLEDGE_SUFFIXES and path.is_file()
    )
