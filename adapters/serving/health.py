"""Readiness: the knowledge is loaded and every adapter is connected, or why not; and whether
something is failing meanwhile (answers not delivered, the store not writing): "degraded"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

KNOWLEDGE = "knowledge"


@dataclass(slots=True)
class Health:
    """Named readiness checks, asked afresh on every probe."""

    checks: dict[str, Callable[[], bool]] = field(default_factory=dict)
    troubles: dict[str, Callable[[], str | None]] = field(default_factory=dict)
    stopping: bool = False  # set at shutdown, so load balancers stop sending before we do

    def add(self, name: str, check: Callable[[], bool]) -> None:
        """Require `check()` to be true for the process to be ready."""
        self.checks[name] = check

    def watch(self, name: str, trouble: Callable[[], str | None]) -> None:
        """Report the process degraded while `trouble()` gives a reason. Degraded is still
        ready (it answers, and restarting would not mend Slack or a full disk), so probes
        keep passing and the reason is there for people and alerts."""
        self.troubles[name] = trouble

    def report(self) -> tuple[bool, dict[str, Any]]:
        """Whether ready, and a small JSON-able body saying what is and is not."""
        states = {name: _safe(check) for name, check in self.checks.items()}
        waiting = sorted(name for name, ok in states.items() if not ok)
        if self.stopping:
            waiting.insert(0, "stopping")
        ready = not waiting and KNOWLEDGE in states
        body: dict[str, Any] = {"status": "ready" if ready else "not ready", "checks": states}
        if not ready:
            body["not_ready"] = waiting or [KNOWLEDGE]
        reasons = {
            name: reason for name, trouble in self.troubles.items() if (reason := _why(trouble))
        }
        if reasons:
            body["degraded"] = reasons
            if ready:
                body["status"] = "degraded"
        return ready, body


def _safe(check: Callable[[], bool]) -> bool:
    try:
        return bool(check())
    except Exception:  # a probe that cannot tell is a probe that says no
        return False


def _why(trouble: Callable[[], str | None]) -> str | None:
    try:
        return trouble()
    except Exception as error:  # a watcher that fails is itself a reason to look
        return f"cannot tell: {error}"
