"""`rolebot health`: ask a running server whether it is ready (the container's HEALTHCHECK)."""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import TextIO

from adapters.serving import http
from adapters.settings.sections import ServingSettings

PROBE_TIMEOUT = 5.0  # seconds; Docker's HEALTHCHECK default timeout is 30
LOOPBACK = "127.0.0.1"


def health_url(settings: ServingSettings) -> str:
    """The local health endpoint of a server started with the same settings."""
    host = LOOPBACK if settings.host in ("", "0.0.0.0", "::") else settings.host
    return f"http://{host}:{settings.port}{http.HEALTH_PATH}"


def probe(url: str | None, settings: ServingSettings, out: TextIO) -> int:
    """Print the health body; 0 when ready (HTTP 200), 1 otherwise or when unreachable."""
    target = url or health_url(settings)
    try:
        with urllib.request.urlopen(target, timeout=PROBE_TIMEOUT) as response:
            out.write(response.read().decode("utf-8", "replace") + "\n")
            return 0
    except urllib.error.HTTPError as error:  # 503: the body says what is not ready
        out.write(error.read().decode("utf-8", "replace") + "\n")
        return 1
    except (urllib.error.URLError, OSError) as error:
        out.write(f"rolebot health: cannot reach {target} ({error})\n")
        return 1
