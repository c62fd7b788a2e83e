"""The written notices of a case's steps, from the events that recorded them.

A pause, resume or extension event carries everything its notice prints (the clerk, the hall,
the old and the new deadline ...), so a notice printed or reprinted later, on any PC, says
exactly what was decided at the time. Its number is the case number with the kind's letter and
the step's ordinal: -T1 (特殊环节, 停止计时), -H1 (恢复计时), -Y1 (延长).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from desk_client.core.errors import DeskError
from desk_client.store.case_rows import CaseRecord, TimelineRow

if TYPE_CHECKING:
    from desk_client.printing.case_notices import CaseNoticeFields

#: kind -> (the event it prints, the number's letter, its name for a refusal: zh, en)
KINDS: dict[str, tuple[str, str, str, str]] = {
    "pause": ("case.paused", "T", "特殊环节", "special step"),
    "resume": ("case.resumed", "H", "恢复计时", "resumption"),
    "extension": ("case.extended", "Y", "延长期限", "extension"),
}


def _day(value: Any) -> date | None:
    return None if value in (None, "") else date.fromisoformat(str(value))


def latest(record: CaseRecord, kind: str) -> tuple[TimelineRow, int]:
    """The case's latest event of ``kind`` and its ordinal (1 for the first)."""
    spec = KINDS.get(kind.strip().lower()) if isinstance(kind, str) else None
    if spec is None:
        raise DeskError("case.bad_notice_kind", kind=kind)
    found = [row for row in record.timeline if row.type == spec[0]]
    if not found:
        number = record.case.number
        raise DeskError("case.no_notice", number=number, kind=spec[2], kind_en=spec[3])
    return found[-1], len(found)


def _facts(kind: str, d: Mapping[str, Any]) -> dict[str, Any]:
    """What each kind prints besides the case and the clerk."""
    if kind == "pause":
        return {"step": d.get("step", ""), "reason": d.get("reason", ""), "start": _day(d["start"])}
    if kind == "resume":
        facts = {"step": d.get("step", ""), "start": _day(d.get("start")), "end": _day(d["end"])}
        return facts | {"days": d.get("paused_days"), "new_deadline": _day(d.get("deadline"))}
    return {
        "days": d.get("days"),
        "reason": d.get("reason", ""),
        "supervisor_name": d.get("supervisor_name") or d.get("supervisor_no", ""),
        "new_deadline": _day(d.get("deadline")),
    }


def case_notice_fields(
    record: CaseRecord, kind: str, hall_code: str, timezone: str
) -> CaseNoticeFields:
    """The notice of the case's latest step of ``kind``; case.no_notice when it has none."""
    from desk_client.printing.case_notices import CaseNoticeFields

    event, ordinal = latest(record, kind)
    chosen = kind.strip().lower()
    d, case = event.detail, record.case
    facts = _facts(chosen, d)
    start = facts.pop("start", None) or event.at.astimezone(ZoneInfo(timezone)).date()
    window = d.get("window")
    return CaseNoticeFields(
        kind=chosen,
        number=f"{case.number}-{KINDS[chosen][1]}{ordinal}",
        case_number=case.number,
        hall_name=str(d.get("hall_name") or hall_code),
        hall_code=hall_code,
        item_name=case.item_name,
        item_code=case.item_code,
        applicant_display=case.applicant_display,
        start=start,
        issued_at=event.at,
        legal_basis=str(d.get("basis", "")) if chosen == "pause" else "",
        old_deadline=_day(d.get("old_deadline")),
        clerk_name=str(d.get("clerk_name", "")),
        clerk_phone=str(d.get("clerk_phone", "")),
        window_number=None if window is None else int(window),
        timezone=timezone,
        **facts,
    )
