"""What the issue-6 flow tests share: PCs of one demo hall, logins, drafts, and the proof that
a refusal changed nothing (the outbox and this PC's inquiries, timelines and absences)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa

from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.services.app import Services, build_services
from desk_client.services.dto import StaffSession
from desk_client.services.dto_inquiries import InquiryDraft
from desk_client.store import db
from desk_client.store.local_schema import absences, inquiries, inquiry_events
from tests.integration.conftest import make_services

PASSWORD = "desk1234"
SUPERVISOR_PASSWORD = "super123"  # S001 王主任
PERSON_ID = "11010519491231002X"  # valid GB 11643 check digit
PHONE = "13800138000"
#: Window posts of the demo hall (store.seed.POSTS): window:3 A 1003 王芳, B 1004 刘洋.
A_NO, B_NO, OTHER_NO = "1003", "1004", "1006"


@pytest.fixture
def pc3(central_url: str, fake_clock: FakeClock, tmp_path: Path) -> Iterator[Services]:
    """Window 3's PC of a fresh demo hall, synced once (directory, catalogue, cover copied)."""
    made = make_services(central_url, fake_clock, tmp_path, window=3)
    made.sync.sync_once()
    yield made
    made.close()


def another_pc(first: Services, window: int | None, folder: Path) -> Services:
    """Another PC of the same hall with its own local store, synced once."""
    name = f"pc-{window or 'guide'}.db"
    config = replace(first.config, local_store=str(folder / name), window=window)
    made = build_services(config, first.clock)
    made.sync.sync_once()
    return made


@pytest.fixture
def pc6(pc3: Services, tmp_path: Path) -> Iterator[Services]:
    made = another_pc(pc3, 6, tmp_path)
    yield made
    made.close()


@pytest.fixture
def pc4(pc3: Services, tmp_path: Path) -> Iterator[Services]:
    made = another_pc(pc3, 4, tmp_path)
    yield made
    made.close()


def login(services: Services, staff_no: str, window: int | None) -> StaffSession:
    password = SUPERVISOR_PASSWORD if staff_no == "S001" else PASSWORD
    return services.auth.open_session(services.sync, staff_no, password, window)


def draft(**changes: object) -> InquiryDraft:
    """赵敏 asks at the counter about withdrawing her housing fund, leaving a copy of her ID."""
    base = InquiryDraft(
        channel="visit",
        person_kind="person",
        person_name="赵敏",
        phone=PHONE,
        matter="退休提取住房公积金需要带哪些材料？",
        item_code="",
        id_number=PERSON_ID,
        materials=(("身份证复印件", 1),),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def sync_all(*pcs: Services) -> None:
    """Each PC pushes, then each pulls again (so every PC sees every other's events)."""
    for pc in (*pcs, *pcs):
        pc.sync.sync_once()


def events_of(services: Services, type: str) -> list[dict[str, object]]:
    rows = services.sync.local.events(limit=100_000)
    return [json.loads(row.event.payload) for row in rows if row.event.type == type]


def local_state(services: Services) -> tuple[object, ...]:
    """The outbox and this PC's inquiries, their timelines and the absences, whole."""
    outbox = len(services.sync.local.events(limit=100_000))
    with db.read(services.sync.local.engine()) as conn:
        tables = [
            conn.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
            for table in (inquiries, inquiry_events, absences)
        ]
    return outbox, *(tuple(tuple(row) for row in rows) for rows in tables)


def refused(
    code: str, services: Services, action: Callable[..., object], *args: object, **kw: object
) -> DeskError:
    """``action`` is refused with ``code``, in words in both languages, changing nothing."""
    before = local_state(services)
    with pytest.raises(DeskError) as caught:
        action(*args, **kw)
    assert caught.value.code == code, caught.value.message("en")
    assert local_state(services) == before, f"{code} changed something"
    for language in ("zh_CN", "en"):
        message = caught.value.message(language)
        assert message != code and "{" not in message, message
    return caught.value
