"""The names of rolebot's environment variables, and the defaults `rolebot --help` states.

Kept apart from the typed sections (`adapters.settings.sections`) so that a command that finds
none of its settings set (`adapters.settings.unset`) can start without importing
pydantic-settings; both paths read the names from here.
"""

from __future__ import annotations

CONFIG_ENV = "ROLEBOT_CONFIG"
KNOWLEDGE_ENV = "ROLEBOT_KNOWLEDGE"
HOST_ENV = "ROLEBOT_HOST"
PORT_ENV = "ROLEBOT_PORT"
WATCH_ENV = "ROLEBOT_WATCH"
HISTORY_ENV = "ROLEBOT_HISTORY"
DB_ENV = "ROLEBOT_DB"
DATABASE_URL_ENV = "ROLEBOT_DATABASE_URL"
REDIS_URL_ENV = "ROLEBOT_REDIS_URL"
SLACK_BOT_TOKEN_ENV = "SLACK_BOT_TOKEN"
SLACK_APP_TOKEN_ENV = "SLACK_APP_TOKEN"
SLACK_SIGNING_SECRET_ENV = "SLACK_SIGNING_SECRET"
SLACK_CLIENT_ID_ENV = "SLACK_CLIENT_ID"
SLACK_CLIENT_SECRET_ENV = "SLACK_CLIENT_SECRET"
SLACK_REDIRECT_URI_ENV = "SLACK_REDIRECT_URI"
DISCORD_TOKEN_ENV = "DISCORD_TOKEN"
DISCORD_SHARDED_ENV = "ROLEBOT_DISCORD_SHARDED"
DISCORD_SHARD_COUNT_ENV = "ROLEBOT_DISCORD_SHARD_COUNT"
DISCORD_SHARD_IDS_ENV = "ROLEBOT_DISCORD_SHARD_IDS"
DISCORD_WELCOME_ENV = "ROLEBOT_DISCORD_WELCOME"
DISCORD_WELCOME_CHANNELS_ENV = "ROLEBOT_DISCORD_WELCOME_CHANNELS"
CURATORS_ENV = "ROLEBOT_CURATORS"

DEFAULT_HOST = "0.0.0.0"  # in a container, the published port must reach the server
DEFAULT_PORT = 3000  # Bolt's and `rolebot slack --http`'s customary port
MAX_PORT = 65_535

# Every setting's variable starts with one of these (a test checks it against the sections):
# an environment holding none of them sets nothing.
PREFIXES = ("ROLEBOT_", "SLACK_", "DISCORD_")
