"""`rolebot config check`: the effective settings, secrets masked, and every problem found,
by the same rules `rolebot serve` starts with."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from adapters.settings.errors import SettingsError
from adapters.settings.load import DECLARED, DEFAULT, Configuration, Declared
from adapters.settings.names import HISTORY_ENV
from adapters.settings.plan import NO_ADAPTER, plan_adapters
from adapters.settings.sections import SECTIONS
from bot.kb import loader
from bot.kb.problems import KnowledgeError

MASK = "********"


def problems(cfg: Configuration, knowledge_dirs: Sequence[Path]) -> list[str]:
    """Everything that would stop `rolebot serve`: file, settings, adapters and knowledge."""
    found = list(cfg.problems)
    for section in SECTIONS:
        found += cfg.problems_of(section)
    try:
        if not plan_adapters(cfg):
            found.append(f"rolebot serve would refuse to start: {NO_ADAPTER}")
    except SettingsError as error:
        found += [p for p in error.problems if p not in found]
    try:
        loader.load(knowledge_dirs)
    except KnowledgeError as error:
        found.extend(str(problem) for problem in error.problems)
    return found


def shown(cfg: Configuration, declared: Declared) -> str:
    """A setting's effective value as `rolebot config check` prints it: secrets masked."""
    value = cfg.values.get(declared.name, "")
    if value:
        return MASK if declared.secret else value
    defaults = {
        "ROLEBOT_CACHE_DIR": cfg.locations.cache_dir,
        "ROLEBOT_DB": cfg.locations.db,
        HISTORY_ENV: cfg.locations.history,
    }
    if declared.name in defaults:
        return str(defaults[declared.name])
    return declared.documented.replace("`", "") or "(not set)"


def check(cfg: Configuration, knowledge_dirs: Sequence[Path], out: TextIO) -> int:
    """Print the configuration and its problems; 1 if there are any, else 0."""
    out.write(f"config file: {cfg.file or '(none)'}\n")
    width = max(len(d.name) for d in DECLARED)
    for declared in DECLARED:
        origin = cfg.origins.get(declared.name, DEFAULT)
        out.write(f"  {declared.name:<{width}}  {shown(cfg, declared)}  [{origin}]\n")
    try:
        names = plan_adapters(cfg).describe()
    except SettingsError:
        names = "(see problems)"
    out.write(f"adapters: {names}\n")
    found = problems(cfg, knowledge_dirs)
    if not found:
        out.write("no problems found\n")
        return 0
    out.write(f"{len(found)} problem(s):\n")
    out.writelines(f"  {problem}\n" for problem in found)
    return 1


def markdown_table() -> str:
    """The README's table of settings, generated from the declarations."""
    rows = [
        "| Variable | Config file key | Default | Meaning |",
        "|---|---|---|---|",
        *(
            f"| `{d.name}` | {f'`{d.key}`' if d.in_file else '-'} | "
            f"{_cell(d.documented) if d.documented else '-'} | {d.meaning} |"
            for d in DECLARED
        ),
    ]
    return "\n".join(rows) + "\n"


def _cell(default: str) -> str:
    return default if default.startswith("`") else f"`{default}`"
