"""Printing for the front ends: build the slip PDF, rasterise it, keep a copy locally.

reportlab and pdfium are imported on first use, so a clerk's cold start does not pay for them.

Every printed document is stored in the local store (its kind, number and PDF) so it can be
reprinted and audited.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from desk_client.core.errors import DeskError
from desk_client.core.numbering import ticket_scan_code
from desk_client.services.context import Context
from desk_client.services.dto import IssuedTicket, PrintedDocument, RasterPage, WindowInfo
from desk_client.store.local import LocalStore

if TYPE_CHECKING:
    from desk_client.printing.ticket import TicketSlip

DEFAULT_DPI = 203  # the usual 8 dots/mm thermal head


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
        try:
            pdf = render_ticket_slip(slip)
            pages = self.render(pdf)
        except (OSError, ValueError, RuntimeError) as exc:
            raise DeskError("print.failed", detail=str(exc)) from exc
        if self._local is not None:
            self._local.save_printed("ticket", issued.ticket.number, pdf, self._ctx.now())
        return PrintedDocument("ticket", issued.ticket.number, pdf, pages)

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
