"""The rating page's Starlette application (skeleton: the routes follow)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from desk_client.config import Config
from desk_client.core.clock import Clock


async def healthz(request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


def create_app(config: Config, clock: Clock | None = None, page_service: object = None) -> Starlette:
    return Starlette(routes=[Route("/healthz", healthz)])
