"""Written notices as PDF: 一次性告知单 / 补正材料通知书, 受理通知书, 不予受理通知书 on the
80 mm roll or on A4, and the 预约提示单 (weekday appointment slip) on the roll.

The words come from ``notice_sheet`` (one phrasing for both papers, the ID already masked);
``notice_80mm`` and ``notice_a4`` lay them out. The CJK font is the one every slip uses
(printing.fonts), registered once per process.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from desk_client.core.catalogue import ServiceItem
from desk_client.core.notices import NoticeContent
from desk_client.printing.fonts import cjk_font_name
from desk_client.printing.notice_80mm import notice_flowables, render_roll, weekday_flowables
from desk_client.printing.notice_a4 import render_a4
from desk_client.printing.notice_sheet import Sheet, notice_sheet, weekday_sheet

PAPERS = ("80mm", "a4")


def _roll(sheet: Sheet, font: str) -> bytes:
    title = f"{sheet.number} {sheet.title}"
    return render_roll(notice_flowables(sheet, font), title, sheet.hall_name, font)


LAYOUTS: dict[str, Callable[[Sheet, str], bytes]] = {"80mm": _roll, "a4": render_a4}


def render_notice(content: NoticeContent, paper: str) -> bytes:
    """The notice as PDF bytes on ``paper`` ("80mm" or "a4"); the CJK font is embedded."""
    layout = LAYOUTS.get(paper)
    if layout is None:
        raise ValueError(f"paper must be one of {PAPERS}, not {paper!r}")
    return layout(notice_sheet(content), cjk_font_name())


def render_weekday_slip(  # noqa: PLR0917 - the signature the services were promised
    hall_name: str,
    item: ServiceItem,
    next_working_day: date | None,
    hall_phone: str,
    printed_at: datetime,
    timezone: str,
) -> bytes:
    """预约提示单 on the 80 mm roll: an item a weekend or holiday session cannot handle.

    ``next_working_day`` None (the calendar does not cover it yet) prints 请致电咨询 rather
    than a guess.
    """
    font = cjk_font_name()
    sheet = weekday_sheet(
        hall_name, item, next_working_day, hall_phone, printed_at=printed_at, timezone=timezone
    )
    title = f"{item.code} 预约提示单"
    return render_roll(weekday_flowables(sheet, font), title, hall_name, font)
