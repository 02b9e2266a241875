"""Compile the shipped knowledge once, when rolebot is installed: `python -m bot.kb.prebuilt`.

`load_compiled` reads the result (`bot/kb/prebuilt/`) when the user's own cache has no current
copy, so even a first `rolebot ask`, or one after the cache was cleared, answers without
parsing YAML or validating. The file is keyed like the cache, by the knowledge files and the
code, so an edit makes it stale (and unused) rather than wrong.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.kb.compiled import (
    PREBUILT_DIR,
    cache_name,
    compile_knowledge,
    fingerprint,
    read_cache,
    write_cache,
)


def build(directory: Path = PREBUILT_DIR) -> Path:
    """Compile the shipped knowledge into `directory` unless a current copy is there; the path
    of the copy."""
    path = directory / cache_name(fingerprint(()))
    if read_cache(path) is None:
        from bot.kb import loader  # only a build parses YAML

        directory.mkdir(mode=0o755, parents=True, exist_ok=True)
        write_cache(path, compile_knowledge(loader.load()))
        # Installed by one user (root, in an image), read by whoever runs rolebot.
        if path.is_file():
            path.chmod(0o644)
    return path


def main() -> int:
    """Build the prebuilt knowledge and say where it is."""
    path = build()
    if not path.is_file():
        print(f"rolebot: could not write {path}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
