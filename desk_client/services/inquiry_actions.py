"""The steps of an inquiry (首问负责): log, answer, guide, follow up, refer, accept, hand back,
reply, close.

Each step is local-first like a case step: ONE local transaction reads the inquiry, checks
the step (core.inquiries' transition table), records its ``inquiry.*`` event and applies the
same event to this PC's copy (store.local_inquiries), exactly as the central handler will. A
referral to a colleague on another PC reaches them through the central database: their PC
pulls the event and the inquiry lands in their inbox. A refusal is raised before the
transaction commits: it changes nothing.

Who may act: the handler (who must act now: the owner, or the colleague it was referred to),
anyone covering for the handler while they are away (AB岗: recorded as the actor on behalf
of the handler), or a supervisor (督办, recorded likewise).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import Connection

from desk_client.core import cover as cover_rules
from desk_client.core.errors import DeskError
from desk_client.core.idnumbers import check_phone
from desk_client.core.inquiries import (
    CheckedDraft,
    InquiryAction,
    check_contact,
    check_draft,
    check_referral_target,
    check_reply_date,
    check_text,
    format_inquiry_number,
    next_inquiry_state,
    read_inquiry_input,
    reply_date,
)
from desk_client.core.messages_inquiries import INQUIRY_TEXT_NAMES
from desk_client.services.calendar import CalendarService
from desk_client.services.catalogue import CatalogueService
from desk_client.services.context import Context
from desk_client.services.cover import CoverService
from desk_client.services.cover_settings import SUPERVISORS, Cover
from desk_client.services.dto import StaffSession
from desk_client.services.dto_inquiries import InquiryDraft, InquiryView
from desk_client.services.inquiry_views import follow_up_level_of, inquiry_view, person_display
from desk_client.services.sync import SyncService
from desk_client.store import local_inquiries
from desk_client.store.inquiry_changes import (
    ACCEPTED,
    ANSWERED,
    CLOSED,
    FOLLOW_UP,
    GUIDED,
    HANDED_BACK,
    LOGGED,
    REFERRED,
    REPLIED,
)
from desk_client.store.inquiry_rows import InquiryRow
from desk_client.store.local import LocalStore, number_desk

EVENTS = {
    InquiryAction.ANSWER: ANSWERED,
    InquiryAction.GUIDE: GUIDED,
    InquiryAction.FOLLOW_UP: FOLLOW_UP,
    InquiryAction.REFER: REFERRED,
    InquiryAction.ACCEPT: ACCEPTED,
    InquiryAction.HAND_BACK: HANDED_BACK,
    InquiryAction.REPLY: REPLIED,
    InquiryAction.CLOSE: CLOSED,
}
#: inquiries.department / the guided event's body and address (the central columns).
PLACE_LIMIT = 200
Body = Callable[[InquiryRow], dict[str, Any]]


def _place(text: str, what: str, *, required: bool) -> str:
    """A guided body (required) or address: at most PLACE_LIMIT characters."""
    stripped = text.strip()
    if required and not 1 <= len(stripped) <= PLACE_LIMIT:
        zh, en = INQUIRY_TEXT_NAMES[what]
        raise DeskError("inquiry.text_required", what=zh, what_en=en, max=PLACE_LIMIT)
    if len(stripped) > PLACE_LIMIT:
        raise DeskError("inquiry.field_too_long", field="地址", field_en="address", max=PLACE_LIMIT)
    return stripped


class InquiryDesk:
    """The machinery every inquiry use case shares, the views, logging and the steps."""

    def __init__(
        self,
        ctx: Context,
        sync: SyncService,
        calendar: CalendarService,
        cover: CoverService,
        catalogue: CatalogueService | None = None,
    ) -> None:
        self._ctx = ctx
        self._sync = sync
        self._calendar = calendar
        self._cover = cover
        self._catalogue = catalogue

    @property
    def _local(self) -> LocalStore:
        return self._sync.local

    @property
    def _hall(self) -> str:
        return self._ctx.config.hall_code

    def number_of(self, text: str) -> str:
        """The inquiry number typed or scanned from its slip (DESKN|hall|number); another
        hall's is refused."""
        hall, number = read_inquiry_input(text)
        if hall is not None and hall != self._hall:
            raise DeskError("inquiry.other_hall", number=number, hall=hall)
        return number

    # -- views --------------------------------------------------------------------------------

    def views(self, rows: Sequence[InquiryRow]) -> tuple[InquiryView, ...]:
        if not rows:
            return ()
        staff, today, calendar = self._cover.staff(), self._ctx.today(), self._calendar.calendar()
        yellow = (self._ctx.config.yellow_days, self._ctx.config.yellow_percent)
        return tuple(
            inquiry_view(r, staff, follow_up_level_of(r, today, calendar, yellow)) for r in rows
        )

    # -- logging ------------------------------------------------------------------------------

    def log(self, session: StaffSession, draft: InquiryDraft) -> InquiryView:
        """首问登记: the logged-in staff member owns it (首问责任人). Numbered per year and
        desk from this PC's copy (SW2026-03-0001: desk 3, store.local.number_desk)."""
        today, now = self._ctx.today(), self._ctx.now()
        checked = check_draft(
            draft.channel,
            draft.person_kind,
            draft.person_name,
            draft.phone,
            draft.matter,
            item_code=draft.item_code,
            id_number=draft.id_number,
            materials=draft.materials,
            today=today,
        )
        self._known_item(checked.item_code)
        with self._local.write() as conn:
            desk = number_desk(conn, session.window_number)
            seq = local_inquiries.next_seq(conn, self._hall, today.year, desk)
            number = format_inquiry_number(today.year, desk, seq)
            payload = _logged(number, checked, session, now, today)
            row = self._record(conn, session, LOGGED, payload, now)
        self._sync.wake()
        return self.views([row])[0]

    def _known_item(self, code: str) -> None:
        """An item code must be in this PC's catalogue copy (when it has one)."""
        if not code or self._catalogue is None:
            return
        codes = {item.code for item in self._catalogue.cached_items()}
        if codes and code not in codes:
            raise DeskError("notice.unknown_item", item=code)

    def _record(
        self,
        conn: Connection,
        session: StaffSession,
        type: str,
        payload: dict[str, Any],
        now: datetime,
    ) -> InquiryRow:
        """Record the event and apply it to this PC's copy, in the caller's transaction."""
        event = self._local.record_in(conn, type, payload, session.staff_no, now)
        number = str(payload["number"])
        reason = local_inquiries.apply_event(
            conn, self._hall, type, payload, event_id=event.event_id, actor=session.staff_no
        )
        after = local_inquiries.get_inquiry(conn, self._hall, number)
        if reason is not None or after is None:
            raise DeskError("inquiry.not_applied", number=number, reason=reason or "")
        return after

    # -- the steps ----------------------------------------------------------------------------

    def answer(self, session: StaffSession, number: str, text: str) -> InquiryView:
        """当场答复: answered on the spot (closed)."""
        said = check_text(text, "answer")
        return self._act(session, number, InquiryAction.ANSWER, lambda row: {"text": said})

    def guide(
        self, session: StaffSession, number: str, body: str, address: str = "", phone: str = ""
    ) -> InquiryView:
        """引导: outside the hall's remit; which body, its address and phone (closed)."""
        facts = self.check_guidance(body, address, phone)
        return self._act(session, number, InquiryAction.GUIDE, lambda row: facts)

    @staticmethod
    def check_guidance(body: str, address: str = "", phone: str = "") -> dict[str, str]:
        """The refusals of :meth:`guide` without writing anything (the form checks first)."""
        where = _place(body, "body", required=True)
        place = _place(address, "address", required=False)
        contact = check_phone(phone) if phone.strip() else ""
        return {"body": where, "address": place, "phone": contact}

    def promised_date(self, reply_in_days: int) -> date:
        """The reply date a follow-up of ``reply_in_days`` working days promises today (what
        the form shows before it is recorded)."""
        today = self._ctx.today()
        return check_reply_date(reply_date(today, reply_in_days, self._calendar.calendar()), today)

    def follow_up(self, session: StaffSession, number: str, reply_in_days: int) -> InquiryView:
        """承诺回复: a reply within ``reply_in_days`` working days; needs the person's phone."""
        promised = self.promised_date(reply_in_days)

        def body(row: InquiryRow) -> dict[str, Any]:
            check_contact(row.phone, required=True, reason="follow_up")
            return {"promised_reply": promised.isoformat(), "days": reply_in_days}

        return self._act(session, number, InquiryAction.FOLLOW_UP, body)

    def refer(
        self,
        session: StaffSession,
        number: str,
        to_staff_no: str = "",
        department: str = "",
        note: str = "",
    ) -> InquiryView:
        """转办 to a colleague (their present B when they are away; refused when both are)
        or to a department of the hall directory, with their contact."""
        staff_no, body = check_referral_target(to_staff_no, department, session.staff_no)
        said = check_text(note, "note", required=False)
        cover = self._cover.now_cover()
        if staff_no:
            facts = self._to_colleague(staff_no, cover) | said_as(said)
            return self._act(session, number, InquiryAction.REFER, lambda row: facts, cover)
        contact = self._department_contact(body)

        def to_department(row: InquiryRow) -> dict[str, Any]:
            facts = {"to_staff_no": "", "department": body, "contact": contact}
            return facts | {"handler_no": row.owner_no} | said_as(said)

        return self._act(session, number, InquiryAction.REFER, to_department, cover)

    def check_referral(
        self, session: StaffSession, to_staff_no: str = "", department: str = "", note: str = ""
    ) -> str:
        """The refusals of :meth:`refer` without writing anything (the form checks before
        it logs): who would receive it now (their B when they are away), "" for a
        department."""
        staff_no, body = check_referral_target(to_staff_no, department, session.staff_no)
        check_text(note, "note", required=False)
        if not staff_no:
            self._department_contact(body)
            return ""
        return str(self._to_colleague(staff_no, self._cover.now_cover())["to_staff_no"])

    def _to_colleague(self, staff_no: str, cover: Cover) -> dict[str, Any]:
        staff = self._cover.staff()
        if staff_no not in staff:
            raise DeskError("inquiry.unknown_staff", staff_no=staff_no)
        now = self._ctx.now()
        receiver = cover_rules.resolve_referral(staff_no, cover.posts, cover.absences, now)
        phone = staff.get(receiver, (receiver, ""))[1]
        facts = {"to_staff_no": receiver, "department": "", "handler_no": receiver}
        facts["contact"] = phone  # their office phone: the person may call them
        if receiver != staff_no:
            facts["asked_for"] = staff_no  # A was away: their B receives it
        return facts

    def _department_contact(self, name: str) -> str:
        for found in self._cover.departments():
            if found.name == name:
                return " ".join(part for part in (found.contact, found.phone) if part)
        raise DeskError("inquiry.unknown_department", department=name)

    def accept(self, session: StaffSession, number: str) -> InquiryView:
        """The receiver takes the referred inquiry in hand."""
        return self._act(session, number, InquiryAction.ACCEPT, lambda row: {})

    def hand_back(self, session: StaffSession, number: str, reason: str) -> InquiryView:
        """The receiver returns it to the owner, with a reason."""
        why = check_text(reason, "reason")
        return self._act(session, number, InquiryAction.HAND_BACK, lambda row: {"reason": why})

    def reply(self, session: StaffSession, number: str, text: str) -> InquiryView:
        """The answer (by the receiver, or by the owner of a follow-up); back to the owner."""
        said = check_text(text, "reply")
        return self._act(session, number, InquiryAction.REPLY, lambda row: {"text": said})

    def close(self, session: StaffSession, number: str, note: str = "") -> InquiryView:
        """The owner has told the person: closed."""
        said = check_text(note, "note", required=False)
        return self._act(session, number, InquiryAction.CLOSE, lambda row: {"note": said})

    # -- one step, one transaction ------------------------------------------------------------

    def _act(
        self,
        session: StaffSession,
        number: str,
        action: InquiryAction,
        body: Body,
        cover: Cover | None = None,
    ) -> InquiryView:
        wanted = self.number_of(number)
        known = cover or self._cover.now_cover()  # read before the write lock is taken
        now = self._ctx.now()
        with self._local.write() as conn:
            row = local_inquiries.get_inquiry(conn, self._hall, wanted)
            if row is None:
                raise DeskError("inquiry.not_found", number=wanted)
            next_inquiry_state(row.state, action, wanted)
            behalf = self._behalf(session, row, known, now)
            payload = {"number": wanted, "at": now.isoformat(), "actor": session.staff_no}
            payload |= {"on_behalf_of": behalf} | body(row)
            after = self._record(conn, session, EVENTS[action], payload, now)
        self._sync.wake()
        return self.views([after])[0]

    @staticmethod
    def _behalf(session: StaffSession, row: InquiryRow, cover: Cover, now: datetime) -> str:
        """ "" when the session is the handler; the handler when the session covers them
        (AB岗) or supervises; inquiry.not_yours otherwise."""
        responsible = row.handler_no or row.owner_no
        found = cover_rules.on_behalf_of(
            session.staff_no, responsible, cover.posts, cover.absences, now
        )
        if found is not None:
            return found
        if session.role in SUPERVISORS:
            return responsible
        raise DeskError("inquiry.not_yours", number=row.number, responsible=responsible)


def said_as(note: str) -> dict[str, str]:
    return {"note": note} if note else {}


def _logged(
    number: str, checked: CheckedDraft, session: StaffSession, now: datetime, today: date
) -> dict[str, Any]:
    """The ``inquiry.logged`` event: everything the form said, the owner, the day."""
    kind = checked.person_kind.value
    return {
        "number": number,
        "at": now.isoformat(),
        "actor": session.staff_no,
        "on_behalf_of": "",
        "channel": checked.channel.value,
        "person_kind": kind,
        "person_name": checked.person_name,
        "person_display": person_display(kind, checked.person_name, checked.id_number),
        "phone": checked.phone,
        "id_number": checked.id_number,
        "matter": checked.matter,
        "item_code": checked.item_code,
        "materials": [list(pair) for pair in checked.materials],
        "owner_no": session.staff_no,
        "logged_day": today.isoformat(),
        "window": session.window_number,
    }
