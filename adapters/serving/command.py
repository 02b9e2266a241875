"""`rolebot serve`: builds the core, registers its observers, builds the adapters, runs them.

Adapters answer from one `bot.Bot`; recording to the store and Prometheus metrics hear about
every turn as its observers, and a reload swaps the knowledge inside it.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Sequence
from pathlib import Path

from adapters import logs
from adapters.claims import ClaimsFactory, LocalClaims
from adapters.curating.desk import CurationDesk
from adapters.serving.metrics import Metrics
from adapters.serving.reload import Reloader, knowledge_fingerprint
from adapters.serving.runtime import Adapter, Server
from adapters.settings.errors import SettingsError
from adapters.settings.load import Configuration
from adapters.settings.plan import NO_ADAPTER, Plan, plan_adapters
from adapters.settings.sections import (
    CurationSettings,
    KnowledgeSettings,
    LoggingSettings,
    ServingSettings,
    SharedStateSettings,
    StoreSettings,
)
from adapters.shared_state.connection import url_secrets
from adapters.shared_state.state import SharedState
from adapters.store import Storage
from bot import Bot
from bot.core import Core
from bot.kb.compiled import Compiled, keep_loaded, load_compiled
from bot.store.base import StoreError
from bot.store.recorder import Recorder
from bot.store.recording import Recording

log = logging.getLogger(__name__)


def adapters_for(
    plan: Plan,
    core: Core,
    claims: ClaimsFactory = LocalClaims,
    desk: CurationDesk | None = None,
) -> list[Adapter]:
    """One adapter per platform in the plan; platform libraries are imported only if used.
    `claims`: where Slack keeps the events it answered and the threads it is in; `desk`: where
    both send `/roles curate` and curators' clicks."""
    started: list[Adapter] = []
    if plan.slack is not None:
        from adapters.slack_app.adapter import SlackAdapter

        started.append(SlackAdapter(core, plan.slack, claims, desk))
    if plan.discord is not None:
        from adapters.discord_bot.adapter import DiscordAdapter

        started.append(DiscordAdapter(core, plan.discord.settings, plan.discord.token, desk))
    return started


def watch_store(server: Server, *recorders: Recorder) -> None:
    """Count the store's committed rows and failed writes in /metrics, and show /healthz
    degraded while they fail or the store cannot be reached (each recorder asks it when idle)."""
    server.metrics.failures.store = lambda: sum(recorder.failures for recorder in recorders)
    server.metrics.failures.written = lambda: sum(recorder.written for recorder in recorders)
    server.health.watch(
        "store", lambda: next((r.failing for r in recorders if r.failing is not None), None)
    )


def watch_shared(server: Server, shared: SharedState) -> None:
    """Count what Redis could not serve in /metrics, show /healthz degraded while it fails, and
    close its connections on the loop at shutdown."""
    server.metrics.failures.shared = lambda: shared.outage.fallbacks
    server.health.watch("redis", shared.trouble)
    server.closers.append(shared.aclose)


def open_shared(settings: SharedStateSettings) -> SharedState | None:
    """The shared state in Redis when ROLEBOT_REDIS_URL is set (None otherwise), asked once:
    an unreachable Redis is logged and served around, never a reason not to start."""
    if settings.redis_url is None:
        return None
    shared = SharedState(settings.redis_url.get_secret_value())
    if shared.check():
        log.info("sharing short-lived state in redis at %s", shared.where)
    return shared


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
    sections = (
        KnowledgeSettings,
        StoreSettings,
        CurationSettings,
        SharedStateSettings,
        ServingSettings,
        LoggingSettings,
    )
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

    # One pool of connections for everything this process reads and writes (PostgreSQL).
    storage = Storage(recording)
    taught = storage.taught

    def load() -> Compiled:
        # A store that cannot be read fails the reload: the old knowledge keeps serving.
        return load_compiled(knowledge_dirs, cache, taught())

    # Before loading: see `watch`.
    loaded_fingerprint = knowledge_fingerprint(knowledge_dirs, taught)
    try:
        compiled = load()  # knowledge with problems refuses before anything starts
    except StoreError as error:
        log.warning("serving without what was taught: %s", error)
        compiled = load_compiled(knowledge_dirs, cache)
    except BaseException:
        storage.close()
        raise
    logging_settings = cfg.section(LoggingSettings)
    sharing = cfg.section(SharedStateSettings)
    secrets = [*cfg.secrets(), *url_secrets(sharing.redis_url)]
    logs.configure(logging_settings.log_format, logging_settings.log_level, secrets)
    # Tour positions and welcomes live in the store, so they outlive a restart (and a reload).
    onboarding = storage.onboarding()
    shared = open_shared(sharing)
    recorded: Recording | None = None
    try:
        bot = Bot(
            compiled,
            memory=shared.memory() if shared else None,
            progress=onboarding.progress,
            welcomes=shared.welcomes(onboarding.welcomes) if shared else onboarding.welcomes,
        )
        recorded = storage.recording()
        bot.observe(recorded)
        metrics = Metrics()
        metrics.watch(bot)
        log.info("starting %s; store %s", plan.describe(), recording.where)
        reloader = Reloader(bot, load, metrics)
        curators = cfg.section(CurationSettings).curators
        # Curators' changes are checked and kept through this process' store connections, and
        # reload this bot at once; other replicas see them at their next `--watch` look.
        desk = CurationDesk(curators, bot, storage.open, reloader.reload)
        server = Server(
            adapters_for(plan, bot, shared.claims if shared else LocalClaims, desk),
            reloader,
            metrics,
            settings,
            knowledge_dirs,
            loaded_fingerprint,
            taught,
        )
        watch_store(server, recorded.recorder, onboarding.recorder)
        if shared is not None:
            watch_shared(server, shared)
        keep_loaded()  # everything so far lives until shutdown (or a reload, which refreezes)
        return asyncio.run(server.run())
    finally:
        gc.unfreeze()  # tests serve in-process: leave the collector as it was
        if shared is not None:
            shared.close()
        # Both close whatever happened, each writing what it still has queued first.
        closed = [recorded.close() if recorded is not None else True, onboarding.close()]
        storage.close()
        if all(closed):
            log.info("store closed; stopped")
        else:
            log.warning("the store did not close in time; some rows may be lost")
