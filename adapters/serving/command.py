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
from bot.engine import Engine
from bot.lexicon import Lexicon
from bot.live import LiveEngine
from bot.message import Message
from bot.progress import Welcomes
from bot.reply import Reply
from bot.service import Answered, AnswerService, open_onboarding, open_service
from bot.store.recorder import Recorder

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


def adapters_for(
    plan: platforms.Plan, core: ServingCore, welcomes: Welcomes | None = None
) -> list[Adapter]:
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


def watch_store(server: Server, recorder: Recorder) -> None:
    """Count the store's failed writes in /metrics, and show /healthz degraded while they fail."""
    server.metrics.failures.store = lambda: recorder.failures
    server.health.watch("store", lambda: recorder.failing)


def serve(
    cfg: config.Config,
    knowledge_dirs: Sequence[Path],
    *,
    watch: bool = False,
    plan: platforms.Plan | None = None,
    host: str | None = None,
    port: int | None = None,
) -> int:
    """Check the settings, load the knowledge, serve until stopped; the exit status.

    `plan` names the adapters to run (`rolebot slack` and `rolebot discord` run one); by
    default, every adapter whose settings are present. `host` and `port` override
    ROLEBOT_HOST and ROLEBOT_PORT. Raises SettingsError (one line, naming the variable)
    before anything starts when a setting is wrong or no adapter is configured, and
    KnowledgeError when the knowledge has problems.
    """
    environ = cfg.environ
    settings = serve_settings.from_environ(environ)
    settings = replace(
        settings,
        host=settings.host if host is None else host,
        port=settings.port if port is None else port,
        watch=settings.watch or watch,  # --watch or ROLEBOT_WATCH
    )
    plan = platforms.plan(environ) if plan is None else plan
    if not plan:
        raise SettingsError(platforms.NO_ADAPTER)
    recording = recording_settings(environ)
    logs.configure(settings.log_format, settings.log_level, cfg.secrets())
    cache = config.cache_dir(environ)

    def load() -> Compiled:
        return load_compiled(knowledge_dirs, cache)

    loaded_fingerprint = knowledge_fingerprint(knowledge_dirs)  # before loading: see `watch`
    # Tour positions and welcomes live in the store, so they outlive a restart (and a reload).
    onboarding = open_onboarding(recording)
    service: AnswerService | None = None
    try:
        live = LiveEngine(Engine(load(), progress=onboarding.progress))
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
        watch_store(server, service.recorder)
        return asyncio.run(server.run())
    finally:
        # Both close whatever happened, each writing what it still has queued first.
        closed = [service.close() if service is not None else True, onboarding.close()]
        if all(closed):
            log.info("store closed; stopped")
        else:
            log.warning("the store did not close in time; some rows may be lost")
