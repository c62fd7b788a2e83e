"""RatingService: 好差评 at the window and for desk-admin (issue 7).

- Codes: when a visit ends (a ticket finished, a case 办结, an offline walk-in finished) the
  window makes its rating code (services.rating_codes): a signed URL shown as a QR code on
  the customer screen and printable on an 80 mm slip (stored for reprint).
- The feed: ratings are written centrally by the rating page, never through the outbox. The
  window reads the hall's new ones by the central ``seq`` cursor (:meth:`fetch_new`), woken
  by PostgreSQL's LISTEN or by polling (:meth:`make_watcher`), and keeps them in its local
  mirror for the day's list. The program never sees a choice before it is submitted.
- The hall's options (code expiry, follow-up days and supervisor, the "unrated counts as
  基本满意" option) and the secret's rotation, read and written centrally.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.engine import Connection

from desk_client.core.cases import CaseState
from desk_client.core.errors import DeskError
from desk_client.core.queue import TicketState
from desk_client.core.ratings import (
    check_default_after_days,
    check_expiry_days,
    check_followup_days,
)
from desk_client.services.context import Context
from desk_client.services.cover import CoverService
from desk_client.services.dto import EmergencyTicket, PrintedDocument, StaffSession, TicketView
from desk_client.services.dto_cases import CaseView
from desk_client.services.dto_ratings import RatingCode, RatingSettingsView, RatingView
from desk_client.services.printing import PrintService
from desk_client.services.rating_codes import CodeMaker, Visit
from desk_client.services.rating_page import RatingPageService
from desk_client.services.rating_views import rating_view
from desk_client.services.sync import SyncService
from desk_client.store import channels, db, hall, local_ratings, ratings_repo
from desk_client.store.rating_rows import RatingRow, SettingsRow
from desk_client.sync.notify import CallWatcher, make_watcher

#: The most ratings one fetch takes into the mirror (the next fetch takes the rest).
FEED_LIMIT = 500
#: Ticket states of a visit that was served: the code is made as it is finished (the view
#: may be the one the window held before "finish and call next").
SERVED = frozenset({TicketState.CALLED, TicketState.SERVING, TicketState.DONE})
FOLLOWUP_ROLES = frozenset({"supervisor", "admin"})
VISIT_KINDS = ("ticket", "case", "emergency")


def settings_view(row: SettingsRow, base_url: str) -> RatingSettingsView:
    return RatingSettingsView(
        expiry_days=row.expiry_days,
        followup_days=row.followup_days,
        followup_staff_no=row.followup_staff_no or "",
        default_after_days=row.default_after_days,
        base_url=base_url,
    )


def _window(number: int | None, session: StaffSession) -> int:
    """The visit's window, else the clerk's; offline.bad_window without either."""
    found = number if number is not None else session.window_number
    if found is None:
        raise DeskError("offline.bad_window", window="-")
    return found


class RatingService:
    def __init__(
        self, ctx: Context, sync: SyncService, cover: CoverService, printing: PrintService
    ) -> None:
        self._ctx = ctx
        self._sync = sync
        self._cover = cover
        self._printing = printing
        self._codes = CodeMaker(ctx, sync)

    # -- codes ----------------------------------------------------------------------------

    def code_for_ticket(self, session: StaffSession, ticket: TicketView) -> RatingCode:
        """The code of a queue ticket as it is finished (rating.not_finished for a ticket
        that was never served)."""
        if ticket.state not in SERVED:
            raise DeskError("rating.not_finished", ref=ticket.number)
        window = _window(ticket.window_number, session)
        return self._codes.make(
            Visit("ticket", ticket.number, window, session.staff_no, ticket.service_day,
                  category_code=ticket.category_code)
        )  # fmt: skip

    def code_for_case(self, session: StaffSession, case: CaseView) -> RatingCode:
        """The code of a case once completed (办结): it carries the case and its item."""
        if case.state != CaseState.COMPLETED:
            raise DeskError("rating.not_finished", ref=case.number)
        window = _window(case.window_number, session)
        return self._codes.make(
            Visit("case", case.number, window, session.staff_no, self._ctx.today(),
                  item_code=case.item_code, case_number=case.number)
        )  # fmt: skip

    def code_for_emergency(self, session: StaffSession, ticket: EmergencyTicket) -> RatingCode:
        """The code of an offline walk-in (应急号): made from the cached secret if need be."""
        return self._codes.make(
            Visit("emergency", ticket.number, ticket.window_number, session.staff_no,
                  ticket.service_day, category_code=ticket.category_code)
        )  # fmt: skip

    def code_for_visit(
        self,
        kind: str,
        ref: str,
        window: int,
        staff_no: str,
        *,
        item_code: str = "",
        category_code: str = "",
    ) -> RatingCode:
        """desk-admin ``ratings code``: a code for a ticket or case (``kind``) by number,
        recorded like the window's; staff.not_found for a staff number the hall lacks."""
        if kind not in VISIT_KINDS:
            raise DeskError("rating.visit_invalid", visit_id="", detail=f"kind {kind!r}")
        if staff_no not in self._cover.staff():
            raise DeskError("staff.not_found", staff_no=staff_no)
        case_number = ref if kind == "case" else ""
        visit = Visit(kind, ref.strip().upper(), window, staff_no, self._ctx.today(),
                      item_code=item_code, category_code=category_code)  # fmt: skip
        return self._codes.make(replace(visit, case_number=case_number.strip().upper()))

    def slip(self, code: RatingCode) -> PrintedDocument:
        """The 80 mm 评价二维码 slip of ``code`` (no staff name on it), stored for reprint."""
        hall_name = self._codes.keys().hall_name
        return self._printing.rating_slip(hall_name, code, self._ctx.config.timezone)

    # -- the feed ---------------------------------------------------------------------------

    def make_watcher(self) -> CallWatcher:
        """LISTEN on the hall's rating channel (PostgreSQL); a polling timeout elsewhere."""
        config = self._ctx.config
        channel = channels.rating_channel_name(config.hall_code)
        return make_watcher(config.database_url, config.hall_code, channel)

    def fetch_new(self) -> tuple[RatingView, ...]:
        """The hall's ratings submitted (or changed: an appeal upheld marks one ``excluded``)
        since the last fetch (at most FEED_LIMIT), oldest first, each returned once: taken
        into the local mirror with the new cursor in ONE local transaction, so a restart goes
        on where it stopped. Central refusals (e.g. central.unreachable) are raised; the
        caller tries again."""
        local = self._sync.local
        with db.read(local.engine()) as conn:
            after = local_ratings.cursor(conn)

        def work(conn: Connection) -> list[RatingRow]:
            hall_id, _ = self._ctx.hall(conn)
            return ratings_repo.ratings_after(conn, hall_id, after, FEED_LIMIT)

        rows = self._ctx.read(work)
        if not rows:
            return ()
        with local.write() as conn:
            fresh = local_ratings.store_seen(conn, rows, rows[-1].seq)
            refs = local_ratings.refs(conn, [row.visit_id for row in fresh])
        staff = self._cover.staff()
        return tuple(rating_view(row, staff, refs.get(row.visit_id, "")) for row in fresh)

    def window_ratings(self, window: int, day: date | None = None) -> tuple[RatingView, ...]:
        """A window's ratings of a day (today by default) from the local mirror, newest
        first; works offline."""
        local = self._sync.local
        with db.read(local.engine()) as conn:
            seen = local_ratings.seen_for_window(conn, window, day or self._ctx.today())
        staff = self._cover.staff()
        return tuple(rating_view(item.rating, staff, item.ref) for item in seen)

    # -- the hall's options -------------------------------------------------------------------

    def settings(self) -> RatingSettingsView:
        def work(conn: Connection) -> SettingsRow:
            hall_id, _ = self._ctx.hall(conn)
            return ratings_repo.settings_row(conn, hall_id, now=self._ctx.now())

        return settings_view(self._ctx.write(work), self._ctx.config.rating_base_url)

    def update_settings(
        self,
        *,
        expiry_days: int | None = None,
        followup_days: int | None = None,
        followup_staff_no: str | None = None,
        default_after_days: int | None = None,
    ) -> RatingSettingsView:
        """Change the given options (None: unchanged; ``followup_staff_no`` "": the hall's
        first active supervisor). Every value is checked before anything is written."""
        values: dict[str, object] = {}
        if expiry_days is not None:
            values["expiry_days"] = check_expiry_days(expiry_days)
        if followup_days is not None:
            values["followup_days"] = check_followup_days(followup_days)
        if default_after_days is not None:
            values["default_after_days"] = check_default_after_days(default_after_days)
        staff_no = None if followup_staff_no is None else followup_staff_no.strip()

        def work(conn: Connection) -> tuple[SettingsRow, str]:
            hall_id, info = self._ctx.hall(conn)
            if staff_no is not None:
                values["followup_staff_no"] = _followup_staff(conn, hall_id, staff_no)
            return ratings_repo.update_settings(conn, hall_id, self._ctx.now(), **values), info.name

        row, hall_name = self._ctx.write(work)
        self._codes.remember(row, hall_name)
        return settings_view(row, self._ctx.config.rating_base_url)

    def rotate_secret(self) -> None:
        """A fresh secret for new codes; the previous one keeps the codes already handed
        out valid until they expire. This PC signs with the new one at once."""

        def work(conn: Connection) -> tuple[SettingsRow, str]:
            hall_id, info = self._ctx.hall(conn)
            return ratings_repo.rotate_secret(conn, hall_id, self._ctx.now()), info.name

        self._codes.remember(*self._ctx.write(work))

    # -- "unrated counts as 基本满意" ----------------------------------------------------------

    def apply_defaults(self) -> int:
        """The hall's option "unrated after N natural days counts as 基本满意": see
        RatingPageService.apply_defaults (desk-rating runs it every hour)."""
        return RatingPageService(self._ctx).apply_defaults()


def _followup_staff(conn: Connection, hall_id: int, staff_no: str) -> str | None:
    """The named supervisor of the follow-ups: an active supervisor or admin of the hall;
    "" names nobody (the hall's first active supervisor then)."""
    if not staff_no:
        return None
    row = hall.staff_by_no(conn, hall_id, staff_no)
    if row is None or not row.active or row.role not in FOLLOWUP_ROLES:
        raise DeskError("rating.settings_staff", staff_no=staff_no)
    return staff_no
