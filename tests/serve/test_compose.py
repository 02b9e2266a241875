"""docker-compose.yml and deploy/nginx.conf agree with rolebot's settings and with each other.

No Docker engine runs here, so the compose file is read as Docker reads it (YAML, `<<` merges,
`${VAR:?message}` and `${VAR:-default}`), each replica's environment is laid over the image's
(the Dockerfile's ENV) and put through rolebot's own settings layer, and nginx's upstreams are
checked against the replicas' names and ports.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from adapters.settings.load import Configuration, load
from adapters.settings.plan import slack_settings
from adapters.settings.sections import SharedStateSettings, StoreSettings
from adapters.slack_app.server import EVENTS_PATH, INSTALL_PATH, REDIRECT_PATH
from adapters.slack_app.settings import Mode

REPO = Path(__file__).resolve().parents[2]
COMPOSE: dict[str, Any] = yaml.safe_load((REPO / "docker-compose.yml").read_text("utf-8"))
NGINX = (REPO / "deploy" / "nginx.conf").read_text("utf-8")
REPLICAS = ("rolebot-a", "rolebot-b")
# What an operator exports before `docker compose up`.
SECRETS = {
    "SLACK_BOT_TOKEN": "xoxb-1111-compose-token",
    "SLACK_SIGNING_SECRET": "fedcba9876543210fedcba9876543210",
    "POSTGRES_PASSWORD": "compose-pg-password",
}
_VARIABLE = re.compile(r"\$\{(\w+)(?::([?-])([^}]*))?\}")


def interpolate(text: str, exported: dict[str, str]) -> str:
    """`text` with compose's `${VAR:?message}` (required) and `${VAR:-default}` filled in."""

    def value(found: re.Match[str]) -> str:
        name, how, rest = found.groups()
        if exported.get(name):
            return exported[name]
        if how == "?":
            raise KeyError(f"{name}: {rest}")
        if how == "-":
            return rest
        raise AssertionError(f"${{{name}}} without a default or a message")

    filled = _VARIABLE.sub(value, text)
    assert "$" not in filled, filled
    return filled


def environment(service: str, exported: dict[str, str]) -> dict[str, str]:
    """A service's environment as its container gets it (compose's part only)."""
    declared = COMPOSE["services"][service].get("environment", {})
    return {name: interpolate(str(text), exported) for name, text in declared.items()}


def image_environment(data: Path) -> dict[str, str]:
    """The Dockerfile's ENV, with the /data volume at `data` (a folder that exists here)."""
    dockerfile = (REPO / "Dockerfile").read_text("utf-8")
    joined = re.sub(r"\\\n\s*", " ", dockerfile)
    pairs = [p for line in re.findall(r"^ENV (.+)$", joined, re.MULTILINE) for p in line.split()]
    image = dict(pair.split("=", 1) for pair in pairs)
    image["ROLEBOT_DB"] = image["ROLEBOT_DB"].replace("/data", str(data))
    return image


def replica_settings(service: str, data: Path) -> Configuration:
    """What rolebot in `service` reads: the image's environment (its volume at `data`) under
    compose's."""
    return load(image_environment(data) | environment(service, SECRETS))


def test_every_replica_is_given_the_same_settings_and_command() -> None:
    a, b = (COMPOSE["services"][name] for name in REPLICAS)
    assert a == b
    assert a["command"] == ["rolebot", "slack", "--http"]
    assert a["healthcheck"]["test"] == ["CMD", "rolebot", "health"]


@pytest.mark.parametrize("service", REPLICAS)
def test_each_replica_stores_in_the_composed_postgres_and_shares_the_composed_redis(
    service: str, tmp_path: Path
) -> None:
    cfg = replica_settings(service, tmp_path)
    assert cfg.problems_of(StoreSettings) == ()
    store = cfg.recording()
    assert store.database_url is not None
    url = urlsplit(store.database_url)
    postgres = environment("postgres", SECRETS)
    assert (url.hostname, url.port) == ("postgres", 5432)
    assert (url.username, url.password) == (postgres["POSTGRES_USER"], SECRETS["POSTGRES_PASSWORD"])
    assert url.path == f"/{postgres['POSTGRES_DB']}"

    redis = cfg.section(SharedStateSettings).redis_url
    assert redis is not None and urlsplit(redis.get_secret_value()).hostname == "redis"
    assert "redis-server" in COMPOSE["services"]["redis"]["command"]


def test_without_emptying_the_images_sqlite_path_a_replica_is_refused(tmp_path: Path) -> None:
    composed = environment("rolebot-a", SECRETS)
    assert composed.pop("ROLEBOT_DB") == ""
    # The image's /data path then stands beside the PostgreSQL URL.
    [problem] = load(image_environment(tmp_path) | composed).problems_of(StoreSettings)
    assert "ROLEBOT_DB and ROLEBOT_DATABASE_URL are both set" in problem


@pytest.mark.parametrize("service", REPLICAS)
def test_each_replica_answers_slack_over_http_with_the_exported_secrets(
    service: str, tmp_path: Path
) -> None:
    slack = slack_settings(replica_settings(service, tmp_path), Mode.HTTP)
    assert slack.mode is Mode.HTTP
    assert slack.signing_secret == SECRETS["SLACK_SIGNING_SECRET"]
    assert slack.bot_token == SECRETS["SLACK_BOT_TOKEN"]


def test_many_workspaces_take_the_client_id_and_secret_instead_of_a_token(tmp_path: Path) -> None:
    exported = {key: v for key, v in SECRETS.items() if key != "SLACK_BOT_TOKEN"}
    exported |= {
        "SLACK_CLIENT_ID": "1111111111.2222222222",
        "SLACK_CLIENT_SECRET": "abcdef0123456789abcdef0123456789",
    }
    cfg = load(image_environment(tmp_path) | environment("rolebot-a", exported))
    slack = slack_settings(cfg, Mode.HTTP)
    assert slack.installs is not None
    assert slack.installs.store.database_url == cfg.recording().database_url  # PostgreSQL


@pytest.mark.parametrize("missing", ["SLACK_SIGNING_SECRET", "POSTGRES_PASSWORD"])
def test_compose_refuses_to_start_without_a_secret(missing: str) -> None:
    exported = {key: v for key, v in SECRETS.items() if key != missing}
    with pytest.raises(KeyError, match=missing):
        environment("rolebot-a", exported)


def test_nginx_passes_slacks_paths_to_both_replicas_on_their_port() -> None:
    port = environment("rolebot-a", SECRETS)["ROLEBOT_PORT"]
    upstream = re.search(r"upstream rolebot \{(.*?)\}", NGINX, re.DOTALL)
    assert upstream is not None
    servers = re.findall(r"^\s*server (\S+?)(?:\s[^;]*)?;", upstream.group(1), re.MULTILINE)
    assert sorted(servers) == [f"{name}:{port}" for name in REPLICAS]
    [slack] = re.findall(r"location (/slack/) \{", NGINX)
    assert all(path.startswith(slack) for path in (EVENTS_PATH, INSTALL_PATH, REDIRECT_PATH))
    [published] = COMPOSE["services"]["nginx"]["ports"]
    assert f"listen {published.split(':')[1]};" in NGINX
    assert set(COMPOSE["services"]["nginx"]["depends_on"]) == set(REPLICAS)


def test_every_service_has_a_health_check() -> None:
    for name, service in COMPOSE["services"].items():
        assert service["healthcheck"]["test"][0] == "CMD", name
