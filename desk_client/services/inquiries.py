"""InquiryService: the first-inquiry responsibility log (首问负责制) at the window and for the
floor guide.

The first staff member a person asks owns the inquiry (首问责任人) until it is answered, guided
elsewhere or closed; the steps are in services.inquiry_actions (local-first, one transaction
each). This module reads: an inquiry with its timeline, the lookup by number (typed or
scanned from the receipt), phone or name, the inbox (what waits for me or for those I cover),
my open inquiries, the supervisor's board of follow-ups, and prints the receipt slip.

Reads use this PC's copy (its own inquiries and the hall's others, projected from the pull),
so they work offline; the detail and the lookup also ask the central database when it can be
reached, because an inquiry logged a minute ago at another PC may not have been pulled yet.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import TypeVar

from sqlalchemy.engine import Connection

from desk_client.core.deadlines import Level
from desk_client.core.errors import DeskError
from desk_client.core.inquiries import InquiryState, looks_like_inquiry_input
from desk_client.printing.inquiry_slip import InquirySlipFields
from desk_client.services.calendar import CalendarService
from desk_client.services.catalogue import CatalogueService
from desk_client.services.context import Context
from desk_client.services.cover import CoverService
from desk_client.services.dto import PrintedDocument, StaffSession
from desk_client.services.dto_inquiries import Department, InquiryDetail, InquiryView
from desk_client.services.inquiry_actions import InquiryDesk
from desk_client.services.inquiry_views import inquiry_step
from desk_client.services.printing import PrintService
from desk_client.services.sync import SyncService
from desk_client.store import inquiries_repo, local_cache, local_inquiries, notices_central
from desk_client.store.db import UNREACHABLE
from desk_client.store.inquiry_changes import HANDED_BACK, REFERRED, InquiryTables
from desk_client.store.inquiry_rows import InquiryRecord, InquiryRow
from desk_client.store.local_inquiries import read_local

T = TypeVar("T")
#: A lookup's text that is a phone number (digits, a dash, spaces), not a name.
PHONE_RE = re.compile(r"\+?[0-9][0-9\- ]{4,}")
#: What the inbox shows besides referrals: a reply for the owner to pass on and close.
WAITING_FOR_ME = frozenset({InquiryState.REFERRED, InquiryState.IN_HAND, InquiryState.REPLIED})
DUE = frozenset({Level.YELLOW, Level.RED, Level.MISSING})


class InquiryService(InquiryDesk):
    def __init__(  # noqa: PLR0917 - every service an inquiry needs
        self,
        ctx: Context,
        sync: SyncService,
        calendar: CalendarService,
        cover: CoverService,
        printing: PrintService,
        catalogue: CatalogueService | None = None,
    ) -> None:
        super().__init__(ctx, sync, calendar, cover, catalogue)
        self._printing = printing

    def _local_read(self, work: Callable[[Connection, InquiryTables], T]) -> T:
        tables = local_inquiries.local_tables(self._hall)
        return read_local(self._local, lambda conn: work(conn, tables))

    def _central_read(self, work: Callable[[Connection, InquiryTables], T], away: T) -> T:
        """``work`` on the central tables; ``away`` when the central database is away."""
        try:
            return self._ctx.read(
                lambda conn: work(conn, inquiries_repo.tables_of(conn, self._hall))
            )
        except DeskError as exc:
            if exc.code not in UNREACHABLE:
                raise
            return away

    # -- one inquiry ------------------------------------------------------------------------------

    def _record_of(self, number: str) -> InquiryRecord:
        wanted = self.number_of(number)
        found = self._local_read(
            lambda conn, t: local_inquiries.inquiry_record(conn, self._hall, wanted)
        )
        if found is None:
            found = self._central_read(
                lambda conn, t: inquiries_repo.inquiry_record(conn, self._hall, wanted), None
            )
        if found is None:
            raise DeskError("inquiry.not_found", number=wanted)
        return found

    def detail(self, number: str) -> InquiryDetail:
        """The inquiry (typed or scanned number) with its timeline, oldest step first: this
        PC's copy, else the central one."""
        record = self._record_of(number)
        staff = self._cover.staff()
        timeline = tuple(inquiry_step(step, staff) for step in record.timeline)
        return InquiryDetail(self.views([record.inquiry])[0], timeline)

    # -- lists ----------------------------------------------------------------------------------

    def lookup(self, text: str) -> tuple[InquiryView, ...]:
        """By inquiry number (typed, or the receipt's QR code scanned), else by phone (a
        text of digits), else by a part of the name; newest first, this PC's copy and the
        central rows together (the newer of each). () for an empty text."""
        query = text.strip()
        if not query:
            return ()
        number = self.number_of(query) if looks_like_inquiry_input(query) else ""
        phone = query if not number and PHONE_RE.fullmatch(query) else ""
        name = query if not number and not phone else ""

        def find(conn: Connection, t: InquiryTables) -> list[InquiryRow]:
            return inquiries_repo.find(conn, t, number=number, phone=phone, name=name)

        mine = self._local_read(find)
        central: list[InquiryRow] = self._central_read(find, [])
        return self.views(_newest(mine, central))

    def _who(self, session: StaffSession) -> set[str]:
        """The session and those they cover now (AB岗)."""
        return {session.staff_no, *self._cover.covering(session.staff_no)}

    def inbox(self, session: StaffSession) -> tuple[InquiryView, ...]:
        """What waits for the session (or those they cover): referred to them or in their
        hands, handed back, replied for them to tell the person and close, and their
        follow-ups that are due (yellow or red); oldest first."""
        who = self._who(session)
        rows = self._local_read(lambda conn, t: inquiries_repo.handled_by(conn, t, who))
        views = self.views(rows)
        return tuple(view for row, view in zip(rows, views, strict=True) if _waiting(row, view))

    def mine(self, session: StaffSession) -> tuple[InquiryView, ...]:
        """The open inquiries the session owns, or owned by those they cover; oldest first."""
        who = self._who(session)
        return self.views(self._local_read(lambda conn, t: inquiries_repo.owned_by(conn, t, who)))

    def board(self) -> tuple[InquiryView, ...]:
        """督办: the hall's follow-ups waiting for their promised reply, earliest date first,
        each with its level now (yellow near the date, red past it): the central rows with
        this PC's copy (its own not synced yet), the copy alone when away."""
        local = self._local_read(inquiries_repo.follow_ups)
        central: list[InquiryRow] = self._central_read(inquiries_repo.follow_ups, [])
        rows = [row for row in _newest(local, central) if row.state == InquiryState.FOLLOW_UP]
        return self.views(
            sorted(rows, key=lambda row: (row.promised_reply or date.max, row.number))
        )

    def departments(self) -> tuple[Department, ...]:
        """The hall directory, for a referral or "guided elsewhere"."""
        return self._cover.departments()

    def colleagues(self) -> tuple[tuple[str, str, str], ...]:
        """The hall's active staff to refer to: (staff_no, name, phone), by staff number."""
        return tuple((no, name, phone) for no, (name, phone) in sorted(self._cover.staff().items()))

    # -- the receipt ----------------------------------------------------------------------------

    def print_slip(self, number: str) -> PrintedDocument:
        """The 80 mm 首问登记回执 (number, owner and their phone, where it was referred,
        the promised reply date, a QR code to look it up); stored for reprint."""
        record = self._record_of(number)
        return self._printing.inquiry_slip(self._slip_fields(record))

    def _slip_fields(self, record: InquiryRecord) -> InquirySlipFields:
        row, staff = record.inquiry, self._cover.staff()
        hall_name, hall_phone = self._hall_contact()
        owner_name, owner_phone = staff.get(row.owner_no, (row.owner_no, ""))
        return InquirySlipFields(
            number=row.number,
            hall_name=hall_name,
            hall_code=self._hall,
            hall_phone=hall_phone,
            channel=row.channel,
            person_display=row.person_display,
            phone=row.phone,
            matter=row.matter,
            materials=row.materials,
            owner_name=owner_name,
            owner_no=row.owner_no,
            owner_phone=owner_phone,
            window_number=row.window_number or None,
            promised_reply=row.promised_reply,
            referred_to=_referred_to(record, staff),
            outcome=row.outcome,
            issued_at=row.created_at,
            timezone=self._ctx.config.timezone,
        )

    def _hall_contact(self) -> tuple[str, str]:
        """(name, phone) of the hall: the login cache, else the central row."""
        cached = local_cache.hall(self._local, self._hall)
        if cached is not None:
            return str(cached.name), str(cached.phone or "")

        def work(conn: Connection) -> tuple[str, str]:
            hall_id, info = self._ctx.hall(conn)
            return info.name, notices_central.hall_contact(conn, hall_id)[0]

        return self._ctx.read(work)


def _newest(*sources: Iterable[InquiryRow]) -> list[InquiryRow]:
    """Each inquiry once (the most recently updated copy), newest first."""
    found: dict[str, InquiryRow] = {}
    for rows in sources:
        for row in rows:
            held = found.get(row.number)
            if held is None or row.updated_at > held.updated_at:
                found[row.number] = row
    return sorted(found.values(), key=lambda row: (row.created_at, row.number), reverse=True)


def _waiting(row: InquiryRow, view: InquiryView) -> bool:
    """In the inbox: a referral or its reply, a hand-back, a follow-up that is due."""
    if row.state in WAITING_FOR_ME:
        return True
    if row.state == InquiryState.OPEN:
        return row.referred_at is not None  # handed back
    return row.state == InquiryState.FOLLOW_UP and view.level in DUE


def _referred_to(record: InquiryRecord, staff: dict[str, tuple[str, str]]) -> tuple[str, str] | str:
    """(colleague or department, their contact) of the referral still standing, else ""."""
    latest = None
    for step in record.timeline:
        if step.type == REFERRED:
            latest = step
        elif step.type == HANDED_BACK:
            latest = None
    if latest is None:
        return ""
    detail = latest.detail
    to_staff = str(detail.get("to_staff_no") or "")
    who = (
        staff.get(to_staff, (to_staff, ""))[0] if to_staff else str(detail.get("department") or "")
    )
    return who, str(detail.get("contact") or "")
