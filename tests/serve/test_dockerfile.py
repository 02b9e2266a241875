"""The Dockerfile keeps its promises (hadolint, run by `make test`, checks the rest)."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOCKERFILE = (REPO / "Dockerfile").read_text(encoding="utf-8")
STAGES = re.split(r"^FROM ", DOCKERFILE, flags=re.MULTILINE)[1:]


def instructions(stage: str, name: str) -> list[str]:
    """Each `name` instruction of a stage, its continuation lines joined into one."""
    joined = re.sub(r"\\\n\s*", "", stage)
    return re.findall(rf"^{name} (.+)$", joined, flags=re.MULTILINE)


def test_the_wheel_is_built_in_one_stage_and_only_the_wheel_reaches_the_runtime() -> None:
    builder, runtime = STAGES
    assert builder.startswith("python:3.11-slim AS builder")
    assert any("pip wheel" in run for run in instructions(builder, "RUN"))
    assert runtime.startswith("python:3.11-slim\n")
    assert instructions(runtime, "COPY") == [
        "--from=builder /dist/*.whl /tmp/wheels/",
        "constraints.txt /tmp/wheels/",  # the versions to install (tests/test_constraints.py)
    ]


def test_the_runtime_runs_serve_as_a_non_root_user_with_a_health_check() -> None:
    runtime = STAGES[-1]
    [user] = instructions(runtime, "USER")
    assert not user.startswith(("root", "0"))
    [health] = instructions(runtime, "HEALTHCHECK")
    assert health.endswith('CMD ["rolebot", "health"]')
    assert instructions(runtime, "CMD") == ['["rolebot", "serve"]']


def test_knowledge_and_store_are_mountable() -> None:
    runtime = STAGES[-1]
    assert "ROLEBOT_KNOWLEDGE=/knowledge" in runtime
    assert "ROLEBOT_DB=/data/rolebot.sqlite3" in runtime
    assert instructions(runtime, "VOLUME") == ['["/data"]']


def test_the_build_context_leaves_everything_but_the_package_out() -> None:
    lines = (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
    patterns = [line for line in lines if line and not line.startswith("#")]
    assert patterns[0] == "*"
    assert {"!pyproject.toml", "!README.md", "!bot", "!adapters", "!knowledge"} <= set(patterns)
