"""Real-shaped Discord gateway payloads for tests, adapted from the recorded fixtures.

The fixtures are the Discord docs' examples plus only the keys discord.py 2.7 needs
(see tests/fixtures/discord and the platform README they were copied with). The builders
change only what a test is about: command names, options, content, authors, ids.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent.parent / "fixtures" / "discord"
SLASH = "discord_interaction_slash_command_docs.discordpy_augmented.json"
AUTOCOMPLETE = "discord_interaction_autocomplete_docs.discordpy_augmented.json"
BUTTON = "discord_interaction_button_component_docs.discordpy_augmented.json"
MESSAGE = "discord_message_docs_example_message.json"
ENVELOPE = "discord_gateway_dispatch_envelope_docs.json"
MEMBER_ADD = "discord_guild_member_add_descord_capture.discordpy_augmented.json"

# The bot: the id is the docs' application id, as in the fixtures' README.
BOT_ID = "290926444748734465"
BOT_USER: dict[str, Any] = {
    "id": BOT_ID,
    "username": "rolebot",
    "discriminator": "0",
    "avatar": None,
    "global_name": None,
    "bot": True,
}
GUILD_ID = "290926798626357999"  # the docs' guild
WELCOME_CHANNEL_ID = "645027906669510667"  # the channel of the docs' interactions
MASON_ID = "53908232506183680"  # the docs' user
ROLEBOT_ROLE_ID = "290926798626358001"  # the role Discord gives rolebot in a server
TEAM_ROLE_ID = "290926798626358002"  # a role of the team's own
OPTION_STRING = 3  # application command option types (application-commands.mdx)
OPTION_SUB_COMMAND = 1

_snowflakes = itertools.count(900000000000000001)
Json = dict[str, Any]


def load(name: str) -> Json:
    """A fixture file, parsed."""
    data: Json = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


def snowflake() -> str:
    """A fresh id, so every event is a new one."""
    return str(next(_snowflakes))


def envelope(event: str, data: Json) -> Json:
    """`data` in the gateway's dispatch envelope, as the gateway sends it."""
    wrapped = load(ENVELOPE)
    wrapped["t"], wrapped["d"] = event, data
    return wrapped


def _roles_data(subcommand: str, options: list[Json]) -> Json:
    return {
        "id": "771825006014889984",
        "name": "roles",
        "type": 1,
        "options": [{"type": OPTION_SUB_COMMAND, "name": subcommand, "options": options}],
    }


def channel(channel_id: str, *, thread_of: str | None = None) -> Json:
    """The partial channel Discord puts in an interaction: a text channel, or a thread in one.

    The docs' examples predate this key and have only ``channel_id``, which discord.py 2.7 no
    longer reads; Discord sends both (receiving-and-responding.mdx, Interaction Object).
    """
    text_channel: Json = {
        "id": channel_id,
        "type": 0,
        "name": "data-team",
        "guild_id": GUILD_ID,
        "position": 0,
        "permission_overwrites": [],
        "parent_id": None,
        "topic": None,
        "nsfw": False,
        "rate_limit_per_user": 0,
        "last_message_id": None,
        "flags": 0,
    }
    if thread_of is None:
        return text_channel
    return text_channel | {
        "type": 11,  # public thread
        "parent_id": thread_of,
        "owner_id": MASON_ID,
        "member_count": 1,
        "message_count": 1,
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": 1440,
            "archive_timestamp": "2025-01-01T00:00:00+00:00",
            "locked": False,
        },
    }


def slash(
    subcommand: str,
    *,
    user_id: str = MASON_ID,
    channel_id: str = "645027906669510667",
    thread_of: str | None = None,
    **options: str,
) -> Json:
    """INTERACTION_CREATE for ``/roles <subcommand> option:value ...`` from the docs' guild."""
    data = load(SLASH)
    data["id"] = snowflake()
    data["data"] = _roles_data(
        subcommand,
        [{"type": OPTION_STRING, "name": k, "value": v} for k, v in options.items()],
    )
    data["member"]["user"]["id"] = user_id
    data["channel_id"] = channel_id
    data["channel"] = channel(channel_id, thread_of=thread_of)
    return envelope("INTERACTION_CREATE", data)


def autocomplete(subcommand: str, focused: str, typed: str, **others: str) -> Json:
    """INTERACTION_CREATE for autocomplete while typing `typed` into option `focused`."""
    data = load(AUTOCOMPLETE)
    data["id"] = snowflake()
    options = [{"type": OPTION_STRING, "name": k, "value": v} for k, v in others.items()]
    options.append({"type": OPTION_STRING, "name": focused, "value": typed, "focused": True})
    data["data"] = _roles_data(subcommand, options) | {"version": data["data"]["version"]}
    return envelope("INTERACTION_CREATE", data)


def click(
    custom_id: str, label: str = "Ask", *, user_id: str = MASON_ID, in_dm: bool = False
) -> Json:
    """INTERACTION_CREATE for a click on a button of one of rolebot's messages.

    `in_dm`: in a direct message, where Discord sends `user` instead of `member` and no
    `guild_id` (receiving-and-responding.mdx, Interaction Object).
    """
    data = load(BUTTON)
    data["id"] = snowflake()
    data["data"]["custom_id"] = custom_id
    data["member"]["user"]["id"] = user_id
    data["channel"] = channel(data["channel_id"])
    if in_dm:
        data["user"] = data.pop("member")["user"]
        del data["guild_id"]
        data["channel"] = {"id": data["channel_id"], "type": 1, "recipients": [data["user"]]}
    message = data["message"]
    message["author"] = BOT_USER
    message["components"] = [
        {
            "type": 1,
            "components": [{"type": 2, "label": label, "style": 2, "custom_id": custom_id}],
        }
    ]
    return envelope("INTERACTION_CREATE", data)


def select(custom_id: str, value: str, component: Json, *, user_id: str = MASON_ID) -> Json:
    """INTERACTION_CREATE for choosing option `value` in a string select of one of rolebot's
    messages: `component` is the select as rolebot sent it (receiving-and-responding.mdx,
    Message Component Data: `component_type` 3 and the chosen `values`)."""
    payload = click(custom_id, user_id=user_id)
    data = payload["d"]
    data["data"] = {"custom_id": custom_id, "component_type": 3, "values": [value]}
    data["message"]["components"] = [{"type": 1, "components": [component]}]
    return payload


def message_create(
    content: str,
    *,
    mentions: tuple[Json, ...] = (),
    author: Json | None = None,
    in_guild: bool = True,
    channel_id: str | None = None,
    **fields: Any,
) -> Json:
    """MESSAGE_CREATE for the docs' example message with other content, in a server or a DM.

    A DM has no ``guild_id`` or ``member`` (gateway-events.mdx, Message Create Extra Fields).
    """
    data = load(MESSAGE)
    data["id"] = snowflake()
    data["content"] = content
    data["mentions"] = list(mentions)
    if author is not None:
        data["author"] = author
    if channel_id is not None:
        data["channel_id"] = channel_id
    if in_guild:
        data["guild_id"] = GUILD_ID
        data["member"] = {
            "roles": [],
            "joined_at": "2017-03-13T19:19:14.040000+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
        }
    data.update(fields)
    return envelope("MESSAGE_CREATE", data)


def guild_create(
    guild_id: str = GUILD_ID, channel_ids: tuple[str, ...] = (WELCOME_CHANNEL_ID,)
) -> Json:
    """GUILD_CREATE for a server with text channels, as the gateway sends after connecting.

    No members are listed and the count is 0, so discord.py sees the server as complete and
    asks for no member lists (gateway-events.mdx, Guild Create).
    """
    channels = [channel(c) | {"name": f"channel-{c}"} for c in channel_ids]
    roles = [
        role(guild_id, "@everyone"),  # a server's default role has the server's id
        role(ROLEBOT_ROLE_ID, "rolebot", managed=True, tags={"bot_id": BOT_ID}),
        role(TEAM_ROLE_ID, "ml-platform", mentionable=True),
    ]
    return envelope(
        "GUILD_CREATE",
        {
            "id": guild_id,
            "name": "Data team",
            "unavailable": False,
            "member_count": 0,
            "members": [],
            "channels": channels,
            "threads": [],
            "roles": roles,
            "emojis": [],
            "features": [],
        },
    )


def role(role_id: str, name: str, **fields: Any) -> Json:
    """A server role (permissions.mdx, Role Object); a bot's own role is managed and tagged
    with the bot's id."""
    return {
        "id": role_id,
        "name": name,
        "color": 0,
        "hoist": False,
        "position": 0,
        "permissions": "0",
        "managed": False,
        "mentionable": False,
        "flags": 0,
    } | fields


def member_join(user_id: str, *, bot: bool = False, guild_id: str = GUILD_ID) -> Json:
    """GUILD_MEMBER_ADD for a new member: the captured join with another user and server."""
    event = load(MEMBER_ADD)
    data = event["d"]
    data["user"]["id"] = user_id
    if bot:
        data["user"]["bot"] = True
    data["guild_id"] = guild_id
    return event
