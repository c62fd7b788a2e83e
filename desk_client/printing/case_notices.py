"""A running case's written notices as PDF, on the 80 mm roll or on A4: 特殊环节告知书,
恢复计时告知书 and 延长办理期限通知书 (words in ``case_notice_sheet``).

They are laid out by the same code as the acceptance notice (``notice_80mm``, ``notice_a4``),
so an applicant holds papers that look alike: title, number top right, the particulars, the
letter, the facts, the clerk, the seal, the QR code that opens the case at a window, and the
signature lines.
"""

from __future__ import annotations

from desk_client.printing.case_notice_sheet import (
    CASE_NOTICE_KINDS,
    CASE_NOTICE_TITLES,
    CaseNoticeFields,
    case_sheet,
)
from desk_client.printing.fonts import cjk_font_name
from desk_client.printing.notices import LAYOUTS, PAPERS

__all__ = ["CASE_NOTICE_KINDS", "CASE_NOTICE_TITLES", "CaseNoticeFields", "render_case_notice"]


def render_case_notice(fields: CaseNoticeFields, paper: str) -> bytes:
    """The notice as PDF bytes on ``paper`` ("80mm" or "a4"), the CJK font embedded.

    ValueError for an unknown paper or kind, a fact the kind must state (a pause's step, an
    extension's reason, days, approving supervisor and new deadline ...) or a time zone.
    """
    layout = LAYOUTS.get(paper)
    if layout is None:
        raise ValueError(f"paper must be one of {PAPERS}, not {paper!r}")
    return layout(case_sheet(fields), cjk_font_name())
