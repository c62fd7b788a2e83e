"""CoverService: A/B post cover (AB岗), absences, the roster (排班, 5+2 weekends) and the hall
directory of departments.

Every post (a window or a role) has a named A and B. An absence is recorded local-first like
an inquiry step (``absence.recorded`` / ``absence.cancelled``, one local transaction with the
row), so B's PC knows A is away once it pulls; while A is away B's program shows "covering
for A", A's open inquiries and cases appear in B's lists, and what B does is recorded as B
on behalf of A. A post whose A and B are away at once is a warning for the supervisor.

The settings (posts, roster, directory, the weekend's categories) are read and written in
services.cover_settings. Times are stored in UTC; the views give them in the hall's zone; a
naive datetime handed in is the hall's wall clock.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Any

from sqlalchemy.engine import Connection

from desk_client.core import cover as rules
from desk_client.core.cover import Absence, Post
from desk_client.core.errors import DeskError
from desk_client.services.case_views import Thresholds, case_view, live_level
from desk_client.services.cover_settings import (
    SUPERVISORS,
    Cover,
    DepartmentsInvalidError,
    RosterInvalidError,
    Staff,
    core_absence,
)
from desk_client.services.dto import StaffSession
from desk_client.services.dto_cases import CaseView
from desk_client.services.dto_inquiries import AbsenceView, CoverState, CoverWarning
from desk_client.services.roster import RosterSettings
from desk_client.store import cover_repo, local_cases, local_inquiries
from desk_client.store.cases_repo import hall_id_of
from desk_client.store.inquiry_changes import ABSENCE_CANCELLED, ABSENCE_RECORDED
from desk_client.store.inquiry_rows import AbsenceRow
from desk_client.store.local_inquiries import read_local

__all__ = ["CoverService", "DepartmentsInvalidError", "RosterInvalidError"]


class CoverService(RosterSettings):
    """Absences and who covers whom, on top of the settings (posts, roster, directory)."""

    # -- absences -----------------------------------------------------------------------------

    def _absence_rows(self, span: tuple[datetime, datetime] | None = None) -> list[AbsenceRow]:
        local = self._local()
        if local is None:

            def central(conn: Connection) -> list[AbsenceRow]:
                return cover_repo.absences(conn, hall_id_of(conn, self._hall), span)

            return self._ctx.read(central)
        return read_local(local, lambda c: local_inquiries.local_absences(c, self._hall, span))

    def now_cover(self) -> Cover:
        """The posts and the active absences as this PC knows them now."""
        posts = tuple(Post(r.post, r.a_no, r.b_no) for r in self._post_rows())
        return Cover(posts, tuple(core_absence(row) for row in self._absence_rows()))

    @staticmethod
    def _moment(moment: datetime, zone: tzinfo) -> datetime:
        """The moment in the hall's zone (a naive one is the hall's wall clock)."""
        return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)

    def _view(self, row: AbsenceRow, staff: Staff) -> AbsenceView:
        zone = self._ctx.zone
        name = self.name_of(staff, row.staff_no)
        start, end = row.start.astimezone(zone), row.end.astimezone(zone)
        return AbsenceView(row.id, row.staff_no, name, row.kind, start, end, row.note)

    def record_absence(  # noqa: PLR0917 - the positional signature the UI was promised
        self,
        session: StaffSession,
        staff_no: str,
        kind: str,
        start: datetime,
        end: datetime,
        note: str = "",
    ) -> AbsenceView:
        """Leave, a meeting, training ...: the person themself, or a supervisor for anyone.
        Refused when it ends before it starts or overlaps the person's other absences."""
        who = staff_no.strip()
        if who != session.staff_no and session.role not in SUPERVISORS:
            raise DeskError("absence.not_allowed", staff_no=who)
        staff = self.staff()
        if who not in staff:
            raise DeskError("absence.unknown_staff", staff_no=who)
        zone = self._ctx.zone
        new = Absence(who, kind.strip(), self._moment(start, zone), self._moment(end, zone), note)
        rules.check_absence(new, ())  # kind, order, note: before the write lock
        local, now = self._sync.local, self._ctx.now()
        with local.write() as conn:
            mine = local_inquiries.local_absences(conn, self._hall, staff_no=who)
            rules.check_absence(new, [core_absence(row, zone) for row in mine])
            payload = _recorded(new, session, now)
            event = local.record_in(conn, ABSENCE_RECORDED, payload, session.staff_no, now)
            self._apply(conn, ABSENCE_RECORDED, payload, event.event_id, session)
            row = local_inquiries.local_absence(conn, self._hall, event.event_id)
        self._sync.wake()
        assert row is not None  # applied in this transaction
        return self._view(row, staff)

    def _apply(
        self,
        conn: Connection,
        type: str,
        payload: dict[str, Any],
        event_id: str,
        session: StaffSession,
    ) -> None:
        reason = local_inquiries.apply_event(
            conn, self._hall, type, payload, event_id=event_id, actor=session.staff_no
        )
        if reason is not None:
            raise DeskError("absence.not_applied", reason=reason)

    def cancel_absence(self, session: StaffSession, id: str) -> None:
        """Withdraw an absence: the person, whoever recorded it, or a supervisor."""
        local = self._sync.local
        now = self._ctx.now()
        with local.write() as conn:
            row = local_inquiries.local_absence(conn, self._hall, id)
            if row is None or not row.active:
                raise DeskError("absence.not_found", id=id)
            allowed = session.staff_no in {row.staff_no, row.recorded_by}
            if not allowed and session.role not in SUPERVISORS:
                raise DeskError("absence.not_allowed", staff_no=row.staff_no)
            payload = {"id": id, "at": now.isoformat(), "actor": session.staff_no}
            event = local.record_in(conn, ABSENCE_CANCELLED, payload, session.staff_no, now)
            self._apply(conn, ABSENCE_CANCELLED, payload, event.event_id, session)
        self._sync.wake()

    def absences(self, day: date | None = None) -> tuple[AbsenceView, ...]:
        """The active absences touching ``day`` (the hall's local day); without a day those
        not over yet (now and later). By start."""
        if day is None:
            now = self._ctx.now()
            rows = [row for row in self._absence_rows() if row.end > now]
        else:
            rows = self._absence_rows(rules.day_span(day, self._ctx.zone))
        staff = self.staff()
        return tuple(self._view(row, staff) for row in rows)

    # -- who covers whom ----------------------------------------------------------------------

    def covering(self, staff_no: str, cover: Cover | None = None) -> tuple[str, ...]:
        """The A's whom ``staff_no`` covers now (sorted)."""
        found = cover or self.now_cover()
        return rules.covering_for(staff_no, found.posts, found.absences, self._ctx.now())

    def state(self, session: StaffSession) -> CoverState:
        """The covering banner: whom the session covers now, with their names and until when
        they are away (in the hall's zone); empty when nobody."""
        cover, now, staff = self.now_cover(), self._ctx.now(), self.staff()
        covering = []
        for a_no in self.covering(session.staff_no, cover):
            away = rules.absent(a_no, cover.absences, now)
            until = (away.end if away is not None else now).astimezone(self._ctx.zone)
            covering.append((a_no, self.name_of(staff, a_no), until))
        return CoverState(tuple(covering))

    def warnings(self, day: date) -> tuple[CoverWarning, ...]:
        """The posts whose A and B are both away at some time of ``day`` (the supervisor is
        warned at once and in the start-of-day summary), each stretch with its times."""
        cover, zone = self.now_cover(), self._ctx.zone
        start, end = rules.day_span(day, zone)
        gaps = rules.cover_gaps(cover.posts, cover.absences, start, end)
        return tuple(
            CoverWarning(g.post, g.a_no, g.b_no, g.start.astimezone(zone), g.end.astimezone(zone))
            for g in gaps
        )

    def covered_cases(self, session: StaffSession) -> tuple[CaseView, ...]:
        """The open cases of the A's the session covers now (this PC's copy, by A then
        deadline), each with its level now."""
        local = self._sync.local
        today, calendar = self._ctx.today(), self._calendar.calendar()
        config = self._ctx.config
        thresholds = Thresholds(config.yellow_days, config.yellow_percent)
        views = []
        for a_no in self.covering(session.staff_no):
            for row in local_cases.read_open_cases(local, self._hall, a_no):
                views.append(case_view(row, live_level(row, today, calendar, thresholds)))
        return tuple(views)


def _recorded(absence: Absence, session: StaffSession, now: datetime) -> dict[str, Any]:
    """The ``absence.recorded`` event (its id will be the event's id)."""
    return {
        "staff_no": absence.staff_no,
        "kind": absence.kind,
        "start": absence.start.isoformat(),
        "end": absence.end.isoformat(),
        "note": absence.note.strip(),
        "recorded_by": session.staff_no,
        "at": now.isoformat(),
    }
