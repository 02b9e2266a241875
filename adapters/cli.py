"""The `rolebot` command line: the one composition root that reads the environment.

Platform libraries are imported only inside the subcommands that need them, so `rolebot ask`
starts fast.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.settings.errors import SettingsError
from adapters.settings.names import (
    CONFIG_ENV,
    DEFAULT_HOST,
    DEFAULT_PORT,
    DISCORD_SHARD_COUNT_ENV,
    DISCORD_SHARD_IDS_ENV,
    DISCORD_SHARDED_ENV,
    DISCORD_TOKEN_ENV,
    HISTORY_ENV,
    HOST_ENV,
    KNOWLEDGE_ENV,
    MAX_PORT,
    PORT_ENV,
    WATCH_ENV,
)
from bot.kb.problems import KnowledgeError

if TYPE_CHECKING:
    from typing import TypeAlias

    from adapters.settings.load import Configuration
    from adapters.settings.plan import Plan
    from adapters.settings.unset import Defaults
    from bot import Bot
    from bot.kb.compiled import Compiled
    from bot.kb.taught import Taught
    from bot.store.recording import Recording
    from bot.store.settings import RecordingSettings

    # What `add_subparsers` returns: each subcommand's parser is added to it.
    Subcommands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]


def _config(args: argparse.Namespace) -> Configuration:
    """The effective configuration (environment over config file), read once per run."""
    from adapters.settings.load import load

    loaded: Configuration | None = getattr(args, "loaded_config", None)
    if loaded is None:
        loaded = load(os.environ, args.config)
        args.loaded_config = loaded
    return loaded


def _settings(args: argparse.Namespace) -> Configuration | Defaults:
    """What the knowledge, the store and the console need of the configuration: the defaults
    without the full loader (and pydantic-settings) when nothing is configured."""
    from adapters.settings.unset import Defaults, configured

    if configured(os.environ, args.config):
        return _config(args)
    return Defaults.from_environ(os.environ)


def knowledge_dirs(args: argparse.Namespace) -> list[Path]:
    """Team knowledge directories: ROLEBOT_KNOWLEDGE (os.pathsep-separated), then --knowledge."""
    return [*_settings(args).knowledge_dirs(), *(Path(p) for p in args.knowledge or [])]


def _store_settings(args: argparse.Namespace) -> RecordingSettings:
    """The store's settings; a subcommand's ``--db`` or ``--database-url`` wins over
    ROLEBOT_DB and ROLEBOT_DATABASE_URL."""
    db = getattr(args, "db", None)
    return _settings(args).recording(Path(db) if db else None, getattr(args, "database_url", None))


def _taught(args: argparse.Namespace) -> Taught:
    """What curators taught, from the store; a store that cannot be read teaches nothing
    (said once on stderr) rather than stopping the command."""
    from bot.kb.taught import Taught

    settings = _store_settings(args)
    if not settings.exists:
        # Nothing taught yet, and no need to import the store's modules (sqlite3, the
        # recorder, the row types) to say so: `rolebot ask` starts faster without them.
        return Taught()
    from adapters.store import read_taught
    from bot.store.base import StoreError

    try:
        return read_taught(settings)
    except StoreError as error:
        print(f"rolebot: taught phrasings not loaded: {error}", file=sys.stderr)
        return Taught()


def _compiled(args: argparse.Namespace) -> Compiled:
    from bot.kb.compiled import load_compiled

    # Without a store nothing was taught, and the taught layer's types need not be imported.
    taught = _taught(args) if _store_settings(args).exists else None
    return load_compiled(knowledge_dirs(args), _settings(args).cache_dir(), taught)


def _bot(args: argparse.Namespace, *, whole_answers: bool = False) -> Bot:
    from bot import Bot

    return Bot(_compiled(args), whole_answers=whole_answers)


@contextlib.contextmanager
def _recording(bot: Bot, settings: RecordingSettings) -> Iterator[Recording]:
    """Records what `bot` answers to the store; the store is closed (what is queued written
    first) however the adapter stops."""
    from adapters.store import Storage

    with Storage(settings) as storage:
        recording = storage.recording()
        bot.observe(recording)
        try:
            yield recording
        finally:
            if not recording.close():
                print(
                    f"rolebot: {settings.where} was not closed in time; rows may be lost",
                    file=sys.stderr,
                )


def _cmd_chat(args: argparse.Namespace) -> int:
    from adapters.console.chat import chat
    from adapters.console.settings import ConsoleSettings, wants_colour
    from bot.kb.compiled import keep_loaded

    colour = wants_colour(os.environ, no_color=args.no_color)
    settings = ConsoleSettings(colour=colour, history=_settings(args).history())
    bot = _bot(args)
    keep_loaded()  # the knowledge lives as long as the conversation: no collection walks it
    try:
        return chat(bot, settings, as_json=args.json, why=args.why)
    finally:
        gc.unfreeze()


@contextlib.contextmanager
def _starting_up() -> Iterator[None]:
    """No garbage collection while starting up, and what start-up made frozen out of later
    collections (as `keep_loaded` does for chat and serve; a single question has no earlier
    knowledge to free first). Importing the modules and loading the knowledge make many
    objects that all live on and few cycles to free: the collections their allocations
    trigger, and the first ones after, would walk them all and find nothing (together about
    a twelfth of the instructions `rolebot ask` ran)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _cmd_ask(args: argparse.Namespace) -> int:
    with _starting_up():
        from adapters.console.chat import ask

        bot = _bot(args, whole_answers=True)
    # One question, no conversation to say `more` in: the whole answer.
    return ask(bot, args.question, as_json=args.json)


def _cmd_validate(args: argparse.Namespace) -> int:
    from bot.kb import loader
    from bot.kb.files import SHIPPED_KNOWLEDGE, knowledge_files
    from bot.kb.pitfalls import file_pitfalls

    if args.paths:
        paths = [Path(p) for p in args.paths]
        files = [f for p in paths for f in (knowledge_files(p) if p.is_dir() else [p])]
    else:
        layers = [SHIPPED_KNOWLEDGE, *knowledge_dirs(args)]
        files = [f for d in layers if d.is_dir() for f in knowledge_files(d)]
    warnings = file_pitfalls(files)
    for warning in warnings:
        print(warning)
    if args.paths:
        base = loader.load_files(files)
    else:
        base = loader.load(knowledge_dirs(args), taught=_taught(args))
    from bot.curation.routing_check import routing_problems

    problems = routing_problems(base)
    for problem in problems:
        print(problem)
    if problems or (warnings and args.strict):
        return 1
    summary = (
        f"ok: {len(base.roles)} roles, {len(base.stages)} stages, {len(base.tools)} tools, "
        f"{len(base.faq)} entries, {base.phrasing_count} phrasings, {len(base.tour)} tour steps"
    )
    if base.team_name is not None:
        summary += f", team '{base.team_name}' with {len(base.contacts)} contacts"
    print(summary)
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from bot.curation.evaluation import evaluate, format_report, load_question_set, standard_sets
    from bot.kb import loader

    if args.questions:
        sets = [(args.questions, load_question_set(Path(args.questions)), False)]
    else:
        sets = standard_sets()
    base = loader.load(knowledge_dirs(args))
    summary = []
    for name, question_set, held_out in sets:
        report = evaluate(base, question_set)
        print(f"== {name}\n{format_report(report, held_out=held_out)}\n")
        summary.append(
            f"  {name}: {report.accuracy:.1%} of {len(report.outcomes)}, {report.offtopic}"
        )
    print("summary:\n" + "\n".join(summary))
    return 0


def _cmd_slack(args: argparse.Namespace) -> int:
    from adapters.settings.plan import Plan, slack_settings
    from adapters.slack_app.settings import Mode

    if args.action == "manifest":
        from adapters.slack_app.manifest import manifest_text

        print(manifest_text(args.request_url, installs=args.oauth), end="")
        return 0
    mode = Mode.HTTP if args.http else Mode.SOCKET
    plan = Plan(slack=slack_settings(_config(args), mode))
    return _serve(args, plan, host=args.host, port=args.port)


def _cmd_report(args: argparse.Namespace) -> int:
    from adapters.report_command import report

    settings = _store_settings(args)
    return report(
        settings,
        _compiled(args),
        since=args.since,
        days=args.days,
        form=args.format,
        top=args.top,
        out=sys.stdout,
        err=sys.stderr,
        output=Path(args.output) if args.output else None,
    )


def _cmd_teach(args: argparse.Namespace) -> int:
    from adapters import teaching
    from bot.kb import loader

    if (args.entry is None) == (not args.new):
        print("rolebot teach: give --entry ENTRY_ID or --new (one of the two)", file=sys.stderr)
        return 2
    base = loader.load(knowledge_dirs(args), taught=_taught(args))
    settings = _store_settings(args)
    by = teaching.curator()
    if args.new:
        return teaching.teach_new_entry(
            settings,
            base,
            args.question,
            by=by,
            edit=teaching.run_editor,
            out=sys.stdout,
            err=sys.stderr,
        )
    return teaching.teach_phrasing(
        settings,
        base,
        args.question,
        args.entry,
        by=by,
        out=sys.stdout,
        err=sys.stderr,
        force=args.force,
    )


def _cmd_curate(args: argparse.Namespace) -> int:
    from adapters import teaching

    if args.action == "export":
        if args.directory is None:
            print("rolebot curate export: give the directory to write to", file=sys.stderr)
            return 2
        return teaching.export(_taught(args), Path(args.directory), sys.stdout)
    from datetime import UTC, datetime, timedelta

    from adapters.curate_walk import Walk, walk
    from bot.kb.compiled import load_compiled

    dirs, cache = knowledge_dirs(args), _settings(args).cache_dir()
    plan = Walk(
        settings=_store_settings(args),
        compile_with=lambda taught: load_compiled(dirs, cache, taught),
        by=teaching.curator(),
        edit=teaching.run_editor,
        since=datetime.now(UTC) - timedelta(days=args.days),
        top=args.top,
    )
    return walk(plan, sys.stdin, sys.stdout, sys.stderr)


def _cmd_discord(args: argparse.Namespace) -> int:
    from adapters.discord_bot import runner
    from adapters.settings.plan import Plan, discord_plan

    cfg = _config(args)
    discord = discord_plan(cfg)
    if args.action == "sync":
        bot = _bot(args)
        with _recording(bot, cfg.recording()):
            return runner.sync(bot, discord.settings, discord.token, args.guild)
    return _serve(args, Plan(discord=discord))


def _cmd_serve(args: argparse.Namespace) -> int:
    return _serve(args, watch=args.watch)


def _serve(
    args: argparse.Namespace,
    plan: Plan | None = None,
    *,
    watch: bool = False,
    host: str | None = None,
    port: int | None = None,
) -> int:
    """`rolebot serve`, or one adapter of it for `rolebot slack` and `rolebot discord`: the
    same health, metrics, reloading, store and graceful shutdown either way."""
    from adapters.serving.command import serve

    return serve(_config(args), knowledge_dirs(args), watch=watch, plan=plan, host=host, port=port)


def _cmd_config(args: argparse.Namespace) -> int:
    from adapters.settings.check import check

    return check(_config(args), knowledge_dirs(args), sys.stdout)


def _cmd_health(args: argparse.Namespace) -> int:
    from adapters.serving.probe import probe
    from adapters.settings.sections import ServingSettings

    return probe(args.url, _config(args).section(ServingSettings), sys.stdout)


def _database_url(text: str) -> str:
    """An argparse type for ``--database-url``: a PostgreSQL URL, checked as the setting is
    (the message never repeats it: it may hold a password)."""
    from adapters.settings.parse import postgres_url

    try:
        return postgres_url(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _store_options(parser: argparse.ArgumentParser) -> None:
    """``--db PATH`` or ``--database-url URL``: the store a curators' command reads."""
    chosen = parser.add_mutually_exclusive_group()
    chosen.add_argument(
        "--db",
        metavar="PATH",
        help="the SQLite store (default: $ROLEBOT_DB, else "
        "$XDG_STATE_HOME/rolebot/rolebot.sqlite3)",
    )
    chosen.add_argument(
        "--database-url",
        type=_database_url,
        metavar="URL",
        help="the PostgreSQL store, postgresql://... (default: $ROLEBOT_DATABASE_URL)",
    )


def _whole_number(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse type for a whole number from `low` (up to `high`): anything else is a
    usage error saying what was wanted, rather than a window that ends before it starts."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
        if value < low or (high is not None and value > high):
            wanted = f"at least {low}" if high is None else f"between {low} and {high}"
            raise argparse.ArgumentTypeError(f"must be {wanted}, not {value}")
        return value

    return parse


def _add_chat(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    chat = sub.add_parser(
        "chat",
        parents=[common],
        help="talk to rolebot in the terminal",
        description="Talk to rolebot. At a terminal: Tab completes commands and names, Ctrl-C "
        "clears the line, Ctrl-D or `exit` leaves, and lines are kept in "
        f"${HISTORY_ENV} (default $XDG_STATE_HOME/rolebot/history; off: none). Piped: each "
        "line is one turn of one conversation.",
    )
    chat.add_argument("--json", action="store_true", help="print one JSON object per reply")
    chat.add_argument(
        "--no-color",
        action="store_true",
        help="no colour at a terminal (so does a non-empty NO_COLOR); piped output has none",
    )
    chat.add_argument(
        "--why",
        action="store_true",
        help="say under each reply where it came from: knowledge entry, what matched, score",
    )
    chat.set_defaults(run=_cmd_chat)


def _add_ask(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    ask = sub.add_parser("ask", parents=[common], help="answer one question ('-': each stdin line)")
    ask.add_argument("question", help="the question, or - to answer each line of stdin")
    ask.add_argument("--json", action="store_true", help="print the reply as a JSON object")
    ask.set_defaults(run=_cmd_ask)


def _add_validate(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    validate = sub.add_parser(
        "validate",
        parents=[common],
        help="check knowledge files; exit 1 listing file:line problems",
    )
    validate.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or directories (default: shipped + team)"
    )
    validate.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 on warnings too (YAML that silently changes text: ' #', no, 3.10, tabs)",
    )
    validate.set_defaults(run=_cmd_validate)


def _add_eval(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    evaluation = sub.add_parser(
        "eval", parents=[common], help="accuracy on the labelled question set, threshold sweep"
    )
    evaluation.add_argument("--questions", metavar="FILE", help="a question set YAML file")
    evaluation.set_defaults(run=_cmd_eval)


def _add_slack(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    slack = sub.add_parser(
        "slack",
        parents=[common],
        help="run the Slack app (Socket Mode; --http to serve Slack's requests)",
        description="Socket Mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN; --http needs "
        "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or, to serve installs to many workspaces "
        "(GET /slack/install), SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_SIGNING_SECRET "
        "instead. ROLEBOT_SLACK_API_URL overrides Slack's "
        "Web API URL. Runs as 'rolebot serve' does with Slack alone: GET /healthz and "
        "GET /metrics on the HTTP server; SIGTERM finishes the answers in flight. "
        "'rolebot slack manifest' prints the Slack app manifest.",
    )
    slack.add_argument("action", nargs="?", choices=["manifest"], help="print the app manifest")
    slack.add_argument(
        "--http", action="store_true", help="take Slack's requests on POST /slack/events"
    )
    slack.add_argument(
        "--host",
        help=f"HTTP server address (default: ${HOST_ENV}, else {DEFAULT_HOST})",
    )
    slack.add_argument(
        "--port",
        type=_whole_number(0, MAX_PORT),
        help=f"HTTP server port (default: ${PORT_ENV}, else {DEFAULT_PORT})",
    )
    slack.add_argument(
        "--request-url", metavar="URL", help="manifest: your public https URL, for HTTP mode"
    )
    slack.add_argument(
        "--oauth",
        action="store_true",
        help="manifest: for installs to many workspaces (with --request-url: adds the OAuth "
        "redirect URL)",
    )
    slack.set_defaults(run=_cmd_slack)


def _add_report(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    report = sub.add_parser(
        "report",
        parents=[common],
        help="for curators: unanswered questions, unhelpful answers, answers by intent",
    )
    window = report.add_mutually_exclusive_group()
    window.add_argument(
        "--days",
        type=_whole_number(1),
        default=30,
        metavar="N",
        help="the last N days (default 30)",
    )
    window.add_argument(
        "--since", metavar="DATE|DAYS", help="from DATE (YYYY-MM-DD, UTC) or DAYS ago to now"
    )
    report.add_argument(
        "--format",
        choices=("text", "csv", "json", "html"),
        default="text",
        help="default: text; html is one self-contained page with charts",
    )
    report.add_argument(
        "-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout"
    )
    _store_options(report)
    report.add_argument(
        "--top", type=_whole_number(1), default=10, metavar="N", help="rows per section"
    )
    report.set_defaults(run=_cmd_report)


def _add_teach(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    teach = sub.add_parser(
        "teach",
        parents=[common],
        help="add a phrasing to an FAQ entry (--entry ID), or write a new entry (--new)",
        description="Teach rolebot a question. --entry ID adds it as a phrasing of that entry "
        "(shipped or team); --new opens a new entry from a template in $VISUAL or $EDITOR. The "
        "change is checked with the matcher first (the question must reach the entry, and no "
        "other entry may lose a phrasing), then kept in the store with who and when; new "
        "processes answer with it, and 'rolebot serve' after its next reload.",
    )
    teach.add_argument("question", help="the question, as people ask it")
    teach.add_argument("--entry", metavar="ENTRY_ID", help="the FAQ entry that answers it")
    teach.add_argument("--new", action="store_true", help="start a new entry in $EDITOR")
    teach.add_argument(
        "--force",
        action="store_true",
        help="teach it even though another answer takes the question now",
    )
    _store_options(teach)
    teach.set_defaults(run=_cmd_teach)


def _add_curate(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    curate = sub.add_parser(
        "curate",
        parents=[common],
        help="curators: walk the report's unanswered questions; 'export DIR' writes YAML",
        description="'rolebot curate' walks the report's unanswered groups one by one: add "
        "the question to the suggested entry (a), pick another entry by search (p), start a "
        "new entry in $EDITOR (n), ignore it so it stops coming back (i), skip (s) or quit "
        "(q); one answer per line, so it can be piped. 'rolebot curate export DIR' writes the "
        "taught phrasings and entries as knowledge files (a 'phrasings' file and a 'faq' "
        "file) for a team to keep in git and load with --knowledge DIR.",
    )
    curate.add_argument(
        "action",
        nargs="?",
        choices=["walk", "export"],
        default="walk",
        help="walk (default) or export",
    )
    curate.add_argument("directory", nargs="?", metavar="DIR", help="export: where to write")
    _store_options(curate)
    curate.add_argument(
        "--days",
        type=_whole_number(1),
        default=30,
        metavar="N",
        help="walk: questions missed in the last N days (default 30)",
    )
    curate.add_argument(
        "--top", type=_whole_number(1), default=10, metavar="N", help="walk: at most N groups"
    )
    curate.set_defaults(run=_cmd_curate)


def _add_discord(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    discord = sub.add_parser(
        "discord",
        parents=[common],
        help=f"answer on Discord ({DISCORD_TOKEN_ENV}; {DISCORD_SHARDED_ENV}=1 to shard)",
        description="Answer on Discord until stopped, with the bot token in "
        f"{DISCORD_TOKEN_ENV}. Set {DISCORD_SHARDED_ENV}=1 to shard, for bots in "
        f"thousands of servers, or {DISCORD_SHARD_COUNT_ENV} and {DISCORD_SHARD_IDS_ENV} to run "
        "some shards of the bot in this process and the others elsewhere (register the commands "
        "once with 'sync', not from each process). Runs as 'rolebot serve' does with Discord "
        "alone: GET /healthz "
        f"and GET /metrics on {HOST_ENV}:{PORT_ENV}; SIGTERM finishes the "
        "answers in flight.",
    )
    discord.add_argument(
        "action", nargs="?", choices=["sync"], help="register the /roles commands, then exit"
    )
    discord.add_argument(
        "--guild", type=int, metavar="ID", help="with sync: this server only (shows at once)"
    )
    discord.set_defaults(run=_cmd_discord)


def _add_serve(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    serve = sub.add_parser(
        "serve",
        parents=[common],
        help="run every configured adapter (Slack, Discord or both), with health and metrics",
        description="Start every adapter whose settings are present, in one process, with "
        "GET /healthz and GET /metrics on ROLEBOT_HOST:ROLEBOT_PORT. SIGTERM or SIGINT stops "
        "gracefully; SIGHUP reloads the knowledge. 'rolebot config check' lists the settings.",
    )
    serve.add_argument(
        "--watch",
        action="store_true",
        help=f"reload the knowledge when its files change (also {WATCH_ENV})",
    )
    serve.set_defaults(run=_cmd_serve)


def _add_config(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    configuration = sub.add_parser(
        "config",
        parents=[common],
        help="print the effective settings (secrets masked) and every problem; exit 1 on any",
    )
    configuration.add_argument("action", choices=["check"], help="check the configuration")
    configuration.set_defaults(run=_cmd_config)


def _add_health(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    health = sub.add_parser(
        "health",
        parents=[common],
        help="ask a running 'rolebot serve' whether it is ready; exit 0 if so, else 1",
    )
    health.add_argument(
        "--url",
        help="the health endpoint (default: http://127.0.0.1:$ROLEBOT_PORT/healthz)",
    )
    health.set_defaults(run=_cmd_health)


# Each subcommand's parser, in the order `rolebot --help` lists them.
SUBCOMMANDS: dict[str, Callable[[Subcommands, argparse.ArgumentParser], None]] = {
    "chat": _add_chat,
    "ask": _add_ask,
    "validate": _add_validate,
    "eval": _add_eval,
    "slack": _add_slack,
    "report": _add_report,
    "teach": _add_teach,
    "curate": _add_curate,
    "discord": _add_discord,
    "serve": _add_serve,
    "config": _add_config,
    "health": _add_health,
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser for every subcommand, or with `command` for that one alone: the
    others' options are not needed to run it, and building them all costs every start."""
    parser = argparse.ArgumentParser(
        prog="rolebot", description="Answers data and ML team role questions."
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        metavar="PATH",
        help=f"a TOML file of settings (also {CONFIG_ENV}); the environment wins over it",
    )
    common.add_argument(
        "--knowledge",
        action="append",
        metavar="DIR",
        help=f"team knowledge on top of the shipped one (repeatable; also {KNOWLEDGE_ENV})",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, add in SUBCOMMANDS.items():
        if command is None or name == command:
            add(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `rolebot` script; given `argv`, as a call in a longer-lived process
    (what a command froze out of garbage collection is released when it returns)."""
    given = sys.argv[1:] if argv is None else argv
    frozen_before = gc.get_freeze_count()
    parser = build_parser(given[0] if given and given[0] in SUBCOMMANDS else None)
    args = parser.parse_args(argv)
    if getattr(args, "run", None) is None:
        args = parser.parse_args(["chat", *(argv or sys.argv[1:])])
    try:
        unreadable = () if args.command == "config" else _settings(args).problems
        for message in unreadable:
            print(f"rolebot: {message}", file=sys.stderr)
        if unreadable:
            return 2
        code: int = args.run(args)
    except SettingsError as error:
        for refused in error.problems:
            print(f"rolebot {args.command}: {refused}", file=sys.stderr)
        return 2
    except KnowledgeError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`rolebot ask - | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    finally:
        if argv is not None and not frozen_before:
            # Called in-process (tests): give the collector back what a command froze. Run as
            # the command, the process ends here and exiting need not walk it all again.
            gc.unfreeze()
    return code


if __name__ == "__main__":
    sys.exit(main())
