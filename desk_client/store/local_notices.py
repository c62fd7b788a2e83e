"""Notices in the local store: this PC's own and, projected from the pull, the hall's others.

A notice is written here first (local-first): the flow service calls :func:`insert_notice`
inside the ``LocalStore.record()`` transaction that also appends its ``notice.issued`` event,
numbering it with :func:`next_seq`. Notices issued on the hall's other PCs arrive with the
pull (:func:`project_pulled`, the hook of ``LocalStore.apply_pulled``), so a return visit can
be opened at any window of the hall, and offline too once pulled.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.notices import NoticeKind, content_from_dict, notice_number_prefix
from desk_client.store import db
from desk_client.store.catalogue_repo import dumps
from desk_client.store.local import LocalStore, PulledRow
from desk_client.store.local_schema import notices

log = logging.getLogger(__name__)

EVENT = "notice.issued"


@dataclass(frozen=True)
class NoticeRow:
    """One local notice. ``content`` is core.notices.content_to_dict of the NoticeContent;
    ``window`` None is a notice issued away from a window (numbered 00)."""

    number: str
    kind: NoticeKind
    hall_code: str
    year: int
    window: int | None
    seq: int
    item_code: str
    applicant_name: str
    staff_no: str
    created_at: datetime
    content: dict[str, Any]
    status: str  # issued | awaiting_approval | reported | approved | returned
    refers_to: str = ""
    comment: str = ""  # the supervisor's comment on a rejection report


def _values(row: NoticeRow, event_id: str | None = None) -> dict[str, Any]:
    return {
        "hall_code": row.hall_code,
        "number": row.number,
        "kind": NoticeKind(row.kind).value,
        "year": row.year,
        "window_number": row.window,
        "seq": row.seq,
        "item_code": row.item_code,
        "item_name": str(row.content.get("item_name", ""))[:200],
        "applicant_name": row.applicant_name,
        "staff_no": row.staff_no,
        "created_at": row.created_at,
        "content": dumps(row.content),
        "status": row.status,
        "comment": row.comment,
        "refers_to": row.refers_to,
        "event_id": event_id,
    }


def insert_notice(conn: Connection, row: NoticeRow) -> None:
    """Write one notice (in the caller's record() transaction, with its event)."""
    conn.execute(notices.insert().values(**_values(row)))


def _row(found: Any) -> NoticeRow:
    return NoticeRow(
        number=found.number,
        kind=NoticeKind(found.kind),
        hall_code=found.hall_code,
        year=int(found.year),
        window=None if found.window_number is None else int(found.window_number),
        seq=int(found.seq),
        item_code=found.item_code,
        applicant_name=found.applicant_name,
        staff_no=found.staff_no,
        created_at=found.created_at,
        content=json.loads(found.content),
        status=found.status,
        refers_to=found.refers_to,
        comment=found.comment,
    )


def get_notice(conn: Connection, hall_code: str, number: str) -> NoticeRow | None:
    n = notices.c
    query = sa.select(notices).where(n.hall_code == hall_code, n.number == number)
    found = conn.execute(query).first()
    return None if found is None else _row(found)


def search_history(
    conn: Connection, hall_code: str, query: str = "", limit: int = 100
) -> list[NoticeRow]:
    """Newest first; ``query`` matches part of the number, the applicant's name, the item's
    code or name (LIKE wildcards in it are taken literally)."""
    n = notices.c
    select = sa.select(notices).where(n.hall_code == hall_code)
    text = query.strip()
    if text:
        select = select.where(
            sa.or_(
                n.number.contains(text.upper(), autoescape=True),
                n.applicant_name.contains(text, autoescape=True),
                n.item_code.contains(text, autoescape=True),
                n.item_name.contains(text, autoescape=True),
            )
        )
    select = select.order_by(n.created_at.desc(), n.id.desc()).limit(limit)
    return [_row(found) for found in conn.execute(select)]


def next_seq(conn: Connection, hall_code: str, kind: NoticeKind, year: int, desk: int) -> int:
    """One more than the highest sequence of this kind, year and desk held locally.

    Each desk numbers its own notices (the desk is the number's middle part, sync.desks), so
    this PC's rows decide; call it inside the record() transaction that inserts the notice
    (BEGIN IMMEDIATE: two clicks on one PC cannot take the same number).
    """
    n = notices.c
    prefix = notice_number_prefix(NoticeKind(kind), year, desk)
    query = sa.select(sa.func.max(n.seq)).where(
        n.hall_code == hall_code, n.number.like(f"{prefix}%")
    )
    return int(conn.execute(query).scalar_one_or_none() or 0) + 1


def set_status(
    conn: Connection, hall_code: str, number: str, status: str, comment: str = ""
) -> bool:
    """A rejection's report was decided (refresh_status); False when the notice is unknown."""
    n = notices.c
    changed = conn.execute(
        notices.update()
        .where(n.hall_code == hall_code, n.number == number)
        .values(status=status, comment=comment)
    ).rowcount
    return bool(changed)


# -- the same through a LocalStore, for reads and updates outside record() -------------------


def read_notice(local: LocalStore, hall_code: str, number: str) -> NoticeRow | None:
    with db.read(local.engine()) as conn:
        return get_notice(conn, hall_code, number)


def read_history(
    local: LocalStore, hall_code: str, query: str = "", limit: int = 100
) -> list[NoticeRow]:
    with db.read(local.engine()) as conn:
        return search_history(conn, hall_code, query, limit)


def update_status(
    local: LocalStore, hall_code: str, number: str, status: str, comment: str = ""
) -> bool:
    with local.write() as conn:
        return set_status(conn, hall_code, number, status, comment)


# -- projection of pulled notice.issued events -----------------------------------------------


def pulled_status(kind: NoticeKind, report: Any) -> str:
    """A fresh notice's status: a rejection waits for its supervisor unless printed first."""
    if kind is not NoticeKind.REJECTION:
        return "issued"
    print_first = isinstance(report, dict) and report.get("print_first") is True
    return "reported" if print_first else "awaiting_approval"


def _pulled(row: PulledRow) -> NoticeRow:
    """The notice an applied notice.issued event carries (ValueError/KeyError/TypeError if
    it does not look like one: an event of an older or newer client)."""
    payload = json.loads(row.payload)
    content = content_from_dict(payload["content"])
    window = payload.get("window")
    return NoticeRow(
        number=str(payload["number"]),
        kind=content.kind,
        hall_code=content.hall_code,
        year=int(payload["year"]),
        window=None if window is None else int(window),
        seq=int(payload["seq"]),
        item_code=content.item_code,
        applicant_name=content.applicant.name,
        staff_no=content.clerk_no,
        created_at=content.issued_at,
        content=dict(payload["content"]),
        status=pulled_status(content.kind, payload.get("report")),
        refers_to=content.refers_to,
    )


def project_pulled(conn: Connection, rows: Sequence[PulledRow]) -> None:
    """The hook of ``LocalStore.apply_pulled``: the hall's notices issued elsewhere.

    Only applied ``notice.issued`` events count (a rejected duplicate is not a notice). A
    number already held (this PC's own notice, or a row pulled before) is left alone, so the
    projection is idempotent. A malformed payload is skipped and logged, never raised: a
    failing hook would stop the pull for good.
    """
    n = notices.c
    for row in rows:
        if row.type != EVENT or row.status != "applied":
            continue
        try:
            notice = _pulled(row)
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("pulled notice event %s skipped: %s", row.event_id, exc)
            continue
        where = (n.hall_code == notice.hall_code, n.number == notice.number)
        if conn.execute(sa.select(n.id).where(*where)).first() is None:
            conn.execute(notices.insert().values(**_values(notice, row.event_id)))
