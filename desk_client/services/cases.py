"""CaseService: cases (办件) and their countdowns (限时办结) at the window and on the board.

An acceptance opens its case in the SAME local transaction as the acceptance notice
(ChecklistService.accept calls :meth:`CaseService.plan` before and :meth:`CaseService.open_in`
inside it): the case number is the notice's, the limit is the item's (promised, else
statutory), the deadline is counted on this PC's calendar, and when the calendar lacks a year
the count needs the case opens all the same with no deadline and level "missing" (never a
guess). The steps of a case are in services.case_actions; this module reads and warns.

Levels: ``sweep`` recomputes the level of the session's open cases now and records each
change once as ``case.warned`` (the UI calls it at login and every ``[cases] sweep_s``). The
board and the summaries compute levels live from the stored deadline and the clock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy.engine import Connection

from desk_client.core.catalogue import ServiceItem
from desk_client.core.deadlines import Level, Pause, check_limit
from desk_client.core.errors import DeskError
from desk_client.core.notices import NoticeContent
from desk_client.core.workdays import WorkCalendar
from desk_client.services.auth import AuthService
from desk_client.services.calendar import CalendarService
from desk_client.services.case_actions import SUPERVISORS, CaseDesk
from desk_client.services.case_printing import case_notice_fields
from desk_client.services.case_views import (
    Due,
    case_limit,
    case_view,
    core_pauses,
    count_due,
    iso,
    level_of,
    live_level,
    opened_payload,
    timeline_entry,
)
from desk_client.services.context import Context
from desk_client.services.dto import PrintedDocument, StaffSession
from desk_client.services.dto_cases import CaseDetail, CaseView, DaySummary, LevelChange
from desk_client.services.printing import PrintService
from desk_client.services.sync import SyncService
from desk_client.store import cases_repo, local_cases
from desk_client.store.case_rows import CaseRecord, CaseRow
from desk_client.store.db import UNREACHABLE

OPENED, WARNED = "case.opened", "case.warned"
PAPERS = ("80mm", "a4")


@dataclass(frozen=True)
class CasePlan:
    """A case about to open: decided (and refused) before anything is written."""

    kind: str
    limit: int
    accepted_day: date
    due: Due
    level: Level


class CaseService(CaseDesk):
    def __init__(
        self,
        ctx: Context,
        sync: SyncService,
        calendar: CalendarService,
        auth: AuthService,
        printing: PrintService,
    ) -> None:
        super().__init__(ctx, sync, calendar, auth)
        self._printing = printing

    # -- opening, with the acceptance ----------------------------------------------------------

    def plan(self, item: ServiceItem) -> CasePlan:
        """The case an acceptance of ``item`` opens today; limit.zero / limit.absurd refuse
        it before anything is written."""
        limit = case_limit(item)
        check_limit(item.kind, limit)
        today, calendar = self._ctx.today(), self._calendar.calendar()
        due = count_due(today, limit, (), calendar)
        found = level_of(today, due, limit, today, calendar, self._thresholds())
        return CasePlan(item.kind.value, limit, today, due, found)

    def open_in(self, conn: Connection, content: NoticeContent, plan: CasePlan) -> CaseRow:
        """Record case.opened and write the case row, in the acceptance's transaction."""
        payload = opened_payload(
            content, plan.kind, plan.limit, plan.accepted_day, plan.due, plan.level
        )
        event = self._local.record_in(conn, OPENED, payload, content.clerk_no, content.issued_at)
        reason = local_cases.apply_event(
            conn, self._hall, OPENED, payload, event_id=event.event_id, actor=content.clerk_no
        )
        found = local_cases.get_case(conn, self._hall, content.number)
        if reason is not None or found is None:
            raise DeskError("case.not_applied", number=content.number, reason=reason or "")
        return found

    # -- reading ---------------------------------------------------------------------------------

    def my_cases(self, session: StaffSession) -> tuple[CaseView, ...]:
        """The clerk's cases on this PC: open ones by deadline (live level), then the most
        recently closed."""
        rows = local_cases.read_my_cases(self._local, self._hall, session.staff_no)
        return self._local_live(rows)

    def board(self) -> tuple[CaseView, ...]:
        """督办: the whole hall's open cases from the central database, by deadline (those
        without one last), each with its level now. central.unreachable when away."""

        def work(conn: Connection) -> tuple[list[CaseRow], dict[str, tuple[Pause, ...]]]:
            rows = cases_repo.board(conn, self._hall)
            return rows, self._pauses_of(
                rows, lambda n: cases_repo.case_record(conn, self._hall, n)
            )

        rows, pauses = self._ctx.read(work)
        return self._live(rows, pauses)

    def _local_live(self, rows: list[CaseRow]) -> tuple[CaseView, ...]:
        read = lambda n: local_cases.read_case_record(self._local, self._hall, n)  # noqa: E731
        return self._live(rows, self._pauses_of(rows, read))

    @staticmethod
    def _pauses_of(
        rows: list[CaseRow], read: Callable[[str], CaseRecord | None]
    ) -> dict[str, tuple[Pause, ...]]:
        """The pauses of the open cases counted while the calendar lacked a year (no
        deadline, no running pause): few, and they are counted again now."""
        found = {}
        for row in rows:
            if row.closed_at is None and row.deadline is None and row.paused_since is None:
                record = read(row.number)
                found[row.number] = () if record is None else core_pauses(record.pauses)
        return found

    def _live(
        self, rows: list[CaseRow], uncounted: Mapping[str, tuple[Pause, ...]] | None = None
    ) -> tuple[CaseView, ...]:
        """Views with the level now; a case ``uncounted`` lists gets its deadline counted on
        today's calendar (the sweep records it: case.warned)."""
        today, calendar, limits = self._ctx.today(), self._calendar.calendar(), self._thresholds()
        views = []
        for row in rows:
            pauses = (uncounted or {}).get(row.number)
            counted = row if pauses is None else _counted(row, pauses, calendar)
            views.append(case_view(counted, live_level(counted, today, calendar, limits)))
        return tuple(views)

    def case(self, number: str) -> CaseDetail:
        """The case with its timeline and pauses: this PC's copy, else the central one."""
        wanted = self.number_of(number)
        record = local_cases.read_case_record(self._local, self._hall, wanted)
        if record is None:
            record = self._central_record(wanted)
        if record is None:
            raise DeskError("case.not_found", number=wanted)
        return self._detail(record)

    def _central_record(self, number: str) -> CaseRecord | None:
        try:
            return self._ctx.read(lambda conn: cases_repo.case_record(conn, self._hall, number))
        except DeskError as exc:
            if exc.code not in UNREACHABLE:
                raise
            return None

    def _detail(self, record: CaseRecord) -> CaseDetail:
        view = self._live([record.case], self._pauses_of([record.case], lambda _: record))[0]
        timeline = tuple(timeline_entry(row) for row in record.timeline)
        return CaseDetail(view, timeline, core_pauses(record.pauses))

    def summary(self, session: StaffSession) -> DaySummary:
        """Today's red and yellow cases: a clerk's own on this PC; a supervisor's (or
        admin's) the whole hall's from the central board, this PC's copy when away."""
        if session.role in SUPERVISORS:
            try:
                views = self.board()
            except DeskError as exc:
                if exc.code not in UNREACHABLE:
                    raise
                views = self._local_live(local_cases.read_open_cases(self._local, self._hall))
        else:
            rows = local_cases.read_open_cases(self._local, self._hall, session.staff_no)
            views = self._local_live(rows)
        red = tuple(v for v in views if v.level == Level.RED)
        yellow = tuple(v for v in views if v.level == Level.YELLOW)
        return DaySummary(self._ctx.today(), red, yellow)

    # -- warnings ---------------------------------------------------------------------------------

    def sweep(self, session: StaffSession) -> tuple[LevelChange, ...]:
        """Recompute the level of the session's open cases on this PC now; record each
        change once (case.warned) and update the row. A case counted while the calendar
        lacked a year is counted again, so importing that year gives it its deadline."""
        rows = local_cases.read_open_cases(self._local, self._hall, session.staff_no)
        found = [change for row in rows if (change := self._swept(row)) is not None]
        if not found:
            return ()
        now, changes = self._ctx.now(), []
        with self._local.write() as conn:
            for row, new, due in found:
                current = local_cases.get_case(conn, self._hall, row.number)
                if current is None or current.closed_at is not None or current.level == new:
                    continue  # moved meanwhile: the next sweep looks again
                payload: dict[str, Any] = {"number": row.number, "level": new}
                payload |= {"at": now.isoformat(), "actor": session.staff_no}
                if due.day != current.deadline:
                    payload["deadline"] = iso(due.day)
                self._record(conn, session, WARNED, payload)
                changes.append(LevelChange(row.number, current.level, new))
        self._sync.wake()
        return tuple(changes)

    def _swept(self, row: CaseRow) -> tuple[CaseRow, str, Due] | None:
        today, calendar = self._ctx.today(), self._calendar.calendar()
        limit = row.limit_days + row.extension_days
        due = Due(row.deadline)
        if row.deadline is None and row.paused_since is None:  # the calendar was missing
            record = local_cases.read_case_record(self._local, self._hall, row.number)
            pauses = () if record is None else core_pauses(record.pauses)
            due = count_due(row.accepted_day, limit, pauses, calendar)
        new = level_of(today, due, limit, row.accepted_day, calendar, self._thresholds())
        return None if new.value == row.level else (row, new.value, due)

    # -- printing -----------------------------------------------------------------------------

    def print_case_notice(self, number: str, kind: str, paper: str = "80mm") -> PrintedDocument:
        """The written notice of the case's latest pause (特殊环节告知书), resume (恢复计时
        告知书) or extension (延长办理期限通知书), as decided when it was recorded; stored
        for reprint under the case number + -T1 / -H1 / -Y1."""
        chosen = paper.strip().lower()
        if chosen not in PAPERS:
            raise DeskError("notice.bad_paper", paper=paper)
        wanted = self.number_of(number)
        record = local_cases.read_case_record(self._local, self._hall, wanted)
        record = record or self._central_record(wanted)
        if record is None:
            raise DeskError("case.not_found", number=wanted)
        fields = case_notice_fields(record, kind, self._hall, self._ctx.config.timezone)
        return self._printing.case_notice(fields, chosen)


def _counted(row: CaseRow, pauses: tuple[Pause, ...], calendar: WorkCalendar) -> CaseRow:
    limit = row.limit_days + row.extension_days
    return replace(row, deadline=count_due(row.accepted_day, limit, pauses, calendar).day)
