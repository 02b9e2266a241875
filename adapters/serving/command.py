"""`rolebot serve`: builds the core, registers its observers, builds the adapters, runs them.

Adapters answer from one `bot.Bot`; recording to the store and Prometheus metrics hear about
every turn as its observers, and a reload swaps the knowledge inside it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from adapters import config, logs
from adapters.serving import platforms
from adapters.serving import settings as serve_settings
from adapters.serving.metrics import Metrics
from adapters.serving.reload import Reloader, knowledge_fingerprint
from adapters.serving.runtime import Adapter, Server
from adapters.store import open_onboarding, open_recording
from adapters.store_settings import recording_settings
from adapters.values import SettingsError
from bot import Bot
from bot.core import Core
from bot.kb.compiled import Compiled, load_compiled
from bot.store.recording import Recording

log = logging.getLogger(__name__)


def adapters_for(plan: platforms.Plan, core: Core) -> list[Adapter]:
    """One adapter per platform in the plan; platform libraries are imported only if used."""
    started: list[Adapter] = []
    if plan.slack is not None:
        from adapters.slack_app.adapter import SlackAdapter

        started.append(SlackAdapter(core, plan.slack))
    if plan.discord is not None:
        from adapters.discord_bot.adapter import DiscordAdapter

        started.append(DiscordAdapter(core, plan.discord.settings, plan.discord.token))
    return started


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
    recorded: Recording | None = None
    try:
        bot = Bot(load(), progress=onboarding.progress, welcomes=onboarding.welcomes)
        recorded = open_recording(recording)
        bot.observe(recorded)
        metrics = Metrics()
        metrics.watch(bot)
        log.info("starting %s; store %s", plan.describe(), recording.path)
        server = Server(
            adapters_for(plan, bot),
            Reloader(bot, load, metrics),
            metrics,
            settings,
            knowledge_dirs,
            loaded_fingerprint,
        )
        return asyncio.run(server.run())
    finally:
        # Both close whatever happened, each writing what it still has queued first.
        closed = [recorded.close() if recorded is not None else True, onboarding.close()]
        if all(closed):
            log.info("store closed; stopped")
        else:
            log.warning("the store did not close in time; some rows may be lost")
