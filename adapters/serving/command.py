"""`rolebot serve`: builds the core, its wrappers and the adapters, and runs them.

The core as adapters see it while serving, from the inside out: `LiveEngine` (knowledge that
can be swapped), `AnswerService` (records answers and misses), `Metered` (Prometheus).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from adapters import logs
from adapters.serving.metrics import Metered, Metrics
from adapters.serving.reload import Reloader, knowledge_fingerprint
from adapters.serving.runtime import Adapter, Server
from adapters.settings.errors import SettingsError
from adapters.settings.load import Configuration
from adapters.settings.plan import NO_ADAPTER, Plan, plan_adapters
from adapters.settings.sections import (
    KnowledgeSettings,
    LoggingSettings,
    ServingSettings,
    StoreSettings,
)
from bot.compiled import Compiled, load_compiled
from bot.engine import Engine
from bot.lexicon import Lexicon
from bot.live import LiveEngine
from bot.message import Message
from bot.progress import Welcomes
from bot.reply import Reply
from bot.service import Answered, AnswerService, open_onboarding, open_service

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ServingCore:
    """What adapters answer from while serving: metered, recorded answers and votes; the
    welcome, start page and names of the knowledge serving now."""

    answers: Metered
    live: LiveEngine

    def respond(self, message: Message, *, addressed: bool = True) -> Answered:
        """Answer one turn through the wrappers."""
        return self.answers.respond(message, addressed=addressed)

    def record_feedback(
        self, answer_id: str, user: str, helpful: bool | None, platform: str
    ) -> None:
        """Recorded by the service."""
        self.answers.record_feedback(answer_id, user, helpful, platform)

    def welcome(self, platform: str) -> Reply:
        """The welcome a newcomer gets (not recorded, not counted: nobody asked anything)."""
        return self.live.welcome(platform)

    def home(self, platform: str) -> Reply:
        """The start page (not recorded, not counted)."""
        return self.live.home(platform)

    @property
    def lexicon(self) -> Lexicon:
        """The names of the knowledge serving now (Discord's autocomplete reads them)."""
        return self.live.lexicon


def adapters_for(plan: Plan, core: ServingCore, welcomes: Welcomes | None = None) -> list[Adapter]:
    """One adapter per platform in the plan; platform libraries are imported only if used.

    `welcomes` remembers who has been welcomed (default: in memory, for this process only).
    """
    started: list[Adapter] = []
    if plan.slack is not None:
        from adapters.serving.slack_adapter import SlackAdapter

        started.append(SlackAdapter(core, plan.slack, welcomes))
    if plan.discord is not None:
        from adapters.serving.discord_adapter import DiscordAdapter

        started.append(DiscordAdapter(core, plan.discord.settings, plan.discord.token, welcomes))
    return started


def serve(
    cfg: Configuration,
    knowledge_dirs: Sequence[Path],
    *,
    watch: bool = False,
    plan: Plan | None = None,
    host: str | None = None,
    port: int | None = None,
) -> int:
    """Check the settings, load the knowledge, serve until stopped; the exit status.

    `plan` names the adapters to run (`rolebot slack` and `rolebot discord` run one); by
    default, every adapter whose settings are present. `host` and `port` override
    ROLEBOT_HOST and ROLEBOT_PORT. Raises, before anything starts, SettingsError (each problem
    one line naming the setting, as `rolebot config check` lists them) when a setting is wrong
    or no adapter is configured, and KnowledgeError when the knowledge has problems.
    """
    sections = (KnowledgeSettings, StoreSettings, ServingSettings, LoggingSettings)
    problems = [problem for section in sections for problem in cfg.problems_of(section)]
    if problems:
        raise SettingsError(*problems)
    recording, cache = cfg.recording(), cfg.cache_dir()
    serving = cfg.section(ServingSettings)
    settings = serving.model_copy(
        update={
            "host": serving.host if host is None else host,
            "port": serving.port if port is None else port,
            "watch": serving.watch or watch,  # --watch or ROLEBOT_WATCH
        }
    )
    plan = plan_adapters(cfg) if plan is None else plan
    if not plan:
        raise SettingsError(NO_ADAPTER)

    def load() -> Compiled:
        return load_compiled(knowledge_dirs, cache)

    loaded_fingerprint = knowledge_fingerprint(knowledge_dirs)  # before loading: see `watch`
    compiled = load()  # knowledge with problems refuses before anything starts, as settings do
    logging_settings = cfg.section(LoggingSettings)
    logs.configure(logging_settings.log_format, logging_settings.log_level, cfg.secrets())
    # Tour positions and welcomes live in the store, so they outlive a restart (and a reload).
    onboarding = open_onboarding(recording)
    service: AnswerService | None = None
    try:
        live = LiveEngine(Engine(compiled, progress=onboarding.progress))
        service = open_service(live, recording)
        metrics = Metrics()
        log.info("starting %s; store %s", plan.describe(), recording.path)
        server = Server(
            adapters_for(plan, ServingCore(Metered(service, metrics), live), onboarding.welcomes),
            Reloader(live, load, metrics),
            metrics,
            settings,
            knowledge_dirs,
            loaded_fingerprint,
        )
        return asyncio.run(server.run())
    finally:
        # Both close whatever happened, each writing what it still has queued first.
        closed = [service.close() if service is not None else True, onboarding.close()]
        if all(closed):
            log.info("store closed; stopped")
        else:
            log.warning("the store did not close in time; some rows may be lost")
