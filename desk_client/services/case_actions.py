"""The steps of a case at the window: start, pause, resume, extend, complete, withdraw, transfer.

Each step is local-first: ONE local transaction reads the case, checks the step (core.cases,
core.deadlines), records its ``case.*`` event and applies the same event to this PC's case
row (store.local_cases), exactly as the central handler will. The PC that records a step
recomputes the deadline from the acceptance day, the limit with its extensions and the pauses,
on this PC's calendar, and sends it in the event. A refusal is raised before the transaction
commits: it changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from desk_client.core.cases import CaseAction, next_case_state
from desk_client.core.deadlines import Pause, check_extension, check_pauses
from desk_client.core.errors import DeskError
from desk_client.core.notices import read_notice_input
from desk_client.core.workdays import WorkCalendar
from desk_client.services.auth import AuthService
from desk_client.services.calendar import CalendarService
from desk_client.services.case_views import (
    Thresholds,
    case_view,
    core_pauses,
    count_due,
    iso,
    level_of,
)
from desk_client.services.context import Context
from desk_client.services.dto import StaffSession
from desk_client.services.dto_cases import CaseView
from desk_client.services.notice_rows import BASIS_LIMIT, REASON_LIMIT, required_text
from desk_client.services.sync import SyncService
from desk_client.store import db, local_cases
from desk_client.store.case_rows import CaseRecord, CaseRow
from desk_client.store.local import LocalStore

SUPERVISORS = ("supervisor", "admin")
STEP_LIMIT = 200  # case_pauses.step
DEPARTMENT_LIMIT = 200
#: The legal basis of a special step when the clerk names none.
ART_45 = "《中华人民共和国行政许可法》第四十五条"
EVENTS = {
    CaseAction.START: "case.started",
    CaseAction.PAUSE: "case.paused",
    CaseAction.RESUME: "case.resumed",
    CaseAction.EXTEND: "case.extended",
    CaseAction.COMPLETE: "case.completed",
    CaseAction.WITHDRAW: "case.withdrawn",
    CaseAction.TRANSFER: "case.transferred",
}


@dataclass(frozen=True)
class Step:
    """What a step is decided on: the case as it is, the calendar, today."""

    record: CaseRecord
    calendar: WorkCalendar
    today: date
    thresholds: Thresholds

    @property
    def case(self) -> CaseRow:
        return self.record.case

    @property
    def limit(self) -> int:
        return self.case.limit_days + self.case.extension_days

    def pauses(self) -> list[Pause]:
        return list(core_pauses(self.record.pauses))

    def counted(self, pauses: list[Pause], limit: int | None = None) -> dict[str, Any]:
        """{deadline, level} after the step (the pauses checked first)."""
        check_pauses(pauses, self.case.accepted_day)
        days = self.limit if limit is None else limit
        due = count_due(self.case.accepted_day, days, pauses, self.calendar)
        found = level_of(
            self.today, due, days, self.case.accepted_day, self.calendar, self.thresholds
        )
        return {"deadline": iso(due.day), "level": found.value}

    def before(self, pauses: list[Pause]) -> date | None:
        """The deadline the given pauses alone give (the one a notice calls the old one)."""
        return count_due(self.case.accepted_day, self.limit, pauses, self.calendar).day

    def closed_pauses(self) -> tuple[list[Pause], dict[str, Any]]:
        """The pauses with the open one ended today (closing a paused case ends its step)."""
        pauses, extra = self.pauses(), {}
        if self.case.paused_since is not None:
            end = max(self.today, self.case.paused_since)
            pauses = [p if p.end is not None else replace(p, end=end) for p in pauses]
            extra = {"pause_end": end.isoformat()}
        return pauses, extra


Change = Callable[[Step], dict[str, Any]]


def not_after_today(day: date, today: date) -> date:
    if day > today:
        raise DeskError("case.day_in_future", day=day, today=today)
    return day


def optional_text(value: str, limit: int, code: str) -> str:
    text = value.strip()
    if len(text) > limit:
        raise DeskError(code, limit=limit)
    return text


class CaseDesk:
    """The machinery every case use case shares, and the steps."""

    def __init__(
        self,
        ctx: Context,
        sync: SyncService,
        calendar: CalendarService,
        auth: AuthService,
    ) -> None:
        self._ctx = ctx
        self._sync = sync
        self._calendar = calendar
        self._auth = auth

    @property
    def _local(self) -> LocalStore:
        return self._sync.local

    @property
    def _hall(self) -> str:
        return self._ctx.config.hall_code

    def _thresholds(self) -> Thresholds:
        config = self._ctx.config
        return Thresholds(config.yellow_days, config.yellow_percent)

    def number_of(self, text: str) -> str:
        """The case number typed or scanned from its acceptance notice (DESKN|hall|number);
        another hall's is refused."""
        hall, number = read_notice_input(text)
        if hall is not None and hall != self._hall:
            raise DeskError("notice.other_hall", number=number, hall=hall)
        return number

    def _local_case(self, number: str) -> CaseRow:
        with db.read(self._local.engine()) as conn:
            found = local_cases.get_case(conn, self._hall, number)
        if found is None:
            raise DeskError("case.not_found", number=number)
        return found

    # -- the steps ----------------------------------------------------------------------------

    def start(self, session: StaffSession, number: str) -> CaseView:
        """办理中: the clerk starts working on an accepted case."""
        return self._act(session, number, CaseAction.START, lambda step: {})

    def pause(  # noqa: PLR0917 - the positional signature the UI was promised
        self,
        session: StaffSession,
        number: str,
        start: date | None = None,
        step: str = "",
        reason: str = "",
        basis: str = "",
    ) -> CaseView:
        """A special step (特殊环节) stops the clock from ``start`` (default today, never in
        the future): the deadline stays open until it is resumed."""
        name = required_text(step, STEP_LIMIT, "case.step_required")
        why = required_text(reason, REASON_LIMIT, "case.reason_required")
        law = optional_text(basis, BASIS_LIMIT, "case.basis_too_long") or ART_45
        first = not_after_today(start or self._ctx.today(), self._ctx.today())

        def change(s: Step) -> dict[str, Any]:
            pauses = s.pauses()
            counted = s.counted([*pauses, Pause(first, None, why)])
            body = {"start": first.isoformat(), "step": name, "reason": why, "basis": law}
            return body | counted | {"old_deadline": iso(s.before(pauses))}

        return self._act(session, number, CaseAction.PAUSE, change)

    def resume(self, session: StaffSession, number: str, end: date | None = None) -> CaseView:
        """The special step ended on ``end`` (default today; that day does not count)."""
        last = not_after_today(end or self._ctx.today(), self._ctx.today())

        def change(s: Step) -> dict[str, Any]:
            pauses = s.pauses()
            running = next(p for p in pauses if p.end is None)
            done = [p for p in pauses if p.end is not None]
            counted = s.counted([*done, replace(running, end=last)])
            paused = s.calendar.count_working_days(running.start - timedelta(days=1), last)
            step = next((p.step for p in s.record.pauses if p.end is None), "")
            facts = {"end": last.isoformat(), "start": running.start.isoformat(), "step": step}
            return facts | counted | {"old_deadline": iso(s.before(done)), "paused_days": paused}

        return self._act(session, number, CaseAction.RESUME, change)

    def extend(  # noqa: PLR0917 - the positional signature the UI was promised
        self,
        session: StaffSession,
        number: str,
        days: int,
        reason: str,
        supervisor_no: str,
        password: str,
    ) -> CaseView:
        """+``days`` working days (行政许可法第四十二条), approved by a supervisor at this PC
        with their staff number and password, with a written reason."""
        why = required_text(reason, REASON_LIMIT, "case.reason_required")
        wanted = self.number_of(number)
        case = self._local_case(wanted)
        next_case_state(case.state, CaseAction.EXTEND, case.paused_since is not None, wanted)
        check_extension(case.kind, days, case.extension_days)
        supervisor = self._auth.login(supervisor_no, password, None)
        if supervisor.role not in SUPERVISORS:
            raise DeskError("case.not_supervisor", staff_no=supervisor.staff_no)

        def change(s: Step) -> dict[str, Any]:
            check_extension(s.case.kind, days, s.case.extension_days)
            counted = s.counted(s.pauses(), s.limit + days)
            approval = {"supervisor_no": supervisor.staff_no, "supervisor_name": supervisor.name}
            body = {"days": days, "reason": why, **approval}
            return body | counted | {"old_deadline": iso(s.case.deadline)}

        return self._act(session, wanted, CaseAction.EXTEND, change)

    def complete(self, session: StaffSession, number: str) -> CaseView:
        """办结: the case is decided; a running special step ends with it."""
        return self._act(session, number, CaseAction.COMPLETE, _closing({}))

    def withdraw(self, session: StaffSession, number: str, reason: str) -> CaseView:
        """撤回: the applicant withdrew the application (a reason is required)."""
        why = required_text(reason, REASON_LIMIT, "case.reason_required")
        return self._act(session, number, CaseAction.WITHDRAW, _closing({"reason": why}))

    def transfer(
        self, session: StaffSession, number: str, department: str, reason: str
    ) -> CaseView:
        """转办/联办: handed to another department (named) with a reason."""
        where = required_text(department, DEPARTMENT_LIMIT, "case.department_required")
        why = required_text(reason, REASON_LIMIT, "case.reason_required")
        body = {"department": where, "reason": why}
        return self._act(session, number, CaseAction.TRANSFER, _closing(body))

    # -- one step, one transaction ------------------------------------------------------------

    def _act(
        self, session: StaffSession, number: str, action: CaseAction, change: Change
    ) -> CaseView:
        wanted = self.number_of(number)
        now, today = self._ctx.now(), self._ctx.today()
        calendar = self._calendar.calendar()  # read before the write lock is taken
        with self._local.write() as conn:
            record = local_cases.case_record(conn, self._hall, wanted)
            if record is None:
                raise DeskError("case.not_found", number=wanted)
            case = record.case
            next_case_state(case.state, action, case.paused_since is not None, wanted)
            body = change(Step(record, calendar, today, self._thresholds()))
            payload = self._common(session, case, now) | body
            after = self._record(conn, session, EVENTS[action], payload)
        self._sync.wake()
        return case_view(after)

    def _common(self, session: StaffSession, case: CaseRow, now: datetime) -> dict[str, Any]:
        """What every step's event says: the case, when, who (and for whom), and the facts
        its written notice prints."""
        common: dict[str, Any] = {"number": case.number, "at": now.isoformat()}
        common |= {"actor": session.staff_no, "clerk_name": session.name}
        common |= {"clerk_phone": session.phone, "window": session.window_number}
        common["hall_name"] = session.hall.name
        if case.staff_no != session.staff_no:
            common["on_behalf_of"] = case.staff_no  # AB岗: the backup acts for the owner
        return common

    def _record(
        self, conn: Any, session: StaffSession, type: str, payload: dict[str, Any]
    ) -> CaseRow:
        """Record the event and apply it to this PC's case row, in the caller's transaction."""
        now = datetime.fromisoformat(str(payload["at"]))
        event = self._local.record_in(conn, type, payload, session.staff_no, now)
        number = str(payload["number"])
        reason = local_cases.apply_event(
            conn, self._hall, type, payload, event_id=event.event_id, actor=session.staff_no
        )
        after = local_cases.get_case(conn, self._hall, number)
        if reason is not None or after is None:
            raise DeskError("case.not_applied", number=number, reason=reason or "")
        return after


def _closing(body: dict[str, Any]) -> Change:
    """Complete, withdraw, transfer: the final deadline and level, the pause ended."""

    def change(s: Step) -> dict[str, Any]:
        pauses, extra = s.closed_pauses()
        return body | extra | s.counted(pauses)

    return change
