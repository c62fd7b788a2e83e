"""Rating codes made at the window (评价二维码): the hall's secret, the token, the visit.

The secret lives in the central database only (never in the config file). The window reads
it with the hall's settings, holds it in memory for KEYS_TTL_S and keeps a copy in its local
store, so a window that loses the central database goes on making codes from the copy; their
``rating.visit`` events reach the central database when the sync comes back. Only a PC that
never read the secret cannot make a code (rating.secret_unavailable).

A code is ONE local transaction: the ``rating_codes`` row and its ``rating.visit`` event.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import uuid6
from sqlalchemy.engine import Connection

from desk_client.core.errors import DeskError
from desk_client.core.rating_tokens import (
    WINDOW_MAX,
    RatingClaims,
    expiry_epoch,
    rating_url,
    sign,
)
from desk_client.printing.qr import qr_modules
from desk_client.services.context import Context
from desk_client.services.dto_ratings import RatingCode
from desk_client.services.sync import SyncService
from desk_client.store import db, local_cache, local_ratings, ratings_repo
from desk_client.store.db import UNREACHABLE
from desk_client.store.local_ratings import CodeRow
from desk_client.store.rating_rows import SettingsRow

EVENT = "rating.visit"
#: How long the secret and settings read centrally are used before they are read again.
KEYS_TTL_S = 60.0
REF_MAX = 40  # rating_codes.ref, rating_visits.ref


@dataclass(frozen=True)
class HallKeys:
    """What making a code needs: the secrets (the current one signs) and the expiry."""

    secrets: tuple[bytes, ...]
    expiry_days: int
    hall_name: str


@dataclass(frozen=True)
class Visit:
    """The visit a code is for: ``ref`` the ticket or case number; ``case_number`` and
    ``item_code`` "" when the visit had none."""

    kind: str  # ticket | case | emergency
    ref: str
    window: int
    staff_no: str
    service_day: date
    item_code: str = ""
    category_code: str = ""
    case_number: str = ""


def visit_payload(code: CodeRow, service_day: date) -> dict[str, Any]:
    """The ``rating.visit`` event (sync.handlers_ratings validates it centrally)."""
    return {
        "visit_id": code.visit_id,
        "kind": code.kind,
        "ref": code.ref,
        "window": code.window_number,
        "staff_no": code.staff_no,
        "item_code": code.item_code,
        "category_code": code.category_code,
        "case_number": code.case_number,
        "service_day": service_day.isoformat(),
        "issued_at": code.issued_at.isoformat(),
        "expires_at": code.expires_at.isoformat(),
    }


class CodeMaker:
    def __init__(self, ctx: Context, sync: SyncService) -> None:
        self._ctx = ctx
        self._sync = sync
        self._lock = threading.Lock()
        self._held: tuple[float, HallKeys] | None = None

    def make(self, visit: Visit) -> RatingCode:
        """The code of ``visit``, recorded with its rating.visit event in one transaction."""
        _check_visit(visit)
        row = self._signed(visit, self.keys())

        def rows(conn: Connection) -> dict[str, Any]:
            local_ratings.insert_code(conn, row)
            return visit_payload(row, visit.service_day)

        self._sync.local.record(EVENT, rows, visit.staff_no, row.issued_at)
        self._sync.wake()
        qr = qr_modules(row.url)
        return RatingCode(
            row.visit_id, visit.kind, visit.ref, visit.window, row.url, row.expires_at, qr
        )

    def _signed(self, visit: Visit, keys: HallKeys) -> CodeRow:
        """The code's row: a new visit id (uuid7) and the URL signed with the current secret."""
        now, config = self._ctx.now(), self._ctx.config
        visit_id = uuid6.uuid7().hex
        expires = expiry_epoch(now, keys.expiry_days)
        claims = RatingClaims(config.hall_code, visit_id, visit.window, visit.staff_no,
                              visit.case_number, visit.item_code, expires)  # fmt: skip
        try:
            token = sign(claims, keys.secrets[0])
        except ValueError as exc:
            raise DeskError("rating.visit_invalid", visit_id=visit_id, detail=str(exc)) from exc
        url = rating_url(config.rating_base_url, token)
        return _code_row(visit, visit_id, url, now, datetime.fromtimestamp(expires, UTC))

    # -- the hall's secrets ---------------------------------------------------------------

    def keys(self) -> HallKeys:
        """The secrets and expiry: from memory for KEYS_TTL_S, else read centrally (and
        copied to the local store), else, when the central database is away, the last ones
        seen (in memory, or the local copy), used for KEYS_TTL_S before trying again."""
        with self._lock:
            held = self._held
        if held is not None and time.monotonic() - held[0] < KEYS_TTL_S:
            return held[1]
        try:
            return self.remember(*self._ctx.write(self._central))
        except DeskError as exc:
            if exc.code not in UNREACHABLE:
                raise
        keys = held[1] if held is not None else self._cached()
        with self._lock:  # not asked again for KEYS_TTL_S: each try waits for a timeout
            self._held = (time.monotonic(), keys)
        return keys

    def _central(self, conn: Connection) -> tuple[SettingsRow, str]:
        hall_id, info = self._ctx.hall(conn)
        return ratings_repo.settings_row(conn, hall_id, now=self._ctx.now()), info.name

    def remember(self, row: SettingsRow, hall_name: str) -> HallKeys:
        """Hold what was just read centrally, and copy changed secrets to the local store."""
        keys = HallKeys(row.secrets, row.expiry_days, hall_name)
        with self._lock:
            held, self._held = self._held, (time.monotonic(), keys)
        if self._ctx.config.local_store and (held is None or _stored(held[1]) != _stored(keys)):
            with self._sync.local.write() as conn:
                now = self._ctx.now()
                local_ratings.cache_secrets(conn, row.secrets_hex, now, row.expiry_days)
        return keys

    def _cached(self) -> HallKeys:
        """The local copy (an older copy without the expiry: the default 7 days)."""
        if not self._ctx.config.local_store:
            raise DeskError("rating.secret_unavailable")
        local, hall_code = self._sync.local, self._ctx.config.hall_code
        with db.read(local.engine()) as conn:
            cached = local_ratings.cached_secrets(conn)
        if cached is None or not cached.secrets_hex:
            raise DeskError("rating.secret_unavailable")
        hall = local_cache.hall(local, hall_code)
        name = hall_code if hall is None else str(hall.name)
        secrets = tuple(bytes.fromhex(text) for text in cached.secrets_hex)
        return HallKeys(secrets, cached.expiry_days or ratings_repo.EXPIRY_DAYS, name)


def _stored(keys: HallKeys) -> tuple[tuple[bytes, ...], int]:
    """What the local copy keeps of the hall's keys (a change is written again)."""
    return keys.secrets, keys.expiry_days


def _check_visit(visit: Visit) -> None:
    if not 1 <= visit.window <= WINDOW_MAX:
        raise DeskError("offline.bad_window", window=visit.window)
    if not visit.ref.strip() or len(visit.ref) > REF_MAX:
        raise DeskError("rating.visit_invalid", visit_id="", detail=f"ref {visit.ref!r}")


def _code_row(
    visit: Visit, visit_id: str, url: str, now: datetime, expires_at: datetime
) -> CodeRow:
    return CodeRow(
        visit_id=visit_id,
        kind=visit.kind,
        ref=visit.ref,
        window_number=visit.window,
        staff_no=visit.staff_no,
        item_code=visit.item_code,
        category_code=visit.category_code,
        case_number=visit.case_number,
        url=url,
        issued_at=now,
        expires_at=expires_at,
    )
