"""The worker side of the inquiry form: what it offers, and logging an inquiry with its outcome.

``log_inquiry`` runs on the worker: the outcome's own checks first (core rules: a text, one
referral target, a present receiver or their B, a phone for a follow-up), then
InquiryService.log, the outcome's step and the receipt slip. A bad form or a bad outcome is
refused before anything is written. Should the step still be refused once the inquiry is
logged (a colleague left a second ago), the result says so and keeps the number: the form
then only retries the step (``finish``), so one inquiry is never logged twice. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from desk_client.core import inquiries as rules
from desk_client.core.cover import Absence, Post, resolve_referral
from desk_client.core.errors import DeskError
from desk_client.core.workdays import WorkCalendar
from desk_client.services.app import Services
from desk_client.services.dto import PrintedDocument, StaffSession
from desk_client.services.dto_inquiries import Department, InquiryDraft, InquiryView


@dataclass(frozen=True)
class Outcome:
    kind: str  # one of OUTCOMES
    text: str = ""
    to_staff_no: str = ""
    department: str = ""
    note: str = ""
    body: str = ""
    address: str = ""
    phone: str = ""
    days: int = 0


@dataclass(frozen=True)
class Choices:
    """What the panel offers: colleagues (staff_no, name, phone), the hall directory, and
    the working-day calendar for the promised date."""

    staff: tuple[tuple[str, str, str], ...] = ()
    departments: tuple[Department, ...] = ()
    calendar: WorkCalendar | None = None


@dataclass(frozen=True)
class Logged:
    """The worker's answer: the inquiry (None when nothing was written), the printed slip,
    and the refusal of the outcome step when it came after the inquiry was logged."""

    view: InquiryView | None = None
    slip: PrintedDocument | None = None
    error: str = ""
    done: bool = field(default=False)


# ---- the worker side -------------------------------------------------------------------------
def load_choices(services: Services) -> Choices:
    inquiries = services.inquiries
    return Choices(inquiries.colleagues(), inquiries.departments(), services.calendar.calendar())


def precheck(services: Services, session: StaffSession, outcome: Outcome, phone: str) -> None:
    """The outcome's refusals before anything is written (the service checks them again)."""
    kind = outcome.kind
    if kind == "answer":
        rules.check_text(outcome.text, "answer")
    elif kind == "guide":
        rules.check_text(outcome.body, "body")
    elif kind == "follow_up":
        rules.check_contact(phone, required=True, reason="follow_up")
        today = local_today(services, session)
        rules.reply_date(today, outcome.days, services.calendar.calendar())
    elif kind == "refer":
        staff_no, _ = rules.check_referral_target(
            outcome.to_staff_no, outcome.department, session.staff_no
        )
        if staff_no:
            check_present(services, staff_no)


def local_today(services: Services, session: StaffSession) -> date:
    zone = ZoneInfo(session.hall.timezone or services.config.timezone)
    return services.clock.now().astimezone(zone).date()


def check_present(services: Services, staff_no: str) -> None:
    """inquiry.referral_absent when the colleague and their B are both away now."""
    cover = services.cover
    posts = [Post(p.post, p.a_no, p.b_no) for p in cover.posts()]
    away = [Absence(a.staff_no, a.kind, a.start, a.end, a.note, a.id) for a in cover.absences()]
    resolve_referral(staff_no, posts, away, services.clock.now())


def apply_outcome(services: Services, session: StaffSession, number: str, outcome: Outcome) -> None:
    service, kind = services.inquiries, outcome.kind
    if kind == "answer":
        service.answer(session, number, outcome.text)
    elif kind == "guide":
        service.guide(session, number, outcome.body, outcome.address, outcome.phone)
    elif kind == "follow_up":
        service.follow_up(session, number, outcome.days)
    elif kind == "refer":
        service.refer(
            session,
            number,
            to_staff_no=outcome.to_staff_no.strip(),
            department=outcome.department.strip(),
            note=outcome.note,
        )


def log_inquiry(  # noqa: PLR0917
    services: Services,
    session: StaffSession,
    draft: InquiryDraft,
    outcome: Outcome,
    slip: bool,
    language: str,
) -> Logged:
    """Worker: check, log, the outcome's step, the slip. A refusal before the log raises
    (nothing written); one of the step after it comes back in ``Logged.error``."""
    precheck(services, session, outcome, draft.phone)
    view = services.inquiries.log(session, draft)
    return finish(services, session, view.number, outcome, slip, language)


def finish(  # noqa: PLR0917
    services: Services,
    session: StaffSession,
    number: str,
    outcome: Outcome,
    slip: bool,
    language: str,
) -> Logged:
    """Worker: the outcome's step on a logged inquiry, then its slip (with the outcome on)."""
    try:
        apply_outcome(services, session, number, outcome)
    except DeskError as error:
        view = services.inquiries.detail(number).inquiry
        return Logged(view, None, error.message(language))
    view = services.inquiries.detail(number).inquiry
    doc = services.inquiries.print_slip(number) if slip else None
    return Logged(view, doc, "", True)
