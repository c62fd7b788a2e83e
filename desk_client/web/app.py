"""The rating page's Starlette application: routes, form protection, limits and headers.

Routes: ``GET /rate/{token}`` (the form, or a page saying why not), ``POST /rate/{token}``
(checked, then submitted; 303 to the thank-you page), ``GET /rate/{token}/thanks``,
``GET /healthz`` and the stylesheet under ``/rate/static``. The event loop does the cheap
checks (rate limit, origin, reading the form); the rest of a request, which waits on the
central database, is ONE trip to Starlette's thread pool, so the loop never blocks.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

import anyio.to_thread
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from desk_client.config import Config
from desk_client.core.clock import Clock, SystemClock
from desk_client.core.errors import DeskError
from desk_client.core.rating_tokens import peek
from desk_client.core.ratings import INDICATORS, RatingForm, RatingFormError
from desk_client.services.context import Context
from desk_client.services.dto_ratings import RatingPageState, RatingReceipt
from desk_client.services.rating_page import RatingPageService
from desk_client.web import csrf
from desk_client.web.headers import SecurityHeaders, plain_headers
from desk_client.web.limits import RateLimiter, client_address, is_trusted, parse_networks
from desk_client.web.pages import OUTCOMES, Answers, Header, form_page, local_time, outcome_page

STATIC_DIR = Path(__file__).parent / "static"
#: A rating form is a few hundred bytes; 16 KiB leaves room for a 200-character comment.
MAX_BODY = 16 * 1024
MAX_FIELDS = 32
#: Database connections per worker process, and as many threads for the blocking halves: a
#: thread never waits for a connection, and the pool never opens and drops extra ones (a
#: PostgreSQL connection is a process; churning them cost more than the ratings themselves).
DB_CONNECTIONS = 8
TOKEN_CODE = "rating.token_"


class PageService(Protocol):
    """What the page needs of ``services.rating_page.RatingPageService``."""

    def state(self, token: str) -> RatingPageState: ...

    def submit(self, token: str, form: RatingForm) -> RatingReceipt: ...

    def csrf_key(self, hall_code: str) -> bytes: ...


@dataclass(frozen=True)
class Posted:
    """A POST, read on the event loop, as the thread-pool half needs it."""

    token: str
    nonce: str | None  # the desk_csrf cookie
    field: str  # the hidden csrf field
    answers: Answers
    https: bool


@dataclass(frozen=True)
class NoncePair:
    """The cookie's nonce and the form's field that must come back together."""

    nonce: str
    field: str
    https: bool  # the cookie is then Secure


def _answers(form: FormData) -> Answers:
    levels = {key: str(form.get(key) or "") for key in INDICATORS}
    reasons = tuple(str(value) for value in form.getlist("reasons"))
    return Answers(levels, reasons, str(form.get("comment") or ""))


def _level(text: str) -> int | None:
    """None when nothing was chosen; 0 (refused as invalid) for anything not a small number."""
    if not text:
        return None
    return int(text) if text.isdecimal() and len(text) < 3 else 0


def rating_form(answers: Answers) -> RatingForm:
    overall, efficiency, competence, attitude = (
        _level(answers.levels.get(key, "")) for key in INDICATORS
    )
    return RatingForm(overall, efficiency, competence, attitude, answers.reasons, answers.comment)


def _html(status_html: tuple[int, str], headers: dict[str, str] | None = None) -> HTMLResponse:
    status, html = status_html
    return HTMLResponse(html, status_code=status, headers=headers)


def _body_too_large(request: Request) -> bool:
    """Browsers always send Content-Length with a form; without one the body is refused."""
    length = request.headers.get("content-length", "")
    return not length.isdecimal() or int(length) > MAX_BODY


async def healthz(request: Request) -> PlainTextResponse:
    """Liveness only (the process answers); it does not touch the database."""
    return PlainTextResponse("ok")


class RatingPages:
    """The endpoints, with the page service, the rate limiter and the trusted proxies."""

    def __init__(self, config: Config, service: PageService) -> None:
        self.service = service
        self.zone = ZoneInfo(config.timezone)
        self.limiter = RateLimiter(config.rating_rate_limit_per_min)
        self.trusted = parse_networks(config.rating_trusted_proxies)

    # --- on the event loop ---------------------------------------------------------------

    async def show(self, request: Request) -> Response:
        if self._limited(request):
            return self._limited_page()
        nonce = csrf.usable_nonce(request.cookies.get(csrf.COOKIE)) or csrf.new_nonce()
        token = request.path_params["token"]
        return await run_in_threadpool(self._show, token, nonce, self._https(request))

    async def send(self, request: Request) -> Response:
        if self._limited(request):
            return self._limited_page()
        headers = request.headers
        if not csrf.same_origin(headers.get("origin"), headers.get("referer"), headers.get("host")):
            return _html(outcome_page("csrf", Header()))
        if _body_too_large(request):
            return _html(outcome_page("too_large", Header()))
        form = await request.form(max_files=0, max_fields=MAX_FIELDS)
        field = str(form.get(csrf.FIELD) or "")
        cookie = request.cookies.get(csrf.COOKIE)
        token = request.path_params["token"]
        posted = Posted(token, cookie, field, _answers(form), self._https(request))
        return await run_in_threadpool(self._send, posted)

    async def thanks(self, request: Request) -> Response:
        if self._limited(request):
            return self._limited_page()
        return await run_in_threadpool(self._thanks, request.path_params["token"])

    async def http_error(self, request: Request, exc: Exception) -> Response:
        """Starlette's own refusals (unknown path, wrong method, unreadable form) as pages."""
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        kind = {404: "not_found", 405: "not_found"}.get(status, "bad_request")
        _, html = outcome_page(kind, Header())
        return HTMLResponse(html, status_code=status)

    async def crash(self, request: Request, exc: Exception) -> Response:
        """An unexpected failure: a page, not a bare 500 (uvicorn still logs the traceback)."""
        _, html = outcome_page("unavailable", Header())
        return HTMLResponse(html, status_code=500, headers=plain_headers())

    def _peer(self, request: Request) -> str:
        return request.client.host if request.client else ""

    def _limited(self, request: Request) -> bool:
        forwarded = request.headers.get("x-forwarded-for")
        return not self.limiter.allow(client_address(self._peer(request), forwarded, self.trusted))

    def _limited_page(self) -> HTMLResponse:
        return _html(outcome_page("limited", Header()), {"Retry-After": "60"})

    def _https(self, request: Request) -> bool:
        """The cookie is Secure when the citizen's browser speaks https to us or the proxy."""
        if request.url.scheme == "https":
            return True
        proto = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
        return proto == "https" and is_trusted(self._peer(request), self.trusted)

    # --- in the thread pool (may wait on the central database) ----------------------------

    def _show(self, token: str, nonce: str, https: bool) -> Response:
        try:
            state = self.service.state(token)
            if state.status != "ok":
                return self._status_page(state)
            key = self.service.csrf_key(peek(token).hall)
        except DeskError as error:
            return self._refused(token, error)
        pair = NoncePair(nonce, csrf.form_value(key, nonce, token), https)
        return self._form(state, token, pair, answers=Answers.empty())

    def _send(self, posted: Posted) -> Response:
        try:
            key = self.service.csrf_key(peek(posted.token).hall)
            if not csrf.form_matches(key, posted.nonce, posted.token, posted.field):
                return _html(outcome_page("csrf", Header()))
            self.service.submit(posted.token, rating_form(posted.answers))
        except RatingFormError as error:
            return self._form_again(posted, error.problems)
        except DeskError as error:
            return self._refused(posted.token, error)
        return RedirectResponse(f"/rate/{posted.token}/thanks", status_code=303)

    def _thanks(self, token: str) -> Response:
        try:
            state = self.service.state(token)
        except DeskError as error:
            return self._refused(token, error)
        if state.status == "used":
            return _html(outcome_page("thanks", Header(state.hall_name, state.window)))
        if state.status == "ok":  # not rated yet: the form
            return RedirectResponse(f"/rate/{token}", status_code=303)
        return self._status_page(state)

    def _form(
        self,
        state: RatingPageState,
        token: str,
        pair: NoncePair,
        *,
        answers: Answers,
        problems: Sequence[tuple[str, str]] = (),
    ) -> Response:
        html = form_page(
            Header(state.hall_name, state.window),
            action=f"/rate/{token}",
            csrf=pair.field,
            expires=local_time(state.expires_at, self.zone),
            answers=answers,
            problems=problems,
        )
        response = HTMLResponse(html, status_code=422 if problems else 200)
        response.set_cookie(
            csrf.COOKIE,
            pair.nonce,
            path="/rate",
            secure=pair.https,
            httponly=True,
            samesite="strict",
        )
        return response

    def _form_again(self, posted: Posted, problems: Sequence[tuple[str, str]]) -> Response:
        """The form with every problem and the citizen's choices (the nonce pair still holds)."""
        try:
            state = self.service.state(posted.token)
        except DeskError as error:
            return self._refused(posted.token, error)
        if state.status != "ok":
            return self._status_page(state)
        pair = NoncePair(posted.nonce or "", posted.field, posted.https)
        return self._form(state, posted.token, pair, answers=posted.answers, problems=problems)

    def _status_page(self, state: RatingPageState) -> HTMLResponse:
        """The page of a token that cannot be rated: used, expired, forged, malformed ..."""
        expires = local_time(state.expires_at, self.zone) or "—"
        header = Header(state.hall_name, state.window)
        kind = state.status if state.status in OUTCOMES else "bad_request"
        return _html(outcome_page(kind, header, expires=expires, expires_en=expires))

    def _refused(self, token: str, error: DeskError) -> HTMLResponse:
        """A refusal met on the way: the token's own page, else 'unavailable' (503)."""
        if not error.code.startswith(TOKEN_CODE):
            return _html(outcome_page("unavailable", Header(), error))
        try:
            state = self.service.state(token)
        except DeskError:
            state = None
        if state is not None and state.status != "ok":
            return self._status_page(state)
        kind = error.code.removeprefix(TOKEN_CODE)
        return _html(outcome_page(kind if kind in OUTCOMES else "bad_request", Header(), error))


def page_service_for(config: Config, clock: Clock | None = None) -> RatingPageService:
    """The real page service with a fixed pool of DB_CONNECTIONS connections."""
    context = Context(
        config, clock or SystemClock(), pool_size=DB_CONNECTIONS, max_overflow=0, pool_timeout=30
    )
    return RatingPageService(context)


@contextlib.asynccontextmanager
async def _one_thread_per_connection(app: Starlette) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = DB_CONNECTIONS
    yield


def create_app(
    config: Config, clock: Clock | None = None, page_service: PageService | None = None
) -> Starlette:
    """The application; ``page_service`` defaults to the real one on ``config``'s database."""
    service = page_service if page_service is not None else page_service_for(config, clock)
    pages = RatingPages(config, service)
    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Mount("/rate/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
        Route("/rate/{token}", pages.show, methods=["GET"]),
        Route("/rate/{token}", pages.send, methods=["POST"]),
        Route("/rate/{token}/thanks", pages.thanks, methods=["GET"]),
    ]
    return Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={HTTPException: pages.http_error, Exception: pages.crash},
        lifespan=_one_thread_per_connection,
    )
