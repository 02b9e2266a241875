"""`rolebot config check`: the effective settings, secrets masked, and every problem found."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from adapters import config, store_settings
from adapters.serving import platforms
from adapters.serving import settings as serve_settings
from adapters.values import SettingsError, refusals
from bot.kb import loader
from bot.kb.problems import KnowledgeError


def problems(cfg: config.Config, knowledge_dirs: Sequence[Path]) -> list[str]:
    """Everything that would stop `rolebot serve`: file, settings, adapters and knowledge."""
    found = list(cfg.problems)
    found += refusals(cfg.environ, [*store_settings.READERS, *serve_settings.READERS])
    refused_platforms = refusals(cfg.environ, platforms.READERS)
    # With a platform's settings refused, "no adapter is configured" would be wrong as well.
    found += refused_platforms or refusals(cfg.environ, [_some_adapter])
    try:
        loader.load(knowledge_dirs)
    except KnowledgeError as error:
        found.extend(str(problem) for problem in error.problems)
    return found


def _some_adapter(environ: Mapping[str, str]) -> None:
    if not platforms.plan(environ):
        raise SettingsError(f"rolebot serve would refuse to start: {platforms.NO_ADAPTER}")


def check(cfg: config.Config, knowledge_dirs: Sequence[Path], out: TextIO) -> int:
    """Print the configuration and its problems; 1 if there are any, else 0."""
    out.write(f"config file: {cfg.file or '(none)'}\n")
    width = max(len(s.name) for s in config.SETTINGS)
    for setting in config.SETTINGS:
        origin = cfg.origins.get(setting.name, "default")
        out.write(f"  {setting.name:<{width}}  {config.shown(cfg, setting)}  [{origin}]\n")
    try:
        names = platforms.plan(cfg.environ).describe()
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
