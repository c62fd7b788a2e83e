"""Printing for the front ends: build the slip PDF, rasterise it, keep a copy locally.

reportlab and pdfium are imported on first use, so a clerk's cold start does not pay for them.

Every printed document is stored in the local store (its kind, number and PDF) so it can be
reprinted and audited.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from desk_client.core.catalogue import ServiceItem
from desk_client.core.errors import DeskError
from desk_client.core.names import mask_name
from desk_client.core.notices import NoticeContent
from desk_client.core.numbering import ticket_scan_code
from desk_client.services.context import Context
from desk_client.services.dto import IssuedTicket, PrintedDocument, RasterPage, WindowInfo
from desk_client.services.dto_appointments import AppointmentView
from desk_client.store.local import LocalStore

if TYPE_CHECKING:
    from desk_client.printing.appointment_slip import AppointmentSlipFields
    from desk_client.printing.case_notices import CaseNoticeFields
    from desk_client.printing.inquiry_slip import InquirySlipFields
    from desk_client.printing.report_a4 import TableReport
    from desk_client.printing.ticket import TicketSlip
    from desk_client.services.dto_ratings import RatingCode

DEFAULT_DPI = 203  # the usual 8 dots/mm thermal head
NUMBER_MAX = 32  # printed_documents.number, and the document.printed event's number


class PrintService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._local = LocalStore(ctx.config.local_store) if ctx.config.local_store else None

    def ticket_slip(
        self, issued: IssuedTicket, windows: tuple[WindowInfo, ...] = ()
    ) -> PrintedDocument:
        """The 80 mm queue slip for a ticket just issued (stored locally for reprint)."""
        from desk_client.printing.ticket import render_ticket_slip

        slip = self.slip_for(issued, windows)
        return self._document("ticket", issued.ticket.number, lambda: render_ticket_slip(slip))

    def notice(self, content: NoticeContent, paper: str) -> PrintedDocument:
        """A written notice on ``paper`` ("80mm" or "a4"), stored locally for reprint.

        The kind is notice_one_time, notice_acceptance or notice_rejection; the number is the
        notice's. The applicant's ID is masked on the paper.
        """
        from desk_client.printing.notices import render_notice

        kind = f"notice_{content.kind.value}"
        return self._document(kind, content.number, lambda: render_notice(content, paper))

    def case_notice(self, fields: CaseNoticeFields, paper: str) -> PrintedDocument:
        """A case's written notice on ``paper``, stored locally for reprint under its own
        number: kind case_pause (特殊环节告知书), case_resume (恢复计时告知书) or
        case_extension (延长办理期限通知书). A notice missing a fact its kind must state is
        refused with print.failed and nothing is stored."""
        from desk_client.printing.case_notices import render_case_notice

        def build() -> bytes:
            if not 0 < len(fields.number) <= NUMBER_MAX:  # the printed_documents column
                raise ValueError(f"a notice number has 1 to {NUMBER_MAX} characters")
            return render_case_notice(fields, paper)

        return self._document(f"case_{fields.kind}", fields.number, build)

    def inquiry_slip(self, fields: InquirySlipFields) -> PrintedDocument:
        """The 80 mm 首问登记回执 of an inquiry, stored locally for reprint under the inquiry's
        number (kind inquiry_slip). The phone and any resident ID are masked on the paper; a
        receipt missing its number, owner, person or matter is refused with print.failed and
        nothing is stored."""
        from desk_client.printing.inquiry_slip import render_inquiry_slip

        return self._document("inquiry_slip", fields.number, lambda: render_inquiry_slip(fields))

    def rating_slip(self, hall_name: str, code: RatingCode, timezone: str) -> PrintedDocument:
        """The 80 mm 评价二维码 slip of a visit's rating code (kind rating_slip), stored for
        reprint under the ticket or case number; the expiry is printed on the hall's clock."""
        from desk_client.printing.rating_slip import rating_slip_pdf

        expires = code.expires_at.astimezone(ZoneInfo(timezone))

        def build() -> bytes:
            slip = (hall_name, code.window, code.ref, code.url, expires)
            return rating_slip_pdf(*slip, kind=code.kind)

        return self._document("rating_slip", code.ref, build)

    def weekday_slip(  # noqa: PLR0917 - the positional signature the checklist calls
        self,
        hall_name: str,
        item: ServiceItem,
        next_working_day: date | None,
        hall_phone: str,
        printed_at: datetime,
        timezone: str,
    ) -> PrintedDocument:
        """The 80 mm 预约提示单 of an item a weekend or holiday session cannot handle,
        stored under the item's code."""
        from desk_client.printing.notices import render_weekday_slip

        def build() -> bytes:
            args = (hall_name, item, next_working_day, hall_phone, printed_at, timezone)
            return render_weekday_slip(*args)

        return self._document("weekday_slip", item.code, build)

    def appointment_slip(
        self, view: AppointmentView, hall_name: str, booked_text: str
    ) -> PrintedDocument:
        """The 80 mm 预约凭条 the citizen takes away (kind appointment), stored for reprint
        under the appointment's code. ``booked_text`` ("2026-11-23 14:05 3号窗口 王芳 预约")
        is printed as given; the name and phone are masked on the paper. A cancelled
        appointment gets no slip (appointment.cancelled): it would send the citizen to a slot
        that is no longer theirs."""
        from desk_client.printing.appointment_slip import appointment_slip_pdf

        if view.state == "cancelled":
            raise DeskError("appointment.cancelled", code=view.code)
        fields = self.appointment_fields(view, hall_name, booked_text)
        return self._document("appointment", view.code, lambda: appointment_slip_pdf(fields))

    def appointment_fields(
        self, view: AppointmentView, hall_name: str, booked_text: str
    ) -> AppointmentSlipFields:
        """The slip's words for ``view``, the weekday in the configured language, the day and
        times on the hall's clock (the view carries them so; converting costs nothing and
        keeps a slot near midnight on its day whatever zone a caller used)."""
        from desk_client.printing.appointment_slip import AppointmentSlipFields, day_text, slot_text

        zone = self._ctx.zone  # the zone the appointment service gives its views
        start, end = view.start.astimezone(zone), view.end.astimezone(zone)
        return AppointmentSlipFields(
            hall_name=hall_name,
            code=view.code,
            category=f"{view.category_code} {view.category_name}".strip(),
            day_text=day_text(start.date(), english=self._ctx.config.english),
            slot_text=slot_text(start, end),
            name_display=mask_name(view.name),
            phone_display=view.phone_display,
            booked_text=booked_text,
            language=self._ctx.config.language,
        )

    def table_report(self, kind: str, number: str, report: TableReport) -> PrintedDocument:
        """An A4 statistics report (kind e.g. "queue_report"), rendered, rasterised and stored
        like every printed document under ``number`` (e.g. "2026-11-01~30/day"). A row that
        does not line up with the header, or a number the printed_documents column cannot
        hold, is refused with print.failed and nothing is stored."""
        from desk_client.printing.report_a4 import table_report_pdf

        def build() -> bytes:
            if not 0 < len(number) <= NUMBER_MAX:  # the printed_documents column
                raise ValueError(f"a report number has 1 to {NUMBER_MAX} characters")
            return table_report_pdf(report)

        return self._document(kind, number, build)

    def _document(self, kind: str, number: str, build: Callable[[], bytes]) -> PrintedDocument:
        """Render, rasterise and keep a copy: a slip that cannot be built stores nothing."""
        try:
            pdf = build()
            pages = self.render(pdf)
        except (OSError, ValueError, RuntimeError) as exc:
            raise DeskError("print.failed", detail=str(exc)) from exc
        if self._local is not None:
            self._local.save_printed(kind, number, pdf, self._ctx.now())
        return PrintedDocument(kind, number, pdf, pages)

    def slip_for(self, issued: IssuedTicket, windows: tuple[WindowInfo, ...] = ()) -> TicketSlip:
        from desk_client.printing.ticket import TicketSlip

        ticket = issued.ticket
        zone = ZoneInfo(issued.hall.timezone or self._ctx.config.timezone)
        local = ticket.issued_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        serving = [str(w.number) for w in windows if ticket.category_code in w.category_codes]
        hint = f"请到 {'、'.join(serving)} 号窗口办理" if serving else ""
        payload = ticket_scan_code(issued.hall.code, ticket.service_day, ticket.number)
        return TicketSlip(
            hall_name=issued.hall.name,
            number=ticket.number,
            category_name=ticket.category_name,
            people_ahead=issued.people_ahead,
            issued_at_local=local,
            estimated_wait_min=issued.estimated_wait_min,
            qr_payload=payload,
            priority=ticket.priority,
            appointment=ticket.appointment,
            window_hint=hint,
            qr_caption="过号请凭此码到窗口恢复",
        )

    def render(self, pdf: bytes, dpi: int = DEFAULT_DPI) -> tuple[RasterPage, ...]:
        from desk_client.printing.raster import rasterize

        return tuple(RasterPage(w, h, dpi, rgba) for w, h, rgba in rasterize(pdf, dpi))

    def cjk_font_file(self) -> Path | None:
        """The TrueType file the slips use, so Qt can show the same glyphs on screen."""
        from desk_client.printing.fonts import cjk_font_file

        return cjk_font_file()

    def close(self) -> None:
        if self._local is not None:
            self._local.dispose()
