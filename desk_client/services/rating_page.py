"""RatingPageService: what the citizen's rating page (desk-rating) asks of the central database.

The page has no local store: it verifies the token with the hall's secrets, checks the form
(core.ratings) and writes the rating in ONE central transaction (the hall's next ``seq``
under its counter row's lock, the rating, the follow-up of a 差评, the PostgreSQL wake-up of
the windows). One rating per visit (一次一评) is the database's unique (hall, visit): a second
submission raises rating.token_used and writes nothing.

One service serves one hall (``config.hall_code``): each hall puts its page behind its own
public address, so another hall's code is ``wrong_hall``. The hall's secrets, settings and
working-day calendar are held in memory for CACHE_S seconds, so a submission costs one
transaction; every worker process reads them itself and they agree without shared state.
After a secret rotation a worker may hold the old pair for up to CACHE_S: a token that
matches neither makes it read the secrets again (at most every RELOAD_S) before calling it
forged.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

from sqlalchemy.engine import Connection

from desk_client.config import Config
from desk_client.core.clock import Clock, SystemClock
from desk_client.core.errors import DeskError
from desk_client.core.rating_tokens import RatingClaims, TokenError, expires_at, peek, verify
from desk_client.core.ratings import RatingForm, check_form, default_rating
from desk_client.core.workdays import WorkCalendar
from desk_client.services.calendar import central_days, make_calendar
from desk_client.services.context import Context
from desk_client.services.dto_ratings import RatingPageState, RatingReceipt
from desk_client.store import db, rating_followups_repo, ratings_repo
from desk_client.store.rating_rows import RatedVisit, VisitRow

R = TypeVar("R")
#: How long the hall's secrets, settings and calendar are trusted before they are read again.
CACHE_S = 60.0
#: The shortest time between two reads of the secrets prompted by an unknown signature.
RELOAD_S = 5.0
#: What the page's CSRF key is derived from, with the hall's current secret.
CSRF_LABEL = b"desk-rating csrf v1"
#: Unrated visits defaulted per read.
DEFAULTS_BATCH = 500


@dataclass(frozen=True)
class PageHall:
    """The hall as the page needs it: ``secrets`` the current one first."""

    id: int
    name: str
    secrets: tuple[bytes, ...]
    followup_days: int
    followup_staff_no: str | None
    default_after_days: int = 0  # 0: the hall's "unrated counts as 基本满意" option is off


def followup_due(calendar: WorkCalendar, service_day: date, days: int) -> date | None:
    """The follow-up's due day: ``days`` working days after the service day (the day itself
    never counts); None when the calendar lacks the year (shown as 缺少日历)."""
    try:
        return calendar.working_days_after(service_day, days)
    except DeskError as exc:
        if exc.code != "calendar.missing":
            raise
        return None


def open_followup(
    conn: Connection, hall: PageHall, rating_id: int, due: date | None, now: datetime
) -> int:
    """The follow-up of a 差评, for the hall's named supervisor or else its first active one
    ("" when the hall has no supervisor: the board shows it unassigned)."""
    assignee = hall.followup_staff_no or ratings_repo.first_supervisor(conn, hall.id) or ""
    return rating_followups_repo.insert_followup(
        conn, hall.id, rating_id, assignee_no=assignee, due_day=due, now=now
    )


def build_rating_page(config: Config, clock: Clock | None = None) -> RatingPageService:
    """The page's service for one process (the web app builds one per worker)."""
    return RatingPageService(Context(config, clock or SystemClock()))


class RatingPageService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._lock = threading.Lock()
        self._hall: tuple[float, PageHall | None] | None = None
        self._calendar: tuple[float, WorkCalendar] | None = None

    # -- what the page shows --------------------------------------------------------------

    def state(self, token: str) -> RatingPageState:
        """The token's status: ok, or why it cannot be rated (nothing is written either way).
        A used code says so even once expired; window and expiry only for a genuine code."""
        hall = self._page_hall()
        try:
            claims = peek(token)
        except TokenError:
            return self._page("malformed", hall)
        if claims.hall != self._ctx.config.hall_code:
            return self._page("wrong_hall", hall)
        if hall is None:
            return self._page("unknown_hall", hall)
        try:
            genuine = self._verified(token, hall)
        except TokenError as exc:
            if exc.kind != "expired":
                return self._page(exc.kind, hall)
            status = "used" if self._rated(hall, claims.visit) else "expired"
            return self._page(status, hall, claims)
        return self._page("used" if self._rated(hall, claims.visit) else "ok", hall, genuine)

    @staticmethod
    def _page(
        status: str, hall: PageHall | None, claims: RatingClaims | None = None
    ) -> RatingPageState:
        """The state; the window and expiry only of a code whose signature held."""
        name = "" if hall is None else hall.name
        if claims is None:
            return RatingPageState(status, name, 0, None)
        return RatingPageState(status, name, claims.window, expires_at(claims))

    def _rated(self, hall: PageHall, visit_id: str) -> bool:
        """One SELECT in autocommit: every form the page shows asks it."""
        with db.autocommit(self._ctx.engine) as conn:
            return ratings_repo.rated(conn, hall.id, visit_id)

    # -- the submission ---------------------------------------------------------------------

    def submit(self, token: str, form: RatingForm) -> RatingReceipt:
        """Verify the token (TokenError), check the form (RatingFormError), then store the
        rating and, for a 差评, its follow-up in ONE transaction; rating.token_used when the
        visit is rated already. Nothing is written on any refusal."""
        hall = self._known_hall()
        claims = self._verified(token, hall)
        rating = check_form(form)
        now, today = self._ctx.now(), self._ctx.today()
        # Read before the transaction: the hall's seq row stays locked until it commits.
        due = followup_due(self._work_calendar(), today, hall.followup_days) if rating.bad else None

        def work(conn: Connection) -> RatingReceipt:
            visit = RatedVisit.from_claims(claims)
            seq, rating_id = ratings_repo.insert_rating(
                conn, claims.hall, hall.id, visit, rating, service_day=today, now=now
            )
            followup = open_followup(conn, hall, rating_id, due, now) if rating.bad else None
            return RatingReceipt(seq, claims.visit, rating.overall, rating.bad, followup)

        # A good rating on PostgreSQL is ONE statement (store.rating_sql.PG_RATE), atomic by
        # itself: in autocommit the hall's seq row is released at that statement's end, not
        # after a further COMMIT round trip, and seqs still commit in order.
        single = not rating.bad and self._ctx.backend == "postgresql"
        return self._write(work, autocommit=single)

    # -- "unrated counts as 基本满意" -----------------------------------------------------------

    def apply_defaults(self) -> int:
        """With the hall's option on (default_after_days > 0): every visit issued more than
        that many natural days ago and still unrated gets 基本满意 on every indicator,
        marked defaulted, through the page's own insert (so it takes a seq and reaches the
        windows' feed). Returns how many were rated; 0 with the option off. desk-rating runs
        it every hour, `desk-admin ratings defaults` at once."""
        hall = self._page_hall(fresh=True)
        if hall is None or hall.default_after_days == 0:
            return 0
        before = self._ctx.now() - timedelta(days=hall.default_after_days)
        done = 0
        while True:
            visits = self._ctx.read(
                lambda conn: ratings_repo.unrated_visits(conn, hall.id, before, DEFAULTS_BATCH)
            )
            done += sum(self._default(hall, visit) for visit in visits)
            if len(visits) < DEFAULTS_BATCH:
                return done

    def _default(self, hall: PageHall, visit: VisitRow) -> int:
        """1 when the default rating was stored, 0 when the citizen was quicker."""
        now, today = self._ctx.now(), self._ctx.today()
        code = self._ctx.config.hall_code

        def work(conn: Connection) -> None:
            ratings_repo.insert_rating(
                conn, code, hall.id, visit.rated_visit(), default_rating(),
                service_day=today, now=now, defaulted=True,
            )  # fmt: skip

        try:
            self._write(work)
        except DeskError as exc:
            if exc.code != "rating.token_used":
                raise
            return 0
        return 1

    def csrf_key(self, hall_code: str) -> bytes:
        """The key the page signs its CSRF pair with: derived from the hall's current secret,
        so every worker process agrees without sharing anything (after a rotation an open
        form is refused once: the citizen opens the link again)."""
        if hall_code != self._ctx.config.hall_code:
            raise TokenError("wrong_hall")
        secret = self._known_hall().secrets[0]
        return hmac.new(secret, CSRF_LABEL, hashlib.sha256).digest()

    # -- the token ----------------------------------------------------------------------------

    def _verified(self, token: str, hall: PageHall) -> RatingClaims:
        """The claims of a genuine, unexpired code of this hall (TokenError otherwise). A
        signature no held secret matches reads the secrets again first (a rotation may be
        newer than this worker's copy), at most every RELOAD_S."""
        now = int(self._ctx.now().timestamp())
        hall_code = self._ctx.config.hall_code
        try:
            return verify(token, hall.secrets, now, expected_hall=hall_code)
        except TokenError as exc:
            fresh = self._reloaded() if exc.kind == "forged" else None
            if fresh is None or fresh.secrets == hall.secrets:
                raise
            return verify(token, fresh.secrets, now, expected_hall=hall_code)

    def _reloaded(self) -> PageHall | None:
        with self._lock:
            held = self._hall
        if held is not None and time.monotonic() - held[0] < RELOAD_S:
            return None
        return self._page_hall(fresh=True)

    # -- the hall, its secrets and its calendar, held for CACHE_S -----------------------------

    def _known_hall(self) -> PageHall:
        hall = self._page_hall()
        if hall is None:
            raise DeskError("rating.token_unknown_hall")
        return hall

    def _page_hall(self, *, fresh: bool = False) -> PageHall | None:
        """The configured hall with its rating settings; None when it does not exist."""
        with self._lock:
            held = self._hall
        if held is not None and not fresh and time.monotonic() - held[0] < CACHE_S:
            return held[1]
        found = self._write(self._read_hall)
        with self._lock:
            self._hall = (time.monotonic(), found)
        return found

    def _read_hall(self, conn: Connection) -> PageHall | None:
        try:
            hall_id, info = self._ctx.hall(conn)
        except DeskError as exc:
            if exc.code != "hall.not_found":
                raise
            return None
        row = ratings_repo.settings_row(conn, hall_id, now=self._ctx.now())
        staff_no, days = row.followup_staff_no, row.default_after_days
        return PageHall(hall_id, info.name, row.secrets, row.followup_days, staff_no, days)

    def _work_calendar(self) -> WorkCalendar:
        """The central working-day calendar (the holidays table over chinese-calendar)."""
        with self._lock:
            held = self._calendar
        if held is not None and time.monotonic() - held[0] < CACHE_S:
            return held[1]
        made = make_calendar(self._ctx.read(central_days))
        with self._lock:
            self._calendar = (time.monotonic(), made)
        return made

    def _write(self, work: Callable[[Connection], R], *, autocommit: bool = False) -> R:
        """Context.transact: not Context.write, which also closes the hall's tickets of
        earlier days (the windows' business, not the rating page's)."""
        return self._ctx.transact(work, autocommit=autocommit)

    def close(self) -> None:
        """Release the connection pool."""
        self._ctx.dispose()
