"""The HTTP server of `rolebot serve`: GET /healthz, GET /metrics, and any adapter's routes."""

from __future__ import annotations

from collections.abc import Iterable

from aiohttp import web

from adapters.serving.health import Health
from adapters.serving.metrics import Metrics

HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
HTTP_OK = 200
HTTP_UNAVAILABLE = 503


def application(
    health: Health, metrics: Metrics, routes: Iterable[web.RouteDef] = ()
) -> web.Application:
    """The aiohttp application: health and metrics, plus `routes` (Slack's HTTP mode)."""

    async def healthz(_: web.Request) -> web.Response:
        ready, body = health.report()
        return web.json_response(body, status=HTTP_OK if ready else HTTP_UNAVAILABLE)

    async def metrics_text(request: web.Request) -> web.Response:
        payload, content_type = metrics.exposition(request.headers.get("Accept", ""))
        return web.Response(body=payload, headers={"Content-Type": content_type})

    app = web.Application()
    app.add_routes([web.get(HEALTH_PATH, healthz), web.get(METRICS_PATH, metrics_text), *routes])
    return app
