"""The checklist at the window (一次性告知): notices, return visits, acceptance, rejection.

Every notice is local-first: its row and its ``notice.issued`` event are written in ONE
LocalStore.record() transaction, so a window keeps working while the central database is away
and the sync worker delivers the notice later. The catalogue is the PC's cached copy (the
picker works offline). A refusal is raised before anything is written: it changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy.engine import Connection

from desk_client.core import checklist as rules
from desk_client.core.catalogue import ServiceItem
from desk_client.core.checklist import Applicant, ExceptionApproval
from desk_client.core.errors import DeskError
from desk_client.core.notices import (
    NoticeContent,
    NoticeKind,
    content_to_dict,
    format_notice_number,
)
from desk_client.core.workdays import is_working_day
from desk_client.services.auth import AuthService
from desk_client.services.calendar import CalendarService
from desk_client.services.cases import CasePlan, CaseService
from desk_client.services.catalogue import CatalogueService
from desk_client.services.context import Context
from desk_client.services.dto import PrintedDocument, StaffSession
from desk_client.services.dto_notices import (
    ChecklistDraft,
    ItemChoice,
    NoticeView,
    ReturnVisit,
    SessionDay,
)
from desk_client.services.notice_desk import NoticeDesk
from desk_client.services.notice_rows import (
    BASIS_LIMIT,
    REASON_LIMIT,
    draft_content,
    first_status,
    issued_payload,
    local_year,
    notice_view,
    required_text,
)
from desk_client.services.printing import PrintService
from desk_client.services.sync import SyncService
from desk_client.store import local_cache, local_notices
from desk_client.store.local import number_desk

WEEKDAY_ONLY = "catalogue.weekday_only"
SUPERVISORS = ("supervisor", "admin")
#: How far weekday_slip looks for the next working day (the longest holiday is 8 days).
SCAN_DAYS = 30


class ChecklistService(NoticeDesk):
    def __init__(
        self,
        ctx: Context,
        sync: SyncService,
        catalogue: CatalogueService,
        printing: PrintService,
        auth: AuthService,
        *,
        cases: CaseService | None = None,
        calendar: CalendarService | None = None,
    ) -> None:
        super().__init__(ctx, sync, printing)
        self._catalogue = catalogue
        self._auth = auth
        self._cases = cases
        self._calendar = calendar

    def _working(self, day: date) -> bool:
        """This PC's working-day calendar (the hall's imported days and a supervisor's edits
        included); the package alone without a calendar service."""
        if self._calendar is None:
            return is_working_day(day)
        return self._calendar.calendar().is_working_day(day)

    # -- the day and the item ----------------------------------------------------------------

    def session_day(self) -> SessionDay:
        """Today in the hall's zone; a year the holiday calendar lacks counts as working."""
        today = self._ctx.today()
        try:
            return SessionDay(today, self._working(today), calendar_missing=False)
        except DeskError as exc:
            if exc.code != "calendar.missing":
                raise
            return SessionDay(today, working_day=True, calendar_missing=True)

    def search_items(self, query: str, limit: int = 50) -> tuple[ItemChoice, ...]:
        """The PC's catalogue copy; on a weekend or holiday only weekend items are available."""
        working = self.session_day().working_day
        found = self._catalogue.search(query, limit)
        return tuple(_choice(item, working) for item in found)

    def item(self, code: str) -> ServiceItem:
        """The item from this PC's catalogue copy."""
        wanted = code.strip()
        for item in self._catalogue.cached_items():
            if item.code == wanted:
                return item
        raise DeskError("notice.unknown_item", item=wanted)

    def check_applicant(self, applicant: Applicant) -> Applicant:
        return rules.check_applicant(applicant, self._ctx.today())

    def _choosable(self, code: str) -> ServiceItem:
        item = self.item(code)
        if not _choice(item, self.session_day().working_day).available:
            raise DeskError(WEEKDAY_ONLY)
        return item

    # -- the three notices -------------------------------------------------------------------

    def issue_notice(self, session: StaffSession, draft: ChecklistDraft) -> NoticeView:
        """The one-time notice (一次性告知单): every missing or non-conforming material."""
        item, applicant = self._checked(draft)
        lines = rules.notice_lines(item, draft.checks)
        if not lines:
            raise DeskError("notice.nothing_missing")
        refers_to = self._one_time_rule(draft, item, applicant)
        content = self._content(NoticeKind.ONE_TIME, session, item, applicant, lines=lines)
        return self._record(replace(content, refers_to=refers_to), draft.approvals)

    def accept(self, session: StaffSession, draft: ChecklistDraft) -> NoticeView:
        """The acceptance (受理通知书) with the materials received: the case starts here.

        The case (办件) opens in the notice's own transaction, under the notice's number; its
        deadline is printed on the notice (None when the calendar lacks the year: the case
        opens all the same, level "missing"). A limit the law refuses changes nothing.
        """
        item, applicant = self._checked(draft)
        if not rules.is_complete(item, draft.checks):
            missing = [line.material for line in rules.notice_lines(item, draft.checks)]
            raise DeskError("checklist.incomplete", materials="、".join(missing))
        refers_to = self._one_time_rule(draft, item, applicant)
        plan = None if self._cases is None else self._cases.plan(item)
        received = rules.received(item, draft.checks)
        content = self._content(NoticeKind.ACCEPTANCE, session, item, applicant, received=received)
        deadline = None if plan is None else plan.due.day
        content = replace(content, refers_to=refers_to, deadline=deadline)
        return self._record(content, draft.approvals, plan)

    def reject(
        self, session: StaffSession, draft: ChecklistDraft, reason: str, basis: str
    ) -> NoticeView:
        """The rejection (不予受理通知书) and its report (否定报备) to the supervisor.

        The materials need not be ticked (an item outside the hall's remit is refused before
        anyone looks at them); ticks that are given must be valid.
        """
        refusal = (
            required_text(reason, REASON_LIMIT, "rejection.reason_required"),
            required_text(basis, BASIS_LIMIT, "rejection.basis_required"),
        )
        item, applicant = self._checked(draft, ticks_required=False)
        refers_to = self._earlier_one_time(draft.refers_to).number if draft.refers_to else ""
        content = self._content(NoticeKind.REJECTION, session, item, applicant, refusal=refusal)
        return self._record(replace(content, refers_to=refers_to), ())

    def _checked(
        self, draft: ChecklistDraft, *, ticks_required: bool = True
    ) -> tuple[ServiceItem, Applicant]:
        item = self._choosable(draft.item_code)
        applicant = self.check_applicant(draft.applicant)
        if ticks_required or draft.checks:
            rules.validate_checks(item, draft.checks)
        return item, applicant

    def _content(
        self,
        kind: NoticeKind,
        session: StaffSession,
        item: ServiceItem,
        applicant: Applicant,
        **parts: Any,
    ) -> NoticeContent:
        now = self._ctx.now()
        return draft_content(
            kind, session, item, applicant, now, hall_phone=self._hall_phone(), **parts
        )

    def _record(
        self,
        content: NoticeContent,
        approvals: Sequence[ExceptionApproval],
        case: CasePlan | None = None,
    ) -> NoticeView:
        """Number the notice and write its row and its notice.issued event in ONE transaction
        (with ``case``: the case it opens, and case.opened, in that same transaction)."""
        approve_first = self._ctx.config.approve_rejection_first
        status = first_status(content.kind, approve_first)
        year = local_year(content.issued_at, content.timezone)
        window = content.window_number
        made: list[NoticeContent] = []

        def rows(conn: Connection) -> dict[str, Any]:
            desk = number_desk(conn, window)
            seq = local_notices.next_seq(conn, content.hall_code, content.kind, year, desk)
            number = format_notice_number(content.kind, year, desk, seq)
            numbered = replace(content, number=number)
            local_notices.insert_notice(conn, _row(numbered, (year, window, seq), status))
            made.append(numbered)
            payload = issued_payload(numbered, (year, window, seq), not approve_first, approvals)
            return payload | {"desk": desk}

        if case is None or self._cases is None:
            self._local.record("notice.issued", rows, content.clerk_no, content.issued_at)
        else:
            with self._local.write() as conn:
                self._local.record_in(
                    conn, "notice.issued", rows, content.clerk_no, content.issued_at
                )
                self._cases.open_in(conn, made[0], case)
        self._sync.wake()
        return notice_view(made[0], status, content.clerk_no, content.issued_at)

    # -- the return visit and the one-time rule --------------------------------------------

    def open_return_visit(self, text: str) -> ReturnVisit:
        """The earlier one-time notice, its item and exactly the materials it listed."""
        earlier = self._earlier_one_time(text)
        item = self.item(earlier.content.item_code)
        listed = tuple(line.material for line in earlier.content.lines)
        return ReturnVisit(earlier, item, listed)

    def _earlier_one_time(self, text: str) -> NoticeView:
        earlier = self.notice(text)
        if earlier.kind is not NoticeKind.ONE_TIME:
            raise DeskError("notice.not_one_time", number=earlier.number)
        return earlier

    def _one_time_rule(self, draft: ChecklistDraft, item: ServiceItem, applicant: Applicant) -> str:
        """On a return visit: the same item and applicant, nothing new without an approval."""
        if not draft.refers_to:
            return ""
        earlier = self._earlier_one_time(draft.refers_to)
        content = earlier.content
        if content.item_code != item.code:
            raise DeskError("notice.other_item", number=earlier.number, item=content.item_code)
        if content.applicant.id_number != applicant.id_number:
            raise DeskError("notice.other_applicant", number=earlier.number, name=applicant.name)
        listed = frozenset(line.material for line in content.lines)
        rules.enforce_one_time(listed, draft.checks, tuple(draft.approvals))
        return earlier.number

    def approve_exception(  # noqa: PLR0917 - the positional signature the UI was promised
        self,
        session: StaffSession,
        refers_to: str,
        material: str,
        reason: str,
        supervisor_no: str,
        password: str,
    ) -> ExceptionApproval:
        """A supervisor allows one material the notice did not list; recorded at once."""
        why = required_text(reason, REASON_LIMIT, "exception.reason_required")
        earlier = self._earlier_one_time(refers_to)
        item = self.item(earlier.content.item_code)
        if item.material(material) is None:
            raise DeskError("exception.unknown_material", item=item.name, material=material)
        if material in {line.material for line in earlier.content.lines}:
            raise DeskError("exception.already_listed", material=material, number=earlier.number)
        supervisor = self._auth.login(supervisor_no, password, None)
        if supervisor.role not in SUPERVISORS:
            raise DeskError("exception.not_supervisor", staff_no=supervisor.staff_no)
        now = self._ctx.now()
        approval = ExceptionApproval(material, why, supervisor.staff_no, supervisor.name, now)
        payload = _exception_payload(approval, earlier, session)
        self._local.record("one_time.exception", payload, session.staff_no, now)
        self._sync.wake()
        return approval

    # -- weekday appointments ----------------------------------------------------------------

    def weekday_slip(self, session: StaffSession, item_code: str) -> PrintedDocument:
        """The 预约提示单 of an item not handled today, with the next working day."""
        item = self.item(item_code)
        return self._printing.weekday_slip(
            session.hall.name,
            item,
            self.next_working_day(),
            self._hall_phone(),
            self._ctx.now(),
            session.hall.timezone,
        )

    def next_working_day(self) -> date | None:
        """The first working day after today within SCAN_DAYS; None when the calendar cannot
        say (a year it does not cover): a wrong date on a slip is worse than none."""
        day = self._ctx.today()
        for _ in range(SCAN_DAYS):
            day += timedelta(days=1)
            try:
                if self._working(day):
                    return day
            except DeskError as exc:
                if exc.code != "calendar.missing":
                    raise
                return None
        return None

    def _hall_phone(self) -> str:
        """The hall's phone as the login cache holds it (a notice is written offline too)."""
        place = local_cache.hall(self._local, self._hall_code)
        return "" if place is None else str(place.phone or "")


def _choice(item: ServiceItem, working_day: bool) -> ItemChoice:
    if working_day or item.weekend:
        return ItemChoice(item, True, "")
    return ItemChoice(item, False, WEEKDAY_ONLY)


def _row(
    content: NoticeContent, numbering: tuple[int, int | None, int], status: str
) -> local_notices.NoticeRow:
    year, window, seq = numbering
    return local_notices.NoticeRow(
        number=content.number,
        kind=content.kind,
        hall_code=content.hall_code,
        year=year,
        window=window,
        seq=seq,
        item_code=content.item_code,
        applicant_name=content.applicant.name,
        staff_no=content.clerk_no,
        created_at=content.issued_at,
        content=content_to_dict(content),
        status=status,
        refers_to=content.refers_to,
    )


def _exception_payload(
    approval: ExceptionApproval, earlier: NoticeView, session: StaffSession
) -> dict[str, Any]:
    return {
        "refers_to": earlier.number,
        "item_code": earlier.content.item_code,
        "material": approval.material,
        "reason": approval.reason,
        "supervisor_no": approval.supervisor_no,
        "supervisor_name": approval.supervisor_name,
        "staff_no": session.staff_no,
        "approved_at": approval.approved_at.isoformat(),
    }
