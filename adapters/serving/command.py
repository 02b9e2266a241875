"""`rolebot serve`: builds the core, its wrappers and the adapters, and runs them.

The core as adapters see it while serving, from the inside out: `LiveEngine` (knowledge that
can be swapped), `AnswerService` (records answers and misses), `Metered` (Prometheus).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from adapters import config, logs
from adapters.serving import platforms
from adapters.serving import settings as serve_settings
from adapters.serving.metrics import Metered, Metrics
from adapters.serving.reload import Reloader, knowledge_fingerprint
from adapters.serving.runtime import Adapter, Server
from adapters.store_settings import recording_settings
from adapters.values import SettingsError
from bot.compiled import Compiled, load_compiled
from bot.core import Core
from bot.engine import Engine
from bot.lexicon import Lexicon
from bot.live import LiveEngine
from bot.message import Message
from bot.reply import Reply
from bot.service import open_service

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ServingCore:
    """What adapters answer from: metered, recorded answers and the live lexicon."""

    answers: Core
    live: LiveEngine

    def handle(self, message: Message) -> Reply:
        """Answer one turn through the wrappers."""
        return self.answers.handle(message)

    @property
    def lexicon(self) -> Lexicon:
        """The lexicon of the knowledge serving now (Discord's autocomplete reads it)."""
        return self.live.engine.lexicon


def adapters_for(plan: platforms.Plan, core: ServingCore) -> list[Adapter]:
    """One adapter per platform in the plan; platform libraries are imported only if used."""
    started: list[Adapter] = []
    if plan.slack is not None:
        from adapters.serving.slack_adapter import SlackAdapter

        started.append(SlackAdapter(core, plan.slack))
    if plan.discord is not None:
        from adapters.serving.discord_adapter import DiscordAdapter

        started.append(DiscordAdapter(core, plan.discord.settings, plan.discord.token))
    return started


def serve(
    cfg: config.Config,
    knowledge_dirs: Sequence[Path],
    *,
    watch: bool = False,
) -> int:
    """Check the settings, load the knowledge, serve until stopped; the exit status.

    Raises SettingsError (one line, naming the variable) before anything starts when a setting
    is wrong or no adapter is configured, and KnowledgeError when the knowledge has problems.
    """
    environ = cfg.environ
    settings = serve_settings.from_environ(environ)
    plan = platforms.plan(environ)
    if not plan:
        raise SettingsError(platforms.NO_ADAPTER)
    recording = recording_settings(environ)
    logs.configure(settings.log_format, settings.log_level, cfg.secrets())
    cache = config.cache_dir(environ)

    def load() -> Compiled:
        return load_compiled(knowledge_dirs, cache)

    loaded_fingerprint = knowledge_fingerprint(knowledge_dirs)  # before loading: see `watch`
    live = LiveEngine(Engine(load()))
    service = open_service(live, recording)
    metrics = Metrics()
    core = ServingCore(Metered(service, metrics), live)
    log.info("starting %s; store %s", plan.describe(), recording.path)
    server = Server(
        adapters_for(plan, core),
        Reloader(live, load, metrics),
        metrics,
        replace(settings, watch=settings.watch or watch),  # --watch or ROLEBOT_WATCH
        knowledge_dirs,
        loaded_fingerprint,
    )
    try:
        return asyncio.run(server.run())
    finally:
        if service.close():
            log.info("store closed; stopped")
        else:
            log.warning("the store did not close in time; some rows may be lost")
