"""ROLEBOT_REDIS_URL: checked at start with a one-line message that never repeats the value,
masked by `rolebot config check`, and named in logs by host, port and database only."""

from __future__ import annotations

import io

import pytest

from adapters.settings.check import MASK, check
from adapters.settings.load import load
from adapters.settings.sections import SharedStateSettings
from adapters.shared_state.connection import url_secrets, where

PASSWORD = "pa55-w0rd-in-the-url"


@pytest.mark.parametrize(
    "url",
    [
        f"http://:{PASSWORD}@127.0.0.1:6379/0",
        f"redis://:{PASSWORD}@127.0.0.1:port/0",
        "redis://",
        f"{PASSWORD}",
        "redis://127.0.0.1:0/0",
    ],
    ids=["not-redis", "port-not-a-number", "no-host", "not-a-url", "port-zero"],
)
def test_a_malformed_url_is_one_line_that_does_not_repeat_it(url: str) -> None:
    [problem] = load({"ROLEBOT_REDIS_URL": url}).problems_of(SharedStateSettings)
    assert problem == ("ROLEBOT_REDIS_URL is malformed: expected a URL such as redis://host:6379/0")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("redis://127.0.0.1:6379/0", "127.0.0.1:6379, database 0"),
        (f"redis://:{PASSWORD}@cache.internal/2", "cache.internal:6379, database 2"),
        (
            f"rediss://rolebot:{PASSWORD}@cache.internal:6380",
            "cache.internal:6380 over TLS, database 0",
        ),
        ("unix:///run/redis/redis.sock?db=1", "socket /run/redis/redis.sock"),
    ],
    ids=["plain", "password", "tls-user", "socket"],
)
def test_a_well_formed_url_is_accepted_and_shown_without_secrets(url: str, shown: str) -> None:
    settings = load({"ROLEBOT_REDIS_URL": url}).section(SharedStateSettings)
    assert settings.redis_url is not None
    assert settings.redis_url.get_secret_value() == url
    assert where(url) == shown
    assert url_secrets(settings.redis_url) == ([PASSWORD] if PASSWORD in url else [])


def test_unset_means_nothing_is_shared() -> None:
    assert load({}).section(SharedStateSettings).redis_url is None
    assert url_secrets(None) == []


def test_config_check_masks_the_url() -> None:
    url = f"redis://:{PASSWORD}@127.0.0.1:6379/0"
    out = io.StringIO()
    check(load({"ROLEBOT_REDIS_URL": url}), [], out)
    [line] = [line for line in out.getvalue().splitlines() if "ROLEBOT_REDIS_URL" in line]
    assert line.split()[1:] == [MASK, "[environment]"]
    assert PASSWORD not in out.getvalue()
