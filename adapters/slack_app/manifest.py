"""The Slack app manifest shipped with rolebot, as is (Socket Mode) or pointed at a public URL."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

import yaml

from adapters.settings.errors import SettingsError
from adapters.slack_app.server import EVENTS_PATH, INSTALL_PATH, REDIRECT_PATH

MANIFEST = "manifest.yaml"


def _shipped() -> str:
    return files("adapters.slack_app").joinpath(MANIFEST).read_text(encoding="utf-8")


def bot_scopes() -> list[str]:
    """The bot scopes the manifest asks for: what an install through /slack/install asks for."""
    scopes: list[str] = yaml.safe_load(_shipped())["oauth_config"]["scopes"]["bot"]
    return scopes


def manifest_text(request_url: str | None = None, *, installs: bool = False) -> str:
    """The manifest YAML; with `request_url` (https), the HTTP-mode variant that posts there,
    and with `installs` too, the variant for installs to many workspaces (its OAuth redirect URL
    on the same server).

    `request_url` may be the server's base URL or the full events URL.
    """
    text = _shipped()
    if request_url is None:
        if installs:
            raise SettingsError("--oauth needs --request-url: the server Slack redirects to")
        return text
    if not request_url.startswith("https://"):
        raise SettingsError(f"--request-url must be an https URL, got {request_url!r}")
    base = request_url.removesuffix(EVENTS_PATH).rstrip("/")
    url = base + EVENTS_PATH
    manifest: dict[str, Any] = yaml.safe_load(text)
    settings = manifest["settings"]
    settings["socket_mode_enabled"] = False
    settings["event_subscriptions"]["request_url"] = url
    settings["interactivity"]["request_url"] = url
    for command in manifest["features"]["slash_commands"]:
        command["url"] = url
    header = "# rolebot's Slack app manifest for HTTP mode (rolebot slack --http).\n"
    if installs:
        manifest["oauth_config"]["redirect_urls"] = [base + REDIRECT_PATH]
        header = INSTALLS_HEADER.format(install=base + INSTALL_PATH)
    return header + yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True, width=100)


# Public distribution has no manifest setting: it is switched on in the app's settings.
INSTALLS_HEADER = """\
# rolebot's Slack app manifest for installs to many workspaces (HTTP mode, with SLACK_CLIENT_ID,
# SLACK_CLIENT_SECRET and SLACK_SIGNING_SECRET instead of SLACK_BOT_TOKEN). Once the app exists,
# open Manage Distribution and Activate Public Distribution (workspaces other than the app's own
# can install it only then); then anyone installs rolebot from {install}
"""
